"""A RELAX NG grammar as data: name classes, pruning for one document, and content-model derivatives.

Two jobs, both too slow or impossible to ask of libxml2:

* :meth:`Grammar.prune` writes, for the set of element names a document uses, a grammar that gives
  *that document* the same verdict as the full one but compiles in milliseconds. Soundness (RELAX NG
  section 6): a derivation that proves a document valid only ever uses ``element`` patterns whose name
  class contains the name of some element of the document. Every other ``element`` pattern can be
  replaced by ``notAllowed`` (or by an element with the same name class and any content) without
  changing the set of derivations for that document; the replaced pattern's content, and every
  ``define`` reachable only through it, then drops out. Attribute patterns are never touched.
* :class:`ContentModel` answers "what may come here?" for an element's children by Brzozowski
  derivatives (James Clark's algorithm, restricted to the sequence of child elements and text), so a
  schema error can say which elements were expected instead of libxml2's "Did not expect element".

The grammar must be a single RELAX NG ``grammar`` with named defines and no ``include``/``externalRef``
(what the TEI ODD processor emits: ``tei_all.rng`` and customizations compiled from an ODD).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable

from lxml import etree

__all__ = ["Grammar", "QName", "ContentModel", "document_names", "PRUNER_VERSION"]

RNG_NS = "http://relaxng.org/ns/structure/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_R = "{%s}" % RNG_NS
_NAME_CLASS_TAGS = frozenset(_R + t for t in ("name", "anyName", "nsName", "choice"))

# Bumped whenever pruning output changes, so on-disk caches of pruned grammars are not reused.
PRUNER_VERSION = "2"

QName = tuple[str, str]  # (namespace URI or "", local name)


def document_names(tree: etree._ElementTree | etree._Element) -> frozenset[QName]:
    """The (namespace, local name) of every element in the document: the key pruning depends on.

    >>> sorted(document_names(etree.fromstring('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>')))
    [('http://www.tei-c.org/ns/1.0', 'TEI'), ('http://www.tei-c.org/ns/1.0', 'text')]
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    tags = {el.tag for el in root.iter(etree.Element)}  # distinct Clark names first: few per document
    names = set()
    for tag in tags:
        if tag[0] == "{":
            ns, local = tag[1:].split("}", 1)
            names.add((ns, local))
        else:
            names.add(("", tag))
    return frozenset(names)


def _inherited_ns(node: etree._Element) -> str:
    while node is not None:
        value = node.get("ns")
        if value is not None:
            return value
        node = node.getparent()
    return ""


def _resolve_qname(node: etree._Element, text: str, default_ns: str) -> QName:
    text = text.strip()
    if ":" in text:
        prefix, local = text.split(":", 1)
        if prefix == "xml":
            return XML_NS, local
        return node.nsmap.get(prefix, ""), local
    return default_ns, text


def _name_class_matches(nc: etree._Element, name: QName) -> bool:
    tag = nc.tag
    if tag == _R + "name":
        return _resolve_qname(nc, nc.text or "", _inherited_ns(nc)) == name
    if tag == _R + "choice":
        return any(_name_class_matches(c, name) for c in nc)
    if tag == _R + "nsName" and _inherited_ns(nc) != name[0]:
        return False
    if tag in (_R + "anyName", _R + "nsName"):
        exc = nc.find(_R + "except")
        return exc is None or not any(_name_class_matches(c, name) for c in exc)
    raise ValueError(f"not a RELAX NG name class: {tag}")


def _name_class_of(pattern: etree._Element) -> etree._Element | None:
    """The name class child of an element/attribute pattern: its first child, unless it has ``@name``."""
    if pattern.tag not in (_R + "element", _R + "attribute") or pattern.get("name") is not None or len(pattern) == 0:
        return None
    return pattern[0] if pattern[0].tag in _NAME_CLASS_TAGS else None


def _content_of(pattern: etree._Element) -> list[etree._Element]:
    return list(pattern)[1:] if _name_class_of(pattern) is not None else list(pattern)


_NAMES: dict[etree._Element, QName | None] = {}


def pattern_name(pattern: etree._Element) -> QName | None:
    """The single name of an ``element``/``attribute`` pattern, or None for a wildcard name class."""
    try:
        return _NAMES[pattern]
    except KeyError:
        name = _NAMES[pattern] = _pattern_name(pattern)
        return name


def _pattern_name(pattern: etree._Element) -> QName | None:
    name = pattern.get("name")
    default_ns = _inherited_ns(pattern) if pattern.tag == _R + "element" else (pattern.get("ns") or "")
    if name is not None:
        return _resolve_qname(pattern, name, default_ns)
    nc = _name_class_of(pattern)
    if nc is not None and nc.tag == _R + "name":
        return _resolve_qname(nc, nc.text or "", _inherited_ns(nc) if nc.get("ns") is not None else default_ns)
    return None


def pattern_matches(pattern: etree._Element, name: QName) -> bool:
    """Whether an ``element`` or ``attribute`` pattern's name class contains ``name``."""
    single = pattern_name(pattern)
    if single is not None:
        return single == name
    nc = _name_class_of(pattern)
    return nc is not None and _name_class_matches(nc, name)


def describe_pattern_name(pattern: etree._Element) -> str:
    single = pattern_name(pattern)
    if single is None:
        return "any element" if pattern.tag == _R + "element" else "any attribute"
    return format_qname(single)


def format_qname(name: QName, element_ns: str = "http://www.tei-c.org/ns/1.0") -> str:
    ns, local = name
    if ns == XML_NS:
        return f"xml:{local}"
    if ns in ("", element_ns):
        return local
    return f"{{{ns}}}{local}"


class Grammar:
    """A RELAX NG grammar file loaded once: its ``start``, its ``define``\\ s, its element patterns."""

    def __init__(self, data: bytes, *, source: str = "<schema>"):
        parser = etree.XMLParser(
            remove_comments=True, remove_pis=True, remove_blank_text=True,
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
        )
        root = etree.fromstring(data, parser)
        if root.tag != _R + "grammar":
            raise ValueError(f"{source}: not a RELAX NG grammar (root is {root.tag})")
        # Annotations (documentation, embedded Schematron) are foreign elements: irrelevant to validity.
        for el in list(root.iter()):
            if el is not root and not el.tag.startswith(_R):
                el.getparent().remove(el)
        for tag in ("include", "externalRef", "parentRef", "grammar", "div"):
            if root.find(f".//{_R}{tag}") is not None:
                raise ValueError(f"{source}: '{tag}' is not supported; use a schema compiled to one grammar")
        self.source = source
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.root = root
        self.start = root.find(_R + "start")
        self.defines: dict[str, etree._Element] = {}
        for d in root.findall(_R + "define"):
            if d.get("combine") is not None or d.get("name") in self.defines:
                raise ValueError(f"{source}: combined define '{d.get('name')}' is not supported")
            self.defines[d.get("name")] = d
        self._models: dict[etree._Element, ContentModel] = {}
        self._patterns_for: dict[QName, list[etree._Element]] = {}
        self._attributes: dict[etree._Element, list[etree._Element]] = {}
        self._required: dict[etree._Element, list[etree._Element]] = {}
        #: caches of the checkers that explain errors with this grammar, by name
        self.memo: dict[str, dict] = {}

    @classmethod
    def load(cls, path: str | Path) -> "Grammar":
        return cls(Path(path).read_bytes(), source=str(path))

    @cached_property
    def element_patterns(self) -> list[etree._Element]:
        return list(self.root.iter(_R + "element"))

    @cached_property
    def patterns_by_name(self) -> dict[QName, list[etree._Element]]:
        index: dict[QName, list[etree._Element]] = {}
        for pattern in self.element_patterns:
            name = pattern_name(pattern)
            if name is not None:
                index.setdefault(name, []).append(pattern)
        return index

    @cached_property
    def wildcard_patterns(self) -> list[etree._Element]:
        return [p for p in self.element_patterns if pattern_name(p) is None]

    def patterns_for(self, name: QName) -> list[etree._Element]:
        """Every element pattern whose name class contains ``name`` (named ones first)."""
        found = self._patterns_for.get(name)
        if found is None:
            named = self.patterns_by_name.get(name, [])
            found = named + [p for p in self.wildcard_patterns if pattern_matches(p, name)]
            self._patterns_for[name] = found
        return found

    # -------------------------------------------------------------------------------------- pruning

    def prune(self, names: Iterable[QName], *, keep_names: bool = False) -> bytes:
        """A grammar equivalent to this one for every document whose element names are all in ``names``.

        ``keep_names=False`` replaces each unusable element pattern by ``notAllowed``: smallest, fastest
        to compile, the verdict engine. ``keep_names=True`` keeps such a pattern's name class with
        ``empty`` content instead, so libxml2 still reports errors at the element where they occur
        (with ``notAllowed`` the failure propagates upward and is reported at an ancestor).
        """
        names = frozenset(names)
        out = etree.Element(self.root.tag, attrib=dict(self.root.attrib), nsmap=self.root.nsmap)
        pending: list[str] = []
        if self.start is not None:
            self._copy_pruned(self.start, names, out, pending, keep_names)
        copied: set[str] = set()
        while pending:
            name = pending.pop()
            if name in copied:
                continue
            copied.add(name)
            if name not in self.defines:
                raise ValueError(f"{self.source}: reference to undefined pattern '{name}'")
            self._copy_pruned(self.defines[name], names, out, pending, keep_names)
        if not keep_names:
            _remove_not_allowed(out)
        return etree.tostring(out, encoding="UTF-8")

    def _copy_pruned(self, node, names, out_parent, pending, keep_names) -> None:
        if node.tag == _R + "element" and not any(pattern_matches(node, n) for n in names):
            if not keep_names:
                etree.SubElement(out_parent, _R + "notAllowed")
                return
            stub = etree.SubElement(out_parent, node.tag, attrib=dict(node.attrib))
            nc = _name_class_of(node)
            if nc is not None:
                stub.append(_deep_copy(nc))
            etree.SubElement(stub, _R + "empty")
            return
        new = etree.SubElement(out_parent, node.tag, attrib=dict(node.attrib))
        new.text = node.text
        if node.tag == _R + "ref":
            pending.append(node.get("name"))
        for child in node:
            self._copy_pruned(child, names, new, pending, keep_names)

    # ------------------------------------------------------------------------------ explanations

    def content_model(self, element_pattern: etree._Element) -> "ContentModel":
        """The children ``element_pattern`` allows (also works for ``start``), built once per pattern."""
        model = self._models.get(element_pattern)
        if model is None:
            model = self._models[element_pattern] = ContentModel(self, element_pattern)
        return model

    def attribute_patterns(self, element_pattern: etree._Element) -> list[etree._Element]:
        """Attribute patterns an element may carry (reachable from its content, not crossing elements)."""
        cached = self._attributes.get(element_pattern)
        if cached is None:
            cached = self._attributes[element_pattern] = self._attribute_patterns(element_pattern)
        return cached

    def _attribute_patterns(self, element_pattern: etree._Element) -> list[etree._Element]:
        found: list[etree._Element] = []
        seen: set[str] = set()
        stack = _content_of(element_pattern)
        while stack:
            node = stack.pop()
            if node.tag == _R + "attribute":
                found.append(node)
            elif node.tag == _R + "ref":
                name = node.get("name")
                if name not in seen:
                    seen.add(name)
                    stack.extend(self.defines[name])
            elif node.tag != _R + "element":
                stack.extend(node)
        return found

    def required_attributes(self, element_pattern: etree._Element) -> list[etree._Element]:
        """Attribute patterns with one name that every instance of the element must carry: reached
        from its content without passing an ``optional``, ``zeroOrMore`` or ``choice`` (a choice is
        taken as optional, so this never claims more than the schema requires)."""
        cached = self._required.get(element_pattern)
        if cached is None:
            cached = []
            seen: set[str] = set()
            stack = [(node, False) for node in _content_of(element_pattern)]
            while stack:
                node, optional = stack.pop()
                tag = node.tag[len(_R):] if isinstance(node.tag, str) and node.tag.startswith(_R) else ""
                if tag == "attribute":
                    if not optional and pattern_name(node) is not None:
                        cached.append(node)
                elif tag == "ref":
                    name = node.get("name")
                    if name not in seen and name in self.defines:
                        seen.add(name)
                        stack += [(child, optional) for child in self.defines[name]]
                elif tag not in ("element", ""):
                    inner = optional or tag in ("optional", "zeroOrMore", "choice")
                    stack += [(child, inner) for child in node]
            self._required[element_pattern] = cached
        return cached

    def all_element_names(self) -> set[QName]:
        return set(self.patterns_by_name)


def _remove_not_allowed(grammar: etree._Element) -> None:
    """Propagate ``notAllowed`` away (RELAX NG section 4.19), in place, then drop unused defines.

    libxml2 compiles a content model into a fast automaton only when it contains no ``notAllowed``;
    left in, pruned grammars validate ~8x slower than the full schema. A define is dead when its body
    can match nothing; found by iterating to a fixpoint (recursion always passes through elements).
    An element whose content is dead matches no element, so it is dead too.
    """
    defines = {d.get("name"): d for d in grammar.findall(_R + "define")}
    dead: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, define in defines.items():
            if name not in dead and _dead(_seq_children(define), dead):
                dead.add(name)
                changed = True
    for node in [grammar.find(_R + "start"), *defines.values()]:
        if node is not None:
            _rewrite_children(node, dead)
    for name in dead:
        grammar.remove(defines[name])
    _drop_empty(grammar)
    # defines no longer referenced from start
    live, stack = set(), [grammar.find(_R + "start")]
    while stack:
        node = stack.pop()
        for ref in node.iter(_R + "ref"):
            target = ref.get("name")
            if target not in live and target in defines and target not in dead:
                live.add(target)
                stack.append(defines[target])
    for name, define in defines.items():
        if name not in live and name not in dead:
            grammar.remove(define)


_NA = _R + "notAllowed"


def _seq_children(node: etree._Element) -> list[etree._Element]:
    return [c for c in node if c.tag not in _NAME_CLASS_TAGS or node.tag not in (_R + "element", _R + "attribute")]


def _dead(children: list[etree._Element], dead: set[str]) -> bool:
    """Whether an implicit group of patterns can match nothing."""
    return any(_is_dead(c, dead) for c in children)


def _is_dead(node: etree._Element, dead: set[str]) -> bool:
    tag = node.tag
    if tag == _NA:
        return True
    if tag == _R + "ref":
        return node.get("name") in dead
    if tag == _R + "choice":
        return all(_is_dead(c, dead) for c in node)
    if tag in (_R + "zeroOrMore", _R + "optional", _R + "empty", _R + "text", _R + "value", _R + "data"):
        return False
    if tag in (_R + "element", _R + "attribute"):
        return _dead(_content_of(node), dead)
    # group, interleave, oneOrMore, mixed, list, define, start
    return _dead(list(node), dead)


def _rewrite_children(node: etree._Element, dead: set[str]) -> None:
    """Replace dead sub-patterns under ``node``: drop them from choices, make optional ones empty."""
    for child in _content_of(node) if node.tag in (_R + "element", _R + "attribute") else list(node):
        if child.tag in (_R + "data",):
            continue
        if child.tag == _R + "choice":
            for alt in list(child):
                if _is_dead(alt, dead):
                    child.remove(alt)
            if len(child) == 0:
                _replace(child, _NA)
                continue
        if child.tag in (_R + "zeroOrMore", _R + "optional") and _dead(list(child), dead):
            _replace(child, _R + "empty")
            continue
        if _is_dead(child, dead):
            _replace(child, _NA)
            continue
        _rewrite_children(child, dead)


_SEQUENCES = frozenset(_R + t for t in ("group", "interleave", "element", "define", "oneOrMore", "zeroOrMore",
                                          "optional", "mixed", "start"))


def _drop_empty(grammar: etree._Element) -> None:
    """Remove ``empty`` where it is one item of a sequence (group(p, empty) = p, section 4.19).

    Needed, not cosmetic: libxml2 2.14's compiled content models mis-handle an ``empty`` left between
    an ``optional`` and the next item once no ``notAllowed`` keeps them on the slow path.
    """
    for node in list(grammar.iter(_R + "empty")):
        parent = node.getparent()
        if parent is None or parent.tag not in _SEQUENCES:
            continue
        others = [c for c in _content_of(parent) if c is not node]
        if others:
            parent.remove(node)
    # a choice or group of one pattern is that pattern (lets libxml2 use its fast content models)
    for node in list(grammar.iter(_R + "choice", _R + "group")):
        parent = node.getparent()
        if len(node) == 1 and parent is not None and not _in_name_class(node):
            child = node[0]
            child.tail = node.tail
            parent.replace(node, child)


def _in_name_class(node: etree._Element) -> bool:
    top = node
    while top.getparent() is not None and top.getparent().tag in (_R + "choice", _R + "except", _R + "anyName", _R + "nsName"):
        top = top.getparent()
    parent = top.getparent()
    return parent is not None and _name_class_of(parent) is top


def _replace(node: etree._Element, tag: str) -> None:
    new = etree.Element(tag)
    new.tail = node.tail
    node.getparent().replace(node, new)


def _deep_copy(node: etree._Element) -> etree._Element:
    copy = etree.Element(node.tag, attrib=dict(node.attrib), nsmap=node.nsmap)
    copy.text = node.text
    for child in node:
        copy.append(_deep_copy(child))
    return copy


# ------------------------------------------------------------------------------ content models
# Patterns over the sequence of an element's children, as interned tuples:
#   EMPTY, NOT_ALLOWED, TEXT, ("elem", pattern), ("choice", a, b), ("group", a, b),
#   ("interleave", a, b), ("more", p)  (oneOrMore)
# Attributes count as EMPTY here (they are checked by name separately); data/value/list as TEXT.

EMPTY = ("empty",)
NOT_ALLOWED = ("notAllowed",)
TEXT = ("text",)


#: Hash-consing: every composite pattern is built once, keyed by its kind and the identities of its
#: parts, so equal patterns are the same object. Comparing, hashing and memoising them is then O(1)
#: (an ``==`` on nested tuples walks them whole, which made explaining a large content model slow).
_INTERNED: dict[tuple, tuple] = {}


def _make(kind: str, a, b=None) -> tuple:
    key = (kind, id(a), id(b))
    found = _INTERNED.get(key)
    if found is None:
        found = _INTERNED[key] = (kind, a) if b is None else (kind, a, b)
    return found


def _elem(node) -> tuple:
    return _make("elem", node)


def _choice(a, b):
    if a is NOT_ALLOWED:
        return b
    if b is NOT_ALLOWED or a is b:
        return a
    return _make("choice", a, b)


def _both(kind: str, a, b):
    """A group or interleave of two patterns, simplified: both must match, empty adds nothing."""
    if a is NOT_ALLOWED or b is NOT_ALLOWED:
        return NOT_ALLOWED
    if a is EMPTY:
        return b
    if b is EMPTY:
        return a
    return _make(kind, a, b)


def _group(a, b):
    return _both("group", a, b)


def _interleave(a, b):
    return _both("interleave", a, b)


def _more(p):
    return NOT_ALLOWED if p is NOT_ALLOWED else _make("more", p)


@dataclass(frozen=True)
class Expected:
    """What may come next in an element: element patterns, whether text, whether the end tag."""

    elements: tuple[etree._Element, ...]
    text: bool
    end: bool


class ContentModel:
    """The children an element pattern allows, walked one child at a time."""

    def __init__(self, grammar: Grammar, element_pattern: etree._Element):
        self.grammar = grammar
        self._defines: dict[str, tuple] = {}
        self._nullable: dict[int, bool] = {}
        self._derived: dict[tuple[int, QName | None], tuple] = {}
        self._walks: dict[tuple, tuple[list[tuple[int, Expected, QName | None]], Expected]] = {}
        self.pattern = self._seq(_content_of(element_pattern))

    # XML -> pattern
    def _seq(self, nodes) -> tuple:
        result = EMPTY
        for node in nodes:
            result = _group(result, self._convert(node))
        return result

    def _convert(self, node) -> tuple:
        tag = node.tag[len(_R):]
        if tag == "element":
            return _elem(node)
        if tag in ("attribute", "empty"):
            return EMPTY
        if tag in ("text", "data", "value", "list"):
            return TEXT
        if tag == "notAllowed":
            return NOT_ALLOWED
        if tag == "ref":
            name = node.get("name")
            if name not in self._defines:
                self._defines[name] = NOT_ALLOWED  # recursion only happens through elements
                self._defines[name] = self._seq(self.grammar.defines[name])
            return self._defines[name]
        if tag in ("group", "define", "start"):
            return self._seq(node)
        if tag == "choice":
            result = NOT_ALLOWED
            for child in node:
                result = _choice(result, self._convert(child))
            return result
        if tag == "interleave":
            result = EMPTY
            for child in node:
                result = _interleave(result, self._convert(child))
            return result
        if tag == "mixed":
            return _interleave(self._seq(node), TEXT)
        if tag == "oneOrMore":
            return _more(self._seq(node))
        if tag == "zeroOrMore":
            return _choice(_more(self._seq(node)), EMPTY)
        if tag == "optional":
            return _choice(self._seq(node), EMPTY)
        return EMPTY

    # derivatives
    def nullable(self, p: tuple) -> bool:
        cached = self._nullable.get(id(p))
        if cached is not None:
            return cached
        kind = p[0]
        if kind in ("empty", "text"):
            value = True
        elif kind in ("notAllowed", "elem"):
            value = False
        elif kind == "choice":
            value = self.nullable(p[1]) or self.nullable(p[2])
        elif kind in ("group", "interleave"):
            value = self.nullable(p[1]) and self.nullable(p[2])
        else:  # more
            value = self.nullable(p[1])
        self._nullable[id(p)] = value  # patterns are interned and kept alive: their ids are stable
        return value

    def derive(self, p: tuple, token: QName | None) -> tuple:
        """The pattern for what may follow after ``token`` (an element name, or None for text)."""
        key = (id(p), token)
        found = self._derived.get(key)
        if found is None:
            found = self._derived[key] = self._derive(p, token)
        return found

    def _derive(self, p: tuple, token: QName | None) -> tuple:
        kind = p[0]
        if kind in ("empty", "notAllowed"):
            return NOT_ALLOWED
        if kind == "text":
            return TEXT if token is None else NOT_ALLOWED
        if kind == "elem":
            return EMPTY if token is not None and pattern_matches(p[1], token) else NOT_ALLOWED
        if kind == "choice":
            return _choice(self.derive(p[1], token), self.derive(p[2], token))
        if kind == "group":
            first = _group(self.derive(p[1], token), p[2])
            return _choice(first, self.derive(p[2], token)) if self.nullable(p[1]) else first
        if kind == "interleave":
            return _choice(_interleave(self.derive(p[1], token), p[2]), _interleave(p[1], self.derive(p[2], token)))
        # more
        return _group(self.derive(p[1], token), _choice(p, EMPTY))

    def expected(self, p: tuple) -> Expected:
        elements: dict[int, etree._Element] = {}
        text = False
        stack, seen = [p], set()
        while stack:
            q = stack.pop()
            if id(q) in seen:
                continue
            seen.add(id(q))
            kind = q[0]
            if kind == "elem":
                elements.setdefault(id(q[1]), q[1])
            elif kind == "text":
                text = True
            elif kind in ("choice", "interleave"):
                stack += [q[1], q[2]]
            elif kind == "group":
                stack.append(q[1])
                if self.nullable(q[1]):
                    stack.append(q[2])
            elif kind == "more":
                stack.append(q[1])
        return Expected(tuple(elements.values()), text, self.nullable(p))

    def walk(self, children: Iterable[QName | None]) -> tuple[int | None, Expected]:
        """Feed the children in order. Returns (index of the first child not allowed, what was expected
        there) or (None, what may still come at the end)."""
        p = self.pattern
        for i, token in enumerate(children):
            nxt = self.derive(p, token)
            if nxt is NOT_ALLOWED:
                return i, self.expected(p)
            p = nxt
        if self.nullable(p):  # the common case: complete; what else could come is not needed
            return None, Expected((), False, True)
        return None, self.expected(p)

    def walk_all(self, children: list[QName | None]) -> tuple[list[tuple[int, Expected, QName | None]], Expected]:
        """Feed every child, recovering after each one that is not allowed, as jing does.

        Returns ([(index of a child not allowed, what was expected there, the required element whose
        absence explains it or None)], what may come at the end). Recovery: when assuming one missing
        expected element makes the child fit, that is taken as the reason and the walk goes on after
        the child; otherwise the child is skipped. So one misplaced child is reported once, and every
        other misplaced child after it too.
        """
        key = tuple(children)
        found = self._walks.get(key)
        if found is None:
            found = self._walks[key] = self._walk_all(key)
        return found

    def _walk_all(self, children: tuple[QName | None, ...]) -> tuple[list[tuple[int, Expected, QName | None]], Expected]:
        p = self.pattern
        errors: list[tuple[int, Expected, QName | None]] = []
        for i, token in enumerate(children):
            nxt = self.derive(p, token)
            if nxt is not NOT_ALLOWED:
                p = nxt
                continue
            expected = self.expected(p)
            missing: QName | None = None
            if not expected.end:  # something is required first: does assuming it make the child fit?
                for pattern in expected.elements[:40]:
                    name = pattern_name(pattern)
                    if name is None:
                        continue
                    after = self.derive(self.derive(p, name), token)
                    if after is not NOT_ALLOWED:
                        missing, p = name, after
                        break
            errors.append((i, expected, missing))
        if self.nullable(p):
            return errors, Expected((), False, True)
        return errors, self.expected(p)

    def may_contain(self, name: QName) -> bool:
        """Whether ``name`` may occur anywhere among the children (ignoring order and count)."""
        stack, seen = [self.pattern], set()
        while stack:
            q = stack.pop()
            if id(q) in seen:
                continue
            seen.add(id(q))
            if q[0] == "elem":
                if pattern_matches(q[1], name):
                    return True
            elif q[0] in ("choice", "group", "interleave"):
                stack += [q[1], q[2]]
            elif q[0] == "more":
                stack.append(q[1])
        return False

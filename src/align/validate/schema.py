"""TEI P5 schema validation with a cold start in milliseconds, not the 10-18 s libxml2 needs for tei_all.

libxml2 spends that time compiling all ~590 element patterns of ``tei_all.rng``; a document uses a few
dozen. So the verdict comes from a grammar *pruned* for the element names the document contains
(:meth:`align.validate.rng.Grammar.prune`: same verdict as tei_all for that document; prunes in
~15 ms, compiles in ~5 ms, validates a small file in ~0.2 ms). Compiled validators are kept in-process
(one compiled for a superset of a document's names serves it too, and in a batch they grow to the union
of the names seen), and pruned grammars are kept on disk under the user cache dir, keyed by the
schema's SHA-256 and the name set.

Invalid documents are explained, not just rejected: a walk over each element's content model
(:class:`align.validate.rng.ContentModel`) reports every misplaced child, stray text and unknown
attribute at its own line with what was expected there. When that walk finds nothing (a bad attribute
value, a missing attribute) a second pruned grammar that keeps the names of unused elements is
compiled (~0.3-1 s), so that libxml2 reports the error at the element where it occurs.

Engines: ``lxml`` (the above), ``lxml-full`` (compile all of tei_all once per process: the reference),
``jing`` (the Java validator, when installed: ~0.8 s per run).
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable

from lxml import etree

from align.resources import tei_schema_path
from align.validate.findings import Finding
from align.validate.positions import SourceMap
from align.validate.rng import (
    PRUNER_VERSION,
    Grammar,
    QName,
    describe_pattern_name,
    document_names,
    format_qname,
    pattern_matches,
    pattern_name,
)

__all__ = [
    "check_schema",
    "SchemaCache",
    "ENGINES",
    "SCHEMA_RULES",
    "default_cache_dir",
    "jing_command",
]

ENGINES = ("lxml", "lxml-full", "jing")
SCHEMA_RULES: tuple[tuple[str, str, str], ...] = (
    ("tei-schema", "error", "the document is not valid against the TEI P5 schema (tei_all.rng)"),
)
_RULE = "tei-schema"
_HINT = "see the TEI Guidelines for this element: https://www.tei-c.org/release/doc/tei-p5-doc/en/html/REF-ELEMENTS.html"
_MAX_LISTED = 12


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/align`` (``~/.cache/align`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "align"


class SchemaCache:
    """Pruned, compiled validators for one RELAX NG schema, in memory and (optionally) on disk.

    ``cache_dir=None`` uses :func:`default_cache_dir`; ``disk=False`` keeps everything in memory.
    The full grammar is parsed only when a pruned grammar is not on disk yet, or to explain an error.
    """

    def __init__(self, schema: str | Path | None = None, cache_dir: str | Path | None = None, *, disk: bool = True):
        self.schema_path = Path(schema) if schema is not None else tei_schema_path("tei_all.rng")
        self.schema_bytes = self.schema_path.read_bytes()
        self.sha256 = hashlib.sha256(self.schema_bytes).hexdigest()
        self.cache_dir = (Path(cache_dir) if cache_dir is not None else default_cache_dir()) if disk else None
        self._grammar: Grammar | None = None
        self._verdict: dict[frozenset[QName], etree.RelaxNG] = {}
        self._explain: dict[frozenset[QName], etree.RelaxNG] = {}
        self._full: etree.RelaxNG | None = None
        self._unions: dict[bool, frozenset[QName]] = {False: frozenset(), True: frozenset()}
        # Past these sizes, prune per document: compile time grows with the names kept (a lot for
        # the explaining grammar: ~0.3 s at 50 names, ~3 s at 200).
        self.max_union = {False: 250, True: 80}
        self.compiled = 0  # how many pruned grammars were compiled (for tests and benchmarks)

    @property
    def grammar(self) -> Grammar:
        if self._grammar is None:
            self._grammar = Grammar(self.schema_bytes, source=str(self.schema_path))
        return self._grammar

    def validator(self, names: Iterable[QName], *, explain: bool = False) -> etree.RelaxNG:
        """A compiled validator that gives every document whose element names are in ``names`` the
        verdict of the full schema. ``explain=True``: slower to compile, errors located precisely."""
        names = frozenset(names)
        memo = self._explain if explain else self._verdict
        found = memo.get(names)
        if found is None:  # any grammar pruned for a superset of the names gives the same verdict
            found = next((v for k, v in memo.items() if names <= k), None)
        if found is None:
            seen = self._unions[explain]
            if memo and len(seen | names) <= self.max_union[explain]:
                # Many files: prune for every name seen so far, so the next files reuse this validator.
                names = seen | names
            self._unions[explain] = seen | names
            data = self._pruned_bytes(names, explain)
            found = etree.RelaxNG(etree.fromstring(data, etree.XMLParser(remove_blank_text=True)))
            self.compiled += 1
            memo[names] = found
        return found

    def full(self) -> etree.RelaxNG:
        """The whole schema compiled by libxml2 (10-18 s for tei_all): the reference verdict."""
        if self._full is None:
            self._full = etree.RelaxNG(etree.fromstring(self.schema_bytes))
        return self._full

    def _pruned_bytes(self, names: frozenset[QName], explain: bool) -> bytes:
        path = self._disk_path(names, explain)
        if path is not None:
            try:
                return path.read_bytes()
            except OSError:
                pass
        data = self.grammar.prune(names, keep_names=explain)
        if path is not None:
            _write_quietly(path, data)
        return data

    def _disk_path(self, names: frozenset[QName], explain: bool) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256("\n".join(sorted(f"{ns} {local}" for ns, local in names)).encode()).hexdigest()
        mode = "explain" if explain else "verdict"
        return self.cache_dir / "tei-schema" / f"{self.sha256[:16]}-p{PRUNER_VERSION}" / f"{mode}-{key[:32]}.rng"


def _write_quietly(path: Path, data: bytes) -> None:
    """Atomic write; a cache that cannot be written is skipped, never an error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".rng")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


_CACHES: dict[tuple[str, str | None, bool], SchemaCache] = {}


def _cache_for(schema: str | Path | None, cache_dir: str | Path | None) -> SchemaCache:
    schema_path = str(Path(schema).resolve()) if schema is not None else str(tei_schema_path("tei_all.rng"))
    key = (schema_path, str(cache_dir) if cache_dir is not None else None, True)
    cache = _CACHES.get(key)
    if cache is None:
        cache = _CACHES[key] = SchemaCache(schema_path, cache_dir)
    return cache


#: The most element names one batch grammar is compiled for: libxml2's compile time grows steeply past
#: ~200 names of tei_all (0.1 s at 200, 1.2 s at 300).
BATCH_NAMES = 200
_START_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def scan_element_names(data: bytes) -> set[str]:
    """Local names of the start tags in ``data``, read with a regular expression (no parse): a cheap
    superset of a document's element names, good enough to choose a grammar before parsing."""
    return {m.decode("ascii", "replace") for m in _START_TAG.findall(data)}


def prepare_batch(name_counts: dict[str, int], *, schema: str | Path | None = None,
                  cache_dir: str | Path | None = None) -> int:
    """Compile, once, a grammar for the TEI element names a batch of files uses.

    Pruned for a superset of a document's names, a grammar gives that document tei_all's verdict, so
    one grammar for the names of many files serves them all, instead of a grammar that grows (and is
    compiled again) file after file. At most :data:`BATCH_NAMES` names, the most used first; a file
    using others gets a grammar of its own names. Done before worker processes are forked, the
    compiled grammar is shared by every worker. Returns the number of names compiled for.
    """
    cache = _cache_for(schema, cache_dir)
    ranked = sorted(name_counts, key=lambda n: (-name_counts[n], n))[:BATCH_NAMES]
    names = frozenset((_TEI_NS, n) for n in ranked)
    if not names:
        return 0
    cache.validator(names)
    cache.max_union[False] = 0  # later files outside it: their own names, not a growing union
    return len(names)


def check_schema(
    tree: etree._ElementTree,
    *,
    path: str,
    engine: str = "lxml",
    schema: str | Path | SchemaCache | None = None,
    cache_dir: str | Path | None = None,
    source: bytes | None = None,
    positions: SourceMap | None = None,
) -> list[Finding]:
    """Validate a parsed document (from :func:`align.validate.safeparse.parse`) against the TEI schema.

    ``path`` labels the findings (and, for ``engine="jing"``, is the file jing reads when it exists:
    only pass files that :func:`~align.validate.safeparse.parse` accepted). ``schema`` is an ``.rng``
    path or a :class:`SchemaCache` (default: the vendored tei_all.rng).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown schema engine {engine!r}; choose one of {', '.join(ENGINES)}")
    cache = schema if isinstance(schema, SchemaCache) else _cache_for(schema, cache_dir)
    if engine == "jing":
        return _check_with_jing(tree, path=path, schema=cache.schema_path)
    if engine == "lxml-full":
        validator = cache.full()
        if validator.validate(tree):
            return []
        root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
        return _explain(tree, validator.error_log, cache, path,
                        positions if positions is not None else SourceMap(root, source))
    names = document_names(tree)
    if cache.validator(names).validate(tree):
        return []
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    positions = positions if positions is not None else SourceMap(root, source)
    swept = _sweep(tree, cache.grammar, path, positions)
    if swept:
        return swept
    # Nothing wrong in element structure, attribute names or values: a required attribute or a
    # repeated ID. A grammar that keeps element names makes libxml2 report it at the right element.
    explainer = cache.validator(names, explain=True)
    explainer.validate(tree)
    return _explain(tree, explainer.error_log, cache, path, positions)


# ------------------------------------------------------------------------------ explaining errors

#: One problem: the node it is about, where in it (``start``: just after its start tag, ``end``: just
#: after its end tag, ``text``/``tail``: its text or tail), the message, and the element whose page in
#: the Guidelines explains it.
Problem = tuple[etree._Element, str, str, etree._Element]
_GUIDELINES = "https://tei-c.org/release/doc/tei-p5-doc/en/html/ref-{name}.html"


def guidelines_url(el: etree._Element) -> str | None:
    """The page of ``el``'s element in the TEI Guidelines (None outside the TEI namespaces)."""
    q = etree.QName(el)
    if q.namespace not in (_TEI_NS, "http://www.tei-c.org/ns/Examples"):
        return None
    return _GUIDELINES.format(name=q.localname)


def _finding(path: str, positions: SourceMap, problem: Problem) -> Finding:
    node, anchor, message, about = problem
    if anchor == "end":
        line, col = positions.end_tag_end(node)
    elif anchor in ("text", "tail"):
        # jing: where the text ends (the next tag begins)
        line, col = positions.text(node, len((node.text if anchor == "text" else node.tail) or ""), tail=anchor == "tail")
    else:
        line, col = positions.start_tag_end(node)
    url = guidelines_url(about)
    hint = f"see <{etree.QName(about).localname}> in the TEI Guidelines: {url}" if url else _HINT
    return Finding(path, line, col, "error", _RULE, message, hint)


def _explain(tree: etree._ElementTree, log, cache: SchemaCache, path: str, positions: SourceMap) -> list[Finding]:
    """Turn libxml2's RELAX NG error log into findings a person can act on."""
    grammar = cache.grammar
    entries = list(log)
    findings: list[Finding] = []
    explained_nodes: set[etree._Element] = set()
    values = ValueChecker(grammar)
    specific_paths = [e.path for e in entries if e.type_name not in _CASCADE]
    for entry in entries:
        node = _node_at(tree, entry.path)
        if entry.type_name in _CASCADE and any(p and p.startswith(entry.path or "\0") for p in specific_paths):
            continue  # "failed to validate content" above a more precise error
        produced = _explain_entry(entry, node, grammar, explained_nodes, values)
        if produced is None:
            continue
        if produced:
            findings += [_finding(path, positions, problem) for problem in produced]
            continue
        line = entry.line or (node.sourceline if node is not None else 0)
        findings.append(Finding(path, line or 0, 0, "error", _RULE, _plain(entry.message), _HINT))
    if not findings:  # invalid, but libxml2 said nothing usable
        findings.append(Finding(path, 1, 0, "error", _RULE, "the document is not valid TEI", _HINT))
    return sorted(set(findings))


def _sweep(tree, grammar: Grammar, path: str, positions: SourceMap | None = None) -> list[Finding]:
    """Every element's children, attribute names and attribute values against its content model.

    libxml2 stops at the first failure per content model and, with a pruned grammar, may report it at
    an ancestor; this walk goes on after each misplaced child and reports every one, every stray
    text, every unknown attribute and every attribute value its datatype refuses (even where the
    structure around it is wrong), at its own line and column, as jing does. It runs only on
    documents libxml2 already found invalid; missing required attributes come from libxml2 (see
    :func:`check_schema`).
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    positions = positions if positions is not None else SourceMap(root)
    problems: list[Problem] = []
    values = ValueChecker(grammar)
    first_with_id: dict[str, etree._Element] = {}
    for el in root.iter(etree.Element):
        ident = el.get(_XML_ID)
        if ident is not None:
            first = first_with_id.setdefault(ident, el)
            if first is not el:  # as jing: the repeat, and (once) the first occurrence
                problems.append((el, "start", f"attribute 'xml:id' on '{format_qname(_qname(el))}' repeats the ID "
                                 f"{ident!r}; an ID must be unique in the file", el))
                problems.append((first, "start", f"first occurrence of the ID {ident!r}, which is repeated "
                                 "later", first))
        patterns = grammar.patterns_for(_qname(el))
        if not patterns:
            continue  # reported by its parent's content model
        problems += _explain_children(el, grammar)
        for required in grammar.required_attributes(patterns[0]):
            name = pattern_name(required)
            if name is not None and el.get(_clark(name)) is None:
                problems.append((el, "start", f"element '{format_qname(_qname(el))}' is missing the required "
                                 f"attribute '{format_qname(name, element_ns='')}'", el))
        for key in el.attrib:
            matching = _matching_attributes(grammar, patterns[0], key)
            if not matching or not values.valid(matching, key, el.get(key)):
                problems += _explain_attribute(el, _attribute_label(etree.QName(key)), grammar, values)
    if root.getparent() is None and grammar.start is not None:
        start = grammar.content_model(grammar.start)
        if start.walk([_qname(root)])[0] is not None:
            problems.append((root, "start", f"root element '{format_qname(_qname(root))}' is not allowed; "
                             f"expected {_describe_expected(start.expected(start.pattern), 'the document')}", root))
    return sorted(set(_finding(path, positions, p) for p in problems))


def _matching_attributes(grammar: Grammar, element_pattern: etree._Element, key: str) -> list[etree._Element]:
    """The attribute patterns of ``element_pattern`` whose name class takes the attribute ``key``
    (a Clark name), remembered: an invalid file repeats the same few attributes thousands of times."""
    memo = grammar.memo.setdefault("matching-attributes", {})
    found = memo.get((element_pattern, key))
    if found is None:
        q = etree.QName(key)
        name = (q.namespace or "", q.localname)
        found = memo[(element_pattern, key)] = [a for a in grammar.attribute_patterns(element_pattern)
                                                 if pattern_matches(a, name)]
    return found


def _attribute_label(q: etree.QName) -> str:
    if q.namespace == "http://www.w3.org/XML/1998/namespace":
        return f"xml:{q.localname}"
    return q.localname


_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_CASCADE = {"RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_EXTRACONTENT", "RELAXNG_ERR_ATTRVALID"}
_TEI_NS = "http://www.tei-c.org/ns/1.0"


def _node_at(tree: etree._ElementTree, xpath: str | None) -> etree._Element | None:
    if not xpath:
        return None
    try:
        found = tree.xpath(xpath)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


def _qname(el: etree._Element) -> QName:
    q = etree.QName(el)
    return (q.namespace or "", q.localname)


def _plain(message: str) -> str:
    return message.strip().rstrip(".")


def _explain_entry(entry, node, grammar: Grammar, done: set, values: "ValueChecker") -> list[Problem] | None:
    """Our problem(s) for one libxml2 error; [] when we have none (keep libxml2's), None when the
    element was explained already (drop the entry)."""
    kind = entry.type_name
    if node is None:
        return []
    if kind in ("RELAXNG_ERR_ELEMWRONG", "RELAXNG_ERR_ELEMNAME", "RELAXNG_ERR_ELEMNOTEMPTY",
                "RELAXNG_ERR_TEXTWRONG", "RELAXNG_ERR_NOELEM", "RELAXNG_ERR_CONTENTVALID",
                "RELAXNG_ERR_EXTRACONTENT", "RELAXNG_ERR_ELEMEXTRANS", "RELAXNG_ERR_NOTELEM"):
        parent = node
        if kind in ("RELAXNG_ERR_ELEMWRONG", "RELAXNG_ERR_ELEMNAME") and node.getparent() is not None:
            parent = node.getparent()
        if parent in done:
            return None
        done.add(parent)
        return _explain_children(parent, grammar)
    if kind == "RELAXNG_ERR_INVALIDATTR":
        match = re.match(r"Invalid attribute (\S+) for element (\S+)", entry.message)
        if match:
            return _explain_attribute(node, match.group(1), grammar, None)
    return []


def _explain_children(el: etree._Element, grammar: Grammar) -> list[Problem]:
    """Every child and text of ``el`` its content model does not allow, and whether it ends too soon."""
    patterns = grammar.patterns_for(_qname(el))
    if not patterns:
        return []
    model = grammar.content_model(patterns[0])
    name = format_qname(_qname(el))
    tokens: list[QName | None] = []
    places: list[tuple[etree._Element, str]] = []
    if el.text and el.text.strip():
        tokens.append(None)
        places.append((el, "text"))
    for child in el:
        if isinstance(child.tag, str):
            tokens.append(_qname(child))
            places.append((child, "element"))
        if child.tail and child.tail.strip():
            tokens.append(None)
            places.append((child, "tail"))
    errors, at_end = model.walk_all(tokens)
    problems: list[Problem] = []
    for index, expected, missing in errors:
        node, what = places[index]
        if what != "element":
            problems.append((node, what, f"text is not allowed here in '{name}'; expected "
                             f"{_describe_expected(expected, name)}", el))
            continue
        child = format_qname(_qname(node))
        if not grammar.patterns_for(_qname(node)):
            close = difflib.get_close_matches(etree.QName(node).localname,
                                              sorted(local for ns, local in grammar.all_element_names() if ns == _TEI_NS), n=3)
            suggestion = f"; did you mean {_or_list(close)}?" if close else ""
            problems.append((node, "start", f"element '{child}' is not a TEI element (not in tei_all){suggestion}", el))
        elif missing is not None:
            problems.append((node, "start", f"element '{child}' is not allowed yet in '{name}': the required "
                             f"element '{format_qname(missing)}' must come before it", el))
        elif model.may_contain(_qname(node)):
            before = index - 1
            after = f" after '{format_qname(_qname(places[before][0]))}'" if before >= 0 and places[before][1] == "element" else ""
            problems.append((node, "start", f"element '{child}' may occur in '{name}' but not at this point{after} "
                             f"(check the order and number of children); expected {_describe_expected(expected, name)}", el))
        else:
            problems.append((node, "start", f"element '{child}' is not allowed in '{name}'; expected "
                             f"{_describe_expected(expected, name)}", el))
    if not at_end.end:
        problems.append((el, "end", f"element '{name}' is incomplete: expected {_describe_expected(at_end, name)}", el))
    return problems


def _describe_expected(expected, parent: str) -> str:
    names = sorted({describe_pattern_name(p) for p in expected.elements})
    parts = []
    if expected.text:
        parts.append("text")
    if expected.end:
        parts.append(f"the end of '{parent}'")
    if len(names) == 1:
        parts.append(f"element '{names[0]}'")
    elif len(names) <= _MAX_LISTED:
        parts.append("one of " + ", ".join(f"'{n}'" for n in names))
    elif names:
        shown = ", ".join(f"'{n}'" for n in names[:_MAX_LISTED])
        parts.append(f"one of {len(names)} elements ({shown}, ...)")
    if not parts:
        return "nothing (the content model cannot be satisfied)"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def _or_list(items: list[str]) -> str:
    quoted = [f"'{i}'" for i in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _explain_attribute(el: etree._Element, attr_text: str, grammar: Grammar,
                       values: "ValueChecker | None") -> list[Problem]:
    """Why attribute ``attr_text`` of ``el`` is wrong: not allowed there, or a value its type refuses
    (``values``: report a value only when it really is refused; None: libxml2 said so already)."""
    patterns = grammar.patterns_for(_qname(el))
    if not patterns:
        return []
    name = format_qname(_qname(el))
    attr_name = _attribute_qname(el, attr_text)
    allowed = grammar.attribute_patterns(patterns[0])
    matching = [a for a in allowed if pattern_matches(a, attr_name)]
    shown = format_qname(attr_name)
    if not matching:
        names = sorted({describe_pattern_name(a) for a in allowed})
        close = difflib.get_close_matches(shown, names, n=3)
        suggestion = f"; did you mean {_or_list(close)}?" if close else f"; allowed: {', '.join(names[:_MAX_LISTED])}" + (
            " ..." if len(names) > _MAX_LISTED else "")
        return [(el, "start", f"attribute '{shown}' is not allowed on '{name}'{suggestion}", el)]
    value = el.get(_clark(attr_name))
    if value is None or (values is not None and values.valid(matching, _clark(attr_name), value)):
        return []
    if attr_name == ("http://www.w3.org/XML/1998/namespace", "id") and len(el.getroottree().xpath(
            "//@xml:id[. = $v]", v=value)) > 1:
        return [(el, "start", f"attribute 'xml:id' on '{name}' repeats the ID {value!r}; an ID must be unique in the file", el)]
    return [(el, "start", f"attribute '{shown}' on '{name}' has an invalid value {value!r}; "
                          f"expected {_describe_value(matching[0], grammar)}", el)]


class ValueChecker:
    """Whether an attribute value is one its attribute pattern allows, decided by libxml2 itself.

    Each attribute pattern (with the definitions it refers to) is compiled on its own into a tiny
    grammar, once per process, and a one-element document carrying the value is validated against
    it: the XML Schema datatypes, facets, value lists and lists mean exactly what they mean to the
    full schema, whatever the rest of the document looks like.
    """

    # keyed by the pattern itself (which the key keeps alive), never by a reusable id()
    _compiled: dict[etree._Element, etree.RelaxNG | None] = {}
    _answers: dict[tuple[etree._Element, str, str], bool] = {}

    def __init__(self, grammar: Grammar):
        self.grammar = grammar

    def valid(self, patterns: list[etree._Element], attribute: str, value: str) -> bool:
        """Whether one of ``patterns`` allows ``value`` for ``attribute`` (a Clark name)."""
        return any(self._valid(p, attribute, value) for p in patterns)

    def _valid(self, pattern: etree._Element, attribute: str, value: str) -> bool:
        key = (pattern, attribute, value)
        answer = self._answers.get(key)
        if answer is None:
            validator = self._validator(pattern)
            if validator is None:
                answer = True  # a pattern we cannot compile alone: leave the verdict to libxml2
            else:
                probe = etree.Element("v")
                probe.set(attribute, value)
                answer = bool(validator.validate(probe))
            self._answers[key] = answer
        return answer

    def _validator(self, pattern: etree._Element) -> etree.RelaxNG | None:
        if pattern in self._compiled:
            return self._compiled[pattern]
        r = "{http://relaxng.org/ns/structure/1.0}"
        src = self.grammar.root
        out = etree.Element(r + "grammar", attrib=dict(src.attrib), nsmap=src.nsmap)
        element = etree.SubElement(etree.SubElement(out, r + "start"), r + "element", name="v", ns="")
        element.append(_copy(pattern))
        pending = [ref.get("name") for ref in pattern.iter(r + "ref")]
        done: set[str] = set()
        while pending:
            ref = pending.pop()
            if ref in done or ref not in self.grammar.defines:
                continue
            done.add(ref)
            for definition in self.grammar.defines[ref]:
                out.append(_copy(definition))
                pending += [x.get("name") for x in definition.iter(r + "ref")]
        try:
            validator: etree.RelaxNG | None = etree.RelaxNG(out)
        except etree.RelaxNGParseError:
            validator = None
        self._compiled[pattern] = validator
        return validator


def _copy(node: etree._Element) -> etree._Element:
    """A deep copy that keeps the datatype library and namespace its ancestors gave ``node``."""
    copied = copy.deepcopy(node)
    for attr in ("datatypeLibrary",):  # not ns: an attribute's name has no namespace unless it says so
        if copied.get(attr) is None:
            for ancestor in node.iterancestors():
                if ancestor.get(attr) is not None:
                    copied.set(attr, ancestor.get(attr))
                    break
    return copied


def _attribute_qname(el: etree._Element, text: str) -> QName:
    if ":" in text:
        prefix, local = text.split(":", 1)
        ns = "http://www.w3.org/XML/1998/namespace" if prefix == "xml" else (el.nsmap.get(prefix) or "")
        return ns, local
    for key in el.attrib:  # libxml2 prints only the local name
        q = etree.QName(key)
        if q.localname == text:
            return (q.namespace or "", text)
    return "", text


def _clark(name: QName) -> str:
    return f"{{{name[0]}}}{name[1]}" if name[0] else name[1]


def _describe_value(attribute_pattern: etree._Element, grammar: Grammar) -> str:
    """'one of a, b, c' for closed value lists, else the datatypes (with pattern facets) allowed."""
    values, types = [], []
    stack = list(attribute_pattern)[0 if attribute_pattern.get("name") else 1:]
    seen: set[str] = set()
    r = "{http://relaxng.org/ns/structure/1.0}"
    while stack:
        node = stack.pop(0)
        if node.tag == r + "value":
            values.append(node.text or "")
        elif node.tag == r + "data":
            facet = node.find(r + "param[@name='pattern']")
            label = node.get("type") or "data"
            types.append(f"{label} matching {facet.text}" if facet is not None else label)
        elif node.tag == r + "ref" and node.get("name") not in seen:
            seen.add(node.get("name"))
            stack.extend(grammar.defines[node.get("name")])
        elif node.tag == r + "list":
            types.append("a space-separated list")
            stack.extend(node)
        else:
            stack.extend(node)
    if values and not types:
        return "one of " + ", ".join(repr(v) for v in values[:_MAX_LISTED]) + (" ..." if len(values) > _MAX_LISTED else "")
    described = sorted(dict.fromkeys(types))
    if values:
        described = [", ".join(repr(v) for v in values[:_MAX_LISTED])] + described
    return "a value of type " + " or ".join(described) if described else "a different value"


# ------------------------------------------------------------------------------------------ jing

_JING_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): (?P<level>error|fatal|warning): (?P<msg>.*)$")


def jing_command() -> list[str] | None:
    """How to run jing here: the ``jing`` script, or java with ``$JING_JAR``; None when neither."""
    exe = shutil.which("jing")
    if exe:
        return [exe]
    jar = os.environ.get("JING_JAR")
    java = shutil.which("java")
    if java and jar and Path(jar).is_file():
        return [java, "-jar", jar]
    return None


def _check_with_jing(tree: etree._ElementTree, *, path: str, schema: Path) -> list[Finding]:
    command = jing_command()
    if command is None:
        raise RuntimeError("jing is not installed (Debian/Ubuntu: apt-get install jing); use engine='lxml'")
    with tempfile.TemporaryDirectory(prefix="align-jing-") as tmp:
        target = Path(path)
        # jing would follow xi:include itself (the network too): give it the document as align
        # expanded it instead, whenever the file has an include
        if not target.is_file() or b"/XInclude" in target.read_bytes():
            target = Path(tmp) / "document.xml"
            target.write_bytes(etree.tostring(tree, encoding="UTF-8", xml_declaration=True))
        proc = subprocess.run([*command, str(schema), str(target)], capture_output=True, text=True, check=False)
    findings = []
    for line in proc.stdout.splitlines():
        m = _JING_LINE.match(line)
        if m:
            severity = "warning" if m["level"] == "warning" else "error"
            findings.append(Finding(path, int(m["line"]), int(m["col"]), severity, _RULE, m["msg"], _HINT))
    if proc.returncode != 0 and not findings:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        detail = [d for d in detail if not d.startswith("[warning]")]
        findings.append(Finding(path, 0, 0, "error", _RULE, "jing failed: " + (detail[-1] if detail else f"exit {proc.returncode}"), ""))
    return findings

"""Follow ``xi:include`` the safe way: local files under one root, bounded, never the network.

Real archives keep shared parts (an EpiDoc project's taxonomies, a catalogue's bibliography) in files
of their own and pull them in with XInclude, usually with an ``xi:fallback`` for readers that cannot
follow it. Refusing every include makes such files uncheckable; following them the way libxml2 does
would let a committed file read anything on the CI machine or reach the network. So includes are
resolved here, by hand, under these rules:

* ``href`` is a relative path or a ``file:`` URI; any other scheme (``http:``, ``ftp:`` ...) is never
  fetched. The resolved file (symbolic links followed) must lie inside the root: the including
  document's own folder tree, or the configured ``xinclude-root``.
* At most :data:`MAX_DEPTH` levels of nested includes, :data:`MAX_INCLUDES` includes and
  :data:`MAX_BYTES` bytes included per document; a file that includes itself (directly or not) is a
  cycle.
* Included XML is parsed with the same safe parser as the document (no DTD, no entities); ``parse="text"``
  reads UTF-8 (or the ``encoding`` given). ``xpointer`` may be a bare id or ``element()`` scheme
  pointer; other schemes are not evaluated.
* An include that may not or cannot be followed uses its ``xi:fallback`` when it has one (an ``info``
  finding says so); without one it is an error: ``xml-unsafe`` for what is refused on purpose,
  ``xml-xinclude-failed`` for a missing or broken file. Each followed include is reported as an
  ``info`` finding (``xml-xinclude``) naming the file.

Included nodes take the line of the ``xi:include`` they replace, so a finding inside included
content points at the include in the file being checked. Base-URI and language fixup
(``xml:base``/``xml:lang`` added to included elements) are not done: they would add attributes that
are not in either file.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .findings import Finding

__all__ = ["expand", "Expansion", "XINCLUDE_NS", "MAX_DEPTH", "MAX_BYTES", "MAX_INCLUDES", "has_includes"]

XINCLUDE_NS = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
MAX_DEPTH = 8
MAX_BYTES = 32 * 1024 * 1024
MAX_INCLUDES = 1000
_HINT_UNSAFE = ("keep included files inside the document's folder tree (or pass --xinclude-root), as local "
                "paths; give network includes an <xi:fallback>")
_HINT_FAILED = "correct the href (or xpointer), or give the include an <xi:fallback>"


@dataclass
class Expansion:
    """What following the includes of one document did.

    ``fatal``: an include could not be followed and had no fallback, so the document must not be
    checked further. ``nodes``: the document's nodes as parsed, before any was replaced (for
    :class:`~align.validate.positions.SourceMap`); ``None`` when nothing was included.
    ``unresolved``: some include was replaced by its fallback, so what it points at is unknown.
    ``tree``: the document with its includes replaced, to check instead of the one given (``None``
    when nothing was included).
    """

    findings: list[Finding] = field(default_factory=list)
    fatal: bool = False
    nodes: list | None = None
    unresolved: bool = False
    included: list[str] = field(default_factory=list)
    tree: etree._ElementTree | None = None


class _Refused(Exception):
    """An include that may not be followed (``unsafe``) or cannot be (a missing or broken file)."""

    def __init__(self, reason: str, *, unsafe: bool):
        super().__init__(reason)
        self.reason = reason
        self.unsafe = unsafe


def has_includes(root: etree._Element) -> bool:
    return next(root.iter(*(f"{{{ns}}}include" for ns in XINCLUDE_NS)), None) is not None


def expand(
    tree: etree._ElementTree,
    *,
    path: str,
    label: str | None = None,
    root_dir: str | None = None,
    follow: bool = True,
) -> Expansion:
    """Replace every ``xi:include`` of ``tree`` (in place) by what it includes, or by its fallback.

    ``path`` is the document's file (includes are relative to it); ``root_dir`` the folder included
    files must lie in (default: the document's folder). ``follow=False`` refuses every include.
    """
    result = Expansion()
    root = tree.getroot()
    if not has_includes(root):
        return result
    result.nodes = list(root.iter())
    here = Path(path).resolve().parent
    limit = Path(root_dir).resolve() if root_dir else here
    state = _State(result, label or path, limit, follow)
    state.run(root, base=here, chain=(str(Path(path).resolve()),), depth=0)
    if not result.fatal:
        _reparse(tree, result)
    return result


def _reparse(tree: etree._ElementTree, result: Expansion) -> None:
    """Give the expanded document a fresh parse of its own.

    libxml2 keeps a table of the IDs it saw while parsing and does not forget those of elements that
    were removed (an include's fallback), so a RELAX NG check of the edited tree would take an
    included ``xml:id`` for a repeat. The expanded tree is serialised and parsed again; its nodes
    correspond one to one, in document order, so each new node takes the line of the old one, and
    the positions of the original nodes carry over.
    """
    from .safeparse import safe_parser

    old_root = tree.getroot()
    new_root = etree.fromstring(etree.tostring(old_root, encoding="UTF-8"), safe_parser())
    old_nodes = list(old_root.iter())
    new_nodes = list(new_root.iter())
    if len(old_nodes) != len(new_nodes):  # cannot happen for a serialised tree; keep the edited one
        result.tree = tree
        return
    mapping = {}
    for old, new in zip(old_nodes, new_nodes):
        if old.sourceline is not None:
            new.sourceline = old.sourceline
        mapping[old] = new
    result.nodes = [mapping.get(n, object()) for n in result.nodes or []]
    result.tree = new_root.getroottree()


class _State:
    def __init__(self, result: Expansion, label: str, limit: Path, follow: bool):
        self.result, self.label, self.limit, self.follow = result, label, limit, follow
        self.bytes = 0
        self.count = 0

    def run(self, top: etree._Element, *, base: Path, chain: tuple[str, ...], depth: int, line: int | None = None) -> None:
        includes = [el for el in top.iter(*(f"{{{ns}}}include" for ns in XINCLUDE_NS))
                    if not _inside_fallback(el, top)]
        for inc in includes:
            where = line if line is not None else (inc.sourceline or 0)
            try:
                replacement = self._resolve(inc, base=base, chain=chain, depth=depth, line=where)
            except _Refused as refused:
                fallback = next((c for c in inc if isinstance(c.tag, str) and etree.QName(c).localname == "fallback"
                                 and etree.QName(c).namespace in XINCLUDE_NS), None)
                href = inc.get("href", "")
                if fallback is not None and self.follow:
                    self.result.unresolved = True
                    self._note(where, f"xi:include href={href!r} was not followed ({refused.reason}); its "
                                      "xi:fallback was used instead")
                    self.run(fallback, base=base, chain=chain, depth=depth, line=line)
                    _replace(inc, _content(fallback))
                    continue
                self.result.fatal = True
                rule = "xml-unsafe" if refused.unsafe else "xml-xinclude-failed"
                self.result.findings.append(Finding(
                    self.label, where, 1, "error", rule,
                    f"xi:include href={href!r} was not followed: {refused.reason}"
                    + ("" if fallback is not None else "; it has no xi:fallback"),
                    _HINT_UNSAFE if refused.unsafe else _HINT_FAILED))
                continue
            _replace(inc, replacement)

    def _resolve(self, inc: etree._Element, *, base: Path, chain: tuple[str, ...], depth: int, line: int) -> list:
        if not self.follow:
            raise _Refused("XInclude is turned off (--no-xinclude)", unsafe=True)
        from urllib.parse import unquote, urlsplit

        href = (inc.get("href") or "").strip()
        parse = (inc.get("parse") or "xml").strip()
        pointer = inc.get("xpointer")
        if parse not in ("xml", "text"):
            raise _Refused(f"parse={parse!r} is neither 'xml' nor 'text'", unsafe=False)
        if not href:
            raise _Refused("an include without href (a pointer into the same document) is not followed", unsafe=False)
        parts = urlsplit(href)
        if parts.scheme and parts.scheme.lower() != "file" and not re.fullmatch(r"[A-Za-z]", parts.scheme):
            raise _Refused(f"{parts.scheme}: URIs are never fetched (no network access)", unsafe=True)
        if parts.scheme.lower() == "file" and parts.netloc not in ("", "localhost"):
            raise _Refused("a file: URI on another host is never fetched", unsafe=True)
        if parts.fragment:
            raise _Refused("a fragment identifier in href is not allowed by XInclude (use xpointer)", unsafe=False)
        target = (base / unquote(parts.path if parts.scheme else href)).resolve()
        if not target.is_relative_to(self.limit):
            raise _Refused(f"{target} is outside the include root {self.limit}", unsafe=True)
        if depth >= MAX_DEPTH:
            raise _Refused(f"includes nest deeper than {MAX_DEPTH} levels", unsafe=True)
        if str(target) in chain:
            raise _Refused(f"{target.name} includes itself (an include cycle)", unsafe=True)
        self.count += 1
        if self.count > MAX_INCLUDES:
            raise _Refused(f"the document makes more than {MAX_INCLUDES} includes", unsafe=True)
        try:
            if not target.is_file():
                raise _Refused(f"{target} does not exist or is not a file", unsafe=False)
            size = target.stat().st_size
            if self.bytes + size > MAX_BYTES:
                raise _Refused(f"the included files would exceed {MAX_BYTES // (1024 * 1024)} MiB", unsafe=True)
            data = target.read_bytes()
        except OSError as exc:
            raise _Refused(f"cannot read {target}: {exc.strerror}", unsafe=False) from None
        self.bytes += len(data)
        shown = os.path.relpath(target, self.limit)
        if parse == "text":
            encoding = inc.get("encoding") or "utf-8"
            try:
                text = data.decode(encoding)
            except (LookupError, UnicodeDecodeError) as exc:
                raise _Refused(f"{shown} is not readable as {encoding}: {exc}", unsafe=False) from None
            self._included(line, f"included {shown} as text ({len(data)} bytes)")
            return [text]
        from .safeparse import safe_parser, unsafe_constructs

        try:
            included = etree.fromstring(data, safe_parser())
        except etree.XMLSyntaxError as exc:
            raise _Refused(f"{shown} is not well-formed XML ({exc})", unsafe=False) from None
        bad = unsafe_constructs(shown, included.getroottree(), data, xinclude=False)
        if bad:
            raise _Refused(f"{shown}: {bad[0].message}", unsafe=True)
        if etree.QName(included).namespace in XINCLUDE_NS:
            raise _Refused(f"the root element of {shown} is itself an xi:include; include its target directly",
                           unsafe=False)
        self.run(included, base=target.parent, chain=(*chain, str(target)), depth=depth + 1, line=line)
        nodes = [included] if pointer is None else _select(included, pointer, shown)
        what = f"included {shown}" + (f" (xpointer {pointer})" if pointer is not None else "") + f" ({len(data)} bytes)"
        self._included(line, what)
        return [_relocated(copy.deepcopy(n), line) for n in nodes]

    def _included(self, line: int, message: str) -> None:
        self.result.included.append(message)
        self._note(line, message)

    def _note(self, line: int, message: str) -> None:
        self.result.findings.append(Finding(self.label, line, 1, "info", "xml-xinclude", message, ""))


def _inside_fallback(el: etree._Element, top: etree._Element) -> bool:
    """Includes inside another include's fallback are followed only if that fallback is used."""
    for ancestor in el.iterancestors():
        if ancestor is top:
            return False
        if isinstance(ancestor.tag, str) and etree.QName(ancestor).namespace in XINCLUDE_NS:
            return True
    return False


_ELEMENT_SCHEME = re.compile(r"element\(([^)]*)\)")
_NCNAME = re.compile(r"[A-Za-z_][\w.\-]*")


def _select(root: etree._Element, pointer: str, shown: str) -> list[etree._Element]:
    """The element an XPointer names: a bare id (shorthand) or the ``element()`` scheme
    (``element(id)``, ``element(id/2/1)``, ``element(/1/3)``)."""
    pointer = pointer.strip()
    if _NCNAME.fullmatch(pointer):
        first, rest = pointer, []
    else:
        m = _ELEMENT_SCHEME.fullmatch(pointer)
        if m is None:
            raise _Refused(f"xpointer {pointer!r} uses a scheme other than a bare id or element()", unsafe=False)
        first, *rest = m.group(1).split("/")
    if first == "":
        if not rest or rest[0] != "1":
            raise _Refused(f"xpointer {pointer!r} selects nothing in {shown}", unsafe=False)
        node, rest = root, rest[1:]
    else:
        found = root.xpath("//*[@xml:id=$v or @id=$v]", v=first)
        if not found:
            raise _Refused(f"no element with id {first!r} in {shown}", unsafe=False)
        node = found[0]
    for step in rest:
        children = [c for c in node if isinstance(c.tag, str)]
        if not step.isdigit() or not 1 <= int(step) <= len(children):
            raise _Refused(f"xpointer {pointer!r} selects nothing in {shown}", unsafe=False)
        node = children[int(step) - 1]
    return [node]


def _relocated(node: etree._Element, line: int) -> etree._Element:
    for el in node.iter():
        el.sourceline = line
    node.tail = None
    return node


def _content(fallback: etree._Element) -> list:
    """A fallback's content: its text, then its children (moved, not copied: libxml2 keeps a table of
    the document's IDs, and a copy of an element with an xml:id would repeat it)."""
    out: list = []
    if fallback.text:
        out.append(fallback.text)
    out.extend(fallback)
    return out


def _replace(inc: etree._Element, content: list) -> None:
    """Put ``content`` (strings and elements) where ``inc`` stands, keeping the text after it."""
    parent = inc.getparent()
    if parent is None:
        return  # an include as the root element: reported by the schema (not TEI)
    tail = inc.tail or ""
    index = parent.index(inc)
    previous = parent[index - 1] if index > 0 else None
    parent.remove(inc)  # lxml moves inc's tail away with it, so re-add it below

    def add_text(text: str) -> None:
        nonlocal previous
        if not text:
            return
        if previous is None:
            parent.text = (parent.text or "") + text
        else:
            previous.tail = (previous.tail or "") + text

    for item in content:
        if isinstance(item, str):
            add_text(item)
        else:
            own_tail, item.tail = item.tail, None
            parent.insert(index, item)
            index += 1
            previous = item
            add_text(own_tail or "")
    add_text(tail)

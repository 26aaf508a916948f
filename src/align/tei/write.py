"""Serialise a Node tree straight to XML text, with the bytes lxml would write for it.

Why: the streaming encoder used to build an lxml element for every node (:func:`align.tei.encode.to_element`)
only to serialise it at once; making the elements, setting their attributes and texts through
lxml's proxies cost more than all of the serialisation. Here each node becomes its start tag, its
text and its end tag in a list of strings.

The output equals ``to_element`` + ``etree.tostring(encoding="UTF-8")`` under a root that declares
the TEI namespace as default, which is what libxml2 writes:

- text: ``&``, ``<``, ``>`` and carriage return escaped (``&amp;`` ``&lt;`` ``&gt;`` ``&#13;``);
- attribute values in double quotes, also ``"``, tab, line feed escaped (``&quot;`` ``&#9;`` ``&#10;``);
- an element without children or text is written ``<tag/>``; attributes in insertion order;
- ``xml:``-prefixed attribute names as they are; element names unprefixed (the default namespace).

Where lxml would refuse or write something else, this module does not guess: characters XML cannot
carry (lxml raises), and element or attribute names whose serialisation a probe through lxml does
not confirm, make :func:`nodes_to_xml` return ``None`` and the caller uses lxml as before.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Sequence

import regex
from lxml import etree

from .tree import Node

__all__ = ["nodes_to_xml", "escape_text", "escape_attr"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: What lxml refuses in text and attribute values (checked over every code point in the tests):
#: C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF; and lone surrogates, which
#: cannot be encoded at all.
_NOT_XML = regex.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\p{Cs}]")
_TEXT_SPECIAL = regex.compile(r"[&<>\r]")
#: An attribute value holding none of these is written as it is.
_ATTR_SPECIAL = regex.compile(r"[&<>\r\n\t\"\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\p{Cs}]")


def escape_text(s: str) -> str:
    """Character data as libxml2 writes it in UTF-8 output."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if "\r" in s:
        s = s.replace("\r", "&#13;")
    return s


def escape_attr(s: str) -> str:
    """An attribute value as libxml2 writes it between double quotes."""
    s = escape_text(s)
    if '"' in s:
        s = s.replace('"', "&quot;")
    if "\n" in s:
        s = s.replace("\n", "&#10;")
    if "\t" in s:
        s = s.replace("\t", "&#9;")
    return s


class _Refused(Exception):
    """Something lxml would refuse or write otherwise: leave it to lxml."""


_NAME_OK: dict[tuple[str, str | None], bool] = {}


def _name_ok(tag: str, attr: str | None) -> bool:
    """Does lxml write element ``tag`` (and attribute ``attr``) as this module does? Asked once per name."""
    key = (tag, attr)
    ok = _NAME_OK.get(key)
    if ok is None:
        try:
            root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
            el = etree.SubElement(root, f"{{{TEI_NS}}}{tag}")
            expect = f"<{tag}/>"
            if attr is not None:
                el.set(f"{{{XML_NS}}}{attr[4:]}" if attr.startswith("xml:") else attr, "v")
                expect = f'<{tag} {attr}="v"/>'
            data = etree.tostring(root, encoding="unicode")
            ok = data == f'<TEI xmlns="{TEI_NS}">{expect}</TEI>'
        except (ValueError, TypeError):
            ok = False
        _NAME_OK[key] = ok
    return ok


def nodes_to_xml(children: Sequence[Node], a: int, b: int, text: str, omit: Sequence[tuple[int, int]] = ()) -> str | None:
    """The XML of text ``[a, b)`` holding the elements ``children`` (each wholly inside it, in order),
    less the characters inside the ``omit`` ranges (sorted, disjoint, as
    :func:`align.text.markup.marker_ranges` gives them); ``None`` where lxml must do it.

    Equal to the content lxml writes for a ``Node("TEI", a, b, children=children)`` turned into
    elements by :func:`align.tei.encode.to_element` under a TEI-namespaced root.
    """
    lo = min(a, children[0].start) if children else a
    hi = max(b, children[-1].end) if children else b
    if lo < hi and _NOT_XML.search(text, lo, hi):
        return None
    omit = sorted(omit)
    omit_ends = [y for _, y in omit]
    escaping = lo < hi and _TEXT_SPECIAL.search(text, lo, hi) is not None
    out: list[str] = []
    put = out.append
    bare: dict[str, str] = {}  # start tags of elements without attributes
    checked: set[tuple[str, ...]] = set()  # element and attribute names lxml writes as we do

    def piece(x: int, y: int) -> str:
        """Text ``[x, y)`` less the omitted characters, escaped (x < y)."""
        if omit:
            parts = []
            pos = x
            for i in range(bisect_right(omit_ends, x), len(omit)):  # ranges ending after x, in order
                p, q = omit[i]
                if p >= y:
                    break
                if p > pos:
                    parts.append(text[pos:p])
                if q > pos:
                    pos = q
            if pos < y:
                parts.append(text[pos:y])
            s = "".join(parts)
        else:
            s = text[x:y]
        return escape_text(s) if escaping else s

    def start_tag(node: Node) -> str:
        attrs = node.attrs
        tag = node.tag
        if not attrs:
            st = bare.get(tag)
            if st is None:
                if not _name_ok(tag, None):
                    raise _Refused
                st = bare[tag] = tag
            return st
        names = (tag, *attrs)
        if names not in checked:
            if not all(_name_ok(tag, k) for k in attrs) or not _name_ok(tag, None):
                raise _Refused
            checked.add(names)
        parts = [tag]
        for k, v in attrs.items():
            if type(v) is not str:
                raise _Refused
            if _ATTR_SPECIAL.search(v) is not None:  # rare: escape, or leave a refused value to lxml
                if _NOT_XML.search(v) is not None:
                    raise _Refused
                v = escape_attr(v)
            parts.append(f'{k}="{v}"')
        return " ".join(parts)

    def write(node: Node) -> None:
        st = start_tag(node)
        kids = node.children
        pos, end = node.start, node.end
        if not kids:
            s = piece(pos, end) if pos < end else ""
            put(f"<{st}>{s}</{node.tag}>" if s else f"<{st}/>")
            return
        put(f"<{st}>")
        for c in kids:
            if pos < c.start:
                put(piece(pos, c.start))
            write(c)
            pos = c.end
        if pos < end:
            put(piece(pos, end))
        put(f"</{node.tag}>")

    try:
        pos = a
        for c in children:
            if pos < c.start:
                put(piece(pos, c.start))
            write(c)
            pos = c.end
        if pos < b:
            put(piece(pos, b))
    except _Refused:
        return None
    return "".join(out)

"""Back from TEI to text: the other half of the lossless guarantee.

``source_text(tree)`` is the text content of ``TEI/text`` without editorial additions (elements that
carry ``@resp``, such as a translation made for the edition); it must equal
:func:`align.text.markup.plain_text` of the source. ``restore_source(tree)`` also puts the emphasis markers
back and must equal the source byte for byte.
"""

from __future__ import annotations

from lxml import etree

from ..text.markup import MARKERS

__all__ = ["source_text", "restore_source", "EDITORIAL"]

TEI = "{http://www.tei-c.org/ns/1.0}"

#: Elements the edition adds to the source carry this attribute; they are skipped when reading the
#: source back.
EDITORIAL = "resp"

_REND_MARKER = {(f"{TEI}hi", rend): m for m, rend in MARKERS.items() if rend == "bold"}
_REND_MARKER.update({(f"{TEI}{tag}", rend): m for m, rend in MARKERS.items() if rend == "italic" for tag in ("hi", "title")})


def _text_element(tree) -> etree._Element:
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    el = root.find(f"{TEI}text")
    if el is None:
        raise ValueError("not a TEI document with a text element")
    return el


def _walk(el: etree._Element, out: list[str], markers: bool) -> None:
    if el.get(EDITORIAL) is not None:
        return
    m = _REND_MARKER.get((el.tag, el.get("rend"))) if markers else None
    if m:
        out.append(m)
    if el.text:
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _walk(child, out, markers)
        if child.tail:
            out.append(child.tail)
    if m:
        out.append(m)


def source_text(tree) -> str:
    out: list[str] = []
    _walk(_text_element(tree), out, markers=False)
    return "".join(out)


def restore_source(tree) -> str:
    out: list[str] = []
    _walk(_text_element(tree), out, markers=True)
    return "".join(out)

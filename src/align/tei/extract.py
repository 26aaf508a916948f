"""Back from TEI to text: the other half of the lossless guarantee.

``source_text(tree)`` is the text content of ``TEI/text`` without editorial additions (elements that
carry ``@resp``, such as a translation made for the edition); it must equal
:func:`align.text.markup.plain_text` of the source. ``restore_source(tree)`` also puts the emphasis markers
back and must equal the source byte for byte.
"""

from __future__ import annotations

from lxml import etree

from ..text.markup import MARKERS

__all__ = ["source_text", "restore_source", "reading_text", "EDITORIAL", "FURNITURE"]

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


#: Elements holding page furniture and notes: kept in the edition (so ``source_text`` reproduces the
#: source), left out of :func:`reading_text`.
FURNITURE = frozenset({f"{TEI}fw", f"{TEI}note"})
_HYPHENS = "-\u00ad\u2010"


def _walk(el: etree._Element, out: list[str], markers: bool, reading: bool = False) -> None:
    if el.get(EDITORIAL) is not None:
        return
    if reading and (el.tag in FURNITURE or (el.tag == f"{TEI}ref" and el.get("type") == "noteAnchor")):
        return
    if reading and el.tag == f"{TEI}lb" and el.get("break") == "no":
        _join_word(out)
    m = _REND_MARKER.get((el.tag, el.get("rend"))) if markers else None
    # emphasis cut into pieces by an element it crossed (chained by @prev/@next): one pair of markers
    if m and el.get("prev") is None:
        out.append(m)
    if el.text:
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _walk(child, out, markers, reading)
        if child.tail:
            out.append(child.tail)
    if m and el.get("next") is None:
        out.append(m)


def source_text(tree) -> str:
    out: list[str] = []
    _walk(_text_element(tree), out, markers=False)
    return "".join(out)


def restore_source(tree) -> str:
    out: list[str] = []
    _walk(_text_element(tree), out, markers=True)
    return "".join(out)


def _join_word(out: list[str]) -> None:
    """Undo a line-end break inside a word: drop the white space before the ``lb`` and, when the word
    was cut by the printer, the hyphen (a hyphen before a lower-case run-on is taken as the printer's)."""
    tail = "".join(out[-3:])
    keep = len(tail)
    while keep and tail[keep - 1].isspace():
        keep -= 1
    if keep and tail[keep - 1] in _HYPHENS:
        keep -= 1
    cut = len(tail) - keep
    while cut and out:
        last = out.pop()
        if len(last) > cut:
            out.append(last[: len(last) - cut])
            cut = 0
        else:
            cut -= len(last)


def reading_text(tree) -> str:
    """The text as a reader reads it: without page furniture (``fw``), notes and note anchors, and
    with words cut at line ends (``lb break="no"``) whole again. Not lossless by design: the
    lossless reading is :func:`source_text`."""
    out: list[str] = []
    _walk(_text_element(tree), out, markers=False, reading=True)
    return "".join(out)

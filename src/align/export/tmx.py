"""TMX 1.4b: one translation unit per bead that has both sides.

An n-m bead is one ``tu`` (its sentences joined as :func:`~align.export.reader.join_sentences` says).
A null bead (1-0, 0-1) has nothing to translate and is left out; so are sentences no bead names. Each
``tuv`` carries its sentences' ids in ``<prop type="x-sentence-ids">`` (space-separated), each ``tu``
its bead type in ``<prop type="x-bead">`` and its number in the alignment as ``tuid``, so a unit
can be traced back to the TEI. Characters XML forbids become U+FFFD, counted in :class:`Written`
and in a ``<prop type="x-replaced-chars">`` on the unit that had them.

The output is valid against the TMX 1.4b DTD (``align/data/tmx14.dtd``; :func:`tmx_dtd`) and
deterministic (no creation date).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import ExportError
from ..resources import data_path
from .base import Written, check_id
from .chars import xml_safe
from .reader import AlignedPair, join_sentences, sentence_ids

__all__ = ["to_tmx", "tmx_dtd"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tmx_dtd() -> etree.DTD:
    """The vendored TMX 1.4b DTD, for ``tmx_dtd().validate(tree)``."""
    return etree.DTD(str(data_path("tmx14.dtd")))


def _prop(parent: etree._Element, type_: str, value: str) -> None:
    p = etree.SubElement(parent, "prop", type=type_)
    p.text = value


def to_tmx(pair: AlignedPair, *, adminlang: str = "en") -> Written:
    """TMX bytes for ``pair``; ``srclang`` and each ``tuv``'s ``xml:lang`` come from the documents."""
    langs = [str(d.meta.get("lang") or "") for d in (pair.src, pair.tgt)]
    if not all(langs) or "und" in langs:
        raise ExportError(
            f"[A911] TMX needs each side's language, found {langs[0] or 'none'!r} and {langs[1] or 'none'!r}; "
            "set xml:lang on the aligned texts"
        )
    ids = [sentence_ids(pair.src), sentence_ids(pair.tgt)]
    tmx = etree.Element("tmx", version="1.4")
    tmx.text = "\n"
    header = etree.SubElement(
        tmx,
        "header",
        creationtool="align",
        creationtoolversion=__version__,
        segtype="sentence",
        **{"o-tmf": "TEI P5", "adminlang": adminlang, "srclang": langs[0], "datatype": "plaintext"},
    )
    source, n = xml_safe(Path(str(pair.alignment.meta.get("source", ""))).name)
    if source:
        _prop(header, "x-source", source)
    if pair.alignment.signature:
        _prop(header, "x-align-signature", xml_safe(pair.alignment.signature)[0])
    header.tail = "\n"
    body = etree.SubElement(tmx, "body")
    body.text = "\n"
    units = replaced = 0
    for number, bead in enumerate(pair.alignment, 1):
        if bead.is_null:
            continue
        tu = etree.SubElement(body, "tu", tuid=str(number), srclang=langs[0])
        tu.tail = "\n"
        _prop(tu, "x-bead", bead.kind)
        here = 0
        tuvs = []
        for side, doc, idx in ((0, pair.src, bead.src), (1, pair.tgt, bead.tgt)):
            text, k = xml_safe(join_sentences(doc, idx))
            here += k
            tuv = etree.Element("tuv")
            tuv.set(XML_LANG, langs[side])
            _prop(tuv, "x-sentence-ids", " ".join(check_id(ids[side][i], ("source", "target")[side]) for i in idx))
            seg = etree.SubElement(tuv, "seg")
            seg.text = text
            tuvs.append(tuv)
        if here:
            _prop(tu, "x-replaced-chars", str(here))
        tu.extend(tuvs)
        units += 1
        replaced += here
    doctype = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
    data = etree.tostring(tmx, xml_declaration=True, encoding="UTF-8", doctype=doctype) + b"\n"
    return Written(data, units, replaced + n)

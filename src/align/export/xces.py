"""XCES ``cesAlign``, the sentence-alignment files of the OPUS corpora.

One ``linkGrp targType="s"`` names the two sentence documents (``fromDoc``, ``toDoc``); each bead is a
``link`` whose ``xtargets`` lists the source sentence ids, a ``;``, then the target ids, each list
space-separated: ``xtargets="s1 s2;s3"``. A null bead keeps its empty side (``"s4;"``, ``";s5"``).

``fromDoc``/``toDoc`` default to the TEI file and the side's element (``book.xml#emb1``). OPUS
tools open those names as sentence documents (``<s id="...">`` in a ``document``):
:func:`opus_document` writes one per side, and ``align export --format xces --documents`` puts them
beside the alignment file, so opustools reads the pairs with their text.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..model import Document
from .base import Written, check_id
from .chars import xml_safe
from .reader import AlignedPair, sentence_ids, sentence_texts

__all__ = ["to_xces", "opus_document"]


def _default_doc(pair: AlignedPair, doc: Document) -> str:
    source = Path(str(pair.alignment.meta.get("source") or doc.meta.get("source") or "")).name
    element = str(doc.meta.get("element") or doc.id)
    return f"{source}#{element}" if source else element


def to_xces(pair: AlignedPair, *, from_doc: str | None = None, to_doc: str | None = None) -> Written:
    """``cesAlign`` bytes for every bead of ``pair``, null beads included."""
    ids = [sentence_ids(pair.src), sentence_ids(pair.tgt)]
    root = etree.Element("cesAlign", version="1.0")
    root.text = "\n"
    grp = etree.SubElement(
        root,
        "linkGrp",
        targType="s",
        fromDoc=xml_safe(from_doc if from_doc is not None else _default_doc(pair, pair.src))[0],
        toDoc=xml_safe(to_doc if to_doc is not None else _default_doc(pair, pair.tgt))[0],
    )
    grp.text = "\n"
    grp.tail = "\n"
    for number, bead in enumerate(pair.alignment, 1):
        src = " ".join(check_id(ids[0][i], "source") for i in bead.src)
        tgt = " ".join(check_id(ids[1][j], "target") for j in bead.tgt)
        link = etree.SubElement(grp, "link", id=f"SL{number}", xtargets=f"{src};{tgt}", type=bead.kind)
        link.tail = "\n"
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
    return Written(data, len(pair.alignment))


def opus_document(doc: Document) -> Written:
    """One side as an OPUS sentence document: ``<document><s id="...">text</s>...</document>``."""
    root = etree.Element("document", id=xml_safe(doc.id)[0])
    root.text = "\n"
    replaced = 0
    for sid, text in zip(sentence_ids(doc), sentence_texts(doc)):
        s = etree.SubElement(root, "s", id=check_id(sid, "a"))
        s.text, k = xml_safe(text)
        replaced += k
        s.tail = "\n"
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
    return Written(data, len(root), replaced)

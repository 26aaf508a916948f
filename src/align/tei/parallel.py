"""A parallel text as TEI: two texts in a ``group``, their sentences as ``s``, the alignment in ``standOff``.

This is what ``align pair --format tei`` writes. Each side's text content is its document text
exactly (for plain-text input, the file as read), so the alignment never costs a character.
"""

from __future__ import annotations

from collections import Counter

import regex
from lxml import etree

from .encode import TEI_NS, link_group, serialize, to_element
from ..errors import EncodeError
from .header import build_header, percent_shares
from ..model import Alignment, Document
from ..text.scripts import LanguageMap
from .tree import Node, insert

__all__ = ["encode_parallel"]

_LETTER = regex.compile(r"\p{L}")
_LANGS = LanguageMap()


def _sentence_ids(doc: Document, side: str, taken: set[str]) -> list[str]:
    """The sentences' own ids when they have them and are unique; else ``{side}.s{n}``."""
    ids = [s.attrs.get("id") for s in doc.layer("sentence")]
    if all(ids) and len(set(ids)) == len(ids) and not (set(ids) & taken):
        return ids  # type: ignore[return-value]
    return [f"{side}.s{n}" for n in range(1, len(ids) + 1)]


def _side_element(doc: Document, side: str, ids: list[str]) -> etree._Element:
    lang = doc.meta.get("lang", "und")
    root = Node("text", 0, len(doc.text), {"xml:id": side, "xml:lang": lang}, rank=0)
    insert(root, Node("body", 0, len(doc.text), rank=1))
    sents = doc.layer("sentence")
    if len(sents):
        insert(root, Node("ab", sents[0].start, sents[-1].end, {"type": "sentences"}, rank=2))
    for s, sid in zip(sents, ids):
        insert(root, Node("s", s.start, s.end, {"xml:id": sid}, rank=3))
    el = to_element(root, doc.text)
    body = el[0]
    if not len(body):  # an empty side still needs a block to be valid TEI
        etree.SubElement(body, f"{{{TEI_NS}}}ab")
    return el


def _shares(*docs: Document) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for d in docs:
        counts[d.meta.get("lang", "und")] += len(_LETTER.findall(d.text)) or 1
    return percent_shares(counts)


def encode_parallel(src: Document, tgt: Document, alignment: Alignment) -> bytes:
    """TEI bytes for two documents with ``sentence`` layers and ``meta["lang"]``, and their alignment."""
    if src.meta.get("lang") == tgt.meta.get("lang") and src.meta.get("lang") is not None:
        raise EncodeError(f"[A402] both sides are in {src.meta['lang']!r}; an alignment joins two languages")
    src_ids = _sentence_ids(src, "src", set())
    tgt_ids = _sentence_ids(tgt, "tgt", set(src_ids))
    names = [d.meta.get("source", d.id) for d in (src, tgt)]
    metadata = {
        "edition": {"title": f"Sentence alignment of {names[0]} ({src.meta.get('lang')}) and {names[1]} ({tgt.meta.get('lang')})"},
        "source": {"title": names[0]},
    }
    header = build_header(
        src,
        metadata=metadata,
        signature=alignment.signature,
        extra_sources=[{"id": "source.tgt", "title": names[1]}],
        shares=_shares(src, tgt),
        segmentation="Sentences as given in the inputs (or split by align's rule-based splitter); "
        "alignment by align, whose settings are the signature in appInfo.",
    )
    tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    tei.text = "\n"
    header.tail = "\n"
    tei.append(header)
    outer = etree.SubElement(tei, f"{{{TEI_NS}}}text")
    outer.tail = "\n"
    group = etree.SubElement(outer, f"{{{TEI_NS}}}group")
    group.text = "\n"
    for doc, side, ids in ((src, "src", src_ids), (tgt, "tgt", tgt_ids)):
        el = _side_element(doc, side, ids)
        el.tail = "\n"
        group.append(el)
    standoff = etree.SubElement(tei, f"{{{TEI_NS}}}standOff")
    standoff.text = "\n"
    grp = link_group(alignment, src_ids, tgt_ids, src_text_id="src", tgt_text_id="tgt")
    grp.set("corresp", "#src #tgt")
    grp.tail = "\n"
    standoff.append(grp)
    standoff.tail = "\n"
    return serialize(tei)

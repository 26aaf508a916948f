"""A parallel text as TEI: two texts in a ``group``, each encoded from its layers, the alignment in ``standOff``.

This is what ``align pair --format tei`` writes. Each side's text content is its document text
exactly (for plain-text input, the file as read), so the alignment never costs a character. The
writing itself is :func:`align.tei.encode.pair_to_tei`; this module makes the :class:`~align.model.Pair`
and, for plain-text sides, runs the encoder's pipeline on them so paragraphs and structure are kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Alignment, Document, Pair
from .encode import pair_to_tei, serialize

if TYPE_CHECKING:
    from ..aligners.base import Aligner
    from ..aligners.inputs import Side

__all__ = ["encode_parallel", "encode_pair", "encode_pair_sides", "annotate_side"]


def encode_pair(pair: Pair) -> bytes:
    """TEI bytes for an aligned pair (see :func:`align.tei.encode.pair_to_tei`)."""
    return serialize(pair_to_tei(pair))


def encode_parallel(src: Document, tgt: Document, alignment: Alignment) -> bytes:
    """TEI bytes for two documents with ``sentence`` layers and ``meta["lang"]``, and their alignment."""
    return encode_pair(Pair(src, tgt, alignment, meta={"role": "parallel"}))


def annotate_side(doc: Document, lang: str) -> Document:
    """A plain-text side run through the default pipeline (structure, scripts, sentences, dates,
    foreign runs), its language fixed to ``lang`` (the one the user gave for this side) rather than
    measured. Every block is split into sentences, headings and signature lines included, so that
    the aligner can link them or leave them unlinked."""
    from ..pipeline import EncodeOptions, default_pipeline, stated_language_options

    plain = Document(doc.text, doc.id, {}, doc.provenance, {k: v for k, v in doc.meta.items() if k != "lang"})
    p = default_pipeline(stated_language_options(EncodeOptions(), doc.text, lang))
    p.replace("sentences", p.steps[p.names.index("sentences")].configured(blocks="all"))
    return p(plain).with_meta(lang=lang)


def encode_pair_sides(src: Side, tgt: Side, aligner: Aligner, alignment: Alignment, *, presegmented: bool = False) -> bytes:
    """What ``align pair --format tei`` writes for two loaded sides. A side read from plain text is
    run through the encoder's pipeline, so its paragraphs and structure are kept; when that changes
    its sentences, the texts are aligned again on the new ones (the links must point at the ``s``
    elements written). Sides read from TEI or given one sentence per line keep their sentences."""
    sides = []
    for side in (src, tgt):
        doc = side.doc
        if not presegmented and side.ids is None:
            doc = annotate_side(doc, doc.meta.get("lang", "und"))
        sides.append(doc)
    a, b = sides
    if a is not src.doc or b is not tgt.doc:
        from ..aligners import align_documents, sentences_of

        if sentences_of(a) != src.sentences or sentences_of(b) != tgt.sentences:
            alignment = align_documents(a, b, aligner=aligner)
    return encode_pair(Pair(a, b, alignment, meta={"role": "parallel"}))

"""A parallel text as TEI: two texts in a ``group``, each encoded from its layers, the alignment in ``standOff``.

This is what ``align pair --format tei`` writes. Each side's text content is its document text
exactly (for plain-text input, the file as read), so the alignment never costs a character. The
writing itself is :func:`align.tei.encode.pair_to_tei`; this module makes the :class:`~align.model.Pair`
and, for plain-text sides, runs the encoder's pipeline on them so paragraphs and structure are kept.
"""

from __future__ import annotations

from ..model import Alignment, Document, Pair
from .encode import pair_to_tei, serialize

__all__ = ["encode_parallel", "encode_pair", "annotate_side"]


def encode_pair(pair: Pair) -> bytes:
    """TEI bytes for an aligned pair (see :func:`align.tei.encode.pair_to_tei`)."""
    return serialize(pair_to_tei(pair))


def encode_parallel(src: Document, tgt: Document, alignment: Alignment) -> bytes:
    """TEI bytes for two documents with ``sentence`` layers and ``meta["lang"]``, and their alignment."""
    return encode_pair(Pair(src, tgt, alignment, meta={"role": "parallel"}))


def annotate_side(doc: Document, lang: str) -> Document:
    """A plain-text side run through the default pipeline (structure, scripts, sentences, dates,
    foreign runs), its language fixed to ``lang`` (the one the user gave for this side) rather than
    measured, and its sentence ids ``{lang}.s{n}``."""
    from ..pipeline import default_pipeline

    plain = Document(doc.text, doc.id, {}, doc.provenance, {k: v for k, v in doc.meta.items() if k != "lang"})
    out = default_pipeline()(plain)
    return out.with_meta(lang=lang)

"""Views at the edge of the model: an aligned pair read from TEI, written as TMX, XCES, TSV, beads
or a side-by-side HTML page. Each writer takes an :class:`AlignedPair` and returns :class:`Written`."""

from __future__ import annotations

from .base import Written
from .reader import AlignedPair, parse_aligned, read_aligned, sentence_ids, sentence_texts
from .tmx import tmx_dtd, to_tmx
from .tsv import parse_tsv, to_tsv
from .xces import opus_document, to_xces

__all__ = [
    "AlignedPair",
    "Written",
    "read_aligned",
    "parse_aligned",
    "sentence_ids",
    "sentence_texts",
    "to_tmx",
    "tmx_dtd",
    "to_xces",
    "opus_document",
    "to_tsv",
    "parse_tsv",
    "to_beads",
]


def to_beads(pair: AlignedPair, *, scores: bool = False) -> Written:
    """Vecalign's bead format (:func:`align.aligners.beadio.format_beads`): indices into each side's sentences."""
    from ..aligners.beadio import format_beads

    return Written(format_beads(pair.alignment.beads, scores=scores).encode("utf-8"), len(pair.alignment))

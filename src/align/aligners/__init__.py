"""Sentence aligners: a base class, a registry, and the default length + anchors + lexicon aligner.

>>> from align.aligners import DPAligner
>>> al = DPAligner("ko", "en").align(["안녕하세요.", "2000년 6월 15일에 만났다."], ["Hello.", "They met on June 15, 2000."])
>>> [b.kind for b in al], al.signature.split("|")[0]
(['1-1', '1-1'], 'aligner:dp-ko')
"""

from .api import align_documents, align_texts, make_aligner, sentences_of, split
from .base import ALIGNERS, Aligner, format_signature, get_aligner, register
from .dp import DEFAULT_PRIORS, DPAligner, LengthAligner, bead_types

__all__ = [
    "Aligner",
    "ALIGNERS",
    "DPAligner",
    "LengthAligner",
    "DEFAULT_PRIORS",
    "align_texts",
    "align_documents",
    "bead_types",
    "format_signature",
    "get_aligner",
    "make_aligner",
    "register",
    "sentences_of",
    "split",
]

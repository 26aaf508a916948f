"""Convenience entry points: align two texts, or two Documents that have a ``sentence`` layer."""

from __future__ import annotations

import os
from typing import Any, Callable

from ..errors import AlignmentError
from .lexicon import Lexicon, read_hunalign
from ..model import Alignment, Document
from .base import ALIGNERS, Aligner
from .dp import DPAligner

__all__ = ["align_texts", "align_documents", "make_aligner", "split"]


def _lexicon(dictionary: Lexicon | str | os.PathLike[str] | None) -> Lexicon | None:
    if dictionary is None or isinstance(dictionary, Lexicon):
        return dictionary
    return read_hunalign(dictionary)


def make_aligner(
    name: str = "dp",
    *,
    src_lang: str = "ko",
    tgt_lang: str = "en",
    dictionary: Lexicon | str | os.PathLike[str] | None = None,
    **options: Any,
) -> Aligner:
    """An aligner from the registry, with a dictionary given as a :class:`Lexicon` or a file path."""
    if name not in ALIGNERS:
        raise AlignmentError(f"[A633] unknown aligner {name!r}; choose one of: {', '.join(sorted(ALIGNERS))}")
    lex = _lexicon(dictionary)
    if lex is not None:
        options["dictionary"] = lex
    make: Callable[..., Aligner] = ALIGNERS[name]  # each registered class takes the two languages
    return make(src_lang, tgt_lang, **options)


def split(text: str, lang: str, *, presegmented: bool = False) -> list[str]:
    """Sentences of ``text``: its lines when ``presegmented``, else the sentence splitter's output."""
    if presegmented:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()  # the final line break ends the last line, it does not start a new one
        return lines
    from ..text.sentences import split_sentences

    return [text[s:e] for s, e in split_sentences(text, lang)]


def align_texts(
    src_text: str,
    tgt_text: str,
    *,
    src_lang: str = "ko",
    tgt_lang: str = "en",
    presegmented: bool = False,
    dictionary: Lexicon | str | os.PathLike[str] | None = None,
    aligner: Aligner | None = None,
) -> tuple[list[str], list[str], Alignment]:
    """Split (unless ``presegmented``: one sentence per line) and align two texts.

    >>> src, tgt, al = align_texts("하나.\\n둘.\\n", "One.\\nTwo.\\n", presegmented=True)
    >>> [(b.src, b.tgt) for b in al]
    [((0,), (0,)), ((1,), (1,))]
    """
    src = split(src_text, src_lang, presegmented=presegmented)
    tgt = split(tgt_text, tgt_lang, presegmented=presegmented)
    if aligner is None:
        aligner = DPAligner(src_lang, tgt_lang, dictionary=_lexicon(dictionary))
    return src, tgt, aligner.align(src, tgt)


def sentences_of(doc: Document) -> list[str]:
    """The texts of a Document's ``sentence`` layer, in order."""
    return [doc.text[s.start : s.end] for s in doc.layer("sentence")]


def align_documents(src_doc: Document, tgt_doc: Document, *, aligner: Aligner | None = None) -> Alignment:
    """Align the ``sentence`` layers of two Documents; languages come from ``meta["lang"]``."""
    src_lang = src_doc.meta.get("lang", "ko")
    tgt_lang = tgt_doc.meta.get("lang", "en")
    if aligner is None:
        aligner = DPAligner(src_lang, tgt_lang)
    return aligner.align(sentences_of(src_doc), sentences_of(tgt_doc), src_id=src_doc.id, tgt_id=tgt_doc.id)

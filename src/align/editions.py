"""Editions with a translation, for any text: the pair value that the TEI writer puts in ``back`` and
``standOff``.

A text and its translation become a :class:`~align.model.Pair`: the text annotated by the default
pipeline, the translation annotated as one document (heading, paragraphs, numbered articles, date
line, signatures), and the beads of the aligner between the sentences of the translated part: an
embedded passage in another language (a treaty quoted in a book), or the whole text. Which part is
chosen by the ``[translation]`` table of the metadata (``passage = N`` for the Nth embedded text,
``passage = "text"`` for the whole text; by default the first embedded text in another language
than the translation, else the whole text). ``align build``, ``align encode --translation`` and
``--meta`` with a ``[translation]`` table all come here.
"""

from __future__ import annotations

from typing import Any, Mapping

import regex

from .aligners.base import Aligner
from .errors import AlignmentError
from .model import Document, Pair, Span
from .pipeline import EncodeOptions, annotate_document, stated_language_options, translation_pipeline

__all__ = ["translated_scope", "translation_pair", "find_mention"]

_WORD = regex.compile(r"[\p{L}\p{N}]+")


def find_mention(doc: Document, title: str, before: int) -> str | None:
    """The id of the main-text sentence nearest before ``before`` that contains every word of
    ``title`` (case- and dash-insensitive): the sentence that introduces an embedded text."""
    words = {w.casefold() for w in _WORD.findall(title)}
    if not words:
        return None
    best = None
    for s in doc.layer("sentence"):
        if s.end > before:
            break
        have = {w.casefold() for w in _WORD.findall(doc.text, s.start, s.end)}
        if words <= have:
            best = s.attrs.get("id")
    return best


def translated_scope(doc: Document, tr_lang: str, passage: int | str | None = None) -> Span | None:
    """The embedded text that the translation renders (``None``: the whole text). See the module
    docstring for ``passage``."""
    embedded = [g for g in doc.layers.get("group", ()) if g.label == "embedded"]
    if passage == "text":
        return None
    if isinstance(passage, int):
        if not 1 <= passage <= len(embedded):
            raise AlignmentError(
                f"[A036] [translation] passage = {passage}, but the text has {len(embedded)} embedded text(s); "
                'give a number from 1 to that, or passage = "text" for the whole text'
            )
        return embedded[passage - 1]
    other = [g for g in embedded if (g.attrs.get("lang") or "und").split("-")[0] != tr_lang.split("-")[0]]
    return other[0] if other else None


def translation_pair(
    doc: Document,
    translation: Document,
    *,
    meta: Mapping[str, Any] | None = None,
    options: EncodeOptions | None = None,
    aligner: Aligner | None = None,
    annotated: bool = False,
) -> Pair:
    """``doc`` (annotated unless ``annotated``) aligned with ``translation`` (a read text)."""
    from .aligners import make_aligner

    o = options or EncodeOptions()
    m = dict(meta or {})
    tr_id = m.get("id") or "tr"
    if not annotated:
        doc = annotate_document(doc, o)
    tr = translation_pipeline(stated_language_options(o, translation.text, m.get("lang")), prefix=f"{tr_id}.")(translation)
    if m.get("lang"):  # the translation's language as stated, rather than measured
        tr = tr.with_meta(lang=m["lang"])
    tr_lang = tr.meta.get("lang", "und")
    scope = translated_scope(doc, tr_lang, m.get("passage"))
    if scope is None:
        src_sents = list(doc.layer("sentence"))
        src_lang, src_id, scope_range = doc.meta.get("lang", "und"), doc.id, None
    else:
        src_sents = list(doc.layer("sentence").within(scope.start, scope.end))
        src_lang = scope.attrs.get("lang") or doc.meta.get("lang", "und")
        src_id = f"emb{[g for g in doc.layer('group') if g.label == 'embedded'].index(scope) + 1}"
        scope_range = (scope.start, scope.end)
    tgt_sents = list(tr.layer("sentence"))
    if aligner is None:
        aligner = make_aligner(src_lang=src_lang.split("-")[0], tgt_lang=tr_lang.split("-")[0])
    alignment = aligner.align([s.text(doc) for s in src_sents], [s.text(tr) for s in tgt_sents], src_id=src_id, tgt_id=tr_id)
    pair_meta = {k: v for k, v in m.items() if k in ("id", "title", "translator", "note") and v is not None}
    pair_meta["id"] = tr_id
    pair_meta["role"] = "edition"
    if scope is not None:
        head = next((b for b in tr.layer("block") if b.label in ("e-head", "heading")), None)
        mention = find_mention(doc, head.text(tr), scope.start) if head else None
        if mention:
            pair_meta["mention"] = mention
    return Pair(doc, tr, alignment, scope_range, None, pair_meta)

"""The main job: the bundled book, with its embedded Korean declaration aligned to an English translation.

Nothing here is particular to the book but its file names: the book goes through the same path as
``align encode TEXT --meta META.toml`` with a ``[translation]`` table (:mod:`align.editions`), and
the TEI writer (:func:`align.tei.encode.to_tei`) writes the translation and its links.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from ..annotate import annotate_bytes  # the main job annotates names, dates, terms (issue 12)
from ..editions import find_mention, translation_pair
from ..model import Document
from ..pipeline import EncodeOptions, encode_document, load_metadata
from ..resources import bundled_corpus_path, data_path
from ..text.profiles import get_profile
from ..text.read import read

__all__ = ["build_book", "encode_with_translation", "find_mention", "load_book_metadata"]

BOOK_META = "seventy-five-years.toml"


def encode_with_translation(
    doc: Document,
    translation: Document,
    *,
    metadata: Mapping[str, Any],
    options: EncodeOptions | None = None,
) -> bytes:
    """TEI for ``doc`` aligned with ``translation`` as the ``[translation]`` table of ``metadata`` says."""
    o = options or EncodeOptions()
    pair = translation_pair(doc, translation, meta=metadata.get("translation", {}), options=o)
    return encode_document(pair.src, metadata=metadata, options=o, annotated=True, translations=[pair])


def load_book_metadata() -> dict[str, Any]:
    """The book's metadata, checked like any ``--meta`` file (the translation's file resolved beside it)."""
    return load_metadata(data_path(BOOK_META))


def build_book(options: EncodeOptions | None = None) -> bytes:
    """The bundled edition's bytes (what ``align build`` writes to ``tei/seventy-five-years.xml``)."""
    meta = load_book_metadata()
    if options is None:
        enc = meta.get("encoding", {})
        options = EncodeOptions(italic=enc.get("italic", "hi"), structure=get_profile(enc.get("profile")))
    doc = read(bundled_corpus_path(), id="seventy-five-years")
    tr_file = meta.get("translation", {}).get("file")
    if not tr_file:
        return annotate_bytes(encode_document(doc, metadata=meta, options=options))
    translation = read(Path(tr_file), id=meta["translation"].get("id", "tr"))
    return annotate_bytes(encode_with_translation(doc, translation, metadata=meta, options=options))

"""Tasks for the batch runner: the library's own jobs as picklable callables (paths → bytes).

Each task carries its settings and a :meth:`signature` of them, which the manifest stores so a rerun
with other settings does the documents again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:  # the encoder loads when a task runs, not when a command's parser is built
    from ..pipeline import EncodeOptions

__all__ = ["EncodeTask", "PairTask"]


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class EncodeTask:
    """A text file to TEI bytes: what ``align encode FILE`` does, for one job of a batch.

    Holds plain settings (not an :class:`EncodeOptions`, whose read-only mappings do not pickle) so
    it can be sent to other processes and machines.
    """

    encoding: str = "utf-8"
    metadata: Mapping[str, Any] = field(default_factory=dict)
    splitter: str = "rules"
    languages: Mapping[str, str] | None = None
    italic: str = "hi"
    #: structure profile name (align.text.profiles); None: the general default
    profile: str | None = None

    @property
    def options(self) -> "EncodeOptions":
        from ..pipeline import EncodeOptions
        from ..text.profiles import get_profile

        return EncodeOptions(splitter=self.splitter, languages=self.languages, italic=self.italic, structure=get_profile(self.profile))

    def __call__(self, inputs: tuple[str, ...]) -> bytes:
        from ..pipeline import encode_document
        from ..text.read import read

        doc = read(inputs[0], encoding=self.encoding)
        return encode_document(doc, metadata=self.metadata, options=self.options)

    def signature(self) -> str:
        from ..pipeline import signature

        langs = _digest(dict(self.languages)) if self.languages else "default"
        return (
            f"task:encode|{signature(self.options)}|enc:{self.encoding}|italic:{self.italic}|lang:{langs}|profile:{self.profile or 'general'}"
            f"|meta:{_digest(dict(self.metadata))}"
        )


@dataclass(frozen=True)
class PairTask:
    """Two files (a text and its translation) to an alignment in ``fmt``: ``align pair SRC TGT``."""

    src_lang: str = "ko"
    tgt_lang: str = "en"
    fmt: str = "tsv"
    presegmented: bool = False
    aligner: str = "dp"
    dictionary: str | None = None
    scores: bool = False

    def __call__(self, inputs: tuple[str, ...]) -> bytes:
        from ..aligners import align_documents, make_aligner
        from ..aligners.beadio import format_beads, format_tsv
        from ..aligners.inputs import load_side

        src = load_side(inputs[0], self.src_lang, presegmented=self.presegmented)
        tgt = load_side(inputs[1], self.tgt_lang, presegmented=self.presegmented)
        aligner = make_aligner(self.aligner, src_lang=self.src_lang, tgt_lang=self.tgt_lang, dictionary=self.dictionary)
        alignment = align_documents(src.doc, tgt.doc, aligner=aligner)
        if self.fmt == "beads":
            return format_beads(alignment.beads, scores=self.scores).encode("utf-8")
        if self.fmt == "tsv":
            ids = (src.ids, tgt.ids) if src.ids is not None and tgt.ids is not None else (None, None)
            return format_tsv(alignment.beads, src.sentences, tgt.sentences, src_ids=ids[0], tgt_ids=ids[1]).encode("utf-8")
        from ..tei.parallel import encode_parallel

        return encode_parallel(src.doc, tgt.doc, alignment)

    def signature(self) -> str:
        from .. import __version__
        from .manifest import sha256_file

        dic = "none"
        if self.dictionary:
            try:
                dic = sha256_file(self.dictionary)[:16]
            except OSError:
                dic = "unreadable"
        return (
            f"task:pair|{self.src_lang}-{self.tgt_lang}|fmt:{self.fmt}|preseg:{int(self.presegmented)}"
            f"|aligner:{self.aligner}|dict:{dic}|scores:{int(self.scores)}|version:{__version__}"
        )

"""The aligner interface: a base class that owns the public ``align`` and a registry for the CLI.

As in sacrebleu's metrics, a subclass fills in one hook (``_align``) and describes its settings in
``signature()``; the base class checks the input, handles the trivial cases and wraps the result in
an :class:`~align.model.Alignment` signed with that signature, so every result says how it was made.
"""

from __future__ import annotations

from typing import Any, ClassVar, Sequence

from .. import __version__
from ..errors import AlignmentError
from ..model import Alignment, Bead

__all__ = ["Aligner", "ALIGNERS", "register", "get_aligner", "format_signature"]


def format_signature(fields: Sequence[tuple[str, str]]) -> str:
    """``key:value|key:value|...|version:X`` with the version last (sacrebleu style)."""
    return "|".join(f"{k}:{v}" for k, v in list(fields) + [("version", __version__)])


class Aligner:
    """Aligns two sequences of sentences; subclasses implement :meth:`_align` and :meth:`signature_fields`."""

    #: Registry name; also the first field of the signature.
    name: ClassVar[str] = "base"

    def signature_fields(self) -> list[tuple[str, str]]:
        return [("aligner", self.name)]

    def signature(self) -> str:
        return format_signature(self.signature_fields())

    def _align(self, src: Sequence[str], tgt: Sequence[str]) -> tuple[list[Bead], dict[str, Any]]:
        raise NotImplementedError

    def align(
        self, src_sents: Sequence[str], tgt_sents: Sequence[str], *, src_id: str = "src", tgt_id: str = "tgt"
    ) -> Alignment:
        """Align ``src_sents`` with ``tgt_sents``; bead indices point into these sequences."""
        for side, sents in (("source", src_sents), ("target", tgt_sents)):
            if isinstance(sents, (str, bytes)) or not all(isinstance(s, str) for s in sents):
                raise AlignmentError(
                    f"[A631] {type(self).__name__}.align() needs a sequence of sentence strings on the {side} side, "
                    f"got {type(sents).__name__}; split the text first (align.text.sentences.split_sentences)"
                )
        src, tgt = list(src_sents), list(tgt_sents)
        meta: dict[str, Any] = {}
        if not src or not tgt:
            beads = [Bead((i,), ()) for i in range(len(src))] + [Bead((), (j,)) for j in range(len(tgt))]
        else:
            beads, meta = self._align(src, tgt)
        _check_cover(beads, len(src), len(tgt))
        return Alignment(src_id, tgt_id, tuple(beads), self.signature(), meta)


def _check_cover(beads: Sequence[Bead], n: int, m: int) -> None:
    """Every sentence in exactly one bead, in order: the contract every aligner keeps."""
    si = ti = 0
    for b in beads:
        if b.src != tuple(range(si, si + len(b.src))) or b.tgt != tuple(range(ti, ti + len(b.tgt))):
            raise AlignmentError(f"[A632] internal error: bead {b} breaks monotone coverage; please report it")
        si += len(b.src)
        ti += len(b.tgt)
    if (si, ti) != (n, m):
        raise AlignmentError(f"[A632] internal error: beads cover {si}/{n} source and {ti}/{m} target sentences")


#: Aligners by name; feeds the CLI's ``--aligner`` choices.
ALIGNERS: dict[str, type[Aligner]] = {}


def register(cls: type[Aligner]) -> type[Aligner]:
    ALIGNERS[cls.name] = cls
    return cls


def get_aligner(name: str, **options: Any) -> Aligner:
    try:
        cls = ALIGNERS[name]
    except KeyError:
        raise AlignmentError(f"[A633] unknown aligner {name!r}; choose one of: {', '.join(sorted(ALIGNERS))}") from None
    return cls(**options)

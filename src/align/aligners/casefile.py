"""Hand-annotated parallel texts: both sides and their gold beads in one readable file.

Writing gold beads as index lists (``[3, 4]:[5]``) by hand is error-prone; in this format the
sentences themselves are grouped into beads, so a reader checks the gold by reading it::

    # src: ko
    # tgt: en
    # what: one line saying what the case tests
    < a source sentence
    > its translation
    > a second target sentence of the same bead

    < a source sentence without counterpart

Lines starting with ``<`` are source sentences, ``>`` target sentences; a blank line ends a bead.
A block with one side only holds null beads, one per sentence. ``#`` lines are headers
(``key: value``) or comments. ``tests/align_cases/`` holds the project's cases.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AlignmentError
from ..model import Bead

__all__ = ["Case", "parse_case", "read_case", "read_cases"]


@dataclass(frozen=True)
class Case:
    """One parallel text with its gold alignment."""

    name: str
    src: list[str]
    tgt: list[str]
    gold: list[Bead]
    src_lang: str = "ko"
    tgt_lang: str = "en"
    headers: dict[str, str] = field(default_factory=dict)


def parse_case(text: str, *, name: str = "<case>") -> Case:
    """A :class:`Case` from the text of a case file; a malformed line is an error with its line."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    headers: dict[str, str] = {}
    block_s: list[str] = []
    block_t: list[str] = []

    def close() -> None:
        if block_s and block_t:
            gold.append(Bead(tuple(range(len(src), len(src) + len(block_s))), tuple(range(len(tgt), len(tgt) + len(block_t)))))
        else:
            gold.extend(Bead((len(src) + k,), ()) for k in range(len(block_s)))
            gold.extend(Bead((), (len(tgt) + k,)) for k in range(len(block_t)))
        src.extend(block_s)
        tgt.extend(block_t)
        block_s.clear()
        block_t.clear()

    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            close()
        elif line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and key.strip().isidentifier():
                headers[key.strip()] = value.strip()
        elif line[:2] in ("< ", "> "):
            (block_s if line[0] == "<" else block_t).append(line[2:].strip())
        else:
            raise AlignmentError(
                "[A650] a case line must start with '< ' (source), '> ' (target) or '#', or be blank",
                path=name,
                line=lineno,
            )
    close()
    return Case(name, src, tgt, gold, headers.get("src", "ko"), headers.get("tgt", "en"), headers)


def read_case(path: str | os.PathLike[str]) -> Case:
    p = Path(path)
    return parse_case(p.read_text(encoding="utf-8"), name=p.stem)


def read_cases(folder: str | os.PathLike[str]) -> list[Case]:
    """Every ``*.case`` file of a folder, sorted by name."""
    return [read_case(p) for p in sorted(Path(folder).glob("*.case"))]

"""Beads as text: vecalign's bead format and a TSV view for reading aligned text side by side.

Vecalign format (also the Text+Berg gold standard's): one bead per line, 0-based sentence indices,
``[0, 1]:[2]``; an optional third field is the bead's score (``[0]:[0]:0.123456``). Null beads
have an empty side: ``[3]:[]``.

TSV: a header line, then one bead per line with the columns ``src``, ``tgt`` (comma-separated
0-based indices, empty for a null side), ``score``, and optionally ``src_id``/``tgt_id`` (space-
separated sentence ``xml:id``\\s) and ``src_text``/``tgt_text`` (the bead's sentences joined by a
space; tabs and line breaks inside become spaces, so each bead stays on one line).

>>> format_beads([Bead((0, 1), (2,)), Bead((2,), ())])
'[0, 1]:[2]\\n[2]:[]\\n'
>>> parse_beads('[0, 1]:[2]\\n[2]:[]:0.5\\n')[1]
Bead(src=(2,), tgt=(), score=0.5)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Sequence

import regex

from ..errors import AlignmentError
from ..model import Bead

__all__ = ["parse_beads", "read_beads", "format_beads", "format_tsv", "parse_tsv", "read_alignment_file"]

_INDICES = r"\[\s*(?:\d+\s*(?:,\s*\d+\s*)*)?\]"
_LINE = regex.compile(rf"^\s*(?P<src>{_INDICES})\s*:\s*(?P<tgt>{_INDICES})\s*(?::\s*(?P<score>\S+)\s*)?$")
_TSV_HEADER = ("src", "tgt", "score")


def _ints(field: str) -> tuple[int, ...]:
    inner = field.strip()[1:-1]
    return tuple(int(x) for x in inner.split(",") if x.strip())


def parse_beads(text: str, *, name: str = "<beads>") -> list[Bead]:
    """Beads from vecalign-format text; blank lines are skipped, anything else malformed is an error."""
    beads: list[Bead] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m:
            raise AlignmentError(
                f"[A601] not a bead: {line.strip()[:60]!r}; expected '[src indices]:[tgt indices]' such as '[0, 1]:[2]'",
                path=name,
                line=lineno,
            )
        score = 0.0
        if m["score"] is not None:
            try:
                score = float(m["score"])
            except ValueError:
                raise AlignmentError(
                    f"[A602] bead score {m['score']!r} is not a number", path=name, line=lineno, col=m.start("score") + 1
                ) from None
        beads.append(Bead(_ints(m["src"]), _ints(m["tgt"]), score))
    return beads


def _read(path: str | os.PathLike[str]) -> str:
    p = Path(path)
    if not p.is_file():
        raise AlignmentError("[A603] no such bead file; check the path", path=str(path))
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise AlignmentError("[A603] bead file is not UTF-8 text", path=str(path)) from None


def read_beads(path: str | os.PathLike[str]) -> list[Bead]:
    return parse_beads(_read(path), name=str(path))


def read_alignment_file(path: str | os.PathLike[str]) -> list[Bead]:
    """Beads from a vecalign bead file or from our TSV (recognised by its header line)."""
    text = _read(path)
    first = text.lstrip().split("\n", 1)[0]
    if first.split("\t")[:2] == ["src", "tgt"]:
        return parse_tsv(text, name=str(path))
    return parse_beads(text, name=str(path))


def _fmt(idx: Sequence[int]) -> str:
    return "[" + ", ".join(str(i) for i in idx) + "]"


def format_beads(beads: Iterable[Bead], *, scores: bool = False) -> str:
    """Vecalign text, one bead per line; ``scores=True`` appends each bead's score as a third field."""
    if scores:
        return "".join(f"{_fmt(b.src)}:{_fmt(b.tgt)}:{b.score:.6f}\n" for b in beads)
    return "".join(f"{_fmt(b.src)}:{_fmt(b.tgt)}\n" for b in beads)


def _cell(s: str) -> str:
    return regex.sub(r"[\t\r\n]+", " ", s).strip()


def format_tsv(
    beads: Iterable[Bead],
    src_sents: Sequence[str] | None = None,
    tgt_sents: Sequence[str] | None = None,
    *,
    src_ids: Sequence[str] | None = None,
    tgt_ids: Sequence[str] | None = None,
) -> str:
    """TSV with a header; text and id columns appear when the sentences or ids are given."""
    head = list(_TSV_HEADER)
    if src_ids is not None and tgt_ids is not None:
        head += ["src_id", "tgt_id"]
    if src_sents is not None and tgt_sents is not None:
        head += ["src_text", "tgt_text"]
    lines = ["\t".join(head)]
    for b in beads:
        row = [",".join(map(str, b.src)), ",".join(map(str, b.tgt)), f"{b.score:.6f}"]
        if "src_id" in head:
            row += [" ".join(src_ids[i] for i in b.src), " ".join(tgt_ids[i] for i in b.tgt)]  # type: ignore[index]
        if "src_text" in head:
            row += [_cell(" ".join(src_sents[i] for i in b.src)), _cell(" ".join(tgt_sents[i] for i in b.tgt))]  # type: ignore[index]
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"


def parse_tsv(text: str, *, name: str = "<tsv>") -> list[Bead]:
    """Beads from :func:`format_tsv` output (only the index and score columns are read)."""
    rows = text.splitlines()
    if not rows or rows[0].split("\t")[:2] != ["src", "tgt"]:
        raise AlignmentError("[A604] TSV alignment needs a header line starting 'src<TAB>tgt'", path=name, line=1)
    head = rows[0].split("\t")
    has_score = len(head) > 2 and head[2] == "score"
    beads = []
    for lineno, row in enumerate(rows[1:], 2):
        if not row.strip():
            continue
        cols = row.split("\t")
        try:
            src = tuple(int(x) for x in cols[0].split(",") if x.strip())
            tgt = tuple(int(x) for x in cols[1].split(",") if x.strip())
            score = float(cols[2]) if has_score and len(cols) > 2 and cols[2].strip() else 0.0
        except (ValueError, IndexError):
            raise AlignmentError(
                f"[A605] bad TSV bead row {row[:60]!r}; columns 1-2 must be comma-separated sentence indices",
                path=name,
                line=lineno,
            ) from None
        beads.append(Bead(src, tgt, score))
    return beads

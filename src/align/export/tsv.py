r"""Lossless TSV: one bead a line, every sentence's exact text, read back by :func:`parse_tsv`.

Columns (a header line names them; the first three are those of :func:`align.aligners.beadio.format_tsv`,
so :func:`~align.aligners.beadio.read_alignment_file` reads the beads of this file too):

``src``, ``tgt``
    0-based sentence indices, comma-separated, empty for the empty side of a null bead.
``score``
    the bead's score, written so that it reads back to the same float.
``src_id``, ``tgt_id``
    the sentences' ``xml:id``\ s, space-separated.
``src_text``, ``tgt_text``
    the sentences' text exactly as in the TEI (line breaks of the layout included), escaped so that
    a line is a bead and a tab a column: ``\\`` for a backslash, ``\t`` tab, ``\n`` line feed, ``\r``
    carriage return; sentences of one side are separated by ``\|``. No other backslash sequence occurs.

>>> escape("a\tb\\c")
'a\\tb\\\\c'
>>> unescape_cell(r"one\ntwo\|three")
['one\ntwo', 'three']
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ExportError
from ..model import Bead
from .base import Written
from .reader import AlignedPair, sentence_ids, sentence_texts

__all__ = ["to_tsv", "parse_tsv", "TsvBead", "escape", "unescape_cell", "HEADER"]

HEADER = ("src", "tgt", "score", "src_id", "tgt_id", "src_text", "tgt_text")
_ESC = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESC = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


@dataclass(frozen=True)
class TsvBead:
    """One row read back: the bead, and each side's sentence ids and exact texts."""

    bead: Bead
    src_ids: tuple[str, ...]
    tgt_ids: tuple[str, ...]
    src_text: tuple[str, ...]
    tgt_text: tuple[str, ...]


def escape(text: str) -> str:
    """One sentence as a cell fragment: backslash, tab, LF and CR as two-character escapes."""
    return "".join(_ESC.get(c, c) for c in text)


def unescape_cell(cell: str, *, where: str = "<tsv>", line: int | None = None) -> list[str]:
    """A text cell back into its sentences (an empty cell is no sentence)."""
    if cell == "":
        return []
    out: list[str] = []
    cur: list[str] = []
    i = 0
    while i < len(cell):
        c = cell[i]
        if c == "\\":
            nxt = cell[i + 1 : i + 2]
            if nxt == "|":
                out.append("".join(cur))
                cur = []
            elif nxt in _UNESC:
                cur.append(_UNESC[nxt])
            else:
                raise ExportError(
                    f"[A921] unknown escape '\\{nxt}' in a TSV text cell; only \\\\ \\t \\n \\r and \\| occur",
                    path=where,
                    line=line,
                    col=i + 1,
                )
            i += 2
            continue
        cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


def to_tsv(pair: AlignedPair) -> Written:
    """TSV bytes (UTF-8) for every bead of ``pair``, null beads included."""
    ids = [sentence_ids(pair.src), sentence_ids(pair.tgt)]
    texts = [sentence_texts(pair.src, normalize=False), sentence_texts(pair.tgt, normalize=False)]
    lines = ["\t".join(HEADER)]
    for b in pair.alignment:
        lines.append(
            "\t".join(
                [
                    ",".join(map(str, b.src)),
                    ",".join(map(str, b.tgt)),
                    repr(float(b.score)),
                    " ".join(ids[0][i] for i in b.src),
                    " ".join(ids[1][j] for j in b.tgt),
                    "\\|".join(escape(texts[0][i]) for i in b.src),
                    "\\|".join(escape(texts[1][j]) for j in b.tgt),
                ]
            )
        )
    return Written(("\n".join(lines) + "\n").encode("utf-8"), len(pair.alignment))


def _ints(cell: str) -> tuple[int, ...]:
    return tuple(int(x) for x in cell.split(",")) if cell else ()


def parse_tsv(text: str, *, name: str = "<tsv>") -> list[TsvBead]:
    """Rows of :func:`to_tsv` output back into beads, ids and exact sentence texts."""
    rows = text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    if not rows or tuple(rows[0].split("\t")) != HEADER:
        raise ExportError(
            f"[A920] not an align export TSV: the first line must be {'<TAB>'.join(HEADER)}", path=name, line=1
        )
    out: list[TsvBead] = []
    for lineno, row in enumerate(rows[1:], 2):
        cols = row.split("\t")
        if len(cols) != len(HEADER):
            raise ExportError(f"[A920] {len(cols)} columns where the header has {len(HEADER)}", path=name, line=lineno)
        try:
            bead = Bead(_ints(cols[0]), _ints(cols[1]), float(cols[2]))
        except ValueError:
            raise ExportError(
                "[A920] columns src and tgt must be comma-separated sentence indices and score a number",
                path=name,
                line=lineno,
            ) from None
        src_ids = tuple(cols[3].split(" ")) if cols[3] else ()
        tgt_ids = tuple(cols[4].split(" ")) if cols[4] else ()
        # an empty cell is no sentence, or one empty sentence when the row has one index
        src_text = tuple(unescape_cell(cols[5], where=name, line=lineno)) or ("",) * (len(bead.src) == 1)
        tgt_text = tuple(unescape_cell(cols[6], where=name, line=lineno)) or ("",) * (len(bead.tgt) == 1)
        if not (len(bead.src) == len(src_ids) == len(src_text) and len(bead.tgt) == len(tgt_ids) == len(tgt_text)):
            raise ExportError(
                "[A920] a side's indices, ids and texts differ in number; the row was edited or cut",
                path=name,
                line=lineno,
            )
        out.append(TsvBead(bead, src_ids, tgt_ids, src_text, tgt_text))
    return out

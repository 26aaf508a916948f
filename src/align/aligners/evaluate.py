"""Strict and lax precision, recall and F1 of a sentence alignment against a gold standard.

The definitions are those of Sennrich & Volk (2011) as vecalign's ``score.py`` computes them, so
numbers are comparable with the published ones:

* Beads are compared as sets per document; a bead empty on both sides is ignored.
* **Precision** is over all test beads, null beads (``1-0``, ``0-1``) included: a test bead is a
  strict hit when the identical bead is in the gold standard, and a lax hit when one of its source
  sentences is linked in gold to one of its target sentences.
* **Recall** is the same computation with the roles swapped and null beads left out on both sides:
  over the non-null gold beads, a strict hit is an identical non-null test bead, a lax hit is a gold
  bead one of whose source sentences the (non-null) test beads link to one of its target sentences.
* Several documents are **micro-averaged**: counts are summed first, then divided. A ratio with a
  zero denominator is 0.

>>> s = score([([0], [0]), ([1], [1, 2])], [([0], [0]), ([1], [1]), ([], [2])])
>>> round(s.precision_strict, 3), round(s.recall_strict, 3), round(s.f1_lax, 3)
(0.333, 0.5, 0.8)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Sequence, Tuple, Union

from ..model import Bead

__all__ = ["Tally", "Scores", "tally", "score", "score_documents", "BeadLike"]

#: A bead, or a plain ``(src_indices, tgt_indices)`` pair as read from a vecalign file.
BeadLike = Union[Bead, Tuple[Sequence[int], Sequence[int]]]
_Key = Tuple[Tuple[int, ...], Tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Tally:
    """Raw counts for one document, or summed over several (``+``)."""

    test: int = 0  # distinct test beads, null beads included
    test_strict: int = 0  # ... identical to a gold bead
    test_lax: int = 0  # ... strict hits plus beads overlapping a gold link on both sides
    gold: int = 0  # distinct non-null gold beads
    gold_strict: int = 0  # ... identical to a non-null test bead
    gold_lax: int = 0  # ... strict hits plus beads overlapping a non-null test link

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(*(a + b for a, b in zip(_astuple(self), _astuple(other))))


def _astuple(t: Tally) -> tuple[int, ...]:
    return (t.test, t.test_strict, t.test_lax, t.gold, t.gold_strict, t.gold_lax)


@dataclass(frozen=True, slots=True)
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float
    tally: Tally
    documents: int = 1

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            k: getattr(self, k)
            for k in ("precision_strict", "recall_strict", "f1_strict", "precision_lax", "recall_lax", "f1_lax")
        }
        d["documents"] = self.documents
        d["counts"] = dict(zip(("test", "test_strict", "test_lax", "gold", "gold_strict", "gold_lax"), _astuple(self.tally)))
        return d

    def format(self) -> str:
        """A small table in the shape vecalign prints."""
        rows = [
            "           strict     lax",
            f"precision  {self.precision_strict:6.3f}  {self.precision_lax:6.3f}",
            f"recall     {self.recall_strict:6.3f}  {self.recall_lax:6.3f}",
            f"F1         {self.f1_strict:6.3f}  {self.f1_lax:6.3f}",
        ]
        return "\n".join(rows) + "\n"


def _key(bead: BeadLike) -> _Key:
    if isinstance(bead, Bead):
        return bead.src, bead.tgt
    src, tgt = bead
    return tuple(src), tuple(tgt)


def _hits(reference: set[_Key], candidates: set[_Key]) -> tuple[int, int]:
    """(strict, lax) hits of ``candidates`` against ``reference``, lax linking source to target."""
    links: dict[int, set[int]] = defaultdict(set)
    for src, tgt in reference:
        for i in src:
            links[i].update(tgt)
    strict = lax = 0
    for src, tgt in candidates:
        if (src, tgt) in reference:
            strict += 1
            lax += 1
        elif tgt and any(not links.get(i, set()).isdisjoint(tgt) for i in src):
            lax += 1
    return strict, lax


def tally(gold: Iterable[BeadLike], test: Iterable[BeadLike]) -> Tally:
    """Counts for one document; both sides are deduplicated, beads empty on both sides dropped."""
    gold_set = {k for k in map(_key, gold) if k[0] or k[1]}
    test_set = {k for k in map(_key, test) if k[0] or k[1]}
    p_strict, p_lax = _hits(gold_set, test_set)
    gold_full = {k for k in gold_set if k[0] and k[1]}
    test_full = {k for k in test_set if k[0] and k[1]}
    r_strict, r_lax = _hits(test_full, gold_full)
    return Tally(len(test_set), p_strict, p_lax, len(gold_full), r_strict, r_lax)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def scores_from_tally(t: Tally, documents: int = 1) -> Scores:
    ps, pl = _ratio(t.test_strict, t.test), _ratio(t.test_lax, t.test)
    rs, rl = _ratio(t.gold_strict, t.gold), _ratio(t.gold_lax, t.gold)
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl), t, documents)


def score(gold: Iterable[BeadLike], test: Iterable[BeadLike]) -> Scores:
    """Scores of one test alignment against one gold alignment."""
    return scores_from_tally(tally(gold, test))


def score_documents(pairs: Iterable[tuple[Iterable[BeadLike], Iterable[BeadLike]]]) -> Scores:
    """Micro-averaged scores over ``(gold, test)`` pairs, one pair per document."""
    total, n = Tally(), 0
    for gold, test in pairs:
        total = total + tally(gold, test)
        n += 1
    return scores_from_tally(total, n)

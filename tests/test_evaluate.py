"""The evaluator against numbers worked out by hand from the Sennrich & Volk / vecalign definitions."""

from __future__ import annotations

import pytest

from align.aligners.evaluate import Tally, score, score_documents, tally
from align.model import Bead

G3 = [([0], [0]), ([1], [1]), ([2], [2])]

# (case, gold, test, expected Tally(test, test_strict, test_lax, gold, gold_strict, gold_lax))
CASES = [
    ("identical", G3, G3, Tally(3, 3, 3, 3, 3, 3)),
    # test [1]:[1] overlaps gold [1]:[1,2] -> lax only; the null test bead is a miss for precision
    ("split-with-null", [([0], [0]), ([1], [1, 2])], [([0], [0]), ([1], [1]), ([], [2])], Tally(3, 1, 2, 2, 1, 2)),
    # a null test bead that is also in gold counts for precision; recall ignores nulls on both sides
    ("null-in-gold", [([0], [0]), ([1], []), ([2], [1])], [([0], [0]), ([1], []), ([2], [1])], Tally(3, 3, 3, 2, 2, 2)),
    # a 2-2 bead over two 1-1 gold beads: lax everywhere, strict only for the untouched bead
    ("merge", G3, [([0, 1], [0, 1]), ([2], [2])], Tally(2, 1, 2, 3, 1, 3)),
    # shifted by one: no overlap of links at all
    ("shifted", G3, [([0], [1]), ([1], [2]), ([2], [])], Tally(3, 0, 0, 3, 0, 0)),
    # duplicates collapse; a bead empty on both sides is ignored
    ("dedup", G3, [([0], [0]), ([0], [0]), ([], []), ([1], [1]), ([2], [2])], Tally(3, 3, 3, 3, 3, 3)),
    # source overlaps a gold bead but target overlaps a different one: not lax
    ("cross", [([0], [0]), ([1], [1])], [([0], [1]), ([1], [0])], Tally(2, 0, 0, 2, 0, 0)),
    ("empty-test", G3, [], Tally(0, 0, 0, 3, 0, 0)),
]


@pytest.mark.parametrize("case,gold,test,expected", CASES, ids=[c[0] for c in CASES])
def test_evaluate_tally(case, gold, test, expected):
    assert tally(gold, test) == expected


def test_evaluate_scores_by_hand():
    s = score(G3, [([0, 1], [0, 1]), ([2], [2])])
    assert s.precision_strict == pytest.approx(1 / 2)
    assert s.recall_strict == pytest.approx(1 / 3)
    assert s.f1_strict == pytest.approx(0.4)
    assert (s.precision_lax, s.recall_lax, s.f1_lax) == (1.0, 1.0, 1.0)


def test_evaluate_zero_denominators_give_zero():
    s = score(G3, [])
    assert (s.precision_strict, s.recall_strict, s.f1_strict, s.f1_lax) == (0.0, 0.0, 0.0, 0.0)


def test_evaluate_micro_average_sums_counts_before_dividing():
    doc1 = ([([0], [0])], [([0], [0])])  # P 1/1, R 1/1
    doc2 = (G3, [([0, 1, 2], [0, 1, 2])])  # P 0/1, R 0/3
    s = score_documents([doc1, doc2])
    assert s.documents == 2
    assert s.precision_strict == pytest.approx(1 / 2)  # macro would also be 1/2 ...
    assert s.recall_strict == pytest.approx(1 / 4)  # ... but macro recall would be 1/2
    assert s.f1_strict == pytest.approx(1 / 3)
    assert s.recall_lax == pytest.approx(1.0)


def test_evaluate_accepts_bead_objects():
    beads = [Bead((0,), (0,), 0.3), Bead((1, 2), (1,))]
    assert tally(beads, [([0], [0]), ([1, 2], [1])]) == Tally(2, 2, 2, 2, 2, 2)


def test_evaluate_to_dict_and_format():
    s = score(G3, G3)
    d = s.to_dict()
    assert d["f1_strict"] == 1.0 and d["counts"]["gold"] == 3
    assert "F1" in s.format() and "1.000" in s.format()

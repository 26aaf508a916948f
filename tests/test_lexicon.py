"""Dictionaries in hunalign's format, lexicon keys, and the bootstrapped translation table."""

from __future__ import annotations

import pytest

from align.errors import AlignmentError
from align.aligners.lexicon import Entry, Lexicon, bootstrap, parse_hunalign, read_hunalign, stem, tokens

DICT = """# a comment line
peace @ 평화
reunify @ 통일하다
joint declaration @ 공동 선언
the north @ 북

"""


def test_lexicon_hunalign_direction_is_target_first():
    lx = parse_hunalign(DICT)
    assert [(e.src, e.tgt) for e in lx.entries] == [
        (("평화",), ("peace",)),
        (("통일하다",), ("reunify",)),
        (("공동", "선언"), ("joint", "declaration")),
        (("북",), ("the", "north")),
    ]


@pytest.mark.parametrize(
    "line,code",
    [("peace평화", "A611"), ("peace @ ", "A612"), (" @ 평화", "A612"), ("peace @ ...", "A612")],
)
def test_lexicon_bad_lines(line, code):
    with pytest.raises(AlignmentError) as exc:
        parse_hunalign("ok @ 좋다\n" + line + "\n", name="ko-en.dic")
    assert code in str(exc.value) and exc.value.line == 2 and exc.value.path == "ko-en.dic"


def test_lexicon_read_files(tmp_path):
    empty = tmp_path / "null.dic"
    empty.write_bytes(b"")
    assert len(read_hunalign(empty)) == 0  # hunalign accepts an empty dictionary; so do we
    f = tmp_path / "d.dic"
    f.write_text(DICT, encoding="utf-8")
    assert len(read_hunalign(f)) == 4
    with pytest.raises(AlignmentError, match="A613"):
        read_hunalign(tmp_path / "missing.dic")


@pytest.mark.parametrize(
    "src_text,tgt_text,shared",
    [
        ("평화를 위하여", "for peace", 1),  # particle stripped from 평화를
        ("통일하기 위하여", "to reunify the country", 1),  # 통일하다 matches 통일하기 through its stem
        ("공동 선언을 발표하였다", "issued the joint declaration", 1),  # two-word phrases on both sides
        ("선언", "declaration", 0),  # half a phrase is no match
        ("북과 남은", "The North and the South", 1),
        ("전쟁", "war and peace", 0),
    ],
)
def test_lexicon_keys_match_across_sides(src_text, tgt_text, shared):
    lx = parse_hunalign(DICT)
    a = lx.keys(tokens(src_text), "src")
    b = lx.keys(tokens(tgt_text), "tgt")
    assert len(a.keys() & b.keys()) == shared


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The North, and the South!", ["the", "north", "and", "the", "south"]),
        ("평화를 위하여 1950년", ["평화", "위하여"]),
        ("Kim Jong-il's", ["kim", "jong-il's"]),
    ],
)
def test_lexicon_tokens(text, expected):
    assert tokens(text) == expected


def test_lexicon_stem():
    assert stem("declarations") == "decla" and stem("war") == "war" and stem("평화") == "평화"


def test_lexicon_bootstrap_finds_consistent_pairs():
    # "peace" always translates 평화 and "war" 전쟁; function words co-occur with everything
    src = [["평화", "그", "날"], ["전쟁", "그"], ["평화", "전쟁", "그"], ["평화", "나라"], ["전쟁", "나라"], ["하늘"]]
    tgt = [["peace", "the", "day"], ["war", "the"], ["peace", "war", "the"], ["peace", "country"], ["war", "country"], ["sky"]]
    lx = bootstrap([tokens(" ".join(s)) for s in src], [tokens(" ".join(t)) for t in tgt], [(i, i) for i in range(6)])
    pairs = {(e.src, e.tgt) for e in lx.entries}
    assert (("평화",), ("peace",)) in pairs and (("전쟁",), ("war",)) in pairs
    assert (("평화",), ("war",)) not in pairs  # weaker than 평화-peace, and 전쟁-war is stronger still
    assert (("하늘",), ("sky",)) not in pairs  # seen once: below min_count
    assert lx.stemmed and all(0 < e.weight <= 1 for e in lx.entries)


def test_lexicon_merge_and_weights():
    a = Lexicon((Entry(("평화",), ("peace",), 0.5),), name="a")
    b = Lexicon((Entry(("전쟁",), ("war",)),), name="b")
    both = a + b
    assert len(both) == 2
    key = next(iter(both.keys(["전쟁"], "src")))
    assert both.weight(key) == 1.0


def _naive_bootstrap(src_sets, tgt_sets, min_count=2, min_dice=0.5, near=2.0):
    """Dice over every co-occurring pair, no pruning: what bootstrap() must agree with."""
    fs = {w: sum(w in s for s in src_sets) for s in src_sets for w in s}
    ft = {w: sum(w in t for t in tgt_sets) for t in tgt_sets for w in t}
    common = max(50, len(src_sets) // 10)
    co: dict = {}
    for ss, ts in zip(src_sets, tgt_sets):
        for s in ss:
            for t in ts:
                if min_count <= fs[s] <= common and min_count <= ft[t] <= common:
                    co[s, t] = co.get((s, t), 0) + 1
    dice = {(s, t): 2 * c / (fs[s] + ft[t]) for (s, t), c in co.items() if c >= min_count and s != t}
    dice = {k: d for k, d in dice.items() if d >= min_dice}
    best_s: dict = {}
    best_t: dict = {}
    for (s, t), d in dice.items():
        best_s[s] = max(best_s.get(s, 0.0), d)
        best_t[t] = max(best_t.get(t, 0.0), d)
    return {(s, t) for (s, t), d in dice.items() if d * near >= best_s[s] and d * near >= best_t[t]}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("min_dice", [0.3, 0.5, 0.8])
def test_lexicon_bootstrap_pruning_changes_nothing(seed, min_dice):
    # bootstrap() skips pairs whose frequencies are too far apart to reach min_dice; the table
    # must be the one an unpruned count gives, on random texts with skewed word frequencies
    import random

    rng = random.Random(seed)
    vocab_s = [f"s{k}" for k in range(150)]
    vocab_t = [f"t{k}" for k in range(150)]
    weights = [1 / (k + 1) ** 0.7 for k in range(150)]
    src = [rng.choices(vocab_s, weights, k=rng.randint(1, 8)) for _ in range(300)]
    tgt = [[f"t{w[1:]}" if rng.random() < 0.7 else rng.choice(vocab_t) for w in s] for s in src]
    lx = bootstrap(src, tgt, [(i, i) for i in range(len(src))], min_dice=min_dice)
    got = {(e.src[0], e.tgt[0]) for e in lx.entries}
    expected = _naive_bootstrap([set(s) for s in src], [set(t) for t in tgt], min_dice=min_dice)
    assert got == expected and len(got) > 5

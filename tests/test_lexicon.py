"""Dictionaries in hunalign's format, lexicon keys, and the bootstrapped translation table."""

from __future__ import annotations

import pytest

from align.errors import AlignmentError
from align.lexicon import Entry, Lexicon, bootstrap, parse_hunalign, read_hunalign, stem, tokens

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

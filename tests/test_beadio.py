"""Bead files: vecalign's format and our TSV, both ways."""

from __future__ import annotations

import pytest

from align.aligners.beadio import format_beads, format_tsv, parse_beads, parse_tsv, read_alignment_file, read_beads
from align.errors import AlignmentError
from align.model import Bead

BEADS = [Bead((0,), (0, 1)), Bead((1, 2), (2,)), Bead((3,), ()), Bead((), (3,)), Bead((4, 5, 6), (4,))]


def test_beadio_format_is_vecalign_style():
    assert format_beads(BEADS[:3]) == "[0]:[0, 1]\n[1, 2]:[2]\n[3]:[]\n"


@pytest.mark.parametrize("scores", [False, True])
def test_beadio_round_trip(scores):
    beads = [Bead(b.src, b.tgt, 0.25 * i) for i, b in enumerate(BEADS)]
    back = parse_beads(format_beads(beads, scores=scores))
    assert [(b.src, b.tgt) for b in back] == [(b.src, b.tgt) for b in beads]
    if scores:
        assert [b.score for b in back] == [b.score for b in beads]


@pytest.mark.parametrize(
    "line,expected",
    [
        ("[0,1]:[2]", Bead((0, 1), (2,))),
        ("  [ 0 , 1 ] : [ 2 ]  ", Bead((0, 1), (2,))),
        ("[]:[7]", Bead((), (7,))),
        ("[3]:[4]:-1.5", Bead((3,), (4,), -1.5)),
    ],
)
def test_beadio_parse_variants(line, expected):
    assert parse_beads(line + "\n") == [expected]


@pytest.mark.parametrize("bad,code", [("[0]-[1]", "A601"), ("[a]:[1]", "A601"), ("[0]:[1]:x", "A602"), ("0:1", "A601")])
def test_beadio_parse_errors_carry_code_and_line(bad, code):
    with pytest.raises(AlignmentError) as exc:
        parse_beads("[0]:[0]\n\n" + bad + "\n", name="gold.txt")
    assert code in str(exc.value) and exc.value.line == 3 and exc.value.path == "gold.txt"


def test_beadio_tsv_round_trip_with_text_and_ids():
    src = ["가.", "나\t다.", "라.", "마.", "바.", "사.", "아."]
    tgt = ["a.", "b.", "c.", "d\ne.", "f."]
    text = format_tsv(BEADS, src, tgt, src_ids=[f"ko.s{i}" for i in range(7)], tgt_ids=[f"en.s{i}" for i in range(5)])
    lines = text.splitlines()
    assert lines[0] == "src\ttgt\tscore\tsrc_id\ttgt_id\tsrc_text\ttgt_text"
    assert lines[2].split("\t") == ["1,2", "2", "0.000000", "ko.s1 ko.s2", "en.s2", "나 다. 라.", "c."]
    assert lines[4].split("\t")[:2] == ["", "3"] and lines[4].split("\t")[-1] == "d e."
    assert parse_tsv(text) == BEADS


def test_beadio_tsv_needs_header():
    with pytest.raises(AlignmentError, match="A604"):
        parse_tsv("0\t0\n")


def test_beadio_read_files(tmp_path):
    (tmp_path / "a.beads").write_text(format_beads(BEADS), encoding="utf-8")
    (tmp_path / "a.tsv").write_text(format_tsv(BEADS), encoding="utf-8")
    assert read_beads(tmp_path / "a.beads") == BEADS
    assert read_alignment_file(tmp_path / "a.tsv") == BEADS
    assert read_alignment_file(tmp_path / "a.beads") == BEADS
    with pytest.raises(AlignmentError, match="A603"):
        read_beads(tmp_path / "missing")

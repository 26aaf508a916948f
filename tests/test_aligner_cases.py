"""The aligner on hand-written parallel texts (tests/align_cases/*.case) whose beads were written
by hand, and the diagnosis that tells parallel texts from texts that are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.aligners import DPAligner
from align.aligners.anchors import numerals
from align.aligners.casefile import parse_case, read_case, read_cases
from align.aligners.diagnose import diagnose, measures
from align.aligners.evaluate import score_documents
from align.cli import main
from align.errors import AlignmentError
from align.model import Alignment, Bead

CASES = Path(__file__).parent / "align_cases"

#: Cases the aligner does not yet get exactly right, and why (each is a strict xfail: a fix shows).
WEAK = {
    "inserted-sentence": "a short inserted sentence without numbers or names: length and priors prefer a 1-2 merge",
    "agreement-en-ko": "the crossing closing becomes a 2-1 and a 1-2 bead (a name without digits is no stray evidence); the Korean's own title line joins the title",
    "fr-en-notice": "an omitted and an added sentence next to each other become a 2-2 bead",
    # written as held-out checks before the stray-evidence cost was tried (one more, scripture-fr-en-verse, passes)
    "agreement-ko-en-no-sigs-en": "trailing material on both sides: the English date line is linked 1-1 with a Korean signature (only one of the two null beads gets the edge price)",
    "novel-ko-en-omitted": "an omitted sentence without numbers shifts the next 1-1 bead by one until the added sentence",
    "treaty-en-ko-sigs-first": "an English heading (PREAMBLE) joins the preamble: it makes the bead's length fit better",
    "news-ko-en": "a 2-1 split across a dropped byline and an added sentence is placed one sentence off",
}


def beads(al):
    return [(b.src, b.tgt) for b in al]


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=WEAK[p.stem])) if p.stem in WEAK else p
        for p in sorted(CASES.glob("*.case"))
    ],
    ids=lambda p: p.stem,
)
def test_case_aligns_as_written_by_hand(path):
    case = read_case(path)
    got = DPAligner(case.src_lang, case.tgt_lang).align(case.src, case.tgt)
    assert beads(got) == [(b.src, b.tgt) for b in case.gold]


def test_cases_as_a_set():
    # before null beads from evidence the set scored 0.71 strict (merges where null beads belong)
    cases = read_cases(CASES)
    assert len(cases) >= 10 and {c.src_lang for c in cases} >= {"ko", "en", "de", "fr"}
    pairs = [(c.gold, list(DPAligner(c.src_lang, c.tgt_lang).align(c.src, c.tgt).beads)) for c in cases]
    got = score_documents(pairs)
    assert got.f1_strict >= 0.85 and got.f1_lax >= 0.95


def test_trailing_signatures_stay_unlinked_whatever_their_number():
    # the English stops after the last article: date line and signatures are 1-0 beads
    case = read_case(CASES / "missing-signatures.case")
    last = case.src[-3:]
    for k in range(1, 4):
        src = case.src[: len(case.src) - 3] + last[:k]
        al = DPAligner("ko", "en").align(src, case.tgt)
        assert beads(al)[-k:] == [((i,), ()) for i in range(len(src) - k, len(src))]


def test_numerals_written_and_present():
    written, present = numerals("2018 4 27", "ko")
    assert written == (("2018",), ("4",), ("27",))
    written, present = numerals("April 27, 2018", "en")
    assert written == (("4", "27"), ("2018",)) and present == {"4", "27", "2018"}
    assert numerals("Her stall turned forty this year.", "en") == ((), frozenset({"40"}))
    assert numerals("첫째, 남과 북은", "ko") == ((), frozenset({"1"}))
    assert numerals("No numbers here.", "en") == ((), frozenset())


def test_percent_is_not_a_korean_short_date():
    from align.aligners.anchors import anchor_key_list

    assert anchor_key_list("4.2% 늘었다", "ko", ["date", "num"]) == ["num:4.2"]
    assert anchor_key_list("6.15 공동선언", "ko", ["date", "num"]) == ["date:06-15"]


def test_a_date_line_is_not_merged_into_a_bead_whose_numbers_differ():
    src = ["제1조 양측은 협력한다.", "제2조 양측은 자료를 교환한다.", "2019년 9월 19일"]
    tgt = ["Article 1 The parties shall cooperate.", "Article 2 The parties shall exchange data."]
    assert beads(DPAligner("ko", "en").align(src, tgt)) == [((0,), (0,)), ((1,), (1,)), ((2,), ())]


def test_null_runs_come_out_as_single_null_beads():
    case = read_case(CASES / "omitted-paragraph.case")
    al = DPAligner("ko", "en").align(case.src, case.tgt)
    assert [b for b in al if not b.tgt] == [Bead((5,), (), b.score) for b in al if b.src == (5,)] + [
        b for b in al if b.src in ((6,), (7,))
    ]
    assert all(len(b.src) <= 1 for b in al if not b.tgt)


def test_parse_case_format_and_errors():
    case = parse_case("# src: de\n# tgt: fr\n< a\n> b\n> c\n\n< d\n\n> e\n")
    assert (case.src_lang, case.tgt_lang, case.src, case.tgt) == ("de", "fr", ["a", "d"], ["b", "c", "e"])
    assert [(b.src, b.tgt) for b in case.gold] == [((0,), (0, 1)), ((1,), ()), ((), (2,))]
    with pytest.raises(AlignmentError, match=r"A650"):
        parse_case("< a\nb\n", name="x.case")


# -- diagnosis --------------------------------------------------------------------------------


def test_diagnose_parallel_cases_are_quiet():
    for case in read_cases(CASES):
        if case.name == "omitted-paragraph":
            continue  # a fifth of it is unlinked on purpose: below the threshold still
        al = DPAligner(case.src_lang, case.tgt_lang).align(case.src, case.tgt)
        assert diagnose(al) == [], case.name


def test_diagnose_texts_that_are_not_translations():
    # all Korean of the cases against English of the bundled book that translates none of it:
    # similar in size, nothing in common
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "scripts"))
    from bench_align import unrelated_english

    cases = [c for c in read_cases(CASES) if c.src_lang == "ko"]
    src = [s for c in cases for s in c.src]
    al = DPAligner("ko", "en").align(src, unrelated_english(len(src)))
    assert "A662" in {f.code for f in diagnose(al)}
    # and one short case against another's translation: weak evidence either way, but most are caught
    # (two agreements with numbered articles share their article numbers and pass for parallel)
    flagged = sum(bool(diagnose(DPAligner("ko", "en").align(a.src, b.tgt))) for a, b in zip(cases, cases[1:] + cases[:1]))
    assert flagged >= len(cases) // 3


def test_diagnose_8_against_426():
    src = [f"문장 {i}번." for i in range(8)]
    tgt = [f"Farmers grow rice in the {w} field." for w in [*("north", "south", "east", "west") * 106, "x", "y"]]
    al = DPAligner("ko", "en").align(src, tgt)
    codes = {f.code for f in diagnose(al)}
    assert {"A660", "A661"} <= codes
    assert measures(al)["count_ratio"] == pytest.approx(426 / 8)


def test_diagnose_mean_cost_alone():
    # similar counts, all linked, but costly beads: only the cost speaks
    al = Alignment("a", "b", tuple(Bead((i,), (i,), 2.5) for i in range(6)), "sig")
    assert [f.code for f in diagnose(al)] == ["A662"]
    cheap = Alignment("a", "b", tuple(Bead((i,), (i,), -0.5) for i in range(6)), "sig")
    assert diagnose(cheap) == []


def test_cli_pair_warns_and_strict_fails(tmp_path, capsys):
    ko, en = tmp_path / "ko.txt", tmp_path / "en.txt"
    ko.write_text("".join(f"문장 {i}번은 짧다.\n" for i in range(8)), encoding="utf-8")
    en.write_text("".join(f"Line {w} says that farmers grow rice.\n" for w in range(426)), encoding="utf-8")
    assert main(["pair", str(ko), str(en), "--presegmented", "--format", "beads"]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "[A660]" in err and "8 source sentences against 426" in err
    assert main(["pair", str(ko), str(en), "--presegmented", "--format", "beads", "--strict"]) == 1


def test_cli_pair_strict_passes_parallel_text(tmp_path, capsys):
    case = read_case(CASES / "agreement-ko-en.case")
    ko, en = tmp_path / "ko.txt", tmp_path / "en.txt"
    ko.write_text("\n".join(case.src) + "\n", encoding="utf-8")
    en.write_text("\n".join(case.tgt) + "\n", encoding="utf-8")
    assert main(["pair", str(ko), str(en), "--presegmented", "--format", "beads", "--strict"]) == 0
    assert capsys.readouterr().err == ""


def test_anchor_chain_is_the_heaviest_increasing_chain():
    from align.aligners.search import anchor_chain

    pairs = [(0, 0, 1.0), (1, 9, 2.5), (2, 1, 1.0), (3, 2, 1.0), (4, 3, 1.0), (5, 4, 1.0), (5, 10, 0.4)]
    assert anchor_chain(pairs) == [(0, 0, 1.0), (2, 1, 1.0), (3, 2, 1.0), (4, 3, 1.0), (5, 4, 1.0)]
    assert anchor_chain([(3, 3, 1.0), (3, 4, 1.0)]) in ([(3, 3, 1.0)], [(3, 4, 1.0)])  # one per source sentence
    assert anchor_chain([]) == []


def test_long_unrelated_opening_is_left_unlinked():
    # the translation opens with a long passage the source lacks; numbers and places locate the rest
    places = ["서울", "부산", "대구", "인천", "광주", "대전", "울산", "수원", "청주", "전주"]
    roman = ["Seoul", "Busan", "Daegu", "Incheon", "Gwangju", "Daejeon", "Ulsan", "Suwon", "Cheongju", "Jeonju"]
    src = [f"{places[k % 10]}의 인구는 {1000 + 37 * k}명 늘었다." for k in range(120)]
    tgt = [f"The population of {roman[k % 10]} grew by {1000 + 37 * k}." for k in range(120)]
    opening = [f"This preface says {w} things about the survey, its history and its methods." for w in ("many", "few", "odd", "new") * 15]
    al = DPAligner("ko", "en").align(src, opening + tgt)
    got = beads(al)
    assert got[: len(opening)] == [((), (j,)) for j in range(len(opening))]
    assert got[len(opening) :] == [((k,), (len(opening) + k,)) for k in range(len(src))]


def test_a_dated_line_whose_date_is_elsewhere_is_not_merged():
    # the two closings cross, so one of the pairs (dates or signatures) cannot be linked; whichever
    # is left is two null beads, not merged into the other pair's bead
    src = [
        "The committee met in Geneva to review the water treaty.",
        "It adopted the report of the working group without a vote.",
        "Geneva, 3 March 1998",
        "For the committee: Anne Duval, Chair",
    ]
    tgt = [
        "Le comité s'est réuni à Genève pour examiner le traité sur l'eau.",
        "Il a adopté le rapport du groupe de travail sans vote.",
        "Pour le comité : Anne Duval, présidente",
        "Genève, le 3 mars 1998",
    ]
    got = beads(DPAligner("en", "fr").align(src, tgt))
    assert got[:2] == [((0,), (0,)), ((1,), (1,))]
    assert all(len(s) <= 1 and len(t) <= 1 for s, t in got)
    assert sorted(got[2:]) in ([((), (3,)), ((2,), ()), ((3,), (2,))], [((), (2,)), ((2,), (3,)), ((3,), ())])

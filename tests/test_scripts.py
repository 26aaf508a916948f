"""Script runs (UAX #24 with ICU-style brackets), the language map, and BCP 47 syntax."""

from __future__ import annotations

import json

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from align.errors import SegmentError
from align.model import Document
from align.text.scripts import (
    DEFAULT_LANGUAGES,
    UNICODE_VERSIONS,
    LanguageMap,
    ScriptRun,
    char_script,
    dominant_script,
    is_bcp47,
    script_counts,
    script_layer,
    script_runs,
    segment_scripts,
)


def pieces(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, str]]:
    return [(text[r.start : r.end], r.script) for r in script_runs(text, start, end)]


# (text, expected runs as (substring, script)); the substrings must concatenate to the text.
RUN_CASES = {
    # Common and Inherited take their context
    "leading digits take what follows": ("123 Kim", [("123 Kim", "Latn")]),
    "all Common is one Zyyy run": ("  12, 3! ", [("  12, 3! ", "Zyyy")]),
    "trailing punctuation stays before": ("Kim, 김.", [("Kim, ", "Latn"), ("김.", "Kore")]),
    "digits between scripts go before": ("Kim 1942 김정일", [("Kim 1942 ", "Latn"), ("김정일", "Kore")]),
    "digits after Korean go before": ("김정일 1942 Kim", [("김정일 1942 ", "Kore"), ("Kim", "Latn")]),
    "Latin with combining acute": ("cafe\u0301 au lait", [("cafe\u0301 au lait", "Latn")]),
    "mark at the very start": ("\u0301abc", [("\u0301abc", "Latn")]),
    "Hangul with tone mark": ("김\u302e정 일\u302f", [("김\u302e정 일\u302f", "Kore")]),
    "mark after space at boundary": ("Kim \u0301김", [("Kim \u0301", "Latn"), ("김", "Kore")]),
    "private use takes context": ("김\ue000정", [("김\ue000정", "Kore")]),
    # brackets and quotes go with their content
    "curly quotes around Korean": ("He said “김정일”", [("He said ", "Latn"), ("“김정일”", "Kore")]),
    "parenthesised romanisation": ("김정일 (Kim Jong Il)", [("김정일 ", "Kore"), ("(Kim Jong Il)", "Latn")]),
    "brackets with only digits stay": ("Kim (1942) 김", [("Kim (1942) ", "Latn"), ("김", "Kore")]),
    "quote opens before text": ("Kim (1990) “김", [("Kim (1990) ", "Latn"), ("“김", "Kore")]),
    "closer takes opener's script": ("(김 Kim)", [("(김 ", "Kore"), ("Kim", "Latn"), (")", "Kore")]),
    "nested across scripts": (
        "Kim (김 “Dear”) said",
        [("Kim ", "Latn"), ("(김 ", "Kore"), ("“Dear”", "Latn"), (") ", "Kore"), ("said", "Latn")],
    ),
    "unmatched closer is plain": ("Kim ) 김", [("Kim ) ", "Latn"), ("김", "Kore")]),
    "unmatched opener joins what follows": ("Kim ( 김 Lee", [("Kim ", "Latn"), ("( 김 ", "Kore"), ("Lee", "Latn")]),
    "closer of outer pair pops inner opener": ("김 (Kim “Lee) 박", [("김 ", "Kore"), ("(Kim “Lee) ", "Latn"), ("박", "Kore")]),
    "blank line forgets openers": ("Kim said (\n\n김", [("Kim said (\n\n", "Latn"), ("김", "Kore")]),
    "blank line with spaces forgets openers": ("Kim (\n \n김)", [("Kim (\n \n", "Latn"), ("김)", "Kore")]),
    "single newline keeps openers": ("Kim (\n김)", [("Kim ", "Latn"), ("(\n김)", "Kore")]),
    "apostrophe inside a word": ("‘Kim’s’ 김", [("‘Kim’s’ ", "Latn"), ("김", "Kore")]),
    "apostrophe after a word": ("Workers’ Party 조선", [("Workers’ Party ", "Latn"), ("조선", "Kore")]),
    "German quotes": ("Er sagte „김“ heute", [("Er sagte ", "Latn"), ("„김“ ", "Kore"), ("heute", "Latn")]),
    "ASCII double quotes": ('a "김" b', [("a ", "Latn"), ('"김" ', "Kore"), ("b", "Latn")]),
    "guillemets": ("le «김» dit", [("le ", "Latn"), ("«김» ", "Kore"), ("dit", "Latn")]),
    "CJK corner brackets": ("「김」", [("「김」", "Kore")]),
    "double angle brackets then Latin": (
        "《로동신문》 (Rodong Sinmun)",
        [("《로동신문》 ", "Kore"), ("(Rodong Sinmun)", "Latn")],
    ),
    "angle brackets in Latin text stay Latin": ("The 〈Rodong Sinmun〉 said", [("The 〈Rodong Sinmun〉 said", "Latn")]),
    # Script_Extensions
    "middle dot between Hangul": ("김일성·김정일", [("김일성·김정일", "Kore")]),
    "ideographic full stop in Korean": ("조선。한국", [("조선。한국", "Kore")]),
    "ideographic full stop goes to its script": ("Latin 。한국어", [("Latin ", "Latn"), ("。한국어", "Kore")]),
    "ideographic comma stays in Korean": ("한국어、English", [("한국어、", "Kore"), ("English", "Latn")]),
    "katakana middle dot and length mark": ("カード・ゲーム", [("カード・ゲーム", "Jpan")]),
    "Arabic-Indic digits after Thaana": ("ދިވެހި ٠١٢", [("ދިވެހި ٠١٢", "Thaa")]),
    # Korean is one run
    "all Hangul forms and Hanja": ("한국 각 ㄱㄴ ﾡﾢ 漢字 ꥠ ힰ", [("한국 각 ㄱㄴ ﾡﾢ 漢字 ꥠ ힰ", "Kore")]),
    "lone Han stays Hani": ("金正日", [("金正日", "Hani")]),
    "Han before Hangul joins it": ("金正日 김정일", [("金正日 김정일", "Kore")]),
    "Han in Latin text": ("Kim 金正日 said", [("Kim ", "Latn"), ("金正日 ", "Hani"), ("said", "Latn")]),
    "Han then Hangul after Latin": ("Kim 金 김", [("Kim ", "Latn"), ("金 김", "Kore")]),
    "letter-spaced Hangul": ("김 정 일", [("김 정 일", "Kore")]),
    "Han iteration mark": ("人々", [("人々", "Hani")]),
    # other scripts and OCR confusables
    "Cyrillic o inside an English word": ("w\u043erd", [("w", "Latn"), ("\u043e", "Cyrl"), ("rd", "Latn")]),
    "Greek letter in English": ("the α particle", [("the ", "Latn"), ("α ", "Grek"), ("particle", "Latn")]),
    "Cyrillic word then Latin": ("Кирилл and Ἀθῆναι", [("Кирилл ", "Cyrl"), ("and ", "Latn"), ("Ἀθῆναι", "Grek")]),
    "Bopomofo with Han": ("ㄅㄆ漢 abc", [("ㄅㄆ漢 ", "Hanb"), ("abc", "Latn")]),
    "kana with Han": ("漢字かな", [("漢字かな", "Jpan")]),
    "Korean then kana": ("김 カナ", [("김 ", "Kore"), ("カナ", "Jpan")]),
    "scripts without a fast path, adjacent": ("ქართული Հայերեն", [("ქართული ", "Geor"), ("Հայերեն", "Armn")]),
    "no space between two such scripts": ("ქართულიՀայ", [("ქართული", "Geor"), ("Հայ", "Armn")]),
    "empty string": ("", []),
}

# Paired punctuation: Unicode pairs by name, CJK forms, and quotation conventions.
PAIRS = ["()", "[]", "{}", "（）", "［］", "｛｝", "「」", "『』", "【】", "〔〕", "《》", "〈〉", "⁅⁆", "⸨⸩",
         "“”", "‘’", "«»", "‹›", "„“", "„”", "‚‘", "»«", "〝〟", "﴿﴾", '""', "＂＂"]


@pytest.mark.parametrize("pair", PAIRS)
def test_bracket_pairs_go_with_content(pair: str) -> None:
    text = f"Kim {pair[0]}김{pair[1]} Lee"
    assert pieces(text) == [("Kim ", "Latn"), (f"{pair[0]}김{pair[1]} ", "Kore"), ("Lee", "Latn")]


@pytest.mark.parametrize("text, expected", RUN_CASES.values(), ids=RUN_CASES.keys())
def test_script_runs(text: str, expected: list[tuple[str, str]]) -> None:
    assert "".join(s for s, _ in expected) == text  # the case itself is well formed
    assert pieces(text) == expected


@pytest.mark.parametrize(
    "text, start, end, expected",
    [
        ("Kim 김정일 Lee", 4, 7, [(4, 7, "Kore")]),
        ("Kim 김정일 Lee", 2, 6, [(2, 4, "Latn"), (4, 6, "Kore")]),
        ("Kim 김정일 Lee", 3, 4, [(3, 4, "Zyyy")]),
        ("Kim 김정일 Lee", 5, 5, []),
        ("Kim 김정일 Lee", 7, None, [(7, 11, "Latn")]),
        ("“김” Kim", 1, 5, [(1, 4, "Kore"), (4, 5, "Latn")]),  # the closer's opener lies outside
    ],
)
def test_subranges_use_absolute_offsets(text: str, start: int, end: int | None, expected: list) -> None:
    assert [(r.start, r.end, r.script) for r in script_runs(text, start, end)] == expected


@pytest.mark.parametrize("start, end", [(-1, None), (0, 99), (3, 2), (0, 1.5)])
def test_bad_range(start, end) -> None:
    with pytest.raises(SegmentError, match=r"\[A251\]"):
        script_runs("Kim 김", start, end)


def test_run_type() -> None:
    run = script_runs("김")[0]
    assert run == ScriptRun(0, 1, "Kore")
    with pytest.raises(AttributeError):
        run.script = "Latn"  # type: ignore[misc]


# -- properties ------------------------------------------------------------------------------------

ALPHABET = (
    "abcxyzKLM"  # Latin
    "김정일한국각ㄱﾡꥠ"  # Hangul in its forms
    "金正日漢"  # Han
    "оЖж"  # Cyrillic
    "αβΩ"  # Greek
    "カあー"  # kana, prolonged sound mark
    "ދ٠"  # Thaana, Arabic-Indic digit
    "აბՀա"  # Georgian, Armenian: scripts without a fast token branch
    "0123 \t\n.,;:!?-'\u3000"  # Common
    "()[]{}“”‘’„«»\"「」《》〈〉"  # brackets and quotes
    "。、・·"  # Common with Script_Extensions
    "\u0301\u0308\u302e\u3099\ue000"  # marks, tone mark, private use
)
texts = st.text(alphabet=ALPHABET, max_size=60)
_MEMBERS = {"Kore": {"Hang", "Hani"}, "Jpan": {"Hira", "Kana", "Hani"}, "Hanb": {"Bopo", "Hani"}}
_STRONG = regex.compile(r"[^\p{sc=Zyyy}\p{sc=Zinh}\p{sc=Zzzz}]")


def _in_script(ch: str, run_script: str) -> bool:
    return any(regex.match(rf"\p{{scx={s}}}", ch) for s in _MEMBERS.get(run_script, {run_script}))


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_runs_partition_the_range(text: str, data) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    runs = script_runs(text, start, end)
    if start == end:
        assert runs == []
        return
    assert runs[0].start == start and runs[-1].end == end
    for a, b in zip(runs, runs[1:]):
        assert a.end == b.start
        assert a.script != b.script
    for run in runs:
        assert run.start < run.end
        letters = _STRONG.findall(text, run.start, run.end)
        if run.script == "Zyyy":
            assert not letters and len(runs) == 1
        for ch in letters:
            assert _in_script(ch, run.script), (ch, run)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_korean_run_holds_hangul_and_han_only(text: str) -> None:
    for run in script_runs(text):
        scripts = {char_script(ch) for ch in _STRONG.findall(text, run.start, run.end)}
        if "Hang" in scripts:
            assert run.script == "Kore"
        if run.script == "Hani":  # may hold no letters at all: a closer whose opener was Han
            assert scripts <= {"Hani"}


# -- characters and counts ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "ch, code",
    [
        ("a", "Latn"), ("김", "Hang"), ("ㄱ", "Hang"), ("ᄀ", "Hang"), ("ﾡ", "Hang"), ("\u302e", "Hang"),
        ("金", "Hani"), ("々", "Hani"), ("ア", "Kana"), ("Ж", "Cyrl"), ("α", "Grek"), ("ދ", "Thaa"),
        ("1", "Zyyy"), (" ", "Zyyy"), ("。", "Zyyy"), ("“", "Zyyy"), ("\u0301", "Zinh"), ("\ue000", "Zzzz"),
        ("\U0001E900", "Adlm"), ("\U00016F00", "Plrd"), ("\u2c80", "Copt"), ("\u07c0", "Nkoo"),
    ],
)
def test_char_script(ch: str, code: str) -> None:
    assert char_script(ch) == code


@pytest.mark.parametrize("bad", ["", "ab", None])
def test_char_script_needs_one_character(bad) -> None:
    with pytest.raises(TypeError):
        char_script(bad)


@pytest.mark.parametrize(
    "text, counts",
    [
        ("Kim 김정일 金\u0301", {"Latn": 3, "Zyyy": 2, "Hang": 3, "Hani": 1, "Zinh": 1}),
        ("", {}),
        ("w\u043erd", {"Latn": 3, "Cyrl": 1}),
    ],
)
def test_script_counts(text: str, counts: dict[str, int]) -> None:
    assert script_counts(text) == counts


@pytest.mark.parametrize(
    "text, start, end, expected",
    [
        ("Ki 김정일", 0, None, "Kore"),
        ("金正日同志 김", 0, None, "Kore"),  # Hanja in a Korean run count for Korean
        ("Ki 金正日", 0, None, "Hani"),
        ("Kim 金正", 0, None, "Latn"),
        ("Kim 金正日", 0, None, "Latn"),  # a tie goes to the first
        ("12 (3)", 0, None, None),
        ("", 0, None, None),
        ("Kim 김정일", 0, 3, "Latn"),
    ],
)
def test_dominant_script(text: str, start: int, end: int | None, expected: str | None) -> None:
    assert dominant_script(text, start, end) == expected


# -- languages ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "tag", ["en", "ko", "ko-Kore-KP", "ko-Latn", "zh-Hant-TW", "x-private", "en-GB-oxendict", "sr-Latn-RS",
            "zh-yue-HK", "de-CH-1901", "es-419", "en-a-bbb-x-a-ccc", "i-klingon", "und-Cyrl", "EN-us"],
)
def test_bcp47_valid(tag: str) -> None:
    assert is_bcp47(tag)


@pytest.mark.parametrize(
    "tag", ["english", "ko_KR", "e", "en--US", "", "en-", "-en", "x", "en-x", "abcdefghi", "de-1901-1901",
            "en-a-bb-a-cc", "ko-KR-", "ko KR", "ko-Kore-Kore", None, "한국어"],
)
def test_bcp47_invalid(tag) -> None:
    assert not is_bcp47(tag)


def test_default_languages() -> None:
    lm = LanguageMap()
    assert dict(lm.languages) == dict(DEFAULT_LANGUAGES)
    assert [lm.lang_of(s) for s in ("Latn", "Kore", "Hang", "Hani", "Cyrl", "Zyyy", "Zinh", "Zzzz")] == [
        "en", "ko", "ko", "ko", "und-Cyrl", None, None, None,
    ]


def test_language_map_from_data() -> None:
    lm = LanguageMap.from_mapping({"Latn": "en", "Kore": "ko", "hani": "zh"})
    assert lm.lang_of("Hani") == "zh"  # script codes are normalised to title case
    assert lm.lang_of("Grek") == "und-Grek"
    assert LanguageMap.from_mapping({"Latn": "en"}, unknown=None).lang_of("Grek") is None
    assert lm == LanguageMap({"Latn": "en", "Kore": "ko", "Hani": "zh"})
    assert hash(lm) == hash(LanguageMap({"Latn": "en", "Kore": "ko", "Hani": "zh"}))
    assert LanguageMap({"Latn": "en"}) != lm
    # digits-only runs may be given a tag, e.g. zxx (no linguistic content)
    assert LanguageMap({"Zyyy": "zxx"}).lang_of("Zyyy") == "zxx"


@pytest.mark.parametrize(
    "mapping, unknown, code",
    [
        ({"Latn": "english"}, "und-{script}", "A253"),
        ({"Latn": "en_US"}, "und-{script}", "A253"),
        ({"Latin": "en"}, "und-{script}", "A252"),
        ({"La1n": "en"}, "und-{script}", "A252"),
        ({"Latn": "en"}, "unknown", "A253"),
        ({"Latn": "en"}, "und-{lang}", "A253"),
        ({"Latn": "en"}, 5, "A253"),
    ],
)
def test_language_map_rejects_bad_data(mapping, unknown, code) -> None:
    with pytest.raises(SegmentError, match=rf"\[{code}\]"):
        LanguageMap.from_mapping(mapping, unknown=unknown)


# -- layers ------------------------------------------------------------------------------------

def test_script_layer() -> None:
    doc = Document("He said “김정일” 123")
    layer = script_layer(doc)
    assert layer.name == "script"
    assert [(s.start, s.end, s.label, dict(s.attrs)) for s in layer] == [
        (0, 8, "Latn", {"lang": "en"}),
        (8, 17, "Kore", {"lang": "ko"}),
    ]
    assert layer.meta["unicode"] == dict(UNICODE_VERSIONS)


def test_script_layer_languages_and_range() -> None:
    doc = Document("Kim 金正日 ... 12")
    lm = LanguageMap.from_mapping({"Hani": "zh"}, unknown=None)
    layer = script_layer(doc, start=4, languages=lm)
    assert [(s.start, s.end, s.label, dict(s.attrs)) for s in layer] == [(4, len(doc.text), "Hani", {"lang": "zh"})]
    only_common = script_layer(Document("12 (3)"))
    assert [(s.label, dict(s.attrs)) for s in only_common] == [("Zyyy", {})]


def test_segment_scripts_adds_layer() -> None:
    doc = segment_scripts(Document("Kim 김"))
    assert [s.label for s in doc.layer("script")] == ["Latn", "Kore"]
    assert doc.provenance[-1].startswith("layer:script")
    json.dumps(doc.to_dict())  # the layer's metadata is plain data


def test_unicode_versions_recorded() -> None:
    assert set(UNICODE_VERSIONS) == {"regex", "regex_unicode", "unicodedata2", "unicodedata2_unicode"}
    assert regex.fullmatch(r"\d+\.\d+(\.\d+)?", UNICODE_VERSIONS["regex_unicode"])
    assert regex.fullmatch(r"\d+\.\d+\.\d+", UNICODE_VERSIONS["unicodedata2_unicode"])


def test_tables_cover_all_planes() -> None:
    """The tables scan planes 0-1 only; no character outside them may need a decision."""
    rest = "".join(map(chr, range(0x20000, 0x110000)))
    assert not regex.search(r"[\p{Ps}\p{Pe}\p{Pi}\p{Pf}]", rest)
    assert not regex.search(r"[\p{sc=Zyyy}--\p{scx=Zyyy}]", rest, flags=regex.V1)


def test_bundled_corpus_runs() -> None:
    """The bundled book: English with Korean passages; no run may hold letters of a foreign script."""
    from align.resources import bundled_corpus_path

    text = bundled_corpus_path().read_text(encoding="utf-8")
    runs = script_runs(text)
    assert {r.script for r in runs} <= {"Latn", "Kore"}
    assert sum(r.end - r.start for r in runs) == len(text)
    assert dominant_script(text) == "Latn"

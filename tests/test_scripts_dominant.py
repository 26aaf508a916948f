"""dominant_script counts letters by script with regex scans when a range holds one script, or Latin
and Hangul only (issue 13): the same answer as counting the letters of each script run.

The reference is the definition written plainly: the runs of :func:`script_runs`, the strong
characters of each counted one by one with :func:`char_script`, the largest count winning and a tie
going to the script met first.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.text.scripts import WEAK_SCRIPTS, char_script, dominant_script, script_runs


def plain_dominant(text: str, start: int = 0, end: int | None = None) -> str | None:
    counts: dict[str, int] = {}
    for run in script_runs(text, start, end):
        n = sum(1 for ch in text[run.start : run.end] if char_script(ch) not in WEAK_SCRIPTS)
        if n:
            counts[run.script] = counts.get(run.script, 0) + n
    best = None
    for script, n in counts.items():  # the first of the largest
        if best is None or n > counts[best]:
            best = script
    return best


# Latin and Hangul letters (syllables, jamo, compatibility jamo, halfwidth), Hanja, other scripts,
# and what decides runs: spaces, digits, brackets and quotes of all kinds, apostrophes, marks.
_PIECES = [
    "Kim", "a", "Z", "é", "ŋ", "the", "김", "정일", "조선", "ᄀ", "ᅡ", "ㄱ", "ﾡ", "金", "日成", "平壤", "α", "Ж", "ア", "ㄅ",
    " ", " ", "\n", "\n\n", "1", "2000", "(", ")", "[", "]", "“", "”", "‘", "’", "\"", "'", "«", "»", "「", "」", "。", "·",
    ",", ".", "-", "\u0301", "\u200d", "\ue000", "\ud800", "ǆ", "ſ", "Å", "ａ", "ꭰ",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.data())
def test_dominant_script_is_the_run_script_with_most_letters(pieces, data):
    text = "".join(pieces)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert dominant_script(text, a, b) == plain_dominant(text, a, b)
    assert dominant_script(text) == plain_dominant(text)


_LATIN_HANGUL = st.lists(st.sampled_from(["Kim", "x", "é", "ǆ", "ａ", "\ud800", "—", "김", "정일", "ㄱ", " ", "(", ")", "“", "”", "’", "'", "\"", "1", ".", "\n"]), max_size=40)


@settings(max_examples=500, deadline=None)
@given(_LATIN_HANGUL)
def test_dominant_script_latin_and_hangul(pieces):
    text = "".join(pieces)
    assert dominant_script(text) == plain_dominant(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", None), ("  12 (3) ", None), ("Kim", "Latn"), ("김정일", "Kore"), ("Kim 김", "Latn"), ("김정일 Kim", "Kore"), ("Kim 김정일", "Latn"),
        ("Ki 김정일", "Kore"), ("ab 김정", "Latn"), ("김정 ab", "Kore"), ("金日成", "Hani"), ("金日成 김일성", "Kore"),
        ("He said “김정일 동지께서”", "Kore"), ("He said “김정일 동지”", "Latn"), ("Kim Jong (김)", "Latn"),
    ],
)
def test_dominant_script_examples(text, expected):
    assert dominant_script(text) == expected == plain_dominant(text)


def test_dominant_script_range_is_checked():
    from align.errors import SegmentError

    with pytest.raises(SegmentError):
        dominant_script("abc", 2, 1)
    with pytest.raises(SegmentError):
        dominant_script("abc", 0, 4)


def test_latin_letters_are_counted_as_the_script_property_says():
    """ASCII letters are counted from bytes: they must be exactly the ASCII characters of script Latn."""
    import regex

    from align.text.scripts import _latin_letters

    ascii_latin = [c for c in map(chr, range(128)) if char_script(c) == "Latn"]
    assert ascii_latin == [c for c in map(chr, range(128)) if c.isascii() and c.isalpha()]
    sample = "".join(map(chr, range(0x3000))) + "\ud800 Kim 김 ａｂ"
    plain = sum(1 for c in sample if regex.match(r"\p{sc=Latn}", c))
    assert _latin_letters(sample, 0, len(sample)) == plain
    assert _latin_letters(sample, 100, 2000) == sum(1 for c in sample[100:2000] if regex.match(r"\p{sc=Latn}", c))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Kim", " ", "김정일", "é", "1", "ａ", "ᄀ", "\n", "\ud800"]), max_size=30), st.integers(1, 7), st.data())
def test_letters_by_script_counted_window_by_window(pieces, window, data):
    """A whole book's letters are counted a window at a time (bounded memory): the counts add up."""
    import regex

    from align.text.scripts import _hangul_letters, _latin_letters

    text = "".join(pieces)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert _latin_letters(text, a, b, window) == sum(1 for c in text[a:b] if regex.match(r"\p{sc=Latn}", c))
    assert _hangul_letters(text, a, b, window) == sum(1 for c in text[a:b] if regex.match(r"\p{sc=Hang}", c))

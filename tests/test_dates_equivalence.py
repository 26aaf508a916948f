"""find_dates skips blocks and patterns that cannot hold a date (issue 13): the same answers as
scanning every pattern over every block.

The reference is the earlier find_dates, which ran every pattern on every range; the fast one first
looks for what every pattern needs (four digits, a digit-dot-digit, a Juche word, 년). Generated
text is made of date-like pieces (months, years, Korean units, dashes, brackets, Juche) mixed with
words, so that most examples hold dates, near-dates and ranges.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.text import dates as D


def reference_find_dates(text: str, start: int = 0, end: int | None = None) -> list[D.DateMatch]:
    end = len(text) if end is None else end
    found: list[D.DateMatch] = []
    seg = text[start:end]
    first = start + len(seg) - len(seg.lstrip())
    last = start + len(seg.rstrip())
    for m in D._EN_RANGE.finditer(text, start, end):
        a, b = D._range_end(m, "a"), D._range_end(m, "b")
        if not (D._valid(a) and D._valid(b)) or a > b:
            continue
        if m.group("ya") and m.group("yb"):
            bracketed = m.start() > 0 and text[m.start() - 1] in "([" and m.end() < len(text) and text[m.end()] in ")]"
            introduced = D._PERIOD_WORD.search(text, max(start, m.start() - 12), m.start()) is not None
            if not (bracketed or introduced or (m.start() == first and m.end() == last)):
                continue
        found.append(D.DateMatch(m.start(), m.end(), from_=a, to=b))
    found += _reference_worded(text, start, end)
    found += D._shorthand(text, start, end)
    found.sort(key=lambda d: (d.start, -d.end))
    ranges: list[D.DateMatch] = []
    for d in found:
        if not ranges or d.start >= ranges[-1].end:
            ranges.append(d)
    out = list(ranges)
    k = 0
    for m in D._SINGLE.finditer(text, start, end):
        while k < len(ranges) and ranges[k].end <= m.start():
            k += 1
        if k < len(ranges) and ranges[k].start < m.end():
            continue
        single = D._single(m)
        if single:
            out.append(single)
    out.sort(key=lambda d: d.start)
    return out


def _reference_worded(text: str, start: int, end: int) -> list[D.DateMatch]:
    """The worded ranges without the 년 shortcut: the Korean pattern scans every range."""
    probe = text[start:end]
    if "년" in probe:
        return D._worded_ranges(text, start, end)
    # no 년: the Korean pattern may match, but never with a year on its first end, so nothing is kept
    for m in D._KO_RANGE.finditer(text, start, end):
        assert not m.group("ay")
    return D._worded_ranges(text, start, end)


_PIECES = [
    "1926", "1945", "2000", "1905-1945", "(1905-1945)", "2015", "999", "12", "8.15", "6.15", "3.1", "17",
    "October", "Oct.", "June", "May", "Sept.", "January", "from", "between", "to", "and", "in", "the",
    "년", "월", "일", "부터", "까지", "~", "-", "–", "—", "(", ")", "[", "]", ",", ".", " ", " ", " ", "\n",
    "Juche", "주체", "89", "109", "(2020)", "해방", "에", "기간", "word", "plan", "p.", "pp.", "1023-1045", "13-15",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12) | st.lists(st.sampled_from(_PIECES), max_size=40), st.data())
def test_dates_prefiltered_find_dates_matches_the_full_scan(pieces, data):
    text = "".join(pieces)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert D.find_dates(text, a, b) == reference_find_dates(text, a, b)
    assert D.find_dates(text) == reference_find_dates(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789.-년월일 JuchOtbr주체(),~\n"), max_size=60))
def test_dates_prefilter_on_dense_digit_text(text):
    assert D.find_dates(text) == reference_find_dates(text)


@pytest.mark.parametrize(
    "text",
    ["주체89년에", "Juche 5", "in Juche 89 the", "8.15 해방", "6.15에", "3.1 운동", "May 5, 1926", "1945년 8월",
     "(1905-1945)", "from 1957 to 1961", "2000년 6월 13일부터 15일까지", "no digits here", "12 May", "pp. 1023-1045"],
)
def test_dates_prefilter_keeps_short_dates(text):
    assert D.find_dates(text) == reference_find_dates(text)
    assert D.find_dates(f"x {text} y", 2, 2 + len(text)) == reference_find_dates(f"x {text} y", 2, 2 + len(text))

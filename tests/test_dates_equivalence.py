"""find_dates skips blocks and patterns that cannot hold a date, and its patterns start with a
look-ahead for their first character (issue 13): the same answers as the plain patterns scanned over
every block.

The reference is the earlier find_dates, which ran every pattern as written on every range; the fast
one first looks for what every pattern needs (four digits, a digit-dot-digit, a Juche word, 년). Generated
text is made of date-like pieces (months, years, Korean units, dashes, brackets, Juche) mixed with
words, so that most examples hold dates, near-dates and ranges.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import contextlib

import regex

from align.text import dates as D

#: The patterns as written, without the look-ahead for their first character (dates._led_by).
PLAIN = {
    "_EN_RANGE": regex.compile(D._EN_RANGE_RE, regex.V0),
    "_SINGLE": regex.compile(D._SINGLE_RE),
    "_EN_WORDED": regex.compile(D._EN_WORDED_RE),
    "_KO_RANGE": regex.compile(D._KO_RANGE_RE),
}


@contextlib.contextmanager
def _plain_patterns():
    saved = {k: getattr(D, k) for k in PLAIN}
    try:
        for k, v in PLAIN.items():
            setattr(D, k, v)
        yield
    finally:
        for k, v in saved.items():
            setattr(D, k, v)


def reference_find_dates(text: str, start: int = 0, end: int | None = None) -> list[D.DateMatch]:
    with _plain_patterns():
        return _reference_find_dates(text, start, end)


def _reference_find_dates(text: str, start: int = 0, end: int | None = None) -> list[D.DateMatch]:
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
    """The worded ranges, English then Korean, the Korean pattern run on every range."""
    return D._english_ranges(text, start, end) + D._korean_ranges(text, start, end)


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
     "(1905-1945)", "from 1957 to 1961", "2000년 6월 13일부터 15일까지", "no digits here", "12 May", "pp. 1023-1045",
     "1957년에서 1961년까지", "1950년 6월에서 1953년 7월", "1945년 8월 15일〜17일", "2000년 6월 13일~15일", "1910년–1945년"],
)
def test_dates_prefilter_keeps_short_dates(text):
    assert D.find_dates(text) == reference_find_dates(text)
    assert D.find_dates(f"x {text} y", 2, 2 + len(text)) == reference_find_dates(f"x {text} y", 2, 2 + len(text))


_MONTH_FORMS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.",
    "Nov.", "Dec.",
]
_year = st.integers(1000, 2099).map(str) | st.sampled_from(["999", "2100", "0012"])
_day = st.integers(0, 39).map(str)
_month = st.integers(0, 13).map(str)
_en_date = st.one_of(
    st.tuples(st.sampled_from(_MONTH_FORMS), _day, _year).map(lambda t: f"{t[0]} {t[1]}, {t[2]}"),
    st.tuples(_day, st.sampled_from(_MONTH_FORMS), _year).map(" ".join),
    st.tuples(st.sampled_from(_MONTH_FORMS), _year).map(" ".join),
    st.tuples(st.sampled_from(_MONTH_FORMS), _day).map(" ".join),
    _year,
)
_ko_date = st.tuples(_year, _month, _day).map(lambda t: f"{t[0]}년 {t[1]}월 {t[2]}일") | st.tuples(_year, _month).map(
    lambda t: f"{t[0]}년 {t[1]}월"
) | _year.map(lambda y: f"{y}년") | st.tuples(_month, _day).map(lambda t: f"{t[0]}월 {t[1]}일") | _day.map(lambda d: f"{d}일")
_joint = st.sampled_from([" ", "-", " - ", "–", "—", "~", "〜", "부터 ", "에서 ", "까지", " to ", " and ", ", ", "(", ")", "\n", "."])
_phrase = st.lists(st.one_of(_en_date, _ko_date, _joint, st.sampled_from(["from", "From", "between", "Between", "in", "Juche 89", "주체109(2020)년"])), max_size=8)


@settings(max_examples=500, deadline=None)
@given(_phrase)
def test_dates_led_patterns_on_date_phrases(parts):
    text = " ".join(parts)
    for name, plain in PLAIN.items():
        assert _matches(getattr(D, name), text) == _matches(plain, text), name
    assert D.find_dates(text) == reference_find_dates(text)


def _matches(p: regex.Pattern, text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in p.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_dates_led_patterns_match_exactly_as_written(pieces):
    text = "".join(pieces)
    for name, plain in PLAIN.items():
        assert _matches(getattr(D, name), text) == _matches(plain, text), name


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_dates_led_patterns_on_any_text(text):
    for name, plain in PLAIN.items():
        assert _matches(getattr(D, name), text) == _matches(plain, text), name


@pytest.mark.parametrize("month", _MONTH_FORMS)
def test_dates_led_patterns_every_month_form(month):
    texts = [
        f"{month} 1926-{month} 1945", f"{month} 17, 1926", f"17 {month} 1926", f"from {month} 13 to {month} 15, 2000",
        f"{month} 13-15, 2000", f"between 13 and 15 {month} 2000", f"({month} 1926 - 1945)", f"In {month} 1926–August 1945.",
    ]
    for text in texts:
        for name, plain in PLAIN.items():
            assert _matches(getattr(D, name), text) == _matches(plain, text), (name, text)
        assert D.find_dates(text) == reference_find_dates(text)


# every character the range patterns' dash class takes, found from dates._DASH itself (not a copy of
# its list), so a dash added there and not to the prefilter fails here
_RANGE_DASHES = [c for c in map(chr, range(0x110000)) if not c.isspace() and regex.fullmatch(D._DASH, c)]


@pytest.mark.parametrize("dash", _RANGE_DASHES)
def test_dates_every_dash_of_a_range_is_seen(dash):
    """find_dates looks for a dash before scanning for ranges: every dash the range patterns take
    (the class in dates._DASH, and _EN_WORDED's) must count as one."""
    assert regex.fullmatch(D._DASH, dash)
    texts = [f"June 1950{dash}July 1953", f"(1905{dash}1945)", f"June 13{dash}15, 2000", f"on 17 October 1926 {dash} 3 May 1930."]
    for text in texts:
        assert D.find_dates(text) == reference_find_dates(text), text
    assert any(d.is_range for d in D.find_dates(texts[0]))

"""find_dates reads the groups of a single date by position from one ``groups()`` call, and the two
ends of a range from one ``groupdict()`` (issue 13): the same dates as reading them by name.

The reference parses each match from its named groups, written out here: a Juche year is year + 1911
(and is refused when the bracketed CE year says otherwise), a Korean or English date gives year,
month and day, and a date that is no day of the calendar is refused.
"""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from align.text import dates as D

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}


def _month_number(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()[:4] if name.lower().startswith("sept") else name.rstrip(".").lower()[:3]]


def plain_single(m) -> tuple[int, int, str, str | None] | None:
    g = m.groupdict()
    if g["jy"]:
        ce = int(g["jy"]) + 1911
        if g["jce"] and int(g["jce"]) != ce:
            return None
        return (m.start(), m.end(), "%04d" % ce, "juche")
    if g["ky"]:
        y, mo, d = int(g["ky"]), int(g["km"]) if g["km"] else None, int(g["kd"]) if g["kd"] else None
    elif g["y1"]:
        y, mo, d = int(g["y1"]), _month_number(g["m1"]), int(g["d1"])
    else:
        y, mo, d = int(g["y2"]), _month_number(g["m2"]), int(g["d2"]) if g["d2"] else None
    if mo is None:
        d = None
    try:
        datetime.date(y, 1 if mo is None else mo, 1 if d is None else d)
    except ValueError:
        return None
    iso = "%04d" % y + ("" if mo is None else "-%02d" % mo) + ("" if mo is None or d is None else "-%02d" % d)
    return (m.start(), m.end(), iso, None)


_MONTH_FORMS = ["January", "May", "Sept.", "Sep.", "Oct.", "December", "Feb."]
_piece = st.one_of(
    st.tuples(st.sampled_from(_MONTH_FORMS), st.integers(0, 40), st.integers(990, 2100)).map(lambda t: f"{t[0]} {t[1]}, {t[2]}"),
    st.tuples(st.integers(0, 40), st.sampled_from(_MONTH_FORMS), st.integers(990, 2100)).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
    st.tuples(st.sampled_from(_MONTH_FORMS), st.integers(990, 2100)).map(lambda t: f"{t[0]} {t[1]}"),
    st.tuples(st.integers(990, 2100), st.integers(0, 14), st.integers(0, 40)).map(lambda t: f"{t[0]}년 {t[1]}월 {t[2]}일"),
    st.tuples(st.integers(990, 2100), st.integers(0, 14)).map(lambda t: f"{t[0]}. {t[1]}월"),
    st.integers(990, 2100).map(lambda y: f"{y}년"),
    st.tuples(st.integers(0, 130), st.integers(1900, 2040)).map(lambda t: f"주체{t[0]}({t[1]})년"),
    st.integers(0, 130).map(lambda y: f"Juche {y}"),
    st.sampled_from([" ", ", ", " and ", "-", "(", ")", "\n", "x"]),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_piece, max_size=10))
def test_single_dates_by_position_are_the_named_groups(parts):
    text = " ".join(parts)
    for m in D._SINGLE.finditer(text):
        d = D._single(m)
        assert (None if d is None else (d.start, d.end, d.when, d.calendar)) == plain_single(m)


def test_single_groups_are_numbered_alike_in_the_plain_pattern():
    """The equivalence test of find_dates runs _single on matches of the plain pattern: same numbering."""
    import regex

    assert regex.compile(D._SINGLE_RE).groupindex == D._SINGLE.groupindex


@settings(max_examples=400, deadline=None)
@given(st.lists(_piece, max_size=8))
def test_range_ends_from_one_groupdict(parts):
    text = "-".join(parts)
    for m in D._EN_RANGE.finditer(text):
        g = m.groupdict()
        for side in "ab":
            assert D._range_end_of(g, side) == D._range_end(m, side)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789.JuchJ주체 x\n"), max_size=30) | st.text(max_size=30), st.data())
def test_hint_led_finds_what_the_plain_hint_finds(text, data):
    import regex

    plain = regex.compile(D._HINT_RE)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    m, p = D._HINT.search(text, a, b), plain.search(text, a, b)
    assert (m and m.span()) == (p and p.span())

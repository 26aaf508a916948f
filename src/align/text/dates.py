"""Dates in running English and Korean text, as ISO 8601 values for TEI ``@when``/``@from``/``@to``.

Recognised: ``October 17, 1926``, ``17 October 1926``, ``October 1926``, ranges such as
``October 1926-August 1945``, ``June 1950-July 1953``, ``1905-1945``, ``June 13-15, 2000``,
``from June 13 to June 15, 2000``, ``from 1957 to 1961``, ``between 1950 and 1953``; Korean
``2000년 6월 15일``, ``1945년 7월``, ``1945. 7월 1일``, ranges ``2000년 6월 13일부터 6월 15일까지``,
``1957년부터 1961년까지``, ``2000년 6월 13일~15일``; the Korean month.day shorthand for a day of the
year (``8.15`` before Korean text: ``--08-15``); and Juche-era years (``Juche 109``, ``주체109(2020)년``:
Juche 1 = 1912 CE). A bare number is never taken for a year unless it stands in a range, next to a
month or after a word that introduces a period (``in 1957-1961``).

:func:`find_dates` is linear in the text: each pattern is scanned once, and single dates are
checked against the ranges by walking both sorted lists together.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

import regex

__all__ = ["DateMatch", "find_dates", "parse_date", "parse_range", "juche_to_ce", "MONTHS"]

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_DASH = r"\s*[-‐‑–—~〜]\s*"

_EN_DAY_FIRST = rf"(?P<d1>[0-3]?[0-9])\s+(?P<m1>{_MONTH})\s+(?P<y1>{_YEAR})"
_EN_MONTH_FIRST = rf"(?P<m2>{_MONTH})\s+(?:(?P<d2>[0-3]?[0-9])(?:st|nd|rd|th)?,?\s+)?(?P<y2>{_YEAR})"
_EN_DATE = rf"(?:{_EN_DAY_FIRST}|{_EN_MONTH_FIRST})"
_KO_DATE = r"(?P<ky>[0-9]{4})\s*(?:년|\.(?=\s*(?:1[0-2]|0?[1-9])\s*월))(?:\s*(?P<km>1[0-2]|0?[1-9])\s*월(?:\s*(?P<kd>[0-3]?[0-9])\s*일)?)?"
_JUCHE = r"(?:Juche|주체)\s*(?P<jy>[0-9]{1,3})(?:\s*\((?P<jce>[0-9]{4})\))?(?:\s*년)?"


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date or date range found in text; ``when`` or ``from_``/``to`` hold ISO values."""

    start: int
    end: int
    when: str | None = None
    from_: str | None = None
    to: str | None = None
    calendar: str | None = None  # "juche" when the text gives a Juche year

    @property
    def is_range(self) -> bool:
        return self.from_ is not None


def juche_to_ce(year: int) -> int:
    """Juche 1 is 1912 CE, the birth year of Kim Il Sung."""
    return year + 1911


def _iso(y: str, m: str | None = None, d: str | None = None) -> str:
    out = f"{int(y):04d}"
    if m:
        out += f"-{int(m):02d}"
        if d:
            out += f"-{int(d):02d}"
    return out


def _month(name: str | None) -> str | None:
    if not name:
        return None
    return str(MONTHS[name.rstrip(".").lower()])


@functools.lru_cache(maxsize=4096)
def _valid(iso: str) -> bool:
    parts = [int(p) for p in iso.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _en(m: regex.Match, suffix: str = "") -> str:
    # m.group per name: groupdict would build a dict of every group of the pattern for each match
    y1 = m.group("y1" + suffix)
    if y1:
        return _iso(y1, _month(m.group("m1" + suffix)), m.group("d1" + suffix))
    return _iso(m.group("y2" + suffix), _month(m.group("m2" + suffix)), m.group("d2" + suffix))


def _renamed(pattern: str, suffix: str) -> str:
    return regex.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m.group(1)}{suffix}>", pattern)


def _led_by(first: str, pattern: str) -> str:
    """``pattern`` behind a look-ahead for the characters any of its matches can start with.

    The same matches, found several times quicker: without it the engine tries the whole pattern
    (optional parts, alternatives, look-behinds) at every character of the text. ``first`` must
    hold every character a match can begin with; tests/test_dates_equivalence.py checks the
    patterns against their plain forms (the ``*_RE`` strings).
    """
    return f"(?={first}){pattern}"


# A range: "October 1926-August 1945", "June 1950-July 1953", "1957-1961" ("1905-1945").
_EN_RANGE_RE = rf"(?<![\w.])(?:{_renamed(_EN_DATE, 'a')}|(?P<ya>{_YEAR})){_DASH}(?:{_renamed(_EN_DATE, 'b')}|(?P<yb>{_YEAR}))(?![\w])"
_EN_RANGE = regex.compile(_led_by("[0-9JFMASOND]", _EN_RANGE_RE), regex.V0)
# Korean dates take particles straight after them (1945년 8월에), so only English ones need a word end.
_SINGLE_RE = rf"(?<![\w.])(?:{_EN_DATE}(?![\w])|{_JUCHE}(?:(?<=년)|(?![\w]))|{_KO_DATE})"
_SINGLE = regex.compile(_led_by("[0-9JFMASOND주]", _SINGLE_RE))


def _range_end(m: regex.Match, side: str) -> str:
    return _range_end_of(m.groupdict(), side)


def _range_end_of(g: dict[str, Any], side: str) -> str:
    """One end (``side`` ``a`` or ``b``) of a match of ``_EN_RANGE``, from its ``groupdict``."""
    if g.get("y" + side):
        return _iso(g["y" + side])
    if g.get("y1" + side):
        return _iso(g["y1" + side], _month(g["m1" + side]), g["d1" + side])
    return _iso(g["y2" + side], _month(g["m2" + side]), g.get("d2" + side))


def _single(m: regex.Match) -> DateMatch | None:
    # the groups by position from one groups() call: each look-up by name costs more than all the rest
    g = m.groups()
    jy = g[_JY]
    if jy:
        ce = juche_to_ce(int(jy))
        jce = g[_JCE]
        if jce and int(jce) != ce:
            return None  # the text contradicts itself: leave it untagged rather than guess
        return DateMatch(m.start(), m.end(), when=_iso(str(ce)), calendar="juche")
    ky = g[_KY]
    if ky:
        iso = _iso(ky, g[_KM], g[_KD])
    elif g[_Y1]:
        iso = _iso(g[_Y1], _month(g[_M1]), g[_D1])
    else:
        iso = _iso(g[_Y2], _month(g[_M2]), g[_D2])
    return DateMatch(m.start(), m.end(), when=iso) if _valid(iso) else None


# Positions in m.groups() of the named groups of _SINGLE that _single reads.
_JY, _JCE, _KY, _KM, _KD, _Y1, _M1, _D1, _Y2, _M2, _D2 = tuple(
    int(_SINGLE.groupindex[name]) - 1 for name in ("jy", "jce", "ky", "km", "kd", "y1", "m1", "d1", "y2", "m2", "d2")
)


# Every pattern below needs four ASCII digits (a year), a digit-dot-digit (the month.day shorthand)
# or a Juche-era word; a block with none of them has no date, and most blocks of prose have none.
_HINT_RE = r"[0-9]{4}|[0-9]\.[0-9]|Juche|주체"
_HINT = regex.compile(_led_by("[0-9J주]", f"(?:{_HINT_RE})"))  # led: three times quicker on prose
_YEAR_DIGITS = regex.compile(r"[0-9]{4}")
_DIGIT_DOT_DIGIT = regex.compile(r"[0-9]\.[0-9]")
_DASHES = regex.compile(r"[-‐‑–—~〜]")  # every dash of _DASH and of _EN_WORDED's ranges


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """Dates and ranges in ``text[start:end]``, non-overlapping, ranges preferred over their parts."""
    end = len(text) if end is None else end
    if _HINT.search(text, start, end) is None:
        return []
    found: list[DateMatch] = []
    has_year = _YEAR_DIGITS.search(text, start, end) is not None
    if has_year:  # ranges all have a year
        bounds: tuple[int, int] | None = None
        # a range of _EN_RANGE has a dash between its ends; one of _EN_WORDED a dash, "from" or "between"
        dashed = _DASHES.search(text, start, end) is not None
        for m in _EN_RANGE.finditer(text, start, end) if dashed else ():
            g = m.groupdict()  # once for both ends
            a, b = _range_end_of(g, "a"), _range_end_of(g, "b")
            if not (_valid(a) and _valid(b)) or a > b:
                continue
            if g["ya"] and g["yb"]:
                # "1905-1945" is a period only in brackets or on a line of its own: elsewhere four digits,
                # a dash and four digits are as likely pages (pp. 1023-1045) or a phone number (1588-1600)
                bracketed = m.start() > 0 and text[m.start() - 1] in "([" and m.end() < len(text) and text[m.end()] in ")]"
                introduced = _PERIOD_WORD.search(text, max(start, m.start() - 12), m.start()) is not None
                if bounds is None:
                    seg = text[start:end]
                    bounds = (start + len(seg) - len(seg.lstrip()), start + len(seg.rstrip()))
                if not (bracketed or introduced or (m.start() == bounds[0] and m.end() == bounds[1])):
                    continue
            found.append(DateMatch(m.start(), m.end(), from_=a, to=b))
        worded = dashed or text.find("rom", start, end) >= 0 or text.find("etween", start, end) >= 0
        found += _worded_ranges(text, start, end, worded)
    if _DIGIT_DOT_DIGIT.search(text, start, end) is not None:
        found += _shorthand(text, start, end)
    found.sort(key=lambda d: (d.start, -d.end))
    ranges: list[DateMatch] = []
    for d in found:  # overlapping ranges: the first (and longest) wins
        if not ranges or d.start >= ranges[-1].end:
            ranges.append(d)
    out = list(ranges)
    k = 0
    # a single date has a year (four digits) or a Juche-era word
    singles = has_year or text.find("Juche", start, end) >= 0 or text.find("주체", start, end) >= 0
    for m in _SINGLE.finditer(text, start, end) if singles else ():
        while k < len(ranges) and ranges[k].end <= m.start():
            k += 1
        if k < len(ranges) and ranges[k].start < m.end():
            continue  # inside (or across) a range
        single = _single(m)
        if single:
            out.append(single)
    out.sort(key=lambda d: d.start)
    return out


# Words after which four digits, a dash and four digits are a period: "in 1957-1961", "the 1957-1961 plan".
_PERIOD_WORD = regex.compile(r"(?:\b(?:in|during|from|of|for|between|the|over|years?|period|plan)|[에의]|기간)\s*$", regex.IGNORECASE)

_EN_MD = rf"(?P<m>{_MONTH})\s+(?P<d>[0-3]?[0-9])(?:st|nd|rd|th)?"
_EN_DM = rf"(?P<d>[0-3]?[0-9])\s+(?P<m>{_MONTH})"
# "from June 13 to June 15, 2000", "June 13-15, 2000", "from 13 to 15 June 2000", "from 1957 to 1961",
# "between 1950 and 1953"
_EN_WORDED_RE = (
    rf"(?<![\w.])(?:"
    rf"(?:[Ff]rom|[Bb]etween)\s+{_renamed(_EN_MD, 'a')}(?:,?\s+(?P<ya>{_YEAR}))?\s+(?:to|until|till|and|through)\s+(?:{_renamed(_EN_MD, 'b')}|(?P<db2>[0-3]?[0-9]))(?:st|nd|rd|th)?,?\s+(?P<yb>{_YEAR})"
    rf"|{_renamed(_EN_MD, 'c')}\s*[-–—~]\s*(?P<dc2>[0-3]?[0-9]),?\s+(?P<yc>{_YEAR})"
    rf"|(?:[Ff]rom|[Bb]etween)\s+(?P<dd1>[0-3]?[0-9])\s+(?:to|until|and|through)\s+{_renamed(_EN_DM, 'd')}\s+(?P<yd>{_YEAR})"
    rf"|(?:[Ff]rom|[Bb]etween)\s+(?P<ye1>{_YEAR})\s+(?:to|until|and|through)\s+(?P<ye2>{_YEAR})"
    rf")(?![\w])"
)
_EN_WORDED = regex.compile(_led_by("[FfBbJMASOND]", _EN_WORDED_RE))
# 2000년 6월 13일부터 6월 15일까지, 2000년 6월 13일부터 15일까지, 1957년부터 1961년까지, 2000년 6월 13일~15일
_KO_PART = r"(?:(?P<{p}y>[0-9]{{4}})\s*년\s*)?(?:(?P<{p}m>1[0-2]|0?[1-9])\s*월\s*)?(?:(?P<{p}d>[0-3]?[0-9])\s*일)?"
_KO_RANGE_RE = _KO_PART.format(p="a") + r"\s*(?:부터|에서|[-–~〜])\s*" + _KO_PART.format(p="b") + r"(?:\s*까지)?"
_KO_RANGE = regex.compile(_led_by(r"[0-9\s부에\-–~〜]", _KO_RANGE_RE))
_KO_RANGE_SEP = regex.compile(r"부터|에서|[-–~〜]")  # what every match of _KO_RANGE holds
# 8.15, 6.15: a day of the year written month.day before Korean text (8.15 해방, 8.15에)
_SHORTHAND = regex.compile(r"(?<![\d.,])(?P<m>1[0-2]|[1-9])\.(?P<d>3[01]|[12][0-9]|[1-9])(?![\d.,])(?=\s?[\uAC00-\uD7A3])")


def _worded_ranges(text: str, start: int, end: int, english: bool = True) -> list[DateMatch]:
    out = _english_ranges(text, start, end) if english else []
    if text.find("년", start, end) >= 0 and _KO_RANGE_SEP.search(text, start, end) is not None:
        out += _korean_ranges(text, start, end)  # a Korean range starts with a year, 년 after it, and has a separator
    return out


def _english_ranges(text: str, start: int, end: int) -> list[DateMatch]:
    out = []
    for m in _EN_WORDED.finditer(text, start, end):
        g = m.groupdict()
        if g.get("ma"):
            yb = g["yb"]
            a = _iso(g["ya"] or yb, _month(g["ma"]), g["da"])
            b = _iso(yb, _month(g["mb"]) if g.get("mb") else _month(g["ma"]), g.get("db") or g["db2"])
        elif g.get("mc"):
            a = _iso(g["yc"], _month(g["mc"]), g["dc"])
            b = _iso(g["yc"], _month(g["mc"]), g["dc2"])
        elif g.get("md"):
            a = _iso(g["yd"], _month(g["md"]), g["dd1"])
            b = _iso(g["yd"], _month(g["md"]), g["dd"])
        else:
            a, b = _iso(g["ye1"]), _iso(g["ye2"])
        if _valid(a) and _valid(b) and a < b:
            out.append(DateMatch(m.start(), m.end(), from_=a, to=b))
    return out


def _korean_ranges(text: str, start: int, end: int) -> list[DateMatch]:
    out = []
    for m in _KO_RANGE.finditer(text, start, end):
        g = m.groupdict()
        if not g.get("ay") or not (g.get("by") or g.get("bm") or g.get("bd")):
            continue  # the first end carries the year
        # each end must be a whole date: a day needs a month (given or carried), a month a year
        if (g.get("ad") and not g.get("am")) or (g.get("bd") and not (g.get("bm") or g.get("am"))):
            continue
        if g.get("am") and not g.get("bm") and not g.get("bd"):
            continue  # 2000년 6월 - 2001년: precision differs, leave it
        ay, by = g["ay"], g.get("by") or g["ay"]
        bm = g.get("bm") or (g.get("am") if g.get("bd") else None)
        if g.get("by") and not g.get("bm") and g.get("am"):
            continue
        a = _iso(ay, g.get("am"), g.get("ad"))
        b = _iso(by, bm, g.get("bd"))
        if _valid(a) and _valid(b) and a < b and a.count("-") == b.count("-"):
            out.append(DateMatch(m.start(), m.end(), from_=a, to=b))
    return out


def _shorthand(text: str, start: int, end: int) -> list[DateMatch]:
    out = []
    for m in _SHORTHAND.finditer(text, start, end):
        when = f"--{int(m['m']):02d}-{int(m['d']):02d}"
        if _valid(f"2000-{int(m['m']):02d}-{int(m['d']):02d}"):  # a leap year: 2.29 is a day
            out.append(DateMatch(m.start(), m.end(), when=when))
    return out


def parse_date(s: str) -> DateMatch | None:
    """The date if ``s`` (stripped) is exactly one date, else None."""
    t = s.strip()
    off = len(s) - len(s.lstrip())
    for d in find_dates(s):
        if d.start == off and d.end == off + len(t) and not d.is_range:
            return d
    return None


_OPEN_END = regex.compile(rf"{_DASH}$")


def parse_range(s: str) -> DateMatch | None:
    """The range if ``s`` (stripped) is exactly one date range, else None. An open range
    (``May 2016-``, a period still running when the book was printed) has ``to=None``."""
    t = s.strip()
    off = len(s) - len(s.lstrip())
    for d in find_dates(s):
        if d.start == off and d.end == off + len(t) and d.is_range:
            return d
    m = _OPEN_END.search(t)
    if m and m.start() > 0:
        first = parse_date(t[: m.start()])
        if first is not None:
            return DateMatch(off, off + len(t), from_=first.when)
    return None

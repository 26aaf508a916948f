import pytest

from align.text.dates import find_dates, juche_to_ce, parse_date, parse_range


@pytest.mark.parametrize(
    "text, expected",
    [
        ("October 1926-August 1945", [(None, "1926-10", "1945-08")]),
        ("the war (June 1950–July 1953) ended", [(None, "1950-06", "1953-07")]),
        ("occupation (1905-1945)", [(None, "1905", "1945")]),
        ("on October 17, 1926, in Huadian", [("1926-10-17", None, None)]),
        ("on 17 October 1926", [("1926-10-17", None, None)]),
        ("in May 1934 it", [("1934-05", None, None)]),
        ("2000년 6월 15일", [("2000-06-15", None, None)]),
        ("1945년 8월에", [("1945-08", None, None)]),
        ("Issued in Juche 109(2020)", [("2020", None, None)]),
        ("주체109(2020)년", [("2020", None, None)]),
        ("February 30, 1950", []),  # not a date: left alone
        ("Juche 109(2021)", []),  # contradicts itself: left alone
        ("we may 1926 go", []),  # lower-case 'may' is not a month
        ("1950-1945", []),  # a range that runs backwards is not taken
        ("held 2 000 km away", []),
        ("Plan (1957-1961) and May 1960", [(None, "1957", "1961"), ("1960-05", None, None)]),
    ],
)
def test_dates_find(text, expected):
    got = [(d.when, d.from_, d.to) for d in find_dates(text)]
    assert got == expected


def test_dates_offsets_cover_the_date_text():
    text = "It was founded on July 3, 1930, at Kalun."
    (d,) = find_dates(text)
    assert text[d.start : d.end] == "July 3, 1930"


def test_dates_juche_calendar():
    assert juche_to_ce(1) == 1912 and juche_to_ce(109) == 2020
    (d,) = find_dates("Juche 109")
    assert d.calendar == "juche" and d.when == "2020"


def test_dates_whole_string_parsers():
    assert parse_range(" March 1948-March 1956 ").to == "1956-03"
    assert parse_range("from March 1948-March 1956") is None
    assert parse_date("2000년 6월 15일").when == "2000-06-15"
    assert parse_date("March 1948-March 1956") is None


@pytest.mark.parametrize(
    "text, found",
    [("see pp. 1023-1045 of it", False), ("Call 1588-1600 now.", False), ("the war (1950-1953) ended", True), ("1957-1961", True)],
)
def test_dates_bare_year_ranges_only_bracketed_or_alone(text, found):
    assert any(d.is_range for d in find_dates(text)) is found


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2000년 6월 13일부터 6월 15일까지 평양에서", [("2000년 6월 13일부터 6월 15일까지", "2000-06-13", "2000-06-15")]),
        ("2000년 6월 13일부터 15일까지", [("2000년 6월 13일부터 15일까지", "2000-06-13", "2000-06-15")]),
        ("1957년부터 1961년까지의 계획", [("1957년부터 1961년까지", "1957", "1961")]),
        ("1998년 11월 18일~20일", [("1998년 11월 18일~20일", "1998-11-18", "1998-11-20")]),
        ("from June 13 to June 15, 2000, in", [("from June 13 to June 15, 2000", "2000-06-13", "2000-06-15")]),
        ("from 13 to 15 June 2000", [("from 13 to 15 June 2000", "2000-06-13", "2000-06-15")]),
        ("on October 2-4, 2007 they met", [("October 2-4, 2007", "2007-10-02", "2007-10-04")]),
        ("between 1950 and 1953 the war", [("between 1950 and 1953", "1950", "1953")]),
        ("the 1957-1961 plan", [("1957-1961", "1957", "1961")]),
        ("from June 15 to June 13, 2000", []),  # runs backwards: not a range (and no single date either)
    ],
)
def test_dates_ranges_tag_both_ends(text, expected):
    got = [(text[d.start : d.end], d.from_, d.to) for d in find_dates(text) if d.is_range]
    assert got == expected


@pytest.mark.parametrize(
    "text, when",
    [
        ("올해 8.15에 즈음하여", "--08-15"),
        ("6.15 공동선언", "--06-15"),
        ("1945. 7월 1일에 모였다", "1945-07-01"),
    ],
)
def test_dates_korean_shorthand_and_dotted_year(text, when):
    (d,) = find_dates(text)
    assert d.when == when


@pytest.mark.parametrize("text", ["at 8.15 pm", "version 2.13 of it", "3.14159", "it cost 8.15 dollars", "1.2.3 절"])
def test_dates_month_day_shorthand_needs_korean_after_it(text):
    assert find_dates(text) == []


def test_dates_feb_30_shorthand_is_not_a_day():
    assert find_dates("2.30에") == []

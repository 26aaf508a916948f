"""Anchor extraction: the same fact written in two languages gives the same key."""

from __future__ import annotations

import pytest

from align.aligners.anchors import anchor_keys, find_anchors, number_value

NONAME = ("date", "num", "enum")


def keys(text: str, lang: str) -> set[str]:
    return set(anchor_keys(text, lang, NONAME))


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        # dates: month and day across languages and notations
        ("6월 15일 북남공동선언", "ko", {"date:06-15"}),
        ("the June 15 Joint Declaration", "en", {"date:06-15"}),
        ("on 15 June", "en", {"date:06-15"}),
        ("June 15th", "en", {"date:06-15"}),
        ("8.15 해방", "ko", {"date:08-15"}),
        ("6·15 공동선언", "ko", {"date:06-15"}),
        ("August 15", "en", {"date:08-15"}),
        ("2000년 6월 15일", "ko", {"date:06-15", "num:2000"}),
        ("June 15, 2000", "en", {"date:06-15", "num:2000"}),
        ("2000.6.15", "ko", {"date:06-15", "num:2000"}),
        ("1945년 8월", "ko", {"month:08", "num:1945"}),
        ("August 1945", "en", {"month:08", "num:1945"}),
        ("le 15 juin 2000", "fr", {"date:06-15", "num:2000"}),
        ("am 15. Juni 2000", "de", {"date:06-15", "num:2000"}),
        ("le 1er mai", "fr", {"date:05-01"}),
        # month words alone, or lower-case English ones, are not dates
        ("It may 5 times", "en", {"num:5"}),
        ("They march 3 miles", "en", {"num:3"}),
        ("In May they left", "en", set()),
        # m.d is read as a date only in Hangul text; in English it is a decimal
        ("a rate of 8.15 percent", "en", {"num:8.15"}),
        ("12.3 trillion", "en", {"num:12300000000000"}),
        # numbers with Korean and English scale words
        ("1억1천만 달러", "ko", {"num:110000000"}),
        ("1억 1천만 달러", "ko", {"num:110000000"}),
        ("$110 million", "en", {"num:110000000"}),
        ("12조3천억 번", "ko", {"num:12300000000000"}),
        ("3천 명", "ko", {"num:3000"}),
        ("20만 명", "ko", {"num:200000"}),
        ("1,000 people", "en", {"num:1000"}),
        ("three people", "en", {"num:3"}),
        ("one of them", "en", set()),  # "one" is an article or pronoun far more often than a number
        ("2000년에", "ko", {"num:2000"}),
        # article numbers
        ("1. 북과 남은 나라의 통일문제를", "ko", {"enum:1"}),
        ("1. The North and the South", "en", {"enum:1"}),
        ("(2) 남측의", "ko", {"enum:2"}),
        ("제3조 북과 남은", "ko", {"enum:3"}),
        ("Article 3", "en", {"enum:3"}),
        ("Chapter IV", "en", {"enum:4"}),
        ("첫째, 북과 남은", "ko", {"enum:1"}),
        ("Second, the North", "en", {"enum:2"}),
        ("1.5 million people", "en", {"num:1500000"}),  # a decimal at the start is no article number
    ],
)
def test_anchors_table(text, lang, expected):
    assert keys(text, lang) == expected


@pytest.mark.parametrize(
    "ko,en,shared",
    [
        ("6월 15일", "June 15", "date:06-15"),
        ("8.15", "August 15", "date:08-15"),
        ("2000년", "in 2000", "num:2000"),
        ("1억1천만 달러", "110 million dollars", "num:110000000"),
        ("제2조", "Article 2", "enum:2"),
        ("2.", "2.", "enum:2"),
    ],
)
def test_anchors_cross_language(ko, en, shared):
    assert shared in keys(ko, "ko") & keys(en, "en")


@pytest.mark.parametrize(
    "ko,en",
    [
        ("김정일", "Kim Jong Il"),
        ("김정일동지께서", "Kim Jong-il"),  # title and particle stripped; hyphenated given name
        ("평양에서", "Pyongyang"),
        ("평양", "P'yŏngyang"),  # McCune-Reischauer with breve and apostrophe
        ("김일성", "Kim Il Sung"),
        ("로동신문", "Rodong Sinmun"),  # DPRK spelling keeps the initial r
        ("노동신문", "Nodong Sinmun"),  # ROK spelling drops it
        ("조선", "Joseon"),  # Revised Romanization
        ("조선", "Chosŏn"),  # McCune-Reischauer
        ("판문점", "Panmunjom"),
        ("리설주", "Ri Sol Ju"),  # DPRK 리 (ROK 이)
    ],
)
def test_anchors_names_match_through_romanization(ko, en):
    a = {k for k in anchor_keys(ko, "ko") if k.startswith("name:")}
    b = {k for k in anchor_keys(en, "en") if k.startswith("name:")}
    assert a & b


def test_anchors_offsets_point_at_the_text():
    text = "그는 2000년 6월 15일 평양에서 말했다"
    for a in find_anchors(text, "ko"):
        assert 0 <= a.start < a.end <= len(text)
    date = [a for a in find_anchors(text, "ko") if a.kind == "date"][0]
    assert text[date.start : date.end] == "2000년 6월 15일"


def test_anchors_kinds_filter():
    assert keys("2000년 6월 15일", "ko") == {"num:2000", "date:06-15"}
    assert set(anchor_keys("2000년 6월 15일", "ko", ("enum",))) == set()


@pytest.mark.parametrize(
    "text,value",
    [("1억1천만", "110000000"), ("110 million", "110000000"), ("12조3천억", "12300000000000"), ("1,234.5", "1234.5"), ("abc", None)],
)
def test_anchors_number_value(text, value):
    assert number_value(text) == value


@pytest.mark.parametrize(
    "text,lang",
    [
        ("2000년 6월 15일 평양에서 김대중대통령과 김정일국방위원장이 만났다.", "ko"),
        ("On June 15, 2000, Kim Dae-jung met Kim Jong Il in Pyongyang; 110 million people, Article 3.", "en"),
        ("제3조 남과 북은 8.15에 즈음하여 1억1천만 겨레의 염원을 (Pyongyang Times) 3. 다시 확인하였다", "ko"),
        ("Chapter III. Secondly, the Mt Paektu Secret Camp and the Taedong River: two thousand men.", "en"),
        ("", "en"),
    ],
)
def test_anchor_key_list_is_the_multiset_of_find_anchors(text, lang):
    from collections import Counter

    from align.aligners.anchors import anchor_key_list, find_anchors

    keys = anchor_key_list(text, lang)
    assert Counter(keys) == Counter(a.key for a in find_anchors(text, lang))
    assert Counter(anchor_key_list(text, lang, ("name",))) == Counter(a.key for a in find_anchors(text, lang, ("name",)))
    if text:
        assert any(k.startswith("name:") for k in keys)

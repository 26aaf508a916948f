"""The sentence splitter's shortcuts (issue 13) lose nothing.

A Korean sentence can end without punctuation only after a word whose ending
:func:`korean_ending_strength` rates above 0; the splitter looks only at white space after the
syllables in ``KO_FINAL_SYLLABLES``. Any Hangul word ending otherwise must rate 0, whatever it is.
List items are looked for only after line breaks; they must be exactly what a scan of every
position finds.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from align.text import sentences as S
from align.text.sentences import KO_FINAL_SYLLABLES, korean_ending_strength, split_sentences

_syllable = st.integers(0xAC00, 0xD7A3).map(chr)
_common = st.sampled_from(list("다요죠까라냐니오네자하였습했있었는고며면서시십으가나마바사아") + ["니다", "었다", "어요"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_syllable | _common, min_size=1, max_size=6))
def test_sentences_only_final_syllables_end_a_korean_sentence(parts):
    word = "".join(parts)
    if word[-1] not in KO_FINAL_SYLLABLES:
        assert korean_ending_strength(word) == 0


def test_sentences_every_final_syllable_can_end_a_sentence():
    # each listed syllable ends some word that is rated above 0: the list holds nothing needless
    words = {"다": "하였다", "요": "있어요", "죠": "하죠", "까": "합니까", "라": "하라", "냐": "했냐", "니": "먹었니",
             "오": "하시오", "네": "하네", "자": "하자"}
    assert set(words) == set(KO_FINAL_SYLLABLES)
    assert all(korean_ending_strength(w) > 0 for w in words.values())


def test_sentences_split_at_final_endings_without_punctuation():
    text = "그는 떠났다 다시 오지 않았다 우리는 갑니까 모두 함께 가자\n이제 시작하자"
    got = [text[a:b] for a, b in split_sentences(text, "ko")]
    assert got[0] == "그는 떠났다" and "".join(got).replace(" ", "") == text.replace(" ", "").replace("\n", "")


_line_piece = st.sampled_from(
    ["1. ", "12) ", "a) ", "IV. ", "가. ", "(3) ", "• ", "① ", "  ", "\t", "x", "Text", "word ", "J. Smith", "\n", "\r\n",
     "\n\n", "\u2028", "\x85", " ", "2000년", "다. "]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_line_piece, max_size=25), st.data())
def test_sentences_list_items_found_as_by_a_full_scan(pieces, data):
    text = "".join(pieces)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert [m.span() for m in S._list_items(text, a, b)] == [m.span() for m in S._LIST_ITEM.finditer(text, a, b)]

"""The rule splitter reads the token before a full stop (and the Hangul word before a gap) backwards
from it instead of searching a slice with a ``$``-anchored pattern (issue 13): the same tokens.

The reference is the pattern's meaning written plainly: the leftmost place in the slice where a
letter, mark or digit starts a tail of letters, marks, digits and ``.'’-`` that runs to the slice's
end, or (as ``$`` allows) to just before a final line feed.
"""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from align.text import sentences as S


def _is(pattern: str, ch: str) -> bool:
    return regex.fullmatch(pattern, ch) is not None


def plain_token_before(s: str) -> str:
    for end in (len(s), len(s) - 1 if s.endswith("\n") else None):
        if end is None:
            continue
        for i in range(end):
            if _is(r"[\p{L}\p{M}\p{N}]", s[i]) and all(_is(r"[\p{L}\p{M}\p{N}.'’\-]", c) for c in s[i + 1 : end]):
                return s[i:end]
    return ""


def plain_hangul_tail(s: str) -> str:
    for i in range(len(s)):
        if all(_is(r"\p{Hangul}", c) for c in s[i:]) and s[i:]:
            return s[i:]
    return ""


_PIECES = ["Dr", "a", "U.S", "8", "15", "J", "’", "'", "-", ".", " ", "\n", "\r", "\u2028", "김", "하였다", "金", "\u0301", "(", "»", "é", "٣", "\t"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.data())
def test_token_before_is_the_pattern_search(pieces, data):
    text = "".join(pieces)
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    assert S._token_before(text, lo, hi) == plain_token_before(text[lo:hi])
    tok = S._TOKEN_BEFORE.search(text[lo:hi])  # and the pattern the splitter used before
    assert S._token_before(text, lo, hi) == (tok.group() if tok else "")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=20), st.data())
def test_token_before_any_text(text, data):
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    assert S._token_before(text, lo, hi) == plain_token_before(text[lo:hi])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["김", "정일", "하였다", "다", " ", "\n", "a", "1", "金", "ㄱ"]), max_size=20), st.data())
def test_hangul_word_before_a_gap(pieces, data):
    text = "".join(pieces) + "다"  # a gap follows a Hangul syllable
    hi = len(text)
    lo = data.draw(st.integers(max(0, hi - 32), hi - 1))
    assert S._HANGUL_BACK.match(text, lo, hi).group() == plain_hangul_tail(text[lo:hi])


def test_token_before_examples():
    assert S._token_before("He met Dr", 0, 9) == "Dr"
    assert S._token_before("at 8.15 a.m", 0, 11) == "a.m"
    assert S._token_before("see U.S.", 0, 7) == "U.S"
    assert S._token_before("word\n", 0, 5) == "word"
    assert S._token_before("word\n\n", 0, 6) == ""
    assert S._token_before("(-’x", 0, 4) == "x"
    assert S._token_before("-’.", 0, 3) == ""
    assert S._token_before("abc def", 5, 7) == "ef"


# -- what follows a terminator run: one match for what four patterns found one after another --------

_AFTER = ["Next", "word", "김", "3", "\u0301", " ", "  ", "\n", "\u00a0", "\u202f", "\"", "'", "“", "”", "«", "»", "’", "(", ")", "[", "]",
          "¿", "¡", ",", ";", ":", ".", "..", "…", "!", "?", "。", "．", "-"]


def plain_closers_end(text: str, pos: int, stop: int) -> int:
    end = S._CLOSERS.match(text, pos, stop).end()
    while True:
        detached = S._DETACHED_CLOSER.match(text, end, stop)
        if detached is None:
            return end
        end = S._CLOSERS.match(text, detached.end(), stop).end()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_AFTER), max_size=14), st.data())
def test_closers_end_is_the_loop(pieces, data):
    text = "".join(pieces)
    pos = data.draw(st.integers(0, len(text)))
    stop = data.draw(st.integers(pos, len(text)))
    assert S._closers_end(text, pos, stop) == plain_closers_end(text, pos, stop)

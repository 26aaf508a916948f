"""The streaming encoder counts the letters of each script run (for the header's language shares)
with ASCII letters counted as bytes (issue 13): the same count as matching every letter.

The reference counts the characters of ``\\p{L}`` one by one."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from align.tei.stream import _letters


def plain_letters(s: str) -> int:
    return sum(1 for c in s if regex.match(r"\p{L}", c))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60), st.data())
def test_letters_any_text(text, data):
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert _letters(text, a, b) == plain_letters(text[a:b])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Kim", " ", "김정일", "金", "é", "ª", "\u0301", "1", "\ud800", "ｂ", "ǅ", "—", "\n"]), max_size=30))
def test_letters_mixed_text(pieces):
    text = "".join(pieces)
    assert _letters(text, 0, len(text)) == plain_letters(text)


def test_every_ascii_letter_and_only_those():
    ascii_text = "".join(map(chr, range(128)))
    assert _letters(ascii_text, 0, 128) == 52 == plain_letters(ascii_text)
    whole = "".join(map(chr, range(0x3400)))
    assert _letters(whole, 0, len(whole)) == plain_letters(whole)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Kim", " ", "김정일", "é", "1", "ｂ", "\n"]), max_size=30), st.integers(1, 7), st.data())
def test_letters_counted_window_by_window(pieces, window, data):
    """Long runs are counted a window at a time (bounded memory): the windows' counts add up."""
    text = "".join(pieces)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert _letters(text, a, b, window) == plain_letters(text[a:b])

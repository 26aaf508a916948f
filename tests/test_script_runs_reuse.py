"""script_runs reuses the runs of a range it computed recently (issue 13): structure and the script
layer ask for the same blocks. What it returns must be what the computation returns, for any text and
ranges, asked in any order, for several texts at once, and past the bound of remembered ranges."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import align.text.scripts as scripts
from align.text.scripts import script_runs

_alphabet = st.sampled_from(list("ab Z한국漢字 ,.()[]«»’1-\n") + ["Ελ", "ру", "あ", "ا"])
_texts = st.lists(_alphabet, min_size=1, max_size=30).map("".join)


def _fresh(text: str, a: int, b: int) -> list:
    return scripts._runs(text, a, b) if a < b else []


@settings(max_examples=300, deadline=None)
@given(st.lists(_texts, min_size=1, max_size=3), st.lists(st.tuples(st.integers(0, 2), st.integers(0, 30), st.integers(0, 30)), max_size=25))
def test_reused_runs_are_the_computed_runs(texts, asks):
    for k, a, b in asks + asks:  # every range asked twice: the second time from memory
        text = texts[k % len(texts)]
        a, b = sorted((min(a, len(text)), min(b, len(text))))
        got = script_runs(text, a, b)
        assert got == _fresh(text, a, b)
        got.append(None)  # a caller changing its list changes nothing remembered
        assert script_runs(text, a, b) == _fresh(text, a, b)


def test_equal_text_in_another_string_object_is_computed_again():
    """Only the same string object may reuse an entry; an equal or different text at the same
    offsets must not get another text's runs."""
    one = "Korea 한국어"
    other = "한국어 Korea"
    assert script_runs(one, 0, 5)[0].script == "Latn"
    assert script_runs(other, 0, 5)[0].script != "Latn"
    assert script_runs(one, 0, 5)[0].script == "Latn"


def test_bound_keeps_the_memory_flat(monkeypatch):
    monkeypatch.setattr(scripts, "_RECENT", {})
    monkeypatch.setattr(scripts, "_RECENT_MAX", 8)
    text = "a 한 " * 50
    for a in range(40):
        assert script_runs(text, a, a + 5) == scripts._runs(text, a, a + 5)
    assert len(scripts._RECENT) == 8
    assert script_runs(text, 0, 5) == scripts._runs(text, 0, 5)  # fell out, computed again

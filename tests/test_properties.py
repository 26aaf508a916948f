"""Property-based tests over the whole pipeline: bytes → read → annotate → TEI.

Generated documents mix Latin, Hangul, conjoining and compatibility jamo, Hanja, digits, brackets
(balanced or not), combining marks (also where nothing precedes them), emoji (with ZWJ, skin tones,
flags), right-to-left text (Hebrew, Arabic, bidi marks), long lines, empty blocks and Markdown
markers in odd places. For every one: encoding does not fail, the TEI is valid against tei_all,
the text is lossless (``restore_source`` gives back the text as read) and a second run gives the
same bytes.

The quick suite runs a modest number of examples; the ``long`` marker runs many more:

    python -m pytest -m long tests/test_properties.py          # ALIGN_PROPERTY_EXAMPLES=2000 by default
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from align import read
from align.pipeline import encode_document
from align.tei.extract import restore_source


def _chars(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.characters(min_codepoint=lo, max_codepoint=hi)


_LATIN = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèñßøÅçü"), min_size=1, max_size=12)
_HANGUL = st.text(_chars(0xAC00, 0xD7A3), min_size=1, max_size=6)
_JAMO = st.one_of(
    st.text(_chars(0x1100, 0x11FF), min_size=1, max_size=4),  # conjoining, in any order
    st.text(_chars(0x3131, 0x318E), min_size=1, max_size=3),  # compatibility jamo
)
_HANJA = st.text(_chars(0x4E00, 0x9FFF), min_size=1, max_size=4)
_DIGITS = st.from_regex(r"[0-9]{1,6}([.,/:-][0-9]{1,4})?", fullmatch=True)
_BRACKETS = st.sampled_from(list("()[]{}<>「」『』“”‘’《》〈〉") + ["(", ")", "“", "”"])
_COMBINING = st.builds(
    lambda base, marks: base + marks,
    st.sampled_from(["", "a", "e", "o", "가", "ㄱ", "1", " "]),  # "" and " ": a mark with nothing to combine with
    st.text(_chars(0x0300, 0x036F), min_size=1, max_size=3),
)
_EMOJI = st.sampled_from(["😀", "👩\u200d👩\u200d👧", "🇰🇷", "👍🏽", "❤\ufe0f", "🏳\ufe0f\u200d🌈", "🙂", "🀄", "#\ufe0f\u20e3"])
_RTL = st.one_of(
    st.text(_chars(0x05D0, 0x05EA), min_size=1, max_size=8),  # Hebrew
    st.text(_chars(0x0627, 0x064A), min_size=1, max_size=8),  # Arabic
    st.sampled_from(["\u200f", "\u200e", "שלום", "مرحبا", "עם 2020 ישראל"]),
)
_MARKDOWN = st.sampled_from(["*", "**", "***", "_", "__", "`", "#", "## ", "- ", "> ", "1. ", "* ", "**a*", "*b**", "\\*"])
_PUNCT = st.sampled_from([".", "!", "?", "。", "…", ",", ";", ":", "\"", "'", "—", "-", "·", "...", "?!"])

_TOKEN = st.one_of(_LATIN, _LATIN, _HANGUL, _HANGUL, _JAMO, _HANJA, _DIGITS, _BRACKETS, _COMBINING, _EMOJI, _RTL, _MARKDOWN, _PUNCT)
_SEP = st.sampled_from([" ", " ", " ", "", "\t", "\u3000", "\u00a0", "  "])


@st.composite
def _line(draw) -> str:
    tokens = draw(st.lists(_TOKEN, min_size=0, max_size=14))
    seps = draw(st.lists(_SEP, min_size=len(tokens), max_size=len(tokens)))
    line = "".join(t + s for t, s in zip(tokens, seps))
    if draw(st.integers(0, 19)) == 0:  # now and then a long line, of one repeated run
        line = (line or "word ") * draw(st.integers(20, 200))
    return line


@st.composite
def documents(draw) -> str:
    blocks = ["\n".join(draw(st.lists(_line(), min_size=1, max_size=4))) for _ in range(draw(st.integers(1, 6)))]
    seps = draw(st.lists(st.sampled_from(["\n\n", "\n", "\n\n\n\n", "\n \n", "\n\t\n\n", "\r\n\r\n"]), min_size=len(blocks), max_size=len(blocks)))
    text = draw(st.sampled_from(["", "\n", "\n\n", " "]))
    text += "".join(b + s for b, s in zip(blocks, seps))
    return text


def _check(tei_all: etree.RelaxNG, text: str) -> None:
    data = text.encode("utf-8")
    if not text.strip():
        return  # refused on reading, with a message (tested elsewhere)
    doc = read(data, name="generated.txt", id="gen")
    out = encode_document(doc)
    tree = etree.ElementTree(etree.fromstring(out))
    assert tei_all.validate(tree), "\n".join(f"{e.line}: {e.message}" for e in tei_all.error_log)
    assert restore_source(tree) == doc.text
    assert encode_document(read(data, name="generated.txt", id="gen")) == out


QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@QUICK
@given(documents())
def test_properties_pipeline_valid_lossless_deterministic(tei_all, text):
    _check(tei_all, text)


LONG_EXAMPLES = int(os.environ.get("ALIGN_PROPERTY_EXAMPLES", "2000"))


@pytest.mark.long
@settings(max_examples=LONG_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_properties_pipeline_long_run(tei_all, text):
    _check(tei_all, text)


@pytest.mark.parametrize(
    "text",
    [
        "\u0301 starts with a combining mark.\n",
        "**\n\n*\n",
        "# Heading\n\n- item *one\n- item two*\n",
        "שלום (peace) 평화 和平 😀\n",
        "ᄀᄀᄀ ㄱㄴ 가\u0300 e\u0301\u0302\n",
        "((([[[ 「unbalanced 《\n\n\n\n)))\n",
        "A" * 20000 + "\n",
        "👩\u200d👩\u200d👧 🇰🇷 #\ufe0f\u20e3 🏳\ufe0f\u200d🌈\n",
        "**한국어** *and* ***both*** `code` _under_ \\*escaped\\*\n",
    ],
    ids=["leading-mark", "only-markers", "markdown-list", "rtl-mixed", "jamo", "brackets", "long-line", "emoji", "emphasis"],
)
def test_properties_named_cases(tei_all, text):
    _check(tei_all, text)

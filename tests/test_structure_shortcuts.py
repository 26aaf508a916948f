"""The structure step's shortcuts give what the plain formulation gives.

Each fast path in ``align.text.structure`` and ``align.text.headings`` (one regex for block spans, a
length test before the running-head key, a first-characters test before the heading parser) may only
skip work whose answer is known. Each test states the plain formulation here, independently, and
compares on generated text dense with the cases that matter (blank lines of spaces and tabs, other
white space, long lines, padded lines, division words in any case).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from align.text import furniture, headings
from align.text.structure import block_spans, running_head_counts

# ---------------------------------------------------------------------------------------------
# Block spans


def _plain_blocks(text: str) -> list[tuple[int, int]]:
    """Maximal runs of lines with something besides spaces and tabs, from the first line's start to
    the last line's last character that is not a space or tab."""
    out: list[tuple[int, int]] = []
    pos = 0
    run: tuple[int, int] | None = None  # (start of the run, end of its last line so far)
    for line in text.split("\n"):
        if line.strip(" \t"):
            end = pos + len(line.rstrip(" \t"))
            run = (pos, end) if run is None else (run[0], end)
        elif run is not None:
            out.append(run)
            run = None
        pos += len(line) + 1
    if run is not None:
        out.append(run)
    return out


_PIECES = ["\n", "\n\n", " ", "\t", "a", "Word", "\r", "\u3000", "\xa0", "\x0b", "한", "\u2029", " \n", "\t\n", "x\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_block_spans_are_the_plain_runs_of_lines(text: str) -> None:
    assert block_spans(text) == _plain_blocks(text)


def test_block_spans_examples() -> None:
    assert block_spans("") == []
    assert block_spans(" \n\t\n") == []
    assert block_spans("  a  \n b\t\n \t\n\nc") == [(0, 8), (14, 15)]
    assert block_spans("a\r\n\nb") == [(0, 2), (4, 5)]  # a carriage return is text, not blank


# ---------------------------------------------------------------------------------------------
# Running-head counts


def _plain_counts(spans: list[tuple[int, int]], text: str) -> dict[str, int]:
    keys: dict[str, int] = {}
    for a, b in spans:
        for line in text[a:b].split("\n"):
            k = furniture.running_head_key(line)
            if k:
                keys[k] = keys.get(k, 0) + 1
    return keys


_HEADS = ["THE HISTORY", "12 THE HISTORY", "The History 13", "Chapter Two", "x" * 69, "y" * 70, "z" * 71, "A sentence.", "12"]
_PAD = [" ", "\t", "\u3000", "\xa0", "\x1c", "\u2028", "  " * 20, ""]


@st.composite
def _furniture_text(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 25))):
        core = draw(st.sampled_from(_HEADS) | st.text(alphabet="ab .", max_size=90))
        lines.append(draw(st.sampled_from(_PAD)) + core + draw(st.sampled_from(_PAD)))
        if draw(st.booleans()):
            lines.append("")
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(_furniture_text())
def test_running_head_counts_skip_only_lines_without_a_key(text: str) -> None:
    spans = block_spans(text)
    assert running_head_counts(spans, text) == _plain_counts(spans, text)
    assert running_head_counts([(0, len(text))], text) == _plain_counts([(0, len(text))], text)


# ---------------------------------------------------------------------------------------------
# Heading parser


def _plain_parse(line: str) -> headings.Heading | None:
    """The parser without its first-characters shortcut."""
    t = line.strip().strip("*").strip()
    if not t or "\n" in t or len(t) > 140:
        return None
    return headings._parse(t)


_WORDS = sorted({*headings._WORDS, *headings._NAMED, *headings._WORD_NUMBERS, "the", "The", "THE"})
_CASES = [str.lower, str.upper, str.title, str.capitalize, lambda w: w]


@st.composite
def _heading_lines(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        w = draw(st.sampled_from(_WORDS) | st.sampled_from(["IV", "XII", "MCM", "DC", "CD", "LX", "VI", "12", "3.2", "제3장", "第五章", "#", "##", "§", "ß", "İ", "ﬁ", "Ǆ"]))
        parts.append(draw(st.sampled_from(_CASES))(w))
        parts.append(draw(st.sampled_from([" ", "", ". ", ": ", "-", " — "])))
    title = draw(st.text(alphabet="abc ABC.", max_size=20))
    pad = draw(st.sampled_from(["", " ", "*", "**", "\u3000", "\t* "]))
    return pad + "".join(parts) + title + pad[::-1]


@settings(max_examples=400, deadline=None)
@given(_heading_lines() | st.text(max_size=30))
def test_heading_shortcut_turns_down_only_non_headings(line: str) -> None:
    assert headings.parse_heading(line) == _plain_parse(line)


def test_heading_shortcut_keeps_every_kind() -> None:
    for line in ["CHAPTER XIV.", "Chapter 3", "Part Two", "BOOK THE FIRST", "The Second Part", "Première partie", "Erstes Kapitel",
                 "Preface", "ACKNOWLEDGEMENTS", "제 2 절 정의", "1장", "第三章", "## Notes", "IV. The Storm", "2.3 Method", "§ 4", "Art. 5",
                 "Table des matières", "**Epilogue**", "  Index  "]:
        assert headings.parse_heading(line) is not None, line
        assert headings.parse_heading(line) == _plain_parse(line)
    long_line = "Chapter 3 " + "x" * 140
    assert headings.parse_heading(long_line) is None and _plain_parse(long_line) is None


# ---------------------------------------------------------------------------------------------
# Paragraph indentation


def _plain_first_indent(text: str) -> int:
    """Spaces (a tab counts four) before the first line that has something besides white space."""
    first = next(ln for ln in text.split("\n") if ln.strip())
    n = 0
    for ch in first:
        if ch not in " \t":
            break
        n += 4 if ch == "\t" else 1
    return n


_INDENT_PIECES = [" ", "\t", "\u3000", "\xa0", "\n", "a", "> ", "b c"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_INDENT_PIECES), min_size=1, max_size=12).map("".join).map(lambda t: t.lstrip("\n")).filter(lambda t: t.strip() != ""))
def test_first_indents_is_the_plain_indentation(text: str) -> None:
    """(A block opens at the start of a line; its first lines may hold only white space such as
    U+3000, which is text to the block splitter but blank to the indentation rule.)"""
    from align.text.structure import _Unit, _first_indents

    assert _first_indents([_Unit(0, len(text), text, None)]) == [_plain_first_indent(text)]


# ---------------------------------------------------------------------------------------------
# Sentence ends


_END_PIECES = ["a", "word", ".", "!", "?", "…", "。", "’", "”", "\"", "'", ")", "]", "»", "」", " ", "\n", "\t", "\u3000", "\xa0", "\x1c", "\x1f", "\u2028", "x."]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_END_PIECES), max_size=10).map("".join) | st.text(max_size=12))
def test_ends_sentence_is_the_pattern(text: str) -> None:
    from align.text.structure import _TERMINAL, ends_sentence

    assert ends_sentence(text) == bool(_TERMINAL.search(text))



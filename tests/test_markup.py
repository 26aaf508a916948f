import pytest

from align.text.markup import marker_ranges, markup_layer, strip_markers


@pytest.mark.parametrize(
    "text, spans",
    [
        ("a **bold** b", [("bold", "**bold**")]),
        ("**Two\nlines**", [("bold", "**Two\nlines**")]),
        ("titled, *On Founding a Party*, set", [("italic", "*On Founding a Party*")]),
        ("*a* and **b**", [("italic", "*a*"), ("bold", "**b**")]),
        ("2 * 3 * 4", []),  # spaced stars are arithmetic, not emphasis
        ("**not\n\nacross blank lines**", []),
        ("a *b", []),
        ("***", []),
    ],
)
def test_markup_finds_emphasis(text, spans):
    layer = markup_layer(text)
    assert [(s.label, text[s.start : s.end]) for s in layer] == spans


def test_markup_strip_is_exactly_the_markers():
    text = "x **B** y *i* z"
    assert strip_markers(text, marker_ranges(markup_layer(text))) == "x B y i z"

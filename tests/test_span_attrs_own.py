"""Layers that hand their freshly made attrs to the span without freezing them again (issue 13):
the spans must equal, hash and serialise like spans made the plain way (``Span(..., dict)``, which
deep-freezes), for any text. Checked on the date layer and the sentence layer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from align.annotate.dates import date_layer
from align.model import Document, FrozenMap, Layer, Span
from align.pipeline import sentence_layer_for_blocks

_ATOMS = (str, int, float, bool, type(None))

_pieces = st.sampled_from(
    [
        "On October 17, 1926 they met.",
        " 2000년 6월 15일 평양에서 만났다.",
        " In Juche 89 the plan began.",
        " (1905-1945)",
        " from March 1950-June 1953",
        " Mr. Kim arrived! Did he? Yes.",
        " 1. The first item.",
        " 그는 말했다. 다음 날",
        "\n",
        " 12 May",
        " 1987",
    ]
)


def _plain(sp: Span) -> Span:
    return Span(sp.start, sp.end, sp.label, dict(sp.attrs))


def _check(layer: Layer) -> None:
    for sp in layer:
        plain = _plain(sp)
        assert sp == plain and hash(sp) == hash(plain)
        assert sp.to_dict() == plain.to_dict()
        assert type(sp.attrs) is FrozenMap
        assert all(type(v) in _ATOMS for v in sp.attrs.values())


@settings(max_examples=150, deadline=None)
@given(st.lists(_pieces, min_size=1, max_size=12))
def test_date_spans_equal_plain_spans(pieces):
    layer = date_layer(Document("".join(pieces)))
    _check(layer)


@settings(max_examples=150, deadline=None)
@given(st.lists(_pieces, min_size=1, max_size=12), st.sampled_from(["en", "ko"]))
def test_sentence_spans_equal_plain_spans(pieces, lang):
    text = "".join(pieces)
    blocks = Layer("block", (Span(0, len(text), "p", {"lang": lang}),))
    layer = sentence_layer_for_blocks(Document(text, layers={"block": blocks}, meta={"lang": lang}))
    assert len(layer) > 0 or not text.strip()
    _check(layer)


def test_the_checks_see_dates_and_sentences():
    """The generated texts do hold dates and several sentences (else the tests above check nothing)."""
    text = "On October 17, 1926 they met. 2000년 6월 15일 평양에서 만났다."
    dates = date_layer(Document(text))
    assert len(dates) == 2 and {sp.attrs.get("when") for sp in dates} == {"1926-10-17", "2000-06-15"}
    blocks = Layer("block", (Span(0, len(text), "p", {"lang": "en"}),))
    assert len(sentence_layer_for_blocks(Document(text, layers={"block": blocks}, meta={"lang": "en"}))) == 2

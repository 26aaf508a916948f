"""Model JSON: lossless, byte-stable, versioned, described by the shipped schema; on the book, on
generated documents and on aligned pairs."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.model import Alignment, Bead, Document, Layer, Pair, Span
from align.modeljson import CHECKED_META, FORMAT_VERSION, PIPELINE_LAYERS, dumps, loads, looks_like_model, schema_path
from align.errors import ModelError
from test_encode import _document as _mixed_document  # the encoder's generator of mixed texts


@pytest.fixture(scope="module")
def book_pair() -> Pair:
    from align.editions import translation_pair
    from align.pipeline import EncodeOptions
    from align.resources import bundled_corpus_path
    from align.tei.book import load_book_metadata
    from align.text.read import read

    meta = load_book_metadata()
    doc = read(bundled_corpus_path(), id="seventy-five-years")
    tr = read(meta["translation"]["file"], id="tr")
    return translation_pair(doc, tr, meta=meta["translation"], options=EncodeOptions(italic="title"))


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_json_book_document_round_trips_equal_and_hashable(book_pair, validator):
    d = book_pair.src
    # the issue's own check: tuples used to come back as lists, and hash(d) raised TypeError
    assert Document.from_dict(json.loads(json.dumps(d.to_dict()))) == d
    back = loads(dumps(d))
    assert back == d and hash(back) == hash(d)
    assert {back: 1}[d] == 1
    assert dumps(back) == dumps(d)
    validator.validate(json.loads(dumps(d)))
    assert json.loads(dumps(d))["version"] == FORMAT_VERSION


def test_json_book_pair_round_trips_and_encodes_to_the_same_tei(book_pair, validator):
    from align.pipeline import encode_document
    from align.tei.book import load_book_metadata

    data = dumps(book_pair)
    back = loads(data)
    assert isinstance(back, Pair) and back == book_pair and hash(back) == hash(book_pair)
    assert dumps(back) == data
    validator.validate(json.loads(data))
    assert [b.kind for b in back.alignment] == [b.kind for b in book_pair.alignment]
    meta = load_book_metadata()
    direct = encode_document(book_pair.src, metadata=meta, annotated=True, translations=[book_pair])
    again = encode_document(back.src, metadata=meta, annotated=True, translations=[back])
    assert direct == again


def test_json_text_and_layers_survive_every_character():
    text = "tab\there\r? no: \u2028 line sep, \x85 NEL, \ud7a3, emoji \U0001f600, quote \" and back\\slash\n"
    d = Document(text, id="x", meta={"nested": {"a": [1, [2, 3]], "b": None}, "f": 0.1}).with_layer(
        Layer("l", (Span(0, 3, "t", {"ids": ["a", "b"], "n": 2.5, "ok": True}),), producer="p", meta={"k": [1]})
    )
    back = loads(dumps(d))
    assert back == d and back.text == text and hash(back) == hash(d)
    assert back.layer("l")[0].attrs["ids"] == ("a", "b")
    assert back.meta["nested"]["a"] == (1, (2, 3))


# -- generated documents and pairs ------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8))
_VALUE = st.recursive(_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)), max_leaves=8)


@st.composite
def _documents(draw) -> Document:
    text = draw(_TEXT)
    doc = Document(
        text,
        id=draw(st.text("abcxyz.-_", min_size=1, max_size=6).filter(lambda i: i[0] in "abcxyz_")),  # an xml:id
        provenance=tuple(draw(st.lists(st.text(max_size=6), max_size=3))),
        # (the names the pipeline reads are checked on read: tests/test_modeljson_hostile.py)
        meta=draw(st.dictionaries(st.text(max_size=5).filter(lambda k: k not in CHECKED_META), _VALUE, max_size=3)),
        signatures=tuple(draw(st.lists(st.text(max_size=8), max_size=3))),
    )
    for name in draw(st.lists(st.text(min_size=1, max_size=6).filter(lambda n: n not in PIPELINE_LAYERS), unique=True, max_size=3)):
        bounds = draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=5))
        spans = sorted(
            (Span(min(a, b), max(a, b), draw(st.text(max_size=4)), draw(st.dictionaries(st.text(max_size=4), _VALUE, max_size=2))) for a, b in bounds),
            key=lambda s: (s.start, -s.end),
        )
        doc = doc.with_layer(Layer(name, tuple(spans), draw(st.text(max_size=5)), draw(st.dictionaries(st.text(max_size=4), _VALUE, max_size=2))))
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_json_generated_documents_round_trip(validator, doc):
    data = dumps(doc)
    back = loads(data)
    assert back == doc and hash(back) == hash(doc)
    assert dumps(back) == data
    validator.validate(json.loads(data))


def _sentence_doc(draw, lang: str) -> Document:
    n = draw(st.integers(0, 6))
    parts = [draw(st.text("가나다abc .", min_size=1, max_size=8)) for _ in range(n)]
    spans, pos = [], 0
    for i, p in enumerate(parts):
        spans.append(Span(pos, pos + len(p), lang, {"id": f"{lang}.s{i + 1}"}))
        pos += len(p) + 1
    return Document("\n".join(parts), id=lang, meta={"lang": lang}).with_layer(Layer("sentence", tuple(spans)))


@st.composite
def _pairs(draw) -> Pair:
    src, tgt = _sentence_doc(draw, "ko"), _sentence_doc(draw, "en")
    n, m = len(src.layer("sentence")), len(tgt.layer("sentence"))
    beads, i, j = [], 0, 0
    while i < n or j < m:
        a = draw(st.integers(0 if j < m else 1, min(2, n - i))) if i < n else 0
        b = draw(st.integers(0 if a else 1, min(2, m - j))) if j < m else 0
        score = draw(st.one_of(st.floats(allow_nan=False), st.just(float("inf"))))
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), score))
        i, j = i + a, j + b
    return Pair(src, tgt, Alignment("ko", "en", tuple(beads), draw(st.text(max_size=10))), meta={"role": "parallel"})


@settings(max_examples=100, deadline=None)
@given(_pairs())
def test_json_generated_pairs_round_trip(validator, pair):
    data = dumps(pair)
    back = loads(data)
    assert back == pair and hash(back) == hash(pair)
    assert [b.kind for b in back.alignment] == [f"{len(b.src)}-{len(b.tgt)}" for b in pair.alignment]
    assert dumps(back) == data
    validator.validate(json.loads(data))


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, code",
    [
        (b'{"format": "align-document", "version": "2.0", "text": "", "id": "d", "layers": {}, "provenance": [], "meta": {}}', "A414"),
        (b'{"format": "something-else", "version": "1.0"}', "A413"),
        (b"[1, 2]", "A413"),
        (b'{"format": "align-document",\n "version": ', "A412"),
        (b'{"format": "align-document", "version": "1.0", "id": "d"}', "A415"),
        (b'{"format": "align-pair", "version": "1.0", "src": {"text": "ab", "layers": {"sentence": {"spans": [{"start": 0, "end": 1, "label": ""}], "producer": ""}}},'
         b' "tgt": {"text": ""}, "alignment": {"src_id": "a", "tgt_id": "b", "beads": []}}', None),
        (b'{"format": "align-pair", "version": "1.0", "src": {"text": "ab"}, "tgt": {"text": ""},'
         b' "alignment": {"src_id": "a", "tgt_id": "b", "beads": [{"src": [0], "tgt": [], "kind": "1-0"}]}}', "A007"),
        (b'{"format": "align-pair", "version": "1.0", "src": {"text": "ab"}, "tgt": {"text": ""},'
         b' "alignment": {"src_id": "a", "tgt_id": "b", "beads": [{"src": [0], "tgt": [], "kind": "2-0"}]}}', "A006"),
    ],
)
def test_json_bad_files_are_refused_with_a_reason(data, code):
    if code is None:  # a pair without beads is a pair not aligned yet: accepted
        assert isinstance(loads(data), Pair)
        return
    with pytest.raises(ModelError, match=code) as info:
        loads(data, name="f.json")
    assert str(info.value).startswith("f.json")


def test_json_refuses_values_json_cannot_carry():
    d = Document("ab", meta={"obj": object()})
    with pytest.raises(ModelError, match="A411"):
        dumps(d)


def test_json_is_recognised_by_content_not_name():
    d = Document("x")
    assert looks_like_model(dumps(d))
    assert not looks_like_model(b'{"format": "geojson"}')
    assert not looks_like_model(b"{ not json at all, a text that starts with a brace\n")
    assert not looks_like_model("Plain text.\n".encode())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_json_generated_texts_encode_to_the_same_tei_after_a_round_trip(data):
    # random mixed English/Korean texts with emphasis (the encoder's own property-test material)
    from align.pipeline import annotate_document, encode_document
    from align.text.read import read_text

    doc = annotate_document(read_text(data.draw(_mixed_document())))
    back = loads(dumps(doc))
    assert back == doc and hash(back) == hash(doc)
    assert encode_document(back, annotated=True) == encode_document(doc, annotated=True)


def test_foreign_pieces_keep_brackets_balanced_on_generated_text():
    from hypothesis import given as g

    from align.annotate.runs import _pairs, letter_pieces

    @settings(max_examples=300, deadline=None)
    @g(st.text(st.sampled_from(list("가나다ab ,.'\"()[]「」“”‘’")), max_size=30))
    def check(text):
        for p, q in letter_pieces(text, 0, len(text)):
            assert text[p].isalpha() or text[p] in "([「“‘\"'"
            _, unpaired = _pairs(text, p, q)
            assert unpaired == [], (text, text[p:q])

    check()

"""The streaming encoder writes exactly the bytes of the in-memory path, however the text is cut.

Each text is encoded once in memory and then in chunks of many sizes down to one character (every
block its own chunk where the cut rules allow), so groups cross cuts in every possible place.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from align import read_text
from align.pipeline import EncodeOptions, annotate_document, encode_document
from align.resources import bundled_corpus_path
from align.tei import stream
from align.tei.extract import restore_source
from align.text.read import read

CHUNKS = (1, 97, 700, 5000, 10**9)

EMBEDDED = (
    "A Long Title In Capitals For The Report\n\n"
    "Chapter 1 The Meeting\n\n"
    "The delegates met in the spring and agreed on a text, which is printed below in full as it was signed.\n\n"
    "공동선언\n\n"
    "남과 북은 나라의 통일을 위하여 다음과 같이 선언한다. 이것은 오랜 바람이다.\n\n"
    "1. 남과 북은 통일 문제를 자주적으로 해결하기로 하였다.\n2. 남과 북은 교류를 활발히 하기로 하였다.\n\n"
    "2000년 6월 15일\n\n"
    "대표 김\n홍 길 동\n\n"
    "After the declaration the delegates went home, and the work of the committees began in earnest that summer.\n\n"
    "Chapter 2 The Committees\n\n"
    "The committees met in Juche 89 (2000) and again in 2001; their minutes are lost.\n"
)

# A division of photographs only (its captions), then one with prose: the first needs an anonymous
# block around its figures, wherever a cut falls.
ALBUM = (
    "Chapter 1 Pictures\n\n"
    + "".join(f"Photograph number {i} of the harbour at dawn\n\n" for i in range(12))
    + "Chapter 2 Words\n\n"
    + "The harbour was built in 1956. It is still used by the fishing fleet of the town today.\n\n"
    + "".join(f"Another photograph, number {i}\n\n" for i in range(5))
    + "Published by the Harbour Press\n"
)

COLOPHON_ONLY = "Published by the Example Press\n\nPrinted in Korea\n"
TITLE_AND_COLOPHON = "**A Title**\n\n**By Nobody**\n\nPublished by the Example Press\n"

# A paragraph cut by a page break (joined across the blank line), emphasis, a list, a quotation.
JOINED = (
    "The people of the valley built the dam over three long years, working through the winters and\n\n"
    "through the summers until it was done in October 1962. *The Dam* is a film about it.\n\n"
    "\"We shall build it with our own hands, and it shall stand for a hundred years,\" the engineer said to all.\n\n"
    "Kim Chol Su\n\n"
    "1. First item of a list\n2. Second item of the list\n\n"
    "평양역 is the station. The sign reads 평양 in large letters.\n"
)


def _book() -> str:
    return bundled_corpus_path().read_text(encoding="utf-8")


TEXTS = {
    "embedded": EMBEDDED,
    "album": ALBUM,
    "colophon-only": COLOPHON_ONLY,
    "title-and-colophon": TITLE_AND_COLOPHON,
    "joined": JOINED,
    "no-letters": ",\n\n8.15\n",
    "korean-only": "대한민국 헌법\n\n유구한 역사와 전통에 빛나는 우리 대한국민은 이 헌법을 제정한다.\n",
    "crlf-bom": "\ufeffA line.\r\n\r\n평양 is a city.\r\n",
}


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("chunk", CHUNKS)
def test_stream_bytes_equal_in_memory(name, chunk):
    doc = read(TEXTS[name].encode("utf-8"), name=name)
    assert stream.encode_document_streamed(doc, chunk_chars=chunk) == encode_document(doc)


@pytest.mark.parametrize("chunk", CHUNKS)
def test_stream_book_twice_equal_in_memory(chunk):
    book = _book()
    doc = read_text(book + "\n\n" + book)
    assert stream.encode_document_streamed(doc, chunk_chars=chunk) == encode_document(doc)


def test_stream_book_is_cut_into_many_chunks():
    """The identity above is not trivial: the book is cut in many places, groups crossing cuts."""
    from align.tei.stream import _Encoder, _split_pipeline

    whole, per_chunk = _split_pipeline(EncodeOptions())
    enc = _Encoder(whole(read_text(_book())), per_chunk, 1)
    cuts = [(s, e) for s, e, _, _ in enc.chunks()]
    assert len(cuts) > 100
    assert cuts[0][0] == 0 and cuts[-1][1] == len(_book())
    assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:]))


@pytest.mark.parametrize(
    "options",
    [EncodeOptions(italic="title"), EncodeOptions(languages={"Latn": "en", "Hang": "ko", "Kore": "ko", "Hani": "zh"})],
    ids=["italic-title", "lang-table"],
)
def test_stream_options_and_metadata(options):
    meta = {"source": {"title": "Given Title", "date": "2000", "note": "From a test."}, "languages": ["en", "ko", "fr"]}
    doc = read_text(EMBEDDED + "\n漢字 and *italic words* here.\n")
    want = encode_document(doc, metadata=meta, options=options)
    assert stream.encode_document_streamed(doc, metadata=meta, options=options, chunk_chars=50) == want


def test_stream_annotated_document():
    doc = annotate_document(read_text(JOINED + "\n" + EMBEDDED))
    assert stream.encode_document_streamed(doc, annotated=True, chunk_chars=1) == encode_document(doc, annotated=True)


def test_stream_output_is_valid_and_lossless(tei_all):
    text = ALBUM + "\n" + EMBEDDED
    data = stream.encode_document_streamed(read_text(text), chunk_chars=1)
    tree = etree.ElementTree(etree.fromstring(data))
    assert tei_all.validate(tree), tei_all.error_log
    assert restore_source(tree) == text
    assert b"ns0:" not in data


_WORD = st.sampled_from(
    [
        "the", "Harbour", "평양", "역에서", "1950", "June", "漢字", "Juche", "109", "said.", "*word*", "**bold**", "1.",
        "(1905-1945)", "2000년", "6월", "ᄒᆞᆫ", "café", "e\u0301", "שלום", "😀", "「引用」", "*", "**", "«", "»", "Chapter",
    ]
)


@st.composite
def _document(draw):
    blocks = []
    for _ in range(draw(st.integers(1, 14))):
        lines = draw(st.lists(st.lists(_WORD, min_size=1, max_size=9).map(" ".join), min_size=1, max_size=3))
        blocks.append("\n".join(lines) + draw(st.sampled_from(["", ".", ".", "다.", "?"])))
    seps = draw(st.lists(st.sampled_from(["\n\n", "\n\n\n", "\n \n"]), min_size=len(blocks), max_size=len(blocks)))
    return "".join(b + s for b, s in zip(blocks, seps))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_document(), st.sampled_from([1, 30, 200]))
def test_stream_random_documents_equal_in_memory(text, chunk):
    doc = read_text(text)
    assert stream.encode_document_streamed(doc, chunk_chars=chunk) == encode_document(doc)


def test_stream_cli_long_text_streams_the_same_bytes(tmp_path, monkeypatch):
    """``align encode`` takes the streaming path for long texts (threshold lowered here)."""
    from align import pipeline
    from align.cli import main

    monkeypatch.setattr(pipeline, "STREAM_FROM_CHARS", 10)
    src = tmp_path / "in.txt"
    src.write_text(EMBEDDED, encoding="utf-8")
    out = tmp_path / "out.xml"
    assert main(["encode", str(src), "-o", str(out)]) == 0
    assert out.read_bytes() == encode_document(read(src))


def test_stream_encode_document_takes_the_streaming_path_for_long_texts(monkeypatch):
    import align.pipeline as pipeline

    calls = []
    real = stream.encode_document_streamed
    monkeypatch.setattr(stream, "encode_document_streamed", lambda doc, **kw: calls.append(1) or real(doc, **kw))
    doc = read_text(ALBUM)
    small = encode_document(doc)
    monkeypatch.setattr(pipeline, "STREAM_FROM_CHARS", 10)
    assert encode_document(doc) == small
    assert calls == [1]


def test_stream_write_output_failure_leaves_previous_file(tmp_path):
    """A stream that fails half-way leaves the old file and no temporary file."""
    from align.files import write_output

    target = tmp_path / "out.xml"
    target.write_bytes(b"old")

    def pieces():
        yield b"<TEI>"
        raise RuntimeError("encoding failed")

    with pytest.raises(RuntimeError):
        write_output(target, pieces())
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]
    write_output(target, iter([b"a", b"b"]))
    assert target.read_bytes() == b"ab"


def test_stream_annotated_document_without_scripts_or_sentences():
    """Annotated means the caller's layers as they are: the stream adds none of its own."""
    doc = annotate_document(read_text(EMBEDDED))
    layers = {k: v for k, v in doc.layers.items() if k not in ("script", "sentence")}
    bare = type(doc)(doc.text, id=doc.id, layers=layers, provenance=doc.provenance, meta=doc.meta)
    want = encode_document(bare, annotated=True)
    assert b"<s " not in want
    assert stream.encode_document_streamed(bare, annotated=True, chunk_chars=1) == want

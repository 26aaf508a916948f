"""No text node of the TEI is longer than ``MAX_TEXT_NODE_CHARS``: libxml2 refuses a text node over
10 MB without its huge-document option. The limit is lowered here so small texts show the cuts; the
11 MB case itself is in test_hostile.py (marked long)."""

from __future__ import annotations

import pytest
from lxml import etree

from align import read_text
from align.tei import stream
from align.tei.extract import restore_source

TEXTS = [
    "word " * 400 + "\n",  # one line, no sentence end
    "Title\n\n" + "A sentence that goes on " * 30 + "and ends here.\n\n" + "*emphasis* and more " * 40 + "\n",
    "평양 " * 300 + "\n\nChapter 1\n\n" + "x" * 500 + "\n",  # Korean; a run with no space at all
    "1. " + "item text " * 50 + "\n2. second item\n\n" + "Dear Sir,\n\n" + "a line\n" * 120,
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("chunk", [1, 300, 10**9])
def test_text_nodes_are_cut_losslessly_and_validly(monkeypatch, tei_all, text, chunk):
    monkeypatch.setattr(stream, "MAX_TEXT_NODE_CHARS", 60)
    data = stream.encode_document_streamed(read_text(text), chunk_chars=chunk)
    root = etree.fromstring(data)
    body = root.find("{http://www.tei-c.org/ns/1.0}text")
    for el in body.iter():
        for t in (el.text, el.tail):
            if t and t.strip():
                assert len(t) <= 60, (el.tag, len(t))
    assert restore_source(root) == text
    assert tei_all.validate(etree.ElementTree(root)), tei_all.error_log


def test_short_text_has_no_anchors():
    """Below the limit nothing is added: the same bytes as the in-memory encoder."""
    from align.pipeline import encode_document

    doc = read_text(TEXTS[1])
    assert b"<anchor" not in stream.encode_document_streamed(doc, chunk_chars=50)
    assert stream.encode_document_streamed(doc, chunk_chars=50) == encode_document(doc)

import pytest
from lxml import etree

from align import Alignment, Bead, Document, Layer, Span
from align.errors import EncodeError
from align.tei.parallel import encode_parallel

T = "{http://www.tei-c.org/ns/1.0}"
XML = "{http://www.w3.org/XML/1998/namespace}"


def _doc(text, lang, sents, ids=None):
    spans = tuple(Span(a, b, lang, {"id": ids[i]} if ids else {}) for i, (a, b) in enumerate(sents))
    return Document(text, id=lang, meta={"lang": lang}).with_layer(Layer("sentence", spans))


KO = _doc("평양은 아름답다. 김정일이 왔다.\n\n서울도 크다.\n", "ko", [(0, 9), (10, 18), (20, 27)])
EN = _doc("Pyongyang is beautiful. Kim Jong Il came. Seoul is big.\n", "en", [(0, 23), (24, 41), (42, 55)])
AL = Alignment("ko", "en", (Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), ()), Bead((), (2,))), "aligner:test|version:0")


@pytest.fixture(scope="module")
def tree():
    return etree.fromstring(encode_parallel(KO, EN, AL))


def test_parallel_is_valid_tei_all(tei_all, tree):
    assert tei_all.validate(etree.ElementTree(tree)), tei_all.error_log


def test_parallel_each_side_keeps_its_text(tree):
    sides = tree.findall(f"{T}text/{T}group/{T}text")
    assert ["".join(s.itertext()) for s in sides] == [KO.text, EN.text]
    assert [s.get(XML + "lang") for s in sides] == ["ko", "en"]


def test_parallel_links_one_per_bead_null_beads_marked(tree):
    links = tree.findall(f".//{T}linkGrp[@type='alignment']/{T}link")
    assert [l.get("target") for l in links] == ["#src.s1 #tgt.s1", "#src.s2 #tgt.s2", "#src.s3 #tgt", "#src #tgt.s3"]
    assert [l.get("subtype") for l in links] == [None, None, "null", "null"]
    assert tree.find(f".//{T}appInfo//{T}desc").text == "aligner:test|version:0"


def test_parallel_keeps_ids_from_the_input_when_unique():
    ko = _doc(KO.text, "ko", [(0, 9), (10, 18), (20, 27)], ids=["ko.s1", "ko.s2", "ko.s3"])
    t = etree.fromstring(encode_parallel(ko, EN, AL))
    assert t.find(f".//{T}s").get(XML + "id") == "ko.s1"


def test_parallel_refuses_one_language_twice():
    with pytest.raises(EncodeError, match="A402"):
        encode_parallel(KO, KO, AL)

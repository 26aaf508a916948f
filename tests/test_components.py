"""Registered components and the pipeline: declarations checked, editable by name, custom layers to TEI."""

from __future__ import annotations

import pytest
from lxml import etree

from align import ModelError, read_text
from align.components import Pipeline, component, components, get_component
from align.model import Layer, Span
from align.pipeline import annotate_document, default_pipeline, encode_document
from align.tei.extract import source_text
from align.tei.mapping import ElementMap, register_element_map, unregister_element_map
from align.text.markup import plain_text

NS = {"t": "http://www.tei-c.org/ns/1.0"}
TEXT = "A short text about Kim Il Sung.\n\nIt has two paragraphs, and the second names Comrade Ri.\n"


def test_builtins_declare_what_they_need_and_give():
    reg = components()
    for name in ("markup", "structure", "scripts", "sentences", "dates", "foreign", "aligner", "entities", "terms", "ocr-doubts"):
        assert name in reg
    assert "block" in reg["structure"].assigns and "markup" in reg["structure"].requires
    assert default_pipeline().names == ("markup", "structure", "scripts", "sentences", "dates", "foreign")
    assert default_pipeline().analyze() == []


def test_missing_requirement_names_the_component_to_run():
    p = default_pipeline().remove("structure")
    problems = p.analyze()
    assert problems and "'block'" in problems[0] and "'structure'" in problems[0]
    with pytest.raises(ModelError, match="A021"):
        p(read_text(TEXT))


def test_unknown_component_is_a_clear_error():
    with pytest.raises(ModelError, match="A020.*known components"):
        get_component("no-such-step")


def test_a_component_that_breaks_its_declaration_is_caught():
    @component("liar", assigns=("nothing",), register=False)
    def liar(doc):
        return doc

    with pytest.raises(ModelError, match="A025"):
        liar(read_text(TEXT))


def _comrade(doc):
    """Spans over 'Comrade X' (a toy annotator, written for this test)."""
    at = doc.text.index("Comrade")
    return doc.with_layer(Layer("title-name", (Span(at, at + len("Comrade Ri"), "honorific", {"key": "ri"}),), producer="toy"))


def test_custom_layer_reaches_tei_by_declarative_mapping(tei_all):
    comp = component("comrade", requires=("sentence",), assigns=("title-name",), register=False)(_comrade)
    register_element_map(ElementMap("title-name", "roleName", attrs={"key": "key", "subtype": "=toy"}, label="type"))
    try:
        doc = default_pipeline().add(comp)(read_text(TEXT))
        assert doc.layer("title-name")[0].text(doc) == "Comrade Ri"
        tree = etree.ElementTree(etree.fromstring(encode_document(doc, annotated=True)))
    finally:
        unregister_element_map("title-name")
    (role,) = tree.xpath("//t:roleName", namespaces=NS)
    assert role.text == "Comrade Ri" and role.get("type") == "honorific" and role.get("key") == "ri"
    assert tei_all.validate(tree), tei_all.error_log
    assert source_text(tree) == plain_text(read_text(TEXT))


def test_replacing_a_component_changes_the_output():
    @component("one-sentence-per-block", requires=("block",), assigns=("sentence",), register=False)
    def whole_blocks(doc):
        spans = [Span(b.start, b.end, "en", {"id": f"en.s{i + 1}"}) for i, b in enumerate(doc.layer("block")) if b.label == "p"]
        return doc.with_layer(Layer("sentence", tuple(spans), producer="whole-blocks"))

    doc = default_pipeline().replace("sentences", whole_blocks)(read_text(TEXT))
    assert len(doc.layer("sentence")) == 2
    assert len(annotate_document(read_text(TEXT + "\nOne more. And another.\n")).layer("sentence")) == 4
    assert Pipeline(["markup"]).names == ("markup",)


def test_a_mapping_may_not_mark_source_text_as_editorial():
    # @resp marks text the edition added (align.tei.extract skips it): a mapping over source text
    # that wrote it would lose those characters from the source
    with pytest.raises(Exception, match="A403"):
        ElementMap("x", "seg", attrs={"resp": "=#me"})


def test_every_builtin_is_listed_with_what_it_requires_and_assigns():
    reg = components()
    expect = {
        "markup": ((), ("markup",)),
        "structure": (("markup",), ("block", "group")),
        "structure-embedded": (("markup",), ("block", "group")),
        "scripts": (("block",), ("script",)),
        "sentences": (("block",), ("sentence",)),
        "dates": (("block",), ("date",)),
        "foreign": (("block", "script"), ("foreign",)),
    }
    assert {n: (reg[n].requires, reg[n].assigns) for n in expect} == expect


def test_running_a_pipeline_signs_the_document():
    doc = default_pipeline()(read_text(TEXT))
    assert doc.signatures == default_pipeline().signatures
    assert "sentences:1(splitter=rules)" in doc.signatures
    # running a component again replaces its entry instead of adding a second one
    again = get_component("dates")(doc)
    assert again.signatures.count("dates:1") == 1 and again.signatures[-1] == "dates:1"


def test_the_aligner_is_a_registered_component_over_two_documents():
    from align.model import Pair

    aligner = get_component("aligner")
    assert (aligner.requires, aligner.assigns) == (("sentence",), ("alignment",))
    ko = annotate_document(read_text("남과 북은 만났다. 그들은 선언하였다.\n")).with_meta(lang="ko")
    en = annotate_document(read_text("The south and the north met. They declared.\n"))
    pair = aligner(ko, en)
    assert isinstance(pair, Pair) and [b.kind for b in pair.alignment] == ["1-1", "1-1"]
    assert pair.alignment.signature.startswith("aligner:dp-ko")
    with pytest.raises(ModelError, match="A029"):
        default_pipeline().add("aligner")
    with pytest.raises(ModelError, match="A021.*'sentences'"):
        aligner(read_text("x"), en)

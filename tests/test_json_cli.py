"""`align encode` with the model: JSON out and in, translations for any text, and pipeline options."""

from __future__ import annotations

import sys
import textwrap

import pytest
from lxml import etree

from align.cli import main
from align.tei.extract import restore_source

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML = "{http://www.w3.org/XML/1998/namespace}"

LETTER = (
    "A Letter From the Archive\n\n"
    "The archive holds a short letter written in Korean by a teacher in Kaesong in 1952. Its text follows, "
    "as transcribed from the original page.\n\n"
    "사랑하는 동생에게\n\n"
    "우리 학교는 다시 문을 열었다. 아이들이 매일 아침 노래를 부른다.\n\n"
    "봄이 오면 꼭 만나자.\n\n"
    "The letter was donated to the archive in March 1998 by the writer's family (the \"Kim\" family).\n"
)
LETTER_EN = (
    "To my dear younger sibling\n\n"
    "Our school has opened its doors again. The children sing every morning.\n\n"
    "Let us be sure to meet when spring comes.\n"
)
POEM_KO = "바다의 노래\n\n파도가 밀려온다. 갈매기가 운다.\n\n어부는 그물을 던진다. 해가 진다.\n"
POEM_EN = "Song of the Sea\n\nThe waves roll in. The gulls cry.\n\nThe fisherman casts his net. The sun goes down.\n"


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _tree(path):
    return etree.parse(str(path))


@pytest.mark.parametrize("text", [LETTER, POEM_KO, "**Title**\n\nOne *short* text, 1950-1953.\n"], ids=["letter", "korean-poem", "emphasis"])
def test_cli_json_then_tei_gives_the_same_bytes(tmp_path, text):
    src = _write(tmp_path, "doc.txt", text)
    direct, js, again, js2 = (tmp_path / n for n in ("direct.xml", "doc.json", "again.xml", "again.json"))
    assert main(["encode", str(src), "-o", str(direct)]) == 0
    assert main(["encode", str(src), "--format", "json", "-o", str(js)]) == 0
    assert main(["encode", str(js), "-o", str(again)]) == 0
    assert again.read_bytes() == direct.read_bytes()
    assert main(["encode", str(js), "--format", "json", "-o", str(js2)]) == 0
    assert js2.read_bytes() == js.read_bytes()


def test_cli_translation_of_an_embedded_text(tmp_path, tei_all):
    src, tr = _write(tmp_path, "letter.txt", LETTER), _write(tmp_path, "letter.en.txt", LETTER_EN)
    meta = _write(tmp_path, "meta.toml", '[translation]\nfile = "letter.en.txt"\ntitle = "The letter in English"\ntranslator = "A. Tester"\n')
    out1, out2 = tmp_path / "a.xml", tmp_path / "b.xml"
    assert main(["encode", str(src), "--translation", str(tr), "-o", str(out1)]) == 0
    assert main(["encode", str(src), "--meta", str(meta), "-o", str(out2)]) == 0
    for out in (out1, out2):
        tree = _tree(out)
        assert tei_all.validate(tree), tei_all.error_log
        assert restore_source(tree) == LETTER  # the translation is editorial (@resp): the source is intact
        grp = tree.find(".//t:standOff/t:linkGrp[@type='alignment']", NS)
        assert grp.get("corresp") == "#emb1 #tr"
        # resp points at the aligner's own appInfo entry, whose desc is the aligner's signature
        (app,) = tree.xpath(f"//t:application[@xml:id='{grp.get('resp')[1:]}']", namespaces=NS)
        assert app.find("t:desc", NS).text.startswith("aligner:")
        ko = [s.get(XML + "id") for s in tree.findall(".//t:floatingText//t:s", NS)]
        linked = [t[1:] for l in grp.findall("t:link", NS) for t in l.get("target").split() if t.startswith("#ko.")]
        assert linked == ko and len(ko) == 3
        assert tree.find(".//t:back/t:div[@type='translation']", NS).get("resp") == "#tr.resp"
        assert tree.xpath("//t:sourceDesc/t:bibl[@xml:id='tr.resp']", namespaces=NS)
    assert "A. Tester" in out2.read_text(encoding="utf-8")


@pytest.mark.parametrize("src_text, tr_text", [(POEM_KO, POEM_EN), (POEM_EN, POEM_KO)], ids=["ko-to-en", "en-to-ko"])
def test_cli_translation_of_the_whole_text(tmp_path, tei_all, src_text, tr_text):
    src, tr = _write(tmp_path, "poem.txt", src_text), _write(tmp_path, "poem.tr.txt", tr_text)
    out, js, again = tmp_path / "p.xml", tmp_path / "p.json", tmp_path / "p2.xml"
    assert main(["encode", str(src), "--translation", str(tr), "-o", str(out)]) == 0
    tree = _tree(out)
    assert tei_all.validate(tree), tei_all.error_log
    assert restore_source(tree) == src_text
    grp = tree.find(".//t:linkGrp[@type='alignment']", NS)
    assert grp.get("corresp") == "#poem #tr" and tree.find("t:text", NS).get(XML + "id") == "poem"
    assert len(grp.findall("t:link", NS)) >= 3
    # the pair as JSON encodes to the same edition
    assert main(["encode", str(src), "--translation", str(tr), "--format", "json", "-o", str(js)]) == 0
    assert b'"format": "align-pair"' in js.read_bytes()
    assert main(["encode", str(js), "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(
    "toml, code",
    [
        ('[translation]\ntitle = "x"\n', "A028"),
        ('[translation]\nfile = "t.txt"\npassage = 0\n', "translation.passage"),
        ('[translation]\nfile = "t.txt"\nid = "1tr"\n', "translation.id"),
        ('[translation]\nfile = "t.txt"\ncolour = "red"\n', "translation.colour"),
        ('[translation]\nfile = "t.txt"\npassage = 4\n', "A036"),
    ],
)
def test_cli_translation_table_mistakes_are_named(tmp_path, capsys, toml, code):
    src = _write(tmp_path, "letter.txt", LETTER)
    _write(tmp_path, "t.txt", LETTER_EN)
    meta = _write(tmp_path, "m.toml", toml)
    out = tmp_path / "o.xml"
    assert main(["encode", str(src), "--meta", str(meta), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and code in err
    assert not out.exists()


def test_cli_disable_a_component(tmp_path, tei_all, capsys):
    src = _write(tmp_path, "doc.txt", LETTER)
    out = tmp_path / "o.xml"
    assert main(["encode", str(src), "--disable", "foreign", "--disable", "dates", "-o", str(out)]) == 0
    tree = _tree(out)
    assert tei_all.validate(tree)
    assert not tree.findall(".//t:date", NS) and not tree.findall(".//t:foreign", NS)
    descs = [d.text for d in tree.findall(".//t:appInfo//t:desc", NS)]
    assert not any(d.startswith(("dates:", "foreign:")) for d in descs) and any(d.startswith("sentences:") for d in descs)
    assert main(["encode", str(src), "-o", str(out)]) == 0
    assert _tree(out).findall(".//t:date", NS)  # on by default


def test_cli_missing_requirement_names_the_component_to_run(tmp_path, capsys):
    src = _write(tmp_path, "doc.txt", LETTER)
    assert main(["encode", str(src), "--disable", "structure"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "A021" in err and "'block'" in err and "'structure'" in err
    assert main(["encode", str(src), "--disable", "no-such"]) == 1
    assert "A020" in capsys.readouterr().err


def test_cli_add_a_scholars_component_from_a_module(tmp_path, monkeypatch, tei_all):
    (tmp_path / "my_annotators.py").write_text(
        textwrap.dedent(
            '''
            from align.components import component
            from align.model import Layer, Span
            from align.tei.mapping import ElementMap, register_element_map
            import regex

            register_element_map(ElementMap("placename", "placeName"), replace=True)

            @component("places", requires=("sentence",), assigns=("placename",), register=False)
            def places(doc):
                """Places from a one-word gazetteer (a toy annotator written for this test)."""
                spans = [Span(m.start(), m.end(), "place") for m in regex.finditer(r"\\b(?:Kaesong|Pyongyang)\\b", doc.text)]
                return doc.with_layer(Layer("placename", tuple(spans), producer="toy"))
            '''
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    src = _write(tmp_path, "doc.txt", LETTER)
    out = tmp_path / "o.xml"
    try:
        assert main(["encode", str(src), "--add", "my_annotators:places", "-o", str(out)]) == 0
    finally:
        from align.tei.mapping import unregister_element_map

        unregister_element_map("placename")
        sys.modules.pop("my_annotators", None)
    tree = _tree(out)
    assert [p.text for p in tree.findall(".//t:placeName", NS)] == ["Kaesong"]
    assert tei_all.validate(tree) and restore_source(tree) == LETTER
    assert any(d.text == "places:1" for d in tree.findall(".//t:appInfo//t:desc", NS))


def test_cli_add_unknown_module_is_one_line(tmp_path, capsys):
    src = _write(tmp_path, "doc.txt", LETTER)
    assert main(["encode", str(src), "--add", "no_such_module_here:x"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "A027" in err


def test_cli_translation_language_can_be_stated(tmp_path, tei_all):
    src = _write(tmp_path, "letter.txt", LETTER)
    _write(tmp_path, "t.txt", LETTER_EN)
    meta = _write(tmp_path, "m.toml", '[translation]\nfile = "t.txt"\nlang = "en-GB"\n')
    out = tmp_path / "o.xml"
    assert main(["encode", str(src), "--meta", str(meta), "-o", str(out)]) == 0
    tree = _tree(out)
    assert tree.find(".//t:back/t:div[@type='translation']", NS).get(XML + "lang") == "en-GB"
    assert tei_all.validate(tree)
    bad = _write(tmp_path, "b.toml", '[translation]\nfile = "t.txt"\nlang = "English"\n')
    assert main(["encode", str(src), "--meta", str(bad), "-o", str(out)]) == 1


def test_cli_model_file_is_recognised_by_content_whatever_its_name(tmp_path):
    src = _write(tmp_path, "doc.txt", POEM_KO)
    js = tmp_path / "saved.txt"  # a model file with a text file's name
    assert main(["encode", str(src), "--format", "json", "-o", str(js)]) == 0
    a, b = tmp_path / "a.xml", tmp_path / "b.xml"
    assert main(["encode", str(src), "-o", str(a)]) == 0
    assert main(["encode", str(js), "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    # and a text that merely starts with a brace is encoded as text
    brace = _write(tmp_path, "brace.txt", "{a note in braces}\n\nThen a paragraph.\n")
    assert main(["encode", str(brace), "-o", str(a)]) == 0
    assert restore_source(_tree(a)) == "{a note in braces}\n\nThen a paragraph.\n"


LETTER_DE = (
    "An mein liebes jüngeres Geschwister\n\n"
    "Unsere Schule hat ihre Türen wieder geöffnet. Die Kinder singen jeden Morgen.\n\n"
    "Lass uns sicher treffen, wenn der Frühling kommt.\n"
)


def test_cli_translation_in_another_latin_language_is_tagged_as_stated(tmp_path, tei_all):
    """A German translation: Latin script, which the script table calls English. Its stated language
    wins inside its div (no xml:lang="en" blocks, German sentence ids), and the links join Korean
    with German, which the checker confirms (ALN110 would say the links join English to English)."""
    from align.validate import validate_tree

    src = _write(tmp_path, "letter.txt", LETTER)
    _write(tmp_path, "t.txt", LETTER_DE)
    meta = _write(tmp_path, "m.toml", '[translation]\nfile = "t.txt"\nlang = "de"\n')
    out = tmp_path / "o.xml"
    assert main(["encode", str(src), "--meta", str(meta), "-o", str(out)]) == 0
    tree = _tree(out)
    div = tree.find(".//t:back/t:div[@type='translation']", NS)
    assert div.get(XML + "lang") == "de"
    assert [el.get(XML + "lang") for el in div.iter() if el.get(XML + "lang")] == ["de"]
    ids = [s.get(XML + "id") for s in div.iter("{http://www.tei-c.org/ns/1.0}s")]
    assert ids and all(i.startswith("tr.de.s") for i in ids)
    assert tei_all.validate(tree)
    assert [f.rule for f in validate_tree(tree) if f.severity == "error"] == []

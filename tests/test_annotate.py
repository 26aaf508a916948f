"""Annotation (issue 12): names linked across scripts, never merged, gazetteer extension, TEI guarantees.

Test texts are written for these tests; names absent from the bundled gazetteer are used on purpose
so that the rules and the romanization linking are what is tested, not the list.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from align.annotate import AnnotateOptions, annotate_bytes, annotate_document, annotate_tei, load_gazetteer, parse_tei
from align.annotate.loanwords import same_foreign_name
from align.annotate.link import orthography_key
from align.annotate.ocr import find_doubts
from align.errors import ReadError
from align.model import Document, Layer, Span
from align.pipeline import encode_document
from align.tei.extract import source_text
from align.text.read import read_text

NS = {"t": "http://www.tei-c.org/ns/1.0"}
ROOT = Path(__file__).resolve().parents[1]


def _doc(text: str) -> Document:
    spans, pos = [], 0
    for part in text.split("\n\n"):
        spans.append(Span(pos, pos + len(part), "p"))
        pos += len(part) + 2
    return Document(text).with_layer(Layer("block", tuple(spans)))


def _refs(text: str, **opts) -> dict[str, str]:
    """Surface form -> @ref of every person/place/org mention."""
    doc = annotate_document(_doc(text), AnnotateOptions(**opts))
    out = {}
    for layer in ("person", "place", "org"):
        for s in doc.layer(layer):
            out[text[s.start : s.end]] = s.attrs["ref"]
    return out


def test_annotate_kim_jong_il_in_every_form_is_one_entry():
    text = (
        "Kim Jong Il visited the plant. Later Kim Jong-il wrote to Kim Jongil's staff.\n\n"
        "김정일국방위원장께서 공장을 찾으시였다. 김정일동지는 말씀하시였다.\n\n"
        "조선민주주의인민공화국 국방위원장\n김 정 일"
    )
    refs = _refs(text)
    forms = ["Kim Jong Il", "Kim Jong-il", "Kim Jongil", "김정일", "김 정 일"]
    assert all(f in refs for f in forms), refs
    assert len({refs[f] for f in forms}) == 1


@pytest.mark.parametrize(
    "korean, english",
    [
        # names absent from the gazetteer: linked by romanization only
        ("리광수", ["Ri Kwang Su", "Lee Kwang-su", "Yi Kwangsu", "Rhee Kwang-soo"]),
        ("박철민", ["Park Chul-min", "Pak Chol Min", "Pak Ch'ŏl-min"]),
        ("정영호", ["Chung Young-ho", "Jong Yong Ho", "Jeong Yeong-ho"]),
        ("최명길", ["Choe Myong Gil", "Choi Myung-gil"]),
        ("연광철", ["Yon Kwang Chol", "Yeon Gwang-cheol"]),
    ],
)
def test_annotate_irregular_surnames_link_across_scripts(korean, english):
    text = f"{korean} 선생은 평양을 떠났다.\n\n" + "\n\n".join(f"We met {e} in the city." for e in english)
    refs = _refs(text)
    assert korean in refs and all(e in refs for e in english), refs
    assert len({refs[korean], *(refs[e] for e in english)}) == 1


def _confusable_pairs():
    return load_gazetteer().confusables


@pytest.mark.parametrize("a, b", _confusable_pairs())
def test_annotate_confusable_names_are_never_merged(a, b):
    text = f"{a} 동지와 {b} 동지가 만났다.\n\n{a}동지께서 {b}동지에게 말씀하시였다."
    refs = _refs(text)
    assert refs[a] != refs[b]


def test_annotate_confusables_have_no_shared_gazetteer_entry():
    g = load_gazetteer()
    for a, b in g.confusables:
        holders = [e.xml_id for e in g.entries.values() if {orthography_key(a), orthography_key(b)} <= {orthography_key(f) for f in e.ko}]
        assert not holders, (a, b, holders)


def test_annotate_ambiguous_romanization_links_to_neither_unlisted_name():
    # 김종일 and 김정일 are both "Kim Jong Il" in some system: the English links to the listed
    # 김정일 (gazetteer) and never to 김종일; and 김종일 keeps its own entry.
    refs = _refs("김종일 선생과 김정일 동지.\n\nKim Jong Il arrived.")
    assert refs["김종일"] != refs["김정일"]
    assert refs["Kim Jong Il"] == refs["김정일"]


def test_annotate_two_unlisted_korean_names_with_one_romanization_stay_apart():
    # 박성철 and 박성천 differ; an English spelling that only one of them gives links to that one
    refs = _refs("박성철 동지와 박성천 동지.\n\nPak Song Chol spoke first.")
    assert refs["박성철"] != refs["박성천"]
    assert refs["Pak Song Chol"] == refs["박성철"]


def test_annotate_foreign_names_in_hangul_link_by_sound():
    assert same_foreign_name("메르켈", "Angela Merkel") and same_foreign_name("고르바초프", "Gorbachev")
    assert not same_foreign_name("메르켈", "Obama")
    refs = _refs("메르켈 총리가 도착했다.\n\nChancellor Angela Merkel arrived.")
    assert refs["메르켈"] == refs["Angela Merkel"]


@pytest.mark.parametrize(
    "text, surface, kind",
    [
        ("They drove to Onchon County that day.", "Onchon County", "place"),
        ("The farm at Sokjong-ri grew rice.", "Sokjong-ri", "place"),
        ("They climbed Mt Chilbo in May.", "Mt Chilbo", "place"),
        ("Boats sailed up the Chongchon River.", "Chongchon River", "place"),
        ("He was born in North Hwanghae Province.", "North Hwanghae Province", "place"),
        ("그는 연탄군에서 태어났다.", "연탄군", "place"),
        ("평안북도 정주시의 공장", "정주시", "place"),
        ("He addressed the Pyongyang Municipal Party Committee.", "Pyongyang Municipal Party Committee", "org"),
        ("Comrade Kye Ung Thae spoke.", "Kye Ung Thae", "person"),
        ("President Obama spoke in Seoul.", "Obama", "person"),
        ("Jang Song Thaek's wife came.", "Jang Song Thaek", "person"),
        ("Ri Yong Ho’s aide came.", "Ri Yong Ho", "person"),
    ],
)
def test_annotate_rules_find_names_nobody_listed(text, surface, kind):
    doc = annotate_document(_doc(text))
    got = {(text[s.start : s.end], name) for name in ("person", "place", "org") for s in doc.layer(name)}
    assert (surface, kind) in got, got


@pytest.mark.parametrize("text", ["우리는 통일을 위하여 활동하였다.", "그 제도는 다시 정리되었다.", "General Staff officers and Chief Engineer Smith's deputy met."])
def test_annotate_common_words_are_not_names(text):
    doc = annotate_document(_doc(text))
    assert not any(len(doc.layer(n)) for n in ("person", "place", "org"))


def test_annotate_user_gazetteer_adds_entries(tmp_path):
    f = tmp_path / "mine.tsv"
    f.write_text("id\ttype\tko\ten\tabbr\nzzz-lab\torg\t별빛연구회\tStarlight Study Group\tSSG\n", encoding="utf-8")
    text = "The Starlight Study Group met. SSG members came.\n\n별빛연구회 회원들이 모였다."
    refs = _refs(text, gazetteer=(str(f),))
    assert refs["Starlight Study Group"] == refs["SSG"] == refs["별빛연구회"] == "#org.zzz-lab"


def test_annotate_bad_gazetteer_names_file_and_line(tmp_path):
    f = tmp_path / "bad.tsv"
    f.write_text("id\ttype\tko\ten\nx\tanimal\t호랑이\ttiger\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"bad.tsv:2: \[A312\]"):
        load_gazetteer((str(f),))


def test_annotate_abbreviations_learned_from_definitions():
    text = "The Union of Mountain Guides (UMG) met in May. The UMG elected a chair.\n\nLater the UMG's chair spoke."
    doc = annotate_document(_doc(text))
    spans = [(text[s.start : s.end], s.attrs.get("ref")) for s in doc.layer("org")]
    refs = {r for t, r in spans if t in ("Union of Mountain Guides", "UMG")}
    assert ("Union of Mountain Guides" in dict(spans)) and len(refs) == 1, spans
    assert sum(1 for t, _ in spans if t == "UMG") == 3


def test_annotate_ocr_doubt_suggests_one_correction_and_never_changes_text():
    g = load_gazetteer()
    text = "흩어진 가족, 친척발문단을 교환하며 평화통일을 위하여"
    (d,) = find_doubts(text, [(0, len(text))], g)
    assert text[d.start : d.end] == "친척발문단" and d.corr == "친척방문단"
    assert find_doubts("가족 방문단을 교환하였다", [(0, 12)], g) == []


def _tei(text: str) -> bytes:
    return encode_document(read_text(text))


BILINGUAL = (
    "Kim Jong Il met Kim Dae-jung in Pyongyang on June 13, 2000. The Workers' Party of Korea (WPK) "
    "follows the Juche idea; the WPK was founded in 1945.\n\n"
    "김대중대통령은 2000년 6월 13일부터 6월 15일까지 평양에서 김정일국방위원장과 만났다.\n"
)


def test_annotate_tei_is_valid_lossless_and_deterministic(tei_all):
    data = _tei(BILINGUAL)
    before = source_text(etree.fromstring(data))
    out = annotate_bytes(data)
    root = etree.fromstring(out)
    assert source_text(root) == before
    assert tei_all.validate(root.getroottree()), tei_all.error_log.last_error
    assert annotate_bytes(data) == out  # deterministic
    assert annotate_bytes(out) == out  # annotating twice changes nothing
    ids = set(root.xpath("//@xml:id"))
    for ref in root.xpath("//t:text//@ref", namespaces=NS):
        assert ref[1:] in ids, ref
    person = root.xpath("//t:person[t:persName[@xml:lang='ko']='김정일']", namespaces=NS)[0]
    assert "Kim Jong Il" in person.xpath("t:persName[@xml:lang='en']/text()", namespaces=NS)
    rng = root.xpath("//t:date[@from='2000-06-13']", namespaces=NS)[0]
    assert rng.get("to") == "2000-06-15"
    assert root.xpath("//t:term[@xml:lang='ko-Latn']/@ref", namespaces=NS) == ["#term.juche"]


def test_annotate_layers_switch_off():
    root = parse_tei(_tei(BILINGUAL))
    report = annotate_tei(root, AnnotateOptions(layers=frozenset({"place"})))
    assert set(report.placed) == {"place"}
    assert not root.xpath("//t:persName", namespaces=NS)


def test_annotate_cli(tmp_path):
    src = tmp_path / "in.xml"
    src.write_bytes(_tei(BILINGUAL))
    out = tmp_path / "out.xml"
    run = subprocess.run([sys.executable, "-m", "align", "annotate", str(src), "-o", str(out), "--skip", "ocr,term"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert b"persName" in out.read_bytes() and b"<term" not in out.read_bytes()
    bad = subprocess.run([sys.executable, "-m", "align", "annotate", str(tmp_path / "none.xml")], capture_output=True, text=True)
    assert bad.returncode == 1 and "A342" in bad.stderr and "Traceback" not in bad.stderr


def test_annotate_components_render_inline_through_element_maps():
    from align.annotate import register_element_maps
    from align.annotate.core import ENTITIES
    from align.components import components
    from align.pipeline import annotate_document as base
    from align.tei.mapping import unregister_element_map

    assert "entities" in components() and "person" in components()["entities"].assigns
    register_element_maps()
    try:
        doc = ENTITIES(base(read_text("Kim Il Sung spoke in Pyongyang.\n")))
        root = etree.fromstring(encode_document(doc, annotated=True))
        assert root.xpath("//t:persName/@ref", namespaces=NS) == ["#person.kim-il-sung"]
    finally:
        for name in ("person", "place", "org", "term"):
            unregister_element_map(name)


def test_example_mentions_lists_both_scripts(tmp_path):
    src = tmp_path / "in.xml"
    src.write_bytes(annotate_bytes(_tei(BILINGUAL)))
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "example_mentions.py"), str(src), "Kim Jong Il"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "김정일" in run.stdout and "Kim Jong Il" in run.stdout


def test_annotate_broken_latin_names_are_read_and_marked():
    data = _tei("I first saw Kirn Il Sung in 1958, and Kim Jong ll in Pyongyang the same year.\n")
    root = etree.fromstring(annotate_bytes(data))
    assert source_text(root) == source_text(etree.fromstring(data))
    names = root.xpath("//t:text//t:persName", namespaces=NS)
    assert [n.get("ref") for n in names] == ["#person.kim-il-sung", "#person.kim-jong-il"]
    assert root.xpath("//t:sic/text()", namespaces=NS) == ["Kirn", "ll"]
    assert root.xpath("//t:corr/text()", namespaces=NS) == ["Kim", "Il"]
    # annotations after an inserted correction still sit on the right characters
    assert root.xpath("//t:text//t:placeName/text()", namespaces=NS) == ["Pyongyang"]


def test_annotate_pair_output_links_unlisted_names_across_the_two_texts(tmp_path, tei_all):
    ko, en = tmp_path / "ko.txt", tmp_path / "en.txt"
    ko.write_text("장성택 부위원장은 량강도 혜산시를 방문하였다.\n", encoding="utf-8")
    en.write_text("Vice-Chairman Jang Song Thaek visited Hyesan in Ryanggang Province.\n", encoding="utf-8")
    out = tmp_path / "pair.xml"
    run = subprocess.run([sys.executable, "-m", "align", "pair", str(ko), str(en), "--format", "tei", "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    root = etree.fromstring(annotate_bytes(out.read_bytes()))
    assert tei_all.validate(root.getroottree()), tei_all.error_log.last_error
    refs = {"".join(e.itertext()): e.get("ref") for e in root.xpath("//t:text//t:persName", namespaces=NS)}
    assert refs["장성택"] == refs["Jang Song Thaek"]
    places = {"".join(e.itertext()): e.get("ref") for e in root.xpath("//t:text//t:placeName", namespaces=NS)}
    assert places["혜산시"] == places["Hyesan"] and places["량강도"] == places["Ryanggang Province"]


def test_annotate_name_broken_by_a_space_is_joined_when_the_english_names_it():
    refs = _refs("Jang Song Thaek arrived.\n\n장 성택은 도착하였다. 이 사람은 말했다.")
    assert refs["장 성택"] == refs["Jang Song Thaek"]
    assert "이 사람" not in refs


def test_annotate_korean_names_are_never_linked_by_consonants_alone():
    # 권호웅 and "Ri Kun" share the consonant skeleton k-n that links foreign names (부시 / Bush):
    # a Korean name must meet its romanization, not its consonants
    refs = _refs("권호웅 단장이 왔다.\n\nRi Kun of the ministry spoke. Kwon Ho-ung replied.")
    assert refs["Ri Kun"] != refs["권호웅"] and refs["Kwon Ho-ung"] == refs["권호웅"]


def test_annotate_a_clause_after_a_title_is_not_a_name():
    refs = _refs("김영일 총리가 나왔고 회담이 열렸다.")
    assert "나왔고" not in refs and "김영일" in refs

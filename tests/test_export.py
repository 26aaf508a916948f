"""align.export: an aligned TEI read back into the model, and the TMX, XCES, TSV and bead writers.

Expectations come from the material the tests build (the sentences and beads put in), from the TEI
files' own links, and from other people's readers (lxml's DTD validator, translate-toolkit,
opustools), never from our writers' earlier output.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from align import Alignment, Bead, Document, Layer, Span
from align.cli import main
from align.errors import ExportError
from align.export import (
    AlignedPair,
    opus_document,
    parse_aligned,
    parse_tsv,
    read_aligned,
    sentence_ids,
    sentence_texts,
    tmx_dtd,
    to_beads,
    to_tmx,
    to_tsv,
    to_xces,
)
from align.aligners.beadio import parse_beads, read_alignment_file
from align.tei.parallel import encode_parallel

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "tei" / "seventy-five-years.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _doc(sentences: list[str], lang: str, sep: str = " ", ids: list[str] | None = None) -> Document:
    """A document whose sentence layer is exactly ``sentences``, joined by ``sep``."""
    text, spans, pos = "", [], 0
    for n, s in enumerate(sentences):
        if n:
            text += sep
            pos += len(sep)
        spans.append(Span(pos, pos + len(s), lang, {"id": ids[n]} if ids else {}))
        text += s
        pos += len(s)
    return Document(text + "\n", id=lang, meta={"lang": lang}).with_layer(Layer("sentence", tuple(spans)))


# A treaty-like pair: heading, preamble, an article split 1-2, a Korean date line the English lacks
# (1-0), and an English signature the Korean lacks (0-1).
KO = [
    "제1조 목적",
    "이 협정은 양국 사이의 문화 교류를 증진하는 것을 목적으로 한다.",
    "양측은 정보를 교환하고 전문가를 파견하며 공동 연구를 지원한다.",
    "2024년 3월 1일 서울에서 작성되었다.",
    "이 협정은 서명한 날부터 효력을 발생한다.",
]
EN = [
    "Article 1 Purpose",
    "The purpose of this Agreement is to promote cultural exchange between the two countries.",
    "The Parties shall exchange information and send experts.",
    "They shall also support joint research.",
    "This Agreement shall enter into force on the date of its signature.",
    "For the Government of the Republic of Korea",
]
BEADS = (
    Bead((0,), (0,)),
    Bead((1,), (1,)),
    Bead((2,), (2, 3)),
    Bead((3,), ()),
    Bead((4,), (4,)),
    Bead((), (5,)),
)


@pytest.fixture(scope="module")
def treaty() -> AlignedPair:
    data = encode_parallel(_doc(KO, "ko"), _doc(EN, "en"), Alignment("ko", "en", BEADS, "aligner:test"))
    return parse_aligned(data, name="treaty.xml")


def _tmx_units(data: bytes, src: str, tgt: str):
    from translate.storage import tmx

    import io

    store = tmx.tmxfile(io.BytesIO(data), sourcelanguage=src, targetlanguage=tgt)
    return [(str(u.source), str(u.target)) for u in store.units]


# ---------------------------------------------------------------- reading


def test_export_reader_gets_sentences_and_beads_of_pair_tei(treaty):
    assert sentence_texts(treaty.src) == KO
    assert sentence_texts(treaty.tgt) == EN
    assert treaty.alignment.beads == BEADS
    assert treaty.src.meta["lang"] == "ko" and treaty.tgt.meta["lang"] == "en"
    assert treaty.alignment.signature == "aligner:test"


def test_export_reader_reads_the_book_links_as_written_in_the_file():
    pair = read_aligned(BOOK)
    root = etree.parse(str(BOOK)).getroot()
    ns = "{http://www.tei-c.org/ns/1.0}"
    links = [
        l.get("target").split()
        for g in root.iter(f"{ns}linkGrp")
        if g.get("type") == "alignment"
        for l in g.iter(f"{ns}link")
    ]
    src, tgt = sentence_ids(pair.src), sentence_ids(pair.tgt)
    got = [[f"#{src[i]}" for i in b.src] + [f"#{tgt[j]}" for j in b.tgt] for b in pair.alignment]
    assert got == links
    assert pair.src.meta["lang"] == "ko" and pair.tgt.meta["lang"] == "en"
    # each side's sentences are those of its element, Korean on one side and English on the other
    assert all(s.label == "ko" for s in pair.src.layer("sentence"))
    assert all(s.label == "en" for s in pair.tgt.layer("sentence"))
    # the paragraphs are there for the view: the Korean declaration has its numbered items
    assert sum(1 for b in pair.src.layer("block") if b.label == "item") == 5


NESTED = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text xml:lang="de" xml:id="t"><body>
<p><s xml:id="d1">Der Vertrag wurde am 3. Mai unterzeichnet.</s> <s xml:id="d2">Er lautet:</s></p>
<floatingText xml:lang="ja"><body><p><s xml:id="j1">第一条</s><s xml:id="j2">両国は協力する。</s></p>
<p><s xml:id="j3">署名。</s></p></body></floatingText>
<p><s xml:id="d3">Artikel 1: Beide Staaten arbeiten zusammen.</s></p>
</body></text>
<standOff><linkGrp type="alignment">
<link target="#j1 #j2 #d3"/>
<link target="#j3 #t"/>
</linkGrp></standOff></TEI>
"""


def test_export_reader_without_corresp_splits_by_language_and_leaves_the_other_side_out():
    pair = parse_aligned(NESTED.encode(), name="nested.xml")
    # the first link's first target names the source: Japanese, inside the German text
    assert sentence_ids(pair.src) == ["j1", "j2", "j3"]
    # the German side is the nearest element holding d3; the Japanese passage inside it is not its text
    assert "第一条" not in pair.tgt.text
    assert "d3" in sentence_ids(pair.tgt)
    assert pair.alignment.beads[0] == Bead((0, 1), (sentence_ids(pair.tgt).index("d3"),))


def test_export_tmx_joins_japanese_sentences_without_a_space():
    pair = parse_aligned(NESTED.replace('<link target="#j3 #t"/>', "").encode(), name="nested.xml")
    units = _tmx_units(to_tmx(pair).data, "ja", "de")
    assert units == [("第一条両国は協力する。", "Artikel 1: Beide Staaten arbeiten zusammen.")]


@pytest.mark.parametrize(
    "edit, code",
    [
        (lambda t: t.replace('type="alignment"', 'type="other"'), "A902"),
        (
            lambda t: t.replace(
                "</standOff>", '<linkGrp type="alignment"><link target="#d1 #j1"/></linkGrp></standOff>'
            ),
            "A903",
        ),
        (lambda t: t.replace('target="#j1 #j2 #d3"', 'target="other.xml#j1 #d3"'), "A904"),
        (lambda t: t.replace('<linkGrp type="alignment">', '<linkGrp type="alignment" corresp="#x #y">'), "A905"),
        (lambda t: t.replace('target="#j1 #j2 #d3"', 'target="#j1 #j2 #d3 #nowhere"'), "A906"),
        (lambda t: t.replace("</standOff>", "</standoff>"), "A901"),
    ],
)
def test_export_reader_bad_input_is_one_coded_error(edit, code):
    with pytest.raises(ExportError, match=code) as info:
        parse_aligned(edit(NESTED).encode(), name="bad.xml")
    assert str(info.value).startswith("bad.xml")


def test_export_reader_group_picks_one_of_several():
    two = NESTED.replace(
        "</standOff>", '<linkGrp type="alignment" xml:id="g2"><link target="#d1 #j1"/></linkGrp></standOff>'
    )
    pair = parse_aligned(two.encode(), name="two.xml", group="g2")
    assert len(pair.alignment) == 1
    assert len(parse_aligned(two.encode(), name="two.xml", group=0).alignment) == 2


# ---------------------------------------------------------------- TMX


def test_export_tmx_is_valid_against_the_tmx14_dtd(treaty):
    tree = etree.fromstring(to_tmx(treaty).data)
    dtd = tmx_dtd()
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()


def test_export_tmx_dtd_catches_a_broken_file(treaty):
    """The check can fail: a tu without its tuv is invalid."""
    tree = etree.fromstring(to_tmx(treaty).data)
    tu = tree.find("body/tu")
    for tuv in tu.findall("tuv"):
        tu.remove(tuv)
    assert not tmx_dtd().validate(tree)


def test_export_tmx_one_unit_per_linked_bead_read_back_by_translate_toolkit(treaty):
    written = to_tmx(treaty)
    assert written.units == 4  # six beads, two of them null
    expected = [
        (KO[0], EN[0]),
        (KO[1], EN[1]),
        (KO[2], EN[2] + " " + EN[3]),
        (KO[4], EN[4]),
    ]
    assert _tmx_units(written.data, "ko", "en") == expected


def test_export_tmx_languages_ids_and_bead_types(treaty):
    tree = etree.fromstring(to_tmx(treaty).data)
    assert tree.find("header").get("srclang") == "ko"
    tus = tree.findall("body/tu")
    assert [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in tus] == [["ko", "en"]] * 4
    ids = [[tuv.findtext("prop[@type='x-sentence-ids']") for tuv in tu.findall("tuv")] for tu in tus]
    assert ids[2] == ["src.s3", "tgt.s3 tgt.s4"]
    assert [tu.findtext("prop[@type='x-bead']") for tu in tus] == ["1-1", "1-1", "1-2", "1-1"]


def test_export_tmx_replaces_and_counts_characters_xml_forbids():
    ko = _doc(["첫째\x00 문장.", "둘째\x1b 문장\x07."], "ko", ids=["k1", "k2"])
    en = _doc(["First\x1f sentence.", "Second sentence."], "en", ids=["e1", "e2"])
    pair = AlignedPair(ko, en, Alignment("ko", "en", (Bead((0,), (0,)), Bead((1,), (1,)))))
    written = to_tmx(pair)
    assert written.replaced == 4
    tree = etree.fromstring(written.data)
    assert tmx_dtd().validate(tree)
    assert [tu.findtext("prop[@type='x-replaced-chars']") for tu in tree.findall("body/tu")] == ["2", "2"]
    units = _tmx_units(written.data, "ko", "en")
    assert units[0] == ("첫째\ufffd 문장.", "First\ufffd sentence.")


def test_export_tmx_needs_both_languages():
    ko = Document("가.\n", meta={}).with_layer(Layer("sentence", (Span(0, 2, "", {"id": "a"}),)))
    en = _doc(["A."], "en", ids=["b"])
    with pytest.raises(ExportError, match="A911"):
        to_tmx(AlignedPair(ko, en, Alignment("x", "y", (Bead((0,), (0,)),))))


def test_export_tmx_of_the_book_reads_back_sentence_for_sentence():
    pair = read_aligned(BOOK)
    units = _tmx_units(to_tmx(pair).data, "ko", "en")
    assert units == list(zip(sentence_texts(pair.src), sentence_texts(pair.tgt)))
    assert units[0][0].startswith("조국의 평화적통일을") and units[0][1].startswith("In accordance with")


# ---------------------------------------------------------------- XCES


def test_export_xces_has_opus_shape(treaty):
    root = etree.fromstring(to_xces(treaty, from_doc="ko/a.xml", to_doc="en/a.xml").data)
    assert root.tag == "cesAlign"
    grp = root.find("linkGrp")
    assert (grp.get("targType"), grp.get("fromDoc"), grp.get("toDoc")) == ("s", "ko/a.xml", "en/a.xml")
    xt = [l.get("xtargets") for l in grp.findall("link")]
    assert xt == [
        "src.s1;tgt.s1",
        "src.s2;tgt.s2",
        "src.s3;tgt.s3 tgt.s4",
        "src.s4;",
        "src.s5;tgt.s5",
        ";tgt.s6",
    ]


def test_export_xces_opustools_alignment_parser_reads_identical_id_pairs(tmp_path, treaty):
    from opustools.parse.alignment_parser import AlignmentParser

    path = tmp_path / "a.xces"
    path.write_bytes(to_xces(treaty).data)
    with open(path) as fh:
        links = AlignmentParser(fh).collect_links()[0]
    src, tgt = sentence_ids(treaty.src), sentence_ids(treaty.tgt)
    want = [(" ".join(src[i] for i in b.src), " ".join(tgt[j] for j in b.tgt)) for b in BEADS]
    assert [tuple(l) for l in links] == want


def test_export_xces_opusread_reads_identical_text_pairs(tmp_path, treaty, monkeypatch):
    """The CLI writes the sentence documents beside the alignment; OpusRead joins them as OPUS does."""
    from opustools import OpusRead

    tei = tmp_path / "treaty.xml"
    tei.write_bytes(encode_parallel(_doc(KO, "ko"), _doc(EN, "en"), Alignment("ko", "en", BEADS)))
    out = tmp_path / "treaty.xces"
    assert main(["export", str(tei), "--format", "xces", "--documents", "-o", str(out)]) == 0
    monkeypatch.chdir(tmp_path)
    OpusRead(
        directory="x",
        source="ko",
        target="en",
        alignment_file=str(out),
        download_dir=str(tmp_path),
        preprocess="raw",
        write_mode="moses",
        write=[str(tmp_path / "o.ko"), str(tmp_path / "o.en")],
        suppress_prompts=True,
    ).printPairs()
    got = list(zip((tmp_path / "o.ko").read_text().splitlines(), (tmp_path / "o.en").read_text().splitlines()))
    want = [(" ".join(KO[i] for i in b.src), " ".join(EN[j] for j in b.tgt)) for b in BEADS]
    assert got == want


def test_export_opus_document_has_every_sentence(treaty):
    root = etree.fromstring(opus_document(treaty.tgt).data)
    assert [(s.get("id"), s.text) for s in root.iter("s")] == list(zip(sentence_ids(treaty.tgt), EN))


def test_export_xces_refuses_ids_that_break_xtargets():
    ko = _doc(["가."], "ko", ids=["a;b"])
    en = _doc(["A."], "en", ids=["e 1"])
    with pytest.raises(ExportError, match="A910"):
        to_xces(AlignedPair(ko, en, Alignment("ko", "en", (Bead((0,), (0,)),))))


# ---------------------------------------------------------------- TSV and beads

AWKWARD_KO = ["탭\t있는 문장.", "줄\n바꿈과 \\ 역슬래시.", "끝에 \\t 글자 그대로\\", "\\|가짜 구분자\r."]
AWKWARD_EN = ["A tab\there.", "Line\r\nbreak and \\ backslash.", "Literal \\n and \\\\.", ""]


def test_export_tsv_round_trips_tabs_newlines_backslashes():
    ko = _doc(AWKWARD_KO, "ko", sep="  ", ids=[f"k{i}" for i in range(4)])
    en = _doc(AWKWARD_EN, "en", sep="\n", ids=[f"e{i}" for i in range(4)])
    beads = (Bead((0, 1), (0,), 0.25), Bead((2,), (1, 2), -1.5e-7), Bead((3,), ()), Bead((), (3,)))
    written = to_tsv(AlignedPair(ko, en, Alignment("ko", "en", beads)))
    text = written.data.decode("utf-8")
    assert len(text.splitlines()) == 1 + len(beads)  # a bead a line: nothing unescaped broke a row
    assert all(line.count("\t") == 6 for line in text.splitlines())
    rows = parse_tsv(text)
    assert [r.bead for r in rows] == list(beads)
    assert [r.src_text for r in rows] == [tuple(AWKWARD_KO[i] for i in b.src) for b in beads]
    assert [r.tgt_text for r in rows] == [tuple(AWKWARD_EN[j] for j in b.tgt) for b in beads]
    assert rows[1].tgt_ids == ("e1", "e2")
    # the bead columns are those beadio reads
    assert [(b.src, b.tgt) for b in read_alignment_file_from_text(text)] == [(b.src, b.tgt) for b in beads]


def read_alignment_file_from_text(text: str):
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as fh:
        fh.write(text)
    try:
        return read_alignment_file(fh.name)
    finally:
        os.unlink(fh.name)


def test_export_tsv_keeps_the_exact_text_of_the_book():
    pair = read_aligned(BOOK)
    rows = parse_tsv(to_tsv(pair).data.decode("utf-8"))
    assert [t for r in rows for t in r.src_text] == sentence_texts(pair.src, normalize=False)
    assert [t for r in rows for t in r.tgt_text] == sentence_texts(pair.tgt, normalize=False)


@pytest.mark.parametrize(
    "row, code",
    [
        ("0\t0\t0.0\tk\te\tbad \\x escape\tB", "A921"),
        ("0\t0\t0.0\tk\te\tA", "A920"),
        ("0,1\t0\t0.0\tk\te\tA\tB", "A920"),
        ("x\t0\t0.0\tk\te\tA\tB", "A920"),
    ],
)
def test_export_tsv_reader_rejects_damaged_rows(row, code):
    head = "src\ttgt\tscore\tsrc_id\ttgt_id\tsrc_text\ttgt_text\n"
    with pytest.raises(ExportError, match=code) as info:
        parse_tsv(head + row + "\n", name="x.tsv")
    assert "x.tsv:2" in str(info.value)


def test_export_beads_are_vecalign_format(treaty):
    text = to_beads(treaty).data.decode()
    assert text.splitlines()[2:4] == ["[2]:[2, 3]", "[3]:[]"]
    assert parse_beads(text) == list(BEADS)


# ---------------------------------------------------------------- CLI


@pytest.mark.parametrize("fmt", ["tmx", "xces", "tsv", "beads"])
def test_export_cli_writes_each_format(tmp_path, fmt):
    out = tmp_path / f"book.{fmt}"
    assert main(["export", str(BOOK), "--format", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 0


def test_export_cli_bad_input_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", encoding="utf-8")
    assert main(["export", str(bad), "--format", "tmx"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "A901" in err and f"{bad}:1:" in err


def test_export_cli_documents_needs_xces_and_an_output(capsys):
    assert main(["export", str(BOOK), "--format", "tmx", "--documents", "-o", "x.tmx"]) == 1
    assert "A930" in capsys.readouterr().err


def test_export_reads_what_align_pair_writes(tmp_path):
    """End to end: ``align pair --format tei`` then every export; the beads are the file's own links."""
    ko = tmp_path / "ko.txt"
    en = tmp_path / "en.txt"
    ko.write_text(
        "제1조 목적\n\n이 협정은 문화 교류를 증진한다. 양측은 전문가를 파견한다.\n\n"
        "이 협정은 2024년 3월 1일부터 효력을 발생한다.\n",
        encoding="utf-8",
    )
    en.write_text(
        "Article 1 Purpose\n\nThis Agreement promotes cultural exchange. The Parties shall send experts.\n\n"
        "This Agreement shall enter into force on 1 March 2024.\n\nDone in duplicate.\n",
        encoding="utf-8",
    )
    tei = tmp_path / "pair.xml"
    assert main(["pair", str(ko), str(en), "--format", "tei", "-o", str(tei)]) == 0
    pair = read_aligned(tei)
    ns = "{http://www.tei-c.org/ns/1.0}"
    root = etree.parse(str(tei)).getroot()
    links = [l.get("target").split() for l in root.iter(f"{ns}link")]
    src, tgt = sentence_ids(pair.src), sentence_ids(pair.tgt)
    side_ids = {pair.src.meta["element"], pair.tgt.meta["element"]}
    got = [[f"#{src[i]}" for i in b.src] + [f"#{tgt[j]}" for j in b.tgt] for b in pair.alignment]
    assert got == [[t for t in l if t[1:] not in side_ids] for l in links]
    assert "Done in duplicate." in sentence_texts(pair.tgt)
    units = _tmx_units(to_tmx(pair).data, "ko", "en")
    assert len(units) == sum(1 for b in pair.alignment if not b.is_null)
    assert units[0] == ("제1조 목적", "Article 1 Purpose")
    for fmt in ("tmx", "xces", "tsv", "beads"):
        assert main(["export", str(tei), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")]) == 0


from hypothesis import given, settings, strategies as st  # noqa: E402

_SENTENCE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=150, deadline=None)
@given(st.lists(_SENTENCE, min_size=1, max_size=6), st.lists(_SENTENCE, min_size=1, max_size=6), st.randoms())
def test_export_tsv_round_trips_any_text(ko_sents, en_sents, rnd):
    """Whatever the sentences hold (tabs, line breaks, backslashes, '\\|', nothing), they come back exactly."""
    ko = _doc(ko_sents, "ko", sep="\t", ids=[f"k{i}" for i in range(len(ko_sents))])
    en = _doc(en_sents, "en", sep="\n", ids=[f"e{i}" for i in range(len(en_sents))])
    beads, i, j = [], 0, 0
    while i < len(ko_sents) or j < len(en_sents):  # a random monotone alignment with null beads
        a = min(rnd.randint(0, 2), len(ko_sents) - i)
        b = min(rnd.randint(0 if a else 1, 2), len(en_sents) - j)
        if a == b == 0:
            a = min(1, len(ko_sents) - i)
            b = 0 if a else 1
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b)), rnd.uniform(-5, 5)))
        i, j = i + a, j + b
    rows = parse_tsv(to_tsv(AlignedPair(ko, en, Alignment("ko", "en", tuple(beads)))).data.decode("utf-8"))
    assert [r.bead for r in rows] == beads
    assert [list(r.src_text) for r in rows] == [[ko_sents[i] for i in b.src] for b in beads]
    assert [list(r.tgt_text) for r in rows] == [[en_sents[j] for j in b.tgt] for b in beads]


def test_export_reader_inline_notes_and_quotes_are_not_paragraphs():
    tei = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><text xml:id="a" xml:lang="en"><body>
<p><s xml:id="e1">He said <quote>enough</quote> and left.<note place="foot">A later hand.</note></s></p>
<quote><p><s xml:id="e2">A block quotation.</s></p></quote>
<list><item><s xml:id="e3">One.</s></item></list></body></text>
<text xml:id="b" xml:lang="ko"><body><p><s xml:id="k1">그가 말했다.</s></p></body></text>
<standOff><linkGrp type="alignment" corresp="#a #b"><link target="#e1 #k1"/><link target="#e2 #b"/></linkGrp></standOff></TEI>"""
    pair = parse_aligned(tei.encode(), name="n.xml")
    blocks = [(b.label, pair.src.text[b.start : b.end].strip()) for b in pair.src.layer("block")]
    assert [label for label, _ in blocks] == ["p", "quote", "p", "list", "item"]
    assert blocks[0][1] == "He said enough and left.A later hand."
    assert pair.alignment.beads == (Bead((0,), (0,)), Bead((1,), ()))

"""Structure on evidence: heading forms, figures, quotations, verse, letters, lists, furniture, profiles.

Texts are written here; each case says why the expected kind is right, and most have a near miss."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from align import read_text
from align.errors import AlignError
from align.pipeline import EncodeOptions, annotate_document, check_metadata, encode_document
from align.tei.extract import reading_text, restore_source, source_text
from align.text.headings import parse_heading
from align.text.profiles import get_profile
from align.text.structure_eval import format_table, load_gold_dir, predicted_kinds, read_gold, score

NS = {"t": "http://www.tei-c.org/ns/1.0"}
GOLD = Path(__file__).parent / "structure_gold"


def _doc(text, profile=None):
    return annotate_document(read_text(text), EncodeOptions(structure=get_profile(profile)))


def _kinds(text, profile=None):
    doc = _doc(text, profile)
    return [(b.label, b.text(doc).strip()) for b in doc.layer("block")]


def _tei(text, profile=None):
    return etree.fromstring(encode_document(read_text(text), options=EncodeOptions(structure=get_profile(profile))))


@pytest.mark.parametrize(
    "line, typ, n",
    [
        ("CHAPTER I.", "chapter", "I"), ("Chapter 12", "chapter", "12"), ("XIV", "chapter", "XIV"),
        ("BOOK THE FIRST", "book", "FIRST"), ("Part Two", "part", "Two"), ("Chapitre premier", "chapter", "premier"),
        ("Kapitel 3", "chapter", "3"), ("제1장", "chapter", "1"), ("제 2 절", "section", "2"), ("第三章", "chapter", "三"),
        ("1.2 Title", "section", "1.2"), ("Première partie", "part", "Première"), ("Erstes Kapitel", "chapter", "Erstes"),
        ("ARTICLE 7", "article", "7"), ("Epilogue", "epilogue", None), ("## Chapter 2: Rain", "chapter", "2"),
        ("Chapter the Twenty-First", "chapter", "Twenty-First"), ("CHAP. XII.", "chapter", "XII"), ("I.—THE RETURN.", "chapter", "I"),
    ],
)
def test_structure_heading_forms(line, typ, n):
    h = parse_heading(line)
    assert h is not None and (h.type, h.n) == (typ, n)


@pytest.mark.parametrize("line", ["Part of the crowd", "Section 2 of the report", "I am here", "1. The parties agree to cooperate.", "In 1990 we went", "Book lovers unite"])
def test_structure_heading_near_misses(line):
    assert parse_heading(line) is None


def test_structure_figure_needs_evidence():
    para = "The committee made three recommendations, which are set out below:"
    kinds = _kinds(f"{para}\n\nPhoto: President Kim Dae Jung at the airport\n\n[Illustration: A boat]\n\n![map](m.png)\n\nA short line\n")
    assert [k for k, _ in kinds] == ["p", "caption", "figure-desc", "figure-desc", "p"]


def test_structure_title_and_subtitle_are_one_title_page():
    root = _tei("The Long Road\n\nA Memoir of the War Years\n\nCHAPTER 1\n\nWe left at dawn. It was cold.\n")
    pages = root.findall(".//t:titlePage", NS)
    assert len(pages) == 1
    assert [p.get("type") for p in pages[0].iter("{*}titlePart")] == ["main", "sub"]
    assert root.find(".//t:body/t:div[@type='chapter'][@n='1']", NS) is not None


def test_structure_opening_paragraphs_start_the_body():
    root = _tei("It was late when we arrived. The town was dark.\n\nWe slept in the car.\n")
    assert root.find(".//t:text/t:front", NS) is None and len(root.findall(".//t:body/t:p", NS)) == 2


def test_structure_parts_chapters_sections_nest():
    text = "PART ONE\n\nCHAPTER I\n\nText one here.\n\n1.1 First Matter\n\nText two here.\n\nCHAPTER II\n\nText three.\n\nPART TWO\n\nCHAPTER III\n\nText four.\n"
    root = _tei(text)
    parts = root.findall(".//t:body/t:div[@type='part']", NS)
    assert [p.get("n") for p in parts] == ["ONE", "TWO"]
    assert [c.get("n") for c in parts[0].findall("t:div[@type='chapter']", NS)] == ["I", "II"]
    assert parts[0].find("t:div[@n='I']/t:div[@type='section']", NS).get("n") == "1.1"


def test_structure_quotation_attributed_to_any_name_in_any_script():
    q = "“Government of the people, by the people, for the people, shall not perish from the earth.”"
    assert _kinds(f"{q}\n\nAbraham Lincoln\n")[-1][0] == "attribution"
    assert _kinds(f"{q}\n\n— 김구, 백범일지\n")[-1][0] == "attribution"
    assert _kinds("“나는 우리나라가 세계에서 가장 아름다운 나라가 되기를 원한다.”\n\n김구\n")[-1][0] == "attribution"
    root = _tei("Some opening words here.\n\n    The sea is a clock that never strikes,\n    and the tide is its bell.\n\n    — a saying of the coast\n\nMore text.\n")
    assert root.find(".//t:cit/t:quote", NS) is not None and root.find(".//t:cit/t:bibl", NS) is not None


def test_structure_dialogue_stays_paragraphs():
    kinds = _kinds("“Come here,” she said.\n\n“No.”\n\n— Viens ici, dit-elle.\n\n— Non.\n")
    assert [k for k, _ in kinds] == ["p", "p", "p", "p"]


def test_structure_verse_and_hard_wrapped_prose():
    verse = "Roses are red,\nViolets are blue,\nSugar is sweet,\nAnd so are you."
    prose = (
        "The committee met on the second day of the month and considered the\n"
        "reports of the three working groups, which had been circulated to the\n"
        "members in advance of the meeting together with the draft minutes."
    )
    assert [k for k, _ in _kinds(f"{verse}\n\n{prose}\n")] == ["lg", "p"]
    # one sentence a line is prose set that way, not verse
    assert _kinds("It has two paragraphs, and the second names a man.\nOne more. And another.\n")[0][0] == "p"
    root = _tei(f"{verse}\n")
    assert len(root.findall(".//t:lg/t:l", NS)) == 4


def test_structure_letter_parts():
    text = (
        "He opened the envelope.\n\nLondon, 2 May 1911\n\nDear Arthur,\n\nThe books came safely. Thank you.\n\n"
        "Your loving sister,\nEdith\n\nHe read it twice.\n"
    )
    root = _tei(text)
    ft = root.find(".//t:floatingText[@type='letter']", NS)
    assert ft.find("t:body/t:opener/t:dateline", NS) is not None and ft.find("t:body/t:opener/t:salute", NS) is not None
    assert "".join(ft.find("t:body/t:closer/t:signed", NS).itertext()) == "Edith"
    # a salutation with no closing is dialogue, not a letter
    assert [k for k, _ in _kinds("Dear me, what a day it has been.\n\nDear John,\n\nHe said nothing.\n")] == ["p", "p", "p"]


def test_structure_lists():
    root = _tei("Bring these:\n\n- a coat\n- a lamp\n\n1. First step\n2. Second step\n")
    lists = root.findall(".//t:list", NS)
    assert [l.get("type") for l in lists] == ["unordered", "ordered"]
    assert [i.get("n") for i in lists[1]] == ["1", "2"]


def test_structure_treaty_profile():
    root = _tei((GOLD / "treaty.txt").read_text(encoding="utf-8"), "treaty")
    body = root.find(".//t:body", NS)
    assert [d.get("type") for d in body.findall("t:div", NS)] == ["preamble", "article", "article", "article"]
    closer = body.find("t:div[@n='3']/t:closer", NS)
    assert closer.find("t:dateline", NS) is not None and len(closer.findall("t:signed", NS)) == 2


def test_structure_page_furniture_joins_and_reads_back():
    text = (
        "The road ran along the river for many miles, past farms and mills and the ruins of an old\n\n"
        "17\n\n"
        "abbey, until it reached the bridge at Carrow, where the travellers stopped for the night and ate.\n"
    )
    doc = _doc(text)
    assert [b.label for b in doc.layer("block")] == ["p"]
    root = _tei(text)
    p = root.find(".//t:text//t:p", NS)
    assert p.find(".//t:fw[@type='pageNum']", NS) is not None and p.find(".//t:pb", NS) is not None
    assert source_text(root) == text and "17" not in reading_text(root)


def test_structure_hyphenation_and_footnotes():
    text = (
        "The miller's family said that paint would only encourage the wind.1 The stones weigh-\ned more than a bullock.\n\n"
        "1 A saying still current in the district.\n"
    )
    root = _tei(text)
    assert root.find(".//t:lb[@break='no']", NS) is not None
    note = root.find(".//t:note[@place='foot']", NS)
    assert note.get("n") == "1" and root.find(".//t:ref[@type='noteAnchor']", NS).get("target") == "#" + note.get("{http://www.w3.org/XML/1998/namespace}id")
    assert restore_source(root) == text
    assert "weighed more" in reading_text(root) and "district" not in reading_text(root)
    # a numbered paragraph with no anchor before it is not a note
    assert _kinds("He left early.\n\n1 Then he came back.\n")[-1][0] != "note"


def test_structure_korean_booklet():
    doc = _doc((GOLD / "korean_booklet.txt").read_text(encoding="utf-8"))
    labels = [b.label for b in doc.layer("block")]
    assert labels[:2] == ["title", "subtitle"] and labels.count("heading") == 4
    joined = [b for b in doc.layer("block") if b.attrs.get("furniture")]
    assert len(joined) == 1 and "반납일을" in joined[0].text(doc)
    root = _tei((GOLD / "korean_booklet.txt").read_text(encoding="utf-8"))
    assert [d.get("n") for d in root.findall(".//t:body/t:div[@type='chapter']", NS)] == ["1", "2"]


def test_structure_profiles():
    with pytest.raises(AlignError, match="A260"):
        get_profile("novella")
    assert get_profile("photo_book").photo_book and not get_profile(None).photo_book
    assert check_metadata({"encoding": {"profile": "treaty"}})["encoding"]["profile"] == "treaty"
    with pytest.raises(AlignError, match="encoding.profile"):
        check_metadata({"encoding": {"profile": "novella"}})


def test_structure_cli_profile(tmp_path, capsys):
    from align.cli import main

    src = tmp_path / "t.txt"
    src.write_text((GOLD / "treaty.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "t.xml"
    assert main(["encode", str(src), "-o", str(out), "--profile", "treaty"]) == 0
    assert b'type="preamble"' in out.read_bytes()
    assert main(["encode", str(src), "-o", str(out), "--profile", "nope"]) != 0
    assert "A260" in capsys.readouterr().err


# --- the scorer and the gold set


def test_structure_scorer_counts():
    gold = [(0, "head"), (10, "p"), (20, "p")]
    pred = [(0, "p"), (10, "p"), (20, "p"), (30, "p")]
    t = score([(gold, pred)])
    assert t["p"] == (2, 4, 2) and t["head"] == (0, 0, 1)
    assert "all" in format_table(t)


def test_structure_gold_file_errors():
    with pytest.raises(AlignError, match="A271"):
        read_gold("x.kinds", "Hello there.\n", "p\tGoodbye")
    with pytest.raises(AlignError, match="A270"):
        read_gold("x.kinds", "Hello there.\n", "p Hello")
    g = read_gold("x.kinds", "A\n\nB A\n", "# profile: treaty\n# set: heldout (why)\np\tA\np\tB")
    assert g.profile == "treaty" and g.set == "heldout" and g.items == ((0, "p"), (3, "p"))


def test_structure_gold_set_is_varied_and_scored():
    golds = load_gold_dir(GOLD)
    assert len(golds) >= 12 and all(g.set in ("dev", "heldout") for g in golds)
    kinds = {k for g in golds for _, k in g.items}
    assert {"head", "p", "lg", "quote", "bibl", "figure", "list", "fw", "note", "salute", "signed", "dateline", "title"} <= kinds
    pairs = [(sorted(g.items), predicted_kinds(_doc(g.text, g.profile))) for g in golds]
    total = score(pairs)
    ok = sum(v[0] for v in total.values())
    assert ok / sum(v[2] for v in total.values()) >= 0.9


@pytest.mark.parametrize("path", sorted(GOLD.glob("*.txt")), ids=lambda p: p.stem)
def test_structure_gold_texts_valid_lossless_deterministic(tei_all, path):
    text = path.read_text(encoding="utf-8")
    profile = read_gold(str(path), text, path.with_suffix(".kinds").read_text(encoding="utf-8")).profile
    data = encode_document(read_text(text), options=EncodeOptions(structure=get_profile(profile)))
    tree = etree.ElementTree(etree.fromstring(data))
    assert tei_all.validate(tree), str(tei_all.error_log)
    assert restore_source(tree) == text
    assert encode_document(read_text(text), options=EncodeOptions(structure=get_profile(profile))) == data


# --- property test: the new constructs in any order stay valid, lossless and deterministic

_PIECES = st.sampled_from([
    "CHAPTER IV.", "Part Two", "제2장 총칙", "第三章", "1.2 Method", "## Notes", "THE STORM", "Kapitel 3",
    "It was late. We left.", "“Come here,” she said.", "— Non.", "Dear John,", "Yours ever,\nMary",
    "London, 2 May 1911", "Roses are red,\nViolets are blue,\nSugar is sweet,\nAnd so are you.",
    "    A long quoted passage that is indented\n    beyond the paragraphs around it.", "— Anon.",
    "> A quotation in Markdown.", "- one\n- two", "1. first\n2. second", "12", "- 3 -", "xiv", "3.2",
    "He ran on and on until the road turned and the", "and then he stopped at last.", "word.1 Then more.",
    "1 A footnote here.", "[1] Another note.", "the trans-\nport was late.", "Photo: A boat", "![x](y.png)",
    "Done at Seoul on 3 May 1990.", "For the Republic:\nA. Person", "평양에서 온 편지", "우리는 다음과 같이 합의하였다.",
    "Published by the Example Press",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=9), st.sampled_from(["general", "photo-book", "treaty"]))
def test_structure_random_constructs_valid_lossless_deterministic(tei_all, pieces, profile):
    text = "\n\n".join(pieces) + "\n"
    opts = EncodeOptions(structure=get_profile(profile))
    data = encode_document(read_text(text), options=opts)
    tree = etree.ElementTree(etree.fromstring(data))
    assert tei_all.validate(tree), str(tei_all.error_log)
    assert restore_source(tree) == text
    assert encode_document(read_text(text), options=opts) == data


# Pieces that open or close a division, or float in it, without being its common content (p, ab,
# lg, list...): every sequence of up to three of them must still be valid TEI. Hypothesis found
# ['Dear John,', 'Photo: A boat', 'Yours ever,\nMary'], whose placeholder <ab/> went before the opener.
_FRAME = ["Dear John,", "Yours ever,\nMary", "Photo: A boat", "CHAPTER IV.", "London, 2 May 1911", "For the Republic:\nA. Person"]


def test_structure_frames_without_common_content_in_every_order_are_valid(tei_all):
    import itertools

    bad = []
    for n in (1, 2, 3):
        for pieces in itertools.product(_FRAME, repeat=n):
            text = "\n\n".join(pieces) + "\n"
            tree = etree.ElementTree(etree.fromstring(encode_document(read_text(text))))
            if not tei_all.validate(tree) or restore_source(tree) != text:
                bad.append(pieces)
    assert bad == []


def test_structure_running_heads_inside_paragraphs():
    """OCR keeps a page's running head and number inside the paragraph that runs over the page break;
    the head is known by its repetition beside page numbers, the paragraph stays one."""
    text = (GOLD / "ocr_parish.txt").read_text(encoding="utf-8")
    root = _tei(text)
    first = root.find(".//t:body//t:p", NS)
    assert first.find("t:s/t:fw[@type='header']", NS) is not None or first.find(".//t:fw[@type='header']", NS) is not None
    assert "".join(first.itertext()).startswith("The church") and "bells, of which" in "".join(first.itertext())
    assert len(root.findall(".//t:fw", NS)) == 3 and root.find(".//t:titlePage", NS) is not None
    assert "13" not in reading_text(root) and "evenings" in reading_text(root)
    # a numbered heading repeated with its number changing is no running head
    kinds = _kinds("## Day 1\n\nWe walked.\n\n## Day 2\n\nWe rested.\n\n## Day 3\n\nWe left.\n")
    assert [k for k, _ in kinds].count("heading") == 3


def test_structure_korean_paragraph_cut_by_a_page_break_is_joined():
    cut = "회원증을 가진 주민은 한 번에 다섯 권까지 빌릴 수 있으며 대출 기간은 두 주입니다. 반납이 늦어지면 늦어진 날수만큼 대출이 정지되므로"
    rest = "반납일을 꼭 지켜 주시기 바랍니다. 책이 훼손되었을 때에는 같은 책으로 갚아야 합니다."
    doc = _doc(f"제1장 총칙\n\n{cut}\n\n{rest}\n")
    assert [b.label for b in doc.layer("block")] == ["heading", "p"] and len(doc.layer("sentence")) == 3
    # a complete Korean paragraph, or a block opening with a number or list marker, stands alone
    assert len(_doc(f"{rest}\n\n{rest}\n").layer("block")) == 2
    assert len(_doc(f"{cut}\n\n1. {rest}\n").layer("block")) == 2


def test_structure_paper_front_body_back():
    """A paper: the abstract before the numbered sections is front matter, the references after them
    back matter; a division named by a word alone ranks with the numbered sections, never above them."""
    root = _tei((GOLD / "paper.txt").read_text(encoding="utf-8"))
    assert root.find(".//t:front/t:div[@type='abstract']", NS) is not None
    assert [d.get("n") for d in root.findall(".//t:body/t:div", NS)] == ["1", "2", "3"]
    assert root.find(".//t:body/t:div[@n='2']/t:div[@n='2.1']", NS) is not None
    assert root.find(".//t:back/t:div[@type='bibliography']", NS) is not None
    # one capitalised word between prose is a reply, not a heading
    assert [k for k, _ in _kinds('"Will you come?"\n\nYes\n\nShe went with him to the station and waited for the train.\n')] == ["p", "p", "p"]


@pytest.mark.parametrize(
    "tail",
    [
        "1. first\n2. second",  # a list
        "The parties shall meet again within one year to review how this agreement has worked in practice, "
        "and each shall report on what it has done.",  # prose
        "ANNEX\n\nThe annex lists the border posts.",
    ],
    ids=["list", "prose", "annex"],
)
def test_treaty_date_line_followed_by_more_text_stays_valid(tei_all, tail):
    """A 'Done at …' line closes a treaty only when signatures (or notes, page furniture) alone
    follow; with an annex, a list or prose after it, TEI allows no block after a date line, and
    hypothesis found such an edition invalid (['word.1 Then more.', 'Done at Seoul on 3 May 1990.',
    '제2장 총칙', '1. first\\n2. second'])."""
    for text in (
        f"Article 1\n\nThe parties agree.\n\nDone at Seoul on 3 May 1990.\n\n{tail}\n",
        "word.1 Then more.\n\nDone at Seoul on 3 May 1990.\n\n제2장 총칙\n\n1. first\n2. second\n",
    ):
        data = encode_document(read_text(text), options=EncodeOptions(structure=get_profile("treaty")))
        tree = etree.ElementTree(etree.fromstring(data))
        assert tei_all.validate(tree), str(tei_all.error_log)
        assert restore_source(tree) == text

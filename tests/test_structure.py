"""Structure recovery on documents built by hand: each rule, and its near-miss."""

import pytest

from align import read_text
from align.pipeline import EncodeOptions, annotate_document
from align.text.profiles import get_profile
from align.text.structure import block_spans, looks_like_personal_name


def _kinds(text, profile=None):
    doc = annotate_document(read_text(text), EncodeOptions(structure=get_profile(profile)))
    return [(b.label, b.text(doc).strip()) for b in doc.layer("block")], doc


def test_structure_blocks_keep_leading_spaces_and_skip_blank_lines():
    text = "\n\nA\n B\n \n\n  C\n"
    assert [text[a:b] for a, b in block_spans(text)] == ["A\n B", "  C"]


def test_structure_title_heading_period_paragraph_caption():
    text = (
        "**A Book\nof Things**\n\n"
        "Intro paragraph that ends properly.\n\n"
        "The Rise of the Northern Mills\n\n"
        "March 1901-June 1910\n\n"
        "The mills grew. They employed many.\n\n"
        "Workers at the loom in the east wing\n"
    )
    kinds, doc = _kinds(text, "photo-book")
    assert [k for k, _ in kinds] == ["title", "p", "heading", "period", "p", "caption"]
    groups = [(g.label, dict(g.attrs).get("type")) for g in doc.layer("group")]
    assert ("front", None) in groups and ("preface", None) in groups and ("div", "chapter") in groups


def test_structure_same_period_opens_a_section_new_period_a_chapter():
    text = (
        "Part One Heading Here\n\nMay 1900-May 1910\n\nText one.\n\n"
        "A Sub Heading\n\nMay 1900-May 1910\n\nText two.\n\n"
        "Second Chapter Heading\n\nJune 1910-June 1920\n\nText three.\n"
    )
    _, doc = _kinds(text, "photo-book")
    divs = [(g.attrs["type"], doc.text[g.start : g.end].split("\n")[0]) for g in doc.layer("group") if g.label == "div"]
    assert divs == [("part", "Part One Heading Here"), ("section", "A Sub Heading"), ("chapter", "Second Chapter Heading")]


def test_structure_open_ended_period():
    kinds, doc = _kinds("The Latest Period of Our Work\n\nMay 2016-\n\nIt goes on.\n")
    assert kinds[1][0] == "period"
    period = doc.layer("block")[1]
    assert period.attrs["from"] == "2016-05" and period.attrs.get("to") is None


def test_structure_page_break_inside_a_paragraph_is_joined():
    text = (
        "First sentence here. It provided the people of the whole country with a long list of things, "
        "providing a springboard\n\nfor the cause of building. Third sentence. Fourth one.\n"
    )
    kinds, doc = _kinds(text)
    assert [k for k, _ in kinds] == ["p"]
    sents = [s.text(doc) for s in doc.layer("sentence")]
    assert len(sents) == 4 and sents[1].endswith("for the cause of building.")


def test_structure_quotation_with_personal_name_attribution():
    quote = "To contribute positively to the work of building the state, let those with strength give their strength."
    kinds, _ = _kinds(f"Heading Words For The Chapter Here\n\nJan 1900-Feb 1901\n\n{quote}\n\nKim Il Sung\n\nNext text here.\n", "photo-book")
    assert ("attribution", "Kim Il Sung") in kinds
    # a place name after a paragraph is a caption, not an attribution
    kinds, _ = _kinds(f"{quote}\n\nWest Sea Barrage\n", "photo-book")
    assert kinds[-1][0] == "caption"
    # a run of names under portraits is captions
    kinds, _ = _kinds(f"{quote}\n\nJin Ung Won\n\nRi Sin Ja\n", "photo-book")
    assert [k for k, _ in kinds[-2:]] == ["caption", "caption"]


@pytest.mark.parametrize(
    "name, ok",
    [("Kim Il Sung", True), ("Kim Dae-jung", True), ("Ri Sin Ja", True), ("Park Geun-hye", True),
     ("West Sea Barrage", False), ("Mirim Riding Club", False), ("Kim", False), ("kim il sung", False)],
)
def test_structure_personal_name_shape(name, ok):
    assert looks_like_personal_name(name) is ok


def test_structure_korean_inscription_joins_the_following_caption():
    text = "Some paragraph that ends.\n\n위대한 수령\n 김일성동지께서\n\nThe sign at the gate of the camp\n"
    kinds, doc = _kinds(text, "photo-book")
    assert [k for k, _ in kinds] == ["p", "inscription", "caption"]
    figs = [g for g in doc.layer("group") if g.label == "figure"]
    assert len(figs) == 1 and "위대한" in figs[0].text(doc) and "sign" in figs[0].text(doc)


EMBEDDED = (
    "A long English paragraph that introduces the treaty below, so that English is the main language of "
    "this document, as it is in an English book that quotes a Korean treaty in full.\n\n"
    "남북 공동 합의서\n\n"
    "남과 북은 평화를 위하여 다음과 같이 합의하였다. 이를 성실히 이행한다.\n\n"
    "1. 남과 북은 서로 존중한다.\n2. 남과 북은 교류한다.\n\n"
    "1991년 12월 13일\n\n"
    "대한민국 국무총리\n정 원 식\n\n"
    "조선민주주의인민공화국 정무원 총리\n연 형 묵\n\n"
    "The treaty was signed in Seoul.\n"
)


def test_structure_embedded_text_parts():
    kinds, doc = _kinds(EMBEDDED)
    assert [k for k, _ in kinds] == ["p", "e-head", "e-p", "e-list", "e-date", "e-signed", "e-signed", "p"]
    labels = [g.label for g in doc.layer("group")]
    assert labels.count("embedded") == 1 and labels.count("closer") == 1
    assert doc.layer("block")[4].attrs["when"] == "1991-12-13"


def test_structure_colophon_detected_from_the_end():
    kinds, _ = _kinds("Body text ends.\n\nPublished by the Example Press\n\nPrinted in 1999\n")
    assert [k for k, _ in kinds] == ["p", "colophon", "colophon"]


def test_structure_plain_title_page_with_byline_in_a_book_with_chapters():
    text = "THE VOYAGE OUT\n\nby A. Writer\n\nCHAPTER I\n\nIt began. It went on.\n\nCHAPTER II\n\nIt ended.\n"
    kinds, doc = _kinds(text)
    assert [k for k, _ in kinds] == ["title", "byline", "heading", "p", "heading", "p"]
    pages = [g for g in doc.layer("group") if g.label == "titlePage"]
    assert len(pages) == 1 and pages[0].text(doc) == "THE VOYAGE OUT\n\nby A. Writer"


def test_structure_no_title_page_guessed_without_chapters():
    kinds, _ = _kinds("A Photo of the River\n\nThe river runs.\n", "photo-book")
    assert kinds[0][0] == "caption"
    # in any other text a short line is no picture without a sign of one
    kinds, _ = _kinds("A Photo of the River\n\nThe river runs.\n")
    assert kinds[0][0] != "caption"


def test_structure_bilingual_paragraphs_keep_their_sentences():
    text = (
        "The Government of the Republic of Korea and the Government of New Zealand have agreed as follows. "
        "This agreement enters into force on signature.\n\n"
        "대한민국 정부와 뉴질랜드 정부는 다음과 같이 합의하였다.\n\n"
        "Each Party shall encourage exchanges in education and culture between the two countries.\n"
    )
    kinds, doc = _kinds(text)
    assert [k for k, _ in kinds] == ["p", "p", "p"]
    ko = [s for s in doc.layer("sentence") if s.label == "ko"]
    assert len(ko) == 1 and ko[0].attrs["id"] == "ko.s1"


def test_structure_quoted_quotation_with_any_name():
    text = "“We shall fight on the beaches, we shall fight on the landing grounds, we shall never surrender.”\n\nWinston Churchill\n"
    kinds, _ = _kinds(text)
    assert kinds[-1] == ("attribution", "Winston Churchill")


@pytest.mark.parametrize("line", ["Part of the crowd at the rally", "Section of the wall near the gate"])
def test_structure_heading_words_need_a_number(line):
    kinds, _ = _kinds(f"{line}\n\nCHAPTER I\n\nIt began.\n")
    assert kinds[0][0] != "heading"


def test_structure_prose_is_not_a_colophon():
    kinds, _ = _kinds("It began.\n\nPrinted in the newspaper the next day, the speech caused a stir among readers.\n")
    assert kinds[-1][0] == "p"


def test_structure_chapter_heading_with_a_full_stop():
    kinds, _ = _kinds("CHAPTER I.\n\nIt began. It went on.\n\nCHAPTER II.\n\nIt ended.\n")
    assert [k for k, _ in kinds] == ["heading", "p", "heading", "p"]

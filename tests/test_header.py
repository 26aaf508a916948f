import pytest

from align import read_text
from align.tei.header import build_header, detect_metadata, language_shares
from align.pipeline import annotate_document

T = "{http://www.tei-c.org/ns/1.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

TEXT = "**The Book of Rivers**\n\nThe rivers run. 강은 흐른다.\n\nPublished by the River Press\n\nIssued in Juche 88(1999)\n"


@pytest.fixture(scope="module")
def doc():
    return annotate_document(read_text(TEXT))


def test_header_detects_title_publisher_and_juche_date(doc):
    meta = detect_metadata(doc)
    assert meta["title"] == "The Book of Rivers"
    assert meta["publisher"] == "River Press"
    assert (meta["date"], meta["calendar"]) == ("1999", "juche")


def test_header_sourcedesc_and_calendar(doc):
    h = build_header(doc)
    date = h.find(f".//{T}sourceDesc/{T}bibl/{T}date")
    assert date.get("when") == "1999" and date.get("calendar") == "#juche"
    assert h.find(f".//{T}calendar").get("{http://www.w3.org/XML/1998/namespace}id") == "juche"


def test_header_metadata_overrides_detection(doc):
    h = build_header(doc, metadata={"source": {"publisher": "Other House", "pubPlace": "Seoul"}})
    assert h.find(f".//{T}bibl/{T}publisher").text == "Other House"
    assert h.find(f".//{T}bibl/{T}pubPlace").text == "Seoul"


def test_header_language_shares_sum_to_100_and_order(doc):
    shares = language_shares(doc)
    assert list(shares) == ["en", "ko"] and sum(shares.values()) == 100 and shares["ko"] >= 1


def test_header_values_in_other_languages_are_tagged():
    d = annotate_document(read_text("**강의 책**\n\n강은 흐른다. 바다로 간다.\n"))
    h = build_header(d, metadata={"source": {"note": "A note naming 강의 책 in passing."}})
    assert h.get(XML_LANG) == "en"
    assert h.find(f".//{T}bibl/{T}title").get(XML_LANG) == "ko"
    (f,) = h.find(f".//{T}bibl/{T}note").iter(T + "foreign")
    assert f.text == "강의 책" and f.get(XML_LANG) == "ko"


def test_header_prose_stays_english_under_a_table_that_calls_latin_german():
    """The header's own prose is English whatever the document's table says of Latin script; only
    values from the source (its title here) take the table's language. Before: a German document's
    resp, labels, desc and notes were all tagged de."""
    d = annotate_document(read_text("Der Vertrag\n\nDie Parteien vereinbaren Folgendes.\n"))
    d = d.with_meta(languages={"Latn": "de", "Hang": "ko"})
    h = build_header(d, metadata={"source": {"title": "Der Vertrag"}})
    tagged = {el.tag.split("}")[1]: el.get(XML_LANG) for el in h.iter() if el.get(XML_LANG) and el is not h}
    assert tagged == {"title": "de"}, tagged
    # the same prose carries a Hangul run as Korean still: the default table, not no table
    h = build_header(d, metadata={"source": {"title": "Der Vertrag"}}, segmentation="Split by 문장 rules.")
    (f,) = [el for el in h.iter(T + "foreign")]
    assert f.text == "문장" and f.get(XML_LANG) == "ko"


def test_header_foreign_keeps_brackets_and_commas_outside():
    # the edition's note had <foreign>(명심하는,</foreign> and a foreign holding only ')' (issue 10)
    d = annotate_document(read_text("A text.\n"))
    note = "Printed words (명심하는, printed for 념원하는: 'keeps in mind'; see 남측의 연방제안) and more."
    h = build_header(d, metadata={"source": {"note": note}})
    el = h.find(f".//{T}bibl/{T}note")
    assert [f.text for f in el.iter(T + "foreign")] == ["명심하는", "념원하는", "남측의 연방제안"]
    assert "".join(el.itertext()) == note


def test_header_app_info_lists_every_component_with_its_signature(doc):
    h = build_header(doc)
    apps = h.findall(f".//{T}appInfo/{T}application")
    descs = [a.findtext(f"{T}desc") for a in apps if a.find(f"{T}desc") is not None]
    assert [s.split(":")[0] for s in descs] == ["markup", "structure", "scripts", "sentences", "dates", "foreign"]
    assert descs == list(doc.signatures)
    ids = [a.get("{http://www.w3.org/XML/1998/namespace}id") for a in apps]
    assert len(ids) == len(set(ids))


def test_header_reads_dates_from_the_date_layer(doc):
    # without the date layer nothing is detected: the header does not search the text itself
    from align.model import Document

    bare = Document(doc.text, doc.id, {k: v for k, v in doc.layers.items() if k != "date"}, doc.provenance, doc.meta)
    assert "date" not in detect_metadata(bare) and detect_metadata(doc)["date"] == "1999"


def test_header_title_without_edition_title_names_the_source(doc):
    h = build_header(doc)
    title = h.find(f"{T}fileDesc/{T}titleStmt/{T}title")
    assert "".join(title.itertext()) == "The Book of Rivers: a TEI P5 edition"

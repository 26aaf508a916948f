"""Every schema error, at jing's line and column, with a link to the element's page in the Guidelines.

Expected places are computed from the document text here (just after the ``>`` of the start tag an
error is about), never taken from the validator's own output. Where jing is installed, the places
must also be exactly jing's.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from align.resources import tei_schema_path
from align.validate import validate_file
from align.validate.config import ValidateConfig

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>T</title></titleStmt>
      <publicationStmt><p>P</p></publicationStmt>
      <sourceDesc><p>S</p></sourceDesc>
    </fileDesc>
  </teiHeader>
"""


def after_start_tag(text: str, marker: str) -> tuple[int, int]:
    """(line, col) just after the ``>`` closing the start tag that contains ``marker`` (1-based)."""
    at = text.index(marker)
    gt = text.index(">", at)
    line = text.count("\n", 0, gt) + 1
    col = gt - text.rfind("\n", 0, gt) + 1  # the column of the character after '>'
    return line, col


def schema_findings(tmp_path: Path, text: str):
    path = tmp_path / "doc.xml"
    path.write_text(text, encoding="utf-8")
    cfg = ValidateConfig(select=frozenset({"tei-schema"}))
    return path, [f for f in validate_file(path, config=cfg) if f.rule == "tei-schema"]


# Each marker names the start tag of one error; the document has every kind at once.
MANY = HEADER + """  <text>
    <body>
      <div>
        <p>one</p>
        <head>late head</head>
        <p colour="red">two <date when="2024-13-45">x</date></p>
        <head n="2">another late head</head>
        <paragraph>x</paragraph>
        <p>three <date when="1999-02-30">y</date></p>
        <lb n="1" foo="bar"/>
      </div>
      <div type="a b"><p>x</p></div>
    </body>
  </text>
</TEI>
"""
MANY_MARKERS = ['<head>late', 'colour="red"', 'when="2024-13-45"', '<head n="2"', '<paragraph>', 'when="1999-02-30"',
                'foo="bar"', 'type="a b"']


def test_every_error_is_reported_at_its_own_place(tmp_path):
    _, found = schema_findings(tmp_path, MANY)
    assert sorted((f.line, f.col) for f in found) == sorted(after_start_tag(MANY, m) for m in MANY_MARKERS)


def test_bad_attribute_values_are_reported_while_the_structure_is_wrong(tmp_path):
    _, found = schema_findings(tmp_path, MANY)
    values = [f for f in found if "invalid value" in f.message]
    assert {re.search(r"'([^']*)'; expected", f.message).group(1) for f in values} == {"2024-13-45", "1999-02-30", "a b"}


def test_a_missing_required_child_is_one_error_not_a_cascade(tmp_path):
    text = HEADER.replace("<titleStmt><title>T</title></titleStmt>", "") + "  <text><body><p>x</p></body></text>\n</TEI>\n"
    _, found = schema_findings(tmp_path, text)
    assert len(found) == 1
    assert (found[0].line, found[0].col) == after_start_tag(text, "<publicationStmt>")
    assert "titleStmt" in found[0].message


def test_an_element_that_ends_too_soon_is_reported_at_its_end_tag(tmp_path):
    text = HEADER.replace("<sourceDesc><p>S</p></sourceDesc>", "") + "  <text><body><p>x</p></body></text>\n</TEI>\n"
    _, found = schema_findings(tmp_path, text)
    assert len(found) == 1 and "incomplete" in found[0].message and "sourceDesc" in found[0].message
    end = text.index("</fileDesc>") + len("</fileDesc>")
    assert (found[0].line, found[0].col) == (text.count("\n", 0, end) + 1, end - text.rfind("\n", 0, end))


def test_missing_required_attributes_are_reported_with_the_other_errors(tmp_path):
    text = HEADER + """  <text><body>
    <p>x <graphic/> <milestone n="2"/> <bogus/></p>
  </body></text>
</TEI>
"""
    _, found = schema_findings(tmp_path, text)
    assert sorted((f.line, f.col) for f in found) == sorted(after_start_tag(text, m) for m in ("<graphic", "<milestone", "<bogus"))
    assert {m for f in found for m in ("'url'", "'unit'") if m in f.message} == {"'url'", "'unit'"}


def test_each_message_links_to_the_elements_page_in_the_guidelines(tmp_path):
    _, found = schema_findings(tmp_path, MANY)
    urls = {re.search(r"https://\S+", f.hint).group() for f in found}
    base = "https://tei-c.org/release/doc/tei-p5-doc/en/html/ref-{}.html"
    assert urls == {base.format(n) for n in ("div", "p", "date", "lb")}


JING = shutil.which("jing")
INVALID = {
    "many": MANY,
    "text-in-element-only": HEADER + "  <text><body>loose text<p>x</p><list><item>a</item>stray</list></body></text>\n</TEI>\n",
    "bad-values-everywhere": HEADER + """  <text><body>
    <p xml:lang="en_GB" n="1">a <num value="many">3</num> <measure quantity="x">2</measure></p>
    <lg><l>a</l><p>not in lg</p><l met="x" real="y">b</l></lg>
  </body></text>
</TEI>
""",
    "required-attributes-and-repeated-ids": HEADER + """  <text><body>
    <p xml:id="a">x <graphic/> <milestone n="2"/></p>
    <p xml:id="a">y <date when="2024-13-45">z</date></p>
  </body></text>
</TEI>
""",
    "header-order": HEADER.replace("<titleStmt><title>T</title></titleStmt>\n      <publicationStmt><p>P</p></publicationStmt>",
                                   "<publicationStmt><p>P</p></publicationStmt>\n      <titleStmt><title>T</title></titleStmt>")
    + "  <text><body><p>x</p></body></text>\n</TEI>\n",
}


@pytest.mark.skipif(JING is None, reason="jing is not installed (apt-get install jing)")
@pytest.mark.parametrize("case", sorted(INVALID))
def test_places_are_jings(tmp_path, case):
    path, found = schema_findings(tmp_path, INVALID[case])
    proc = subprocess.run([JING, str(tei_schema_path("tei_all.rng")), str(path)], capture_output=True, text=True)
    theirs = {(int(m[1]), int(m[2])) for m in re.finditer(r"^.*?:(\d+):(\d+): error", proc.stdout, re.M)}
    assert theirs and {(f.line, f.col) for f in found} == theirs

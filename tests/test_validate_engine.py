"""The validation engine: safe parsing, TEI schema (pruned vs full), TEI Schematron rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from align.validate.safeparse import SAFEPARSE_RULES, TEI_NS, parse, safe_parser

HOSTILE = Path(__file__).parent / "validate_cases" / "hostile"
MARKER = "SECRET-MARKER-7f3a"

MINIMAL_TEI = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>T</title></titleStmt>
      <publicationStmt><p>P</p></publicationStmt>
      <sourceDesc><p>S</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text><body><p>Hello.</p></body></text>
</TEI>
"""


# --------------------------------------------------------------------------------------------- safeparse

HOSTILE_CASES = [
    # file, rule, line of the finding
    ("xxe-passwd.xml", "xml-unsafe", 2),
    ("xxe-local.xml", "xml-unsafe", 2),
    ("parameter-entity.xml", "xml-unsafe", 2),
    ("billion-laughs.xml", "xml-unsafe", None),
    ("external-dtd.xml", "xml-unsafe", 2),
    ("xinclude-local.xml", "xml-unsafe", 5),
    ("too-deep.xml", "xml-unsafe", 2),
    ("not-wellformed.xml", "xml-wellformed", 6),
    ("undefined-entity.xml", "xml-wellformed", 3),
    ("wrong-namespace.xml", "tei-namespace", 2),
    ("no-namespace.xml", "tei-namespace", 2),
]


@pytest.mark.parametrize("name,rule,line", HOSTILE_CASES)
def test_hostile_file_gives_one_error_and_no_tree(name, rule, line):
    tree, findings = parse(HOSTILE / name)
    assert tree is None
    assert [f.rule for f in findings] == [rule]
    finding = findings[0]
    assert finding.severity == "error"
    assert finding.path.endswith(name)
    assert finding.message and finding.hint
    if line is not None:
        assert finding.line == line


class _RecordingResolver(etree.Resolver):
    """Records every attempt of the parser to load something from outside the document."""

    def __init__(self):
        super().__init__()
        self.calls: list[str] = []

    def resolve(self, system_url, public_id, context):
        self.calls.append(system_url)
        return self.resolve_string(MARKER, context)


@pytest.mark.parametrize(
    "name",
    ["xxe-passwd.xml", "xxe-local.xml", "parameter-entity.xml", "external-dtd.xml", "xinclude-local.xml"],
)
def test_safe_parser_never_reads_outside_the_file(name):
    """The parser configuration itself asks for nothing: no resolver call, no marker text in the tree."""
    parser = safe_parser()
    resolver = _RecordingResolver()
    parser.resolvers.add(resolver)
    data = (HOSTILE / name).read_bytes()
    try:
        root = etree.fromstring(data, parser, base_url=str(HOSTILE / name))
    except etree.XMLSyntaxError:
        root = None
    assert resolver.calls == []
    if root is not None:
        assert MARKER not in "".join(root.itertext())
        assert "root:" not in "".join(root.itertext())
        assert all(MARKER not in v for el in root.iter() if isinstance(el.tag, str) for v in el.attrib.values())


def test_billion_laughs_is_not_expanded():
    """libxml2 stops at the amplification limit, and a smaller bomb stays a single unexpanded reference."""
    small = (
        b'<!DOCTYPE TEI [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0">&c;</TEI>'
    )
    root = etree.fromstring(small, safe_parser())
    assert "lol" not in "".join(root.itertext())
    assert [type(child).__name__ for child in root] == ["_Entity"]
    tree, findings = parse(small, name="bomb.xml")
    assert tree is None and [f.rule for f in findings] == ["xml-unsafe"]
    assert "a, b, c" in findings[0].message


def test_non_utf8_declaration_is_reported_and_parsing_goes_on():
    tree, findings = parse(HOSTILE / "latin1-declaration.xml")
    assert tree is not None
    assert "".join(tree.getroot().itertext()).strip() == "caf\u00e9"
    assert [(f.rule, f.severity, f.line) for f in findings] == [("xml-encoding", "error", 1)]
    assert "ISO-8859-1" in findings[0].message


@pytest.mark.parametrize(
    "data",
    [
        '<?xml version="1.0" encoding="UTF-16"?><TEI xmlns="http://www.tei-c.org/ns/1.0"/>'.encode("utf-16"),
        b'<?xml version="1.0" encoding="windows-1252"?><TEI xmlns="http://www.tei-c.org/ns/1.0"/>',
    ],
)
def test_other_encodings_are_reported(data):
    _, findings = parse(data, name="x.xml")
    assert [f.rule for f in findings] == ["xml-encoding"]


@pytest.mark.parametrize(
    "data",
    [
        MINIMAL_TEI.encode(),
        MINIMAL_TEI.replace('encoding="UTF-8"', 'encoding="utf-8"').encode(),
        MINIMAL_TEI.split("\n", 1)[1].encode(),  # no declaration: UTF-8 by definition
        b"\xef\xbb\xbf" + MINIMAL_TEI.encode(),  # BOM
        MINIMAL_TEI.replace("<TEI", "<!DOCTYPE TEI>\n<TEI", 1).encode(),  # a bare DOCTYPE loads nothing
        MINIMAL_TEI.replace("Hello.", "caf&#233; &amp; &lt;tea&gt;").encode(),
    ],
)
def test_ordinary_tei_parses_cleanly(data):
    tree, findings = parse(data, name="ok.xml")
    assert findings == []
    assert tree is not None and etree.QName(tree.getroot()).localname == "TEI"


@pytest.mark.parametrize("make", [lambda d: d / "missing.xml", lambda d: d])
def test_unreadable_path_is_a_finding_not_a_traceback(tmp_path, make):
    tree, findings = parse(make(tmp_path))
    assert tree is None
    assert [(f.rule, f.severity) for f in findings] == [("xml-unreadable", "error")]


def test_bytes_are_labelled_with_name():
    _, findings = parse(b"<TEI", name="in-memory.xml")
    assert findings[0].path == "in-memory.xml" and findings[0].rule == "xml-wellformed"


def test_every_reported_rule_is_listed():
    listed = {rule for rule, _, _ in SAFEPARSE_RULES}
    assert {rule for _, rule, _ in HOSTILE_CASES} | {"xml-encoding", "xml-unreadable"} <= listed

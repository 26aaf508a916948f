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
@pytest.mark.parametrize("recover", [False, True])
def test_safe_parser_never_reads_outside_the_file(name, recover):
    """The parser configuration itself asks for nothing: no resolver call, no marker text in the tree."""
    parser = safe_parser(recover=recover)
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


@pytest.mark.parametrize("ids", ['xml:id="a"/><p xml:id="a"', 'xml:id="1abc"'])
def test_id_problems_are_left_to_the_schema_and_id_checks(ids):
    """A duplicate or malformed xml:id is well-formed XML: not a parse failure."""
    tree, findings = parse(f'<TEI xmlns="{TEI_NS}"><p {ids}/></TEI>'.encode(), name="ids.xml")
    assert tree is not None and findings == []


def test_bytes_are_labelled_with_name():
    _, findings = parse(b"<TEI", name="in-memory.xml")
    assert findings[0].path == "in-memory.xml" and findings[0].rule == "xml-wellformed"


def test_every_reported_rule_is_listed():
    listed = {entry[0] for entry in SAFEPARSE_RULES}
    assert {rule for _, rule, _ in HOSTILE_CASES} | {"xml-encoding", "xml-unreadable"} <= listed


# ------------------------------------------------------------------------------------------ schema

from align.validate import schema as schema_mod  # noqa: E402
from align.validate.rng import Grammar, document_names  # noqa: E402
from align.validate.schema import SchemaCache, check_schema, jing_command  # noqa: E402

HEADER = """<teiHeader>
    <fileDesc>
      <titleStmt><title>Seventy-five years</title><author>Anon</author></titleStmt>
      <publicationStmt><publisher>An archive</publisher><date when="2024">2024</date></publicationStmt>
      <sourceDesc><bibl>A printed book</bibl></sourceDesc>
    </fileDesc>
    <profileDesc><langUsage><language ident="en">English</language><language ident="ko">Korean</language></langUsage></profileDesc>
  </teiHeader>"""


def tei(body: str, header: str = HEADER, root_attrs: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}"{root_attrs}>
  {header}
  <text>
    <body>
{body}
    </body>
  </text>
</TEI>
"""


BILINGUAL = """      <div type="chapter" xml:id="d1">
        <head>One</head>
        <p xml:id="p1" xml:lang="en"><s xml:id="s1">Hello <foreign xml:lang="ko">안녕</foreign>.</s></p>
        <p xml:id="p2" xml:lang="ko"><s xml:id="s2">안녕하세요.</s></p>
      </div>
      <linkGrp type="alignment"><link target="#s1 #s2"/></linkGrp>"""

# (case id, document, valid per tei_all)
SCHEMA_CASES = [
    ("minimal", MINIMAL_TEI, True),
    ("bilingual", tei(BILINGUAL), True),
    ("phrase-level", tei('<p>On <date when="1945-08-15">15 August</date> <persName ref="#x">Kim</persName> '
                         'wrote<note place="foot">A <hi rend="italic">note</hi>.</note><lb/> <pb n="2"/>more '
                         '<choice><sic>teh</sic><corr>the</corr></choice>.</p>'), True),
    ("verse-and-lists", tei('<div><head>Poem</head><lg type="stanza"><l n="1">a</l><l n="2">b</l></lg>'
                            '<list><head>L</head><item>one</item><item>two</item></list></div>'), True),
    ("table", tei('<table><row role="label"><cell>a</cell><cell>b</cell></row><row><cell>1</cell>'
                  '<cell cols="1">2</cell></row></table>'), True),
    ("s-in-s-is-schema-valid", tei("<p><s>outer <s>inner</s></s></p>"), True),
    ("link-one-target-is-schema-valid", tei('<p xml:id="a">x</p><linkGrp><link target="#a"/></linkGrp>'), True),
    ("xenoData-foreign-namespace",
     tei("<p>x</p>", header=HEADER.replace("<profileDesc>", '<xenoData><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
                                          '02/22-rdf-syntax-ns#"><rdf:Description rdf:about="x"/></rdf:RDF></xenoData>'
                                          "<profileDesc>").replace("</fileDesc>\n    <xenoData", "</fileDesc><xenoData")),
     None),
    ("egXML-example", tei('<p>Example: <egXML xmlns="http://www.tei-c.org/ns/Examples"><p>any <foo>thing</foo></p>'
                          "</egXML></p>"), None),
    ("editionStmt-between-optional-parts",
     tei("<p>x</p>", header=HEADER.replace("</titleStmt>", '</titleStmt><editionStmt><edition n="2">Second</edition>'
                                           "</editionStmt>")), True),
    ("teiCorpus", f'<teiCorpus xmlns="{TEI_NS}">{HEADER}{MINIMAL_TEI.split(chr(10), 1)[1]}</teiCorpus>', True),
    ("missing-teiHeader", f'<TEI xmlns="{TEI_NS}"><text><body><p>x</p></body></text></TEI>', False),
    ("missing-sourceDesc", tei("<p>x</p>", header=HEADER.replace("<sourceDesc><bibl>A printed book</bibl></sourceDesc>", "")), False),
    ("wrong-order-head-after-p", tei("<div><p>x</p><head>late</head></div>"), False),
    ("bad-date-value", tei('<p><date when="2024-13-45">x</date></p>'), False),
    ("bad-enumerated-token", tei('<div type="two words"><p>x</p></div>'), False),
    ("bad-xml-id", tei('<p xml:id="1abc">x</p>'), False),
    ("duplicate-xml-id", tei('<p xml:id="a">x</p><p xml:id="a">y</p>'), None),
    ("unknown-element", tei("<p>x<foo>y</foo></p>"), False),
    ("misspelled-element", tei("<p>x</p><paragraph>y</paragraph>"), False),
    ("unknown-attribute", tei('<p foo="1">x</p>'), False),
    ("text-in-body", tei("loose text<p>x</p>"), False),
    ("html-element-in-tei", tei('<p>x<h:b xmlns:h="http://www.w3.org/1999/xhtml">y</h:b></p>'), False),
    ("item-outside-list", tei("<p>x</p><item>y</item>"), False),
    ("bogus-after-item", tei("<list><item>a</item><bogus/></list>"), False),
    ("empty-body", tei(""), False),
    ("empty-TEI", f'<TEI xmlns="{TEI_NS}"/>', False),
    ("lowercase-root", f'<tei xmlns="{TEI_NS}">{HEADER}<text><body><p>x</p></body></text></tei>', False),
    ("teiCorpus-without-TEI", f'<teiCorpus xmlns="{TEI_NS}">{HEADER}</teiCorpus>', False),
    ("tei-element-inside-egXML", tei(f'<p><egXML xmlns="http://www.tei-c.org/ns/Examples"><p xmlns="{TEI_NS}">x</p>'
                                     "</egXML></p>"), None),
    ("two-bodies", tei("<p>x</p></body><body><p>y</p>"), False),
]


def _doc(text: str) -> etree._ElementTree:
    tree, findings = parse(text.encode(), name="case.xml")
    assert tree is not None, findings
    return tree


@pytest.fixture(scope="module")
def grammar() -> Grammar:
    from align.resources import tei_schema_path

    return Grammar.load(tei_schema_path("tei_all.rng"))


@pytest.mark.slow
@pytest.mark.parametrize("case,text,valid", SCHEMA_CASES, ids=[c[0] for c in SCHEMA_CASES])
def test_pruned_schema_gives_the_verdict_of_full_tei_all(tei_all, grammar, case, text, valid):
    tree = _doc(text)
    full = tei_all.validate(tree)
    if valid is not None:
        assert full is valid, f"case {case!r} is mislabelled: {tei_all.error_log}"
    names = document_names(tree)
    for keep_names in (False, True):
        pruned = etree.RelaxNG(etree.fromstring(grammar.prune(names, keep_names=keep_names)))
        assert pruned.validate(tree) is full, (case, keep_names)
    assert _union_validator(grammar).validate(tree) is full, "grammar pruned for a superset of the names"


_UNION: list = []


def _union_validator(grammar: Grammar) -> etree.RelaxNG:
    """One grammar pruned for every element name of every case: what a batch run uses."""
    if not _UNION:
        names = frozenset().union(*(document_names(_doc(text)) for _, text, _ in SCHEMA_CASES))
        _UNION.append(etree.RelaxNG(etree.fromstring(grammar.prune(names))))
    return _UNION[0]


@pytest.mark.parametrize("case,text,valid", [c for c in SCHEMA_CASES if c[2] is not None],
                         ids=[c[0] for c in SCHEMA_CASES if c[2] is not None])
def test_check_schema_findings(tmp_path, case, text, valid):
    findings = check_schema(_doc(text), path="case.xml", cache_dir=tmp_path)
    assert (findings == []) is valid
    for f in findings:
        assert (f.path, f.severity, f.rule) == ("case.xml", "error", "tei-schema")
        assert f.line > 0 and f.message


# Messages a person can act on: the element, the place, and what was expected instead.
MESSAGE_CASES = [
    ("missing-teiHeader", ["'teiHeader'"]),
    ("missing-sourceDesc", ["'fileDesc' is incomplete", "'sourceDesc'"]),
    ("wrong-order-head-after-p", ["'head' may occur in 'div' but not at this point after 'p'"]),
    ("bad-date-value", ["attribute 'when' on 'date'", "'2024-13-45'", "date"]),
    ("duplicate-xml-id", ["repeats the ID 'a'"]),
    ("unknown-element", ["'foo' is not a TEI element"]),
    ("misspelled-element", ["'paragraph' is not a TEI element", "did you mean"]),
    ("unknown-attribute", ["attribute 'foo' is not allowed on 'p'"]),
    ("text-in-body", ["text is not allowed here in 'body'"]),
    ("item-outside-list", ["'item' is not allowed in 'body'"]),
]


@pytest.mark.parametrize("case,needles", MESSAGE_CASES, ids=[c[0] for c in MESSAGE_CASES])
def test_schema_messages_say_what_to_do(tmp_path, case, needles):
    text = dict((c[0], c[1]) for c in SCHEMA_CASES)[case]
    messages = " | ".join(f.message for f in check_schema(_doc(text), path="x.xml", cache_dir=tmp_path))
    for needle in needles:
        assert needle in messages, messages


@pytest.mark.parametrize("case,text", [(c[0], c[1]) for c in SCHEMA_CASES if c[2]], ids=[c[0] for c in SCHEMA_CASES if c[2]])
def test_structure_sweep_finds_nothing_in_valid_documents(grammar, case, text):
    """The Python walk over content models may only ever speak about invalid documents."""
    assert schema_mod._sweep(_doc(text), grammar, "x.xml") == []


def test_every_error_is_reported_not_only_the_first_per_content_model(tmp_path):
    text = tei("<div><p>x</p><head>late</head></div><list><item>a</item><bogus/></list>")
    findings = check_schema(_doc(text), path="x.xml", cache_dir=tmp_path)
    assert any("'head'" in f.message for f in findings) and any("'bogus'" in f.message for f in findings)


def test_value_errors_are_located_when_the_structure_is_fine(tmp_path):
    text = tei('<p>x</p>\n<p><date when="1999-02-30">x</date></p>')
    [finding] = check_schema(_doc(text), path="x.xml", cache_dir=tmp_path)
    assert "'1999-02-30'" in finding.message and finding.line == text.splitlines().index(
        '<p><date when="1999-02-30">x</date></p>') + 1


def test_error_line_points_at_the_offending_element(tmp_path):
    text = tei("<div><p>x</p>\n<head>late</head></div>")
    [finding] = check_schema(_doc(text), path="x.xml", cache_dir=tmp_path)
    assert finding.line == text.splitlines().index("<head>late</head></div>") + 1


def test_pruned_grammars_are_cached_on_disk_and_reused(tmp_path):
    tree = _doc(tei(BILINGUAL))
    first = SchemaCache(cache_dir=tmp_path)
    assert first.validator(document_names(tree)).validate(tree)
    files = list((tmp_path / "tei-schema").rglob("verdict-*.rng"))
    assert len(files) == 1
    second = SchemaCache(cache_dir=tmp_path)
    assert second.validator(document_names(tree)).validate(tree)
    assert second._grammar is None  # the 1 MB schema was not even parsed: the pruned one came from disk


def test_a_validator_for_a_superset_of_names_is_reused(tmp_path):
    cache = SchemaCache(disk=False)
    big, small = _doc(tei(BILINGUAL)), _doc(MINIMAL_TEI)
    assert document_names(small) < document_names(big)
    assert cache.validator(document_names(big)).validate(big)
    assert cache.validator(document_names(small)).validate(small)
    assert cache.compiled == 1


def test_unwritable_cache_dir_is_not_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert check_schema(_doc(MINIMAL_TEI), path="x.xml", cache_dir=blocker / "sub") == []


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown schema engine"):
        check_schema(_doc(MINIMAL_TEI), path="x.xml", engine="xerces")


@pytest.mark.parametrize(
    "grammar_text",
    [
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="other.rng"/></grammar>',
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><externalRef href="x.rng"/></start></grammar>',
        '<element xmlns="http://relaxng.org/ns/structure/1.0" name="x"><empty/></element>',
    ],
)
def test_grammar_refuses_what_it_cannot_prune_soundly(grammar_text):
    with pytest.raises(ValueError):
        Grammar(grammar_text.encode())


def test_pruning_handles_wildcards_and_namespaces():
    """anyName/nsName/except name classes and prefixed names are matched the way RELAX NG defines them."""
    g = Grammar(b"""<grammar xmlns="http://relaxng.org/ns/structure/1.0" xmlns:e="urn:e" ns="urn:a">
      <start><element name="root"><zeroOrMore><choice><ref name="a"/><ref name="any"/><ref name="ex"/></choice>
        </zeroOrMore></element></start>
      <define name="a"><element name="a"><ref name="deep"/></element></define>
      <define name="deep"><element name="deep"><empty/></element></define>
      <define name="any"><element><anyName><except><nsName/><nsName ns="urn:x"/></except></anyName>
        <empty/></element></define>
      <define name="ex"><element name="e:ex"><empty/></element></define>
    </grammar>""")
    def kept(names):
        """The element patterns left in the pruned grammar, by name ('*' for the wildcard)."""
        out = etree.fromstring(g.prune(names))
        return {e.get("name") or "*" for e in out.iter("{http://relaxng.org/ns/structure/1.0}element")}
    assert kept({("urn:a", "root")}) == {"root"}
    # 'a' requires a 'deep' child: without 'deep' in the document, no 'a' can be valid either
    assert kept({("urn:a", "root"), ("urn:a", "a")}) == {"root"}
    assert kept({("urn:a", "root"), ("urn:a", "a"), ("urn:a", "deep")}) == {"root", "a", "deep"}
    assert kept({("urn:a", "root"), ("urn:b", "z")}) == {"root", "*"}
    assert kept({("urn:a", "root"), ("urn:x", "z")}) == {"root"}  # excepted namespace
    assert kept({("urn:a", "root"), ("urn:a", "z")}) == {"root"}  # nsName without ns: the grammar's urn:a
    assert kept({("urn:a", "root"), ("urn:e", "ex")}) == {"root", "e:ex", "*"}


@pytest.mark.skipif(jing_command() is None, reason="jing is not installed")
@pytest.mark.parametrize("case,text,valid", [c for c in SCHEMA_CASES if c[2] is not None][:12],
                         ids=[c[0] for c in SCHEMA_CASES if c[2] is not None][:12])
def test_jing_engine_agrees(tmp_path, case, text, valid):
    findings = check_schema(_doc(text), path=str(tmp_path / "missing.xml"), engine="jing")
    assert (not [f for f in findings if f.severity == "error"]) is valid, findings
    assert all(f.line > 0 for f in findings)


@pytest.mark.skipif(jing_command() is None, reason="jing is not installed")
def test_jing_reads_the_real_file_for_exact_lines(tmp_path):
    text = tei("<div><p>x</p>\n\n<head>late</head></div>")
    target = tmp_path / "doc.xml"
    target.write_text(text, encoding="utf-8")
    [finding] = check_schema(_doc(text), path=str(target), engine="jing")
    assert finding.line == text.splitlines().index("<head>late</head></div>") + 1
    assert "head" in finding.message


def test_jing_absent_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(schema_mod, "jing_command", lambda: None)
    with pytest.raises(RuntimeError, match="apt-get install jing"):
        check_schema(_doc(MINIMAL_TEI), path="x.xml", engine="jing")


def test_validators_grow_to_the_union_of_names_seen(tmp_path):
    """Validating many files compiles a few grammars, not one per distinct set of element names."""
    cache = SchemaCache(disk=False)
    docs = [_doc(tei(body)) for body in ("<p>x</p>", "<p><hi>x</hi></p>", "<p><date>x</date></p>",
                                         "<p><hi>x</hi><date>y</date></p>", "<list><item>x</item></list>")]
    for tree in docs:
        assert cache.validator(document_names(tree)).validate(tree)
    assert cache.compiled <= 4
    cache.max_union = {False: 0, True: 0}
    tree = _doc(tei("<p><name>n</name></p>"))
    assert cache.validator(document_names(tree)).validate(tree)


# -------------------------------------------------------------------------------------- schematron

from align.validate.schematron import COVERED, NOT_COVERED, SCHEMATRON_RULES, check_schematron, rule_id  # noqa: E402

# (rule id suffix, body that breaks it, body that keeps it)
SCHEMATRON_CASES = [
    ("s-noNestedS", "<p><s>outer <s>inner</s></s></p>", "<p><s>one</s> <s>two</s></p>"),
    ("link-linkTargets3", '<p xml:id="a">x</p><linkGrp><link target="#a"/></linkGrp>',
     '<p xml:id="a">x</p><p xml:id="b">y</p><linkGrp><link target="#a  #b"/></linkGrp>'),
    ("join-joinTargets3", '<p xml:id="a">x</p><join target="#a"/>', '<p xml:id="a">x</p><join target="#a #a"/>'),
    ("att.datable.w3c-att-datable-w3c-when", '<p><date when="1945" from="1944">x</date></p>',
     '<p><date when="1945">x</date></p>'),
    ("att.datable.w3c-att-datable-w3c-from", '<p><date from="1944" notBefore="1943">x</date></p>',
     '<p><date from="1944" to="1945">x</date></p>'),
    ("att.datable.w3c-att-datable-w3c-to", '<p><date to="1944" notAfter="1945">x</date></p>',
     '<p><date notBefore="1940" notAfter="1945">x</date></p>'),
    ("att.typed-subtypeTyped", '<div subtype="x"><p>x</p></div>', '<div type="a" subtype="x"><p>x</p></div>'),
    ("att.pointing-targetLang-targetLang", '<p><ref targetLang="ko">x</ref></p>',
     '<p><ref target="#a" targetLang="ko">x</ref></p>'),
    ("att.spanning-spanTo-spanTo-points-to-following", '<p><anchor xml:id="e"/><addSpan spanTo="#e"/>x</p>',
     '<p><addSpan spanTo="#e"/>x<anchor xml:id="e"/></p>'),
    ("att.calendarSystem-calendar-calendar_attr_on_empty_element", '<p><date calendar="#greg"/></p>',
     '<p><date calendar="#greg">1 May</date></p>'),
    ("p-abstractModel-structure-p-in-ab-or-p", "<ab><p>x</p></ab>", "<ab>x</ab><p>y</p>"),
    ("p-abstractModel-structure-p-in-l", "<lg><l><p>x</p></l></lg>", "<lg><l>x</l></lg>"),
    ("l-abstractModel-structure-l-in-l", "<lg><l>a <l>b</l></l></lg>",
     '<lg><l>a <note><l>quoted line</l></note></l></lg>'),
    ("lg-atleast1oflggapl", "<lg><head>x</head></lg>", "<lg><l>x</l></lg>"),
    ("div-abstractModel-structure-div-in-ab-or-p",
     "<p><floatingText><body><div><p>ok</p></div></body></floatingText><quote><div><p>no</p></div></quote></p>",
     "<p><floatingText><body><div><p>ok</p></div></body></floatingText></p>"),
    ("span-target-from", '<spanGrp><span from="#a" target="#b">x</span></spanGrp>',
     '<spanGrp><span from="#a" to="#b">x</span></spanGrp>'),
    ("span-tonotfrom", '<spanGrp><span to="#b">x</span></spanGrp>', '<spanGrp><span target="#b">x</span></spanGrp>'),
    ("span-tofrom", '<spanGrp><span from="#a #c" to="#b">x</span></spanGrp>',
     '<spanGrp><span from="#a" to="#b">x</span></spanGrp>'),
    ("relatedItem-targetorcontent1", '<p><bibl><relatedItem/></bibl></p>',
     '<p><bibl><relatedItem target="#b"/></bibl></p>'),
    ("ref-refAtts", '<p><ref target="#a" cRef="x">r</ref></p>', '<p><ref target="#a">r</ref></p>'),
    ("list-gloss-list-must-have-labels", '<list type="gloss"><item>x</item></list>',
     '<list type="gloss"><label>t</label><item>x</item></list>'),
    ("subst-substContents1", "<p><subst><add>a</add></subst></p>", "<p><subst><add>a</add><del>b</del></subst></p>"),
    ("relation-ref-or-key-or-name", '<listRelation><relation active="#a" passive="#b"/></listRelation>',
     '<listRelation><relation name="knows" active="#a" passive="#b"/></listRelation>'),
    ("shift-shiftNew", "<p><shift/>x</p>", '<p><shift new="normal"/>x</p>'),
]


@pytest.mark.parametrize("suffix,bad,good", SCHEMATRON_CASES, ids=[c[0] for c in SCHEMATRON_CASES])
def test_schematron_rule_fires_on_its_case_and_not_on_the_twin(suffix, bad, good):
    rule = f"tei-sch:{suffix}"
    assert rule in {r[0] for r in SCHEMATRON_RULES}
    hits = [f for f in check_schematron(_doc(tei(bad)), path="bad.xml") if f.rule == rule]
    assert len(hits) == 1, check_schematron(_doc(tei(bad)), path="bad.xml")
    assert hits[0].line > 0 and hits[0].message and hits[0].hint
    assert check_schematron(_doc(tei(good)), path="good.xml") == []


def test_schematron_severity_follows_the_tei_role():
    severities = {rule: severity for rule, severity, _ in SCHEMATRON_RULES}
    assert severities["tei-sch:s-noNestedS"] == "error"
    assert severities["tei-sch:shift-shiftNew"] == "warning"  # role="warning"
    assert severities["tei-sch:att.datable.w3c-att-datable-w3c-when"] == "warning"  # role="nonfatal"


def test_closed_path_and_occurs():
    doc = _doc(tei("<p>x</p>").replace("</text>", '</text><sourceDoc><surface><path points="1,1 2,2 1,1"/>'
                                                   '<path points="1,1 2,2"/></surface></sourceDoc>'))
    assert [f.rule for f in check_schematron(doc, path="x")] == ["tei-sch:path-pathmustnotbeclosed"]


def test_clean_editions_pass_schematron():
    for text in (MINIMAL_TEI, tei(BILINGUAL)):
        assert check_schematron(_doc(text), path="x.xml") == []


def test_every_tei_schematron_pattern_is_covered_or_explained():
    from align.resources import tei_schema_path

    sch = etree.parse(str(tei_schema_path("tei_all.sch")))
    patterns = {p.get("id") for p in sch.iter("{http://purl.oclc.org/dsdl/schematron}pattern")}
    assert patterns == set(COVERED) | set(NOT_COVERED)
    assert not set(COVERED) & set(NOT_COVERED)
    assert all(reason for reason in NOT_COVERED.values())
    assert set(COVERED.values()) == {r[0] for r in SCHEMATRON_RULES}
    assert rule_id("tei_all-s-noNestedS-constraint-rule-30") == "tei-sch:s-noNestedS"


def test_schematron_ignores_examples_in_egXML():
    doc = _doc(tei('<p><egXML xmlns="http://www.tei-c.org/ns/Examples"><s><s>nested in an example</s></s></egXML></p>'))
    assert check_schematron(doc, path="x.xml") == []


@pytest.mark.slow
def test_full_engine_reports_through_the_same_explainer(tei_all):
    cache = SchemaCache(disk=False)
    cache._full = tei_all  # the session's compiled tei_all: compiling it again would take 10-18 s
    assert check_schema(_doc(MINIMAL_TEI), path="x.xml", engine="lxml-full", schema=cache) == []
    findings = check_schema(_doc(tei("<p foo='1'>x</p>")), path="x.xml", engine="lxml-full", schema=cache)
    assert [f.rule for f in findings] == ["tei-schema"] and "'foo'" in findings[0].message


def _schematron_by_xpath_alone(root) -> list:
    """Every covered rule by its own XPath context over the whole tree: the plain reading of each rule,
    against which the single-pass shortcuts of check_schematron are compared."""
    from align.validate import schematron as sch

    found = []
    for rule, context, test in sch._compiled():
        for el in context(root):
            if isinstance(el, etree._Element) and (test(el) if test is not None else rule.when(el)):
                found.append((el.sourceline or 0, rule.id))
    sch._ORDER.clear()
    return sorted(found)


@pytest.mark.parametrize("suffix,bad,good", SCHEMATRON_CASES, ids=[c[0] for c in SCHEMATRON_CASES])
def test_schematron_shortcuts_select_what_each_xpath_selects(suffix, bad, good):
    for body in (bad, good):
        root = _doc(tei(body))
        assert sorted((f.line, f.rule) for f in check_schematron(root, path="x")) == _schematron_by_xpath_alone(root)

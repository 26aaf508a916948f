"""Edition rules (ALN1xx), the rule registry and source positions.

Each rule has a broken file and a passing twin in ``validate_cases/rules``; the full pipeline (safe
parse, schema, Schematron, edition rules) must report exactly the expected finding for the broken file
and nothing for its twin. Finer behaviour is tested on small documents built here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from align.resources import tei_schema_path
from align.validate import list_rules, validate_file, validate_tree
from align.validate.config import ValidateConfig
from align.validate.edition import CHECKS, POINTER_ATTRIBUTES, _tolerated_latin, check_edition, expected_scripts
from align.validate.positions import SourceMap
from align.validate.rules import EDITION_RULES

CASES = Path(__file__).parent / "validate_cases" / "rules"

# rule -> the one finding its broken file gives: (line, col)
BROKEN = {
    "ALN101": (19, 17),
    "ALN102": (19, 26),
    "ALN103": (19, 27),
    "ALN104": (19, 10),
    "ALN105": (19, 10),
    "ALN106": (19, 19),
    "ALN107": (19, 15),
    "ALN108": (19, 33),
    "ALN109": (20, 10),
    "ALN110": (25, 13),
    "ALN111": (6, 18),
    "ALN112": (7, 7),
    "ALN113": (8, 7),
    "ALN114": (14, 19),
}


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_broken_file_gives_exactly_its_rule(rule):
    findings = validate_file(CASES / f"{rule}.fail.xml")
    assert [(f.rule, f.line, f.col) for f in findings] == [(rule, *BROKEN[rule])]
    assert findings[0].severity == "error" and findings[0].hint


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_passing_twin_gives_nothing(rule):
    assert validate_file(CASES / f"{rule}.pass.xml") == []


@pytest.mark.slow
@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_passing_twin_is_valid_tei_all(tei_all, rule):
    tree = etree.parse(str(CASES / f"{rule}.pass.xml"))
    assert tei_all.validate(tree), tei_all.error_log


def test_every_edition_rule_has_a_check_and_cases():
    ids = [r.id for r in EDITION_RULES]
    assert list(CHECKS) == ids
    assert sorted(BROKEN) == ids
    assert {p.name for p in CASES.iterdir()} == {f"{r}.{k}.xml" for r in ids for k in ("fail", "pass")}


def test_registry_ids_unique_and_complete():
    rules = list_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    assert {r.checker for r in rules} >= {"parse", "schema", "edition"}
    for r in rules:
        assert r.severity in ("error", "warning", "info") and r.summary


def test_pointer_attributes_are_tei_anyuri_attributes():
    rng = etree.parse(str(tei_schema_path("tei_all.rng")))
    R = "{http://relaxng.org/ns/structure/1.0}"
    any_uri = {a.get("name") for a in rng.iter(R + "attribute")
               if any(d.get("type") == "anyURI" for d in a.iter(R + "data"))}
    assert POINTER_ATTRIBUTES <= any_uri
    assert {"target", "corresp", "ref", "from", "to", "ana", "resp", "sameAs", "synch", "source"} <= POINTER_ATTRIBUTES
    assert not POINTER_ATTRIBUTES & {"url", "xml:base", "ns"}


# -- small documents ----------------------------------------------------------------------------

TEI = "http://www.tei-c.org/ns/1.0"
HEADER = """<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>
<profileDesc><langUsage>{langs}</langUsage></profileDesc></teiHeader>"""


def doc(body: str, *, lang: str = "en", langs: str = "en ko", standoff: str = "") -> bytes:
    idents = "".join(f'<language ident="{t}">{t}</language>' for t in langs.split())
    return (f'<TEI xmlns="{TEI}" xml:lang="{lang}">{HEADER.format(langs=idents)}\n'
            f"<text><body>{body}</body></text>{standoff}</TEI>").encode()


def rules_of(data: bytes, only: str | None = None) -> list[str]:
    tree = etree.fromstring(data)
    enabled = (lambda r: r == only) if only else None
    return [f.rule for f in check_edition(tree, source=data, enabled=enabled)]


def messages(data: bytes, rule: str) -> list[str]:
    tree = etree.fromstring(data)
    return [f.message for f in check_edition(tree, source=data, enabled=lambda r: r == rule)]


@pytest.mark.parametrize(
    "tag,expected",
    [
        ("en", ("Latn",)),
        ("EN-gb", ("Latn",)),
        ("ko", ("Hang", "Hani")),
        ("ko-KP", ("Hang", "Hani")),
        ("ko-Latn", ("Latn",)),
        ("ko-Hang", ("Hang",)),
        ("en-Hang", ("Hang",)),
        ("ko-Kore", ("Hang", "Hani")),
        ("ja", ("Hira", "Kana", "Hani")),
        ("sr-Cyrl", ("Cyrl",)),
        ("sr", None),  # Serbian is written in two scripts: no default
        ("und", None),
        ("x-klingon", None),
        ("i-klingon", None),
        ("en-Zzzq", None),  # unknown script code
        ("en-x-Hang", ("Latn",)),  # private use does not set a script
    ],
)
def test_expected_scripts(tag, expected):
    assert expected_scripts(tag) == expected


@pytest.mark.parametrize(
    "tokens,ok",
    [
        (["km"], True),
        (["kg"], True),
        (["A"], True),
        (["ICBM"], True),
        (["UNESCO"], True),
        (["mRNA"], True),
        (["COVID"], True),
        (["UN", "WHO", "IMF", "WTO"], True),
        (["Kim", "Il"], True),  # two short words: below the threshold
        (["Seoul"], False),
        (["iPhone"], False),
        (["United", "Nations"], False),
        (["the", "UN", "is"], False),
        (["CONSTITUTION"], False),
    ],
)
def test_latin_tolerated_in_other_scripts(tokens, ok):
    assert _tolerated_latin(tokens) is ok


@pytest.mark.parametrize(
    "body,flagged",
    [
        ("<p>The word 한국 means Korea.</p>", ["한국"]),
        ('<p xml:lang="ko">북은 ICBM을 3 km 발사했다.</p>', []),
        ('<p xml:lang="ko">UN, WHO, IMF 회의</p>', []),
        ('<p xml:lang="ko">유엔(United Nations) 회의</p>', ["United Nations"]),
        ('<p xml:lang="ko">金日成 김일성 同志</p>', []),  # Hanja is Korean text
        ('<p xml:lang="ko-Hang">金日成 김일성</p>', ["金日成"]),  # the script subtag decides
        ('<p xml:lang="ko-Latn">Kim Il Sung</p>', []),
        ('<p xml:lang="ko-Latn">Kim 일성</p>', ["일성"]),
        ('<p xml:lang="en-Hang">잉글리시</p>', []),
        ("<p>Numbers 1945, dashes – and symbols © ™ ½ are fine.</p>", []),
        ('<div xml:lang="ko"><p>조국의 <hi>평화적</hi> Seoul 통일</p></div>', ["Seoul"]),  # inherited, tail text
        ('<p xml:lang="ko">누리집 https://example.org/path 참조</p>', []),
        ('<p xml:lang="ko">주소 <idno>ISBN 978-3-16-148410-0 Abc</idno></p>', []),
        ('<p xml:lang="ko"><sic>Korea</sic>의</p>', []),
        ('<p xml:lang="zxx">한국 Korea</p>', []),  # no linguistic content: no script expected
        ('<p xml:lang="">한국 Korea</p>', []),
        ("<p>A resistor of 4 kΩ and a 5 μm film.</p>", []),
        ("<p>Greek word λόγος here.</p>", ["λόγος"]),
        ("<p>The α-helix, β-sheet and π; Δt is small.</p>", []),  # lone Greek letters are symbols
        ('<p xml:lang="ko">α 입자와 γ 선</p>', []),
        ("<p>The ratio αβ here.</p>", ["αβ"]),
    ],
)
def test_script_matches_language(body, flagged):
    got = messages(doc(body, langs="en ko ko-Hang ko-Latn en-Hang zxx"), "ALN106")
    assert len(got) == len(flagged)
    for message, run in zip(got, flagged):
        assert repr(run) in message


def test_script_finding_counts_further_runs_and_points_at_the_first():
    data = doc('<p xml:lang="ko">첫째 Seoul 둘째 Busan 셋째 Daegu</p>')
    tree = etree.fromstring(data)
    [f] = check_edition(tree, source=data, enabled=lambda r: r == "ALN106")
    assert "'Seoul'" in f.message and "2 more runs follow" in f.message and "xml:lang='ko'" in f.message
    line = data.decode().splitlines()[f.line - 1]
    assert line[f.col - 1 :].startswith("Seoul")


@pytest.mark.parametrize(
    "word,flagged",
    [
        ("K\u043erea", True),  # Cyrillic o in a Latin word
        ("\u0421ity", True),  # Cyrillic capital Es
        ("\u0391thens", True),  # Greek capital alpha
        ("Ath\u03b5ns", False),  # Greek epsilon does not look like a Latin letter
        ("\u03bff", True),  # Greek omicron + f: "of"
        ("\u0394t", False),  # Δt, notation
        ("\u043c\u043eсква", False),  # all Cyrillic
        ("Mo\u0441kva", True),
        ("\u043co\u0441\u043a\u0432\u0430", True),  # Latin o in a Cyrillic word
        ("λόγος", False),
        ("μm", False),  # SI symbols
        ("βcell", False),
        ("kΩ", False),
        ("Korea", False),
        ("café", False),
    ],
)
def test_mixed_script_words(word, flagged):
    data = doc(f"<p>The {word} case.</p>")
    found = messages(data, "ALN107")
    assert bool(found) is flagged
    if flagged:
        assert repr(word) in found[0] and "U+" in found[0]


def test_confusable_word_is_not_also_a_script_finding():
    assert rules_of(doc("<p>The K\u043erea case.</p>")) == ["ALN107"]


@pytest.mark.parametrize(
    "attrs,flagged",
    [
        ('target="#a"', []),
        ('target="#nope"', ["nope"]),
        ('target="#a #b #gone"', ["gone"]),
        ('corresp="#a" ana="#x1"', ["x1"]),
        ('target="http://example.org/#x other.xml#y tei:z #xpath(//p)"', []),
        ('target="#"', [""]),
    ],
)
def test_pointers(attrs, flagged):
    data = doc(f'<p xml:id="a">A</p><p xml:id="b"><ref {attrs}>x</ref></p>')
    got = messages(data, "ALN108")
    assert [m.split("points at #")[1].split(",")[0] for m in got] == flagged


def test_pointer_attribute_that_is_a_date_is_not_a_pointer():
    data = doc('<p><date from="1950-06" to="1953-07">1950-53</date><span from="#a" to="#zz"/></p><p xml:id="a">x</p>')
    assert [m.split("points at ")[1].split(",")[0] for m in messages(data, "ALN108")] == ["#zz"]


def test_pointer_suggests_a_close_id():
    data = doc('<p xml:id="ko.s12">x</p><p><ref target="#ko.s21">y</ref></p>')
    assert "did you mean #ko.s12?" in messages(data, "ALN108")[0]


def test_duplicate_ids_reported_once_each_repeat_with_schema_on():
    data = doc('<p xml:id="a">1</p><p xml:id="a">2</p><p xml:id="a">3</p>')
    tree = etree.fromstring(data, etree.XMLParser(collect_ids=False))  # as the safe parser does
    findings = validate_tree(tree, source=data)
    assert [f.rule for f in findings] == ["ALN109", "ALN109"]


@pytest.mark.parametrize(
    "segments,targets,flagged",
    [
        ('<s xml:id="a">Hi.</s><s xml:id="b" xml:lang="ko">안녕.</s>', "#a #b", False),
        ('<s xml:id="a">Hi.</s><s xml:id="b">Yo.</s>', "#a #b", True),
        ('<s xml:id="a" xml:lang="ko-Latn">Annyeong.</s><s xml:id="b" xml:lang="ko">안녕.</s>', "#a #b", True),
        ('<s xml:id="a">Hi.</s><s xml:id="b" xml:lang="en-GB">Hello.</s>', "#a #b", True),
        ('<s xml:id="a">Hi.</s><s xml:id="b" xml:lang="ko">안녕.</s><s xml:id="c">Hi.</s>', "#a #b #c", False),
        ('<s xml:id="a">Hi.</s>', "#a #missing", False),  # ALN108's, not ALN110's
    ],
)
def test_alignment_links_join_two_languages(segments, targets, flagged):
    standoff = f'<standOff><linkGrp type="alignment"><link target="{targets}"/></linkGrp></standOff>'
    data = doc(f"<p>{segments}</p>", langs="en ko ko-Latn en-GB", standoff=standoff)
    assert bool(messages(data, "ALN110")) is flagged


def test_alignment_without_languages_says_so():
    standoff = '<standOff><linkGrp type="alignment"><link target="#a #b"/></linkGrp></standOff>'
    data = doc('<p><s xml:id="a">Hi.</s><s xml:id="b">Yo.</s></p>', lang="", standoff=standoff)
    assert "no xml:lang" in messages(data, "ALN110")[0]


def test_reference_links_are_not_alignment_links():
    standoff = '<standOff><linkGrp type="reference"><link target="#a #b"/></linkGrp></standOff>'
    data = doc('<p><s xml:id="a">Hi.</s><s xml:id="b">Yo.</s></p>', standoff=standoff)
    assert messages(data, "ALN110") == []


@pytest.mark.parametrize(
    "attr,flagged",
    [
        ('xml:lang="en"', False),
        ('xml:lang="ko-Kore-KP"', False),
        ('xml:lang="en-Latn-Latn"', True),
        ('xml:lang="en-GB-oxendict-oxendict"', True),  # duplicate variant
        ('xml:lang="ko_KR"', True),
        ('xml:lang="x-private"', False),
    ],
)
def test_bcp47(attr, flagged):
    data = doc(f"<p {attr}>Text</p>", langs="en ko-Kore-KP x-private")
    assert bool(messages(data, "ALN104")) is flagged


def test_bcp47_leaves_schema_type_errors_to_the_schema():
    data = doc('<p xml:lang="ko_KR">Text</p>')
    tree = etree.fromstring(data)
    assert [f.rule for f in check_edition(tree, enabled=lambda r: r == "ALN104", schema_checked=True)] == []
    rules = [f.rule for f in validate_tree(tree, source=data) if f.rule in ("ALN104", "tei-schema")]
    assert rules == ["tei-schema"]


def test_undeclared_language_reported_once_per_tag():
    data = doc('<p xml:lang="fr">Un.</p><p xml:lang="FR">Deux.</p><p xml:lang="ko">셋</p>', langs="en")
    got = messages(data, "ALN105")
    assert len(got) == 2
    assert "'fr'" in got[0] and "used 2 times" in got[0]


def test_undeclared_language_without_langusage():
    data = (f'<TEI xmlns="{TEI}" xml:lang="en"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
            "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>"
            "<text><body><p>x</p></body></text></TEI>").encode()
    assert "no profileDesc/langUsage" in messages(data, "ALN105")[0]


@pytest.mark.parametrize(
    "text,rules",
    [
        ("plain", []),
        ("\u1100\u1161", ["ALN101"]),  # conjoining jamo that compose to 가
        ("\u0085", ["ALN102"]),  # NEL, a C1 control
        ("\u007f", ["ALN102"]),
        ("\ufdd0", ["ALN102"]),
        ("\U0010fffe", ["ALN102"]),
        ("\U000f0000", ["ALN102"]),  # supplementary private use
        ("\uffa1", ["ALN103"]),  # halfwidth kiyeok
        ("\u318e", ["ALN103"]),
        ("\u1100", []),  # a lone conjoining jamo is not compatibility jamo
    ],
)
def test_character_rules_in_text_and_attributes(text, rules):
    char_rules = {"ALN101", "ALN102", "ALN103"}
    in_text = doc(f'<p xml:lang="ko">{text}</p>')
    in_attr = doc(f'<p xml:lang="ko" n="{text}">x</p>')
    for data in (in_text, in_attr):
        tree = etree.fromstring(data)
        assert [f.rule for f in check_edition(tree, enabled=char_rules.__contains__)] == rules


def test_header_rules_on_a_tei_without_header():
    data = f'<TEI xmlns="{TEI}"><text><body><p>x</p></body></text></TEI>'.encode()
    assert rules_of(data) == ["ALN111"]


@pytest.mark.parametrize(
    "header,rules",
    [
        ("", ["tei-schema"]),  # no teiHeader: the schema says so, once
        ("<teiHeader><fileDesc><titleStmt><title/></titleStmt><publicationStmt><p/></publicationStmt>"
         "<sourceDesc><p/></sourceDesc></fileDesc></teiHeader>", ["ALN111", "ALN112", "ALN113"]),
        ("<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>"
         "</publicationStmt></fileDesc></teiHeader>", ["tei-schema"]),  # no sourceDesc
    ],
)
def test_header_rules_leave_missing_elements_to_the_schema(header, rules):
    data = f'<TEI xmlns="{TEI}">{header}<text><body><p>x</p></body></text></TEI>'.encode()
    tree = etree.fromstring(data)
    assert sorted(f.rule for f in validate_tree(tree, source=data)) == rules


def test_header_rules_check_each_tei_of_a_corpus():
    inner = ('<TEI><teiHeader><fileDesc><titleStmt><title/></titleStmt><publicationStmt><p>P</p>'
             "</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader><text><body><p>x</p>"
             "</body></text></TEI>")
    data = (f'<teiCorpus xmlns="{TEI}">{HEADER.format(langs="")}{inner}</teiCorpus>').encode()
    assert rules_of(data) == ["ALN111"]


# -- positions ----------------------------------------------------------------------------------

SOURCE = """<?xml version="1.0"?>
<!-- before -->
<r><a xml:id="x">one</a>
<b  n="2">t&amp;wo<c/>tail<!-- c --> after</b><d
   xml:lang="ko"
   >멀티 line</d></r>"""


@pytest.mark.parametrize(
    "where,expected",
    [
        (("node", "a"), (3, 4)),
        (("node", "d"), (4, 47)),
        (("attr", "a", "xml:id"), (3, 7)),
        (("attr", "b", "n"), (4, 5)),
        (("attr", "d", "xml:lang"), (5, 4)),
        (("text", "a", 1), (3, 19)),
        (("text", "b", 1), (4, 12)),  # the & of &amp;
        (("text", "b", 3), (4, 18)),  # after the entity reference
        (("tail", "c", 2), (4, 25)),
        (("tail", "comment", 1), (4, 38)),
        (("text", "d", 3), (6, 8)),
    ],
)
def test_source_positions(where, expected):
    data = SOURCE.encode()
    root = etree.fromstring(data)
    nodes = {("comment" if not isinstance(n.tag, str) else n.tag): n for n in root.iter()}
    sm = SourceMap(root, data)
    kind, name, *rest = where
    node = nodes[name]
    if kind == "node":
        got = sm.node(node)
    elif kind == "attr":
        got = sm.attribute(node, rest[0])
    else:
        got = sm.text(node, rest[0], tail=kind == "tail")
    assert got == expected


def test_positions_without_source_fall_back_to_lxml_lines():
    data = SOURCE.encode()
    root = etree.fromstring(data)
    d = root.find("d")
    sm = SourceMap(root, None)
    assert sm.node(d) == (d.sourceline, 1)
    assert sm.text(d, 0) == (d.sourceline, 1)


def test_positions_of_a_tree_changed_after_parsing_fall_back():
    data = SOURCE.encode()
    root = etree.fromstring(data)
    etree.SubElement(root, "extra")
    assert SourceMap(root, data).node(root.find("b")) == (root.find("b").sourceline, 1)


def test_config_turns_rules_off_and_changes_severity():
    data = doc("<p>The word 한국 and K\u043erea.</p>")
    tree = etree.fromstring(data)
    config = ValidateConfig(disable=frozenset({"ALN107"}), severity={"ALN106": "warning"})
    assert [(f.rule, f.severity) for f in validate_tree(tree, config=config, source=data)] == [("ALN106", "warning")]

"""Profiles (``tei``, ``edition``, ``auto``), rule selectors, and the checks no selection turns off."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from align.cli import main
from align.validate import list_rules, validate_file
from align.validate.config import ConfigError, ValidateConfig
from align.validate.profiles import document_profile, is_bilingual_edition
from align.validate.rules import selector_matches

TEI = "http://www.tei-c.org/ns/1.0"


def tei(body: str, *, header_extra: str = "", title: str = "A text", lang: str = "fr", back: str = "") -> bytes:
    """A small document valid against tei_all, with no langUsage unless ``header_extra`` adds one."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI}" xml:lang="{lang}">\n'
            f"<teiHeader><fileDesc><titleStmt><title>{title}</title></titleStmt>\n"
            "<publicationStmt><p>Unpublished.</p></publicationStmt>\n"
            f"<sourceDesc><p>Written for a test.</p></sourceDesc></fileDesc>{header_extra}</teiHeader>\n"
            f"<text><body>\n{body}\n</body>{back}</text>\n</TEI>\n").encode()


def write(tmp_path: Path, data: bytes, name: str = "doc.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rules(path: Path, **config) -> list[str]:
    return [f.rule for f in validate_file(path, config=ValidateConfig(**config))]


def run(capsys, *argv):
    code = main(["validate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# -- selectors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("selector,rule,expected", [
    ("tei-sch", "tei-sch:s-noNestedS", True),
    ("tei-sch", "tei-schema", False),
    ("tei-sch:", "tei-sch:s-noNestedS", True),
    ("tei-schema", "tei-schema", True),
    ("tei-sche", "tei-schema", False),
    ("tei", "tei-schema", True),
    ("xml", "xml-unsafe", True),
    ("xml-un", "xml-unsafe", False),
    ("ALN1", "ALN105", True),
    ("ALN", "ALN105", True),
    ("ALN10", "ALN105", True),
    ("AL", "ALN105", False),
    ("ALN105", "ALN105", True),
    ("ALN1050", "ALN105", False),
    ("", "ALN105", False),
])
def test_selector_matches_whole_ids_or_prefixes_ending_at_a_separator(selector, rule, expected):
    assert selector_matches(selector, rule) is expected


def test_disabling_schematron_keeps_the_schema(tmp_path, capsys):
    bad = write(tmp_path, tei("<p><unknownThing>x</unknownThing></p>"))
    code, out, _ = run(capsys, "--disable", "tei-sch", "-q", str(bad))
    assert code == 1 and "tei-schema" in out


@pytest.mark.parametrize("option", ["--select", "--disable", "--enable"])
@pytest.mark.parametrize("selector", ["tei-sche", "ALN9", "nonsense"])
def test_unknown_selector_is_a_usage_error(tmp_path, capsys, option, selector):
    good = write(tmp_path, tei("<p>x</p>"))
    code, _, err = run(capsys, option, selector, str(good))
    assert code == 2 and selector in err and "Traceback" not in err


# -- no silent passes ---------------------------------------------------------------------------

BROKEN = {
    "truncated": (b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>', "xml-wellformed"),
    "entities": (b'<!DOCTYPE TEI [<!ENTITY a "aaaa">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">&a;</TEI>',
                 "xml-unsafe"),
    "not-tei": (b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "tei-namespace"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
@pytest.mark.parametrize("argv", [
    ["--select", "tei-schema"], ["--select", "ALN105"], ["--disable", "tei,ALN"], ["--profile", "tei"], [],
])
def test_a_file_that_cannot_be_checked_always_fails(tmp_path, capsys, kind, argv):
    data, rule = BROKEN[kind]
    path = write(tmp_path, data)
    code, out, _ = run(capsys, *argv, "-q", str(path))
    assert code == 1 and f"error {rule}" in out


def test_select_in_the_config_does_not_hide_a_broken_file(tmp_path, capsys, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.align.validate]\nselect = ["ALN1", "tei-schema"]\n')
    write(tmp_path, BROKEN["truncated"][0], "broken.xml")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "-q", "broken.xml")
    assert code == 1 and "xml-wellformed" in out


@pytest.mark.parametrize("argv", [["--disable", "xml-wellformed"], ["--disable", "tei-namespace"],
                                  ["--severity", "xml-unsafe=warning"]])
def test_turning_off_a_parse_rule_is_a_usage_error(tmp_path, capsys, argv):
    good = write(tmp_path, tei("<p>x</p>"))
    code, _, err = run(capsys, *argv, str(good))
    assert code == 2 and "always" in err


def test_config_cannot_disable_a_parse_rule(tmp_path, capsys, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.align.validate]\ndisable = ["xml-unsafe"]\n')
    write(tmp_path, tei("<p>x</p>"))
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "doc.xml")
    assert code == 2 and "pyproject.toml" in err and "disable" in err


# -- profiles -----------------------------------------------------------------------------------

LANG_USAGE = '<profileDesc><langUsage><language ident="en">English</language>{more}</langUsage></profileDesc>'
WRITTEN_BY_ALIGN = ('<encodingDesc><appInfo><application ident="align" version="0.1.0"><label>align</label>'
                    '</application></appInfo></encodingDesc>')


@pytest.mark.parametrize("extra,back,bilingual", [
    ("", "", False),
    (LANG_USAGE.format(more=""), "", False),
    (LANG_USAGE.format(more='<language ident="ko">Korean</language>'), "", True),
    (WRITTEN_BY_ALIGN, "", True),
    ("", '<back><linkGrp type="alignment"><link target="#a #b"/></linkGrp></back>', True),
    ("", '<back><linkGrp type="joins"><link target="#a #b"/></linkGrp></back>', False),
])
def test_auto_profile_recognises_bilingual_editions(extra, back, bilingual):
    data = tei("<p>x</p>", header_extra=extra, back=back)
    root = etree.fromstring(data)
    assert is_bilingual_edition(root) is bilingual
    assert document_profile("auto", root) == ("edition" if bilingual else "tei")
    assert document_profile("tei", root) == "tei" and document_profile("edition", root) == "edition"


GENERAL = tei('<p>Un texte <foreign xml:lang="la">in latino</foreign> sans langUsage.</p>')


def test_general_tei_raises_no_edition_alarm(tmp_path):
    path = write(tmp_path, GENERAL)
    assert rules(path) == []
    assert rules(path, profile="tei") == []


def test_edition_profile_holds_general_tei_to_the_edition_rules(tmp_path):
    path = write(tmp_path, GENERAL)
    assert "ALN105" in rules(path, profile="edition")


def test_profile_from_the_command_line_and_config(tmp_path, capsys, monkeypatch):
    write(tmp_path, GENERAL)
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "-q", "doc.xml")[0] == 0
    code, out, _ = run(capsys, "-q", "--profile", "edition", "doc.xml")
    assert code == 1 and "ALN105" in out
    (tmp_path / "pyproject.toml").write_text('[tool.align.validate]\nprofile = "edition"\n')
    assert run(capsys, "-q", "doc.xml")[0] == 1
    assert run(capsys, "-q", "--profile", "tei", "doc.xml")[0] == 0
    (tmp_path / "pyproject.toml").write_text('[tool.align.validate]\nprofile = "strict"\n')
    code, _, err = run(capsys, "doc.xml")
    assert code == 2 and "profile" in err


def test_an_explicit_selection_runs_outside_the_profile(tmp_path):
    path = write(tmp_path, GENERAL)
    assert set(rules(path, select=frozenset({"ALN105"}))) == {"ALN105"}
    assert set(rules(path, enable=frozenset({"ALN105"}))) == {"ALN105"}


# Real problems the tei profile must still find in general TEI (one each, written into a valid text).
@pytest.mark.parametrize("body,rule", [
    ('<p xml:lang="latpunic">x</p>', "ALN114"),
    ("<p>Quod n\u03bfn est.</p>", "ALN107"),  # Greek omicron in a Latin word
    ("<p>Caf\u0065\u0301 cr\u00e8me.</p>", "ALN101"),  # decomposed accent
    ("<p>mojibake \u0092 here</p>", "ALN102"),
    ('<p><ref target="#nte1">see</ref></p><note xml:id="note1">n</note>', "ALN108"),
    ('<p xml:id="a">x</p><p xml:id="a">y</p>', "ALN109"),
    ('<p xml:lang="en_GB">x</p>', "tei-schema"),
])
def test_tei_profile_still_finds_real_problems(tmp_path, body, rule):
    path = write(tmp_path, tei(body))
    found = rules(path, profile="tei")
    assert rule in found, found


def test_empty_header_field_is_found_in_general_tei(tmp_path):
    path = write(tmp_path, tei("<p>x</p>", title=""))
    assert rules(path, profile="tei") == ["ALN111"]


def test_language_tag_findings_say_malformed_or_unregistered(tmp_path):
    path = write(tmp_path, tei('<p xml:lang="latpunic">x</p><p xml:lang="en-Latn-Latn">y</p>'))
    messages = {f.rule: f.message for f in validate_file(path, config=ValidateConfig(profile="tei"))}
    assert "well-formed but not registered" in messages["ALN114"] and "'latpunic'" in messages["ALN114"]
    assert "not a well-formed" in messages["ALN104"] and "twice" in messages["ALN104"]


def test_every_rule_names_its_profiles():
    for rule in list_rules():
        assert rule.profiles and set(rule.profiles) <= {"always", "tei", "edition"}, rule
        if "tei" in rule.profiles:
            assert "edition" in rule.profiles, f"{rule.id}: edition adds to tei, it never drops a rule"
    always = {r.id for r in list_rules() if r.always}
    assert always == {"xml-unreadable", "xml-wellformed", "xml-unsafe", "tei-namespace", "xml-xinclude-failed"}
    edition_only = {r.id for r in list_rules() if r.profiles == ("edition",)}
    assert {"ALN105", "ALN106", "ALN110"} <= edition_only
    assert not edition_only & {"ALN101", "ALN102", "ALN104", "ALN107", "ALN108", "ALN109", "ALN111", "ALN114"}


def test_list_rules_shows_profiles(capsys):
    code, out, _ = run(capsys, "--list-rules")
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line and not line.startswith(" ")}
    assert "always" in lines["xml-wellformed"]
    assert "tei+edition" in lines["ALN108"]
    assert "tei+edition" not in lines["ALN105"] and "edition" in lines["ALN105"]


def test_config_rejects_bad_profile_value():
    with pytest.raises(ConfigError):
        ValidateConfig().override(profile="strict")


# -- pointers into definitions kept elsewhere ---------------------------------------------------

PREFIXES = ('<encodingDesc><listPrefixDef><prefixDef ident="psn" matchPattern="([a-z]+)" '
            'replacementPattern="#$1"><p>People of this file.</p></prefixDef>'
            '<prefixDef ident="pl" matchPattern="([0-9]+)" replacementPattern="places.xml#pl$1">'
            '<p>The shared gazetteer.</p></prefixDef></listPrefixDef></encodingDesc>')


def test_prefix_def_pointers_resolve_or_are_left_to_their_definition(tmp_path):
    body = ('<p><persName ref="psn:anna">Anna</persName> went to <placeName ref="pl:12">Ur</placeName>.</p>'
            '<p><persName xml:id="anna">Anna</persName></p>')
    assert rules(write(tmp_path, tei(body, header_extra=PREFIXES)), profile="tei") == []
    typo = body.replace("psn:anna", "psn:anne")
    found = validate_file(write(tmp_path, tei(typo, header_extra=PREFIXES)), config=ValidateConfig(profile="tei"))
    assert [f.rule for f in found] == ["ALN108"] and "#anne" in found[0].message


def test_renditions_defined_elsewhere_are_not_reported(tmp_path):
    body = '<p><hi rendition="#aq">Antiqua</hi></p>'
    assert rules(write(tmp_path, tei(body)), profile="tei") == []


def test_renditions_defined_in_the_file_are_checked(tmp_path):
    tags = ('<encodingDesc><tagsDecl><rendition xml:id="it" scheme="css">font-style: italic;</rendition>'
            '</tagsDecl></encodingDesc>')
    assert rules(write(tmp_path, tei('<p><hi rendition="#it">x</hi></p>', header_extra=tags)), profile="tei") == []
    assert rules(write(tmp_path, tei('<p><hi rendition="#itt">x</hi></p>', header_extra=tags)), profile="tei") == ["ALN108"]


def test_private_use_characters_declared_in_chardecl_are_allowed(tmp_path):
    decl = ('<encodingDesc><charDecl><char xml:id="usbase"><localProp name="Name" value="LATIN ABBREVIATION SIGN US"/>'
            '<mapping type="PUA">\ue5d2</mapping></char></charDecl></encodingDesc>')
    body = '<p>ill<g ref="#usbase">\ue5d2</g> and \ue000</p>'
    found = validate_file(write(tmp_path, tei(body, header_extra=decl)), config=ValidateConfig(profile="tei"))
    assert [f.rule for f in found] == ["ALN102"] and "U+E000" in found[0].message


def test_an_iso_639_2_alias_gets_the_registered_tag(tmp_path):
    path = write(tmp_path, tei('<p xml:lang="ger">Ein Satz.</p>'))
    found = [f for f in validate_file(path, config=ValidateConfig(profile="tei")) if f.rule == "ALN114"]
    assert len(found) == 1 and "'de'" in found[0].message


def test_a_source_given_by_reference_is_not_empty(tmp_path):
    by_ref = tei("<p>x</p>").replace(b"<sourceDesc><p>Written for a test.</p></sourceDesc>",
                                     b'<sourceDesc><bibl><ptr target="https://example.org/record/1"/></bibl></sourceDesc>')
    assert rules(write(tmp_path, by_ref), profile="tei") == []
    empty = tei("<p>x</p>").replace(b"<sourceDesc><p>Written for a test.</p></sourceDesc>", b"<sourceDesc><p/></sourceDesc>")
    assert rules(write(tmp_path, empty), profile="tei") == ["ALN113"]

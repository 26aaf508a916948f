"""XInclude: local files under the root are followed, everything else is refused or falls back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from align.cli import main
from align.validate import validate_file
from align.validate import xinclude as xi
from align.validate.config import ValidateConfig

TEI = "http://www.tei-c.org/ns/1.0"
XI = "http://www.w3.org/2001/XInclude"


def doc(body: str, *, header_extra: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI}" xmlns:xi="{XI}">\n'
            "<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>\n"
            "<publicationStmt><p>P</p></publicationStmt>\n"
            f"<sourceDesc><p>S</p></sourceDesc></fileDesc>{header_extra}</teiHeader>\n"
            f"<text><body>\n{body}\n</body></text>\n</TEI>\n")


TAXONOMY = (f'<taxonomy xmlns="{TEI}" xml:id="materials"><category xml:id="marble"><catDesc>marble</catDesc>'
            '</category><category xml:id="bronze"><catDesc>bronze</catDesc></category></taxonomy>\n')
CLASS_DECL = '<encodingDesc><classDecl><xi:include href="{href}"{extra}/></classDecl></encodingDesc>'


def setup(tmp_path: Path, main_text: str, files: dict[str, str] | None = None, name: str = "ed/doc.xml") -> Path:
    for rel, text in {name: main_text, **(files or {})}.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / name


def check(path: Path, **config) -> list[tuple[str, str]]:
    return [(f.severity, f.rule) for f in validate_file(path, config=ValidateConfig(profile="tei", **config))]


def test_local_include_is_followed_and_reported(tmp_path):
    text = doc('<p ana="#marble">A stone.</p>', header_extra=CLASS_DECL.format(href="shared/materials.xml", extra=""))
    path = setup(tmp_path, text, {"ed/shared/materials.xml": TAXONOMY})
    found = validate_file(path, config=ValidateConfig(profile="tei"))
    assert [(f.severity, f.rule) for f in found] == [("info", "xml-xinclude")]
    assert "shared/materials.xml" in found[0].message
    assert found[0].line == text.splitlines().index(next(ln for ln in text.splitlines() if "xi:include" in ln)) + 1


def test_a_pointer_into_the_included_part_is_checked(tmp_path):
    text = doc('<p ana="#marbel">A stone.</p>', header_extra=CLASS_DECL.format(href="materials.xml", extra=""))
    path = setup(tmp_path, text, {"ed/materials.xml": TAXONOMY})
    assert ("error", "ALN108") in check(path)


@pytest.mark.parametrize("pointer", ["marble", "element(marble)", "element(/1/1)", "element(materials/2)"])
def test_xpointer_selects_one_element(tmp_path, pointer):
    wanted = "bronze" if pointer.endswith("/2)") else "marble"
    text = doc(f'<p ana="#{wanted}">A stone.</p>', header_extra=(
        '<encodingDesc><classDecl><taxonomy><xi:include href="materials.xml" xpointer="{}"/></taxonomy>'
        '</classDecl></encodingDesc>').format(pointer))
    path = setup(tmp_path, text, {"ed/materials.xml": TAXONOMY})
    assert check(path) == [("info", "xml-xinclude")]


def test_text_include(tmp_path):
    path = setup(tmp_path, doc('<p>Before <xi:include href="line.txt" parse="text"/> after.</p>'),
                 {"ed/line.txt": "a line of verse"})
    assert check(path) == [("info", "xml-xinclude")]


@pytest.mark.parametrize("href,rule", [
    ("../outside.xml", "xml-unsafe"),
    ("http://example.org/materials.xml", "xml-unsafe"),
    ("ftp://example.org/materials.xml", "xml-unsafe"),
    ("file://otherhost/materials.xml", "xml-unsafe"),
    ("missing.xml", "xml-xinclude-failed"),
    ("broken.xml", "xml-xinclude-failed"),
    ("entities.xml", "xml-unsafe"),
    ("/etc/passwd", "xml-unsafe"),
])
def test_refused_include_without_fallback_is_an_error(tmp_path, href, rule):
    files = {"outside.xml": TAXONOMY, "ed/broken.xml": "<taxonomy", "ed/entities.xml":
             '<!DOCTYPE t [<!ENTITY e "x">]><taxonomy xmlns="http://www.tei-c.org/ns/1.0">&e;</taxonomy>'}
    path = setup(tmp_path, doc("<p>x</p>", header_extra=CLASS_DECL.format(href=href, extra="")), files)
    assert check(path) == [("error", rule)]
    assert check(path, select=frozenset({"ALN101"})) == [("error", rule)]  # no selection hides it


FALLBACK = ('<encodingDesc><classDecl><xi:include href="{href}"><xi:fallback><taxonomy><category xml:id="marble">'
            '<catDesc>marble</catDesc></category></taxonomy></xi:fallback></xi:include></classDecl></encodingDesc>')


@pytest.mark.parametrize("href", ["http://example.org/materials.xml", "../outside.xml", "missing.xml"])
def test_fallback_is_used_when_the_include_is_not_followed(tmp_path, href):
    path = setup(tmp_path, doc('<p ana="#marble #bronze">x</p>', header_extra=FALLBACK.format(href=href)),
                 {"outside.xml": TAXONOMY})
    found = validate_file(path, config=ValidateConfig(profile="tei"))
    assert [(f.severity, f.rule) for f in found] == [("info", "xml-xinclude")]
    assert "fallback" in found[0].message  # #bronze is not reported: the shared file was not read


def test_configured_root_allows_a_sibling_folder(tmp_path, capsys):
    text = doc('<p ana="#marble">x</p>', header_extra=CLASS_DECL.format(href="../authority/materials.xml", extra=""))
    path = setup(tmp_path, text, {"authority/materials.xml": TAXONOMY})
    assert check(path) == [("error", "xml-unsafe")]
    assert check(path, xinclude_root=str(tmp_path)) == [("info", "xml-xinclude")]
    assert main(["validate", "-q", "--xinclude-root", str(tmp_path), str(path)]) == 0
    capsys.readouterr()


def test_no_xinclude_refuses_even_with_a_fallback(tmp_path, capsys):
    path = setup(tmp_path, doc("<p>x</p>", header_extra=FALLBACK.format(href="materials.xml")), {"ed/materials.xml": TAXONOMY})
    assert check(path) == [("info", "xml-xinclude")]
    assert check(path, xinclude=False) == [("error", "xml-unsafe")]
    code = main(["validate", "-q", "--no-xinclude", str(path)])
    out = capsys.readouterr().out
    assert code == 1 and "--no-xinclude" in out


def test_config_can_turn_xinclude_off(tmp_path, capsys, monkeypatch):
    path = setup(tmp_path, doc("<p>x</p>", header_extra=CLASS_DECL.format(href="materials.xml", extra="")),
                 {"ed/materials.xml": TAXONOMY, "pyproject.toml": "[tool.align.validate]\nxinclude = false\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "-q", str(path)]) == 1
    capsys.readouterr()


def test_cycles_depth_and_size_are_bounded(tmp_path, monkeypatch):
    inc = '<div xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="{}"/></div>'
    cycle = setup(tmp_path, doc('<xi:include href="a.xml"/>'), {"ed/a.xml": inc.format("b.xml"), "ed/b.xml": inc.format("a.xml")})
    assert [f for f in check(cycle) if f[0] == "error"] == [("error", "xml-unsafe")]
    chain = {f"ed/d{i}.xml": inc.format(f"d{i + 1}.xml") for i in range(xi.MAX_DEPTH + 2)}
    deep = setup(tmp_path, doc('<xi:include href="d0.xml"/>'), chain, name="ed/deep.xml")
    assert ("error", "xml-unsafe") in check(deep)
    big = setup(tmp_path, doc('<xi:include href="big.xml"/>'), {"ed/big.xml": "<div xmlns=\"%s\"><p>%s</p></div>" % (TEI, "x" * 5000)},
                name="ed/big-doc.xml")
    assert ("info", "xml-xinclude") in check(big)
    monkeypatch.setattr(xi, "MAX_BYTES", 1000)
    assert [f for f in check(big) if f[0] == "error"] == [("error", "xml-unsafe")]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_a_symbolic_link_out_of_the_root_is_refused(tmp_path):
    (tmp_path / "secret.xml").write_text(TAXONOMY)
    path = setup(tmp_path, doc("<p>x</p>", header_extra=CLASS_DECL.format(href="link.xml", extra="")))
    os.symlink(tmp_path / "secret.xml", tmp_path / "ed" / "link.xml")
    assert check(path) == [("error", "xml-unsafe")]


def test_findings_in_included_content_point_at_the_include(tmp_path):
    text = doc('<p>x</p>\n<xi:include href="part.xml"/>')
    path = setup(tmp_path, text, {"ed/part.xml": f'<div xmlns="{TEI}"><p>y</p><bogus/></div>'})
    found = [f for f in validate_file(path, config=ValidateConfig(profile="tei")) if f.rule == "tei-schema"]
    include_line = text.splitlines().index('<xi:include href="part.xml"/>') + 1
    assert len(found) == 1 and found[0].line == include_line and "bogus" in found[0].message


def test_text_and_tails_around_an_include_are_kept(tmp_path):
    from lxml import etree

    path = setup(tmp_path, doc('<p>one <xi:include href="w.txt" parse="text"/> three <hi>four</hi></p>'), {"ed/w.txt": "two"})
    tree = etree.parse(str(path))
    result = xi.expand(tree, path=str(path))
    assert not result.fatal and result.included
    p = tree.getroot().find(f".//{{{TEI}}}body/{{{TEI}}}p")
    assert "".join(p.itertext()) == "one two three four"


@pytest.mark.skipif(__import__("shutil").which("jing") is None, reason="jing is not installed")
def test_the_jing_engine_gets_the_expanded_document(tmp_path):
    """Outside the root, the fallback is used; jing given the original file would include the outside
    file (here not valid where it goes) by itself."""
    text = doc('<p ana="#marble">x</p>', header_extra=FALLBACK.format(href="../outside.xml"))
    path = setup(tmp_path, text, {"outside.xml": f'<bogusElement xmlns="{TEI}"/>'})
    assert check(path, engine="jing") == [("info", "xml-xinclude")]


def test_an_included_file_that_is_only_an_include_is_refused(tmp_path):
    relay = f'<xi:include xmlns:xi="{XI}" href="materials.xml"/>'
    path = setup(tmp_path, doc("<p>x</p>", header_extra=CLASS_DECL.format(href="relay.xml", extra="")),
                 {"ed/relay.xml": relay, "ed/materials.xml": TAXONOMY})
    assert check(path) == [("error", "xml-xinclude-failed")]

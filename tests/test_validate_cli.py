"""``align validate``: exit codes, output formats, paths, progress and configuration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from align.cli import main
from align.validate import collect_paths, validate_paths
from align.validate.config import ConfigError, ValidateConfig, find_config, load_config
from align.validate.findings import Finding
from align.validate.report import format_github, format_json, format_junit, format_text

CASES = Path(__file__).parent / "validate_cases" / "rules"
ROOT = Path(__file__).parent.parent
GOOD = CASES / "ALN106.pass.xml"
BAD = CASES / "ALN106.fail.xml"  # one ALN106 error at 19:19


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A folder with one good and one bad file, as the current directory (no pyproject.toml above it)."""
    (tmp_path / "ed").mkdir()
    shutil.copy(GOOD, tmp_path / "ed" / "good.xml")
    shutil.copy(BAD, tmp_path / "ed" / "bad.xml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv):
    code = main(["validate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_0(work, capsys):
    code, out, err = run(capsys, "ed/good.xml")
    assert code == 0
    assert out == "1 file checked, 0 errors, 0 warnings\n"


def test_error_exits_1_with_one_line_per_finding(work, capsys):
    code, out, _ = run(capsys, "ed")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("ed/bad.xml:19:19: error ALN106: Hangul text '한국'")
    assert lines[1].startswith("    fix: ")
    assert lines[-1] == "2 files checked, 1 error, 0 warnings"


def test_quiet_prints_findings_only(work, capsys):
    code, out, _ = run(capsys, "-q", "ed")
    assert code == 1
    assert out.count("\n") == 1 and out.startswith("ed/bad.xml:19:19: error ALN106")


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["missing.xml"], "no such file or folder: 'missing.xml'"),
        (["ed/*.tei"], "no file matches 'ed/*.tei'"),
        ([], "give at least one PATH"),
        (["--select", "ALN999", "ed"], "--select: 'ALN999' matches no rule"),
        (["--disable", "XYZ", "ed"], "--disable: 'XYZ' matches no rule"),
        (["--severity", "ALN106", "ed"], "is not RULE=LEVEL"),
        (["--severity", "ALN106=fatal", "ed"], "severity 'fatal' is not one of"),
        (["--severity", "ALN1=warning", "ed"], "'ALN1' is not a rule id"),
        (["--config", "nope.toml", "ed"], "config file 'nope.toml' does not exist"),
    ],
)
def test_usage_problems_exit_2(work, capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert needle in err and out == ""


def test_bad_option_value_exits_2(work, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--format", "xml", "ed"])
    assert exc.value.code == 2


def test_json_format(work, capsys):
    code, out, _ = run(capsys, "--format", "json", "ed")
    assert code == 1
    doc = json.loads(out)
    assert list(doc) == ["tool", "summary", "files", "findings"]
    assert doc["tool"]["name"] == "align validate" and doc["tool"]["version"]
    assert doc["summary"] == {"files": 2, "errors": 1, "warnings": 0, "infos": 0}
    assert doc["files"] == ["ed/bad.xml", "ed/good.xml"]
    [f] = doc["findings"]
    assert list(f) == ["path", "line", "col", "severity", "rule", "message", "hint"]
    assert (f["path"], f["line"], f["col"], f["rule"]) == ("ed/bad.xml", 19, 19, "ALN106")
    assert "한국" in f["message"]  # UTF-8, not \u escapes


def test_junit_format_is_valid_junit(work, capsys):
    code, out, _ = run(capsys, "--format", "junit", "--severity", "ALN105=warning", "ed")
    assert code == 1
    root = etree.fromstring(out.encode())
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"ed/bad.xml", "ed/good.xml"}
    [failure] = cases["ed/bad.xml"].findall("failure")
    assert failure.get("type") == "ALN106" and "ed/bad.xml:19:19" in failure.text
    assert cases["ed/good.xml"].find("failure") is None


def test_junit_warnings_go_to_system_out():
    results = {"a.xml": [Finding("a.xml", 3, 4, "warning", "ALN105", "m", "h")], "b.xml": []}
    root = etree.fromstring(format_junit(results).encode())
    case = root.find("testsuite/testcase")
    assert case.find("failure") is None
    assert case.findtext("system-out") == "a.xml:3:4: warning ALN105: m\n"


def test_github_format(work, capsys):
    code, out, _ = run(capsys, "--format", "github", "ed")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("::error file=ed/bad.xml,line=19,col=19,title=ALN106::Hangul text")


def test_github_escapes_properties_and_data():
    f = Finding("dir,x/a:b.xml", 0, 0, "info", "r", "50% done\nnext", "")
    line = format_github({f.path: [f]}).splitlines()[0]
    assert line == "::notice file=dir%2Cx/a%3Ab.xml,line=1,col=1,title=r::50%25 done%0Anext"


def test_output_is_sorted_and_deterministic():
    fs = [Finding("b.xml", 2, 1, "error", "ALN101", "m"), Finding("a.xml", 9, 1, "error", "ALN102", "m"),
          Finding("a.xml", 2, 5, "error", "ALN109", "m"), Finding("a.xml", 2, 5, "error", "ALN101", "m")]
    results = {"b.xml": fs[:1], "a.xml": fs[1:]}
    text = format_text(results, hints=False, summary=False)
    assert [line.split(": error ")[0] + " " + line.split()[-2].rstrip(":") for line in text.splitlines()] == [
        "a.xml:2:5 ALN101", "a.xml:2:5 ALN109", "a.xml:9:1 ALN102", "b.xml:2:1 ALN101"]
    assert format_json(results) == format_json(dict(reversed(results.items())))


def test_list_rules(work, capsys):
    code, out, _ = run(capsys, "--list-rules")
    assert code == 0
    ids = [line.split()[0] for line in out.splitlines() if not line.startswith(" ")]
    assert "ALN101" in ids and "ALN113" in ids and "tei-schema" in ids and "xml-wellformed" in ids


def test_list_rules_shows_config(work, capsys):
    code, out, _ = run(capsys, "--list-rules", "--format", "json", "--disable", "ALN103", "--severity", "ALN104=warning")
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["ALN103"]["enabled"] is False
    assert rows["ALN104"]["severity"] == "warning"
    assert rows["ALN101"]["checker"] == "edition" and rows["ALN101"]["hint"]


@pytest.mark.parametrize(
    "argv,code,rules",
    [
        (["--disable", "ALN106"], 0, []),
        (["--disable", "ALN1"], 0, []),
        (["--select", "ALN105"], 0, []),
        (["--select", "ALN106,ALN105"], 1, ["ALN106"]),
        (["--severity", "ALN106=warning"], 0, ["ALN106"]),
        (["--disable", "ALN1", "--enable", "ALN106"], 1, ["ALN106"]),
    ],
)
def test_rule_options(work, capsys, argv, code, rules):
    got, out, _ = run(capsys, "--format", "json", *argv, "ed/bad.xml")
    assert got == code
    assert [f["rule"] for f in json.loads(out)["findings"]] == rules


def test_output_file(work, capsys):
    code, out, _ = run(capsys, "--format", "junit", "-o", "report.xml", "ed")
    assert code == 1 and out == ""
    assert etree.parse("report.xml").getroot().tag == "testsuites"


# -- paths ---------------------------------------------------------------------------------------


def test_folders_globs_and_suffixes(work):
    (work / "ed" / "sub").mkdir()
    shutil.copy(GOOD, work / "ed" / "sub" / "c.tei")
    (work / "ed" / "notes.txt").write_text("not TEI")
    (work / "ed" / ".hidden").mkdir()
    shutil.copy(GOOD, work / "ed" / ".hidden" / "h.xml")
    assert collect_paths(["ed"]) == ["ed/bad.xml", "ed/good.xml", "ed/sub/c.tei"]
    assert collect_paths(["ed/*.xml"]) == ["ed/bad.xml", "ed/good.xml"]
    assert collect_paths(["ed/**/*.tei"]) == ["ed/sub/c.tei"]
    assert collect_paths(["ed/good.xml", "ed", "./ed/good.xml"]) == ["ed/good.xml", "ed/bad.xml", "ed/sub/c.tei"]


def test_explicit_file_of_any_suffix_is_checked(work):
    shutil.copy(BAD, work / "bad.txt")
    assert [f.rule for f in validate_paths(["bad.txt"])["bad.txt"]] == ["ALN106"]


def test_unreadable_or_broken_file_is_a_finding_not_a_crash(work, capsys):
    (work / "ed" / "broken.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><unclosed></TEI>")
    code, out, _ = run(capsys, "-q", "ed/broken.xml")
    assert code == 1 and " error xml-wellformed: " in out


def test_progress_reports_every_file_on_stderr(work, capsys):
    code, out, err = run(capsys, "--progress", "ed")
    assert err.splitlines() == ["[1/2] ed/bad.xml", "[2/2] ed/good.xml"]
    code, out, err = run(capsys, "ed")  # stderr is not a terminal: no progress
    assert err == ""


def test_progress_callback():
    seen = []
    validate_paths([str(GOOD), str(BAD)], progress=lambda i, n, p: seen.append((i, n, p)))
    assert seen == [(0, 2, str(BAD)), (1, 2, str(GOOD)), (2, 2, "")]


# -- configuration -------------------------------------------------------------------------------


def write_pyproject(folder: Path, body: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text("[project]\nname = 'archive'\n\n[tool.align.validate]\n" + body, encoding="utf-8")
    return path


def test_config_from_pyproject_above_the_current_folder(work, capsys, monkeypatch):
    write_pyproject(work, 'disable = ["ALN106"]\n')
    monkeypatch.chdir(work / "ed")
    code, out, _ = run(capsys, "bad.xml")
    assert code == 0


def test_config_severity_and_cli_override(work, capsys):
    write_pyproject(work, 'severity = {ALN106 = "warning"}\n')
    code, out, _ = run(capsys, "ed/bad.xml")
    assert code == 0 and ": warning ALN106: " in out and out.endswith("0 errors, 1 warning\n")
    code, _, _ = run(capsys, "--severity", "ALN106=error", "ed/bad.xml")
    assert code == 1


def test_config_enable_on_the_command_line_beats_file_disable(work, capsys):
    write_pyproject(work, 'disable = ["ALN106"]\n')
    assert run(capsys, "ed/bad.xml")[0] == 0
    assert run(capsys, "--enable", "ALN106", "ed/bad.xml")[0] == 1


def test_config_exclude(work, capsys):
    write_pyproject(work, 'exclude = ["ed/bad.*"]\n')
    code, out, _ = run(capsys, "ed")
    assert code == 0 and out.endswith("1 file checked, 0 errors, 0 warnings\n")


@pytest.mark.parametrize(
    "pattern,path,excluded",
    [
        ("ed/bad.xml", "ed/bad.xml", True),
        ("ed", "ed/bad.xml", True),  # a folder
        ("bad.xml", "ed/bad.xml", True),  # a bare name matches any part
        ("*.tei", "ed/x.tei", True),
        ("**/x.tei", "x.tei", True),
        ("ed/*.xml", "other/bad.xml", False),
        ("bad", "ed/bad.xml", False),
    ],
)
def test_exclude_patterns(work, pattern, path, excluded):
    assert ValidateConfig(exclude=(pattern,), root=str(work)).excluded(path) is excluded


def test_explicit_config_file(work, capsys):
    other = work / "conf"
    other.mkdir()
    write_pyproject(other, 'select = ["ALN105"]\n')
    assert run(capsys, "--config", "conf/pyproject.toml", "ed/bad.xml")[0] == 0


@pytest.mark.parametrize(
    "body,needle",
    [
        ('disable = ["ALN999"]\n', "tool.align.validate.disable: 'ALN999' matches no rule"),
        ('disable = "ALN106"\n', "tool.align.validate.disable must be a list of strings"),
        ('severity = {ALN106 = "loud"}\n', "tool.align.validate.severity.ALN106: severity 'loud'"),
        ('engine = "xmllint"\n', "tool.align.validate.engine: unknown engine 'xmllint'"),
        ('disabled = ["ALN106"]\n', "tool.align.validate.disabled is not a setting"),
        ("disable = [\n", "is not valid TOML"),
    ],
)
def test_bad_config_exits_2_naming_file_and_key(work, capsys, body, needle):
    path = write_pyproject(work, body)
    code, out, err = run(capsys, "ed")
    assert code == 2
    assert str(path) in err and needle in err


def test_config_file_without_table_is_a_usage_error(work, capsys):
    (work / "c.toml").write_text("[tool.other]\nx = 1\n")
    code, _, err = run(capsys, "--config", "c.toml", "ed")
    assert code == 2 and "has no [tool.align.validate] table" in err


def test_find_config_skips_pyproject_without_the_table(work):
    (work / "ed" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(work / "ed") is None
    path = write_pyproject(work, "")
    assert find_config(work / "ed") == path


def test_load_config_defaults_when_none_found(work):
    config = load_config(start=work)
    assert config.engine == "lxml" and config.enabled("ALN101") and config.source is None


def test_config_error_is_a_config_error(work):
    write_pyproject(work, 'engine = 3\n')
    with pytest.raises(ConfigError):
        load_config(start=work)


# -- integration --------------------------------------------------------------------------------


def test_pre_commit_hook_definition():
    # the file is one YAML list item of plain "key: value" lines (PyYAML is not a test dependency)
    lines = [ln for ln in (ROOT / ".pre-commit-hooks.yaml").read_text().splitlines() if ln.strip() and ln[0] != "#"]
    assert lines[0].startswith("- ") and all(ln.startswith("  ") for ln in lines[1:])
    hook = dict(ln[2:].split(": ", 1) for ln in lines)
    assert hook["id"] == "align-validate"
    assert hook["entry"] == "align validate --allow-empty" and hook["language"] == "python"
    assert hook["files"] == r"\.(xml|tei)$"


def test_bundled_edition_passes_cleanly(capsys):
    edition = ROOT / "tei" / "seventy-five-years.xml"
    if not edition.exists():
        pytest.skip("tei/seventy-five-years.xml is not built in this checkout yet")
    code, out, _ = run(capsys, str(edition))
    assert code == 0, out

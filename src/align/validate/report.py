"""Findings as text for people, JSON for programs, JUnit XML for CI dashboards, GitHub annotations.

Every formatter takes the result of :func:`align.validate.validate_paths` (path -> findings) and
returns a string; the order is fixed (path, line, column, rule), so two runs over the same files give
byte-identical reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from lxml import etree

from .findings import Finding

__all__ = ["Summary", "summarize", "finding_order", "sorted_findings", "format_text", "format_json", "format_junit",
           "format_github", "FORMATS"]

Results = Mapping[str, Sequence[Finding]]


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    errors: int
    warnings: int
    infos: int

    def __str__(self) -> str:
        parts = [_count(self.files, "file") + " checked", _count(self.errors, "error"), _count(self.warnings, "warning")]
        if self.infos:
            parts.append(_count(self.infos, "note"))
        return ", ".join(parts)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def summarize(results: Results) -> Summary:
    levels = [f.severity for fs in results.values() for f in fs]
    return Summary(len(results), levels.count("error"), levels.count("warning"), levels.count("info"))


def finding_order(f: Finding) -> tuple:
    """The order of every report: path, line, column, rule (then message, so ties are stable too)."""
    return (f.path, f.line, f.col, f.rule, f.message)


def sorted_findings(results: Results) -> list[Finding]:
    return sorted((f for fs in results.values() for f in fs), key=finding_order)


def format_text(results: Results, *, hints: bool = True, summary: bool = True) -> str:
    """``file:line:col: severity rule: message``, one line each, an indented fix hint, a summary line."""
    lines = []
    for f in sorted_findings(results):
        lines.append(str(f))
        if hints and f.hint:
            lines.append(f"    fix: {f.hint}")
    if summary:
        lines.append(str(summarize(results)))
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(results: Results, *, tool: Mapping[str, str] | None = None) -> str:
    """``{"tool", "summary", "files", "findings"}``; keys in a fixed order, UTF-8 text unescaped."""
    s = summarize(results)
    doc = {
        "tool": dict(tool or _tool()),
        "summary": {"files": s.files, "errors": s.errors, "warnings": s.warnings, "infos": s.infos},
        "files": sorted(results),
        "findings": [
            {"path": f.path, "line": f.line, "col": f.col, "severity": f.severity, "rule": f.rule,
             "message": f.message, "hint": f.hint}
            for f in sorted_findings(results)
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _tool() -> dict[str, str]:
    from .. import __version__

    return {"name": "align validate", "version": __version__}


def format_junit(results: Results, *, suite: str = "align validate") -> str:
    """One ``testsuite``, one ``testcase`` per file, one ``failure`` per error finding.

    Warnings and notes go to the test case's ``system-out``, so dashboards show them without failing.
    The shape is the one Jenkins (junit plugin) and GitLab (``artifacts:reports:junit``) read.
    """
    s = summarize(results)
    failures = sum(1 for fs in results.values() if any(f.severity == "error" for f in fs))
    root = etree.Element("testsuites", name=suite, tests=str(s.files), failures=str(failures), errors="0")
    ts = etree.SubElement(root, "testsuite", name=suite, tests=str(s.files), failures=str(failures),
                          errors="0", skipped="0")
    for path in sorted(results):
        findings = sorted(results[path], key=finding_order)
        tc = etree.SubElement(ts, "testcase", classname=suite, name=path, file=path)
        for f in findings:
            if f.severity == "error":
                fail = etree.SubElement(tc, "failure", message=f"{f.rule}: {f.message}", type=f.rule)
                fail.text = f"{f}\n" + (f"fix: {f.hint}\n" if f.hint else "")
        others = [f for f in findings if f.severity != "error"]
        if others:
            etree.SubElement(tc, "system-out").text = "".join(f"{f}\n" for f in others)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True).decode("utf-8")


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


_GH_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def format_github(results: Results) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=RULE::message``."""
    lines = []
    for f in sorted_findings(results):
        props = f"file={_gh_prop(f.path)},line={max(f.line, 1)},col={max(f.col, 1)},title={_gh_prop(f.rule)}"
        text = f.message + (f" (fix: {f.hint})" if f.hint else "")
        lines.append(f"::{_GH_LEVEL.get(f.severity, 'error')} {props}::{_gh_data(text)}")
    lines.append(str(summarize(results)))
    return "\n".join(lines) + "\n"


#: Format name -> formatter; feeds the CLI's ``--format`` choices.
FORMATS: dict[str, Callable[[Results], str]] = {
    "text": format_text,
    "json": format_json,
    "junit": format_junit,
    "github": format_github,
}

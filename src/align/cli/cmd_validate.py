"""``align validate PATH...``: check TEI files for CI; exit 0 clean, 1 errors found, 2 usage problem."""

from __future__ import annotations

import argparse
import json
import sys

from ..files import write_output
from ..validate.config import ENGINES, PROFILES
from ..validate.report import FORMATS

NAME = "validate"
HELP = "check TEI files: safe parse and XInclude, TEI schema, TEI Schematron, rules for any TEI and for bilingual editions"
DESCRIPTION = (
    "Check TEI files, folders (*.xml and *.tei, recursively) and globs. Prints one "
    "'file:line:col: severity rule: message' per finding and a summary. Exit status: 0 when nothing at "
    "error level was found, 1 when something was, 2 for a usage problem (no such path, bad option, bad "
    "config, a rule selector that names no rule). A file that cannot be parsed, is unsafe or is not TEI is "
    "always an error. Settings come from [tool.align.validate] in the nearest pyproject.toml, then from options."
)


def _rules(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="TEI files, folders or globs")
    p.add_argument("--format", choices=list(FORMATS), default="text", help="output format (default: text)")
    p.add_argument("-o", "--output", help="write the report to this file (default: stdout)")
    p.add_argument("--engine", choices=ENGINES,
                   help="RELAX NG engine for the TEI schema (default: lxml, or the config's engine)")
    p.add_argument("--profile", choices=PROFILES,
                   help="which rules hold: tei (any TEI document), edition (adds the bilingual-edition rules) or "
                        "auto (edition rules for bilingual editions, tei otherwise; the default)")
    p.add_argument("--no-xinclude", dest="xinclude", action="store_false", default=None,
                   help="refuse xi:include (an error) instead of following local includes")
    p.add_argument("--xinclude-root", metavar="DIR",
                   help="folder that included files must lie in (default: each document's own folder tree)")
    p.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="check files in N processes (default: the number of cores; 1: in this process)")
    p.add_argument("--list-rules", action="store_true",
                   help="list every rule with its id, severity, profiles and fix, and exit")
    p.add_argument("--select", type=_rules, action="extend", metavar="RULES",
                   help="check only these rules, whatever the profile (ids, or prefixes ending at '-', ':' or "
                        "'.' such as tei-sch; comma-separated)")
    p.add_argument("--disable", type=_rules, action="extend", default=[], metavar="RULES",
                   help="turn these rules off (ids or prefixes, comma-separated); the parse rules cannot be")
    p.add_argument("--enable", type=_rules, action="extend", default=[], metavar="RULES",
                   help="turn these rules back on when the config disables them")
    p.add_argument("--severity", action="append", default=[], metavar="RULE=LEVEL",
                   help="report RULE at LEVEL (error, warning or info); repeatable")
    p.add_argument("--config", metavar="FILE", help="read settings from FILE's [tool.align.validate] "
                   "instead of the nearest pyproject.toml")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show progress on stderr (default: when stderr is a terminal and there are several files)")
    p.add_argument("-q", "--quiet", action="store_true", help="text format: findings only, no fix hints or summary")
    p.add_argument("--allow-empty", action="store_true", help="exit 0 when the paths hold no TEI file (default: exit 2)")


def run(args: argparse.Namespace) -> int:
    from .. import validate as v
    from ..validate.config import ConfigError, load_config, parse_severity_option
    from ..validate.report import format_text, summarize

    try:
        known = [r.id for r in v.list_rules()]
        config = load_config(args.config, known_rules=known).override(
            select=args.select, disable=args.disable, enable=args.enable,
            severity=parse_severity_option(args.severity), engine=args.engine, known_rules=known,
            profile=args.profile, xinclude=args.xinclude, xinclude_root=args.xinclude_root, jobs=args.jobs,
        )
        if args.list_rules:
            _write(args.output, _list_rules(v.list_rules(), config, args.format))
            return 0
        if not args.paths:
            raise ConfigError("[A703] give at least one PATH (a TEI file, a folder or a glob)")
        files = v.collect_paths(args.paths, config=config)
        if not files and not args.allow_empty:
            # a mistyped folder or a too-wide exclude must not pass CI by checking nothing
            raise ConfigError(
                f"[A704] no TEI files (*.xml, *.tei) found in {' '.join(args.paths)} after excludes; "
                "check the path, or pass --allow-empty"
            )
    except ConfigError as exc:
        print(f"align: error: {exc}", file=sys.stderr)
        return 2

    progress = _progress_printer(len(files)) if _show_progress(args, len(files)) else None
    results = v.validate_paths(files, config=config, progress=progress)
    if args.format == "text":
        report = format_text(results, hints=not args.quiet, summary=not args.quiet)
    else:
        report = FORMATS[args.format](results)
    _write(args.output, report)
    return 1 if summarize(results).errors else 0


def _write(output: str | None, text: str) -> None:
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_output(output, text.encode("utf-8"))


def _show_progress(args: argparse.Namespace, n: int) -> bool:
    if args.progress is not None:
        return args.progress
    return n > 1 and not args.quiet and sys.stderr.isatty()


def _progress_printer(total: int):
    tty = sys.stderr.isatty()

    def show(done: int, n: int, path: str) -> None:
        if tty:
            end = "\n" if done == n else ""
            sys.stderr.write(f"\r\x1b[K[{done}/{n}] {path}" + end)
        elif done < n:
            sys.stderr.write(f"[{done + 1}/{n}] {path}\n")
        sys.stderr.flush()

    return show


def _list_rules(rules, config, fmt: str) -> str:
    rows = []
    for r in rules:
        on = config.enabled(r.id, None if config.profile == "auto" else config.profile)
        level = config.severity.get(r.id, r.severity)
        rows.append({"id": r.id, "name": r.name, "checker": r.checker, "severity": level, "enabled": on,
                     "profiles": ["always"] if r.always else list(r.profiles),
                     "summary": r.summary, "hint": r.hint})
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    width = max(len(r["id"]) for r in rows)
    lines = []
    pad = f"{'':<{width}}  {'':<7}  {'':<10}  {'':<11}"
    for r in rows:
        state = r["severity"] if r["enabled"] else "off"
        profiles = "always" if r["profiles"] == ["always"] else "+".join(r["profiles"])
        lines.append(f"{r['id']:<{width}}  {state:<7}  {r['checker']:<10}  {profiles:<11}  {r['summary']}")
        if r["hint"]:
            lines.append(f"{pad}  fix: {r['hint']}")
    return "\n".join(lines) + "\n"

"""Which rules run and how loud they are: ``[tool.align.validate]`` in ``pyproject.toml``, then the command line.

An archive sets its policy once in the project file; a run may narrow or widen it. Settings are an
immutable :class:`ValidateConfig`; :meth:`ValidateConfig.override` returns a new one, so the project
file and the command line combine in one visible step.

Rule selectors are whole rule ids or prefixes that end at a separator (``tei-sch`` selects every
``tei-sch:*`` rule but not ``tei-schema``; ``ALN1`` every ``ALN1xx`` rule, as in ruff): see
:func:`align.validate.rules.selector_matches`. A selector that names no rule is a usage error.

The profile (``auto``, ``tei``, ``edition``) decides which rules run when nothing is selected; the
rules of a file that cannot be parsed, is unsafe or is not TEI run whatever is selected or disabled.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from ..errors import AlignError
from .findings import SEVERITIES, Finding
from .rules import PROFILES, rule_profiles, selector_matches

__all__ = ["ValidateConfig", "ConfigError", "ENGINES", "PROFILES", "load_config", "find_config",
           "parse_severity_option"]

ENGINES = ("lxml", "jing", "lxml-full")
_TABLE = ("tool", "align", "validate")
_KEYS = ("disable", "enable", "select", "severity", "engine", "exclude", "cache-dir", "profile", "xinclude",
         "xinclude-root", "jobs")


class ConfigError(AlignError):
    """A setting is unknown or malformed; the CLI reports it as a usage problem (exit 2)."""


@dataclass(frozen=True)
class ValidateConfig:
    """What to check and how to report it.

    ``select`` (``None``: every rule) keeps only matching rules; ``disable`` then removes rules, and
    ``enable`` puts back rules a wider ``disable`` removed. ``severity`` maps rule ids to ``error``,
    ``warning`` or ``info``. ``exclude`` holds path globs, relative to ``root`` (the folder of the
    config file; the current folder when there is none). ``profile`` picks the rules that run when
    ``select`` is ``None``. ``xinclude`` follows ``xi:include`` inside ``xinclude_root`` (``None``:
    each document's own folder tree); ``jobs`` is the number of worker processes (``None``: one per core).
    """

    select: frozenset[str] | None = None
    disable: frozenset[str] = frozenset()
    enable: frozenset[str] = frozenset()
    severity: Mapping[str, str] = field(default_factory=dict)
    engine: str = "lxml"
    exclude: tuple[str, ...] = ()
    cache_dir: str | None = None
    root: str = "."
    source: str | None = None
    profile: str = "auto"
    xinclude: bool = True
    xinclude_root: str | None = None
    jobs: int | None = None

    def enabled(self, rule: str, profile: str | None = None) -> bool:
        """Whether findings of ``rule`` are kept in a document checked under ``profile`` (``tei`` or
        ``edition``; ``None``: whatever profile, as for ``--list-rules``).

        Parse rules marked ``always`` are on whatever is selected or disabled. Otherwise a disabled
        rule is off unless a more specific ``enable`` names it; a selection (``select``) replaces the
        profile, and ``enable`` adds to either.
        """
        profiles = rule_profiles(rule)
        if "always" in profiles:
            return True
        enable = _longest(rule, self.enable)
        if _matches(rule, self.disable):
            # the more specific selector wins: ``disable = ["ALN1"]`` + ``enable = ["ALN105"]``
            return enable > _longest(rule, self.disable)
        if enable >= 0:
            return True
        if self.select is not None:
            return _matches(rule, self.select)
        return profile is None or profile in profiles

    def apply(self, findings: Iterable[Finding], profile: str | None = None) -> list[Finding]:
        """Drop findings of rules that are off (under ``profile``) and give the others their configured
        severity (rules that are always on stay errors)."""
        out = []
        for f in findings:
            if not self.enabled(f.rule, profile):
                continue
            level = self.severity.get(f.rule)
            out.append(replace(f, severity=level) if level and level != f.severity else f)
        return out

    def excluded(self, path: str | os.PathLike[str]) -> bool:
        """Whether ``path`` matches an ``exclude`` glob (``*`` crosses folders; a bare name matches any part)."""
        if not self.exclude:
            return False
        p = Path(path)
        candidates = {PurePosixPath(p).as_posix()}
        try:
            candidates.add(p.resolve().relative_to(Path(self.root).resolve()).as_posix())
        except ValueError:
            pass
        for pattern in self.exclude:
            pat = pattern.rstrip("/").removeprefix("./")
            for cand in candidates:
                if fnmatch.fnmatchcase(cand, pat) or fnmatch.fnmatchcase(cand, pat + "/*"):
                    return True
                if "/" not in pat and any(fnmatch.fnmatchcase(part, pat) for part in PurePosixPath(cand).parts):
                    return True
                if pat.startswith("**/") and fnmatch.fnmatchcase(cand, pat[3:]):
                    return True
        return False

    def override(
        self,
        *,
        select: Iterable[str] | None = None,
        disable: Iterable[str] = (),
        enable: Iterable[str] = (),
        severity: Mapping[str, str] | None = None,
        engine: str | None = None,
        known_rules: Iterable[str] | None = None,
        profile: str | None = None,
        xinclude: bool | None = None,
        xinclude_root: str | None = None,
        jobs: int | None = None,
    ) -> ValidateConfig:
        """Settings of one run on top of these (a run's ``--enable`` beats the file's ``disable``)."""
        disable, enable = frozenset(disable), frozenset(enable)
        new_sel = frozenset(select) if select is not None else None
        if known_rules is not None:
            known = list(known_rules)
            for opt, values in (("--select", new_sel or ()), ("--disable", disable), ("--enable", enable)):
                _check_selectors(values, known, where=f"option {opt}")
            _check_selectors(severity or {}, known, where="option --severity", exact=True)
            _check_not_always(disable, known, where="option --disable")
            _check_severity_always(severity or {}, where="option --severity")
        if engine is not None and engine not in ENGINES:
            raise ConfigError(f"[A702] option --engine: unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
        if profile is not None and profile not in PROFILES:
            raise ConfigError(f"[A702] option --profile: unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
        if jobs is not None and jobs < 1:
            raise ConfigError(f"[A702] option --jobs: {jobs} is not a positive number of processes")
        return replace(
            self,
            select=new_sel if new_sel is not None else self.select,
            disable=(self.disable - enable) | disable,
            enable=(self.enable - disable) | enable,
            severity={**self.severity, **(severity or {})},
            engine=engine or self.engine,
            profile=profile or self.profile,
            xinclude=self.xinclude if xinclude is None else xinclude,
            xinclude_root=xinclude_root if xinclude_root is not None else self.xinclude_root,
            jobs=jobs if jobs is not None else self.jobs,
        )


def _matches(rule: str, selectors: Iterable[str]) -> bool:
    return any(selector_matches(s, rule) for s in selectors)


def _longest(rule: str, selectors: Iterable[str]) -> int:
    return max((len(s) for s in selectors if selector_matches(s, rule)), default=-1)


def _check_selectors(values: Iterable[str], known: list[str], *, where: str, exact: bool = False) -> None:
    for sel in values:
        if not sel or not any(r == sel if exact else selector_matches(sel, r) for r in known):
            what = "is not a rule id" if exact else "matches no rule (a selector is a whole rule id or a prefix " \
                "ending at '-', ':' or '.')"
            raise ConfigError(f"[A702] {where}: {sel!r} {what}; `align validate --list-rules` lists them")


def _check_not_always(values: Iterable[str], known: list[str], *, where: str) -> None:
    """Disabling only rules that are always on would be a silent no-op: say so instead."""
    for sel in values:
        named = [r for r in known if selector_matches(sel, r)]
        if named and all("always" in rule_profiles(r) for r in named):
            raise ConfigError(f"[A702] {where}: {sel!r} cannot be turned off: a file that cannot be read or "
                              "parsed, is unsafe or is not TEI is always an error")


def _check_severity_always(severity: Mapping[str, str], *, where: str) -> None:
    for rule, level in severity.items():
        if level != "error" and "always" in rule_profiles(rule):
            raise ConfigError(f"[A702] {where}: {rule} is always an error (a file that cannot be checked "
                              "must fail the run)")


def parse_severity_option(items: Iterable[str]) -> dict[str, str]:
    """``["ALN104=warning"]`` -> ``{"ALN104": "warning"}``; a malformed item raises :class:`ConfigError`."""
    out = {}
    for item in items:
        rule, sep, level = item.partition("=")
        if not sep or not rule.strip():
            raise ConfigError(f"[A702] option --severity: {item!r} is not RULE=LEVEL (e.g. ALN104=warning)")
        out[rule.strip()] = _level(level.strip(), where="option --severity")
    return out


def _level(level: object, *, where: str) -> str:
    if level not in SEVERITIES:
        raise ConfigError(f"[A702] {where}: severity {level!r} is not one of {', '.join(SEVERITIES)}")
    return str(level)


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.align.validate]`` table, walking up from ``start``."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and _table(_read_toml(candidate), candidate, required=False) is not None:
            return candidate
    return None


def load_config(
    file: str | os.PathLike[str] | None = None,
    *,
    start: str | os.PathLike[str] | None = None,
    known_rules: Iterable[str] | None = None,
) -> ValidateConfig:
    """Settings from ``file`` (must hold ``[tool.align.validate]``), or from :func:`find_config`; defaults when none.

    ``known_rules`` (rule ids) lets a misspelled rule id fail here, naming the file and key, instead of
    silently selecting nothing.
    """
    if file is not None:
        path = Path(file)
        if not path.is_file():
            raise ConfigError(f"[A701] config file {str(path)!r} does not exist", path=str(path))
        table = _table(_read_toml(path), path, required=True)
    else:
        found = find_config(start)
        if found is None:
            return ValidateConfig(root=str(Path(start or os.getcwd()).resolve()))
        path, table = found, _table(_read_toml(found), found, required=True)
    assert table is not None  # _table(required=True) raises instead of returning None
    return _from_table(table, path, None if known_rules is None else list(known_rules))


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"[A701] {path} is not valid TOML: {exc}", path=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"[A701] cannot read config file {str(path)!r}: {exc.strerror}", path=str(path)) from None


def _table(data: dict, path: Path, *, required: bool) -> dict | None:
    node: object = data
    for key in _TABLE:
        if not isinstance(node, dict) or key not in node:
            if required:
                raise ConfigError(f"[A701] {path} has no [tool.align.validate] table", path=str(path))
            return None
        node = node[key]
    if not isinstance(node, dict):
        raise ConfigError(f"[A701] {path}: tool.align.validate must be a table", path=str(path))
    return node


def _from_table(table: dict, path: Path, known: list[str] | None) -> ValidateConfig:
    def where(key: str) -> str:
        return f"{path}: tool.align.validate.{key}"

    for key in table:
        if key not in _KEYS:
            raise ConfigError(f"[A701] {where(key)} is not a setting; known: {', '.join(_KEYS)}", path=str(path))

    def str_list(key: str) -> list[str] | None:
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"[A701] {where(key)} must be a list of strings", path=str(path))
        return value

    rules = {k: str_list(k) for k in ("select", "disable", "enable")}
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"[A701] {where('severity')} must be a table such as {{ALN104 = \"warning\"}}", path=str(path))
    severity = {str(rule): _level(level, where=where(f"severity.{rule}")) for rule, level in severity.items()}
    if known is not None:
        for key in ("select", "disable", "enable"):
            _check_selectors(rules[key] or (), known, where=where(key))
        _check_selectors(severity, known, where=where("severity"), exact=True)
        _check_not_always(rules["disable"] or (), known, where=where("disable"))
        _check_severity_always(severity, where=where("severity"))
    profile = table.get("profile", "auto")
    if profile not in PROFILES:
        raise ConfigError(f"[A701] {where('profile')}: unknown profile {profile!r}; choose one of "
                          f"{', '.join(PROFILES)}", path=str(path))
    xinclude = table.get("xinclude", True)
    if not isinstance(xinclude, bool):
        raise ConfigError(f"[A701] {where('xinclude')} must be true or false", path=str(path))
    xroot = table.get("xinclude-root")
    if xroot is not None and not isinstance(xroot, str):
        raise ConfigError(f"[A701] {where('xinclude-root')} must be a string (a folder)", path=str(path))
    jobs = table.get("jobs")
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise ConfigError(f"[A701] {where('jobs')} must be a positive integer", path=str(path))
    engine = table.get("engine", "lxml")
    if engine not in ENGINES:
        raise ConfigError(f"[A701] {where('engine')}: unknown engine {engine!r}; choose one of {', '.join(ENGINES)}", path=str(path))
    cache_dir = table.get("cache-dir")
    if cache_dir is not None and not isinstance(cache_dir, str):
        raise ConfigError(f"[A701] {where('cache-dir')} must be a string", path=str(path))
    root = path.resolve().parent
    return ValidateConfig(
        select=frozenset(rules["select"]) if rules["select"] is not None else None,
        disable=frozenset(rules["disable"] or ()),
        enable=frozenset(rules["enable"] or ()),
        severity=severity,
        engine=engine,
        exclude=tuple(str_list("exclude") or ()),
        cache_dir=str(root / cache_dir) if cache_dir else None,
        root=str(root),
        source=str(path),
        profile=profile,
        xinclude=xinclude,
        xinclude_root=str(root / xroot) if xroot else None,
        jobs=jobs,
    )

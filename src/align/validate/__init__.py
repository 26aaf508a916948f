"""Check TEI files the way an archive's CI does: safe parse, TEI schema, TEI Schematron, edition rules.

>>> from align.validate import validate_file
>>> findings = validate_file("edition.xml")                      # doctest: +SKIP
>>> [str(f) for f in findings]                                    # doctest: +SKIP
['edition.xml:12:5: error ALN106: Hangul text ...']

The pipeline stops early only when a file must not be looked at further (unreadable, not well-formed,
unsafe, not TEI); otherwise every enabled check runs and all findings come back together, sorted by
line, column and rule. A checker whose rules are all disabled is not run at all (so disabling the
schema rules skips compiling the schema). Rules and their ids: :func:`list_rules`.
"""

from __future__ import annotations

import glob
import importlib
import os
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

from .config import ConfigError, ValidateConfig
from .findings import Finding
from .report import finding_order
from .rules import RuleInfo, all_rules

__all__ = [
    "validate_file",
    "validate_tree",
    "validate_paths",
    "collect_paths",
    "list_rules",
    "Finding",
    "RuleInfo",
    "ValidateConfig",
    "ConfigError",
    "SUFFIXES",
    "default_jobs",
]

#: What a folder contributes when a folder is given.
SUFFIXES = (".xml", ".tei")


def list_rules() -> list[RuleInfo]:
    """Every rule, in pipeline order: parse, schema, Schematron, edition."""
    return all_rules()


def _sort(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=finding_order)


#: (config, checker, profile) -> (config, whether any of the checker's rules is on): asked per file
_CHECKER_ON: dict[tuple[int, str, str | None], tuple[ValidateConfig, bool]] = {}


def _checker(module: str, function: str, config: ValidateConfig, profile: str | None = None):
    """The check function of ``align.validate.<module>``, or ``None`` when all its rules are off.

    A checker missing from this checkout is skipped, as the CLI skips a missing subcommand.
    """
    key = (id(config), module, profile)
    known = _CHECKER_ON.get(key)
    if known is None or known[0] is not config:
        ids = [r.id for r in all_rules() if r.checker == module]
        known = _CHECKER_ON[key] = (config, not ids or any(config.enabled(r, profile) for r in ids))
    if not known[1]:
        return None
    try:
        mod = importlib.import_module(f"align.validate.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"align.validate.{module}":
            return None
        raise
    return getattr(mod, function)


def validate_tree(
    tree,
    *,
    path: str = "<tree>",
    config: ValidateConfig | None = None,
    source: bytes | None = None,
    profile: str | None = None,
    nodes: list | None = None,
    unresolved_includes: bool = False,
) -> list[Finding]:
    """Schema, Schematron and edition rules on a parsed tree (an lxml tree or root element).

    ``source``, the bytes the tree was parsed from, gives exact columns; without it, columns of
    edition findings are 1 and lines come from lxml. ``profile`` (``tei`` or ``edition``) overrides
    the one the config's profile gives this document. ``nodes`` and ``unresolved_includes`` come from
    following XInclude (:class:`align.validate.xinclude.Expansion`).
    """
    from .edition import check_edition
    from .positions import SourceMap
    from .profiles import document_profile

    config = config or ValidateConfig()
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    profile = profile or document_profile(config.profile, root)
    positions = SourceMap(root, source, nodes)
    findings: list[Finding] = []
    check_schema = _checker("schema", "check_schema", config, profile)
    if check_schema is not None:
        schema = check_schema(tree, path=path, engine=config.engine, cache_dir=config.cache_dir, source=source,
                              positions=positions)
        findings += _without_duplicate_ids(schema, tree) if config.enabled("ALN109", profile) else schema
    check_schematron = _checker("schematron", "check_schematron", config, profile)
    if check_schematron is not None:
        findings += check_schematron(tree, path=path)
    findings += check_edition(tree, path=path, source=source, enabled=lambda rule: config.enabled(rule, profile),
                              schema_checked=check_schema is not None, unresolved_includes=unresolved_includes,
                              positions=positions)
    return _sort(config.apply(findings, profile))


def _without_duplicate_ids(findings: list[Finding], tree) -> list[Finding]:
    """Schema findings minus those about a repeated xml:id, which ALN109 reports with both places.

    RELAX NG engines report a repeated ID as a datatype error (lxml: "invalid value 'x'; expected a
    value of type ID"; jing: "ID "x" has already been defined", "first occurrence of ID "x""), so
    they are recognised by naming an ID type and a repeated id value.
    """
    if not findings:
        return findings
    counts = Counter(tree.xpath("//@xml:id"))
    repeated = {ident for ident, n in counts.items() if n > 1}
    if not repeated:
        return findings

    def about_repeat(f: Finding) -> bool:
        return "ID" in f.message and any(f"'{i}'" in f.message or f'"{i}"' in f.message for i in repeated)

    return [f for f in findings if not about_repeat(f)]


def validate_file(path: str | os.PathLike[str], *, config: ValidateConfig | None = None) -> list[Finding]:
    """Every check on one file; never raises for a bad file (that is a finding), only for bad settings."""
    from .safeparse import parse

    config = config or ValidateConfig()
    label = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError:
        _, findings = parse(path, name=label)  # the parser reports why the file cannot be read
        return _sort(config.apply(findings))
    tree, findings = parse(data, name=label, xinclude=True)
    profile = None
    if tree is not None:
        from .profiles import document_profile
        from .xinclude import expand

        included = expand(tree, path=label, root_dir=config.xinclude_root, follow=config.xinclude)
        findings = findings + included.findings
        if included.fatal:  # an include that could not be followed: the document is incomplete
            return _sort(config.apply(findings))
        tree = included.tree or tree
        profile = document_profile(config.profile, tree.getroot())
        findings = findings + validate_tree(tree, path=label, config=config, source=data, profile=profile,
                                            nodes=included.nodes, unresolved_includes=included.unresolved)
    return _sort(config.apply(findings, profile))


def collect_paths(paths: Sequence[str], *, config: ValidateConfig | None = None) -> list[str]:
    """Files named by ``paths``: files as given, folders searched for ``*.xml``/``*.tei``, globs expanded.

    Hidden folders (``.git``) are not searched; ``exclude`` globs of ``config`` apply to every file.
    A path that names nothing raises :class:`ConfigError` (a usage problem).
    """
    config = config or ValidateConfig()
    out: list[str] = []
    for raw in paths:
        if glob.has_magic(raw) and not os.path.exists(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                raise ConfigError(f"[A703] no file matches {raw!r}", path=raw)
            for m in matches:
                out += _expand(m) if os.path.isdir(m) else [m]
        elif os.path.isdir(raw):
            out += _expand(raw)
        elif os.path.exists(raw):
            out.append(raw)
        else:
            raise ConfigError(f"[A703] no such file or folder: {raw!r}", path=raw)
    seen: set[str] = set()
    unique = []
    for p in out:
        key = os.path.normpath(p)
        if key not in seen and not config.excluded(p):
            seen.add(key)
            unique.append(p)
    return unique


def _expand(folder: str) -> list[str]:
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [os.path.join(here, f) for f in sorted(files) if f.lower().endswith(SUFFIXES)]
    return found


def validate_paths(
    paths: Sequence[str],
    *,
    config: ValidateConfig | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> dict[str, list[Finding]]:
    """Validate files, folders (recursively, ``*.xml`` and ``*.tei``) and globs.

    Returns path -> findings for every file checked (clean files map to ``[]``), in path order.
    ``progress(done, total, path)`` is called before each file (with several processes: as results
    come back, in path order). ``config.jobs`` processes share the files (``None``: one per core);
    with one job, or few files, they are checked in this process.
    """
    config = config or ValidateConfig()
    files = sorted(collect_paths(paths, config=config))
    results: dict[str, list[Finding]] = {}
    jobs = min(config.jobs or default_jobs(), len(files) // _MIN_FILES_PER_JOB or 1)
    if len(files) >= _MIN_FILES_PER_JOB:
        _prepare(files, config)
    if jobs > 1:
        checked = _in_processes(files, config, jobs)
    else:
        checked = (validate_file(path, config=config) for path in files)
    for i, (path, findings) in enumerate(zip(files, checked)):
        if progress is not None:
            progress(i, len(files), path)
        results[path] = findings
    if progress is not None and files:
        progress(len(files), len(files), "")
    return results


#: Below this many files per process, starting another process costs more than it saves.
_MIN_FILES_PER_JOB = 8


def default_jobs() -> int:
    """The cores this process may run on (``os.sched_getaffinity`` where it exists)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _prepare(files: list[str], config: ValidateConfig) -> None:
    """Work every file of a batch needs, done once (and before workers fork, so they share it): the
    checkers' modules and tables, and one schema grammar for the element names the files use."""
    check_schema = _checker("schema", "check_schema", config)
    if check_schema is not None and config.engine == "lxml":
        from .schema import prepare_batch, scan_element_names

        counts: Counter[str] = Counter()
        for path in files:
            try:
                with open(path, "rb") as fh:
                    counts.update(scan_element_names(fh.read()))
            except OSError:
                continue  # reported when the file is checked
        prepare_batch(counts, cache_dir=config.cache_dir)
    if _checker("schematron", "check_schematron", config) is not None:
        from .schematron import _compiled

        _compiled()
    from . import edition  # noqa: F401  (its regular expressions compile on import)
    from ..text.scripts import char_script

    char_script("a")  # builds the script tables the edition rules use


def _validate_batch(batch: list[str], config: ValidateConfig) -> list[list[Finding]]:
    return [validate_file(path, config=config) for path in batch]


def _in_processes(files: list[str], config: ValidateConfig, jobs: int):
    """Findings for ``files`` in order, checked by ``jobs`` worker processes.

    Files go out in contiguous batches, several per worker, so each worker's schema cache (pruned
    grammars grow to the element names seen) serves many files, while a slow batch does not hold
    the others up. Workers are forked where the platform allows it: they start in milliseconds with
    the modules already imported.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    size = max(1, min(64, -(-len(files) // (jobs * 4))))
    batches = [files[i : i + size] for i in range(0, len(files), size)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for batch_findings in pool.map(_validate_batch, batches, [config] * len(batches)):
            yield from batch_findings


# ``align.validate(path)`` is the scholar's API (``import align``): the package shares the function's
# name, so the package itself calls validate_file (align.scholar.callable_module).
def _make_callable() -> None:
    import sys

    from ..scholar import callable_module

    callable_module(sys.modules[__name__], validate_file)


_make_callable()

"""Which jobs a batch holds: input files found in folders and globs, mirrored into an output folder,
or matched into pairs (a TSV of pairs, or two folders with matching names).

A :class:`Job` is only paths: the inputs one output is made from, and that output. What is done to
them is the task given to :func:`align.batch.run_batch`, so every subcommand can reuse this module.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..errors import AlignError

__all__ = [
    "BatchError",
    "Job",
    "Found",
    "Problem",
    "collect_inputs",
    "mirror_jobs",
    "pair_jobs_from_folders",
    "pair_jobs_from_tsv",
    "is_batch_input",
    "TEXT_PATTERNS",
]

#: File names a folder contributes to ``align encode DIR`` unless ``--include`` says otherwise.
TEXT_PATTERNS = ("*.txt", "*.md")


class BatchError(AlignError):
    """A batch cannot be set up (two inputs map to one output, a bad pairs file, a busy manifest)."""


@dataclass(frozen=True)
class Job:
    """One unit of work: ``inputs`` are read, one ``output`` is written (atomically)."""

    inputs: tuple[str, ...]
    output: str


@dataclass(frozen=True)
class Found:
    """An input file and the folder its relative path (mirrored into the output folder) starts from."""

    path: str
    base: str

    @property
    def relative(self) -> str:
        return os.path.relpath(self.path, self.base)


@dataclass(frozen=True)
class Problem:
    """Something that could not even become a job (a folder that cannot be listed, an unmatched file)."""

    path: str
    message: str


def is_batch_input(paths: Sequence[str]) -> bool:
    """True when ``paths`` name more than one file: several paths, a folder, or a glob."""
    if len(paths) != 1:
        return True
    p = paths[0]
    return os.path.isdir(p) or (glob.has_magic(p) and not os.path.lexists(p))


def _matches(name: str, patterns: Sequence[str]) -> bool:
    low = name.lower()
    return any(fnmatch.fnmatchcase(low, pat.lower()) for pat in patterns)


def _glob_base(pattern: str) -> str:
    """The folder before the first wildcard: ``corpus/**/*.txt`` mirrors from ``corpus``."""
    parts = pattern.replace(os.sep, "/").split("/")
    fixed: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    if not fixed:
        return "."
    return "/".join(fixed) or "/"


def _walk(folder: str, patterns: Sequence[str], skip: set[str], problems: list[Problem]) -> list[str]:
    """Files under ``folder`` whose name matches, hidden entries skipped, in sorted order.

    Symbolic links to folders are not followed (as ``find`` does not), so a link loop cannot make the
    walk endless; links to files are kept and followed when read.
    """
    found: list[str] = []

    def failed(exc: OSError) -> None:
        problems.append(Problem(exc.filename or folder, f"[A803] cannot list this folder ({exc.strerror}); check its permissions"))

    for here, dirs, files in os.walk(folder, onerror=failed):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and os.path.abspath(os.path.join(here, d)) not in skip)
        found += [os.path.join(here, f) for f in sorted(files) if not f.startswith(".") and _matches(f, patterns)]
    return found


def collect_inputs(
    paths: Sequence[str], *, patterns: Sequence[str] = TEXT_PATTERNS, skip: Iterable[str] = ()
) -> tuple[list[Found], list[Problem]]:
    """Input files named by ``paths`` (files, folders searched recursively for ``patterns``, globs).

    ``skip`` lists folders never to enter (the output folder, when it lies inside an input folder).
    A path that names nothing is a :class:`Problem`, so the rest of the batch still runs.
    """
    skip_abs = {os.path.abspath(s) for s in skip}
    found: list[Found] = []
    problems: list[Problem] = []
    for raw in paths:
        if os.path.isdir(raw):
            found += [Found(f, raw) for f in _walk(raw, patterns, skip_abs, problems)]
        elif os.path.lexists(raw):
            found.append(Found(raw, os.path.dirname(raw) or "."))
        elif glob.has_magic(raw):
            base = _glob_base(raw)
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                problems.append(Problem(raw, "[A804] no file matches this pattern; check the pattern and quote it"))
            for m in matches:
                if os.path.isdir(m):
                    found += [Found(f, base) for f in _walk(m, patterns, skip_abs, problems)]
                elif not any(os.path.abspath(m).startswith(s + os.sep) for s in skip_abs):
                    found.append(Found(m, base))
        else:
            problems.append(Problem(raw, "[A804] no such file or folder; check the path"))
    seen: set[str] = set()
    unique = []
    for f in found:
        key = os.path.abspath(f.path)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def mirror_jobs(found: Sequence[Found], outdir: str, *, suffix: str = ".xml") -> list[Job]:
    """One job per input: ``DIR/a/b.txt`` becomes ``OUTDIR/a/b.xml``.

    Two inputs that would write the same output (``a.txt`` and ``a.md``) are refused before anything
    runs, naming both.
    """
    jobs: list[Job] = []
    owner: dict[str, str] = {}
    for f in found:
        rel = os.path.splitext(f.relative)[0] + suffix
        if rel.startswith(".." + os.sep):
            rel = os.path.basename(rel)
        out = os.path.normpath(os.path.join(outdir, rel))
        if out in owner:
            raise BatchError(
                f"[A801] {owner[out]} and {f.path} would both be written to {out}; rename one or encode them separately",
                path=f.path,
            )
        owner[out] = f.path
        jobs.append(Job((f.path,), out))
    return jobs


def _pair_key(relative: str, lang: str) -> str:
    """``doc1.ko.txt`` (side ``ko``) and ``doc1.txt`` both match on ``doc1``."""
    stem = os.path.splitext(relative)[0]
    root, ext = os.path.splitext(stem)
    if ext[1:].lower() == lang.lower():
        stem = root
    return stem.replace(os.sep, "/")


def pair_jobs_from_folders(
    src_dir: str,
    tgt_dir: str,
    outdir: str,
    *,
    src_lang: str,
    tgt_lang: str,
    suffix: str,
    patterns: Sequence[str] = TEXT_PATTERNS,
    skip: Iterable[str] = (),
) -> tuple[list[Job], list[Problem]]:
    """Pairs of files with matching relative names in two folders.

    ``ko/news/1.txt`` matches ``en/news/1.txt``; a language suffix equal to the side's language is
    ignored, so ``1.ko.txt`` matches ``1.en.txt``. A file without a counterpart is a :class:`Problem`.
    """
    problems: list[Problem] = []
    src, p1 = collect_inputs([src_dir], patterns=patterns, skip=skip)
    tgt, p2 = collect_inputs([tgt_dir], patterns=patterns, skip=skip)
    problems += p1 + p2
    src_by = {_pair_key(f.relative, src_lang): f for f in src}
    tgt_by = {_pair_key(f.relative, tgt_lang): f for f in tgt}
    jobs = []
    for key in sorted(src_by):
        if key not in tgt_by:
            problems.append(Problem(src_by[key].path, f"[A805] no file named like it in {tgt_dir}; add its translation or remove it"))
            continue
        jobs.append(Job((src_by[key].path, tgt_by[key].path), os.path.normpath(os.path.join(outdir, key + suffix))))
    for key in sorted(set(tgt_by) - set(src_by)):
        problems.append(Problem(tgt_by[key].path, f"[A805] no file named like it in {src_dir}; add its source or remove it"))
    return jobs, problems


def pair_jobs_from_tsv(tsv: str, outdir: str, *, suffix: str) -> list[Job]:
    """Pairs listed one per line in ``tsv``: ``SRC<TAB>TGT`` or ``SRC<TAB>TGT<TAB>OUT``.

    Relative paths are relative to the TSV's folder (OUT to ``outdir``); blank lines and lines
    starting with ``#`` are skipped. A bad line raises :class:`BatchError` with its line number.
    """
    try:
        with open(tsv, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        raise BatchError(f"[A806] cannot read the pairs file ({exc.strerror}); check the path", path=tsv) from None
    except UnicodeDecodeError:
        raise BatchError("[A806] the pairs file is not UTF-8; save it as UTF-8", path=tsv) from None
    here = os.path.dirname(tsv)
    jobs: list[Job] = []
    owner: dict[str, int] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) not in (2, 3) or not all(c.strip() for c in cols):
            raise BatchError("[A806] write SRC<TAB>TGT or SRC<TAB>TGT<TAB>OUT on each line", path=tsv, line=n, col=1)
        src, tgt = (os.path.normpath(os.path.join(here, c.strip())) for c in cols[:2])
        name = cols[2].strip() if len(cols) == 3 else os.path.splitext(os.path.basename(cols[0].strip()))[0] + suffix
        out = os.path.normpath(os.path.join(outdir, name))
        if out in owner:
            raise BatchError(
                f"[A806] output {out} is also written by line {owner[out]}; give this line a third column with another name",
                path=tsv,
                line=n,
                col=1,
            )
        owner[out] = n
        jobs.append(Job((src, tgt), out))
    if not jobs:
        raise BatchError("[A806] the pairs file lists no pairs", path=tsv)
    return jobs

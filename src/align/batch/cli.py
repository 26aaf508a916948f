"""Command-line glue for batch runs: shared options, the progress bar, failure lines and the summary.

The subcommands call these when they are given folders, globs, several files or a pairs list; the
work itself is :func:`align.batch.run_batch`.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Callable, Sequence

from .jobs import TEXT_PATTERNS, BatchError, Job, Problem
from .manifest import Record
from .runner import Task, default_workers, run_batch

__all__ = ["add_batch_arguments", "show_progress", "run_jobs", "progress_bar"]

MANIFEST_NAME = "manifest.jsonl"


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of processes, 1 or more (not {value!r})")
    return n


def add_batch_arguments(p: argparse.ArgumentParser, *, include: bool = True) -> None:
    g = p.add_argument_group("batch runs (folders, globs, several files)")
    g.add_argument("-j", "--jobs", type=_positive, metavar="N",
                   help=f"local processes to run at once (default: the number of cores, here {default_workers()})")
    g.add_argument("--manifest", metavar="FILE",
                   help=f"JSON Lines record of every document, for resuming (default: OUTDIR/{MANIFEST_NAME})")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster, e.g. tcp://host:8786 (needs pip install 'align[dask]' and a shared file system)")
    g.add_argument("--force", action="store_true", help="do every document again, even those the manifest has up to date")
    if include:
        g.add_argument("--include", action="append", metavar="GLOB",
                       help=f"file names to take from folders (repeatable; default: {' '.join(TEXT_PATTERNS)})")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show progress on stderr (default: when stderr is a terminal)")


def show_progress(args: argparse.Namespace) -> bool:
    choice = getattr(args, "progress", None)
    if choice is not None:
        return bool(choice)
    return bool(sys.stderr is not None and sys.stderr.isatty())


def progress_bar(total: int, *, initial: int = 0, unit: str = "doc", desc: str | None = None, **kw: Any) -> Any:
    """A tqdm bar on stderr; tqdm leaves the terminal's last line clean when it closes."""
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit=unit, desc=desc, file=sys.stderr, dynamic_ncols=True,
                leave=False, mininterval=0.2, **kw)


def run_jobs(
    args: argparse.Namespace,
    jobs: Sequence[Job],
    task: Task,
    *,
    settings: str,
    outdir: str,
    problems: Sequence[Problem] = (),
    say: Callable[[str], None] | None = None,
) -> int:
    """Run a batch for a subcommand and report it: one line per failure, a summary, the exit status."""
    manifest = args.manifest or os.path.join(outdir, MANIFEST_NAME)
    bar: Any = None
    progress = show_progress(args)

    def emit(line: str) -> None:
        if bar is not None:
            bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def on_start(total: int, to_run: int) -> None:
        nonlocal bar
        if progress:
            bar = progress_bar(total, initial=total - to_run)

    def on_record(rec: Record) -> None:
        if bar is not None:
            bar.update(1)
        if rec.status == "failed":
            emit(f"align: error: {rec.error}")

    os.makedirs(outdir, exist_ok=True)
    try:
        result = run_batch(
            jobs, task, settings=settings, manifest=manifest, workers=args.jobs, scheduler=args.scheduler,
            force=args.force, problems=problems, on_record=on_record, on_start=on_start,
        )
    finally:
        if bar is not None:
            bar.close()
    print(f"align: {result.summary()}; manifest {manifest}", file=sys.stderr)
    if result.interrupted:
        return 130
    return 1 if result.failed else 0


def require_outdir(args: argparse.Namespace, what: str) -> str:
    out = getattr(args, "output", None)
    if not out or out == "-":
        raise BatchError(f"[A807] {what} writes one file per document: give an output folder with -o OUTDIR")
    if os.path.exists(out) and not os.path.isdir(out):
        raise BatchError("[A807] -o names a file, but a batch needs an output folder; give a folder", path=out)
    return out


class StageProgress:
    """Progress of one long file on stderr: the stage it is in and the time so far (tqdm, redrawn
    twice a second by a timer so the clock moves while a stage runs)."""

    def __init__(self, label: str, stages: Sequence[str]):
        import threading

        self._stages = list(stages)
        self._bar = progress_bar(len(self._stages), unit="stage", desc=label,
                                 bar_format="{desc}: {n_fmt}/{total_fmt} stages [{elapsed}]")
        self._label = label
        self._stop = threading.Event()
        self._timer = threading.Thread(target=self._tick, daemon=True)
        self._timer.start()

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            self._bar.refresh()

    def step(self, name: str) -> None:
        if self._bar.n or self._bar.desc != self._label:
            self._bar.update(1)
        self._bar.set_description_str(f"{self._label}: {name}", refresh=True)

    def close(self) -> None:
        self._stop.set()
        self._timer.join()
        self._bar.close()

    def __enter__(self) -> "StageProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _NoProgress:
    def step(self, name: str) -> None:
        return None

    def __enter__(self) -> "_NoProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        return None


#: A file at least this large shows its stages when stderr is a terminal (smaller ones are done
#: before a bar would be worth drawing).
LONG_FILE = 1_000_000


def file_progress(args: argparse.Namespace, path: str, stages: Sequence[str]) -> Any:
    """A :class:`StageProgress` for a long single file, or a no-op (not a terminal, small, --no-progress)."""
    choice = getattr(args, "progress", None)
    if choice is False:
        return _NoProgress()
    if choice is None:
        try:
            big = os.path.getsize(path) >= LONG_FILE
        except OSError:
            big = False
        if not (big and show_progress(args)):
            return _NoProgress()
    return StageProgress(os.path.basename(path), stages)

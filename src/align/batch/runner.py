"""Run a batch: each job's inputs go through a pure task to bytes, written atomically to its output.

The same jobs run in this process (``workers=1``), in local processes (``workers=N``) or on a Dask
cluster (``scheduler=ADDRESS``); the task and the writing are the same code in each case, so the
outputs are the same bytes. A manifest makes a rerun skip what is up to date; a failed document is
recorded and the rest go on.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import time
import traceback
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterable, Iterator, Sequence

from ..errors import AlignError
from ..files import write_output
from .jobs import Job, Problem
from .manifest import Manifest, Record, sha256_bytes, sha256_file

__all__ = ["Task", "BatchResult", "run_batch", "execute", "default_workers"]

#: A task turns the input paths of one job into the bytes of its output. It must be picklable (a
#: module-level function, or an instance of a module-level class) to run in other processes.
Task = Callable[[tuple[str, ...]], bytes]


def default_workers() -> int:
    """Processes to use by default: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class BatchResult:
    """Every job's record (in job order), counts, and the wall time of the run."""

    records: list[Record] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(1 for r in self.records if r.status == status)

    @property
    def succeeded(self) -> int:
        return self.count("ok")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    def summary(self) -> str:
        """One line for the end of a run: what succeeded, failed and was skipped, and the time."""
        line = f"{self.succeeded} succeeded, {self.failed} failed, {self.skipped} skipped in {self.seconds:.1f} s"
        if self.interrupted:
            done = len(self.records)
            line += f" (interrupted; {done} finished, rerun to complete)"
        return line


def _error_text(exc: BaseException) -> tuple[str, str | None]:
    if isinstance(exc, AlignError):
        return str(exc), None
    if isinstance(exc, OSError):
        return f"{exc.filename or '?'}: {exc.strerror or exc}", None
    if isinstance(exc, MemoryError):
        return "[A809] out of memory on this document; run it alone or on a larger machine", None
    # anything else is a bug: recorded with its traceback, and the batch goes on
    return f"[A899] internal error {type(exc).__name__}: {exc} (please report it)", "".join(traceback.format_exception(exc))


def execute(job: Job, task: Task, settings: str = "") -> Record:
    """Run one job where it stands (this process, a pool worker or a Dask worker) and say how it went.

    Inputs are hashed before the task reads them: if a file changes meanwhile, the recorded hash is
    the old one and the next run does the document again, never the other way round.
    """
    start = time.perf_counter()
    inputs: list[dict[str, str | None]] = [{"path": p, "sha256": None} for p in job.inputs]
    try:
        for item in inputs:
            item["sha256"] = sha256_file(str(item["path"]))
    except OSError:
        pass  # the task reads the file and says what is wrong with it, with the project's wording
    try:
        data = task(job.inputs)
        folder = os.path.dirname(job.output)
        if folder:
            os.makedirs(folder, exist_ok=True)
        write_output(job.output, data)
    except Exception as exc:
        error, detail = _error_text(exc)
        return Record(job.output, inputs, "failed", error=error, settings=settings,
                      seconds=round(time.perf_counter() - start, 3), detail=detail)
    return Record(job.output, inputs, "ok", output_sha256=sha256_bytes(data), settings=settings,
                  seconds=round(time.perf_counter() - start, 3))


def _up_to_date(job: Job, rec: Record, book: Manifest, settings: str) -> bool:
    """The record says this job was done with these settings, and inputs and output are unchanged."""
    if rec.status != "ok" or rec.settings != settings or rec.output_sha256 is None:
        return False
    if [i.get("path") for i in rec.inputs] != [book.key(p) for p in job.inputs] or not os.path.isfile(job.output):
        return False
    try:
        if any(sha256_file(p) != i.get("sha256") for p, i in zip(job.inputs, rec.inputs)):
            return False
        return sha256_file(job.output) == rec.output_sha256
    except OSError:
        return False


_TEMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")


def _remove_stale_temps(jobs: Sequence[Job]) -> None:
    """Delete temporary files a killed run left beside the outputs it was writing (never outputs)."""
    by_dir: dict[str, set[str]] = {}
    for j in jobs:
        by_dir.setdefault(os.path.dirname(j.output) or ".", set()).add(os.path.basename(j.output))
    for folder, names in by_dir.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            m = _TEMP.match(e.name)
            if m and m.group("name") in names:
                try:
                    os.unlink(e.path)
                except OSError:
                    pass


def _ignore_sigint() -> None:
    # Ctrl-C goes to the whole process group: the parent alone decides what stops, so a worker never
    # prints a traceback of its own. The worker was born with SIGINT blocked (see _run_local), so a
    # Ctrl-C that came while it started up is pending, and is dropped once ignored and unblocked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _run_local(jobs: Sequence[Job], task: Task, settings: str, workers: int) -> Iterator[Record]:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield execute(job, task, settings)
        return
    methods = multiprocessing.get_all_start_methods()
    # a fresh interpreter per worker: no lock, thread or open file of the parent is inherited
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    chunk = max(1, min(32, len(jobs) // (workers * 8)))  # many tiny files: fewer round trips
    # SIGINT is blocked while the workers (and the fork server) are made: the signal mask is
    # inherited, so a Ctrl-C before a worker's initializer has run cannot raise inside it; the parent
    # receives it as soon as the mask is lifted.
    # The resource tracker is started first: starting it unblocks SIGINT again (multiprocessing
    # blocks and then unblocks it around the tracker's birth), which would undo the mask here.
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pool = ctx.Pool(min(workers, len(jobs)), initializer=_ignore_sigint)
    except BaseException:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        raise
    try:
        if blocked:  # a Ctrl-C pending since the pool's birth raises here, where the pool is ended
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        yield from pool.imap_unordered(partial(execute, task=task, settings=settings), jobs, chunksize=chunk)
        pool.close()
    except BaseException:
        pool.terminate()  # a worker stopped mid-write leaves only a temporary file, removed next run
        raise
    finally:
        pool.join()


def run_batch(
    jobs: Sequence[Job],
    task: Task,
    *,
    settings: str = "",
    manifest: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    scheduler: str | object | None = None,
    force: bool = False,
    problems: Iterable[Problem] = (),
    on_record: Callable[[Record], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
) -> BatchResult:
    """Run ``task`` over ``jobs`` and return every job's record.

    ``settings`` is a signature of everything besides the inputs that shapes the output (the tool's
    version, options, metadata): with a ``manifest``, a job is skipped when its record has the same
    settings and input hashes and the output is present with its recorded hash (``force`` does it
    anyway). ``problems`` (inputs that could not become jobs) are reported as failed records.
    ``on_start(total, to_run)`` is called once the skips are known, ``on_record`` as each job ends.
    A Ctrl-C stops the run cleanly: what finished is kept and recorded, ``interrupted`` is set.
    """
    start = time.perf_counter()
    result = BatchResult()
    seen: dict[str, Record] = {}

    def report(rec: Record) -> None:
        seen[rec.output] = rec
        if on_record is not None:
            on_record(rec)

    book = Manifest(manifest) if manifest is not None else None
    ctx = book if book is not None else _NoManifest()
    with ctx:
        to_run: list[Job] = []
        for p in problems:
            rec = Record(p.path, [{"path": p.path, "sha256": None}], "failed", error=f"{p.path}: {p.message}", settings=settings)
            result.records.append(rec)
        for job in jobs:
            old = book.records.get(book.key(job.output)) if book is not None else None
            if not force and book is not None and old is not None and _up_to_date(job, old, book, settings):
                seen[job.output] = Record(job.output, old.inputs, "skipped", output_sha256=old.output_sha256, settings=settings)
            else:
                to_run.append(job)
        if on_start is not None:
            on_start(len(jobs) + len(result.records), len(to_run))
        for rec in result.records:
            if on_record is not None:
                on_record(rec)
        _remove_stale_temps(to_run)
        if scheduler is not None:
            from .distributed import run_on_dask

            stream: Iterator[Record] = run_on_dask(to_run, task, settings, scheduler)
        else:
            stream = _run_local(to_run, task, settings, workers or default_workers())
        try:
            for rec in stream:
                if book is not None:
                    book.append(_relative(rec, book))
                report(rec)
        except KeyboardInterrupt:
            result.interrupted = True
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
    result.records += [seen[j.output] for j in jobs if j.output in seen]
    result.seconds = time.perf_counter() - start
    return result


def _relative(rec: Record, book: Manifest) -> Record:
    return Record(
        book.key(rec.output),
        [{"path": book.key(str(i.get("path"))), "sha256": i.get("sha256")} for i in rec.inputs],
        rec.status,
        rec.error,
        rec.output_sha256,
        rec.settings,
        rec.seconds,
        rec.detail,
    )


class _NoManifest:
    records: dict[str, Record] = {}

    def __enter__(self) -> "_NoManifest":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

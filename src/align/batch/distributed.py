"""The Dask backend: the same jobs and the same :func:`~align.batch.runner.execute` on a cluster.

Dask is an optional dependency (``pip install 'align[dask]'``), imported only here, on first use.
Workers read the inputs and write the outputs themselves, so every worker must see the same files
at the same absolute paths (a shared file system); only the small records travel back.
"""

from __future__ import annotations

import os
from typing import Any, Iterator, Sequence

from .jobs import BatchError, Job
from .manifest import Record
from .runner import Task, execute

__all__ = ["run_on_dask", "INSTALL_HINT"]

INSTALL_HINT = "pip install 'align[dask]'"


def _client(scheduler: Any) -> tuple[Any, bool]:
    try:
        from dask.distributed import Client
    except ImportError:
        raise BatchError(f"[A810] --scheduler runs the batch on Dask, which is not installed; {INSTALL_HINT}") from None
    if isinstance(scheduler, Client):
        return scheduler, False
    try:
        return Client(scheduler, timeout="15s", set_as_default=False), True
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchError(
            f"[A811] cannot reach the Dask scheduler at {scheduler!r} ({exc}); start one with 'dask scheduler' "
            "and give the address it prints (tcp://HOST:8786)"
        ) from None


def _as_given(rec: Record, job: Job) -> Record:
    """The record with the job's paths as the caller gave them (workers were sent absolute ones)."""
    inputs = [{"path": p, "sha256": i.get("sha256")} for p, i in zip(job.inputs, rec.inputs)]
    return Record(job.output, inputs, rec.status, rec.error, rec.output_sha256, rec.settings, rec.seconds, rec.detail)


def _settings_on_worker(task: Task) -> str:
    from .. import __version__

    sign = getattr(task, "signature", None)
    return f"{sign() if callable(sign) else ''}|align:{__version__}"


def _check_workers(client: Any, task: Task, settings: str) -> None:
    """Every worker must make the same bytes as this machine: same align, same Unicode data, same
    settings signature. A worker that differs is named before anything runs."""
    from .. import __version__

    sign = getattr(task, "signature", None)
    here = f"{sign() if callable(sign) else ''}|align:{__version__}"
    try:
        there = client.run(_settings_on_worker, task)
    except Exception as exc:
        raise BatchError(
            f"[A813] a Dask worker cannot run align's tasks ({type(exc).__name__}: {exc}); install the same "
            f"align on every worker ({INSTALL_HINT})"
        ) from None
    for worker, theirs in sorted(there.items()):
        if theirs != here:
            raise BatchError(
                f"[A813] Dask worker {worker} would not give the same output: it signs {theirs!r}, this machine "
                f"{here!r}; install the same align and libraries on every worker"
            )


def _execute_group(jobs: list[Job], task: Task, settings: str) -> list[Record]:
    return [execute(j, task, settings) for j in jobs]


def run_on_dask(jobs: Sequence[Job], task: Task, settings: str, scheduler: Any) -> Iterator[Record]:
    """Records of ``jobs`` run on the cluster at ``scheduler`` (an address, or a ``Client``), as they end."""
    if not jobs:
        return
    client, own = _client(scheduler)
    from dask.distributed import as_completed

    try:
        _check_workers(client, task, settings)
    except BaseException:
        if own:
            client.close()
        raise

    sent = [Job(tuple(os.path.abspath(p) for p in j.inputs), os.path.abspath(j.output)) for j in jobs]
    # many small documents go in groups, so the scheduler's cost per task does not dominate
    threads = max(1, sum(client.nthreads().values()))
    size = max(1, min(32, len(jobs) // (threads * 8)))
    groups = [list(range(i, min(i + size, len(jobs)))) for i in range(0, len(jobs), size)]
    futures = client.map(_execute_group, [[sent[i] for i in g] for g in groups], task=task, settings=settings, pure=False)
    group_of = {f.key: g for f, g in zip(futures, groups)}
    try:
        for fut in as_completed(futures, loop=client.loop):
            group = group_of[fut.key]
            try:
                recs = fut.result()
            except Exception as exc:  # the worker died or was lost: its documents failed, the rest go on
                for i in group:
                    job = jobs[i]
                    yield Record(job.output, [{"path": p, "sha256": None} for p in job.inputs], "failed",
                                 error=f"{job.inputs[0]}: [A812] the Dask worker running this document failed "
                                 f"({type(exc).__name__}: {exc}); rerun to try it again", settings=settings)
                continue
            for i, rec in zip(group, recs):
                yield _as_given(rec, jobs[i])
    finally:
        client.cancel([f for f in futures if not f.done()])
        if own:
            client.close()

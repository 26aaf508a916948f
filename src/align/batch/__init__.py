"""Batch runs over many documents: jobs, a resumable manifest, local processes or a Dask cluster.

A job is input path(s) → one output path; a task is a pure, picklable function from the input paths
to the output's bytes. :func:`run_batch` runs any task over any jobs, so every subcommand (encode,
pair, and whatever comes next) shares the same skipping, recording, atomic writing and backends::

    from align.batch import EncodeTask, collect_inputs, mirror_jobs, run_batch

    found, problems = collect_inputs(["corpus/"])
    task = EncodeTask()
    result = run_batch(mirror_jobs(found, "tei/"), task, settings=task.signature(),
                       manifest="tei/manifest.jsonl", problems=problems)
    print(result.summary())
"""

from __future__ import annotations

from .jobs import (
    TEXT_PATTERNS,
    BatchError,
    Found,
    Job,
    Problem,
    collect_inputs,
    is_batch_input,
    mirror_jobs,
    pair_jobs_from_folders,
    pair_jobs_from_tsv,
)
from .manifest import Manifest, Record, sha256_file
from .runner import BatchResult, Task, default_workers, execute, run_batch
from .tasks import EncodeTask, PairTask

__all__ = [
    "BatchError",
    "BatchResult",
    "EncodeTask",
    "Found",
    "Job",
    "Manifest",
    "PairTask",
    "Problem",
    "Record",
    "Task",
    "TEXT_PATTERNS",
    "collect_inputs",
    "default_workers",
    "execute",
    "is_batch_input",
    "mirror_jobs",
    "pair_jobs_from_folders",
    "pair_jobs_from_tsv",
    "run_batch",
    "sha256_file",
]

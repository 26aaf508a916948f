"""Batch runs over many small files: what the runner costs beside the encoding itself.

    python scripts/bench_batch.py [--files 10000] [--jobs 1,2] [--scheduler tcp://HOST:8786]

Writes N small mixed English/Korean files into a temporary folder and prints, for each setting, the
wall time of a whole ``align encode DIR -o OUT`` process (start-up, collecting, encoding, writing,
manifest), documents per second, and the rerun that skips everything. The first line is the peer
that sets the floor: the same documents encoded in one loop in this process, nothing written.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_corpus(root: Path, n: int) -> list[str]:
    files = []
    for i in range(n):
        folder = root / f"f{i // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        p = folder / f"{i % 500:03d}.txt"
        p.write_text(f"Note {i}, written in {1950 + i % 70}.\n\n짧은 메모 {i}번입니다. (Kim {i})\n", encoding="utf-8")
        files.append(str(p))
    return files


def run(argv: list[str]) -> float:
    start = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "align", *argv], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if r.returncode != 0:
        raise SystemExit(f"align {' '.join(argv)} failed: {r.stderr.strip().splitlines()[-1:]}")
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--jobs", default="1,2", help="comma-separated process counts")
    ap.add_argument("--scheduler", help="also run on this Dask scheduler (workers must see the temporary folder)")
    args = ap.parse_args()
    from align.batch import EncodeTask

    with tempfile.TemporaryDirectory(prefix="align-bench-batch-") as tmp:
        root = Path(tmp)
        files = make_corpus(root / "in", args.files)
        task = EncodeTask()
        start = time.perf_counter()
        for f in files:
            task((f,))
        loop = time.perf_counter() - start
        print(f"{args.files} files, {os.cpu_count()} cores")
        print(f"{'setting':<34} {'seconds':>8} {'docs/s':>8}")
        print(f"{'in-process loop, no output':<34} {loop:8.1f} {args.files / loop:8.0f}")
        settings = [(f"align encode -j {j}", ["-j", j]) for j in args.jobs.split(",")]
        if args.scheduler:
            settings.append((f"align encode --scheduler", ["--scheduler", args.scheduler]))
        for name, extra in settings:
            out = root / f"out{len(name)}{extra[-1].replace('/', '_').replace(':', '_')}"
            first = run(["encode", str(root / "in"), "-o", str(out), "--no-progress", *extra])
            again = run(["encode", str(root / "in"), "-o", str(out), "--no-progress", *extra])
            print(f"{name:<34} {first:8.1f} {args.files / first:8.0f}")
            print(f"{name + ', rerun (all skipped)':<34} {again:8.1f} {args.files / again:8.0f}")


if __name__ == "__main__":
    main()

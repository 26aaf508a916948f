"""Speed and peak memory of script segmentation over a whole book, repeated.

    python scripts/bench_scripts.py [PATH] [--repeat 100] [--rounds 3]

PATH defaults to the bundled corpus. Time is the best of ``--rounds`` runs without tracing; peak
memory is measured in a separate traced run, since tracemalloc slows Python down several times.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

from align.resources import bundled_corpus_path
from align.text.scripts import UNICODE_VERSIONS, _tables, script_counts, script_runs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", type=Path, default=bundled_corpus_path())
    ap.add_argument("--repeat", type=int, default=100, help="copies of the text to join (default 100)")
    ap.add_argument("--rounds", type=int, default=3, help="timed runs; the best is reported (default 3)")
    args = ap.parse_args(argv)
    if not args.path.is_file():
        print(f"bench_scripts: no such file: {args.path}", file=sys.stderr)
        return 2
    text = args.path.read_text(encoding="utf-8") * args.repeat

    t0 = time.perf_counter()
    _tables()
    setup = time.perf_counter() - t0

    def best(fn) -> float:
        times = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            fn(text)
            times.append(time.perf_counter() - t)
        return min(times)

    t_runs = best(script_runs)
    t_counts = best(script_counts)
    runs = script_runs(text)

    tracemalloc.start()
    script_runs(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    n = len(text)
    print(f"text            {args.path.name} x{args.repeat}: {n:,} characters, {len(runs):,} runs")
    print(f"unicode         {dict(UNICODE_VERSIONS)}")
    print(f"tables          {setup * 1000:.0f} ms once per process")
    print(f"script_runs     {n / t_runs:,.0f} chars/s ({t_runs:.3f} s)")
    print(f"script_counts   {n / t_counts:,.0f} chars/s ({t_counts:.3f} s)")
    print(f"peak memory     {peak / 2**20:.1f} MiB traced during script_runs (text itself: {sys.getsizeof(text) / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

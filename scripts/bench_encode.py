"""Speed and memory of `align encode` as the input grows: is it linear?

    python scripts/bench_encode.py [--sizes 1 4 16 64]

The input is the bundled book repeated N times (blank lines between copies), so structure, scripts
and sentences scale together. Prints characters per second (untraced run) and peak Python memory (a second, traced run).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from align.pipeline import encode_document
from align.text.read import read_text
from align.resources import bundled_corpus_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16, 64])
    args = ap.parse_args()
    book = bundled_corpus_path().read_text(encoding="utf-8")
    print(f"{'copies':>6} {'chars':>11} {'seconds':>8} {'chars/s':>11} {'peak MiB':>9} {'out MiB':>8}")
    for n in args.sizes:
        text = "\n\n".join([book] * n)
        doc = read_text(text)
        t0 = time.perf_counter()
        data = encode_document(doc)
        dt = time.perf_counter() - t0
        tracemalloc.start()  # a second run for memory: tracing slows Python down several times
        encode_document(doc)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"{n:>6} {len(text):>11,} {dt:>8.2f} {len(text) / dt:>11,.0f} {peak:>9.1f} {len(data) / 2**20:>8.2f}")


if __name__ == "__main__":
    main()

"""align annotate on growing TEI files: the time per character should stay flat.

    python scripts/bench_annotate.py

Encodes the bundled book repeated 1, 2, 4 and 8 times, then times the annotation of each TEI (best of
two) and prints the mentions placed and the time per 100,000 characters of text.
"""

from __future__ import annotations

import time

from align.annotate import annotate_tei, parse_tei
from align.pipeline import encode_document
from align.resources import bundled_corpus_path
from align.text.read import read_text


def main() -> None:
    book = bundled_corpus_path().read_text(encoding="utf-8")
    print(f"{'copies':>6} {'chars':>9} {'placed':>7} {'seconds':>8} {'s/100k chars':>13}")
    for n in (1, 2, 4, 8):
        text = "\n\n".join([book] * n)
        data = encode_document(read_text(text))
        best, placed = float("inf"), 0
        for _ in range(2):
            root = parse_tei(data)
            t = time.perf_counter()
            report = annotate_tei(root)
            best = min(best, time.perf_counter() - t)
            placed = sum(report.placed.values())
        print(f"{n:6} {len(text):9,} {placed:7,} {best:8.2f} {best / (len(text) / 100_000):13.3f}")


if __name__ == "__main__":
    main()

"""Speed of the romanization matching keys over the Hangul words of a text.

    python scripts/bench_romanize.py [PATH ...] [--rounds 3]

PATH defaults to the bundled corpus; the Korean side of a parallel corpus (one sentence a line) is a
better load. Reports the cost of :func:`align.text.romanize.match_keys` for each distinct word with the
caches cleared (the first time a word is seen), the cost of a cached look-up (every later time), the
number of keys per word, and the speed of the three romanizers on the whole text.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import regex

from align.text import romanize as r
from align.resources import bundled_corpus_path

_WORD = regex.compile(r"\p{Hangul}+")


def _clear() -> None:
    for fn in (r.match_keys, r._word_keys, r.latin_key):
        fn.cache_clear()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[bundled_corpus_path()])
    ap.add_argument("--rounds", type=int, default=3, help="timed runs; the best is reported (default 3)")
    args = ap.parse_args(argv)
    missing = [p for p in args.paths if not p.is_file()]
    if missing:
        print(f"bench_romanize: no such file: {missing[0]}", file=sys.stderr)
        return 2
    text = "\n".join(p.read_text(encoding="utf-8") for p in args.paths)
    tokens = _WORD.findall(text)
    distinct = list(dict.fromkeys(tokens))

    def best(fn) -> float:
        times = []
        for _ in range(args.rounds):
            _clear()
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times)

    t_cold = best(lambda: [r.match_keys(w) for w in distinct])
    t_all = best(lambda: [r.match_keys(w) for w in tokens])
    t_warm = time.perf_counter()
    for w in tokens:
        r.match_keys(w)
    t_warm = time.perf_counter() - t_warm
    sizes = [len(r.match_keys(w)) for w in distinct]
    print(f"text            {', '.join(p.name for p in args.paths)}: {len(tokens):,} Hangul words, {len(distinct):,} distinct")
    print(f"match_keys      {t_cold / len(distinct) * 1e6:,.1f} us per distinct word, uncached ({t_cold:.3f} s)")
    print(f"                {t_all:.3f} s for all words from empty caches; {t_warm / len(tokens) * 1e6:.2f} us per cached call")
    print(f"keys per word   mean {statistics.mean(sizes):.1f}, max {max(sizes)}")
    hangul = "\n".join(tokens)
    for name, fn in r.SYSTEMS.items():
        t = best(lambda fn=fn: fn(hangul))
        print(f"{name:<15} {len(hangul) / t:,.0f} chars/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

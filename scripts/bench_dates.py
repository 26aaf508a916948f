"""find_dates on growing texts: the time per character should stay flat (the search is linear).

    python scripts/bench_dates.py

Prints, for texts of 1x..16x a block of mixed English and Korean prose dense with dates and ranges,
the number of dates found, the best of three times and the time per 1,000 characters.
"""

from __future__ import annotations

import time

from align.text.dates import find_dates

BLOCK = (
    "The war (June 1950-July 1953) ended; on October 17, 1926 the union was formed, and from June 13 to "
    "June 15, 2000 the leaders met. 2000년 6월 13일부터 6월 15일까지 평양에서 만났다. 올해 8.15에 즈음하여, "
    "Juche 109(2020), in 1957-1961 and 1945년 8월 15일. "
)


def main() -> None:
    print(f"{'chars':>9} {'dates':>7} {'seconds':>9} {'ms/1k chars':>12}")
    for n in (250, 1000, 4000, 16000):
        text = BLOCK * n
        best = min(_timed(text) for _ in range(3))
        print(f"{len(text):9,} {len(find_dates(text)):7,} {best:9.3f} {1000 * best / (len(text) / 1000):12.4f}")


def _timed(text: str) -> float:
    t = time.perf_counter()
    find_dates(text)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()

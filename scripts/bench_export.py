#!/usr/bin/env python3
"""Benchmark the exports and the view on generated aligned pairs of growing size.

    python scripts/bench_export.py [--sizes 1000,5000,20000] [--browser]

For each size N: a Korean and an English document of N sentences each (paragraphs of five,
sentences of 4-26 words, every 97th bead a 1-0 and every 89th a 0-1) are written as TEI by
``encode_parallel`` (what ``align pair --format tei`` writes), then timed in one process: reading it
back (``parse_aligned``), and each writer (TMX, XCES, TSV, HTML view), with output sizes. With
``--browser``, the page is also opened in the system's Chromium (/usr/bin/chromium via playwright):
time to load, to the first click's highlight (which measures every sentence's position once), and
to 20 synchronised scroll steps. Prints one table; numbers vary with the machine.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from align import Alignment, Bead, Document, Layer, Span
from align.export import parse_aligned, to_tmx, to_tsv, to_xces
from align.export.view import to_html
from align.tei.parallel import encode_parallel

BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]  # fmt: skip


def _doc(lang: str, n: int, words: list[str], rnd: random.Random) -> Document:
    parts, spans, pos = [], [], 0
    for i in range(n):
        s = " ".join(rnd.choice(words) for _ in range(rnd.randint(4, 26))) + f" {i}."
        spans.append(Span(pos, pos + len(s), lang))
        parts.append(s)
        pos += len(s)
        sep = "\n\n" if i % 5 == 4 else " "
        parts.append(sep)
        pos += len(sep)
    return Document("".join(parts), id=lang, meta={"lang": lang}).with_layer(Layer("sentence", tuple(spans)))


def _pair_tei(n: int) -> bytes:
    rnd = random.Random(n)
    ko = _doc("ko", n, ["평화", "통일을", "위하여", "양측은", "협력한다", "민족", "경제를", "발전시키고"], rnd)
    en = _doc("en", n, ["peace", "reunification", "the", "Parties", "shall", "cooperate", "nation", "economy"], rnd)
    beads, i, j = [], 0, 0
    while i < n or j < n:
        if i < n and (j >= n or i % 97 == 96):
            beads.append(Bead((i,), ()))
            i += 1
        elif j < n and (i >= n or j % 89 == 88):
            beads.append(Bead((), (j,)))
            j += 1
        else:
            beads.append(Bead((i,), (j,)))
            i, j = i + 1, j + 1
    return encode_parallel(ko, en, Alignment("ko", "en", tuple(beads)))


def _timed(f):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t


def _browser(page: Path) -> tuple[float, float, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=BROWSER_ARGS)
        pg = b.new_page(viewport={"width": 1280, "height": 760})
        _, load = _timed(lambda: pg.goto(page.as_uri()))
        t = time.perf_counter()
        pg.click('.pane-src [data-i="0"]')
        pg.wait_for_selector('.pane-tgt .hit')
        click = time.perf_counter() - t
        t = time.perf_counter()
        for _ in range(20):
            pg.eval_on_selector('.scroll[data-side="src"]', "p => p.scrollTop += 400")
            pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        scroll = time.perf_counter() - t
        b.close()
    return load, click, scroll


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--browser", action="store_true", help="also time the page in /usr/bin/chromium")
    args = ap.parse_args()
    head = "| sentences a side | TEI MB | read s | TMX s (MB) | XCES s | TSV s | view s (MB) |"
    if args.browser:
        head += " page load s | first click s | 20 scroll steps s |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            tei = _pair_tei(n)
            pair, read = _timed(lambda: parse_aligned(tei, name="bench.xml"))
            tmx, t_tmx = _timed(lambda: to_tmx(pair))
            _, t_xces = _timed(lambda: to_xces(pair))
            _, t_tsv = _timed(lambda: to_tsv(pair))
            page, t_view = _timed(lambda: to_html(pair))
            row = (f"| {n} | {len(tei) / 1e6:.1f} | {read:.2f} | {t_tmx:.2f} ({len(tmx.data) / 1e6:.1f}) | {t_xces:.2f} "
                   f"| {t_tsv:.2f} | {t_view:.2f} ({len(page.data) / 1e6:.1f}) |")  # fmt: skip
            if args.browser:
                path = Path(tmp) / f"view-{n}.html"
                path.write_bytes(page.data)
                load, click, scroll = _browser(path)
                row += f" {load:.2f} | {click:.2f} | {scroll:.2f} |"
            print(row, flush=True)


if __name__ == "__main__":
    main()

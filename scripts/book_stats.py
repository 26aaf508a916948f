"""Counts for the bundled edition and the time `align build` takes: the numbers in the closing note.

    python scripts/book_stats.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter

from lxml import etree

from align.tei.book import build_book
from align.text.read import read
from align.resources import bundled_corpus_path
from align.text.scripts import script_counts

T = "{http://www.tei-c.org/ns/1.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(el) -> str:
    while el is not None:
        if el.get(XML_LANG):
            return el.get(XML_LANG)
        el = el.getparent()
    return "und"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        data = build_book()
        times.append(time.perf_counter() - t0)
    root = etree.fromstring(data)
    text = root.find(T + "text")
    count = lambda xp: len(text.xpath(xp, namespaces={"t": T[1:-1]}))  # noqa: E731
    print(f"build_book(): median {statistics.median(times):.3f} s over {args.repeat} runs (min {min(times):.3f} s); {len(data):,} bytes")
    chapters, sections = count(".//t:div[@type='chapter']"), count(".//t:div[@type='section']")
    print(f"chapters: {chapters}, sections: {sections}")
    print(f"paragraphs: {count('.//t:p[not(ancestor::t:div[@resp])]')} (in quotations: {count('.//t:quote/t:p')})")
    print(f"figures: {count('.//t:figure')}, captions: {count('.//t:figure/t:head')}, figures with Korean text: {count('.//t:figure[t:ab]')}")
    italic = count(".//t:title[@rend='italic']")
    print(f"quotations with attribution: {count('.//t:cit')}, titles of works: {italic}, dates: {count('.//t:date')}")
    sents = Counter(_lang(s) for s in text.iter(T + "s") if not s.xpath("ancestor::*[@resp]"))
    print("sentences per language (source text):", dict(sents))
    print("sentences in the translation:", count('.//t:div[@resp]//t:s'))
    links = root.findall(f".//{T}linkGrp[@type='alignment']/{T}link")
    print("alignment beads:", dict(Counter(l.get("type") for l in links)))
    src = read(bundled_corpus_path()).text
    print("characters per script (source):", dict(sorted(script_counts(src).items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main()

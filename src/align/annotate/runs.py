"""The ``foreign`` component: runs of another language inside a block, as a ``foreign`` layer.

A run is a piece of a script run whose language differs from the language of the block it sits in.
The span covers the *letters* of the run: brackets, quotes, commas, digits and spaces at its edges
belong to the sentence around it, and a bracket or quote whose partner lies outside the run is never
inside it (the run is cut there instead), so ``(명심하는, printed for`` gives ``명심하는`` and a lone
``)`` gives nothing. Runs never cross a sentence or an emphasis boundary, so they always nest.

:func:`foreign_pieces` is the same rule for any string; the TEI header uses it for its own prose.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from typing import Callable, Iterator

import regex

from ..components import component
from ..model import Document, Layer, Span

__all__ = ["FOREIGN", "foreign_layer", "letter_pieces", "foreign_pieces"]

# first letter to last letter or combining mark
_LETTERS = regex.compile(r"\p{L}(?:.*[\p{L}\p{M}])?", regex.DOTALL)
_SYMMETRIC_QUOTES = frozenset("\"'\uff02")


def _pairs(text: str, a: int, z: int) -> tuple[dict[int, int], list[int]]:
    """Brackets and quotes of ``text[a:z]``: each paired one with its partner's position, and the
    positions of those whose partner is not in the range.

    Opening punctuation (Ps, Pi) is closed by the nearest closing punctuation of the matching class
    (Pe, Pf); a straight quote closes the previous one. An apostrophe inside a word is not a quote."""
    stack: list[tuple[int, str]] = []
    partner: dict[int, int] = {}
    bad: list[int] = []

    def close(i: int) -> None:
        j, _ = stack.pop()
        partner[i], partner[j] = j, i

    for i in range(a, z):
        ch = text[i]
        if ch in _SYMMETRIC_QUOTES:
            if ch == "'" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha():
                continue  # an apostrophe (Kim's, l'eau)
            if stack and stack[-1][1] == ch:
                close(i)
            else:
                stack.append((i, ch))
            continue
        cat = unicodedata.category(ch)
        if cat in ("Ps", "Pi"):
            stack.append((i, cat))
        elif cat in ("Pe", "Pf"):
            want = "Ps" if cat == "Pe" else "Pi"
            if stack and stack[-1][1] == want:
                close(i)
            elif cat == "Pf" and ch == "\u2019":
                continue  # ’ is mostly an apostrophe
            else:
                bad.append(i)
    bad.extend(i for i, _ in stack)
    return partner, sorted(bad)


def letter_pieces(text: str, a: int, z: int) -> Iterator[tuple[int, int]]:
    """The parts of ``text[a:z]`` that a ``foreign`` element may cover: from a letter to a letter (or
    mark), cut at every bracket or quote whose partner lies outside, and widened over the partner of
    a bracket it opens or closes (``조선(朝鮮)`` keeps its closing bracket)."""
    partner, unpaired = _pairs(text, a, z)
    if unpaired:  # cut there, and pair again inside each part: a pair around a cut is no pair
        points = [a - 1, *unpaired, z]
        for x, y in zip(points, points[1:]):
            if x + 1 < y:
                yield from letter_pieces(text, x + 1, y)
        return
    m = _LETTERS.search(text, a, z)
    if not m:
        return
    p, q = m.span()
    changed = True
    while changed:
        changed = False
        for k in range(p, q):
            j = partner.get(k)
            if j is not None and not p <= j < q:
                p, q, changed = min(p, j), max(q, j + 1), True
    yield p, q


def foreign_layer(doc: Document) -> Layer:
    """Layer ``foreign``: label and ``attrs['lang']`` give the run's language."""
    text = doc.text
    blocks = list(doc.layer("block"))
    block_starts = [b.start for b in blocks]
    # pieces never cross a sentence or an emphasis (marker or content) boundary
    cuts_set = {p for s in doc.layers.get("sentence", ()) for p in (s.start, s.end)}
    for m in doc.layers.get("markup", ()):
        n = len(m.attrs.get("marker", ""))
        cuts_set.update((m.start, m.start + n, m.end - n, m.end))
    cuts = sorted(cuts_set)
    main = doc.meta.get("lang", "und")
    spans: list[Span] = []
    for r in doc.layer("script"):
        lang = r.attrs.get("lang")
        if not lang:
            continue
        i = max(0, bisect_right(block_starts, r.start) - 1)
        while i < len(blocks) and blocks[i].start < r.end:
            b = blocks[i]
            i += 1
            if b.end <= r.start or b.attrs.get("lang", main) == lang:
                continue
            lo, hi = max(r.start, b.start), min(r.end, b.end)
            points = [lo, *cuts[bisect_right(cuts, lo) : bisect_left(cuts, hi)], hi]
            for x, y in zip(points, points[1:]):
                spans.extend(Span(p, q, lang, {"lang": lang}) for p, q in letter_pieces(text, x, y))
    spans.sort(key=lambda s: (s.start, -s.end))
    return Layer("foreign", tuple(spans), producer="align.annotate.runs")


@component("foreign", requires=("block", "script"), assigns=("foreign",), version="2")
def FOREIGN(doc: Document) -> Document:
    """Runs in another language than their block (Korean words in English prose), letters only."""
    return doc.with_layer(foreign_layer(doc), replace_existing=True)


def foreign_pieces(text: str, lang: str, lang_of: Callable[[str], str | None]) -> list[tuple[int, int, str]]:
    """``(start, end, language)`` of the runs of ``text`` in a language other than ``lang``, by the
    same rule as the layer (``lang_of`` maps a script code to a language)."""
    from ..text.scripts import script_runs

    out: list[tuple[int, int, str]] = []
    for run in script_runs(text):
        run_lang = lang_of(run.script)
        if run_lang and run_lang != lang:
            out.extend((p, q, run_lang) for p, q in letter_pieces(text, run.start, run.end))
    return out

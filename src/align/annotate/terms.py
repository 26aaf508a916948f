"""Romanized Korean terms in English text (``Juche``, ``Songun``, ``Chollima``), from ``terms.tsv``.

A listed spelling matches as a whole word or as the first part of a hyphenated compound
(``Juche-oriented``); a lower-case first letter is accepted (``juche``). Each match carries the
term's id, so the TEI can point it at its entry with the Hangul form.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import regex

from .gazetteer import Gazetteer, Term

__all__ = ["find_terms"]


@lru_cache(maxsize=8)
def _pattern(g: Gazetteer) -> tuple[regex.Pattern[str] | None, dict[str, Term]]:
    forms: dict[str, Term] = {}
    for t in g.terms:
        for f in t.en:
            forms[f.casefold()] = t
    if not forms:
        return None, forms
    alts = "|".join(regex.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    # a number after the word makes it a year of an era (Juche 89), not the term
    return regex.compile(rf"(?<![\w'’-])(?:{alts})(?![\w'’]|-(?:\p{{Lu}})|\s*\d)", regex.IGNORECASE), forms


def find_terms(text: str, units: Sequence[tuple[int, int]], g: Gazetteer) -> list[tuple[int, int, Term]]:
    pat, forms = _pattern(g)
    if pat is None:
        return []
    out = []
    for a, b in units:
        for m in pat.finditer(text, a, b):
            s = m.group()
            if s[0].islower() and s.casefold() != s:  # mixed case that is not a capitalized form
                continue
            out.append((m.start(), m.end(), forms[s.casefold()]))
    return out

"""Abbreviations learned from their definitions in the text: ``the Workers' Party of Korea (WPK)``.

A definition is a parenthesised run of capitals (``(WPK)``, ``(DPRK)``, ``(KCNA)``) whose letters are
the initials of the words just before it, function words (of, the, for, and ...) skipped and each
part of a hyphenated word counted (``Down-with-Imperialism Union (DIU)``). The reverse order,
``WPK (Workers' Party of Korea)``, is read too. Nothing is guessed: an abbreviation without a
definition in the text (or the gazetteer) is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import regex

__all__ = ["Definition", "learn_abbreviations", "find_uses"]

_FUNCTION = frozenset("of the and for in on at to by with from a an de du des la le der die das".split())
_ABBR = r"\p{Lu}[\p{Lu}&]{1,9}s?"
_DEF = regex.compile(rf"\((?P<abbr>{_ABBR})\)")
_REV = regex.compile(rf"(?<![\w-])(?P<abbr>{_ABBR})\s+\((?P<long>[^()]{{5,120}})\)")
_WORD = regex.compile(r"[\p{L}][\p{L}'’.]*(?:[-‐‑][\p{L}][\p{L}'’.]*)*")


@dataclass(frozen=True)
class Definition:
    abbr: str
    long_start: int
    long_end: int
    abbr_start: int
    abbr_end: int

    def long(self, text: str) -> str:
        return text[self.long_start : self.long_end]


def _initials(words: Sequence[str]) -> str:
    out = []
    for w in words:
        for part in regex.split(r"[-‐‑]", w):
            if part and part.casefold() not in _FUNCTION:
                out.append(part[0])
    return "".join(out)


def _match(words: list[tuple[int, int, str]], abbr: str) -> tuple[int, int] | None:
    """The shortest run of words ending at the last one whose initials spell ``abbr``."""
    target = abbr.rstrip("s").replace("&", "").upper()
    for k in range(1, min(len(words), len(target) + 6) + 1):
        run = words[-k:]
        if run[0][2].casefold() in _FUNCTION:
            continue
        ini = _initials([w for _, _, w in run]).upper()
        if ini == target:
            return run[0][0], run[-1][1]
        if len(ini) > len(target):
            return None
    return None


def learn_abbreviations(text: str, units: Sequence[tuple[int, int]]) -> list[Definition]:
    """Definitions in reading order (the first definition of an abbreviation wins)."""
    out: list[Definition] = []
    seen: set[str] = set()
    for a, b in units:
        for m in _DEF.finditer(text, a, b):
            abbr = m.group("abbr")
            if abbr in seen:
                continue
            lo = max(a, m.start() - 160)
            words = [(w.start(), w.end(), w.group()) for w in _WORD.finditer(text, lo, m.start())]
            span = _match(words, abbr)
            if span and not regex.search(r"[.;:!?]\s", text[span[0] : span[1]]):
                out.append(Definition(abbr, span[0], span[1], m.start("abbr"), m.end("abbr")))
                seen.add(abbr)
        for m in _REV.finditer(text, a, b):
            abbr = m.group("abbr")
            if abbr in seen:
                continue
            words = [(w.start(), w.end(), w.group()) for w in _WORD.finditer(text, m.start("long"), m.end("long"))]
            if words and _initials([w for _, _, w in words]).upper() == abbr.rstrip("s").upper():
                out.append(Definition(abbr, words[0][0], words[-1][1], m.start("abbr"), m.end("abbr")))
                seen.add(abbr)
    return out


def find_uses(text: str, units: Sequence[tuple[int, int]], abbrs: Sequence[str]) -> list[tuple[int, int, str]]:
    """Every occurrence of the abbreviations as a whole word (a plural or possessive may follow)."""
    if not abbrs:
        return []
    pat = regex.compile(r"(?<![\w-])(" + "|".join(regex.escape(x) for x in sorted(set(abbrs), key=lambda x: (-len(x), x))) + r")(?=['’]s\b|s\b|(?![\w-]))")
    out = []
    for a, b in units:
        for m in pat.finditer(text, a, b):
            out.append((m.start(), m.end(), m.group()))
    return out

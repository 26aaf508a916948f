"""Probable OCR misreadings in Korean text, marked with a suggested correction; the text is never changed.

Method (precision first): a Hangul word that the lexicon cannot explain (it does not split into
lexicon words of two syllables or more, a particle allowed at the end) is a suspect; if changing
exactly one jamo of one syllable *to a letter OCR confuses it with* (ㄹ/ㅇ/ㄴ/ㅁ finals, ㅓ/ㅕ, ㅗ/ㅛ,
ㄱ/ㅋ ...) gives a word the lexicon explains, and exactly one such word exists, the reading is
marked with that correction (``친척발문단`` -> ``친척방문단``). Names (any mention) are never
marked: they are outside every lexicon. With no unique correction nothing is said.

Letter-spaced runs of single syllables that are not a name (``내 가 작 성 된``) are marked
``unclear`` with low certainty when three or more syllables stand alone in a row and the joined
word is not in the lexicon: in a scan these are usually broken handwriting.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import regex

from ..text.romanize import compose, decompose, is_hangul_syllable, strip_particles
from .gazetteer import Gazetteer

__all__ = ["Doubt", "find_doubts", "explains"]

_INIT = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOW = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FIN = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"

# Letters a recogniser mistakes for each other (shape): a small closed table, not learned.
_INIT_CONF = ["ㄱㅋㄲ", "ㄷㅌㄹ", "ㅂㅍㅁ", "ㅈㅊㅉ", "ㅇㅎ", "ㅅㅆ"]
_VOW_CONF = ["ㅓㅕ", "ㅏㅑ", "ㅗㅛ", "ㅜㅠ", "ㅐㅔ", "ㅏㅓ", "ㅗㅜ", "ㅡㅜ", "ㅣㅏ", "ㅐㅒ", "ㅔㅖ"]
_FIN_CONF = ["ㄹㅇ", "ㅇㄴ", "ㄴㄹ", "ㅁㅇ", "ㅁㅂ", "ㄱㄲ", " ㅇ", " ㄴ", " ㄹ", "ㅅㅆ"]


def _neighbours(groups: list[str], alphabet: str) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for grp in groups:
        for a in grp:
            for b in grp:
                if a != b:
                    out.setdefault(alphabet.index(a), set()).add(alphabet.index(b))
    return out


_IN, _VN, _FN = _neighbours(_INIT_CONF, _INIT), _neighbours(_VOW_CONF, _VOW), _neighbours(_FIN_CONF, _FIN)


def _variants(ch: str) -> list[str]:
    l, v, t = decompose(ch)
    out = [compose(x, v, t) for x in sorted(_IN.get(l, ()))]
    out += [compose(l, x, t) for x in sorted(_VN.get(v, ()))]
    out += [compose(l, v, x) for x in sorted(_FN.get(t, ()))]
    return out


@dataclass(frozen=True)
class Doubt:
    start: int
    end: int
    kind: str  # "sic" (with corr) or "unclear"
    corr: str = ""
    cert: str = "medium"


def explains(word: str, lexicon: frozenset[str]) -> bool:
    """Whether ``word`` splits into lexicon words of two syllables or more."""
    return _explains(word, lexicon)


@lru_cache(maxsize=1 << 14)
def _explains(word: str, lexicon: frozenset[str]) -> bool:
    n = len(word)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + 2, n + 1):
            if word[i:j] in lexicon:
                ok[j] = True
    return ok[n]


def _explained(word: str, lexicon: frozenset[str]) -> bool:
    return explains(word, lexicon) or explains(strip_particles(word), lexicon)


_WORD = regex.compile(r"[\uAC00-\uD7A3]{3,}")
# A run of single syllables standing alone: neither it nor its neighbours' tokens attach to it.
_H = "\uAC00-\uD7A3"
_SPACED = regex.compile(rf"(?<![{_H}])(?<!(?:^|[^{_H}])[{_H}] )[{_H}](?: [{_H}]){{2,}}(?![{_H}])(?! [{_H}](?![{_H}]))")


def find_doubts(text: str, units: Sequence[tuple[int, int]], g: Gazetteer, *, skip: Sequence[tuple[int, int]] = ()) -> list[Doubt]:
    """Doubtful readings in the units, outside the ``skip`` ranges (mentions)."""
    lex = g.lexicon
    if not lex:
        return []
    from .entities import _Taken

    taken = _Taken(skip)
    out: list[Doubt] = []

    def skipped(a: int, b: int) -> bool:
        return taken.overlaps(a, b)

    for ua, ub in units:
        for m in _WORD.finditer(text, ua, ub):
            word = m.group()
            if skipped(m.start(), m.end()) or _explained(word, lex):
                continue
            stem = strip_particles(word)
            if len(stem) < 3:  # two syllables give too little evidence: 일정 is not 인정 misread
                continue
            fixes = set()
            for i, ch in enumerate(stem):
                for alt in _variants(ch):
                    cand = stem[:i] + alt + stem[i + 1 :]
                    if explains(cand, lex):
                        fixes.add(cand + word[len(stem) :])
            if len(fixes) == 1:  # the particle stays outside: sic holds the doubtful word only
                out.append(Doubt(m.start(), m.start() + len(stem), "sic", fixes.pop()[: len(stem)]))
        for m in _SPACED.finditer(text, ua, ub):
            joined = m.group().replace(" ", "")
            if skipped(m.start(), m.end()) or _explained(joined, lex) or not all(is_hangul_syllable(c) for c in joined):
                continue
            if len(joined) >= 4:
                out.append(Doubt(m.start(), m.end(), "unclear", cert="low"))
    out.sort(key=lambda d: (d.start, -d.end))
    return out

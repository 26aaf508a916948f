"""Foreign names written in Hangul (``부시`` Bush, ``오바마`` Obama, ``클린턴`` Clinton) matched to their
Latin spelling by a shared consonant skeleton.

Korean loanword spelling writes the sounds of the source word: consonants survive, vowels are
adapted and an epenthetic ㅡ or ㅣ is added after a final consonant cluster (트럼프 t(eu)r(eo)mp(eu)).
So both sides are reduced to their consonants in a few classes: voiced and voiceless stops merge
(b/p/f/v, d/t, g/k/c/q), sibilants and affricates merge (s/sh/th/x, j/ch/z and ㅈ ㅊ ㅉ), r/l merge,
a post-vowel r of non-rhotic English goes (Carter 카터), and doubled letters collapse. The skeleton
is weak evidence, so it is used only to link a Hangul mention to an English one *in the same
document* (or a gazetteer form), never to recognise a name by itself.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..text.romanize import decompose, is_hangul_syllable, normalize_hangul

__all__ = ["hangul_skeleton", "latin_skeletons", "same_foreign_name"]

_INITIAL = ("k", "k", "n", "t", "t", "l", "m", "p", "p", "s", "s", "", "J", "J", "J", "k", "t", "p", "h")
_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "l", "m", "l", "l", "l", "p", "l", "m", "p", "p", "s", "s",
          "n", "J", "J", "k", "t", "p", "h")  # fmt: skip
_DOUBLE = regex.compile(r"(.)\1+")


@lru_cache(maxsize=4096)
def hangul_skeleton(word: str) -> str:
    """Consonant skeleton of a Hangul transcription: ``hangul_skeleton("트럼프") == "tlmp"``."""
    out = []
    for ch in normalize_hangul(word).replace(" ", ""):
        if not is_hangul_syllable(ch):
            continue
        l, _, t = decompose(ch)
        out.append(_INITIAL[l] + _FINAL[t])
    s = "".join(out).replace("h", "")
    return _DOUBLE.sub(r"\1", s)


_EN_RULES = (
    (regex.compile(r"^x"), "s"),  # Pinyin x (Xi Jinping 시진핑)
    (regex.compile(r"gh"), ""),  # Albright
    (regex.compile(r"ng\b"), "n"),  # Hangul final ㅇ
    (regex.compile(r"c(?=[eiy])"), "s"),
    (regex.compile(r"g(?=[ei])"), "J"),
    (regex.compile(r"x"), "ks"),
    (regex.compile(r"sh|th|ss"), "s"),
    (regex.compile(r"tch|ch|j|z|dg"), "J"),
    (regex.compile(r"ph|f|v|b"), "p"),
    (regex.compile(r"ck|c|q|g"), "k"),
    (regex.compile(r"d"), "t"),
    (regex.compile(r"r"), "l"),
    (regex.compile(r"[aeiouywh]"), ""),
)


_POST_VOWEL_R = regex.compile(r"(?<=[aeiouy])r(?![aeiouy])")


@lru_cache(maxsize=4096)
def latin_skeletons(name: str) -> frozenset[str]:
    """Consonant skeletons of a Latin-letter name: with and without an r after a vowel, which Korean
    transcription writes or drops (메르켈 Merkel, 카터 Carter). ``"tlmp" in latin_skeletons("Trump")``."""
    words = regex.sub(r"[^a-z ]", "", name.casefold()).split()
    out = set()
    for drop_r in (False, True):
        parts = []
        for s in words:
            if drop_r:
                s = _POST_VOWEL_R.sub("", s)
            for pat, rep in _EN_RULES:
                s = pat.sub(rep, s)
            parts.append(s)
        out.add(_DOUBLE.sub(r"\1", "".join(parts)))
    return frozenset(out)


def same_foreign_name(hangul: str, latin: str) -> bool:
    """Whether a Hangul transcription and a Latin name share a skeleton of at least two consonants."""
    h = hangul_skeleton(hangul)
    if len(h) < 2:
        return False
    words = latin.split()
    # Korean writing often gives the surname alone (메르켈 for Angela Merkel)
    return h in latin_skeletons(latin) or (len(words) > 1 and len(words[-1]) >= 3 and h in latin_skeletons(words[-1]))

"""Korean romanization, and matching keys that let a Hangul word find its romanized English form.

The aligner must see that ``김정일`` and ``Kim Jong Il``, ``평양`` and ``Pyongyang`` or ``P'yŏngyang``,
``로동신문`` and ``Rodong Sinmun`` name the same thing. English texts about Korea spell Korean in at
least three systems plus informal habits, so this module does two jobs:

1. **Romanization** in the three systems such texts use, each a pure ``str -> str`` function that
   romanizes every run of Hangul syllables and keeps everything else:

   - :func:`mccune_reischauer`: McCune–Reischauer (McCune & Reischauer 1939, "The Romanization of
     the Korean Language, Based upon Its Phonetic Structure", *Transactions of the Korea Branch of the
     Royal Asiatic Society* 29), with its consonant tables as summarised by the Royal Asiatic Society
     Korea Branch's reprint and the University of Chicago East Asian Library's MR table (ㅅ is sh
     before i and wi as in 1939: 시 shi; ALA-LC has written si since 2009);
   - :func:`revised`: the Revised Romanization of Korean (Ministry of Culture and Tourism notice
     2000-8, 7 July 2000; examples from its chapter 3 "표기상의 유의점");
   - :func:`dprk`: the DPRK's "Rules of the Latin Alphabetical Transcriptions of the Korean Language"
     (1992, updated 2002; presented to UNGEGN, Working Paper No. 46), written without breves as in
     DPRK English publications (``Pyongyang``, ``Kim Jong Il``, ``Chollima``, ``Juche``).

   :func:`romanize_name` writes personal names as each system prescribes, :func:`romanize_place`
   hyphenates administrative units (``Jeju-do``, ``Chongsan-ri``).

2. **Matching keys**: :func:`match_keys` (Hangul side) and :func:`latin_key` (Latin side) reduce both
   sides to lower-case ASCII skeletons on which the systems and common informal spellings agree, so
   ``latin_key("Kim Jong Il") in match_keys("김정일")``.

All three systems transcribe *pronunciation*, so they share one phonological front end
(:func:`_sound_changes`: liaison, palatalization, aspiration with ㅎ, neutralization of final
consonants, nasalization and the ㄹ assimilations of the Standard Pronunciation rules) and differ only
in how sounds are spelled and in which changes they show. Changes that depend on morphology or on
the particular word (ㄴ insertion as in ``알약`` [알략], ``신문로`` [신문노], compound tensing as in
the DPRK's ``뒤문`` Twinmun) cannot be seen from the letters and are not made; the tests list them.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Callable, Iterable

import regex
import unicodedata2

__all__ = [
    "SYSTEMS",
    "is_hangul_syllable",
    "decompose",
    "compose",
    "normalize_hangul",
    "mccune_reischauer",
    "revised",
    "dprk",
    "romanize",
    "split_name",
    "romanize_name",
    "romanize_place",
    "strip_particles",
    "latin_key",
    "match_keys",
]

# ---------------------------------------------------------------------------------------------
# Hangul arithmetic (Unicode ch. 3.12: S = 0xAC00 + (L * 21 + V) * 28 + T)

_S_BASE, _S_LAST = 0xAC00, 0xD7A3
_V_COUNT, _T_COUNT = 21, 28
_N_COUNT = _V_COUNT * _T_COUNT

#: The 19 initial consonants, 21 vowels and 27 finals in Unicode order, as compatibility jamo
#: (index 0 of the finals is "no final").
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"

_L_N, _L_R, _L_NULL, _L_H = (INITIALS.index(c) for c in "ㄴㄹㅇㅎ")
_V = {c: i for i, c in enumerate(MEDIALS)}
_V_I, _V_WI, _V_EO, _V_YEO, _V_U, _V_YU, _V_UI = (_V[c] for c in "ㅣㅟㅓㅕㅜㅠㅢ")
# Vowels before which South Korean spelling drops a word-initial ㄹ or ㄴ (두음 법칙): i and y-.
_V_IY = frozenset(_V[c] for c in "ㅣㅑㅕㅛㅠㅒㅖ")

_COMPOUND_VOWELS = {"ㅗㅏ": "ㅘ", "ㅗㅐ": "ㅙ", "ㅗㅣ": "ㅚ", "ㅜㅓ": "ㅝ", "ㅜㅔ": "ㅞ", "ㅜㅣ": "ㅟ", "ㅡㅣ": "ㅢ"}
_CLUSTER_FINALS = {
    "ㄱㅅ": "ㄳ", "ㄴㅈ": "ㄵ", "ㄴㅎ": "ㄶ", "ㄹㄱ": "ㄺ", "ㄹㅁ": "ㄻ", "ㄹㅂ": "ㄼ",
    "ㄹㅅ": "ㄽ", "ㄹㅌ": "ㄾ", "ㄹㅍ": "ㄿ", "ㄹㅎ": "ㅀ", "ㅂㅅ": "ㅄ",
}  # fmt: skip
_COMPAT_JAMO = regex.compile(r"[\u3131-\u318E]+")
_HALFWIDTH_JAMO = regex.compile(r"[\uFFA0-\uFFDC]")
_SYLLABLES = regex.compile(r"[\uAC00-\uD7A3]+")


def is_hangul_syllable(ch: str) -> bool:
    """Whether ``ch`` is one precomposed Hangul syllable (U+AC00..U+D7A3)."""
    return len(ch) == 1 and _S_BASE <= ord(ch) <= _S_LAST


def decompose(ch: str) -> tuple[int, int, int]:
    """Indices ``(initial, vowel, final)`` of a syllable into :data:`INITIALS`, :data:`MEDIALS`, :data:`FINALS`.

    >>> decompose("한")
    (18, 0, 4)
    >>> INITIALS[18] + MEDIALS[0] + FINALS[4]
    'ㅎㅏㄴ'
    """
    if not is_hangul_syllable(ch):
        raise ValueError(f"not a precomposed Hangul syllable: {ch!r}; normalize_hangul() composes jamo first")
    s = ord(ch) - _S_BASE
    return s // _N_COUNT, (s % _N_COUNT) // _T_COUNT, s % _T_COUNT


def compose(initial: int, vowel: int, final: int = 0) -> str:
    """The syllable with these indices; the inverse of :func:`decompose`.

    >>> compose(*decompose("닭")) == "닭"
    True
    """
    if not (0 <= initial < len(INITIALS) and 0 <= vowel < _V_COUNT and 0 <= final < _T_COUNT):
        raise ValueError(f"jamo indices out of range: {(initial, vowel, final)}")
    return chr(_S_BASE + (initial * _V_COUNT + vowel) * _T_COUNT + final)


def _compose_compat(run: str) -> str:
    """Compose a run of compatibility jamo (as typed on a keyboard, one letter at a time) into syllables.

    A consonant followed by a vowel opens a syllable; a following consonant (or a pair that forms a
    cluster) is its final unless a vowel follows it, as in a Korean input method. Letters that form
    no syllable are kept as they are.
    """
    out: list[str] = []
    i, n = 0, len(run)
    while i < n:
        c = run[i]
        if c in INITIALS and i + 1 < n and run[i + 1] in _V:
            vowel, i = run[i + 1], i + 2
            if i < n and vowel + run[i] in _COMPOUND_VOWELS:
                vowel, i = _COMPOUND_VOWELS[vowel + run[i]], i + 1
            final = ""
            if i < n and run[i] in FINALS[1:] and not (i + 1 < n and run[i + 1] in _V):
                final, i = run[i], i + 1
                pair = final + run[i] if i < n else ""
                if pair in _CLUSTER_FINALS and not (i + 1 < n and run[i + 1] in _V):
                    final, i = _CLUSTER_FINALS[pair], i + 1
            out.append(compose(INITIALS.index(c), _V[vowel], FINALS.index(final) if final else 0))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def normalize_hangul(text: str) -> str:
    """Hangul in one form: precomposed syllables (NFC), from conjoining or compatibility jamo too.

    Conjoining jamo (U+1100..) compose by NFC; compatibility jamo (U+3131..), which NFC leaves alone,
    compose as an input method would. Other characters are unchanged.

    >>> normalize_hangul("\\u1112\\u1161\\u11ab") == "한"
    True
    >>> normalize_hangul("ㅍㅕㅇㅇㅑㅇ")
    '평양'
    """
    if _HALFWIDTH_JAMO.search(text):
        text = _HALFWIDTH_JAMO.sub(lambda m: unicodedata2.normalize("NFKC", m.group()), text)
    text = unicodedata2.normalize("NFC", text)
    if _COMPAT_JAMO.search(text):
        text = _COMPAT_JAMO.sub(lambda m: _compose_compat(m.group()), text)
    return text


# ---------------------------------------------------------------------------------------------
# Phonology shared by the three systems.
#
# A syllable is (onset, vowel index, coda). Onsets and codas are sound labels named after their
# Revised spelling; a written final keeps its letter name ("lg" for ㄺ) until the boundary rules
# reduce it to one of the seven pronounceable finals k t p n l m ng (or nothing).

_ONSETS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_CODAS = ("", "g", "kk", "gs", "n", "nj", "nh", "d", "l", "lg", "lm", "lb", "ls", "lt", "lp", "lh",
          "m", "b", "bs", "s", "ss", "ng", "j", "ch", "k", "t", "p", "h")  # fmt: skip

# The seven-final neutralization (Standard Pronunciation arts. 9-11): what a final sounds like
# before a consonant or at the end of a word.
_NEUTRAL = {
    "": "", "g": "k", "kk": "k", "k": "k", "gs": "k", "lg": "k",
    "n": "n", "nj": "n", "nh": "n",
    "d": "t", "t": "t", "s": "t", "ss": "t", "j": "t", "ch": "t", "h": "t",
    "l": "l", "lb": "l", "ls": "l", "lt": "l", "lh": "l",
    "m": "m", "lm": "m",
    "b": "p", "p": "p", "bs": "p", "lp": "p",
    "ng": "ng",
}  # fmt: skip
# Before a vowel a two-letter final keeps its first letter and lends the second (art. 14).
_SPLIT = {"gs": ("k", "s"), "nj": ("n", "j"), "lg": ("l", "g"), "lm": ("l", "m"), "lb": ("l", "b"),
          "ls": ("l", "s"), "lt": ("l", "t"), "lp": ("l", "p"), "bs": ("p", "s")}  # fmt: skip
_ASPIRATED = {"g": "k", "d": "t", "j": "ch", "b": "p", "k": "k", "t": "t", "p": "p"}
_NASAL = {"k": "ng", "t": "n", "p": "m"}

Syllable = tuple[str, int, str]


def _parse(run: str) -> list[Syllable]:
    out = []
    for ch in run:
        s = ord(ch) - _S_BASE
        out.append((_ONSETS[s // _N_COUNT], (s % _N_COUNT) // _T_COUNT, _CODAS[s % _T_COUNT]))
    return out


def _verb_suffix(vowel: int, coda: str) -> bool:
    """Whether an ㅎ-syllable looks like the passive/causative or adverb suffix 히/혀 (잡혀, 맞히다, 특히).

    The Revised system aspirates ㄱ ㄷ ㅂ + ㅎ in such verb forms (잡혀 japyeo) but writes the h in
    nouns (묵호 Mukho, 집현전 Jiphyeonjeon); without a dictionary these syllables are the best cue.
    """
    return (vowel == _V_I and coda in ("", "n", "l", "m")) or (vowel == _V_YEO and coda in ("", "ss"))


def _boundary(coda: str, onset: str, vowel: int, next_coda: str, *, lr: bool, verbs: bool) -> tuple[str, str]:
    """The final of one syllable and the initial of the next as pronounced (Standard Pronunciation).

    ``lr``: ㄹ after ㅁ ㅇ and after stops is pronounced ㄴ (종로 [종노], 독립 [동닙]); the Revised and
    McCune-Reischauer systems write this, the DPRK's does not (압록강 Amrokgang). ``verbs``: aspirate
    a stop before a 히/혀 suffix (Revised only; the others write k+h, t+h, p+h alike).
    """
    if not coda:
        return "", onset
    if onset == "":  # liaison: the final moves over to the vowel
        if coda == "ng":
            return coda, onset
        if vowel == _V_I and coda in ("d", "t", "lt"):  # palatalization: 해돋이 [해도지], 같이 [가치]
            return ("l" if coda == "lt" else ""), ("j" if coda == "d" else "ch")
        if coda in ("h", "nh", "lh"):  # ㅎ is silent before a vowel: 좋아 [조아], 않아 [아나]
            return coda[:-1], ""
        if coda in _SPLIT:
            return _SPLIT[coda]
        return "", ("r" if coda == "l" else coda)
    if onset == "h":
        if coda in ("n", "m", "ng", "l"):
            return coda, onset
        if coda in ("j", "nj"):  # 맞히다 [마치다], 앉히다 [안치다]
            return ("n" if coda == "nj" else ""), "ch"
        if coda == "d" and vowel == _V_I:  # 굳히다 [구치다]
            return "", "ch"
        if verbs and _verb_suffix(vowel, next_coda):
            if coda in ("lg", "lb"):  # 읽히다 [일키다], 밟혀 [발펴]
                return "l", _ASPIRATED[coda[1]]
            if _NEUTRAL[coda] in ("k", "t", "p"):
                return "", _NEUTRAL[coda]
        return _NEUTRAL[coda], "h"
    if coda in ("h", "nh", "lh"):  # ㅎ + ㄱ ㄷ ㅈ aspirates them: 좋고 [조코], 않다 [안타]
        rest = coda[:-1]
        if onset in ("g", "d", "j"):
            return rest, _ASPIRATED[onset]
        if onset == "s":
            return rest, onset
        if onset == "n":  # 놓는 [논는], 뚫는 [뚤른]
            return ("l", "l") if coda == "lh" else ("n", "n")
        coda = rest or "t"
    c = "l" if coda == "lg" and onset == "g" else _NEUTRAL[coda]  # 맑게 [말께]
    if onset == "r":
        if c in ("n", "l"):  # 신라 [실라], 천리마 [철리마], 빨리
            return "l", "l"
        return _NASAL.get(c, c), ("n" if lr else "r")  # 종로 [종노], 독립 [동닙]; DPRK 압록 Amrok
    if onset in ("n", "m"):
        if c == "l" and onset == "n":  # 별내 [별래], 설날 [설랄]
            return "l", "l"
        return _NASAL.get(c, c), onset  # 백마 [뱅마], 국물 [궁물]
    return c, onset


@lru_cache(maxsize=1 << 16)
def _boundary_at(coda: str, onset: str, vowel: int, next_coda: str, lr: bool, verbs: bool) -> tuple[str, str]:
    return _boundary(coda, onset, vowel, next_coda, lr=lr, verbs=verbs)


def _sound_changes(sylls: list[Syllable], *, lr: bool = True, verbs: bool = False) -> list[Syllable]:
    """The syllables of one word as pronounced; every coda ends as one of k t p n l m ng or ''.

    A boundary looks only at the written final before it and the written syllable after it (the
    onset it changes is the next boundary's to keep), so each is a function of two syllables, cached.
    """
    out: list[Syllable] = []
    onset = sylls[0][0]
    for k in range(len(sylls) - 1):
        _, v, coda = sylls[k]
        nxt = sylls[k + 1]
        coda, after = _boundary_at(coda, nxt[0], nxt[1], nxt[2], lr, verbs)
        out.append((onset, v, coda))
        onset = after
    out.append((onset, sylls[-1][1], _NEUTRAL[sylls[-1][2]]))
    return out


def _as_written(sylls: list[Syllable]) -> list[Syllable]:
    """Each syllable pronounced on its own (for names: changes across syllables are not written)."""
    return [(o, v, _NEUTRAL[c]) for o, v, c in sylls]


# ---------------------------------------------------------------------------------------------
# Spelling: one renderer per system over the shared syllables.

_RR_VOWELS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
              "yu", "eu", "ui", "i")  # fmt: skip
_MR_VOWELS = ("a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we", "wi",
              "yu", "ŭ", "ŭi", "i")  # fmt: skip
_ASCII_VOWELS = tuple(v.replace("ŏ", "o").replace("ŭ", "u") for v in _MR_VOWELS)
_RR_CODA = {"": "", "k": "k", "t": "t", "p": "p", "n": "n", "l": "l", "m": "m", "ng": "ng"}
_VOICED_AFTER = frozenset(("", "n", "m", "ng", "l"))  # a vowel or a resonant final before the initial
_VOWEL_DIGRAPHS = frozenset(("ae", "eo", "eu", "oe", "ui"))

_MR_ONSET = {"k": "k'", "t": "t'", "p": "p'", "ch": "ch'", "jj": "tch"}
_DPRK_ONSET = {"k": "kh", "t": "th", "p": "ph", "ch": "ch"}


def _capitalize(s: str) -> str:
    return s[:1].upper() + s[1:]


def _render_rr(sylls: list[Syllable], *, hyphens: bool = False) -> str:
    """Revised spelling: g d b j before vowels, k t p at the end of a syllable, no voicing rule."""
    out: list[str] = []
    prev_coda: str | None = None
    for onset, v, coda in sylls:
        vowel = _RR_VOWELS[v]
        if hyphens and prev_coda is not None:
            if (prev_coda == "ng" and onset == "" and vowel[0] not in "yw") or (prev_coda == "n" and onset == "g"):
                out.append("-")  # 중앙 Jung-ang, 반구대 Ban-gudae
            elif prev_coda == "" and onset == "" and out[-1][-1:] + vowel[0] in _VOWEL_DIGRAPHS:
                out.append("-")  # 세운 Se-un, 해운대 Hae-undae
        out.append(onset + vowel + _RR_CODA[coda])
        prev_coda = coda
    return "".join(out)


def _mr_onset(onset: str, vowel: int, prev: str | None, breves: bool) -> str:
    """McCune-Reischauer initial: k t p ch voiced to g d b j after a vowel or a resonant; after l,
    t and ch stay voiceless (Sino-Korean tensing: 발전 palchŏn), ㅅ is sh before i and wi."""
    voiced = prev is not None and prev in _VOICED_AFTER
    if onset == "g":
        s = "g" if voiced else "k"
        return ("'" + s) if prev == "n" and breves else s  # 잔금 chan'gŭm against 장음 changŭm
    if onset == "b":
        return "b" if voiced else "p"
    if onset == "d":
        return "d" if voiced and prev != "l" else "t"
    if onset == "j":
        return "j" if voiced and prev != "l" else "ch"
    if onset == "s":
        return "sh" if vowel in (_V_I, _V_WI) else "s"
    s = _MR_ONSET.get(onset, onset)
    return s if breves else s.replace("'", "")


def _render_mr(sylls: list[Syllable], *, breves: bool = True, continuing: str | None = None) -> str:
    vowels = _MR_VOWELS if breves else _ASCII_VOWELS
    out: list[str] = []
    prev = continuing
    for i, (onset, v, coda) in enumerate(sylls):
        next_onset = sylls[i + 1][0] if i + 1 < len(sylls) else None
        c = "r" if coda == "l" and next_onset == "h" else coda  # 발해 Parhae, 실험 sirhŏm
        out.append(_mr_onset(onset, v, prev, breves) + vowels[v] + c)
        prev = coda
    return "".join(out)


def _dprk_onset(onset: str, prev: str | None) -> str:
    """DPRK initial: ㄱ ㄷ ㅂ voiced between vowels and after resonants (g d b), ㅈ always j,
    aspirates written with h (kh th ph ch)."""
    if onset in ("g", "d", "b"):
        voiced = prev is not None and prev in _VOICED_AFTER
        return onset if voiced else {"g": "k", "d": "t", "b": "p"}[onset]
    return _DPRK_ONSET.get(onset, onset)


def _render_dprk(sylls: list[Syllable], *, breves: bool = False, continuing: str | None = None) -> str:
    vowels = _MR_VOWELS if breves else _ASCII_VOWELS
    out: list[str] = []
    prev = continuing
    for onset, v, coda in sylls:
        out.append(_dprk_onset(onset, prev) + vowels[v] + coda)
        prev = coda
    return "".join(out)


# Spellings that DPRK English publications keep against their own system: the system gives
# Phyongyang, Kim Il Song, Phanmunjom.
_DPRK_CONVENTIONAL = {"평양": "Pyongyang", "김일성": "Kim Il Sung", "판문점": "Panmunjom"}


def _over_runs(text: str, fn: Callable[[str], str], capitalize: bool) -> str:
    text = normalize_hangul(text)

    def one(m: regex.Match[str]) -> str:
        s = fn(m.group())
        return _capitalize(s) if capitalize else s

    return _SYLLABLES.sub(one, text)


def mccune_reischauer(text: str, *, breves: bool = True, capitalize: bool = False) -> str:
    """McCune–Reischauer (1939) romanization of every Hangul run in ``text``; other characters kept.

    ``breves=False`` gives the common ASCII form: ŏ ŭ written o u, and no apostrophes (neither the
    aspiration mark of k' t' p' ch' nor the n'g separator). ``capitalize`` capitalizes each run.

    >>> mccune_reischauer("평양")
    "p'yŏngyang"
    >>> mccune_reischauer("독립 신문", capitalize=True)
    'Tongnip Shinmun'
    >>> mccune_reischauer("천리마", breves=False)
    'chollima'
    """
    return _over_runs(text, lambda run: _render_mr(_sound_changes(_parse(run)), breves=breves), capitalize)


def revised(text: str, *, hyphens: bool = False, capitalize: bool = False) -> str:
    """Revised Romanization (2000) of every Hangul run in ``text``; other characters kept.

    Sound changes across syllables are written (신라 Silla, 종로 Jongno, 해돋이 haedoji), tensing is
    not (낙동강 Nakdonggang), and ㅎ after ㄱ ㄷ ㅂ stays visible except before the verb suffixes 히/혀
    (묵호 Mukho, 잡혀 japyeo). ``hyphens`` adds the optional hyphen where letters could be read two
    ways (중앙 Jung-ang, 세운 Se-un).

    >>> revised("왕십리", capitalize=True)
    'Wangsimni'
    >>> revised("해운대", hyphens=True)
    'hae-undae'
    """
    return _over_runs(
        text, lambda run: _render_rr(_sound_changes(_parse(run), verbs=True), hyphens=hyphens), capitalize
    )


def dprk(text: str, *, breves: bool = False, conventional: bool = True, capitalize: bool = False) -> str:
    """The DPRK's romanization (1992, as updated 2002) of every Hangul run in ``text``.

    As in DPRK English publications, ŏ ŭ are written o u (``breves=True`` restores the official
    letters); aspirates are kh th ph ch, ㅈ is always j, written ㄹ is kept (로동 rodong, 리 ri, 압록
    amrok), and ``conventional`` keeps the customary spellings Pyongyang, Kim Il Sung, Panmunjom of
    whole words. Note that the system's own ``ㄴㄹ`` and ``ㄹㄹ`` become ``ll`` here as in common use
    (천리마 Chollima, 만리마 Mallima); the 2002 rules reserve ``ll`` for established spellings.

    >>> dprk("백두산 주체사상", capitalize=True)
    'Paektusan Juchesasang'
    >>> dprk("평양"), dprk("평양", conventional=False)
    ('pyongyang', 'phyongyang')
    """

    def one(run: str) -> str:
        if conventional and run in _DPRK_CONVENTIONAL:
            s = _DPRK_CONVENTIONAL[run]
            return s if capitalize else s.lower()
        return _render_dprk(_sound_changes(_parse(run), lr=False), breves=breves)

    return _over_runs(text, one, capitalize)


#: Registry of romanizations: name -> function ``(text) -> str``; feeds a CLI's ``choices``.
SYSTEMS: dict[str, Callable[..., str]] = {"mr": mccune_reischauer, "rr": revised, "dprk": dprk}


def _system(system: str) -> str:
    if system not in SYSTEMS:
        raise ValueError(f"unknown romanization system {system!r}; choose one of {', '.join(SYSTEMS)}")
    return system


def romanize(text: str, system: str = "rr", **options: bool) -> str:
    """Romanize with the system named in :data:`SYSTEMS` (``mr``, ``rr`` or ``dprk``).

    >>> romanize("서울", "mr", capitalize=True)
    'Sŏul'
    """
    return SYSTEMS[_system(system)](text, **options)


# ---------------------------------------------------------------------------------------------
# Names and places

# Two-syllable surnames (the common ones); a longer name that starts with one is split after it.
_DOUBLE_SURNAMES = frozenset("남궁 황보 제갈 선우 독고 사공 서문 동방 어금 망절 소봉".split())

# Customary spellings of common surnames, used with the Revised system, whose own rules leave
# surnames to be settled separately (2000 notice, ch. 3 art. 4): e.g. 김 Kim rather than Gim.
_RR_SURNAMES = {
    "김": "Kim", "이": "Lee", "리": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
    "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "림": "Lim", "한": "Han", "오": "Oh",
    "서": "Seo", "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song", "류": "Ryu",
    "유": "Yoo", "홍": "Hong", "전": "Jeon", "고": "Ko", "문": "Moon", "양": "Yang", "손": "Son",
    "배": "Bae", "백": "Baek", "허": "Heo", "노": "Noh", "로": "Roh", "남": "Nam", "심": "Shim",
    "하": "Ha", "곽": "Kwak", "성": "Sung", "차": "Cha", "주": "Joo", "우": "Woo", "구": "Koo",
    "민": "Min", "진": "Jin", "지": "Ji", "엄": "Eom", "채": "Chae", "원": "Won", "천": "Cheon",
    "방": "Bang", "공": "Kong", "현": "Hyun", "변": "Byun", "염": "Yeom", "여": "Yeo", "추": "Choo",
    "도": "Do", "석": "Seok", "선": "Sun", "설": "Seol", "길": "Gil", "연": "Yeon", "표": "Pyo",
    "명": "Myung", "기": "Ki", "반": "Ban", "왕": "Wang", "금": "Geum", "육": "Yook", "인": "In",
    "맹": "Maeng", "모": "Mo", "탁": "Tak", "국": "Kook", "은": "Eun", "편": "Pyun", "경": "Kyung",
    "봉": "Bong", "부": "Boo", "태": "Tae", "두": "Doo", "남궁": "Namgung", "황보": "Hwangbo",
    "제갈": "Jegal", "선우": "Sunwoo", "독고": "Dokgo", "사공": "Sagong",
}  # fmt: skip


def split_name(name: str) -> tuple[str, str]:
    """``(surname, given name)`` of a Korean personal name in Hangul, spaced or not.

    A letter-spaced name (``김 정 일``, as signatures are printed) is joined first. A two-syllable
    surname (남궁, 황보, ...) is recognised at the start of a name of three or more syllables, so a
    name such as 선우진 is read as 선우 + 진, never 선 + 우진: no rule can tell them apart.

    >>> split_name("김 정 일"), split_name("김정일"), split_name("남궁 민")
    (('김', '정일'), ('김', '정일'), ('남궁', '민'))
    """
    tokens = normalize_hangul(name).split()
    if not tokens or not all(_SYLLABLES.fullmatch(t) for t in tokens):
        raise ValueError(f"not a Korean name in Hangul: {name!r}")
    if len(tokens) == 2 and len(tokens[0]) <= 2 and not (len(tokens[0]) == 1 and len(tokens[1]) == 1):
        return tokens[0], tokens[1]
    joined = "".join(tokens)
    if len(joined) < 2:
        raise ValueError(f"a Korean name has a surname and a given name: {name!r}")
    if len(joined) >= 3 and joined[:2] in _DOUBLE_SURNAMES:
        return joined[:2], joined[2:]
    return joined[0], joined[1:]


def romanize_name(name: str, system: str = "dprk", *, customary: bool = True) -> str:
    """A personal name, surname first, as the system writes names.

    - ``dprk``: each syllable a capitalized word, the given name's first letter voiceless and the
      next ones voiced after a vowel or resonant (2002 rules: 박동구 Pak Tong Gu, 안복철 An Pok Chol);
      ``customary`` keeps Kim Il Sung.
    - ``mr``: ALA-LC practice for McCune–Reischauer, given-name syllables hyphenated with voicing
      (김대중 Kim Tae-jung, 박정희 Pak Chŏng-hŭi), surname 이 written Yi.
    - ``rr``: the 2000 notice, ch. 3 art. 4: given name syllables hyphenated (allowed form), no sound
      changes between them (한복남 Han Bok-nam); ``customary`` surname spellings (김 Kim, 이 Lee, 박
      Park) since the notice leaves surnames to a separate rule, otherwise the plain Revised letters.

    >>> romanize_name("김정일"), romanize_name("김 대 중", "rr"), romanize_name("김일성", "mr")
    ('Kim Jong Il', 'Kim Dae-jung', 'Kim Il-sŏng')
    """
    _system(system)
    surname, given = split_name(name)
    if system == "dprk" and customary and surname + given in _DPRK_CONVENTIONAL:
        return _DPRK_CONVENTIONAL[surname + given]
    sur = _as_written(_parse(surname))
    giv = _as_written(_parse(given))
    if system == "rr":
        family = _RR_SURNAMES.get(surname) if customary else None
        family = family or _capitalize(_render_rr(sur))
        return f"{family} {_capitalize('-'.join(_render_rr([s]) for s in giv))}"
    if system == "mr":
        family = "Yi" if surname == "이" else _capitalize(_render_mr(sur))
        parts = [_render_mr([s], continuing=(giv[i - 1][2] if i else None)) for i, s in enumerate(giv)]
        return f"{family} {_capitalize('-'.join(parts))}"
    parts = [_render_dprk([s], continuing=(giv[i - 1][2] if i else None)) for i, s in enumerate(giv)]
    return " ".join([_capitalize(_render_dprk(sur))] + [_capitalize(p) for p in parts])


# Administrative units written after a hyphen, with no sound change across it (RR 2000 ch. 3
# art. 5: 제주도 Jeju-do, 인왕리 Inwang-ri; DPRK 2002: 청산리 Chongsan-ri). Longest first.
_ADMIN_UNITS = ("특별시", "광역시", "로동자구", "노동자구", "구역", "도", "시", "군", "구", "읍", "면", "리", "동")


def romanize_place(name: str, system: str = "rr") -> str:
    """A place name with its administrative unit hyphenated, as both the Revised and DPRK rules do.

    Only call it for names known to end in a unit: ``도`` is also "island" (울릉도 Ulleungdo), and
    the letters cannot tell the two apart.

    >>> romanize_place("의정부시"), romanize_place("청산리", "dprk"), romanize_place("평안남도", "dprk")
    ('Uijeongbu-si', 'Chongsan-ri', 'Phyongannam-do')
    """
    _system(system)
    word = normalize_hangul(name).strip()
    if not _SYLLABLES.fullmatch(word or "-"):
        raise ValueError(f"not a Korean place name in Hangul: {name!r}")
    unit = next((u for u in _ADMIN_UNITS if word.endswith(u) and len(word) > len(u)), "")
    stem = word[: len(word) - len(unit)]
    head = romanize(stem, system, capitalize=True)
    if not unit:
        return head
    last = _sound_changes(_parse(stem))[-1][2]
    tail = _as_written(_parse(unit))
    if system == "rr":
        rest = _render_rr(tail)
    elif system == "mr":
        rest = _render_mr(tail, continuing=last)
    else:
        rest = _render_dprk(tail, continuing=last)
    return f"{head}-{rest}"


# ---------------------------------------------------------------------------------------------
# Particles, titles and generic terms around names in running Korean text

# Particles (조사) that follow a noun, with the final they need on the syllable before them: "C" a
# consonant, "V" a vowel, "VL" a vowel or ㄹ (로 after 서울), "C-L" a consonant other than ㄹ
# (으로), None anything. Compound forms are listed whole so that one cut removes them.
_PARTICLE_TABLE: tuple[tuple[str, str | None], ...] = (
    ("께서는", None), ("께서도", None), ("께서", None), ("께", None),
    ("에서는", None), ("에서도", None), ("에서의", None), ("에서", None),
    ("에게서", None), ("에게는", None), ("에게도", None), ("에게", None), ("한테서", None), ("한테", None),
    ("으로서는", "C-L"), ("으로써", "C-L"), ("으로서", "C-L"), ("으로는", "C-L"), ("으로도", "C-L"),
    ("으로의", "C-L"), ("으로", "C-L"),
    ("로서는", "VL"), ("로써", "VL"), ("로서", "VL"), ("로는", "VL"), ("로도", "VL"), ("로의", "VL"), ("로", "VL"),
    ("과의", "C"), ("과는", "C"), ("과도", "C"), ("과", "C"),
    ("와의", "V"), ("와는", "V"), ("와도", "V"), ("와", "V"),
    ("까지는", None), ("까지도", None), ("까지의", None), ("까지", None),
    ("부터는", None), ("부터도", None), ("부터의", None), ("부터", None),
    ("에는", None), ("에도", None), ("에의", None), ("에", None),
    ("보다는", None), ("보다", None), ("처럼", None), ("마다", None), ("조차", None), ("마저", None),
    ("만큼", None), ("만은", None), ("만이", None), ("만을", None), ("만의", None), ("만", None),
    ("이라는", "C"), ("이라고", "C"), ("이란", "C"), ("이나", "C"), ("이며", "C"), ("이고", "C"), ("이다", "C"),
    ("이랑", "C"), ("라는", "V"), ("라고", "V"), ("란", "V"), ("랑", "V"),
    ("들에게", None), ("들은", None), ("들이", None), ("들을", None), ("들의", None), ("들과", None),
    ("들도", None), ("들", None),
    ("은", "C"), ("이", "C"), ("을", "C"), ("는", "V"), ("가", "V"), ("를", "V"), ("의", None), ("도", None),
)  # fmt: skip


def _by_last_char(items: Iterable[tuple[str, str | None]]) -> dict[str, tuple[tuple[str, str | None], ...]]:
    """Suffixes grouped by their last character, longest first, so a look-up tries only a few."""
    groups: dict[str, list[tuple[str, str | None]]] = {}
    for item in sorted(items, key=lambda p: -len(p[0])):
        groups.setdefault(item[0][-1], []).append(item)
    return {k: tuple(v) for k, v in groups.items()}


_PARTICLES = _by_last_char(_PARTICLE_TABLE)
_CODA_RIEUL = FINALS.index("ㄹ")

# Titles written after a name (김정일국방위원장, 김대중대통령, 김일성동지).
_TITLES = _by_last_char((t, None) for t in (
    "국방위원장 국무위원장 최고사령관 총비서 위원장 대통령 대원수 원수 동지 동무 주석 수령 장군 수상 총리 "
    "선생님 선생 여사 장관 의장 대장 비서 님 씨").split())  # fmt: skip
# Generic terms after a geographic name; English often translates them (백두산 Mt Paektu,
# 대동강 Taedong River, 평양시 Pyongyang City) rather than romanizing them.
_GENERICS = _by_last_char((g, None) for g in (
    "특별시 광역시 로동자구 노동자구 구역 반도 평야 광장 거리 공원 산맥 고원 산 강 도 시 군 구 읍 면 리 동 "
    "호 봉 령 섬 항 만 역").split())  # fmt: skip


def strip_particles(word: str) -> str:
    """``word`` without one trailing particle (은/는/이/가/을/를/의/에/에서/으로/로/와/과/께서/도/만/
    까지/부터 ... and their compounds), longest first, never emptying the word.

    A particle is cut only after the kind of syllable it attaches to (이, 은, 을, 과, 으로 after a
    final consonant; 가, 는, 를, 와 after a vowel), which spares names ending in such syllables
    after the wrong kind (오이 "cucumber" keeps its 이). There is no dictionary, so a word that merely ends like a
    particle (서로 "each other") loses it too; callers keep the whole word as a second candidate.

    >>> strip_particles("평양에서"), strip_particles("김정일국방위원장과"), strip_particles("서울을")
    ('평양', '김정일국방위원장', '서울')
    >>> strip_particles("이"), strip_particles("오이"), strip_particles("평양이")
    ('이', '오이', '평양')
    """
    for particle, needs in _PARTICLES.get(word[-1:], ()):
        if len(word) > len(particle) and word.endswith(particle):
            before = word[-len(particle) - 1]
            if needs is not None:
                if not is_hangul_syllable(before):
                    continue
                final = decompose(before)[2]
                if needs == "C" and not final:
                    continue
                if needs == "C-L" and (not final or final == _CODA_RIEUL):
                    continue
                if needs == "V" and final:
                    continue
                if needs == "VL" and final and final != _CODA_RIEUL:
                    continue
            return word[: -len(particle)]
    return word


def _strip_suffix(word: str, suffixes: dict[str, tuple[tuple[str, str | None], ...]], keep: int = 2) -> str:
    for s, _ in suffixes.get(word[-1:], ()):
        if word.endswith(s) and len(word) - len(s) >= keep:
            return word[: -len(s)]
    return word


# ---------------------------------------------------------------------------------------------
# Matching keys

_NON_LETTER = regex.compile(r"[^a-z]+")
_POSSESSIVE = regex.compile(r"['’ʼ]s\b")  # English "Kim Il Sung's"; no romanization ends in 's
_COMBINING = regex.compile(r"\p{Mn}+")
# Digraph merges, in order: aspirates and tense letters with plain ones (MR ch' and tch, DPRK kh th
# ph, RR j), MR sh with s, and the informal vowel spellings (Young, Moon, Lee, Choi, Hyundai).
_MERGES = (("ch", "c"), ("j", "c"), ("sh", "s"), ("kh", "k"), ("th", "t"), ("ph", "p"),
           ("oung", "ong"), ("oo", "u"), ("ee", "i"), ("yi", "i"), ("wu", "u"), ("ai", "ae"), ("oi", "oe"))  # fmt: skip
# (the skeleton's patterns see lower-case ASCII letters only: the standard library's re, faster
# on these than the regex module, matches them alike)
_E_BEFORE_BACK = re.compile(r"e+(?=[ou])")  # RR eo, eu against MR ŏ, ŭ (and any e before them)
_T_BEFORE_CS = re.compile(r"t+(?=[cs])")  # MR tch, ss against RR tj, ts (ㅅ + ㅈ, ㅅ + ㅅ)
_SILENT_H = re.compile(r"(?<=[aeiou])h(?![aeiouwy])")  # Oh, Ahn, Noh, Sohn
_SILENT_R = re.compile(r"(?<=[aeiou])r(?![aeiouwyh])")  # Park, Hur
_VOICED = str.maketrans({"r": "l", "g": "k", "d": "t", "b": "p"})
_DOUBLED = re.compile(r"([ktpcsl])\1+")
_MIN_KEY = 4
_MAX_VARIANTS = 16


@lru_cache(maxsize=1 << 16)
def latin_key(text: str) -> str:
    """The matching key of a romanized word or phrase: a lower-case ASCII skeleton.

    Diacritics, case, spaces, hyphens and apostrophes go; then the differences between the systems
    and the usual informal spellings are merged: k/g, t/d, p/b, ch/j (voicing and aspiration),
    eo/o and eu/u (Revised against McCune–Reischauer), sh/s, r/l, ng/nk/n-g, a word-initial n/r/l (노동
    Nodong, 로동 Rodong), oo/u, ee/i, ai/ae, oi/oe and a silent h or r after a vowel (Moon, Lee,
    Hyundai, Choi, Oh, Park, Young). An English possessive 's is dropped. The same function makes
    the Hangul side's keys, so both agree.

    >>> latin_key("Kim Jong Il"), latin_key("P'yŏngyang"), latin_key("Rodong Sinmun")
    ('kimconkil', 'pyonkyank', 'notonksinmun')
    """
    s = text.lower()
    if "s" in s and _POSSESSIVE.search(s):
        s = _POSSESSIVE.sub("", s)
    if not s.isascii():
        s = _COMBINING.sub("", unicodedata2.normalize("NFD", s))
    if not (s.isalpha() and s.isascii()):
        s = _NON_LETTER.sub("", s)
    return _skeleton(s)


def _first_letter(m: re.Match[str]) -> str:
    return m[1]


def _skeleton(s: str) -> str:
    """:func:`latin_key` of a string of lower-case ASCII letters (what the renderers write)."""
    if s.startswith("rh"):  # Rhee
        s = "r" + s[2:]
    # (each pattern is tried only where its letter occurs: this runs for every spelling of every word)
    if "eo" in s or "eu" in s:  # (where e+(?=[ou]) can match)
        s = _E_BEFORE_BACK.sub("", s)
    for a, b in _MERGES:
        if a in s:
            s = s.replace(a, b)
    if "eo" in s or "eu" in s:  # again: a merge can leave an e before o or u (Tae-woo, Daewoo: taewoo -> taeu)
        s = _E_BEFORE_BACK.sub("", s)
    if "t" in s:
        s = _T_BEFORE_CS.sub("", s)
    if "h" in s:
        s = _SILENT_H.sub("", s)
    if "r" in s:
        s = _SILENT_R.sub("", s)
    s = s.translate(_VOICED)  # ng becomes nk too: MR n'g, RR ng and a spaced "Inmin Konghwaguk" meet
    if "kk" in s or "tt" in s or "pp" in s or "cc" in s or "ss" in s or "ll" in s:  # (where _DOUBLED can match)
        s = _DOUBLED.sub(_first_letter, s)
    if s[:1] == "l":  # word-initial ㄹ is r, n or silent by orthography and system
        s = "n" + s[1:]
    return s


_U_SPELLED = {_V_EO: _V_U, _V_YEO: _V_YU}  # ㅓ ㅕ spelled u yu


def _variants(sylls: list[tuple[int, int, int]]) -> Iterable[tuple[tuple[int, int, int], ...]]:
    """Spellings of the same word that other orthographies or informal romanizations assume.

    The first syllable's ㄹ/ㄴ and ㅇ before i or y swap (DPRK 리, 로동 and South 이, 노동: the
    initial-sound rule), ㅓ ㅕ may be spelled u yu (Kim Il Sung, Chung, Hyun) and ㅢ after a consonant
    i (Chung-hee). At most :data:`_MAX_VARIANTS` are made.
    """
    options = []
    for i, (l, v, t) in enumerate(sylls):
        opts = [(l, v, t)]
        if i == 0 and v in _V_IY:
            if l in (_L_R, _L_N):
                opts.append((_L_NULL, v, t))
            elif l == _L_NULL:
                opts.append((_L_R, v, t))
        alt = _U_SPELLED.get(v)
        if alt is None and v == _V_UI and l != _L_NULL:
            alt = _V_I
        if alt is not None:
            opts += [(o[0], alt, o[2]) for o in opts]
        options.append(opts)
    return itertools.islice(itertools.product(*options), _MAX_VARIANTS)


@lru_cache(maxsize=1 << 17)
def _word_keys(word: str) -> frozenset[str]:
    if len(word) < 2:
        return frozenset()
    # Revised letters stand for all three systems: the key merges what tells them apart (the
    # tests check that every system's spelling of a word gives one of its keys).
    spellings: set[str] = set()
    jamo = _JAMO
    base = [jamo[ch] for ch in word]
    # Readings that cannot differ are rendered once: with no final before the last syllable no
    # sound changes apply; the DPRK's differs only before a ㄹ, the 히/혀 one only before a ㅎ
    # (the onsets a boundary looks at are the written ones; variants change only vowels and the first onset)
    changes = False
    for k in range(len(base) - 1):
        if base[k][2]:
            changes = True
            break
    has_r = has_h = False
    if changes:
        for k in range(1, len(base)):
            if base[k][0] == _L_R:
                has_r = True
            elif base[k][0] == _L_H:
                has_h = True
    written = _WRITTEN_RR
    for variant in _variants(base):
        # names, and spellings that ignore the changes
        spellings.add("".join([written[syl] for syl in variant]))
        if changes:
            spellings.add(_spoken_rr(variant, 1))  # Revised, McCune-Reischauer
            if has_r:
                spellings.add(_spoken_rr(variant, 0))  # DPRK
            if has_h:  # the Revised reading of 히/혀 suffixes
                spellings.add(_spoken_rr(variant, 3))
    keys: set[str] = set()
    for sp in spellings:
        key = _skeleton(sp)
        if len(key) >= _MIN_KEY:
            keys.add(key)
    return frozenset(keys)


def _spoken_rr(variant: tuple[tuple[int, int, int], ...], how: int) -> str:
    """``_render_rr(_sound_changes(...))`` of a word given by jamo indices, in one loop: the
    reading keys call it for every spelling of every distinct word. ``how``: 1 with the ㄹ
    changes (``lr``), 0 without (DPRK), 3 with them and the 히/혀 aspiration (``verbs``)."""
    out: list[str] = []
    onset = _ONSETS[variant[0][0]]
    last = len(variant) - 1
    for k in range(last):
        v, t = variant[k][1], variant[k][2]
        nl, nv, nt = variant[k + 1]
        coda, after = _BOUNDARY[((((t * 19 + nl) * 21 + nv) * 28 + nt) << 2) | how]
        out.append(onset + _RR_VOWELS[v] + _RR_CODA[coda])
        onset = after
    v, t = variant[last][1], variant[last][2]
    out.append(onset + _RR_VOWELS[v] + _RR_CODA[_NEUTRAL[_CODAS[t]]])
    return "".join(out)


class _Boundaries(dict):
    """:func:`_boundary` by one integer made of the jamo indices and the reading (see
    :func:`_spoken_rr`), worked out on first use."""

    def __missing__(self, key: int) -> tuple[str, str]:
        how, rest = key & 3, key >> 2
        rest, nt = divmod(rest, 28)
        rest, nv = divmod(rest, 21)
        t, nl = divmod(rest, 19)
        got = self[key] = _boundary(_CODAS[t], _ONSETS[nl], nv, _CODAS[nt], lr=bool(how & 1), verbs=bool(how & 2))
        return got


_BOUNDARY = _Boundaries()


class _Jamo(dict):
    """:func:`decompose` by syllable, made on first use (the keys decompose every word's syllables)."""

    def __missing__(self, ch: str) -> tuple[int, int, int]:
        got = self[ch] = decompose(ch)
        return got


_JAMO = _Jamo()


class _WrittenRR(dict):
    """Revised spelling of one syllable pronounced on its own, by jamo indices, made on first use."""

    def __missing__(self, key: tuple[int, int, int]) -> str:
        l, v, t = key
        got = self[key] = _ONSETS[l] + _RR_VOWELS[v] + _RR_CODA[_NEUTRAL[_CODAS[t]]]
        return got


_WRITTEN_RR = _WrittenRR()


@lru_cache(maxsize=1 << 18)
def match_keys(word: str) -> frozenset[str]:
    """Keys under which a Hangul word (or a spaced name such as ``김 정 일``) may appear in Latin letters.

    Compare with :func:`latin_key` of an English word or phrase. The keys cover the word as written,
    without a trailing particle, without a title after a name (``김대중대통령은`` gives the keys of
    ``김대중``; two titles as in ``김정일장군님께서``) and without a generic term after a place name (``백두산`` also gives those of
    ``백두``, for "Mt Paektu"); each in the three systems, with and without the sound changes across
    syllables (names are romanized without them), and with the variants of :func:`_variants`.

    Precision: forms of fewer than two syllables give no keys, so ``이``, ``가`` or ``북`` match
    nothing, and keys shorter than four letters are dropped (``오이`` would be ``oe``). A two-syllable
    word can still meet an English word (서울 and "soul" share ``soul``); match capitalized English
    words or phrases only. Returns an empty set for text that is not all Hangul syllables.

    >>> latin_key("Kim Jong Il") in match_keys("김정일")
    True
    >>> {latin_key(s) for s in ("Pyongyang", "Pyeongyang", "P'yŏngyang")} <= match_keys("평양에서")
    True
    >>> match_keys("이"), match_keys("가")
    (frozenset(), frozenset())
    """
    if not _SYLLABLES.fullmatch(word or "-"):  # (precomposed syllables alone, the usual case, are normal already)
        word = "".join(normalize_hangul(word).split())
        if not _SYLLABLES.fullmatch(word or "-"):
            return frozenset()
    stem = strip_particles(word)
    titled = _strip_suffix(stem, _TITLES)
    forms = {word, stem, titled, _strip_suffix(titled, _TITLES), _strip_suffix(stem, _GENERICS)}
    keys: set[str] = set()
    for form in forms:
        keys |= _word_keys(form)
    return frozenset(keys)

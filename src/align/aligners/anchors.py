"""Anchors: things a translation keeps, written so that both sides give the same key.

A translator rewrites words but keeps numbers, dates, article numbers and names. Each is turned
into a language-neutral key, so ``6월 15일`` and ``June 15`` both give ``date:06-15``, ``1억1천만``
and ``110 million`` both give ``num:110000000``, ``제3조``, ``3.`` and ``Article 3`` give
``enum:3``, and ``평양`` and ``Pyongyang`` share a ``name:`` key through romanization
(:mod:`align.text.romanize`, McCune–Reischauer, Revised and DPRK spellings).

Keys only say that two sentences *may* correspond; the aligner weighs them against length and
other evidence and bounds what any one bead can gain from them (see :mod:`align.aligners.scoring`),
so a stray match such as "Chapter 1" against "Libro 1" cannot pull the alignment off course.

Month names are recognised only next to a number (``May 1945``, ``15 juin``), never alone, because
``May``, ``March`` and ``mars`` are also ordinary words.

>>> [a.key for a in find_anchors("2000년 6월 15일 평양에서", "ko") if a.kind != "name"]
['num:2000', 'date:06-15']
>>> [a.key for a in find_anchors("In Pyongyang on June 15, 2000,", "en") if a.kind != "name"]
['date:06-15', 'num:2000']
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import chain
from typing import Iterable

import regex

from ..text import romanize

__all__ = ["Anchor", "KINDS", "find_anchors", "anchor_keys", "anchor_key_list", "number_value", "numerals"]

#: Anchor kinds, in the order they are looked for.
KINDS = ("date", "num", "enum", "name")

# Month names, tried on every text (a French text may quote an English date). English and German
# months must be capitalised (``may`` and ``march`` are English words); French ones may be lower case.
_MONTHS_CAP = (
    "January February March April May June July August September October November December "
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember Jänner"
)
_MONTHS_FR = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
_MONTHS: dict[str, int] = {}
for _month_names in (_MONTHS_CAP, _MONTHS_FR):
    for _k, _n in enumerate(_month_names.split()):
        _MONTHS[_n] = _k % 12 + 1
_MONTHS["Jänner"] = 1
for _i, _n in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1):
    _MONTHS.setdefault(_n + ".", _i)
    _MONTHS.setdefault(_n, _i)
_MONTHS["Sept."] = _MONTHS["Sept"] = 9
for _n, _i in list(_MONTHS.items()):
    if _n in _MONTHS_FR.split():
        _MONTHS[_n.capitalize()] = _i
_MONTH_RE = "(?:" + "|".join(sorted((regex.escape(m) for m in _MONTHS), key=len, reverse=True)) + ")"

# no digit or decimal mark before; every pattern that opens with this opens with a digit, and the
# lookahead lets the engine skip to digits instead of trying the lookbehind at every position
_D = r"(?=\d)(?<![\p{N}.,·])"
_DE = r"(?![\p{N}])"  # no digit after
_ORD = r"(?:st|nd|rd|th|er|e|\.)?"

_DATE_PATTERNS = [
    # 2000년 6월 15일, 6월 15일, 1945년 8월
    regex.compile(rf"{_D}(?:(?P<y>\d{{4}})\s*년\s*)?(?P<m>1[0-2]|0?[1-9])\s*월(?:\s*(?P<d>3[01]|[12]\d|0?[1-9])\s*일)?"),
    # 2000.6.15, 2000-06-15, 2000/6/15 (year first)
    regex.compile(rf"{_D}(?P<y>\d{{4}})[./-](?P<m>1[0-2]|0?[1-9])[./-](?P<d>3[01]|[12]\d|0?[1-9]){_DE}"),
    # Korean shorthand 8.15, 6·15 (read as month.day only in Hangul text, see _KO_SHORT)
    # June 15(th)(, 2000) / June 2000
    regex.compile(
        rf"\b(?P<mn>{_MONTH_RE})\s+(?:(?P<d>3[01]|[12]\d|0?[1-9]){_ORD}(?![\p{{N}}])(?:,?\s+(?P<y>\d{{4}}){_DE})?|(?P<y2>\d{{4}}){_DE})"
    ),
    # 15 June (2000), 15. Juni, 15 juin 2000, le 1er mai
    regex.compile(rf"{_D}(?P<d>3[01]|[12]\d|0?[1-9]){_ORD}\s*(?:of\s+)?(?P<mn>{_MONTH_RE})(?![\p{{L}}])(?:\s+(?P<y>\d{{4}}){_DE})?"),
]
# (not before a unit: 4.2%, 1.5배, 2.5도 and 3.5 km are decimals)
_KO_SHORT = regex.compile(
    rf"{_D}(?P<m>1[0-2]|0?[1-9])\s?[.·・‧]\s?(?P<d>3[01]|[12]\d|0?[1-9]){_DE}(?!\.\d)(?!\s?(?:[%％‰배도]|퍼센트|포인트|\p{{Latin}}))"
)

# Numbers. Korean large units (만 10^4, 억 10^8, 조 10^12) combine: 1억1천만 = 110 000 000.
_KO_UNIT = {"천": 1000, "백": 100, "십": 10}
_KO_BIG = {"만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}
_KO_UNITS = "천백십만억조경"
_NUM_CORE = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_KO_PART = regex.compile(rf"{_D}(?P<n>{_NUM_CORE})(?:\s?(?P<u>[천백십]))?(?:\s?(?P<b>[만억조경]))?")
_NUMBER = regex.compile(
    rf"{_D}(?P<n>{_NUM_CORE})(?:\s*(?P<scale>thousand|million|billion|trillion|Mio\.?|Mrd\.?|millions?|milliards?|Millionen|Milliarden)\b)?(?!\.?\d)",
    regex.IGNORECASE,
)
_SCALE = {
    "thousand": 10**3,
    "million": 10**6, "millions": 10**6, "mio": 10**6, "millionen": 10**6,
    "billion": 10**9, "milliard": 10**9, "milliards": 10**9, "mrd": 10**9, "milliarden": 10**9,
    "trillion": 10**12,
}  # fmt: skip
_EN_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
    if i >= 2  # "one" is mostly an article or pronoun, rarely a written-out number
}
_EN_WORDS.update((w, 10 * k) for k, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3))
_WORD_NUMBER = regex.compile(r"(?i)\b(?P<w>" + "|".join(_EN_WORDS) + r")\b(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?")

# Article and list numbers: "3.", "(3)", "3)" opening a sentence; "제3조"; "Article 3", "Chapter III".
_ROMAN = r"[IVXLC]+"
_ENUM_WORDS = (
    "Article", r"Art\.", "Chapter", "Section", "Part", "Paragraph", "Clause", "Artikel", "Kapitel", "Abschnitt",
    "Teil", "article", "chapitre", "section", "partie", "artículo", "capítulo",
)  # fmt: skip
_ENUM_PATTERNS = [
    regex.compile(r"^\W{0,3}?(?P<n>\d{1,3})\s?[.)](?!\d)\s*"),
    regex.compile(r"^\W{0,3}?\((?P<n>\d{1,3})\)"),
    regex.compile(r"제\s?(?P<n>\d{1,4})\s?(?:조|장|항|절|편|관|호|부)"),
    regex.compile(rf"\b(?:{'|'.join(_ENUM_WORDS)})\s+(?P<n>\d{{1,4}}|{_ROMAN})\b"),
]
_ORDINALS_KO = ("첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째", "아홉째", "열째")
_ORDINALS_EN = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ORDINAL = regex.compile(
    r"^\W{0,3}?(?P<w>" + "|".join(_ORDINALS_KO) + r"|(?i:" + "|".join(_ORDINALS_EN) + r")(?:ly)?)\s*[,，:]"
)

# Names: Hangul words, and runs of capitalised Latin words (with Korean-style hyphens: Kim Jong-il).
# Whether a word may hold a written-out number, an article heading or a month name as the patterns
# need them: a text none of whose words (runs of letters, as lexicon.tokens finds them; a match's
# letters lie in one word) gives a hit needs none of those patterns. A superset of theirs: the
# number words stand between word boundaries; a keyword or month is followed by no letter (by white
# space in the text, by a digit or the word's end in "15June").
_LEXICAL = regex.compile(
    r"(?i:\b(?:" + "|".join(_EN_WORDS) + r")\b)|(?:"
    + "|".join(sorted({w.replace("\\.", "") for w in _ENUM_WORDS} | {m.rstrip(".") for m in _MONTHS}, key=lambda w: (-len(w), w)))
    + r")(?![\p{L}])"
)


def lexical_word(word: str) -> bool:
    """Whether ``word`` may be part of a written-out number, an article heading or a month name."""
    return _LEXICAL.search(word) is not None


_HANGUL_WORD = regex.compile(r"\p{Hangul}{2,}")
_CAP_WORD = r"\p{Lu}[\p{L}\p{M}'’]*(?:-\p{L}[\p{L}\p{M}]*)*"
_CAP_RUN = regex.compile(rf"{_CAP_WORD}(?:\s+{_CAP_WORD})*")
_CAP_WORD_RE = regex.compile(_CAP_WORD)
_DIGIT = regex.compile(r"\d")
_MAX_NAME_WORDS = 4


@dataclass(frozen=True, slots=True)
class Anchor:
    """One anchor: its kind, its cross-language key, and where it is in the text."""

    kind: str
    key: str
    start: int
    end: int


def _roman(s: str) -> int | None:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = vals[a]
        total += -v if b != " " and vals[b] > v else v
    return total or None


def _canon(value: Decimal) -> str:
    value = value.normalize()
    if value == value.to_integral_value():
        return str(int(value))
    return format(value, "f")


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def number_value(text: str) -> str | None:
    """The canonical value of a written number (``'1,000'``, ``'12.3 trillion'``, ``'1억1천만'``), or None.

    >>> number_value("1억1천만"), number_value("110 million"), number_value("12조3천억"), number_value("3천")
    ('110000000', '110000000', '12300000000000', '3000')
    """
    text = text.strip()
    for value, s, e in _korean_numbers(text):
        if (s, e) == (0, len(text)):
            return _canon(value)
    m = _NUMBER.fullmatch(text)
    if m:
        try:
            return _canon(_decimal(m["n"]) * _SCALE.get((m["scale"] or "").lower().rstrip("."), 1))
        except InvalidOperation:
            return None
    return None


def _korean_numbers(text: str) -> Iterable[tuple[Decimal, int, int]]:
    """Numbers written with Korean units (``3천``, ``1억 1천만``, ``12조3천억``): value, start, end.

    Parts join while each ends in a larger unit than the next (억 before 만), as in ``1억 1천만``.
    """
    if not any(u in text for u in _KO_UNITS):  # (the parts kept need a unit)
        return
    parts = [m for m in _KO_PART.finditer(text) if m["u"] or m["b"]]
    i = 0
    while i < len(parts):
        j = i
        while (
            j + 1 < len(parts)
            and parts[j]["b"]
            and parts[j + 1].start() - parts[j].end() <= 1
            and not text[parts[j].end() : parts[j + 1].start()].strip()
            and (not parts[j + 1]["b"] or _KO_BIG[parts[j + 1]["b"]] < _KO_BIG[parts[j]["b"]])
        ):
            j += 1
        try:
            total = Decimal(0)
            for m in parts[i : j + 1]:
                total += _decimal(m["n"]) * _KO_UNIT.get(m["u"] or "", 1) * _KO_BIG.get(m["b"] or "", 1)
        except InvalidOperation:
            i = j + 1
            continue
        yield total, parts[i].start(), parts[j].end()
        i = j + 1


_ANY_HANGUL = regex.compile(r"\p{Hangul}")


def _has_hangul(text: str) -> bool:
    return _ANY_HANGUL.search(text) is not None


def _dates(text: str, korean: bool, lexical: bool = True) -> Iterable[tuple[Anchor, tuple[int, int]]]:
    """Date anchors, each with the span whose digits it consumed (so they are not also numbers).

    ``lexical=False`` says that no word of ``text`` holds a month name (see :func:`lexical_word`).
    """
    # (patterns that cannot match are left out: those with month names, and the Korean one without 월)
    pats = [p for k, p in enumerate(_DATE_PATTERNS) if (k != 0 or "월" in text) and (k < 2 or lexical)]
    if korean:
        pats.append(_KO_SHORT)
    # the longest match wins where patterns overlap ("15 juin 2000" over "juin 2000")
    matches = sorted((m for p in pats for m in p.finditer(text)), key=lambda m: (m.start(), -m.end()))
    taken: list[tuple[int, int]] = []
    for m in matches:
        s, e = m.span()
        if not _free(taken, s, e):
            continue
        g = m.groupdict()
        month = int(g["m"]) if g.get("m") else _MONTHS.get(g.get("mn") or "")
        if not month:
            continue
        taken.append((s, e))
        key = f"date:{month:02d}-{int(g['d']):02d}" if g.get("d") else f"month:{month:02d}"
        yield Anchor("date", key, s, e), (s, e)
        yg = "y" if g.get("y") else "y2" if g.get("y2") else None
        if yg:
            yield Anchor("num", f"num:{int(g[yg])}", *m.span(yg)), m.span(yg)


def _free(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether ``[s, e)`` overlaps none of ``spans``."""
    for a, b in spans:
        if s < b and a < e:
            return False
    return True


def _numbers(text: str, taken: list[tuple[int, int]], digits: bool = True, lexical: bool = True) -> list[Anchor]:
    """Number anchors outside ``taken``; ``lexical=False`` says that no word of ``text`` is a :func:`lexical_word`."""
    found: list[tuple[int, int]] = list(taken)
    out: list[Anchor] = []
    if digits:
        for value, s, e in _korean_numbers(text):
            if _free(found, s, e):
                out.append(Anchor("num", f"num:{_canon(value)}", s, e))
                found.append((s, e))
        for m in _NUMBER.finditer(text):
            s, e = m.span()
            if _free(found, s, e):
                try:
                    value = _decimal(m["n"]) * _SCALE.get((m["scale"] or "").lower().rstrip("."), 1)
                except InvalidOperation:
                    continue
                out.append(Anchor("num", f"num:{_canon(value)}", s, e))
                found.append((s, e))
    if lexical:
        for m in _WORD_NUMBER.finditer(text):
            s, e = m.span()
            if _free(found, s, e):  # (word numbers do not take their span: "twenty two" is 20 and 2)
                words_value = _EN_WORDS[m["w"].lower()] * _SCALE.get((m["scale"] or "").lower(), 1)
                out.append(Anchor("num", f"num:{words_value}", s, e))
    return out


def _enums(text: str, digits: bool = True, lexical: bool = True) -> Iterable[Anchor]:
    pats = _ENUM_PATTERNS if digits else _ENUM_PATTERNS[-1:]  # only the last allows Roman numerals
    for pat in pats if lexical else pats[:-1]:  # (the last needs a keyword)
        if pat is _ENUM_PATTERNS[2] and "제" not in text:
            continue
        for m in pat.finditer(text):
            n = m["n"]
            value = int(n) if n.isdigit() else _roman(n)
            if value:
                yield Anchor("enum", f"enum:{value}", *m.span())
    m = _ORDINAL.match(text)
    if m:
        w = m["w"].lower().removesuffix("ly")
        value = (_ORDINALS_KO.index(w) if w in _ORDINALS_KO else _ORDINALS_EN.index(w)) + 1
        yield Anchor("enum", f"enum:{value}", *m.span("w"))


@lru_cache(maxsize=200_000)
def _hangul_keys(word: str) -> frozenset[str]:
    return romanize.match_keys(word)  # it strips particles and titles itself


@lru_cache(maxsize=200_000)
def _latin_key(phrase: str) -> str:
    return romanize.latin_key(phrase)


def _names(text: str) -> Iterable[Anchor]:
    for m in _HANGUL_WORD.finditer(text):
        for k in sorted(_hangul_keys(m.group())):
            yield Anchor("name", f"name:{k}", *m.span())
    for m in _CAP_RUN.finditer(text):
        words = list(_CAP_WORD_RE.finditer(m.group()))
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + _MAX_NAME_WORDS) + 1):
                s, e = m.start() + words[i].start(), m.start() + words[j - 1].end()
                key = _latin_key(text[s:e])
                if len(key) >= 3:
                    yield Anchor("name", f"name:{key}", s, e)


@lru_cache(maxsize=200_000)
def _word_name_keys(word: str) -> tuple[str, ...]:
    return tuple(f"name:{k}" for k in sorted(_hangul_keys(word)))


@lru_cache(maxsize=200_000)
def _run_name_keys(run: str) -> tuple[str, ...]:
    """The ``name:`` keys of one run of capitalised words, as :func:`_names` makes them."""
    words = list(_CAP_WORD_RE.finditer(run))
    out = []
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + _MAX_NAME_WORDS) + 1):
            key = _latin_key(run[words[i].start() : words[j - 1].end()])
            if len(key) >= 3:
                out.append(f"name:{key}")
    return tuple(out)


def _name_keys(text: str) -> list[str]:
    """The keys of :func:`_names` without building anchors: a run's keys do not depend on where it is."""
    out = list(chain.from_iterable(map(_word_name_keys, _HANGUL_WORD.findall(text))))
    for run in _CAP_RUN.findall(text):
        out.extend(_run_name_keys(run))
    return out


def find_anchors(text: str, lang: str | None = None, kinds: Iterable[str] = KINDS) -> list[Anchor]:
    """All anchors in ``text``, sorted by position.

    The patterns mostly follow the script; ``lang`` only decides whether a bare ``8.15`` is a date
    (Korean usage, also taken when the text has Hangul) or a decimal number.

    """
    return _find_anchors(text, lang, set(kinds), True)


def _find_anchors(text: str, lang: str | None, kinds: set[str] | frozenset[str], lexical: bool) -> list[Anchor]:
    """:func:`find_anchors`; ``lexical=False`` says that no word of ``text`` is a :func:`lexical_word`."""
    out: list[Anchor] = []
    taken: list[tuple[int, int]] = []
    digits = _DIGIT.search(text) is not None  # dates and most numbers need one: skip them cheaply
    if digits:
        korean = (lang or "").split("-")[0] == "ko" or _has_hangul(text)
        for anchor, span in _dates(text, korean, lexical):
            taken.append(span)
            if anchor.kind in kinds or (anchor.kind == "num" and "date" in kinds):
                out.append(anchor)
    if "enum" in kinds:
        enums = list(_enums(text, digits, lexical))
        out.extend(enums)
        taken.extend((a.start, a.end) for a in enums)
    if "num" in kinds:
        out.extend(_numbers(text, taken, digits, lexical))
    if "name" in kinds:
        out.extend(_names(text))
    if len(out) > 1:
        out.sort(key=lambda a: (a.start, a.end, a.key))
    return out


def anchor_keys(text: str, lang: str | None = None, kinds: Iterable[str] = KINDS) -> Counter[str]:
    """The multiset of anchor keys of one sentence."""
    return Counter(anchor_key_list(text, lang, kinds))


def anchor_key_list(text: str, lang: str | None = None, kinds: Iterable[str] = KINDS) -> list[str]:
    """:func:`anchor_keys` as a list, in text order within each kind (for callers that merge bags)."""
    return anchor_key_list_and_numerals(text, lang, kinds)[0]


def anchor_key_list_and_numerals(
    text: str, lang: str | None = None, kinds: Iterable[str] = KINDS
) -> tuple[list[str], tuple[tuple[tuple[str, ...], ...], frozenset[str]]]:
    """:func:`anchor_key_list` and :func:`numerals` of one sentence, its numbers looked for once."""
    kinds = set(kinds)
    keys, nums = numeric_keys_and_numerals(text, lang, kinds)
    if "name" in kinds:
        keys += _name_keys(text)  # names are the most numerous anchors: keys only, cached per word
    return keys, nums


def numeric_keys_and_numerals(
    text: str, lang: str | None, kinds: set[str] | frozenset[str], lexical: bool = True
) -> tuple[list[str], tuple[tuple[tuple[str, ...], ...], frozenset[str]]]:
    """:func:`anchor_key_list_and_numerals` without the ``name`` keys (``kinds`` may hold ``name``);
    ``lexical=False`` says that no word of ``text`` is a :func:`lexical_word`."""
    plain = kinds - {"name"}
    if plain >= _NUMERIC_SET:
        found = _find_anchors(text, lang, plain, lexical)
        return [a.key for a in found], _numerals_of(text, found)
    keys = [a.key for a in find_anchors(text, lang, plain)] if plain else []
    return keys, numerals(text, lang)


_NUMERIC_KINDS = ("date", "num", "enum")
_NUMERIC_SET = frozenset(_NUMERIC_KINDS)


def _atoms(key: str) -> tuple[str, ...]:
    """The numbers a numeric key is made of: ``date:04-27`` -> ``('4', '27')``, ``enum:3`` -> ``('3',)``."""
    kind, _, value = key.partition(":")
    if kind == "date":
        return tuple(str(int(x)) for x in value.split("-"))
    if kind == "month":
        return (str(int(value)),)
    return (value,)


def _maybe_numeral(text: str) -> bool:
    return _WORD_NUMBER.search(text) is not None or _ORDINAL.match(text) is not None


#: What a sentence without numbers gives: one object for all of them (the aligner keeps one per sentence).
_NO_NUMERALS: tuple[tuple[tuple[str, ...], ...], frozenset[str]] = ((), frozenset())


def _numerals_of(text: str, found: Iterable[Anchor]) -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    written: list[tuple[str, ...]] = []
    present: set[str] = set()
    for a in found:
        if a.kind not in _NUMERIC_KINDS:
            continue
        atoms = _atoms(a.key)
        present.update(atoms)
        if _DIGIT.search(text, a.start, a.end) is not None:
            written.append(atoms)
    if not present:
        return _NO_NUMERALS
    return tuple(written), frozenset(present)


def numerals(text: str, lang: str | None = None) -> tuple[tuple[tuple[str, ...], ...], frozenset[str]]:
    """The numbers of one sentence, for telling when two sentences *cannot* be translations.

    Returns ``(written, present)``: ``written`` has one entry per date, number or article number
    written with digits, as the numbers it is made of (``2018년 4월 27일`` gives ``('4', '27')``
    and ``('2018',)``); ``present`` is every number the sentence states in any form (digits,
    ``forty``, ``셋째``, the parts of a date). A translation keeps numbers written with digits, so
    a digit-written number of one side that the other side does not state at all is evidence
    that the two are not each other's translation. Dates are compared by their parts, so a date
    whose units were lost (``2018 4 27``) still meets ``April 27, 2018``.

    >>> written, present = numerals("Article 4 takes effect on June 15, 2000.", "en")
    >>> written, sorted(present)
    ((('4',), ('6', '15'), ('2000',)), ['15', '2000', '4', '6'])
    """
    if _DIGIT.search(text) is None and not _maybe_numeral(text):
        return _NO_NUMERALS
    return _numerals_of(text, find_anchors(text, lang, _NUMERIC_KINDS))

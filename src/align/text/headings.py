"""Division headings in the forms books and documents use, in several languages.

:func:`parse_heading` reads one line and says whether it is a heading by its own words (a division
word with a number, a numbered section, a Markdown ``#``), and if so which division it opens
(``type``), its number (``n``, as printed) and its rank (``level``: smaller is outer). Headings that
are headings only by their look (capitals, Title Case, bold) are judged by :mod:`align.text.structure`,
which sees their neighbours.

Levels: 0 volume; 1 part, book, act; 2 chapter (and prologue, preface, appendix …); 3 section, scene;
4 article of a treaty; 5 and deeper: numbered sub-sections (``1.2.3``). Only their order matters.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

__all__ = ["Heading", "parse_heading", "roman_value", "FRONT_TYPES", "BACK_TYPES"]


@dataclass(frozen=True)
class Heading:
    """What a heading line says about the division it opens."""

    type: str
    level: int
    n: str | None = None
    #: the heading gives a division word or number of its own (not only its look)
    explicit: bool = True


# Division words, by rank. Keys are casefolded; values are (TEI @type, level).
_WORDS: dict[str, tuple[str, int]] = {}
for _type, _level, _names in [
    ("volume", 0, "volume vol. tome band 권 卷"),
    ("part", 1, "part partie teil parte 편 부 部 篇"),
    ("book", 1, "book livre buch libro"),
    ("act", 1, "act acte akt atto"),
    ("chapter", 2, "chapter chap. chapitre kapitel capítulo capitulo capitolo 장 章 回"),
    ("canto", 2, "canto chant"),
    ("letter", 2, "letter lettre brief"),
    ("section", 3, "section sect. abschnitt sección sezione § 절 节 節"),
    ("scene", 3, "scene scène szene escena"),
    ("article", 4, "article art. artikel artículo articolo 조 条 條"),
]:
    for _name in _names.split():
        _WORDS[_name] = (_type, _level)

# Divisions named by a word alone ("PREFACE", "Epilogue", "머리말"): (type, level).
_NAMED: dict[str, tuple[str, int]] = {}
for _type, _names in [
    ("preface", "preface foreword préface avant-propos vorwort prefacio prefazione 머리말 서문 서언 책머리에 序文 前言"),
    ("abstract", "abstract summary résumé zusammenfassung resumen 요약 초록 摘要"),
    ("introduction", "introduction einleitung introducción 들어가며 서론 緒論"),
    ("prologue", "prologue prolog prólogo prologo 프롤로그 序章"),
    ("epilogue", "epilogue épilogue epilog epílogo epilogo 에필로그 終章"),
    ("dedication", "dedication widmung dédicace 헌사"),
    ("contents", "contents table des matières inhalt inhaltsverzeichnis 차례 목차 目次 目录"),
    ("acknowledgements", "acknowledgements acknowledgments remerciements danksagung 감사의 글"),
    ("conclusion", "conclusion schluss 결론 맺음말 結論"),
    ("afterword", "afterword postface nachwort 후기 맺는말 後記"),
    ("appendix", "appendix appendices annexe anhang apéndice 부록 附錄 附录"),
    ("notes", "notes endnotes anmerkungen 주 미주 註"),
    ("bibliography", "bibliography references bibliographie literaturverzeichnis 참고문헌 參考文獻 参考文献"),
    ("index", "index register 색인 찾아보기 索引"),
    ("glossary", "glossary glossaire 용어 해설"),
]:
    for _name in _names.split():
        _NAMED[_name] = (_type, 2)
# a few two-word names
for _name, _type in [("table des matières", "contents"), ("감사의 글", "acknowledgements"), ("용어 해설", "glossary")]:
    _NAMED[_name] = (_type, 2)

#: Division types that belong in ``front`` when they come before the first chapter or part.
FRONT_TYPES = frozenset({"preface", "dedication", "contents", "acknowledgements", "abstract"})
#: Division types that belong in ``back`` when everything after them is of these types.
BACK_TYPES = frozenset({"appendix", "notes", "bibliography", "index", "glossary", "afterword"})

_NUMBER_WORDS = {
    w: i + 1
    for i, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
_FR = {"premier": 1, "première": 1, "premiere": 1, "un": 1, "une": 1, "deux": 2, "deuxième": 2, "second": 2, "seconde": 2,
       "trois": 3, "troisième": 3, "quatre": 4, "quatrième": 4, "cinq": 5, "cinquième": 5, "six": 6, "sixième": 6,
       "sept": 7, "septième": 7, "huit": 8, "huitième": 8, "neuf": 9, "neuvième": 9, "dix": 10, "dixième": 10, "dernier": 0, "dernière": 0}
_DE = {"erstes": 1, "erster": 1, "erste": 1, "zweites": 2, "zweiter": 2, "zweite": 2, "drittes": 3, "dritter": 3, "dritte": 3,
       "viertes": 4, "vierter": 4, "vierte": 4, "fünftes": 5, "fünfter": 5, "fünfte": 5, "sechstes": 6, "sechster": 6,
       "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5}
_WORD_NUMBERS = {**_NUMBER_WORDS, **_ORDINALS, **_FR, **_DE, "last": 0}
# "twenty-first", "thirty two", "vingt-deuxième"
_TENS = regex.compile(
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|vingt|trente|quarante|cinquante|soixante)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|et-un|et-unième|deux|deuxième|trois|troisième|quatre|quatrième|cinq|cinquième|six|sixième|sept|septième|huit|huitième|neuf|neuvième))?"
    r"|twentieth|thirtieth|fortieth|fiftieth|vingtième|trentième"
)

_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_CJK_NUM = r"[一二三四五六七八九十百千零〇两兩壹貳參\d]+"
_NUM = rf"(?:\d{{1,4}}[a-z]?|{_ROMAN}|[a-z](?=[.:)\s]|$)|(?:the\s+)?[\p{{L}}]+(?:-[\p{{L}}]+)?)"

# word + number ("CHAPTER I.", "Part Two", "BOOK THE FIRST", "Chapitre premier", "Kapitel 3", "Art. 5")
_WORD_FIRST = regex.compile(
    rf"^(?P<word>[\p{{L}}]+\.?|§)\s*(?P<num>{_NUM})\s*(?:[.:—–-]\s*(?P<title>.*)|\s+(?P<title2>\S.*))?$",
    regex.IGNORECASE,
)
# ordinal + word ("Première partie", "Erstes Kapitel", "First Book", "The Second Part")
_ORD_FIRST = regex.compile(r"^(?:the\s+)?(?P<num>[\p{L}]+)\s+(?P<word>[\p{L}]+)\s*(?:[.:—–-]\s*(?P<title>.*))?$", regex.IGNORECASE)
# 제1장, 제 2 절, 제3편, 제1조 (Korean); 第三章, 第1条 (Chinese, Japanese); 1장 (Korean, no 제)
_KO = regex.compile(r"^(?:제\s*(?P<num>\d{1,4}|[일이삼사오육칠팔구십백]+)\s*|(?P<num2>\d{1,3})\s*)(?P<word>[편부장절관조])(?![가-힣])\s*(?:[.:]\s*)?(?P<title>.*)$")
_ZH = regex.compile(rf"^第\s*(?P<num>{_CJK_NUM})\s*(?P<word>[卷部篇章节節回条條])\s*(?P<title>.*)$")
# 1.2 Title / 1. Introduction / 2.3.1 Method (a numbered section, never a sentence)
_NUMBERED = regex.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(?P<title>\p{Lu}[^\n]*|[\p{Lo}][^\n]*)$")
_MARKDOWN = regex.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>\S.*?)\s*#*\s*$")
_BARE_ROMAN = regex.compile(r"^(?P<num>(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))\.?(?:(?:\s*[.:—–-]\s*|\s+)(?P<title>\S.*))?$")
_TERMINAL_END = regex.compile(r"[.!?。？！…][\"”’»)]*$")


_DIGITS = regex.compile(r"\d{1,4}[a-z]?")
_CJK = regex.compile(_CJK_NUM)
_KO_NUM = regex.compile(r"[일이삼사오육칠팔구십백]+")
_LETTER = regex.compile(r"\p{L}")


# What a heading may open with (see _may_open): characters, and the first characters of listed words.
_OPENERS = frozenset("#제第§IVXLCDM")
_DIGIT = regex.compile(r"\d")
_KEYS = [*_WORDS, *_NAMED, *_WORD_NUMBERS, "the"]
_KEY_FIRST1 = frozenset(k for k in _KEYS if len(k) == 1)
_KEY_FIRST2 = frozenset(k[:2] for k in _KEYS if len(k) >= 2)


def roman_value(s: str) -> int | None:
    """Value of a Roman numeral (either case), or None when it is not one."""
    vals = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    s = s.lower()
    if not s or not regex.fullmatch(_ROMAN, s):
        return None
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total


def _number(num: str) -> str | None:
    """The number as printed when it is one (digits, Roman numeral, number word), else None."""
    t = num.strip().casefold()
    if t.startswith("the "):
        t = t[4:].strip()
    if _DIGITS.fullmatch(t) or _CJK.fullmatch(t) or _KO_NUM.fullmatch(t):
        return num.strip()
    if roman_value(t) is not None:
        return num.strip()
    if t in _WORD_NUMBERS or _TENS.fullmatch(t):
        return num.strip()
    if len(t) == 1 and t.isalpha():
        return num.strip()
    return None


def _title_ok(title: str | None) -> bool:
    """What follows a division number is a title, not the rest of a sentence."""
    if not title:
        return True
    t = title.strip()
    return len(t) <= 100 and not (_TERMINAL_END.search(t) and len(t.split()) > 8)


def parse_heading(line: str) -> Heading | None:
    """The division a single line opens, when its own words say so; None otherwise.

    >>> parse_heading("CHAPTER XIV.")
    Heading(type='chapter', level=2, n='XIV', explicit=True)
    >>> parse_heading("제 2 절 정의").type
    'section'
    """
    if len(line) > 140 and not (line[0] == "*" or line[-1] == "*" or line[0].isspace() or line[-1].isspace()):
        return None  # too long, and nothing to strip (the test below, without the three copies)
    t = line.strip().strip("*").strip()
    if not t or "\n" in t or len(t) > 140:
        return None
    if not _may_open(t):
        return None
    return _parse(t)


def _may_open(t: str) -> bool:
    """Whether the stripped line ``t`` could be a heading at all: a quick, exact test before the
    parser's many patterns. Each pattern of :func:`_parse` needs ``t`` to open with one of: ``#``
    (Markdown), ``제``/``第``/a digit (Korean, Chinese, numbered), an upper-case Roman digit, or a word
    of the lists (a division word, a number word, ``the``, a named division), whose casefolded first
    two characters (or only one, for one-character words) ``t`` then shares."""
    if t[0] in _OPENERS or _DIGIT.match(t):
        return True
    f = t[:2].casefold()
    return f[:1] in _KEY_FIRST1 or f[:2] in _KEY_FIRST2


def _parse(t: str) -> Heading | None:
    """:func:`parse_heading` of a stripped line."""
    m = _MARKDOWN.match(t)
    if m:
        inner = parse_heading(m["title"])
        level = len(m["hashes"])
        if inner is not None:
            return Heading(inner.type, inner.level, inner.n)
        return Heading("section", level, None)
    m = _KO.match(t)
    if m and _title_ok(m["title"]) and not (m["num2"] and m["word"] in "부조"):  # "3부" is ambiguous, "3조" money
        typ, level = _WORDS[m["word"]]
        return Heading(typ, level, m["num"] or m["num2"])
    m = _ZH.match(t)
    if m and _title_ok(m["title"]):
        typ, level = _WORDS[m["word"]]
        return Heading(typ, level, m["num"])
    m = _WORD_FIRST.match(t)
    if m and m["word"].casefold() in _WORDS:
        num = _number(m["num"])
        title = m["title"] if m["title"] is not None else m["title2"]
        # "Part of the crowd": a number word must stand alone or before punctuation or a title
        if num is not None and _title_ok(title) and (title is None or m["title"] is not None or _capitalised(title)):
            typ, level = _WORDS[m["word"].casefold()]
            if typ == "letter" and num.isalpha() and len(num) == 1:
                return None
            return Heading(typ, level, regex.sub(r"(?i)^the\s+", "", num))
    m = _ORD_FIRST.match(t)
    if m and m["word"].casefold() in _WORDS and m["num"].casefold() in _WORD_NUMBERS and _title_ok(m["title"]):
        typ, level = _WORDS[m["word"].casefold()]
        return Heading(typ, level, m["num"])
    bare = t.rstrip(".:").strip()
    if bare.casefold() in _NAMED:
        typ, level = _NAMED[bare.casefold()]
        return Heading(typ, level, None)
    m = _BARE_ROMAN.match(t)
    if m and m["num"] and _title_ok(m["title"]) and (m["title"] is None or _capitalised(m["title"])):
        return Heading("chapter", 2, m["num"])
    m = _NUMBERED.match(t)
    if m and not _TERMINAL_END.search(t) and len(t) <= 90 and len(m["title"].split()) <= 12:
        depth = m["num"].count(".") + 1
        return Heading("section", 2 + depth, m["num"])
    return None


def _capitalised(title: str) -> bool:
    first = _LETTER.search(title)
    return first is not None and (first.group().isupper() or not first.group().islower())

"""Sentence splitting: a range of the text into sentence spans, by rules or by a pluggable backend.

The contract every splitter keeps (and :func:`split_sentences` checks): spans are absolute code-point
offsets, sorted, non-overlapping, trimmed of white space, and together they hold every non-space
character of the range, so nothing is ever dropped. A lone newline does not end a sentence (OCR wraps
lines mid-sentence); a blank line always does.

The ``rules`` splitter is deterministic and needs nothing beyond :mod:`regex`. Its knowledge is in the
module constants below (abbreviations, sentence starters, Korean endings), so a scholar can read, cite
and extend it. English (``en``) and Korean (``ko``) have their own rules; any other language tag gets
the generic rules, which also know the common German and French abbreviations and the ordinal dot
(``am 3. Mai``) that German, Danish, Czech, Finnish and others use.

>>> text = "Dr. Kim arrived at 8.15 a.m. He left. 그는 떠났다 다시 오지 않았다"
>>> [text[a:b] for a, b in split_sentences(text, "en")]
['Dr. Kim arrived at 8.15 a.m.', 'He left.', '그는 떠났다 다시 오지 않았다']
>>> [text[a:b] for a, b in split_sentences(text, "ko", start=38)]
['그는 떠났다', '다시 오지 않았다']
"""

from __future__ import annotations

import bisect
import functools
import importlib
from dataclasses import dataclass
from typing import Callable, Protocol

import regex

from ..errors import SegmentError
from ..model import Document, Layer, Span

__all__ = [
    "Spans",
    "SentenceSplitter",
    "RuleSplitter",
    "KiwiSplitter",
    "SPLITTERS",
    "get_splitter",
    "split_sentences",
    "split_rules",
    "match_forward",
    "sentence_layer",
    "korean_ending_strength",
    "primary_language",
]

Spans = list[tuple[int, int]]

# --------------------------------------------------------------------------------------------------
# Data. Abbreviations are stored without their final dot, exactly as they are written (case matters:
# "No. 5" is an abbreviation, "said no." is not).

#: Abbreviations that (almost) never end a sentence: titles, "Mt", "No", "e.g." and the like. A full
#: stop after one of these is never a sentence end (a blank line still is).
PREPOSITIVE_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """Mr Mrs Ms Mx Messrs Dr Drs Prof Profs Rev Revd Hon Fr Sr St Mt Mts Ft Sgt Cpl Pvt Capt Cmdr Col Gen
        Lt Maj Adm Gov Sen Rep Pres Amb Supt Insp No Nos Vol Vols vol vols pp Pp Fig Figs fig figs Ch Chap ch
        chap Art Arts art Sec Secs sec Para para Eq Eqs eq Ref Refs ref Dept Univ Assn approx ca cf Cf vs
        viz e.g i.e E.g I.e et al Op op Ed Eds Tel tel""".split()
    ),
    # Common in German and French benchmark and OCR text; used by the generic rules.
    "_other": frozenset(
        """Nr Nrn Bd Bde Abb Anm Anh bzw vgl Vgl sog evtl ggf Hr Hrn Fr Frl geb gest inkl exkl bspw
        ca z.B z.T u.a d.h s.o s.u o.ä u.ä Hg Hrsg Jh Kap Tab M MM Mme Mmes Mlle Mlles Me Mgr Ste
        env ex chap éd p.ex c.-à-d av apr Std Min Sek Tel Abt""".split()
    ),
}

#: Abbreviations that may end a sentence ("... and so on, etc."). A full stop after one of these,
#: or after any dotted abbreviation such as ``U.S.``, ends a sentence only when the next word is a
#: typical sentence starter (:data:`SENTENCE_STARTERS`).
FINAL_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """etc Inc Ltd Co Corp Bros Jr Sr Esq Ave Blvd Rd Sq Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov
        Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun a.m p.m A.M P.M U.S U.K U.N U.S.A B.C A.D
        Ph.D M.A B.A Gov't est""".split()
    ),
    "_other": frozenset("usw etc Jh Str Mio Mrd Cie Jr Sr resp".split()),
}

#: Words that often begin a sentence. After an abbreviation that may or may not end a sentence, one
#: of these (capitalised) decides for a sentence end. Unknown languages use the union of all lists.
SENTENCE_STARTERS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """The A An He She It They We I You This That These Those There Here In On At But And Or So
        Yet However If When While After Before As His Her Their Our Its My Some Many Most All No
        Then Thus Meanwhile Later Now Today Yesterday Tomorrow What Why How Who Where Sometimes Also
        Still Even Only One Another Every Each For From To With By Not Last Next Despite Although""".split()
    ),
    "de": frozenset(
        """Der Die Das Den Dem Des Ein Eine Einer Er Sie Es Wir Ich Ihr Man Dies Diese Dieser Dann
        Doch Aber Und Im In Am Auf Als Wenn Nach Bei Da Dort So Auch Noch Nun Heute""".split()
    ),
    "fr": frozenset(
        """Le La Les L Un Une Des Il Elle Ils Elles On Nous Vous Je Ce Cette Ces Cet Mais Et Puis
        Alors Dans En Au Aux Après Avant Quand Si Ainsi Enfin Aujourd""".split()
    ),
}
_ALL_STARTERS = frozenset().union(*SENTENCE_STARTERS.values())

# Korean. Sentences often end without punctuation in OCR and captions, so the final verbal ending
# itself is evidence. Strength 2 (strong): split at any white space before a new clause. Strength 1
# (weak): split only when the white space holds a line break. The rules read only the last syllables
# of a word, so they hold for North (리용, 련합) and South (이용, 연합) spelling alike.

#: Word endings that look final but are nouns or particles (바다 "sea", 마다 "every", 보다 "than",
#: 필요 "need", 나라 "country", 따라 "following", 아니라 "not ... but").
KO_NOT_FINAL = (
    "바다", "마다", "보다", "필요", "중요", "주요", "수요", "강요", "소요", "개요", "동요", "민요",
    "긴요", "요요", "그네", "우리네", "너네", "너희네", "저희네", "아낙네", "나라", "따라", "아니라",
    "아까", "자라",
)
#: Adjectives and auxiliaries whose plain form ``-다`` closes a sentence (strong).
KO_ADJECTIVE_FINAL = (
    "없다", "않다", "같다", "많다", "좋다", "싶다", "아니다", "그렇다", "이렇다", "저렇다", "크다",
    "작다", "높다", "낮다", "길다", "짧다", "넓다", "좁다", "깊다", "옳다", "싫다", "낫다", "쉽다",
    "렵다", "롭다", "답다", "스럽다", "겠다", "이다",
)
#: Imperative endings ``-(으)라`` (strong): 하라, 말라, 나아가라, 지켜라.
KO_IMPERATIVE_RA = ("하라", "말라", "마라", "리라", "거라", "너라", "으라", "시라")
KO_IMPERATIVE_RA_STEM = "어아여워와봐줘져쳐켜펴혀해려셔가오"
#: Syllables before propositive ``-자`` (weak): 하자, 가자, 나가자, 지키자, 싸우자.
KO_PROPOSITIVE_STEM = "하가보살놀먹되키우들찾알말치읽쓰듣잡갖켜내두서오"
#: Syllables before imperative ``-시오`` (strong): 하시오, 주시오, 마시오; others (내시오, but also
#: the name 이그나시오) are weak.
KO_POLITE_O_STEM = "하주마보가오드쓰되두서"
#: Words after a sentence end or a quotation that continue the clause instead of starting a new one:
#: quotatives (``"가자." 라고``), ``-다 보니``, ``-다 할 수 있다``, ``-ㄹ까 싶다``.
KO_CONTINUATION = regex.compile(
    r"(?:라고|라며|라면서|라는|라니|란|이라고|이라며|이라는|이란|하고|하며|하면서|하는|하니|하여|하였|"
    r"하더|하겠|했|한다|해도|해서|보니|보면|싶|못해|치고|치더|말고|말까|고(?!\p{Hangul})|며(?!\p{Hangul})|"
    r"는(?!\p{Hangul})|면(?!\p{Hangul})|할(?!\p{Hangul})|봐(?!\p{Hangul}))"
)

# Structure. Korean enumerators 가 나 다 ... are the traditional list sequence.
_TERMS = r"\p{Sentence_Terminal}…‥"
_RUN = regex.compile(rf"\.(?:[ \u00a0]\.){{2,}}|[{_TERMS}]+")
_CLOSERS = regex.compile(r"[\"'\p{Pe}\p{Pf}\p{Pi}]*")
_OPENERS = regex.compile(r"[\"'\p{Ps}\p{Pi}\p{Pf}¿¡\s]*")
_TOKEN_BEFORE = regex.compile(r"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.'’\-]*$")
_NEXT_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_NL = r"\n\r\v\f\x85\u2028"
_BLANK_LINE = regex.compile(rf"(?>\r\n|[{_NL}])[^\S{_NL}\u2029]*(?>\r\n|[{_NL}])|\u2029")
_LINE_BREAK = regex.compile(rf"[{_NL}\u2029]")
_MARKER = r"(?:\d{1,3}|[A-Za-z]|[ivxlIVXL]{1,4}|[가나다라마바사아자차카타파하])"
# A line that starts with one of these starts a new item (and so a new sentence). A single Latin
# letter counts only with ")" since "J. Smith" may begin a wrapped line.
_LIST_ITEM = regex.compile(
    rf"(?<=[{_NL}])[^\S{_NL}]*(?=(?:\d{{1,3}}[.)]|[A-Za-z]\)|[IVXL]{{2,4}}\.|[가나다라마바사아자차카타파하][.)]"
    rf"|\(\d{{1,3}}\)|[•◦▪‣●○■□◆◇※\u2460-\u24ff\u2776-\u2793])\s)"
)
#: The last syllables with which korean_ending_strength can be above 0: only white space after one
#: of them can end a sentence without punctuation (tests/test_sentences_speed.py holds them together).
KO_FINAL_SYLLABLES = "다요죠까라냐니오네자"
_KO_GAP = regex.compile(rf"(?<=[{KO_FINAL_SYLLABLES}])\s+(?=\S)")
_CLAUSE_START = regex.compile(r"[\p{Hangul}\p{Lu}\p{N}\"'“‘「『《〈(\[]")
_SPACE = regex.compile(r"\s*")
_NONSPACE = regex.compile(r"\S")
_DETACHED = regex.compile(r"[,;:\p{Pe}]|[.!?。．？！](?![.…])")
# A closing quote or bracket set off by a space, as in French « Oui. » and in tokenized text.
_DETACHED_CLOSER = regex.compile(r"[ \u00a0\u202f\u2009]+[\p{Pe}\"'»›”’](?!\S)")
_YMD_DATE = regex.compile(r"(?<!\d)\d{4}\.\s?\d{1,2}\.\s?\d{1,2}$")
_ROMAN = regex.compile(r"[ivxlIVXL]{1,4}")
_FULLWIDTH_TERMS = "。．？！｡"
# Compiled once: regex's own cache lookup costs more than the match on these short strings.
_MARKER_RE = regex.compile(_MARKER)
_NUMERIC = regex.compile(r"[\d.]+")
_KO_DATE_UNIT = regex.compile(r"[년월일]")
_HANGUL_TAIL = regex.compile(r"\p{Hangul}+$")
_SUBTAG_SEP = regex.compile(r"[-_]")
_QUOTES = regex.compile(
    r"“[^“”]{1,500}”|「[^「」]{1,500}」|『[^『』]{1,500}』|《[^《》]{1,500}》|〈[^〈〉]{1,500}〉|‘[^‘’]{1,300}’"
    # straight quotes pair up wrongly once one is missing, so the opening one must open (white space
    # or a bracket before it, a letter after it) and the closing one must close
    r"|(?<![^\s(\[])\"(?=[^\s\"])[^\"]{1,300}(?<=\S)\"|(?<![^\s(\[])'(?=[^\s'])[^'\n]{1,300}(?<=\S)'"
)

_HANGUL_FIRST, _HANGUL_COUNT = 0xAC00, 11172
_JONG_N, _JONG_L, _JONG_B, _JONG_SS = 4, 8, 17, 20


def primary_language(tag: str) -> str:
    """The primary subtag of a BCP 47 tag, lower-cased: ``"ko-KP"`` -> ``"ko"``.

    >>> primary_language("en-GB"), primary_language("KO_kp"), primary_language("")
    ('en', 'ko', 'und')
    """
    head = _SUBTAG_SEP.split(tag.strip(), maxsplit=1)[0].lower()
    return head or "und"


def _final_consonant(syllable: str) -> int:
    """Index of the final consonant (jongseong) of a Hangul syllable; 0 for none, -1 if not Hangul."""
    code = ord(syllable) - _HANGUL_FIRST
    return code % 28 if 0 <= code < _HANGUL_COUNT else -1


def korean_ending_strength(word: str) -> int:
    """How surely a Hangul word ends a sentence when no punctuation follows: 2 strong, 1 weak, 0 no.

    >>> [korean_ending_strength(w) for w in ("하였다", "합니다", "있어요", "바다", "했다고", "중요", "하다")]
    [2, 2, 2, 0, 0, 0, 1]
    """
    if len(word) < 2 or word.endswith(KO_NOT_FINAL):
        return 0
    last, prev = word[-1], word[-2]
    if last == "다":
        if prev == "니" or _final_consonant(prev) in (_JONG_N, _JONG_SS) or word.endswith(KO_ADJECTIVE_FINAL):
            return 2
        return 1 if _final_consonant(prev) >= 0 else 0
    if last in "요죠":
        return 2 if _final_consonant(prev) >= 0 else 0
    if last == "까":
        interrogative = prev == "니" and len(word) >= 3 and _final_consonant(word[-3]) == _JONG_B
        return 2 if interrogative or _final_consonant(prev) == _JONG_L else 0
    if last == "라":
        return 2 if word.endswith(KO_IMPERATIVE_RA) or prev in KO_IMPERATIVE_RA_STEM else 0
    if last == "냐" or last == "니" and _final_consonant(prev) == _JONG_SS:
        return 2  # questions: 했냐, 먹었니
    if last == "오":
        if word.endswith(("십시오", "으시오")) or prev == "시" and word[-3:-2] in KO_POLITE_O_STEM:
            return 2
        return 1 if prev == "시" else 0  # 내시오, but also names: 이그나시오
    if last == "네":
        return 1 if _final_consonant(prev) >= 0 else 0
    if last == "자":
        return 1 if prev in KO_PROPOSITIVE_STEM else 0
    return 0


# --------------------------------------------------------------------------------------------------
# Rules


@dataclass(frozen=True, slots=True)
class _Lang:
    """The tables that apply to one language tag."""

    code: str
    prepositive: frozenset[str]
    final: frozenset[str]
    starters: frozenset[str]
    ordinal_dot: bool


@functools.lru_cache(maxsize=256)
def _tables(lang: str) -> _Lang:
    # cached: built per block otherwise, and the tables are immutable
    code = primary_language(lang)
    en_pre, en_fin = PREPOSITIVE_ABBREVIATIONS["en"], FINAL_ABBREVIATIONS["en"]
    if code in ("en", "ko"):  # Korean text quotes English abbreviations, not German ones
        return _Lang(code, en_pre, en_fin, SENTENCE_STARTERS["en"], False)
    return _Lang(
        code,
        en_pre | PREPOSITIVE_ABBREVIATIONS["_other"],
        en_fin | FINAL_ABBREVIATIONS["_other"],
        SENTENCE_STARTERS.get(code, _ALL_STARTERS),
        True,
    )


def _blocks(text: str) -> list[tuple[int, int]]:
    """Ranges between blank lines (a blank line always ends a sentence)."""
    out, pos = [], 0
    for m in _BLANK_LINE.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _protected_quotes(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Korean quotations that are part of a larger clause (``"…다. …다."라고 말했다``): no split inside."""
    out: list[tuple[int, int]] = []
    for m in _QUOTES.finditer(text, a, b):
        if _is_hangul(text, m.end()) or KO_CONTINUATION.match(text, _SPACE.match(text, m.end(), b).end(), b):
            inner = (m.start() + 1, m.end() - 1)
            if out and inner[0] < out[-1][1]:  # nested or overlapping: keep the union
                inner = (out[-1][0], max(out[-1][1], inner[1]))
                out.pop()
            out.append(inner)
    return out


def _is_marker(token: str) -> bool:
    return bool(_MARKER_RE.fullmatch(token)) or bool(_ROMAN.fullmatch(token))


def _period_ends(token: str, next_word: str, next_char: str, rules: _Lang) -> bool:
    """Does a full stop after ``token`` end the sentence, given what follows it?"""
    if next_char.islower():
        return False
    if token in rules.prepositive:
        return False
    numeric = bool(token) and bool(_NUMERIC.fullmatch(token))
    abbreviation = token in rules.final or ("." in token and not numeric)
    if next_char.isdigit():
        return not (numeric or abbreviation or len(token) == 1)
    if numeric and _KO_DATE_UNIT.match(next_char):
        return False
    if len(token) == 1 and token.isalpha() and token.lower() != token.upper():
        return False  # an initial: J. R. R. Tolkien, Kim I. S.
    if abbreviation:
        return next_word in rules.starters
    if rules.ordinal_dot and numeric and len(token) <= 3 and next_char.isupper():
        return next_word in rules.starters  # am 3. Mai, im 19. Jahrhundert
    return True


def _run_ends(text: str, run: regex.Match, after: int, stop: int, sent_start: int, rules: _Lang) -> bool:
    """Decide one candidate: a terminator run, its closers, then white space (or the block end)."""
    rest = _OPENERS.match(text, after, stop)
    nxt = rest.end()
    if nxt >= stop:
        return True
    ws_end = _SPACE.match(text, after, stop).end()
    if _DETACHED.match(text, ws_end, stop):
        return False  # "! » . Sous", "?) , puis": no sentence starts with a comma or a full stop
    next_char = text[nxt]
    word = _NEXT_WORD.match(text, nxt, stop)
    next_word = word.group() if word else ""
    if rules.code == "ko" and KO_CONTINUATION.match(text, ws_end, stop):
        return False
    chars = run.group()
    if not _QUESTION_EXCLAMATION.isdisjoint(chars):
        return not next_char.islower()
    lo = max(sent_start, run.start() - 64)
    tok = _token_before(text, lo, run.start())
    token = tok.strip(".-'’")
    token_start = run.start() - len(tok)
    if "…" in chars or "‥" in chars or len(chars.replace(" ", "").replace("\u00a0", "")) >= 2:
        if rules.code == "ko":
            last = _HANGUL_TAIL.search(text[lo : run.start()])
            return bool(last and korean_ending_strength(last.group())) or next_char.isupper()
        return not (next_char.islower() or next_char.isdigit())
    if chars == "." and _YMD_DATE.search(text, lo, run.start()):
        return False  # the dot closing "2000. 6. 15." belongs to the date
    if token and not _NONSPACE.search(text, sent_start, token_start) and _is_marker(token):
        return False  # "1. Text", "가. 북과 남은": the number belongs to the item
    return _period_ends(token, next_word, next_char, rules)


_TOKEN_TAIL = regex.compile(r"[\p{L}\p{M}\p{N}.'’\-]*", regex.REVERSE)
_TOKEN_HEAD = regex.compile(r"[\p{L}\p{M}\p{N}]")
_HANGUL_BACK = regex.compile(r"\p{Hangul}+", regex.REVERSE)


def _token_before(text: str, lo: int, hi: int) -> str:
    """What ``_TOKEN_BEFORE.search(text[lo:hi])`` matches ("" for no match), without the slice and
    without trying the pattern at every place of it: the longest tail of token characters (read
    backwards from ``hi``) from its first letter, mark or digit. As ``$`` does, a tail may also end
    just before a final line feed."""
    end = hi - 1 if hi > lo and text[hi - 1] == "\n" else hi
    tail = _TOKEN_TAIL.match(text, lo, end)
    first = _TOKEN_HEAD.search(text, tail.start(), end) if tail is not None else None
    return text[first.start() : end] if first is not None else ""


def _is_hangul(text: str, i: int) -> bool:
    return 0 <= i < len(text) and _final_consonant(text[i]) >= 0


def _closers_end(text: str, pos: int, stop: int) -> int:
    """End of the quotes and brackets closing a sentence, also when set off by a space (``« Oui. »``)."""
    return _CLOSERS_RUN.match(text, pos, stop).end()


# _CLOSERS, then _DETACHED_CLOSER and _CLOSERS again as long as one more detached closer follows: in
# one match. Each part has one way to match (a space is no closer), so this is that loop.
_CLOSERS_RUN = regex.compile(rf"{_CLOSERS.pattern}(?:{_DETACHED_CLOSER.pattern}{_CLOSERS.pattern})*")


_NL_CHAR = regex.compile(rf"[{_NL}]")
_QUESTION_EXCLAMATION = frozenset("?!？！‼⁇⁈⁉")


def _list_items(text: str, a: int, b: int) -> list[regex.Match]:
    """What ``_LIST_ITEM.finditer(text, a, b)`` finds, tried only after each line break.

    A match starts right after a line break and holds only spaces within its line, so no two
    overlap and none is missed; trying the pattern at every character costs several times more.
    """
    out = []
    for nl in _NL_CHAR.finditer(text, max(a - 1, 0), b - 1):
        m = _LIST_ITEM.match(text, nl.end(), b)
        if m is not None:
            out.append(m)
    return out


def _block_cuts(text: str, a: int, b: int, rules: _Lang) -> list[int]:
    """Positions inside ``[a, b)`` where a sentence ends."""
    candidates: list[tuple[int, int, str, regex.Match | None]] = []  # (cut, order, kind, match)
    for m in _RUN.finditer(text, a, b):
        end = _closers_end(text, m.end(), b)
        if end < b and not text[end].isspace():
            fullwidth = m.group()[-1] in _FULLWIDTH_TERMS
            glued = rules.code == "ko" and _is_hangul(text, m.start() - 1) and _is_hangul(text, end)
            if not (fullwidth or glued):
                continue
        candidates.append((end, 0, "run", m))
    for m in _list_items(text, a, b):
        candidates.append((m.start() - 1, 1, "item", m))
    if rules.code == "ko":
        for m in _KO_GAP.finditer(text, a, b):
            candidates.append((m.start(), 2, "gap", m))
    candidates.sort(key=lambda c: (c[0], c[1]))
    protected = _protected_quotes(text, a, b) if rules.code == "ko" else []
    starts = [p[0] for p in protected]

    def inside_quote(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and protected[i][0] <= pos < protected[i][1]

    cuts: list[int] = []
    sent_start = a
    for cut, _, kind, m in candidates:
        if cut <= sent_start or not _NONSPACE.search(text, sent_start, cut) or inside_quote(cut - 1):
            continue
        if kind == "run":
            ok = _run_ends(text, m, cut, b, sent_start, rules)
        elif kind == "item":
            ok = True
        else:
            ok = _gap_ends(text, m, b)
        if ok:
            cuts.append(cut)
            sent_start = cut
    return cuts


def _gap_ends(text: str, gap: regex.Match, stop: int) -> bool:
    """A Korean sentence that ends with a final verbal ending but no punctuation (OCR, captions)."""
    # the Hangul word before the gap (the gap follows a Hangul syllable), within 32 characters:
    # what _HANGUL_TAIL.search finds in that slice, read backwards from the gap
    word = _HANGUL_BACK.match(text, max(0, gap.start() - 32), gap.start()).group()
    strength = korean_ending_strength(word)
    if strength == 0 or (strength == 1 and not _LINE_BREAK.search(gap.group())):
        return False
    nxt = gap.end()
    if not _CLAUSE_START.match(text, nxt, stop):
        return False
    return not KO_CONTINUATION.match(text, nxt, stop)


def _trimmed(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else None


def split_rules(text: str, lang: str) -> Spans:
    """The ``rules`` splitter as a plain function over the whole of ``text``."""
    rules = _tables(lang)
    spans: Spans = []
    for a, b in _blocks(text):
        bounds = [a, *_block_cuts(text, a, b, rules), b]
        for x, y in zip(bounds, bounds[1:]):
            span = _trimmed(text, x, y)
            if span:
                spans.append(span)
    return spans


# --------------------------------------------------------------------------------------------------
# Splitters and registry


class SentenceSplitter(Protocol):
    """Anything with a name, a version (for result signatures) and ``split(text, lang) -> Spans``."""

    name: str
    version: str

    def split(self, text: str, lang: str) -> Spans: ...


class RuleSplitter:
    """Deterministic rules (this module's tables); no dependencies beyond :mod:`regex`."""

    name = "rules"
    version = "1"

    def split(self, text: str, lang: str) -> Spans:
        return split_rules(text, lang)


class KiwiSplitter:
    """Korean sentences from kiwipiepy's ``Kiwi.split_into_sents``; other languages use the rules.

    Kiwi's sentences are matched back to the text moving forward only; if one cannot be found, a
    :class:`SegmentError` is raised instead of guessing. Blank lines split first, and lone line breaks
    are shown to Kiwi as spaces (same length, so offsets do not move), as the contract requires.
    """

    name = "kiwi"

    def __init__(self) -> None:
        try:
            kiwipiepy = importlib.import_module("kiwipiepy")
        except ImportError:
            raise SegmentError(
                "[A222] the 'kiwi' sentence splitter needs kiwipiepy; run: pip install align[kiwi]"
            ) from None
        self.version = f"{getattr(kiwipiepy, '__version__', '?')}+rules-{RuleSplitter().version}"
        self._kiwi = kiwipiepy.Kiwi()

    def split(self, text: str, lang: str) -> Spans:
        if primary_language(lang) != "ko":
            return split_rules(text, lang)
        spans: Spans = []
        for a, b in _blocks(text):
            if not text[a:b].strip():
                continue
            block = _LINE_BREAK.sub(" ", text[a:b])
            sents = [s.text for s in self._kiwi.split_into_sents(block)]
            spans.extend((a + x, a + y) for x, y in match_forward(block, sents))
        return spans


def match_forward(text: str, pieces: list[str]) -> Spans:
    """Offsets of ``pieces`` in ``text``, searching forward only; gaps join the piece before them.

    >>> match_forward("A b.  C d.", ["A b.", "C d."])
    [(0, 4), (6, 10)]
    """
    starts: list[int] = []
    pos = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = text.find(piece, pos)
        if at < 0:
            raise SegmentError(
                f"[A223] sentence {piece[:40]!r} from the backend is not in the text after offset {pos}; "
                "the backend changed the text; use --splitter rules"
            )
        starts.append(at)
        pos = at + len(piece)
    if not starts:
        return [] if not text.strip() else [_trimmed(text, 0, len(text))]  # type: ignore[list-item]
    starts[0] = 0
    bounds = [*starts, len(text)]
    return [s for x, y in zip(bounds, bounds[1:]) if (s := _trimmed(text, x, y))]


#: Registry feeding the CLI's ``choices``; ``rules`` is the default, ``kiwi`` needs ``align[kiwi]``.
SPLITTERS: dict[str, Callable[[], SentenceSplitter]] = {"rules": RuleSplitter, "kiwi": KiwiSplitter}

_CACHE: dict[str, SentenceSplitter] = {}


def get_splitter(name: str = "rules") -> SentenceSplitter:
    """The splitter registered as ``name``, built once (Kiwi loads its model on first use)."""
    if name not in SPLITTERS:
        raise SegmentError(f"[A221] unknown sentence splitter {name!r}; choose one of: {', '.join(SPLITTERS)}")
    if name not in _CACHE:
        _CACHE[name] = SPLITTERS[name]()
    return _CACHE[name]


def _resolve(splitter: SentenceSplitter | str | None) -> SentenceSplitter:
    return get_splitter(splitter or "rules") if splitter is None or isinstance(splitter, str) else splitter


def _check(text: str, spans: Spans, start: int, end: int, who: str) -> None:
    """Enforce the contract on any splitter's output, so a faulty backend fails loudly."""
    pos = start
    for a, b in spans:
        if not (pos <= a < b <= end) or text[a].isspace() or text[b - 1].isspace() or text[pos:a].strip():
            raise SegmentError(
                f"[A224] splitter {who!r} returned span ({a}, {b}) that breaks the contract "
                f"(sorted, trimmed, inside {start}-{end}, nothing dropped); report this bug"
            )
        pos = b
    if text[pos:end].strip():
        raise SegmentError(f"[A224] splitter {who!r} dropped text after offset {pos}; report this bug")


def split_sentences(
    text: str,
    lang: str,
    *,
    start: int = 0,
    end: int | None = None,
    splitter: SentenceSplitter | str | None = None,
) -> Spans:
    """Sentence spans of ``text[start:end]`` as absolute offsets into ``text``.

    >>> split_sentences("x. He said \\"Go.\\"  Next one.", "en", start=3)
    [(3, 16), (18, 27)]
    """
    end = len(text) if end is None else end
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
        raise SegmentError(f"[A220] bad range ({start!r}, {end!r}) for a text of length {len(text)}; need 0 <= start <= end <= length")
    sp = _resolve(splitter)
    spans = [(a + start, b + start) for a, b in sp.split(text[start:end], lang)]  # type: ignore[union-attr]
    _check(text, spans, start, end, getattr(sp, "name", "?"))
    return spans


def _default_lang(span: Span) -> str:
    return str(span.attrs.get("lang") or span.label or "und")


def sentence_layer(
    doc: Document,
    *,
    within: str | None = None,
    lang_of: Callable[[Span], str] | None = None,
    splitter: SentenceSplitter | str | None = None,
) -> Layer:
    """A ``sentence`` layer for ``doc``, one span per sentence, labelled with its language.

    With ``within``, each span of that layer is split on its own (its language from ``lang_of``,
    by default the span's ``lang`` attribute or label); without it, the whole text is split, in the
    language of ``doc.meta["lang"]``.
    """
    sp = _resolve(splitter)
    lang_of = lang_of or _default_lang
    if within is None:
        whole = Span(0, len(doc.text), str(doc.meta.get("lang", "und")))
        ranges = [whole]
    else:
        ranges = sorted(doc.layer(within).spans, key=lambda s: (s.start, -s.end))
    spans: list[Span] = []
    for r in ranges:
        lang = lang_of(r)
        spans.extend(Span(a, b, lang) for a, b in split_sentences(doc.text, lang, start=r.start, end=r.end, splitter=sp))
    return Layer("sentence", tuple(spans), producer=f"{sp.name}-{sp.version}")  # type: ignore[union-attr]

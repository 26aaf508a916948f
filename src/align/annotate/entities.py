"""Persons, places and organizations in English and Korean text, found by gazetteer and by rule.

Recognition combines (in priority order, longest match first, no overlaps):

1. the gazetteer's forms (``align/data/gazetteer``, plus the user's files): English forms on word
   boundaries (a possessive ``'s`` may follow), Hangul forms possibly letter-spaced (``김 정 일``) and
   followed by particles or titles (``김정일국방위원장께서``);
2. rules that need no list of names: Korean personal names in Latin letters (a known surname and
   given-name syllables, with or without hyphen or space), titles before names (``President X``,
   ``Comrade X``), place patterns (``X County``, ``X Province``, ``Mt X``, ``X River``, ``X-ri``,
   ``X-dong``), organization patterns (``... Committee``, ``Ministry of ...``), Hangul names before a
   title (``김대중대통령``, ``부시 대통령``), letter-spaced names (``김 대 중``), Hangul place names
   ending in an administrative unit (``X군``, ``X도``, ``X시``, ``X리``, ``X강``, ``X산``);
3. cross-script evidence: a Hangul word whose romanization keys meet an English mention's key;
4. optionally Kiwi's proper-noun tags (``align[kiwi]``).

Mention spans cover the name only: titles and particles stay outside, so ``persName`` holds what a
scholar would search for.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

import regex

from ..text.romanize import decompose, is_hangul_syllable, latin_key, match_keys, normalize_hangul, strip_particles
from .gazetteer import Entry, Gazetteer

__all__ = ["Mention", "find_mentions", "korean_name_form"]

_HANGUL = r"[\uAC00-\uD7A3]"
_NOT_HANGUL_BEFORE = r"(?<![\uAC00-\uD7A3])"


@dataclass(frozen=True)
class Mention:
    """A name in the text: ``type`` person/place/org, ``lang`` ko/en (by script), ``how`` the
    evidence (gazetteer, rule name, xscript, kiwi), ``entry`` the gazetteer entry when one matched."""

    start: int
    end: int
    type: str
    lang: str
    how: str
    form: str
    entry: str | None = None  # Entry.xml_id
    #: OCR misreadings inside the name: (start, end, correction) for each damaged word
    fixes: tuple[tuple[int, int, str], ...] = ()

    def text(self, doc_text: str) -> str:
        return doc_text[self.start : self.end]


def korean_name_form(s: str) -> str:
    """A Hangul name as one word: NFC, spaces removed (``김 정 일`` -> ``김정일``)."""
    return "".join(normalize_hangul(s).split())


# ---------------------------------------------------------------------------------------------
# Gazetteer matching


def _en_pattern(form: str) -> str:
    toks = regex.split(r"[\s]+", form.strip())
    parts = []
    for t in toks:
        # apostrophes and hyphens as printed vary: ' ’ ‘ and - ‐ ‑
        t = regex.escape(t)
        t = regex.sub(r"(\\?['’‘])", "['’‘]", t)
        t = regex.sub(r"\\?-", r"[-‐‑ ]?", t)
        parts.append(t)
    return r"\s+".join(parts)


def _ko_pattern(form: str) -> str:
    chars = [c for c in form if not c.isspace()]
    return " ?".join(regex.escape(c) for c in chars)


@dataclass
class _Index:
    en: regex.Pattern[str] | None
    ko: regex.Pattern[str] | None
    en_forms: dict[str, list[Entry]]
    ko_forms: dict[str, list[Entry]]


def _norm_en(s: str) -> str:
    s = regex.sub(r"['’‘]s$", "", s.strip())
    return regex.sub(r"[\s\-‐‑'’‘.]+", " ", s).casefold().strip()


@lru_cache(maxsize=8)
def _index(g: Gazetteer) -> _Index:
    en_forms: dict[str, list[Entry]] = {}
    ko_forms: dict[str, list[Entry]] = {}
    for e in g.entries.values():
        for f in (*e.en, *e.abbr):
            if not regex.search(_HANGUL, f):
                en_forms.setdefault(_norm_en(f), []).append(e)
        for f in e.ko:
            if regex.fullmatch(r"[\uAC00-\uD7A3 ]+", f) and len(korean_name_form(f)) >= 2:
                form = korean_name_form(f)
                ko_forms.setdefault(form, []).append(e)
                for v in _initial_sound_variants(form):  # 리설주 / 이설주, 로동당 / 노동당
                    if v not in ko_forms:
                        ko_forms.setdefault(v, []).append(e)
    en_raw = sorted({f for e in g.entries.values() for f in (*e.en, *e.abbr) if not regex.search(_HANGUL, f)}, key=lambda f: (-len(f), f))
    ko_raw = sorted(ko_forms, key=lambda f: (-len(f), f))
    en = regex.compile(r"(?<![\w'’-])(?:" + "|".join(_en_pattern(f) for f in en_raw) + r")(?:['’]s)?(?![\w-])") if en_raw else None
    ko = regex.compile(_NOT_HANGUL_BEFORE + "(?:" + "|".join(_ko_pattern(f) for f in ko_raw) + ")") if ko_raw else None
    return _Index(en, ko, en_forms, ko_forms)


def _initial_sound_variants(form: str) -> list[str]:
    """The other orthography's spelling of a word's first syllable (the initial-sound rule: North
    리 로 량 녀, South 이 노 양 여)."""
    if not form or not is_hangul_syllable(form[0]):
        return []
    from ..text.romanize import compose

    l, v, t = decompose(form[0])
    iy = v in (20, 2, 6, 12, 17, 3, 7)  # ㅣ ㅑ ㅕ ㅛ ㅠ ㅒ ㅖ
    out = []
    if l == 5:  # ㄹ
        out.append(compose(11 if iy else 2, v, t))
    elif l == 2 and iy:  # ㄴ before i/y
        out.append(compose(11, v, t))
    elif l == 11 and iy:  # ㅇ before i/y may be North ㄹ or ㄴ
        out += [compose(5, v, t), compose(2, v, t)]
    elif l == 2:  # ㄴ before other vowels may be North ㄹ (노동 / 로동)
        out.append(compose(5, v, t))
    return [c + form[1:] for c in out]


def _hangul_token_end(text: str, i: int, end: int) -> int:
    while i < end and is_hangul_syllable(text[i]):
        i += 1
    return i


def _tail_ok(tail: str, g: Gazetteer, type_: str) -> bool:
    """What follows a Hangul name inside its word must be grammar, a title or a generic term: 개성
    (Kaesong) in 개성에서 but not in 개성적 ("individual"), 현대 never inside 현대화."""
    if not tail:
        return True
    rest = strip_particles(tail) if len(tail) > 1 else tail
    if rest in _PARTICLE_WORDS or tail in _PARTICLE_WORDS:
        return True
    if type_ == "person":
        titles = g.titles.get(("ko", "after"), [])
        for t in titles:
            if tail.startswith(t):
                rest2 = tail[len(t) :]
                if not rest2 or rest2 in _PARTICLE_WORDS or strip_particles(rest2) in _PARTICLE_WORDS or any(rest2.startswith(t2) for t2 in titles):
                    return True
        return False
    generics = _PLACE_UNITS if type_ == "place" else _ORG_TAILS
    for gword in generics:
        if tail.startswith(gword):
            r = tail[len(gword) :]
            if not r or r in _PARTICLE_WORDS or strip_particles(r) in _PARTICLE_WORDS:
                return True
    return False


# single particles, as a whole remainder
_PARTICLE_WORDS = frozenset(
    "은 는 이 가 을 를 의 에 도 와 과 로 으로 에서 에게 께 께서 께서는 께서도 만 까지 부터 과의 와의 에서의 에서는 에는 의해 측 측의 측은 측과 측이 들 들의 들은 들이 이며 이고 이다 인 와도 과도 로서 로부터 에서부터 이라는 라는 쪽 간 사이 사이의 당국 정부 대표단 주민 인민 인민들 사람 사람들".split()
)
_PLACE_UNITS = ("특별시", "광역시", "직할시", "시", "도", "군", "구역", "구", "리", "동", "읍", "면", "항", "역", "강", "산", "호", "섬", "인", "땅", "나라", "지방", "지역", "일대", "방면", "출신", "산맥")
_ATTACHED_UNITS = ("특별시", "광역시", "직할시", "시", "군", "구역", "구", "리", "동", "읍", "면")
_ORG_TAILS = ("원", "원들", "당원", "중앙위원회", "위원회", "대표", "대표단", "측", "소속")


def _gazetteer_mentions(text: str, start: int, end: int, g: Gazetteer) -> list[Mention]:
    idx = _index(g)
    out: list[Mention] = []
    if idx.en is not None:
        for m in idx.en.finditer(text, start, end, overlapped=False):
            s = m.group()
            stripped = regex.sub(r"['’]s$", "", s)  # a possessive stays outside the name
            core = stripped if stripped != s and _norm_en(stripped) in idx.en_forms else s
            entries = idx.en_forms.get(_norm_en(core), [])
            if not entries:
                continue
            e = entries[0]
            out.append(Mention(m.start(), m.start() + len(core), e.type, "en", "gazetteer", core, e.xml_id))
    if idx.ko is not None:
        for m in idx.ko.finditer(text, start, end, overlapped=False):
            form = korean_name_form(m.group())
            entries = idx.ko_forms.get(form, [])
            if not entries:
                continue
            e = entries[0]
            tail = text[m.end() : _hangul_token_end(text, m.end(), end)]
            if not _tail_ok(tail, g, e.type):
                continue
            stop = m.end()
            if e.type == "place":  # 라선시, 평양시: the unit belongs to the name
                unit = next((u for u in _ATTACHED_UNITS if tail.startswith(u)), "")
                rest = tail[len(unit) :]
                if unit and (not rest or rest in _PARTICLE_WORDS or strip_particles(rest) in _PARTICLE_WORDS):
                    stop += len(unit)
            out.append(Mention(m.start(), stop, e.type, "ko", "gazetteer", form, e.xml_id))
    return out


# ---------------------------------------------------------------------------------------------
# Rules: English


_SYLLABLE = r"(?:[bcdghjklmnprstwy]|ch|kk|tt|pp|ss|jj|ts|tch|ph|th|kh|sh)?(?:[aeiouyw]|ae|ai|ao|eo|eu|oe|oi|ui|eui|wa|wo|wi|wae|woe|wee|ya|yo|yu|ye|yae|yeo|you|oo|ee|ou|ŏ|ŭ|yŏ|wŏ|ŭi)(?:ng|n|m|l|k|p|t|r)?"
_SYLL_RE = regex.compile(rf"^(?:{_SYLLABLE}){{1,2}}$", regex.I)
_ONE_SYLL_RE = regex.compile(rf"^{_SYLLABLE}$", regex.I)
_CAP = r"\p{Lu}[\p{Ll}’'ŏŭ]*"
_GTOK = r"(?:\p{Lu}[\p{Ll}ŏŭ'’]+|ll|1l|I1)"  # ll, 1l, I1: OCR readings of Il
_GIVEN = rf"{_GTOK}(?:[-‐‑]\p{{L}}[\p{{Ll}}ŏŭ'’]+)?(?:\s+{_GTOK})?"
_NONSPACE = regex.compile(r"\S+")
#: OCR misreadings of Latin letters in names: rn for m (Kirn), l or 1 for I (Jong ll)
_OCR_GIVEN = {"ll": "Il", "1l": "Il", "I1": "Il"}


def _given_ok(given: str) -> bool:
    """Given-name syllables as any romanization writes them: ``Jong Il``, ``Jong-il``, ``Jongil``,
    ``Chŏng-il``; two syllables at most (one token may hold both)."""
    toks = [_OCR_GIVEN.get(t, t) for t in regex.split(r"[\s\-‐‑]+", given.replace("'", "").replace("’", "")) if t]
    if not 1 <= len(toks) <= 2:
        return False
    if len(toks) == 2:
        return all(_ONE_SYLL_RE.match(t) for t in toks)
    return bool(_SYLL_RE.match(toks[0])) and len(toks[0]) >= 2


@lru_cache(maxsize=8)
def _surname_pattern(g: Gazetteer) -> regex.Pattern[str]:
    from ..text.romanize import romanize_name

    spellings = {s for ens in g.surnames.values() for s in ens}
    for ko in g.surnames:
        for system in ("mr", "dprk", "rr"):
            try:
                spellings.add(romanize_name(ko + "가", system).split()[0])
            except ValueError:
                pass
    spellings = {s for s in spellings if len(s) >= 2 or s in ("O", "U")}
    spellings |= {s.replace("m", "rn") for s in spellings if "m" in s}  # Kirn, Lirn: OCR's rn for m
    alts = "|".join(regex.escape(s) for s in sorted(spellings, key=lambda s: (-len(s), s)))
    return regex.compile(rf"(?<![\w'’.-])(?P<sur>{alts})\s+(?P<given>{_GIVEN})(?![\w-])")


#: Capitalized English words that end a name rather than continue it (Kim Il Sung University).
_EN_STOP = frozenset(
    """The A An Of And For In On At To By With From University Square Street Avenue Road Bridge Tower Hall Stadium Station
    Academy Institute School College Museum Army Party Union League Committee Commission Council Assembly Association
    Federation Front Group Company Corporation Prize Order Medal Award Foundation Movement Memorial Monument Statue Park
    River Mountain Mountains Province County City District Island Lake Bay Sea Street Plain Pass Sports Palace Theatre
    Theater Hospital Library Factory Works Mine Complex Farm Plant Youth Socialist Revolutionary Peninsula Strait""".split()
)


def _english_rule_mentions(text: str, start: int, end: int, g: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    # Korean personal names, surname first
    for m in _surname_pattern(g).finditer(text, start, end, overlapped=True):
        given = m.group("given")
        toks = given.split()
        if toks and regex.search(r"['’]s$", toks[-1]):  # Jang Song Thaek's: the possessive is not the name
            toks[-1] = toks[-1][:-2]
        # the given name must not run into the next capitalized word of a title or institution
        while toks and toks[-1] in _EN_STOP:
            toks.pop()
        if not toks:
            continue
        given = " ".join(toks) if len(toks) > 1 else toks[0]
        if not _given_ok(given):
            if len(toks) == 2 and _given_ok(toks[0]):
                given = toks[0]
            else:
                continue
        if toks[0] in _EN_STOP or _norm_en(given) in _index(g).en_forms or _norm_en(toks[0]) in _index(g).en_forms:
            continue  # "In Pyongyang", "An Wonsan ...": a preposition before a listed name
        s = m.start("sur")
        e = m.start("given") + text[m.start("given") :].index(given.split()[-1]) + len(given.split()[-1])
        fixes = []
        sur = m.group("sur")
        if "rn" in sur:
            fixes.append((s, m.end("sur"), sur.replace("rn", "m")))
        for tm in _NONSPACE.finditer(text, m.start("given"), e):
            if tm.group() in _OCR_GIVEN:
                fixes.append((tm.start(), tm.end(), _OCR_GIVEN[tm.group()]))
        form = text[s:e]
        for a, b, corr in sorted(fixes, reverse=True):
            form = form[: a - s] + corr + form[b - s :]
        out.append(Mention(s, e, "person", "en", "rule:ko-name" if not fixes else "rule:ko-name-ocr", form, None, tuple(fixes)))
    # a title before a name
    titles = g.titles.get(("en", "before"), [])
    if titles:
        tpat = "|".join(regex.escape(t) for t in titles)
        pat = _title_pattern(tpat)
        for m in pat.finditer(text, start, end, overlapped=True):
            toks = []
            pos = m.start("name")
            for tm in regex.finditer(rf"{_CAP}(?:[-‐‑]\p{{L}}\p{{Ll}}*)?\.?", m.group("name")):
                w = tm.group().rstrip(".") if not regex.fullmatch(r"\p{Lu}\.", tm.group()) else tm.group()
                if w in _EN_STOP or w.casefold() in _EN_FUNCTION or _org_or_place_head(w) or (len(w) > 4 and _COMMON_ENDING.search(w) and not toks):
                    break
                toks.append((pos + tm.start(), pos + tm.start() + len(w)))
            if not toks:
                continue
            s, e = toks[0][0], toks[-1][1]
            name = text[s:e]
            if name in titles or name.endswith("."):
                continue
            out.append(Mention(s, e, "person", "en", "rule:title", name))
    # places
    for pat, how in _PLACE_RULES:
        for m in pat.finditer(text, start, end):
            s, e = m.span("name") if "name" in pat.groupindex and m.group("name") and how == "rule:mount" else m.span()
            if how == "rule:mount":
                s, e = m.span()
            out.append(Mention(s, e, "place", "en", how, text[s:e]))
    for m in _ORG_RULE.finditer(text, start, end):
        s, e = m.span()
        while True:  # "At the Third ...": capitalized function words open a sentence, not a name
            w = regex.match(r"(\p{Lu}\p{Ll}*)\s+", text[s:e])
            if not (w and w.group(1).casefold() in _EN_FUNCTION):
                break
            s += w.end()
        span = text[s:e]
        ev = list(_EVENT.finditer(span))
        if ev:  # "Third Plenary Meeting of the Central Committee": the body that met is the org
            rest = regex.search(r"\s(?:of|for)\s+(?:the\s+)?", span[ev[-1].end() :])
            if not rest:
                continue
            s = s + ev[-1].end() + rest.end()
            span = text[s:e]
            if not regex.search(rf"(?:{'|'.join(_ORG_HEADS)})$", span):
                continue
        if len(span.split()) < 2:
            continue
        out.append(Mention(s, e, "org", "en", "rule:org", span))
    return out


_EN_FUNCTION = frozenset("of the and for in on at to by with from a an as under after before during".split())
_EVENT = regex.compile(r"\b(?:Meeting|Congress|Conference|Session|Plenum|Rally|Festival|Games|Exhibition|Symposium|Forum|Summit)\b")
#: Endings of English common words, not names, after a title word ("General Staff", "Chief Engineer").
_COMMON_ENDING = regex.compile(r"(?:ic|al|ing|ment|tion|sion|ity|ive|ous|ary|ism|ist|ship|ness|ance|ence|ure|ff|er|prise|ise|ize)$")


def _org_or_place_head(w: str) -> bool:
    return w in _ORG_HEADS or w in _PLACE_HEADS


@lru_cache(maxsize=16)
def _title_pattern(tpat: str) -> regex.Pattern[str]:
    return regex.compile(rf"(?<![\w-])(?:{tpat})\s+(?P<name>(?:\p{{Lu}}[\w’'.\-‐‑]*)(?:\s+\p{{Lu}}[\w’'.\-‐‑]*){{0,3}})")


_PLACE_HEADS = frozenset(
    """County Province City River Mountains Mountain Island Islands Bay Sea Strait Peninsula Plain Pass Valley District
    Prefecture Port Harbour Harbor Lake Falls Reservoir Station Village Town Region Gulf Airport Stadium Street Square
    Resort Hotel Bridge Tower Palace Avenue Boulevard""".split()
)
_ORG_HEADS = frozenset(
    """Party Army Committee Commission Union League Association Council Assembly Federation Front Ministry Agency Bureau
    Department Academy Institute University College Corporation Company Bank Society Organization Organisation Command
    Corps Division Regiment Brigade Navy Court Government Cabinet Secretariat Office Alliance Group
    Guard Guards Service Services Band Ensemble Troupe Works Complex Enterprise Factory Press""".split()
)
_CAPW = r"(?:\p{Lu}[\p{Ll}ŏŭ'’]*(?:[-‐‑]\p{L}[\p{Ll}ŏŭ'’]*)*)"
_PLACE_RULES = (
    (regex.compile(rf"(?<![\w-])(?:Mt\.?|Mount|Lake|Cape)\s+(?P<name>{_CAPW}(?:\s+{_CAPW})?)(?![\w-])"), "rule:mount"),
    (regex.compile(rf"(?<![\w-])(?:(?:North|South|East|West)\s+)?{_CAPW}(?:\s+{_CAPW}){{0,2}}\s+(?:{'|'.join(sorted(_PLACE_HEADS))})(?![\w-])"), "rule:place-head"),
    (regex.compile(r"(?<![\w-])\p{Lu}[\p{Ll}ŏŭ'’]+[-‐‑](?:ri|dong|gun|si|do|guyok|myon|myeon|up|eup|gu|rodongjagu|nodongjagu)(?![\w-])"), "rule:admin"),
)
_ORG_RULE = regex.compile(
    rf"(?<![\w-]){_CAPW}(?:\s+(?:and\s+)?{_CAPW})*\s+(?:{'|'.join(sorted(_ORG_HEADS))})(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAPW}(?:\s+{_CAPW})*)*(?![\w-])"
    rf"|(?<![\w-])(?:Ministry|Department|Academy|Institute|Bank|University|Federation|Association|Union|League|Committee|Council|Party|Bureau|Commission|Agency|Museum)(?:\s+(?:of|for)\s+(?:the\s+)?{_CAPW}(?:\s+(?:and\s+)?{_CAPW})*)+(?![\w-])"
)


# ---------------------------------------------------------------------------------------------
# Rules: Korean


_LETTER_SPACED = regex.compile(
    rf"(?<!{_HANGUL})(?<!(?:^|[^\uAC00-\uD7A3]){_HANGUL} )(?P<n>{_HANGUL} {_HANGUL} {_HANGUL}(?: {_HANGUL})?)(?!{_HANGUL})(?! {_HANGUL}(?!{_HANGUL}))"
)
_HANGUL_WORD = regex.compile(rf"{_HANGUL}+")
_KO_PLACE_UNITS = ("특별시", "광역시", "직할시", "자치도", "남도", "북도", "구역", "공항", "경기장", "광장", "거리", "스키장", "호텔", "대교", "군", "리", "시", "도", "동", "읍", "면", "산", "강", "구")
_KO_ORG_UNITS = ("중앙위원회", "위원회", "청년동맹", "동맹", "련맹", "연맹", "협회", "대학교", "종합대학", "대학", "연구소", "연구원", "통신사", "출판사", "신문사", "은행", "로동당", "노동당", "협동조합", "총련", "련합기업소", "기업소", "악단", "예술단", "병원", "당")


def _is_surname_start(form: str, g: Gazetteer) -> bool:
    return form[:2] in g.surnames if len(form) >= 4 else form[:1] in g.surnames


# Last syllables of institutions and common nouns, not of foreign names written in Hangul.
_NOT_FOREIGN_END = tuple("원 회 당 국 부 성 청 단 군 소 관 사 실 처 대 들 측 인 자 님 적 한 는 은 운 된 던 할 을 를 의 에 신".split())


def _korean_name_shape(form: str, g: Gazetteer) -> bool:
    """A surname and a one- or two-syllable given name (three or four syllables with a double
    surname), not a common word."""
    if len(form) == 4 and form[:2] in g.surnames:
        return not _in_lexicon(form, g)
    return len(form) == 3 and form[0] in g.surnames and not _in_lexicon(form, g)


def _in_lexicon(word: str, g: Gazetteer) -> bool:
    """The word, or a word of two syllables or more that ends it (조국통일운동 ends in 운동), is common."""
    return any(word[i:] in g.lexicon for i in range(0, len(word) - 1))


def _starts_with_word(word: str, g: Gazetteer) -> bool:
    """A common word of two syllables or more opens ``word`` (민족끼리 opens with 민족)."""
    return any(word[:i] in g.lexicon for i in range(2, len(word) + 1))


def _korean_rule_mentions(text: str, start: int, end: int, g: Gazetteer) -> list[Mention]:
    out: list[Mention] = []
    titles = g.titles.get(("ko", "after"), [])
    # letter-spaced personal names (signatures): 김 정 일
    for m in _LETTER_SPACED.finditer(text, start, end):
        form = korean_name_form(m.group("n"))
        if _is_surname_start(form, g):
            out.append(Mention(m.start(), m.end(), "person", "ko", "rule:spaced", form))
    words = list(_HANGUL_WORD.finditer(text, start, end))
    for k, m in enumerate(words):
        word = m.group()
        s = m.start()
        name = None
        # a name with a title attached (김정일국방위원장께서, 김대중대통령은): a Korean name only
        for t in titles:
            i = word.find(t, 2)
            if i >= 2:
                rest = word[i + len(t) :]
                if not rest or rest in _PARTICLE_WORDS or strip_particles(rest) in _PARTICLE_WORDS or any(rest.startswith(t2) for t2 in titles):
                    cand = word[:i]
                    if _korean_name_shape(cand, g):
                        name = cand
                    break
        # a name followed by a title word (김정은 국무위원장, 트럼프 대통령): foreign names too
        if name is None and k + 1 < len(words) and text[m.end() : words[k + 1].start()] == " ":
            nw = strip_particles(words[k + 1].group())
            cand = strip_particles(word)
            if _korean_name_shape(cand, g) and any(nw.endswith(t) for t in titles) and len(nw) <= 6:
                name = cand
            elif nw in titles and word == cand and 2 <= len(cand) <= 5 and not cand.endswith(_NOT_FOREIGN_END):
                name = cand  # a foreign name in Hangul takes no particle before its title
        # a title word followed by a Korean name (원장 임동원이, 외무상 리용호)
        if name is None and k > 0 and text[words[k - 1].end() : s] == " ":
            # apposition puts no particle on the title (총리 김영일); 총리가 나왔고 is a new clause
            pw = words[k - 1].group()
            cand = strip_particles(word)
            if any(pw.endswith(t) for t in titles) and len(pw) >= 2 and _korean_name_shape(cand, g):
                name = cand
        if name is None or _in_lexicon(name, g):
            continue
        if name.endswith(("회", "당", "국", "부", "성", "청", "단", "군")) and not _is_surname_start(name, g):
            continue
        out.append(Mention(s, s + len(name), "person", "ko", "rule:ko-title", name))
    # place and organization names ending in a unit
    for m in _HANGUL_WORD.finditer(text, start, end):
        word = m.group()
        stem = strip_particles(word)
        for units, type_ in ((_KO_ORG_UNITS, "org"), (_KO_PLACE_UNITS, "place")):
            unit = next((u for u in units if stem.endswith(u) and len(stem) - len(u) >= 2), None)
            if unit is None:
                continue
            head = stem[: -len(unit)]
            if type_ == "org":  # organization names often open with common words (조국평화통일위원회)
                if len(head) > 8 or stem in g.lexicon or head in g.lexicon:
                    break
            elif len(head) > 6 or _in_lexicon(stem, g) or (len(unit) == 1 and _starts_with_word(head, g)):
                break  # a one-syllable unit after a common word is usually not a name (민족끼리)
            if type_ == "place" and unit in ("도", "시", "동", "리", "산", "강", "면") and len(head) > 3:
                break
            out.append(Mention(m.start(), m.start() + len(stem), type_, "ko", f"rule:ko-{type_}", stem))
            break
    return out


# ---------------------------------------------------------------------------------------------
# Putting it together


class _Taken:
    """Non-overlapping half-open ranges, sorted; overlap tests and inserts by bisection (the
    resolution of candidates was quadratic in the number of mentions)."""

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for a, b in sorted(ranges):
            self.starts.append(a)
            self.ends.append(b)

    def overlaps(self, a: int, b: int) -> bool:
        """Whether ``[a, b)`` meets a range: the ranges do not overlap each other, so their ends are
        sorted too and only the last range starting before ``b`` can reach past ``a``."""
        i = bisect_left(self.starts, b)
        return i > 0 and self.ends[i - 1] > a

    def add(self, a: int, b: int) -> None:
        i = bisect_left(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)


def _resolve(cands: Iterable[Mention]) -> list[Mention]:
    """Non-overlapping mentions: longer before shorter (``Samjiyon County`` over the listed
    ``Samjiyon``), then the gazetteer before rules, then earlier."""
    rank = {"gazetteer": 0}
    order = sorted(cands, key=lambda m: (-(m.end - m.start), rank.get(m.how, 1), m.start, m.type))
    taken = _Taken()
    out = []
    for m in order:
        if m.end <= m.start or taken.overlaps(m.start, m.end):
            continue
        taken.add(m.start, m.end)
        out.append(m)
    return sorted(out, key=lambda m: (m.start, -m.end))


def _trim_mention(text: str, m: Mention) -> Mention | None:
    s, e = m.start, m.end
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and not (text[e - 1].isalnum() or text[e - 1] in ".'’"):
        e -= 1
    if m.how != "gazetteer" and m.type in ("place", "org"):
        while True:
            w = regex.match(r"(\p{Lu}\p{Ll}*)\s+", text[s:e])
            if not (w and w.group(1).casefold() in _EN_FUNCTION):
                break
            s += w.end()
    if e - s < 2:
        return None
    if (s, e) == (m.start, m.end):
        return m
    return Mention(s, e, m.type, m.lang, m.how, text[s:e] if m.lang == "en" and not m.fixes else m.form, m.entry, m.fixes)


def find_mentions(
    text: str,
    units: Sequence[tuple[int, int]],
    g: Gazetteer,
    *,
    kiwi: bool = False,
    types: Iterable[str] = ("person", "place", "org"),
) -> list[Mention]:
    """Mentions in the ``units`` of ``text`` (paragraph-like ranges; no mention crosses one)."""
    want = set(types)
    cands: list[Mention] = []
    for a, b in units:
        cands += _gazetteer_mentions(text, a, b, g)
        cands += _english_rule_mentions(text, a, b, g)
        cands += _korean_rule_mentions(text, a, b, g)
        if kiwi:
            cands += _kiwi_mentions(text, a, b, g)
    found = [t for m in _resolve(cands) if (t := _trim_mention(text, m)) is not None]
    found = _resolve(found)
    found += _short_forms(text, units, g, found)
    found = _resolve(found)
    found += _cross_script(text, units, g, found)
    return [m for m in _resolve(found) if m.type in want]


_CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday".split()
)
_CAP_TOKEN = regex.compile(r"(?<![\w'’.-])\p{Lu}[\p{Ll}ŏŭ]+(?![\w-])")


def _short_forms(text: str, units: Sequence[tuple[int, int]], g: Gazetteer, found: list[Mention]) -> list[Mention]:
    """A person named in full and later by one word (``Moon``, ``Pompeo``, ``Ri``): the surname of a
    Korean name, the last word of a Western one. Taken only when exactly one person of the document
    has that word, and the word stands alone (no capitalized neighbour, not opening a sentence)."""
    sur = _surname_pattern(g)
    owners: dict[str, set[str]] = {}
    for m in found:
        if m.type != "person" or m.lang != "en":
            continue
        words = m.form.split()
        if len(words) < 2:
            continue
        word = words[0] if sur.fullmatch(m.form) else words[-1]
        word = regex.sub(r"['’]s$", "", word)
        owners.setdefault(word, set()).add(_norm_en(m.form))
    if not owners:
        return []
    taken = _Taken((m.start, m.end) for m in found)
    forms = {w: next(iter(v)) for w, v in owners.items() if len(v) == 1 and w not in _EN_STOP and len(w) >= 2}
    full: dict[str, str] = {}
    for m in found:
        if m.type == "person" and _norm_en(m.form) in forms.values():
            full.setdefault(_norm_en(m.form), m.form)
    out = []
    for a, b in units:
        for tm in _CAP_TOKEN.finditer(text, a, b):
            w = tm.group()
            if w not in forms or taken.overlaps(tm.start(), tm.end()):
                continue
            prev = regex.search(r"(\p{Lu}[\p{L}'’.]*)\s$", text[max(a, tm.start() - 40) : tm.start()])
            if prev and not (prev.group(1).endswith(".") and prev.group(1) not in g.titles.get(("en", "before"), [])) and prev.group(1).casefold() not in _EN_FUNCTION and prev.group(1).lower() not in _CALENDAR_WORDS and prev.group(1) not in g.titles.get(("en", "before"), []):
                continue  # part of a longer capitalized name
            if regex.match(r"\s+\p{Lu}", text[tm.end() : tm.end() + 3]):
                continue
            out.append(Mention(tm.start(), tm.end(), "person", "en", "short-form", full[forms[w]]))
    return out


def _cross_script(text: str, units: Sequence[tuple[int, int]], g: Gazetteer, found: list[Mention]) -> list[Mention]:
    """Hangul words not yet recognised whose romanization keys meet a recognised English mention
    (a person of three syllables, or a place or organization): ``Kim Tae Ho`` makes ``김태호`` a name."""
    from .loanwords import same_foreign_name

    en = [(latin_key(m.form), m) for m in found if m.lang == "en" and m.type in ("person", "place", "org")]
    if not en:
        return []
    keyed: dict[str, str] = {}
    for k, m in en:
        if len(k) >= 5:
            keyed.setdefault(k, m.type)
    sur = _surname_pattern(g)
    persons = [m.form for m in found if m.lang == "en" and m.type == "person" and m.how != "rule:ko-name" and not sur.fullmatch(m.form)]
    taken = _Taken((m.start, m.end) for m in found)
    out = []
    for a, b in units:
        for wm in _HANGUL_WORD.finditer(text, a, b):
            if taken.overlaps(wm.start(), wm.end()):
                continue
            word = wm.group()
            stem = strip_particles(word)
            if len(stem) < 2 or _in_lexicon(stem, g):
                continue
            hit = None
            keys = match_keys(stem) if len(stem) >= 3 else frozenset()
            for k in sorted(keys):  # sorted: a frozenset's order changes with the hash seed
                if k in keyed:
                    hit = keyed[k]
                    break
            if hit is None and len(stem) >= 2 and any(same_foreign_name(stem, p) and len(p.split()[-1]) >= 3 for p in persons):
                hit = "person"
            if hit:
                out.append(Mention(wm.start(), wm.start() + len(stem), hit, "ko", "xscript", stem))
        # a name broken by a stray space (장 성택, 장성 택): joined, it must meet an English person
        for pm in _SPLIT_NAME.finditer(text, a, b):
            first, second = pm.group(1), strip_particles(pm.group(2))
            joined = first + second
            if len(joined) != 3 or joined[0] not in g.surnames or taken.overlaps(pm.start(), pm.start(2) + len(second)):
                continue
            if any(keyed.get(k) == "person" for k in match_keys(joined)):
                out.append(Mention(pm.start(), pm.start(2) + len(second), "person", "ko", "xscript", joined))
    return out


_SPLIT_NAME = regex.compile(r"(?<![\uAC00-\uD7A3] ?)([\uAC00-\uD7A3]{1,2}) ([\uAC00-\uD7A3]{1,4})")


def _kiwi_mentions(text: str, start: int, end: int, g: Gazetteer) -> list[Mention]:
    """Kiwi's NNP tokens in Hangul that end in an administrative unit or a generic term are places.
    Other proper nouns are left alone: their type is unknown."""
    kw = _kiwi()
    if kw is None:
        return []
    out = []
    for m in regex.finditer(rf"{_HANGUL}[\uAC00-\uD7A3\s]*", text[start:end]):
        piece = m.group()
        base = start + m.start()
        for tok in kw.tokenize(piece):
            if tok.tag != "NNP" or tok.len < 2:
                continue
            form = piece[tok.start : tok.start + tok.len]
            if not regex.fullmatch(rf"{_HANGUL}+", form) or _in_lexicon(form, g):
                continue
            if any(form.endswith(u) for u in _KO_PLACE_UNITS) and len(form) >= 3:
                out.append(Mention(base + tok.start, base + tok.start + tok.len, "place", "ko", "kiwi", form))
            # Kiwi's NNP does not say person or place (오슬로, 하와이 look like surname + name to
            # it): a name is taken only next to a title, which the rules already do
    return out


@lru_cache(maxsize=1)
def _kiwi():  # pragma: no cover - depends on the optional extra
    try:
        from kiwipiepy import Kiwi
    except ImportError:
        return None
    return Kiwi()


def kiwi_available() -> bool:
    try:
        import kiwipiepy  # noqa: F401
    except ImportError:
        return False
    return True

"""Linking mentions to authority entries, across scripts, without ever merging two people.

A Hangul mention links by its form (spaces removed; the DPRK and ROK spellings of an initial ㄹ/ㄴ,
리설주/이설주, are one form). An English mention links by its form, then by romanization key
(:func:`align.text.romanize.latin_key` against :func:`~align.text.romanize.match_keys` of every Hangul
form, which covers McCune–Reischauer, the DPRK system, Revised Romanization and the customary
surname spellings), and for foreign names by consonant skeleton (:mod:`align.annotate.loanwords`).
A key that fits two different Hangul names (``Kim Jong Il``: 김정일 and 김종일) links to neither
unless exactly one of them is in the gazetteer: an unlinked mention is a smaller error than a merge.
Pairs in ``confusables.tsv`` are checked after linking: an entry holding both is an error (A330).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..errors import AnnotationError
from ..text.romanize import decompose, compose, dprk, is_hangul_syllable, latin_key, match_keys, revised, romanize_name
from .entities import Mention, korean_name_form
from .loanwords import same_foreign_name
from .gazetteer import Entry, Gazetteer

__all__ = ["Authority", "link_mentions", "orthography_key"]

# The initial-sound rule: South Korean spelling drops or changes an initial ㄹ (and ㄴ before i/y).
_R, _N, _NULL = 5, 2, 11
_IY = frozenset((20, 2, 6, 12, 17, 3, 7))  # ㅣ ㅑ ㅕ ㅛ ㅠ ㅒ ㅖ


def orthography_key(form: str) -> str:
    """One spelling for the North's and the South's forms of a word: 리설주 and 이설주, 로동당 and
    노동당, 량강도 and 양강도 give the same key."""
    if not form or not is_hangul_syllable(form[0]):
        return form
    l, v, t = decompose(form[0])
    if l == _R:
        l = _NULL if v in _IY else _N
    elif l == _N and v in _IY:
        l = _NULL
    return compose(l, v, t) + form[1:]


@dataclass
class Authority:
    """The entries a document's mentions point to, in order of first mention (deterministic ids)."""

    entries: dict[str, Entry] = field(default_factory=dict)  # xml_id -> entry
    seen_forms: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # xml_id -> lang -> forms as printed
    links: dict[int, str] = field(default_factory=dict)  # mention index -> xml_id

    def use(self, e: Entry) -> str:
        self.entries.setdefault(e.xml_id, e)
        return e.xml_id

    def saw(self, xml_id: str, lang: str, form: str) -> None:
        lst = self.seen_forms.setdefault(xml_id, {}).setdefault(lang, [])
        if form not in lst:
            lst.append(form)


def _slug(s: str) -> str:
    s = regex.sub(r"[ŏŭ]", lambda m: {"ŏ": "o", "ŭ": "u"}[m.group()], s.casefold())
    s = regex.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"


def _new_id(type_: str, base: str, used: set[str]) -> str:
    cand, n = base, 1
    while f"{type_}.{cand}" in used:
        n += 1
        cand = f"{base}-{n}"
    return cand


def _romanized(form: str, type_: str) -> str:
    if type_ == "person" and 2 <= len(form) <= 4:
        try:
            return romanize_name(form, "dprk")
        except ValueError:
            pass
    return dprk(form, capitalize=True)


def link_mentions(mentions: list[Mention], g: Gazetteer) -> Authority:
    """Give every mention an entry: gazetteer entries where they match, new entries made from the
    text otherwise. Hangul mentions are linked first, so English mentions can meet them by key."""
    auth = Authority()
    used: set[str] = set(g.entries)
    by_ko: dict[str, Entry] = {}
    for listed in g.entries.values():
        for f in listed.ko:
            by_ko.setdefault(orthography_key(korean_name_form(f)), listed)
    order = sorted(range(len(mentions)), key=lambda i: (mentions[i].lang != "ko", mentions[i].start))
    text_made: list[Entry] = []
    for i in order:
        m = mentions[i]
        e: Entry | None = g.entries.get(m.entry) if m.entry else None
        if e is None and m.lang == "ko":
            e = by_ko.get(orthography_key(m.form))
            if e is not None and e.type != m.type:
                e = None if e.source == "gazetteer" and m.how != "gazetteer" and m.type == "person" else e
            if e is None:
                base = _slug(_romanized(m.form, m.type))
                e = Entry(_new_id(m.type, base, used), m.type, [m.form], [], [], source="text")
                used.add(e.xml_id)
                by_ko[orthography_key(m.form)] = e
                text_made.append(e)
        elif e is None:
            e = _link_latin(m, g, text_made, auth)
            if e is None:
                base = _slug(m.form)
                e = Entry(_new_id(m.type, base, used), m.type, [], [regex.sub(r"['’]s$", "", m.form)], [], source="text")
                used.add(e.xml_id)
                text_made.append(e)
        auth.links[i] = auth.use(e)
        auth.saw(e.xml_id, m.lang, m.form if m.lang == "ko" else " ".join(m.form.split()))
    check_confusables(auth, g)
    return auth


def _link_latin(m: Mention, g: Gazetteer, text_made: list[Entry], auth: Authority) -> Entry | None:
    key = latin_key(m.form)
    words = m.form.split()
    keys = {key}
    if len(words) == 2:  # Western order: Syngman Rhee
        keys.add(latin_key(f"{words[1]} {words[0]}"))
    if "ck" in m.form:  # an English spelling habit (Han Duck-soo 한덕수)
        keys.add(latin_key(m.form.replace("ck", "k")))
    if len(key) < 5:
        return None
    pool = [e for e in (*g.entries.values(), *text_made) if e.type == m.type]
    hits = []
    for e in pool:
        if any(keys & match_keys(korean_name_form(f)) for f in e.ko if len(korean_name_form(f)) >= 2):
            hits.append(e)
        elif any(latin_key(f) in keys for f in e.en):
            hits.append(e)
    if not hits and m.type == "person" and not m.how.startswith(("rule:ko-name", "short-form")):
        # by sound, for foreign names only: a Korean name's consonants say too little (Ri Kun / 권호웅)
        hits = [e for e in pool if any(same_foreign_name(f, m.form) and not _korean_shaped(f, g) for f in e.ko)]
        if len(hits) > 1:
            return None
    distinct = {orthography_key(korean_name_form(e.ko[0])) if e.ko else e.xml_id: e for e in hits}
    if len(distinct) == 1:
        return next(iter(distinct.values()))
    listed = [e for e in distinct.values() if e.source == "gazetteer"]
    if len(listed) == 1 and len(distinct) == 2 and any(e.source == "text" for e in distinct.values()) is False:
        return listed[0]
    if len(listed) == 1 and all(e.source == "gazetteer" or not e.ko for e in distinct.values()):
        return listed[0]
    return None


def _korean_shaped(form: str, g: Gazetteer) -> bool:
    f = korean_name_form(form)
    return (len(f) == 3 and f[0] in g.surnames) or (len(f) == 4 and f[:2] in g.surnames)


def check_confusables(auth: Authority, g: Gazetteer) -> None:
    """Refuse an authority in which one entry holds both names of a confusable pair."""
    for xml_id, langs in auth.seen_forms.items():
        forms = {orthography_key(f) for f in langs.get("ko", [])} | {orthography_key(korean_name_form(f)) for f in auth.entries[xml_id].ko}
        for a, b in g.confusables:
            if orthography_key(a) in forms and orthography_key(b) in forms:
                raise AnnotationError("entities", f"[A330] entry {xml_id!r} would merge {a} and {b}, two different people; fix the gazetteer entry")


def romanizations(form: str) -> dict[str, str]:
    """The three systems' spellings of a Hangul name (for a text-made entry's ``ko-Latn`` forms)."""
    try:
        return {s: romanize_name(form, s) for s in ("dprk", "mr", "rr")}
    except ValueError:
        return {"rr": revised(form, capitalize=True)}

"""Annotation as registered components over the model, and its two roads to TEI.

Components (each switchable): ``entities`` (layers ``person``, ``place``, ``org``, and ``abbr`` for
abbreviations that name no entity), ``terms`` (``term``), ``ocr-doubts`` (``doubt``),
``annotate-dates`` (``date``). Spans carry the TEI attributes they become (``ref``, ``when``,
``corr`` ...); the authority list is kept in ``doc.meta["authority"]``.

TEI: :func:`annotate_tei` reads any TEI align wrote (:func:`align.annotate.teitree.read_tei`), runs
the components, wraps each span in place and adds one ``standOff type="authority"`` with the entries
(:func:`standoff_lists`). Inside the encoder, :data:`ELEMENT_MAPS` render the same layers inline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import regex
from lxml import etree

from ..components import Pipeline, component
from ..model import Document, Layer, Span
from ..tei.mapping import ElementMap
from .dates import date_layer
from ..text.romanize import romanize_name, revised
from .abbrev import find_uses, learn_abbreviations
from .entities import Mention, find_mentions, kiwi_available
from .gazetteer import TYPES, Entry, Gazetteer, load_gazetteer
from .link import Authority, link_mentions
from .ocr import find_doubts
from .terms import find_terms
from .teitree import TEI, XML_NS, read_tei, text_element, wrap

__all__ = [
    "LAYERS",
    "AnnotateOptions",
    "annotation_pipeline",
    "annotate_document",
    "annotate_tei",
    "annotate_bytes",
    "standoff_lists",
    "ELEMENT_MAPS",
]

#: Layer switches, as ``align annotate --only/--skip`` names them.
LAYERS = ("person", "place", "org", "abbr", "term", "date", "ocr")
RESP = "#align"  # the application element of the header (editorial additions: expan, corr)


@dataclass(frozen=True)
class AnnotateOptions:
    layers: frozenset[str] = frozenset(LAYERS)
    gazetteer: tuple[str, ...] = ()
    kiwi: bool = False

    def gaz(self) -> Gazetteer:
        return load_gazetteer(tuple(self.gazetteer))


def _units(doc: Document) -> list[tuple[int, int]]:
    return [(b.start, b.end) for b in doc.layer("block")]


@component("entities", requires=("block",), assigns=("person", "place", "org", "abbr"), version="1")
def ENTITIES(doc: Document, *, gazetteer: tuple[str, ...] = (), kiwi: bool = False, types: tuple[str, ...] = ("person", "place", "org"), abbr: bool = True) -> Document:
    """Persons, places and organizations with a ``ref`` to their authority entry; abbreviations
    defined in the text become mentions of what they abbreviate (or ``abbr`` spans with ``expan``)."""
    g = load_gazetteer(tuple(gazetteer))
    text, units = doc.text, _units(doc)
    mentions = find_mentions(text, units, g, kiwi=kiwi and kiwi_available())
    abbr_spans: list[Span] = []
    if abbr:
        mentions, abbr_spans = _with_abbreviations(text, units, mentions)
    mentions = [m for m in mentions if m.type in types]
    auth = link_mentions(mentions, g)
    layers: dict[str, list[Span]] = {t: [] for t in TYPES}
    for i, m in enumerate(mentions):
        attrs: dict[str, Any] = {"ref": f"#{auth.links[i]}", "lang": m.lang}
        if m.fixes:
            attrs["fixes"] = m.fixes
        layers[m.type].append(Span(m.start, m.end, m.how, attrs))
    for name, spans in layers.items():
        spans.sort(key=lambda s: (s.start, -s.end))
        doc = doc.with_layer(Layer(name, tuple(spans), producer="annotate:entities"), replace_existing=True)
    doc = doc.with_layer(Layer("abbr", tuple(abbr_spans), producer="annotate:abbreviations"), replace_existing=True)
    return doc.with_meta(authority=auth)


def _with_abbreviations(text: str, units: list[tuple[int, int]], mentions: list[Mention]) -> tuple[list[Mention], list[Span]]:
    defs = learn_abbreviations(text, units)
    if not defs:
        return mentions, []
    by_span = {(m.start, m.end): m for m in mentions}
    taken = sorted((m.start, m.end) for m in mentions)
    out = list(mentions)
    spans: list[Span] = []
    expansions = {}
    for d in defs:
        long_m = by_span.get((d.long_start, d.long_end)) or next(
            (m for m in mentions if m.start <= d.long_start < m.end or d.long_start <= m.start < d.long_end and m.end == d.long_end), None
        )
        expansions[d.abbr] = (long_m, d.long(text))
    for s, e, abbr in find_uses(text, units, list(expansions)):
        if any(x < e and s < y for x, y in taken):
            continue
        long_m, long_text = expansions[abbr]
        if long_m is not None and long_m.end - long_m.start >= len(long_text) - 8:
            out.append(Mention(s, e, long_m.type, "en", "abbr", long_m.form, long_m.entry))
        else:
            spans.append(Span(s, e, "abbr", {"expan": " ".join(long_text.split())}))
    out.sort(key=lambda m: (m.start, -m.end))
    return out, sorted(spans, key=lambda s: (s.start, -s.end))


@component("terms", requires=("block",), assigns=("term",), version="1")
def TERMS(doc: Document, *, gazetteer: tuple[str, ...] = ()) -> Document:
    """Romanized Korean terms (``term xml:lang="ko-Latn"``) pointing at their entry."""
    g = load_gazetteer(tuple(gazetteer))
    spans = [Span(s, e, "ko-Latn", {"ref": f"#{t.id}", "key": t.ko}) for s, e, t in find_terms(doc.text, _units(doc), g)]
    return doc.with_layer(Layer("term", tuple(spans), producer="annotate:terms"), replace_existing=True).with_meta(
        terms={t.id: t for t in g.terms}
    )


@component("ocr-doubts", requires=("block",), assigns=("doubt",), version="1")
def OCR_DOUBTS(doc: Document, *, gazetteer: tuple[str, ...] = ()) -> Document:
    """Probable misreadings: ``sic`` spans with a suggested ``corr``, or ``unclear`` ones."""
    g = load_gazetteer(tuple(gazetteer))
    skip = [(s.start, s.end) for name in TYPES if name in doc.layers for s in doc.layer(name)]
    doubts = find_doubts(doc.text, _units(doc), g, skip=skip)
    spans = [Span(d.start, d.end, d.kind, {"corr": d.corr, "cert": d.cert}) for d in doubts]
    # broken letters inside names the entity rules read through (Kirn Il Sung, Kim Jong ll)
    for name in TYPES:
        for sp in doc.layers.get(name, ()):
            spans += [Span(a, b, "sic", {"corr": corr, "cert": "medium"}) for a, b, corr in sp.attrs.get("fixes", ())]
    spans.sort(key=lambda s: (s.start, -s.end))
    return doc.with_layer(Layer("doubt", tuple(spans), producer="annotate:ocr"), replace_existing=True)


@component("annotate-dates", requires=("block",), assigns=("date",), version="1")
def DATES(doc: Document) -> Document:
    """Dates and ranges (``when`` or ``from``/``to``; ``calendar`` for Juche years): the encoder's
    ``dates`` layer (:func:`align.annotate.dates.date_layer`), with ``calendar`` as the pointer TEI
    writes."""
    spans = [
        Span(s.start, s.end, "", {**s.attrs, "calendar": f"#{s.attrs['calendar']}"} if "calendar" in s.attrs else s.attrs)
        for s in date_layer(doc)
    ]
    return doc.with_layer(Layer("date", tuple(spans), producer="annotate:dates"), replace_existing=True)


def annotation_pipeline(options: AnnotateOptions | None = None) -> Pipeline:
    """The annotation components selected by ``options`` (each configured with its gazetteer)."""
    o = options or AnnotateOptions()
    steps = []
    types = tuple(t for t in ("person", "place", "org") if t in o.layers)
    if types or "abbr" in o.layers:
        steps.append(ENTITIES.configured(gazetteer=o.gazetteer, kiwi=o.kiwi, types=types, abbr="abbr" in o.layers))
    if "term" in o.layers:
        steps.append(TERMS.configured(gazetteer=o.gazetteer))
    if "date" in o.layers:
        steps.append(DATES)
    if "ocr" in o.layers:
        steps.append(OCR_DOUBTS.configured(gazetteer=o.gazetteer))
    return Pipeline(steps)


def annotate_document(doc: Document, options: AnnotateOptions | None = None) -> Document:
    return annotation_pipeline(options)(doc)


#: Inline rendering of the layers inside the encoder (align.tei.mapping); choice/sic/corr and
#: choice/abbr/expan need two elements and are written by :func:`annotate_tei` only.
ELEMENT_MAPS = (
    ElementMap("person", "persName", attrs={"ref": "ref"}),
    ElementMap("place", "placeName", attrs={"ref": "ref"}),
    ElementMap("org", "orgName", attrs={"ref": "ref"}),
    ElementMap("term", "term", attrs={"xml:lang": "=ko-Latn", "ref": "ref"}),
)

#: Languages the annotation may write (authority forms, terms), declared in langUsage when used.
_LANGUAGE_NAMES = (("ko", "Korean"), ("en", "English"), ("ko-Latn", "Korean in Latin letters (romanized terms and names)"))

_NAME_ELEMENT = {"person": "persName", "place": "placeName", "org": "orgName"}


@dataclass
class Report:
    """What an annotation run placed, by layer, and what it had to leave out (crossing elements)."""

    placed: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    entries: dict[str, int] = field(default_factory=dict)

    def count(self, layer: str, ok: bool) -> None:
        d = self.placed if ok else self.skipped
        d[layer] = d.get(layer, 0) + 1


def annotate_tei(root: etree._Element, options: AnnotateOptions | None = None) -> Report:
    """Annotate a TEI tree in place; returns the counts. The text content is unchanged."""
    o = options or AnnotateOptions()
    doc, tmap = read_tei(root)
    doc = annotate_document(doc, o)
    report = Report()
    items: list[tuple[int, int, int, str, Span]] = []
    order = {"org": 0, "place": 1, "person": 2, "abbr": 3, "term": 4, "date": 5, "doubt": 6}
    for name in order:
        if name in doc.layers:
            items += [(s.start, -s.end, order[name], name, s) for s in doc.layer(name)]
    items.sort(key=lambda x: x[:3])
    used_refs: set[str] = set()
    for _, _, _, name, s in items:
        el = _place(tmap, name, s)
        report.count("ocr" if name == "doubt" else name, el is not None)
        if el is not None and "ref" in s.attrs:
            used_refs.add(s.attrs["ref"][1:])
    auth: Authority | None = doc.meta.get("authority")
    terms = doc.meta.get("terms", {})
    so = standoff_lists(auth, terms, used_refs)
    if so is not None:
        _insert_standoff(root, so)
        for lst in so:
            report.entries[etree.QName(lst).localname] = len(lst)
    if any(s.attrs.get("calendar") == "#juche" for s in doc.layers.get("date", ())) and report.placed.get("date"):
        _declare_juche(root)
    used_langs = set(root.xpath("//@xml:lang"))
    for ident, name in _LANGUAGE_NAMES:
        if ident in used_langs:
            _declare_language(root, ident, name)
    return report


def _place(tmap, name: str, s: Span) -> etree._Element | None:
    a = dict(s.attrs)
    if name in _NAME_ELEMENT:
        return wrap(tmap, s.start, s.end, _NAME_ELEMENT[name], {"ref": a["ref"]}, reuse=frozenset({_NAME_ELEMENT[name]}))
    if name == "term":
        return wrap(tmap, s.start, s.end, "term", {"xml:lang": "ko-Latn", "ref": a["ref"]}, reuse=frozenset({"term"}))
    if name == "date":
        return wrap(tmap, s.start, s.end, "date", {k: str(v) for k, v in a.items()}, reuse=frozenset({"date"}))
    if name == "abbr":
        choice = wrap(tmap, s.start, s.end, "choice", {})
        if choice is None:
            return None
        _split_choice(choice, "abbr", "expan", a["expan"], {})
        return choice
    if name == "doubt":
        if s.label == "unclear":
            return wrap(tmap, s.start, s.end, "unclear", {"cert": a.get("cert", "low"), "reason": "illegible"})
        choice = wrap(tmap, s.start, s.end, "choice", {})
        if choice is None:
            return None
        _split_choice(choice, "sic", "corr", a["corr"], {"cert": a.get("cert", "medium")})
        return choice
    return None


def _split_choice(choice: etree._Element, first: str, second: str, added: str, extra: Mapping[str, str]) -> None:
    """``<choice>text</choice>`` -> ``<choice><first>text</first><second resp="#align">added</second></choice>``."""
    inner = etree.SubElement(choice, f"{TEI}{first}")
    inner.text = choice.text
    choice.text = None
    for c in list(choice):
        if c is not inner:
            inner.append(c)
    inner.tail = None
    other = etree.SubElement(choice, f"{TEI}{second}", resp=RESP, **extra)
    other.text = added
    # the first child must come first: SubElement appended it before the moved children
    choice.remove(inner)
    choice.insert(0, inner)


def _name_el(tag: str, text: str, lang: str, **attrs: str) -> etree._Element:
    el = etree.Element(f"{TEI}{tag}", **attrs)
    el.set(f"{{{XML_NS}}}lang", lang)
    el.text = text
    return el


def standoff_lists(auth: Authority | None, terms: Mapping[str, Any] | None = None, used: Iterable[str] | None = None) -> etree._Element | None:
    """``standOff type="authority"``: listPerson, listPlace, listOrg (entries in order of first
    mention, each with its Hangul and English forms) and a list of terms; None when empty."""
    used_set = set(used) if used is not None else None
    so = etree.Element(f"{TEI}standOff", type="authority")
    if auth is not None:
        for type_, (list_tag, entry_tag, name_tag) in TYPES.items():
            entries = [e for xid, e in auth.entries.items() if e.type == type_ and (used_set is None or xid in used_set)]
            if not entries:
                continue
            lst = etree.SubElement(so, f"{TEI}{list_tag}")
            for e in entries:
                lst.append(_entry(e, auth, entry_tag, name_tag))
    if terms:
        term_ids = [t for t in terms if used_set is None or t in used_set]
        if term_ids:
            lst = etree.SubElement(so, f"{TEI}list", type="terms")
            for tid in term_ids:
                t = terms[tid]
                item = etree.SubElement(lst, f"{TEI}item")
                item.set(f"{{{XML_NS}}}id", tid)
                item.append(_name_el("term", t.ko, "ko"))
                for f in t.en:
                    item.append(_name_el("term", f, "ko-Latn"))
                if t.gloss:
                    item.append(_name_el("gloss", t.gloss, "en"))
    return so if len(so) else None


def _entry(e: Entry, auth: Authority, entry_tag: str, name_tag: str) -> etree._Element:
    el = etree.Element(f"{TEI}{entry_tag}")
    el.set(f"{{{XML_NS}}}id", e.xml_id)
    seen = auth.seen_forms.get(e.xml_id, {})
    ko = list(dict.fromkeys([*e.ko, *seen.get("ko", [])]))
    en = list(dict.fromkeys([*e.en, *(f for f in seen.get("en", []) if not regex.search(r"['’]s$", f))]))
    for f in ko:
        el.append(_name_el(name_tag, f, "ko"))
    for f in en:
        el.append(_name_el(name_tag, f, "en"))
    for f in e.abbr:
        el.append(_name_el(name_tag, f, "en", type="abbreviation"))
    if ko and not en:  # no English form known: give the romanizations, marked as made here
        done = set()
        for system in ("dprk", "mr", "rr"):
            try:
                r = romanize_name(ko[0], system) if e.type == "person" else revised(ko[0], capitalize=True)
            except ValueError:
                r = revised(ko[0], capitalize=True)
            if r not in done:
                done.add(r)
                el.append(_name_el(name_tag, r, "ko-Latn", type=f"romanized-{system}"))
    if e.source == "text":
        el.set("resp", RESP)
    return el


def _insert_standoff(root: etree._Element, so: etree._Element) -> None:
    for old in root.findall(f"{TEI}standOff[@type='authority']"):
        root.remove(old)
    so.tail = "\n"
    root.append(so)


def _profile(root: etree._Element) -> etree._Element | None:
    header = root.find(f"{TEI}teiHeader")
    if header is None:
        return None
    profile = header.find(f"{TEI}profileDesc")
    if profile is None:
        profile = etree.Element(f"{TEI}profileDesc")
        after = header.find(f"{TEI}encodingDesc")
        if after is None:
            after = header.find(f"{TEI}fileDesc")
        after.addnext(profile)
    return profile


def _declare_language(root: etree._Element, ident: str, name: str) -> None:
    """Add ``language ident`` to ``langUsage`` (made if missing) unless it is there."""
    profile = _profile(root)
    if profile is None:
        return
    usage = profile.find(f"{TEI}langUsage")
    if usage is None:
        usage = etree.SubElement(profile, f"{TEI}langUsage")
    if any(l.get("ident") == ident for l in usage.findall(f"{TEI}language")):
        return
    lang = etree.SubElement(usage, f"{TEI}language", ident=ident)
    lang.text = name


def _declare_juche(root: etree._Element) -> None:
    if root.xpath("//*[@xml:id='juche']"):
        return
    profile = _profile(root)
    if profile is None:
        return
    cal_desc = profile.find(f"{TEI}calendarDesc")
    if cal_desc is None:
        cal_desc = etree.Element(f"{TEI}calendarDesc")
        profile.insert(0, cal_desc)
    cal = etree.SubElement(cal_desc, f"{TEI}calendar")
    cal.set(f"{{{XML_NS}}}id", "juche")
    p = etree.SubElement(cal, f"{TEI}p")
    p.text = "Juche calendar, used in the DPRK: year 1 is 1912 CE, so Juche N is N + 1911 CE."


def parse_tei(data: bytes, name: str = "<bytes>") -> etree._Element:
    """Parse TEI bytes safely (no DTD, no entities, no network); a bad file is one A341 line."""
    from ..errors import ReadError
    from ..validate.safeparse import parse

    tree, findings = parse(data, name=name)
    errors = [f for f in findings if f.severity == "error"]
    if tree is None or errors:
        f = errors[0] if errors else None
        raise ReadError(f"[A341] {f.message if f else 'cannot read the TEI'}; give a well-formed TEI file", path=name, line=f.line if f and f.line else None, col=f.col if f and f.col else None)
    return tree.getroot()


def annotate_bytes(data: bytes, options: AnnotateOptions | None = None, *, name: str = "<bytes>") -> bytes:
    """TEI bytes annotated (same serialisation rules as the encoder: deterministic, no pretty-printing)."""
    root = parse_tei(data, name)
    annotate_tei(root, options)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"

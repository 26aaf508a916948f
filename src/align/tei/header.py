"""The ``teiHeader``: what an archive needs to know about the source and about how it was encoded.

Facts come from two places: the text itself (title from display titles or the first heading;
publisher and issue date from the colophon; measured language shares) and an optional metadata
mapping (a TOML file: ``[source]`` title/publisher/pubPlace/date/note, ``[edition]`` ...) that
overrides what was detected. Nothing is invented: a field neither source gives is left out.
"""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path
from typing import Any, Mapping

import regex
from lxml import etree

from .. import __version__
from ..text.dates import find_dates
from ..model import Document
from ..text.scripts import LanguageMap, dominant_script, script_runs

# The script-to-language table in force while a header is built (the document's own, e.g. --lang Hani=zh).
_LANG_MAP: ContextVar[LanguageMap] = ContextVar("header_languages", default=LanguageMap())

__all__ = ["detect_metadata", "language_shares", "percent_shares", "build_header", "LANGUAGE_NAMES"]

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

LANGUAGE_NAMES = {"en": "English", "ko": "Korean", "ja": "Japanese", "zh": "Chinese", "ru": "Russian", "de": "German", "fr": "French"}

_PUBLISHED_BY = regex.compile(r"(?i)^\s*published\s+by\s+(?:the\s+)?(?P<pub>.+?)\s*$", regex.MULTILINE)
_LETTER = regex.compile(r"\p{L}")


def _unmark(s: str) -> str:
    return " ".join(s.replace("**", "").replace("*", "").split())


def detect_metadata(doc: Document) -> dict[str, Any]:
    """What the text says about itself: title, publisher, issue date (with its calendar)."""
    meta: dict[str, Any] = {}
    blocks = doc.layers.get("block", ())
    text = doc.text
    for b in blocks:
        if b.label == "title":
            meta["title"] = _unmark(b.text(doc))
            break
    for b in blocks:
        if b.label != "colophon":
            continue
        t = b.text(doc)
        m = _PUBLISHED_BY.search(t)
        if m and "publisher" not in meta:
            meta["publisher"] = m.group("pub").strip()
        for d in find_dates(text, b.start, b.end):
            if d.when and "date" not in meta:
                meta["date"] = d.when
                meta["date_text"] = text[d.start : d.end]
                if d.calendar:
                    meta["calendar"] = d.calendar
    return meta


def language_shares(doc: Document) -> dict[str, int]:
    """Per cent of letters in each language, from the script layer; sums to 100 (largest remainder)."""
    counts: dict[str, int] = {}
    for r in doc.layer("script"):
        lang = r.attrs.get("lang")
        if not lang:
            continue
        n = len(_LETTER.findall(doc.text, r.start, r.end))
        if n:
            counts[lang] = counts.get(lang, 0) + n
    return percent_shares(counts)


def percent_shares(counts: Mapping[str, int]) -> dict[str, int]:
    """Whole per cents that sum to 100 (largest remainder), largest first; a language that is
    present never shows as 0 %."""
    total = sum(counts.values())
    if not total:
        return {}
    exact = {k: 100 * v / total for k, v in counts.items()}
    out = {k: int(v) for k, v in exact.items()}
    rest = 100 - sum(out.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[:rest]:
        out[k] += 1
    for k in out:
        if out[k] == 0:
            out[k] = 1
            big = max(out, key=lambda x: (out[x], x))
            out[big] -= 1
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def _el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    e = etree.SubElement(parent, TEI + tag)
    for k, v in attrs.items():
        if v is not None:
            e.set(XML_ID if k == "xml_id" else XML_LANG if k == "xml_lang" else k, str(v))
    if text is not None:
        lang = _language_of(text)
        if lang and lang != HEADER_LANG and XML_LANG not in e.attrib:
            e.set(XML_LANG, lang)
        _mixed_text(e, text, e.get(XML_LANG, HEADER_LANG))
    return e


def _mixed_text(e: etree._Element, text: str, lang: str) -> None:
    """Set ``text`` as the content of ``e``, wrapping runs in another language in ``foreign``."""
    e.text = ""
    last = None
    for run in script_runs(text):
        piece = text[run.start : run.end]
        run_lang = _LANG_MAP.get().lang_of(run.script)
        core = piece.rstrip()
        if run_lang and run_lang != lang and core:
            f = etree.SubElement(e, TEI + "foreign")
            f.set(XML_LANG, run_lang)
            f.text = core
            f.tail = piece[len(core) :]
            last = f
        elif last is None:
            e.text += piece
        else:
            last.tail += piece


#: The header's own prose is English; values taken from the source carry their own xml:lang.
HEADER_LANG = "en"


def _language_of(text: str) -> str | None:
    script = dominant_script(text)
    return _LANG_MAP.get().lang_of(script) if script else None


_READ_STEPS = {
    "strip-bom": "the byte-order mark at the start of the file was removed",
    "newlines:lf": "CRLF and CR line ends were changed to LF, as any XML parser does",
}


def _normalization_note(doc: Document, italic: str) -> str:
    """What reading changed (from the document's provenance) and how markup maps to elements."""
    steps = [_READ_STEPS[p] for p in doc.provenance if p in _READ_STEPS]
    read_part = ("On reading, " + "; ".join(steps) + ". Otherwise no") if steps else "No"
    return (
        f"{read_part} normalization of the text. Emphasis: **bold** is encoded as hi rend=bold, *italic* as "
        f"{italic} rend=italic. Source line breaks inside blocks are kept and marked with lb; blank lines "
        "between blocks are kept as white space."
    )


def build_header(
    doc: Document,
    *,
    metadata: Mapping[str, Any] | None = None,
    signature: str = "",
    segmentation: str = "",
    extra_sources: list[Mapping[str, Any]] | None = None,
    shares: Mapping[str, int] | None = None,
    italic: str = "hi",
) -> etree._Element:
    """The ``teiHeader`` element. ``metadata`` keys: ``source`` (title, author, publisher, pubPlace,
    date, date_text, calendar, note), ``edition`` (title, responsibility, note)."""
    table = doc.meta.get("languages")
    token = _LANG_MAP.set(LanguageMap.from_mapping(table) if table else LanguageMap())
    try:
        return _build_header(doc, metadata, signature, segmentation, extra_sources, shares, italic)
    finally:
        _LANG_MAP.reset(token)


def _build_header(doc, metadata, signature, segmentation, extra_sources, shares, italic) -> etree._Element:
    detected = detect_metadata(doc)
    given = dict(metadata or {})
    src = {**detected, **dict(given.get("source", {}))}
    edition = dict(given.get("edition", {}))
    # never a local path in an archive file: the file's name at most
    title = src.get("title") or (Path(doc.meta["source"]).name if doc.meta.get("source") else doc.id)

    h = etree.Element(TEI + "teiHeader")
    h.set(XML_LANG, HEADER_LANG)
    fd = _el(h, "fileDesc")
    ts = _el(fd, "titleStmt")
    if edition.get("title"):
        _el(ts, "title", edition["title"])
    else:  # "<source title>: a TEI P5 edition", the source title keeping its own language
        t = _el(ts, "title")
        _el(t, "title", title).tail = ": a TEI P5 edition"
    if src.get("author"):
        _el(ts, "author", src["author"])
    rs = _el(ts, "respStmt")
    _el(rs, "resp", "encoded, segmented by script and sentence, and language-tagged by")
    _el(rs, "name", f"align {__version__}")
    for resp in edition.get("responsibility", []):
        r = _el(ts, "respStmt")
        _el(r, "resp", resp["resp"])
        _el(r, "name", resp["name"])
    ps = _el(fd, "publicationStmt")
    if edition.get("publisher"):
        _el(ps, "publisher", edition["publisher"])
        av = _el(ps, "availability")
        _el(av, "p", edition.get("availability", "Availability not stated."))
    else:
        _el(ps, "p", edition.get("publication", "Unpublished electronic edition, generated by align from the source text."))
    sd = _el(fd, "sourceDesc")
    bibl = _el(sd, "bibl", xml_id="source")
    _el(bibl, "title", title)
    if src.get("author"):
        _el(bibl, "author", src["author"])
    if src.get("publisher"):
        _el(bibl, "publisher", src["publisher"])
    if src.get("pubPlace"):
        _el(bibl, "pubPlace", src["pubPlace"])
    if src.get("date"):
        cal = src.get("calendar")
        _el(bibl, "date", src.get("date_text") or src["date"], when=src["date"], calendar=f"#{cal}" if cal else None)
    if src.get("note"):
        _el(bibl, "note", src["note"])
    for extra in extra_sources or []:
        b = _el(sd, "bibl", xml_id=extra.get("id"))
        _el(b, "title", extra["title"])
        for resp in extra.get("responsibility", []):
            r = _el(b, "respStmt")
            _el(r, "resp", resp["resp"])
            _el(r, "name", resp["name"])
        if extra.get("note"):
            _el(b, "note", extra["note"])

    ed = _el(h, "encodingDesc")
    ai = _el(ed, "appInfo")
    app = _el(ai, "application", ident="align", version=__version__, xml_id="align")
    _el(app, "label", "align")
    if signature:
        _el(app, "desc", signature)
    pd = _el(ed, "projectDesc")
    _el(
        pd,
        "p",
        "Encoded automatically from the source text. Every character of the source is kept; the text "
        "content of the TEI text element equals the source with its Markdown emphasis markers removed.",
    )
    edd = _el(ed, "editorialDecl")
    corr = _el(edd, "correction", status="unknown")
    _el(corr, "p", "Not corrected: OCR errors and variant spellings are kept exactly as in the source.")
    norm = _el(edd, "normalization")
    _el(
        norm,
        "p",
        _normalization_note(doc, italic),
    )
    seg = _el(edd, "segmentation")
    _el(
        seg,
        "p",
        segmentation
        or "Blocks are separated by blank lines. Script runs follow Unicode UAX #24 (Script and "
        "Script_Extensions; Common and Inherited characters take the script of their context; paired "
        "brackets take the script of their opening context); Hangul and Han in Korean text form one "
        "Korean run. Each run's language comes from a script-to-language table. Sentences are split by rule.",
    )

    pr = _el(h, "profileDesc")
    if src.get("calendar") == "juche" or any(d.calendar == "juche" for d in find_dates(doc.text)):
        cd = _el(pr, "calendarDesc")
        cal = _el(cd, "calendar", xml_id="juche")
        _el(cal, "p", "Juche calendar, used in the DPRK: year 1 is 1912 CE, so Juche N is N + 1911 CE.")
    if shares is None:
        shares = language_shares(doc) if "script" in doc.layers else {}
    declared = dict(shares)
    for lang in given.get("languages", []):
        declared.setdefault(lang, 0)
    if declared:  # a text with no letters (only digits, say) has no language to declare
        lu = _el(pr, "langUsage")
        for lang, pct in declared.items():
            _el(lu, "language", LANGUAGE_NAMES.get(lang.split("-")[0], lang), ident=lang, usage=pct)
    if not len(pr):
        h.remove(pr)
    return h

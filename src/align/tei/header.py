"""The ``teiHeader``: what an archive needs to know about the source and about how it was encoded.

The header is described here as plain data (:class:`E`: a tag, attributes and mixed content); the
TEI writer (:mod:`align.tei.encode`) is what turns it into XML. Its ``appInfo`` lists every component
that made the file (the aligner included), each with its signature, from the documents' and the
alignments' own records, so a file encoded from saved JSON says the same as one encoded directly.

Facts come from two places: the text itself (title from display titles or the first heading;
publisher and issue date from the colophon; measured language shares) and an optional metadata
mapping (a TOML file: ``[source]`` title/publisher/pubPlace/date/note, ``[edition]`` ...) that
overrides what was detected. Nothing is invented: a field neither source gives is left out.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence, Union

import regex

from .. import __version__
from ..annotate.runs import foreign_pieces
from ..model import Document
from ..text.scripts import LanguageMap, dominant_script

# The script-to-language table in force while a header is built (the document's own, e.g. --lang Hani=zh).
_LANG_MAP: ContextVar[LanguageMap] = ContextVar("header_languages", default=LanguageMap())

__all__ = [
    "E",
    "Application",
    "applications",
    "detect_metadata",
    "language_shares",
    "percent_shares",
    "header_tree",
    "build_header",
    "LANGUAGE_NAMES",
]

XML_ID = "xml:id"
XML_LANG = "xml:lang"


@dataclass
class E:
    """An element as plain data: ``children`` are strings (text) and elements, in order."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Union[str, "E"]] = field(default_factory=list)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def __len__(self) -> int:
        return sum(1 for c in self.children if isinstance(c, E))

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
        for d in doc.layers["date"].within(b.start, b.end) if "date" in doc.layers else ():
            if d.attrs.get("when") and "date" not in meta:
                meta["date"] = d.attrs["when"]
                meta["date_text"] = text[d.start : d.end]
                if d.attrs.get("calendar"):
                    meta["calendar"] = d.attrs["calendar"]
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


def _el(parent: E | None, tag: str, text: str | None = None, *, prose: bool = False, **attrs: Any) -> E:
    """An element; ``text`` is tagged by the document's script-to-language table, unless it is
    ``prose`` this module writes (English by construction, whatever the table says of Latin)."""
    e = E(tag)
    if parent is not None:
        parent.children.append(e)
    for k, v in attrs.items():
        if v is not None:
            e.attrs[XML_ID if k == "xml_id" else XML_LANG if k == "xml_lang" else k] = str(v)
    if text is not None:
        table = _PROSE_MAP if prose else _LANG_MAP.get()
        lang = _language_of(text, table)
        if lang and lang != HEADER_LANG and XML_LANG not in e.attrs:
            e.attrs[XML_LANG] = lang
        _mixed_text(e, text, e.attrs.get(XML_LANG, HEADER_LANG), table)
    return e


def _mixed_text(e: E, text: str, lang: str, table: LanguageMap) -> None:
    """Set ``text`` as the content of ``e``, wrapping runs in another language in ``foreign`` by the
    rule of the ``foreign`` layer (letters only; brackets, quotes and commas stay outside)."""
    pos = 0
    for a, z, run_lang in foreign_pieces(text, lang, table.lang_of):
        if a > pos:
            e.children.append(text[pos:a])
        e.children.append(E("foreign", {XML_LANG: run_lang}, [text[a:z]]))
        pos = z
    if pos < len(text):
        e.children.append(text[pos:])


#: The header's own prose is English; values taken from the source carry their own xml:lang.
HEADER_LANG = "en"
#: The table for that prose: the default one, so a German document's table (Latn=de) does not make
#: "encoded, segmented by script…" German, while a Hangul file name in it is still Korean.
_PROSE_MAP = LanguageMap()


def _language_of(text: str, table: LanguageMap) -> str | None:
    script = dominant_script(text)
    return table.lang_of(script) if script else None


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


@dataclass(frozen=True)
class Application:
    """One ``appInfo/application``: a component (or an aligner) and the signature of what it did."""

    xml_id: str
    name: str
    version: str | None
    signature: str


_NOT_NAME = regex.compile(r"[^\w.-]")
_VERSION = regex.compile(r"^\d+(?:\.\d+){0,2}$")


def applications(signatures: Sequence[str] = (), aligners: Sequence[str] = ()) -> list[Application]:
    """Entries for component signatures (``name:version(settings)``) and aligner signatures
    (``aligner:NAME|...|version:X``), in that order, each signature once, with unique ids
    ``align.NAME`` (``align.NAME-2`` for a second entry of the same name)."""
    out: list[Application] = []
    taken: set[str] = set()

    def add(name: str, version: str | None, sig: str) -> None:
        base = "align." + (_NOT_NAME.sub("-", name) or "component")
        xml_id, n = base, 1
        while xml_id in taken:
            n += 1
            xml_id = f"{base}-{n}"
        taken.add(xml_id)
        out.append(Application(xml_id, name, version if version and _VERSION.match(version) else None, sig))

    seen: set[str] = set()
    for sig in signatures:
        if sig and sig not in seen:
            seen.add(sig)
            name, _, rest = sig.partition(":")
            add(name, regex.split(r"[(|]", rest, maxsplit=1)[0], sig)
    for sig in aligners:
        if sig and sig not in seen:
            seen.add(sig)
            fields = dict(f.partition(":")[::2] for f in sig.split("|"))
            add("aligner", fields.get("version"), sig)
    return out


def build_header(doc: Document, **kwargs: Any) -> Any:
    """The ``teiHeader`` as an lxml element (:func:`header_tree`, written by the TEI writer)."""
    from .encode import element

    return element(header_tree(doc, **kwargs))


def header_tree(
    doc: Document,
    *,
    metadata: Mapping[str, Any] | None = None,
    signatures: Sequence[str] | None = None,
    aligners: Sequence[str] = (),
    segmentation: str = "",
    extra_sources: Sequence[Mapping[str, Any]] | None = None,
    shares: Mapping[str, int] | None = None,
    italic: str | None = None,
    languages: Mapping[str, str] | None = None,
) -> E:
    """The ``teiHeader`` as data. ``metadata`` keys: ``source`` (title, author, publisher, pubPlace,
    date, date_text, calendar, note), ``edition`` (title, responsibility, note). ``signatures``
    (default: the document's own) and ``aligners`` fill ``appInfo``. ``languages`` is the
    script-to-language table that tags the values (default: the document's own)."""
    table = doc.meta.get("languages") if languages is None else languages
    token = _LANG_MAP.set(LanguageMap.from_mapping(table) if table else LanguageMap())
    apps = applications(doc.signatures if signatures is None else signatures, aligners)
    try:
        return _build_header(doc, metadata, apps, segmentation, extra_sources, shares, italic or doc.meta.get("italic", "hi"))
    finally:
        _LANG_MAP.reset(token)


def _build_header(doc, metadata, apps, segmentation, extra_sources, shares, italic) -> E:
    detected = detect_metadata(doc)
    given = dict(metadata or {})
    src = {**detected, **dict(given.get("source", {}))}
    edition = dict(given.get("edition", {}))
    # never a local path in an archive file: the file's name at most
    title = src.get("title") or (Path(doc.meta["source"]).name if doc.meta.get("source") else doc.id)

    h = E("teiHeader")
    h.attrs[XML_LANG] = HEADER_LANG
    fd = _el(h, "fileDesc")
    ts = _el(fd, "titleStmt")
    if edition.get("title"):
        _el(ts, "title", edition["title"])
    else:  # "<source title>: a TEI P5 edition", the source title keeping its own language
        t = _el(ts, "title")
        _el(t, "title", title)
        t.children.append(": a TEI P5 edition")
    if src.get("author"):
        _el(ts, "author", src["author"])
    rs = _el(ts, "respStmt")
    _el(rs, "resp", "encoded, segmented by script and sentence, and language-tagged by", prose=True)
    _el(rs, "name", f"align {__version__}", prose=True)
    for resp in edition.get("responsibility", []):
        r = _el(ts, "respStmt")
        _el(r, "resp", resp["resp"])
        _el(r, "name", resp["name"])
    ps = _el(fd, "publicationStmt")
    if edition.get("publisher"):
        _el(ps, "publisher", edition["publisher"])
        av = _el(ps, "availability")
        _el(av, "p", edition.get("availability", "Availability not stated."), prose="availability" not in edition)
    else:
        _el(ps, "p", edition.get("publication", "Unpublished electronic edition, generated by align from the source text."), prose="publication" not in edition)
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
    _el(app, "label", "align", prose=True)
    for entry in apps:
        app = _el(ai, "application", ident=f"align-{entry.name}", version=entry.version or __version__, xml_id=entry.xml_id)
        _el(app, "label", entry.name, prose=True)
        _el(app, "desc", entry.signature, prose=True)
    pd = _el(ed, "projectDesc")
    _el(
        pd,
        "p",
        "Encoded automatically from the source text. Every character of the source is kept; the text "
        "content of the TEI text element equals the source with its Markdown emphasis markers removed.",
        prose=True,
    )
    edd = _el(ed, "editorialDecl")
    corr = _el(edd, "correction", status="unknown")
    _el(corr, "p", "Not corrected: OCR errors and variant spellings are kept exactly as in the source.", prose=True)
    norm = _el(edd, "normalization")
    _el(
        norm,
        "p",
        _normalization_note(doc, italic),
        prose=True,
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
        prose=True,
    )

    pr = _el(h, "profileDesc")
    if src.get("calendar") == "juche" or any(d.attrs.get("calendar") == "juche" for d in doc.layers.get("date", ())):
        cd = _el(pr, "calendarDesc")
        cal = _el(cd, "calendar", xml_id="juche")
        _el(cal, "p", "Juche calendar, used in the DPRK: year 1 is 1912 CE, so Juche N is N + 1911 CE.", prose=True)
    if shares is None:
        shares = language_shares(doc) if "script" in doc.layers else {}
    declared = dict(shares)
    for lang in given.get("languages", []):
        declared.setdefault(lang, 0)
    if declared:  # a text with no letters (only digits, say) has no language to declare
        lu = _el(pr, "langUsage")
        for lang, pct in declared.items():
            _el(lu, "language", LANGUAGE_NAMES.get(lang.split("-")[0], lang), ident=lang, usage=pct, prose=True)
    if not len(pr):
        h.children.remove(pr)
    return h

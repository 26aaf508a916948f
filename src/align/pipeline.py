"""The main job as pure functions: text → annotated Document → TEI bytes.

read → markup → scripts → structure → sentences → (align) → encode. Each step returns a new
Document with one more layer, so a scholar can stop at any point and inspect or replace a layer.
"""

from __future__ import annotations

import dataclasses
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any, Mapping, Sequence

import regex


from . import __version__
from .tei.encode import serialize, to_tei
from .annotate.dates import DATES
from .annotate.runs import FOREIGN
from .components import Pipeline, component
from .errors import ModelError, ReadError
from .text.markup import markup_layer
from .model import Document, FrozenMap, Layer, Pair, Span
from .text.scripts import UNICODE_VERSIONS, LanguageMap, script_spans
from .text.sentences import get_splitter, split_sentences
from .text.structure import StructureConfig, ends_sentence, recover_structure, recover_structure_as_embedded

__all__ = [
    "EncodeOptions",
    "annotate_document",
    "default_pipeline",
    "stated_language_options",
    "sentence_layer_for_blocks",
    "encode_document",
    "translation_pipeline",
    "signature",
    "load_metadata",
]

#: Texts at least this long are encoded chunk by chunk (align.tei.stream): the same bytes, less memory,
#: and the header's facts gathered chunk by chunk rather than by one more look over the whole text.
STREAM_FROM_CHARS = 200_000

#: Block kinds whose text is running prose, split into ``<s>``.
SENTENCE_BLOCKS = frozenset({"p", "e-p"})
#: Blocks split by lines whose lines are elements of their own in TEI (``l``, ``item``).
_LINE_ELEMENTS = frozenset({"lg", "e-list"})


@dataclass(frozen=True)
class EncodeOptions:
    splitter: str = "rules"
    languages: Mapping[str, str] | None = None
    #: element for *italic*: "hi" (emphasis) or "title" (a book whose italics mark titles of works)
    italic: str = "hi"
    structure: StructureConfig = field(default_factory=StructureConfig)


def signature(options: EncodeOptions | None = None) -> str:
    """sacrebleu-style record of the settings that made an output."""
    o = options or EncodeOptions()
    sp = get_splitter(o.splitter)
    return f"seg:uax24|uni:{UNICODE_VERSIONS['regex_unicode']}|sent:{sp.name}-{sp.version}|version:{__version__}"


def annotate_document(doc: Document, options: EncodeOptions | None = None) -> Document:
    """Add the ``markup``, ``block``, ``group``, ``script``, ``sentence``, ``date`` and ``foreign`` layers
    (the default pipeline)."""
    return default_pipeline(options)(doc)


def default_pipeline(options: EncodeOptions | None = None) -> Pipeline:
    """The built-in components configured from ``options``; edit it by name (add, remove, replace)."""
    o = options or EncodeOptions()
    if o.italic not in ("hi", "title"):
        raise ModelError(f"[A010] italic must be 'hi' or 'title', not {o.italic!r}")
    languages = LanguageMap.from_mapping(o.languages) if o.languages else None
    cfg = o.structure if languages is None else dataclasses.replace(o.structure, languages=languages)
    return Pipeline(
        [
            MARKUP.configured(italic=o.italic),
            STRUCTURE.configured(structure=cfg, languages=languages),
            SCRIPTS.configured(languages=languages, unicode=UNICODE_VERSIONS["regex_unicode"]),
            SENTENCES.configured(splitter=o.splitter),
            DATES,
            FOREIGN,
        ]
    )


@component("markup", assigns=("markup",), version="1")
def MARKUP(doc: Document, *, italic: str = "hi") -> Document:
    """Light Markdown emphasis (``**bold**``, ``*italic*``); ``italic`` says what *italic* means."""
    return doc.with_layer(markup_layer(doc.text)).with_meta(italic=italic)


@component("structure", requires=("markup",), assigns=("block", "group"), version="1")
def STRUCTURE(doc: Document, *, structure: StructureConfig | None = None, languages: LanguageMap | None = None) -> Document:
    """Blocks and divisions; emphasis that would cross a block boundary is dropped from ``markup``."""
    if languages is not None:
        doc = doc.with_meta(languages=languages.to_dict())
    doc = recover_structure(doc, structure or StructureConfig())
    return doc.with_layer(_markup_that_nests(doc), replace_existing=True)


@component("structure-embedded", requires=("markup",), assigns=("block", "group"), version="1")
def STRUCTURE_EMBEDDED(doc: Document, *, structure: StructureConfig | None = None, languages: LanguageMap | None = None) -> Document:
    """Structure of a text that is one document (a treaty, a letter, a translation of one): heading,
    paragraphs, numbered articles, date line and signatures, with no front or back matter."""
    if languages is not None:
        doc = doc.with_meta(languages=languages.to_dict())
    doc = recover_structure_as_embedded(doc, structure or StructureConfig())
    return doc.with_layer(_markup_that_nests(doc), replace_existing=True)


@component("scripts", requires=("block",), assigns=("script",), version="1")
def SCRIPTS(doc: Document, *, languages: LanguageMap | None = None, unicode: str | None = None) -> Document:
    """Unicode script runs (UAX #24), each tagged with its language, computed block by block.
    ``unicode`` records the version of the Unicode tables in the signature (it changes the runs)."""
    return doc.with_layer(script_layer_by_blocks(doc, languages))


@component("sentences", requires=("block",), assigns=("sentence",), version="1")
def SENTENCES(doc: Document, *, splitter: str = "rules", prefix: str | None = None, blocks: str | None = None) -> Document:
    """Sentences of prose blocks and list items (``blocks="all"``: of every block, line by line
    outside prose), with ids ``{prefix}{lang}.s{n}``."""
    return doc.with_layer(sentence_layer_for_blocks(doc, splitter=splitter, prefix=prefix or "", blocks=blocks or "prose"))


def stated_language_options(o: EncodeOptions, text: str, lang: str | None) -> EncodeOptions:
    """Options under which the main script of ``text`` is in ``lang``, the language stated for it.

    The script table says Latin is English: a translation or a side of a pair stated to be German
    would otherwise be tagged English (blocks, sentence ids) under a root or div that says German,
    and its links would join English to English. Only a language the table gives no script is
    mapped so: a side stated to be Korean or English keeps the table, so that the other language's
    passages in it (an English paragraph quoted in Korean) keep theirs; a stated tag that only
    refines the table's (``en-GB`` for ``en``) changes nothing either."""
    from .text.scripts import DEFAULT_LANGUAGES, dominant_script

    if not lang:
        return o
    table = dict(o.languages) if o.languages else dict(DEFAULT_LANGUAGES)
    primary = lang.split("-")[0].lower()
    if any(str(v).split("-")[0].lower() == primary for v in table.values()):
        return o
    script = dominant_script(text)
    if script is None:
        return o
    table[script] = lang
    return dataclasses.replace(o, languages=table)


def translation_pipeline(options: EncodeOptions | None = None, *, prefix: str = "tr.") -> Pipeline:
    """The pipeline for a translation placed in an edition: its structure as one document
    (``structure-embedded``) and sentence ids that start with ``prefix``."""
    o = options or EncodeOptions()
    p = default_pipeline(o)
    embedded = p.steps[p.names.index("structure")]
    p.replace("structure", STRUCTURE_EMBEDDED.configured(**embedded.config))
    sentences = p.steps[p.names.index("sentences")]
    p.replace("sentences", sentences.configured(prefix=prefix))
    return p


#: Blocks encoded line by line (list items, signature lines): emphasis may not cross their lines.
LINE_BLOCKS = frozenset({"e-list", "e-signed"})


def _markup_that_nests(doc: Document) -> Layer:
    """Emphasis spans that fit inside one block (and one line of a line-structured block). A span that
    would cross an element boundary is dropped: its stars then stay in the text as printed."""
    markup = doc.layer("markup")
    blocks = list(doc.layer("block"))
    starts = [b.start for b in blocks]
    keep = []
    for m in markup:
        i = bisect_right(starts, m.start) - 1
        if i < 0 or m.end > blocks[i].end:
            continue
        if blocks[i].label in LINE_BLOCKS and "\n" in doc.text[m.start : m.end]:
            continue
        keep.append(m)
    return Layer("markup", tuple(keep), producer=markup.producer, meta={"dropped": len(markup) - len(keep)})


def script_layer_by_blocks(doc: Document, languages: LanguageMap | None = None) -> Layer:
    """Script runs computed block by block: a blank line is a hard boundary, so digits opening a
    Korean inscription never take the script of the English caption before it."""
    spans: list[Span] = []
    for b in doc.layer("block"):
        spans.extend(script_spans(doc.text, b.start, b.end, languages))
    return Layer("script", tuple(spans), producer="scripts:uax24-by-block")


def sentence_layer_for_blocks(
    doc: Document, *, splitter: str = "rules", prefix: str = "", blocks: str = "prose", numbers: dict[str, int] | None = None
) -> Layer:
    """Sentences of every prose block and list item, split in the block's language, with ids
    ``{prefix}{lang}.s{n}`` numbered per language in reading order. With ``blocks="all"`` every
    other block (headings, titles, captions, date lines, signatures, ...) is split line by line too,
    so that an alignment can link it: what ``align pair --format tei`` needs.

    A sentence boundary never cuts an emphasis span (a title of a work may contain a full stop):
    the two sentences are joined instead.

    ``numbers`` (sentences so far per id stem ``{prefix}{lang}``, as the streaming encoder keeps
    them from one chunk to the next) continues their count, and is updated.
    """
    if blocks not in ("prose", "all"):
        raise ModelError(f"[A030] sentences: blocks must be 'prose' or 'all', not {blocks!r}")
    sp = get_splitter(splitter)
    text = doc.text
    markup = doc.layers.get("markup")
    ranges: list[tuple[int, int, str]] = []
    # where a sentence must begin whatever spans the gap before it: a block, and each line of a
    # block whose lines become elements a sentence may not hold (verse lines, list lines, the
    # signature under a closing); a title's lines are one element, and may share a sentence
    fences: list[int] = []
    for b in doc.layer("block"):
        lang = b.attrs.get("lang") or doc.meta.get("lang", "und")
        if b.label in SENTENCE_BLOCKS:
            fences.append(b.start)
            ranges.extend((s, e, lang) for s, e in split_sentences(text, lang, start=b.start, end=b.end, splitter=sp))
        elif b.label == "e-list" or blocks == "all":
            pos = b.start
            fence_lines = b.label in _LINE_ELEMENTS
            fences.append(pos)
            for k, line in enumerate(text[b.start : b.end].split("\n")):
                end = pos + len(line)
                if k and (fence_lines or (k == 1 and b.label == "closing-signed")):
                    fences.append(pos)
                ranges.extend((s, e, lang) for s, e in split_sentences(text, lang, start=pos, end=end, splitter=sp))
                pos = end + 1
    cuts = [(m.start, m.end) for m in markup] if markup is not None else []
    # a paragraph joined across a page break continues its sentence over the blank line
    cuts += [(max(0, a - 1), z + 1) for b in doc.layer("block") for a, z in b.attrs.get("breaks", ())]
    # and page furniture inside it (a running head, a page number) is never cut by a sentence end:
    # its own full stops are not the paragraph's, and a sentence crossing it would not nest
    cuts += [(x, y) for b in doc.layer("block") for x, y, _ in b.attrs.get("furniture", ())]
    if cuts:
        fences.sort()
        ranges = _join_across(ranges, cuts, text, fences)
    counters: dict[str, int] = {} if numbers is None else numbers
    spans = []
    own = FrozenMap._own  # attrs made here, of one string each: already what freezing would make
    stems: dict[str, str] = {}
    for s, e, lang in ranges:
        key = stems.get(lang)
        if key is None:
            key = stems[lang] = prefix + lang.split("-")[0]
        n = counters[key] = counters.get(key, 0) + 1
        spans.append(Span(s, e, lang, own({"id": f"{key}.s{n}"})))
    return Layer("sentence", tuple(spans), producer=f"sentences:{sp.name}")


def _join_across(
    ranges: list[tuple[int, int, str]], cuts: list[tuple[int, int]], text: str, fences: Sequence[int] = ()
) -> list[tuple[int, int, str]]:
    """Join consecutive sentences when an emphasis span covers the gap between them, or when the gap
    is a blank line inside a joined paragraph and the first part does not end a sentence; never
    across a fence (sorted offsets where a sentence must begin: the emphasis is cut there instead)."""
    cuts = sorted(cuts)
    starts = [a for a, _ in cuts]
    reach = list(accumulate((b for _, b in cuts), max))  # furthest end among cuts[:i+1]
    out: list[tuple[int, int, str]] = []
    nf = len(fences)
    for s, e, lang in ranges:
        i = bisect_left(starts, out[-1][1]) if out else 0  # cuts[:i] start before the previous sentence ends
        if out and i and reach[i - 1] > s and _mid_sentence(text, out[-1][1], s) and not _fenced(fences, nf, out[-1][1], s):
            ps, _, plang = out[-1]
            out[-1] = (ps, e, plang)
        else:
            out.append((s, e, lang))
    return out


def _fenced(fences: Sequence[int], n: int, prev_end: int, start: int) -> bool:
    """Whether a fence lies between a sentence's end and the next one's start."""
    k = bisect_left(fences, prev_end)
    return k < n and fences[k] <= start


def _mid_sentence(text: str, prev_end: int, start: int) -> bool:
    gap = text[prev_end:start]
    if "\n" in gap and not gap.strip() and "\n\n" in gap.replace(" ", "").replace("\t", ""):
        return not ends_sentence(text[max(0, prev_end - 3) : prev_end])
    return True


def load_metadata(path: str | Path | None) -> dict[str, Any]:
    """Facts about the source from a TOML file, checked (see :func:`check_metadata`)."""
    if path is None:
        return {}
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ReadError("[A107] metadata file not found; check the --meta path", path=str(p)) from None
    except IsADirectoryError:
        raise ReadError("[A107] this is a folder; --meta takes a TOML file", path=str(p)) from None
    except UnicodeDecodeError:
        raise ReadError("[A108] metadata is not UTF-8; save the TOML file as UTF-8", path=str(p)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ReadError(f"[A108] metadata is not valid TOML ({exc}); fix the file", path=str(p)) from None
    try:
        out = check_metadata(data, name=str(p))
    except ReadError as exc:
        key = regex.match(r"\[A109\] key '([^']+)'", exc.message)
        if key and exc.line is None:
            exc.line = _key_line(p.read_text(encoding="utf-8"), key.group(1))
        raise
    tr = out.get("translation")
    if tr and tr.get("file"):  # a translation file is named relative to the metadata file
        out["translation"] = {**tr, "file": str(p.parent / tr["file"])}
    return out


def _key_line(text: str, dotted: str) -> int | None:
    """The line where ``dotted`` (``source.titel``) is set in TOML ``text``, to point the user at it."""
    table, _, key = dotted.rpartition(".")
    current = ""
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        header = regex.match(r"\[\s*([^\]\[]+?)\s*\]", s)
        if header:
            current = header.group(1)
            if current == dotted:
                return n
            continue
        assigned = regex.match(r"""([\w"'.\- ]+?)\s*=""", s)
        if assigned:
            name = ".".join(part.strip().strip("\"'") for part in assigned.group(1).split("."))
            if (current + "." + name if current else name) == dotted or (not table and name == key):
                return n
    return None


_TABLES = {"source", "edition", "encoding", "translation"}
#: The keys each table may hold (what the header and the book builder read): a misspelt key such as
#: ``[source] titel`` is named rather than silently ignored. Add a key here when the header learns it.
_TABLE_KEYS: dict[str, frozenset[str]] = {
    "source": frozenset({"title", "author", "publisher", "pubPlace", "date", "date_text", "calendar", "note"}),
    "edition": frozenset({"title", "responsibility", "publisher", "availability", "publication"}),
    "encoding": frozenset({"italic", "profile"}),
    "translation": frozenset({"id", "file", "title", "translator", "note", "lang", "passage"}),
}
_ISO_DATE = regex.compile(r"^-?\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def check_metadata(data: Mapping[str, Any], *, name: str = "<metadata>") -> dict[str, Any]:
    """Refuse metadata the header could not use, naming the key: better than invalid TEI later."""
    import datetime

    from .text.scripts import is_bcp47

    def bad(key: str, what: str) -> ReadError:
        return ReadError(f"[A109] key {key!r}: {what}", path=name)

    out = dict(data)
    for key, value in data.items():
        if key == "languages":
            if not (isinstance(value, list) and all(isinstance(v, str) and is_bcp47(v) for v in value)):
                raise bad(key, "give a list of BCP 47 tags, e.g. [\"en\", \"ko\"]")
        elif key in _TABLES:
            if not isinstance(value, dict):
                raise bad(key, f"must be a table ([{key}])")
            for sub in value:
                if sub not in _TABLE_KEYS[key]:
                    import difflib

                    known = sorted(_TABLE_KEYS[key])
                    near = difflib.get_close_matches(sub, known, n=1)
                    hint = f"did you mean {near[0]!r}? " if near else ""
                    raise bad(f"{key}.{sub}", f"unknown in [{key}]; {hint}use {', '.join(known)}")
        else:
            raise bad(key, f"unknown; use {', '.join(sorted(_TABLES | {'languages'}))}")
    source = dict(out.get("source", {}))
    for key, value in source.items():
        if key == "date" and isinstance(value, datetime.date):
            source[key] = value.isoformat()[: 10]
        elif not isinstance(value, str):
            raise bad(f"source.{key}", "must be a string")
    if "date" in source and not _ISO_DATE.match(source["date"]):
        raise bad("source.date", "write an ISO date: 2020, 2020-06 or 2020-06-15")
    if source.get("calendar") not in (None, "juche"):
        raise bad("source.calendar", "only 'juche' is declared by align (leave it out for the Gregorian calendar)")
    if source:
        out["source"] = source
    edition = out.get("edition", {})
    for key, value in edition.items():
        if key == "responsibility":
            ok = isinstance(value, list) and all(
                isinstance(r, dict) and isinstance(r.get("resp"), str) and isinstance(r.get("name"), str) for r in value
            )
            if not ok:
                raise bad("edition.responsibility", 'give a list of tables with resp and name, e.g. [{resp = "edited by", name = "A. Person"}]')
        elif not isinstance(value, str):
            raise bad(f"edition.{key}", "must be a string")
    italic = out.get("encoding", {}).get("italic")
    if italic not in (None, "hi", "title"):
        raise bad("encoding.italic", "use 'hi' or 'title'")
    for key, value in out.get("translation", {}).items():
        if key == "passage":
            if not (value == "text" or (isinstance(value, int) and not isinstance(value, bool) and value >= 1)):
                raise bad("translation.passage", 'give the number of the embedded text (1 for the first) or "text" for the whole text')
        elif key == "id":
            if not (isinstance(value, str) and regex.fullmatch(r"[\p{L}_][\p{L}\p{N}_.-]*", value)):
                raise bad("translation.id", "give an XML name such as \"tr\" (letters, digits, '.', '-', '_'; not starting with a digit)")
        elif key == "lang":
            if not (isinstance(value, str) and is_bcp47(value)):
                raise bad("translation.lang", 'give a BCP 47 tag, e.g. "en"')
        elif key in ("file", "title", "translator", "note"):
            if not isinstance(value, str):
                raise bad(f"translation.{key}", "must be a string")
        else:
            raise bad(f"translation.{key}", "unknown; use file, id, lang, title, translator, note, passage")
    profile = out.get("encoding", {}).get("profile")
    if profile is not None:
        from .text.profiles import PROFILES

        if not isinstance(profile, str) or profile.strip().lower().replace("_", "-") not in PROFILES:
            raise bad("encoding.profile", f"unknown structure profile; use one of {', '.join(sorted(PROFILES))}")
    from .text.read import _NOT_XML

    def strings(v: Any, key: str) -> Any:
        if isinstance(v, str):
            yield key, v
        elif isinstance(v, dict):
            for k, x in v.items():
                yield from strings(x, f"{key}.{k}" if key else str(k))
        elif isinstance(v, list):
            for x in v:
                yield from strings(x, key)

    for key, value in strings(out, ""):
        ch = _NOT_XML.search(value)
        if ch:  # (the header would hold it, and XML cannot)
            raise bad(key, f"holds U+{ord(ch.group()):04X}, a control character, noncharacter or lone surrogate, which XML cannot hold; remove it")
    return out


def encode_document(
    doc: Document,
    *,
    metadata: Mapping[str, Any] | None = None,
    options: EncodeOptions | None = None,
    annotated: bool = False,
    translations: Sequence[Pair] = (),
    pipeline: Pipeline | None = None,
) -> bytes:
    """TEI bytes for ``doc`` (annotated here by ``pipeline``, default :func:`default_pipeline`, unless
    ``annotated``), with each translation :class:`~align.model.Pair` in ``back`` and ``standOff``. A
    long document without translations goes through :mod:`align.tei.stream` (the same bytes, a
    fraction of the memory)."""
    o = options or EncodeOptions()
    if len(doc.text) >= STREAM_FROM_CHARS and not translations and pipeline is None:
        from .tei.stream import encode_document_streamed

        return encode_document_streamed(doc, metadata=metadata, options=o, annotated=annotated)
    if not annotated:
        doc = (pipeline or default_pipeline(o))(doc)
    return serialize(to_tei(doc, metadata=metadata, translations=translations))

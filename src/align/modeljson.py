"""The model as JSON: a lossless, versioned interchange format for Documents and aligned Pairs.

``dumps`` writes canonical JSON (UTF-8, keys sorted, one space of indent, a final newline), so equal
values give equal bytes and JSON -> model -> JSON is byte-stable. Every file says what it is with two
keys, ``format`` (``"align-document"`` or ``"align-pair"``) and ``version`` (``FORMAT_VERSION``); the
JSON Schema is shipped as ``align/data/align-model.schema.json``. A reader accepts every version with
the same major number and refuses a newer major, naming it.

A file is checked before the model sees it: every field's type and range, and the values the
pipeline reads (a span attribute ``lang`` of the pipeline's layers, ``meta["languages"]``, ...); a bad
value is refused as A416 with its line and column in the file, so a hand-edited file fails at the
value, not with a crash deep in the encoder.

>>> from align.model import Document, Layer, Span
>>> d = Document("Hi.").with_layer(Layer("sentence", (Span(0, 3, "en", {"id": "en.s1"}),)))
>>> loads(dumps(d)) == d and dumps(loads(dumps(d))) == dumps(d)
True
"""

from __future__ import annotations

import json
import re
from typing import Any

import regex

from .errors import ModelError
from .model import Document, Pair

__all__ = [
    "FORMAT_VERSION", "DOCUMENT_FORMAT", "PAIR_FORMAT", "PIPELINE_LAYERS", "CHECKED_META",
    "dumps", "loads", "looks_like_model", "to_json_dict", "schema_path",
]

#: Version of the JSON shape: the major number changes when a reader of the old shape would misread.
FORMAT_VERSION = "1.0"
DOCUMENT_FORMAT = "align-document"
PAIR_FORMAT = "align-pair"


def to_json_dict(value: Document | Pair) -> dict[str, Any]:
    """The plain dict written to JSON (the model's ``to_dict`` plus ``format`` and ``version``)."""
    if isinstance(value, Document):
        return {"format": DOCUMENT_FORMAT, "version": FORMAT_VERSION, **value.to_dict()}
    if isinstance(value, Pair):
        return {"format": PAIR_FORMAT, "version": FORMAT_VERSION, **value.to_dict()}
    raise ModelError(f"[A410] only a Document or a Pair can be written as model JSON, not {type(value).__name__}")


def dumps(value: Document | Pair) -> bytes:
    """Canonical JSON bytes for ``value``."""
    try:
        s = json.dumps(to_json_dict(value), ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ModelError(
            f"[A411] the model holds a value JSON cannot carry ({exc}); keep span attrs and meta to strings, numbers, "
            "booleans, lists and tables"
        ) from None
    return s.encode("utf-8") + b"\n"


def looks_like_model(data: bytes) -> bool:
    """True for a file in this format, judged by its content (not its name): a JSON object whose
    ``format`` is one of ours."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return False
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # a model file spoilt by an edit (a trailing comma, say) is still one: it names our format
        # near its start, and encoding its JSON source as prose would be a silent pass
        return _FORMAT_NEAR_START.search(head) is not None
    return isinstance(obj, dict) and isinstance(obj.get("format"), str) and obj["format"].startswith("align-")


_FORMAT_NEAR_START = re.compile(rb'"format"\s*:\s*"align-')


def loads(data: bytes | str, *, name: str = "<json>") -> Document | Pair:
    """A Document or a Pair from model JSON; a file of another shape is refused with what to do."""
    try:
        obj = json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
    except UnicodeDecodeError:
        raise ModelError("[A412] model JSON must be UTF-8", path=name) from None
    except ValueError as exc:
        line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        raise ModelError(f"[A412] not valid JSON ({getattr(exc, 'msg', exc)}); fix the file", path=name, line=line, col=col) from None
    except RecursionError:
        raise ModelError("[A412] not valid model JSON: nested too deeply to read; fix the file", path=name) from None
    if not isinstance(obj, dict) or obj.get("format") not in (DOCUMENT_FORMAT, PAIR_FORMAT):
        raise ModelError(f"[A413] not an align model file: give a JSON object with format {DOCUMENT_FORMAT!r} or {PAIR_FORMAT!r}", path=name)
    version = str(obj.get("version", ""))
    if version.split(".")[0] != FORMAT_VERSION.split(".")[0]:
        raise ModelError(
            f"[A414] model JSON version {version or '(none)'!r}; this align reads version {FORMAT_VERSION.split('.')[0]}.x: "
            "write it again with a matching align",
            path=name,
        )
    body = {k: v for k, v in obj.items() if k not in ("format", "version")}
    try:
        _check_document(body) if obj["format"] == DOCUMENT_FORMAT else _check_pair(body)
        value = Document.from_dict(body) if obj["format"] == DOCUMENT_FORMAT else Pair.from_dict(body)
        if isinstance(value, Pair):
            _check_links(value)
        return value
    except _Bad as bad:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        line, col = _position(text, bad.where)
        tag = "[A415]" if bad.code == "A415" else "[A416]"  # written out: tests/test_errors.py finds codes by their text
        raise ModelError(f"{tag} {bad.message}; fix that value in the file", path=name, line=line, col=col) from None
    except ModelError as exc:
        raise ModelError(exc.message, path=name) from None
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ModelError(
            f"[A415] model JSON does not fit the schema ({type(exc).__name__}: {exc}); check it against align-model.schema.json",
            path=name,
        ) from None


def schema_path():
    """The shipped JSON Schema (draft 2020-12) of this format."""
    from .resources import data_path

    return data_path("align-model.schema.json")


# --- checking a model file before the model sees it -------------------------------------------
#
# The model's constructors check their own invariants, but a hand-edited or generated file can hold
# values of the wrong type that only fail deep in the encoder (a number where a language tag goes).
# ``_check_document`` and ``_check_pair`` walk the parsed JSON once, against the types the model and
# the pipeline read, and raise A416 at the first bad value with its line and column in the file.

Path_ = tuple[Any, ...]  # keys and indices from the top of the file to a value


class _Bad(Exception):
    """A value in the parsed file that does not fit: where it is, and what to do."""

    def __init__(self, where: Path_, message: str, code: str = "A416"):
        super().__init__(message)
        self.where = where
        self.message = message
        self.code = code  # A415: a required key is missing; A416: a value of the wrong type or range


def _kind(v: Any) -> str:
    if v is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a table"}.get(type(v), type(v).__name__)


def _need(v: Any, types: type | tuple[type, ...], where: Path_, what: str) -> None:
    """``v`` has one of ``types`` (a JSON boolean is never taken for a number)."""
    if isinstance(v, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        raise _Bad(where, f"{_name(where)} must be {what}, not {_kind(v)} ({v!r})")
    if not isinstance(v, types):
        raise _Bad(where, f"{_name(where)} must be {what}, not {_kind(v)} ({v!r})")


def _name(where: Path_) -> str:
    return "".join(f"[{k}]" if isinstance(k, int) else (f".{k}" if i else str(k)) for i, k in enumerate(where)) or "the file"


def _lang(v: Any, where: Path_) -> None:
    from .text.scripts import is_bcp47

    if not is_bcp47(v):
        raise _Bad(where, f"{_name(where)} must be a BCP 47 language tag such as 'en', 'ko' or 'ko-Kore-KP', not {v!r}")


def _str(v: Any, where: Path_) -> None:
    _need(v, str, where, "a string")


def _xml_str(v: Any, where: Path_) -> None:
    """A string the TEI writer puts in an attribute or the header: no character XML cannot hold
    (the model itself may carry any; its text is checked when it is encoded)."""
    _str(v, where)
    from .text.read import _NOT_XML

    bad = _NOT_XML.search(v)
    if bad:  # (TEI cannot hold it: lxml would refuse it deep in the writer)
        raise _Bad(where, f"{_name(where)} holds U+{ord(bad.group()):04X}, a control character, noncharacter or lone surrogate, which XML cannot hold; remove it")


def _ranges(v: Any, where: Path_, start: int, end: int, typed: bool) -> None:
    """A block's ``breaks`` ([from, to] pairs) or ``furniture`` ([from, to, type] triples): offsets
    inside the block, in order."""
    what = "[from, to, type]" if typed else "[from, to]"
    _need(v, list, where, f"a list of {what} lists")
    last = start
    for i, r in enumerate(v):
        w = where + (i,)
        _need(r, list, w, f"a {what} list")
        if len(r) != (3 if typed else 2):
            raise _Bad(w, f"{_name(w)} must be {what}, not {r!r}")
        for k in (0, 1):
            _need(r[k], int, w + (k,), "a whole number")
        if typed:
            _xml_str(r[2], w + (2,))
        if not last <= r[0] <= r[1] <= end:
            raise _Bad(w, f"{_name(w)} must lie inside its block ({start}-{end}), after the one before, with from <= to; not {r[:2]!r}")
        last = r[1]


def _bool(v: Any, where: Path_) -> None:
    _need(v, bool, where, "true or false")


def _count(v: Any, where: Path_) -> None:
    _need(v, int, where, "a whole number")
    if v < 0:
        raise _Bad(where, f"{_name(where)} must be 0 or more, not {v!r}")


_NCNAME = regex.compile(r"[\p{L}_][\w.\-]*")


def _xml_id(v: Any, where: Path_) -> None:
    """A value the TEI writes as ``xml:id``: an XML name without a colon."""
    _str(v, where)
    if not _NCNAME.fullmatch(v):
        raise _Bad(where, f"{_name(where)} becomes an xml:id, so it must start with a letter or _ and hold only letters, digits, '.', '-', '_', not {v!r}")


def _xml_id_or_null(v: Any, where: Path_) -> None:
    if v is not None:
        _xml_id(v, where)


def _str_or_null(v: Any, where: Path_) -> None:
    if v is not None:
        _need(v, str, where, "a string or null")
        _xml_str(v, where)


def _italic(v: Any, where: Path_) -> None:
    if v not in ("hi", "title"):
        raise _Bad(where, f"{_name(where)} must be \"hi\" or \"title\" (the element for *italic*), not {v!r}")


def _str_or_int(v: Any, where: Path_) -> None:
    _need(v, (str, int), where, "a string or a whole number")


def _table(v: Any, where: Path_) -> dict[str, Any]:
    _need(v, dict, where, "a table (a JSON object)")
    return v  # type: ignore[no-any-return]


def _strings(v: Any, where: Path_) -> None:
    _need(v, list, where, "a list of strings")
    for i, s in enumerate(v):
        _str(s, where + (i,))


def _languages(v: Any, where: Path_) -> None:
    for script, tag in _table(v, where).items():
        if not (len(script) == 4 and script.isascii() and script.isalpha()):
            raise _Bad(where + (script,), f"{_name(where)} keys must be ISO 15924 script codes such as 'Latn' or 'Kore', not {script!r}")
        _lang(tag, where + (script,))


#: Layers the pipeline makes and reads back: their spans' attributes in ``_ATTRS`` are checked (a
#: scholar's own layer may hold any JSON values, under any names).
PIPELINE_LAYERS = frozenset({"block", "group", "markup", "script", "sentence", "date", "foreign", "person", "place", "org", "abbr", "term", "ocr"})

#: Span attributes the pipeline reads, by name: the check for each value (any other name may hold
#: any JSON value).
_ATTRS: dict[str, Any] = {
    "lang": _lang,
    "id": _xml_id,
    **{k: _xml_str for k in ("when", "calendar", "type", "fw", "letter", "split", "url", "ref", "key", "marker")},
    **{k: _str_or_null for k in ("from", "to")},  # a period's open end is null
    **{k: _bool for k in ("embedded", "explicit", "quote", "epigraph", "letter_start", "letter_end", "treaty_closer", "pb", "joined")},
    "level": _count,
    "n": _str_or_int,
}

#: Document and pair meta entries the pipeline reads, by name (others may hold any JSON value).
_META: dict[str, Any] = {
    "lang": _lang,
    "languages": _languages,
    "italic": _italic,
    "id": _xml_id_or_null,  # a translation's id: the xml:id of its text
    **{k: _str_or_null for k in ("title", "source", "element", "role")},
}

#: The meta names whose values a reader checks.
CHECKED_META = frozenset(_META)


def _check_meta(v: Any, where: Path_) -> None:
    for key, value in _table(v, where).items():
        check = _META.get(key)
        if check is not None:
            check(value, where + (key,))


def _check_document(d: Any, where: Path_ = ()) -> None:
    d = _table(d, where)
    if "text" not in d:
        raise _Bad(where, f"{_name(where)} has no 'text'; a document needs the text its spans point into", "A415")
    _str(d["text"], where + ("text",))
    n = len(d["text"])
    if "id" in d:
        _xml_id(d["id"], where + ("id",))
    for key in ("provenance", "signatures"):
        if key in d:
            _strings(d[key], where + (key,))
    if "meta" in d:
        _check_meta(d["meta"], where + ("meta",))
    for name, layer in _table(d.get("layers", {}), where + ("layers",)).items():
        lw = where + ("layers", name)
        layer = _table(layer, lw)
        if "producer" in layer:
            _str(layer["producer"], lw + ("producer",))
        if "meta" in layer:
            _table(layer["meta"], lw + ("meta",))
        spans = layer.get("spans", [])
        _need(spans, list, lw + ("spans",), "a list of spans")
        prev: tuple[int, int] | None = None
        for i, s in enumerate(spans):
            sw = lw + ("spans", i)
            s = _table(s, sw)
            for key in ("start", "end"):
                if key not in s:
                    raise _Bad(sw, f"{_name(sw)} has no {key!r}; a span needs start and end offsets", "A415")
                _count(s[key], sw + (key,))
            start, end = s["start"], s["end"]
            if start > end:
                raise _Bad(sw + ("end",), f"{_name(sw)} ends ({end}) before it starts ({start}); give start <= end")
            if end > n:
                raise _Bad(sw + ("end",), f"{_name(sw)} ends at {end}, past the end of the text ({n} characters)")
            if prev is not None and (start, -end) < prev:
                raise _Bad(sw + ("start",), f"{_name(sw)} is out of order: sort the spans of a layer by start, then longest first")
            prev = (start, -end)
            if "label" in s:
                _str(s["label"], sw + ("label",))
            attrs = _table(s.get("attrs", {}), sw + ("attrs",))
            for key, value in attrs.items():
                if name == "block" and key in ("breaks", "furniture"):
                    _ranges(value, sw + ("attrs", key), start, end, key == "furniture")
                    continue
                check = _ATTRS.get(key) if name in PIPELINE_LAYERS else None
                if check is not None:
                    check(value, sw + ("attrs", key))
            if name == "date" and not (attrs.get("when") or (attrs.get("from") and attrs.get("to"))):
                raise _Bad(sw + ("attrs",) if "attrs" in s else sw, f"{_name(sw)} is a date without a value: give attrs \"when\", or \"from\" and \"to\" (ISO dates)")
    _check_nesting(d, where)


#: Layers the TEI encoder nests as elements, one inside another: their spans may nest but never cross.
_NESTED = ("group", "block")


def _check_nesting(d: dict[str, Any], where: Path_) -> None:
    """No span of the structure layers crosses another (called after the spans are known sound)."""
    spans = sorted(
        (s["start"], -s["end"], name, i)
        for name in _NESTED
        if isinstance(d.get("layers", {}).get(name), dict)
        for i, s in enumerate(d["layers"][name].get("spans", []))
    )
    open_: list[tuple[int, str, int]] = []  # (end, layer, index) of the spans that hold the current point
    for start, neg_end, name, i in spans:
        end = -neg_end
        while open_ and open_[-1][0] <= start:
            open_.pop()
        if open_ and open_[-1][0] < end:
            outer_end, outer, j = open_[-1]
            sw = where + ("layers", name, "spans", i)
            raise _Bad(
                sw + ("start",),
                f"{_name(sw)} ({start}-{end}) crosses {_name(where + ('layers', outer, 'spans', j))} (to {outer_end}); "
                "structure spans must nest",
            )
        open_.append((end, name, i))


def _check_pair(d: Any) -> None:
    d = _table(d, ())
    for side in ("src", "tgt"):
        if side not in d:
            raise _Bad((), f"a pair needs {side!r}, a document", "A415")
        _check_document(d[side], (side,))
    for side in ("src_scope", "tgt_scope"):
        scope = d.get(side)
        if scope is not None:
            _need(scope, list, (side,), "[start, end] or null")
            if len(scope) != 2:
                raise _Bad((side,), f"{side} must be [start, end] or null")
            for i in (0, 1):
                _count(scope[i], (side, i))
            if not scope[0] <= scope[1] <= len(d[side[:3]]["text"]):
                raise _Bad((side,), f"{side} {scope} must lie within its text (0 to {len(d[side[:3]]['text'])}) with start <= end")
    if "meta" in d:
        _check_meta(d["meta"], ("meta",))
    if "alignment" not in d:
        raise _Bad((), "a pair needs 'alignment', its beads", "A415")
    a = _table(d["alignment"], ("alignment",))
    for key in ("src_id", "tgt_id"):
        if key not in a:
            raise _Bad(("alignment",), f"the alignment needs {key!r}", "A415")
        _str(a[key], ("alignment", key))
    if "signature" in a:
        _str(a["signature"], ("alignment", "signature"))
    if "meta" in a:
        _table(a["meta"], ("alignment", "meta"))
    beads = a.get("beads", [])
    _need(beads, list, ("alignment", "beads"), "a list of beads")
    for i, b in enumerate(beads):
        bw = ("alignment", "beads", i)
        b = _table(b, bw)
        for key in ("src", "tgt"):
            if key not in b:
                raise _Bad(bw, f"{_name(bw)} needs {key!r}, a list of sentence numbers", "A415")
            _need(b[key], list, bw + (key,), "a list of sentence numbers")
            for j, x in enumerate(b[key]):
                _count(x, bw + (key, j))
        if "kind" in b:
            _str(b["kind"], bw + ("kind",))
        if "score" in b:
            score = b["score"]
            _need(score, (int, float, str), bw + ("score",), "a number (or \"inf\", \"-inf\", \"nan\")")
            if isinstance(score, str):
                try:
                    float(score)
                except ValueError:
                    raise _Bad(bw + ("score",), f"{_name(bw + ('score',))} must be a number (or \"inf\", \"-inf\", \"nan\"), not {score!r}") from None


def _check_links(pair: Pair) -> None:
    """Every bead number names a sentence of its side (in scope), and each such sentence has the
    ``id`` a link points to."""
    if not pair.alignment.beads:
        return  # a pair not aligned yet
    counts = {}
    for side in ("src", "tgt"):
        sents = pair.sentences(side)
        counts[side] = len(sents)
        doc = pair.src if side == "src" else pair.tgt
        for s in sents:
            if not isinstance(s.attrs.get("id"), str):
                k = doc.layers["sentence"].spans.index(s)
                raise _Bad(
                    (side, "layers", "sentence", "spans", k),
                    f"{side}.layers.sentence.spans[{k}] needs attrs \"id\", a string: the links of an aligned pair point to it",
                )
    for i, b in enumerate(pair.alignment.beads):
        for side in ("src", "tgt"):
            for j, x in enumerate(b.src if side == "src" else b.tgt):
                if x >= counts[side]:
                    raise _Bad(
                        ("alignment", "beads", i, side, j),
                        f"alignment.beads[{i}].{side}[{j}] is sentence {x}, but the {side} side has {counts[side]} (numbered from 0)",
                    )


def _position(text: str, where: Path_) -> tuple[int, int]:
    """Line and column (1-based, in characters, as the json module counts) of the value at
    ``where``; a key's value that appears twice is the last one, as ``json.loads`` keeps it."""
    dec = json.JSONDecoder()
    ws = json.decoder.WHITESPACE  # type: ignore[attr-defined]
    pos = ws.match(text, 0).end()
    for step in where:
        if text[pos] == "{":
            pos = ws.match(text, pos + 1).end()
            found = None
            while text[pos] == '"':
                key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
                pos = ws.match(text, ws.match(text, pos).end() + 1).end()  # past the ':'
                if key == step:
                    found = pos
                _, pos = dec.raw_decode(text, pos)
                pos = ws.match(text, pos).end()
                if text[pos] == ",":
                    pos = ws.match(text, pos + 1).end()
            if found is None:
                break
            pos = found
        elif text[pos] == "[" and isinstance(step, int):
            pos = ws.match(text, pos + 1).end()
            for _ in range(step):
                _, pos = dec.raw_decode(text, pos)
                pos = ws.match(text, pos).end() + 1  # past the ','
                pos = ws.match(text, pos).end()
        else:
            break
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1

"""The model as JSON: a lossless, versioned interchange format for Documents and aligned Pairs.

``dumps`` writes canonical JSON (UTF-8, keys sorted, one space of indent, a final newline), so equal
values give equal bytes and JSON -> model -> JSON is byte-stable. Every file says what it is with two
keys, ``format`` (``"align-document"`` or ``"align-pair"``) and ``version`` (``FORMAT_VERSION``); the
JSON Schema is shipped as ``align/data/align-model.schema.json``. A reader accepts every version with
the same major number and refuses a newer major, naming it.

>>> from align.model import Document, Layer, Span
>>> d = Document("Hi.").with_layer(Layer("sentence", (Span(0, 3, "en", {"id": "en.s1"}),)))
>>> loads(dumps(d)) == d and dumps(loads(dumps(d))) == dumps(d)
True
"""

from __future__ import annotations

import json
from typing import Any

from .errors import ModelError
from .model import Document, Pair

__all__ = ["FORMAT_VERSION", "DOCUMENT_FORMAT", "PAIR_FORMAT", "dumps", "loads", "looks_like_model", "to_json_dict", "schema_path"]

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
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(obj, dict) and isinstance(obj.get("format"), str) and obj["format"].startswith("align-")


def loads(data: bytes | str, *, name: str = "<json>") -> Document | Pair:
    """A Document or a Pair from model JSON; a file of another shape is refused with what to do."""
    try:
        obj = json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
    except UnicodeDecodeError:
        raise ModelError("[A412] model JSON must be UTF-8", path=name) from None
    except ValueError as exc:
        line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
        raise ModelError(f"[A412] not valid JSON ({getattr(exc, 'msg', exc)}); fix the file", path=name, line=line, col=col) from None
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
        return Document.from_dict(body) if obj["format"] == DOCUMENT_FORMAT else Pair.from_dict(body)
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

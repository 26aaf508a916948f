"""align: mixed English/Korean documents to scholarly TEI P5.

Data flows one way: read -> segment -> annotate -> align -> encode -> validate, over one plain data
model (:class:`Document`: a text plus standoff layers of character spans).
"""

from __future__ import annotations

__version__ = "0.1.0"

import importlib
from typing import Any

from .errors import AlignError, AlignmentError, AnnotationError, EncodeError, ModelError, ReadError, TeiInvalid
from .model import Alignment, Bead, Document, Layer, Span
from .text.read import read, read_text  # eager: the function must shadow the submodule of the same name

# The encoding side (lxml, the TEI writer, script and sentence tables) loads on first use, so that
# a script that only aligns, or `align pair`, does not pay for it (PEP 562).
_LAZY = {
    "LanguageMap": "text.scripts",
    "ScriptRun": "text.scripts",
    "script_runs": "text.scripts",
    "split_sentences": "text.sentences",
    "EncodeOptions": "pipeline",
    "annotate_document": "pipeline",
    "encode_document": "pipeline",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    "__version__",
    "AlignError",
    "AlignmentError",
    "AnnotationError",
    "EncodeError",
    "ModelError",
    "ReadError",
    "TeiInvalid",
    "Alignment",
    "Bead",
    "Document",
    "Layer",
    "Span",
    "read",
    "read_text",
    "LanguageMap",
    "ScriptRun",
    "script_runs",
    "split_sentences",
    "EncodeOptions",
    "annotate_document",
    "encode_document",
]

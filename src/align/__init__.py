"""align: mixed English/Korean documents to scholarly TEI P5.

Data flows one way: read -> segment -> annotate -> align -> encode -> validate, over one plain data
model (:class:`Document`: a text plus standoff layers of character spans).
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import AlignError, AlignmentError, AnnotationError, EncodeError, ModelError, ReadError, TeiInvalid
from .model import Alignment, Bead, Document, Layer, Span
from .read import read, read_text
from .scripts import LanguageMap, ScriptRun, script_runs
from .sentences import split_sentences
from .pipeline import EncodeOptions, annotate_document, encode_document

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

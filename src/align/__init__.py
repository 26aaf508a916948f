"""align: mixed English/Korean documents to scholarly TEI P5.

Data flows one way: read -> segment -> annotate -> align -> encode -> validate, over one plain data
model (:class:`Document`: a text plus standoff layers of character spans; :class:`Pair`: two aligned
Documents). The scholar's API: :func:`read`, :func:`annotate`, :func:`align`, :func:`to_tei`,
:func:`validate`, :class:`Pipeline` and :func:`component` (see :mod:`align.scholar`).

Subpackages in data-flow order: ``text`` (read, markup, scripts, structure, sentences, dates),
``annotate`` (components that add layers: dates, foreign runs, names, terms, OCR doubts),
``aligners``, ``tei`` (encode, header, mapping, stream, extract), ``export`` (TMX, XCES, TSV, HTML
view), ``validate``, ``batch`` (many files, processes or Dask), ``cli``.
"""

from __future__ import annotations

__version__ = "0.1.0"

import importlib
from typing import Any

from .errors import AlignError, AlignmentError, AnnotationError, EncodeError, ModelError, ReadError, TeiInvalid
from .model import Alignment, Bead, Document, Layer, Pair, Span
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
    "default_pipeline": "pipeline",
    "Pipeline": "components",
    "Component": "components",
    "component": "components",
    "annotate": "scholar",
    "align": "scholar",
    "to_tei": "scholar",
    "to_json": "scholar",
    "from_json": "scholar",
    "validate": "",  # the checker's package, callable as validate_file (align.scholar.callable_module)
    "ElementMap": "tei.mapping",
    "register_element_map": "tei.mapping",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not module:  # a subpackage that is also the function of its name
        return importlib.import_module(f".{name}", __name__)
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
    "Pair",
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
    "default_pipeline",
    "Pipeline",
    "Component",
    "component",
    "annotate",
    "align",
    "to_tei",
    "to_json",
    "from_json",
    "validate",
    "ElementMap",
    "register_element_map",
]

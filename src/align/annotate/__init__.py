"""Annotation: persons, places, organizations, dates, abbreviations, romanized terms and OCR doubts,
linked across Korean and English through romanization, as registered components (``entities``,
``terms``, ``annotate-dates``, ``ocr-doubts``; and ``dates`` (:mod:`.dates`) and ``foreign``
(:mod:`.runs`), which the default encoding pipeline runs) and their TEI (inline names with ``@ref``, authority
lists in ``standOff``).

>>> from align.annotate import annotate_bytes, AnnotateOptions   # doctest: +SKIP
>>> annotated = annotate_bytes(open("book.xml", "rb").read(), AnnotateOptions())  # doctest: +SKIP
"""

from __future__ import annotations

from .core import (
    ELEMENT_MAPS,
    LAYERS,
    AnnotateOptions,
    Report,
    annotate_bytes,
    annotate_document,
    annotate_tei,
    annotation_pipeline,
    parse_tei,
    standoff_lists,
)
from .gazetteer import load_gazetteer

__all__ = [
    "ELEMENT_MAPS",
    "LAYERS",
    "AnnotateOptions",
    "Report",
    "annotate_bytes",
    "annotate_document",
    "annotate_tei",
    "annotation_pipeline",
    "parse_tei",
    "standoff_lists",
    "load_gazetteer",
    "register_element_maps",
]


def register_element_maps() -> None:
    """Let the encoder render the annotation layers inline (persName/placeName/orgName/term)."""
    from ..tei.mapping import register_element_map

    for m in ELEMENT_MAPS:
        register_element_map(m, replace=True)


# ``align.annotate(doc)`` is the scholar's API (``import align``): the package shares the function's
# name, so the package itself runs the pipeline (align.scholar.annotate).
def _make_callable() -> None:
    import sys

    from ..scholar import annotate, callable_module

    callable_module(sys.modules[__name__], annotate)


_make_callable()

"""The scholar's API, as ``import align`` shows it: read, annotate, align, to_tei, validate, and the
pipeline (:class:`~align.components.Pipeline`, :func:`~align.components.component`).

Each function takes and returns values of :mod:`align.model`, so the steps can be stopped, inspected
and replaced anywhere::

    import align
    doc = align.annotate(align.read("book.txt"))          # Document with its layers
    pair = align.align(doc, align.annotate(align.read("translation.txt")))
    open("book.xml", "wb").write(align.to_tei(doc, translations=[pair]))
    findings = align.validate("book.xml")
"""

from __future__ import annotations

import os
import types
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from .model import Document, Pair

if TYPE_CHECKING:
    from .aligners.base import Aligner
    from .components import Pipeline
    from .pipeline import EncodeOptions
    from .validate import Finding

__all__ = ["annotate", "align", "to_tei", "to_json", "from_json", "validate", "callable_module"]


def annotate(doc: Document | str, *, pipeline: "Pipeline | None" = None, options: "EncodeOptions | None" = None) -> Document:
    """``doc`` (a Document, or a string of text) with the layers of ``pipeline`` (default: the
    built-in components, configured by ``options``)."""
    from .pipeline import default_pipeline
    from .text.read import read_text

    if isinstance(doc, str):
        doc = read_text(doc)
    return (pipeline or default_pipeline(options))(doc)


def align(
    src: Document,
    tgt: Document,
    *,
    aligner: "Aligner | None" = None,
    translation: bool = False,
    meta: Mapping[str, Any] | None = None,
) -> Pair:
    """Align the sentences of two annotated Documents into a :class:`~align.model.Pair`.

    With ``translation=True``, ``tgt`` is a translation of ``src`` (or of the foreign-language text
    embedded in it) to be written into ``src``'s edition: ``tgt`` is then a read, not yet annotated,
    Document, and ``meta`` is the ``[translation]`` table (id, title, translator, note, passage)."""
    if translation:
        from .editions import translation_pair

        return translation_pair(src, tgt, meta=meta, aligner=aligner, annotated="sentence" in src.layers)
    if aligner is None:
        from .components import PairComponent, get_component

        comp = get_component("aligner")
        if not isinstance(comp, PairComponent):
            raise TypeError("the component registered as 'aligner' does not align two documents")
        pair: Pair = comp(src, tgt)
    else:
        from .aligners import align_documents

        pair = Pair(src, tgt, align_documents(src, tgt, aligner=aligner), meta={"role": "parallel"})
    return Pair(pair.src, pair.tgt, pair.alignment, meta={**dict(pair.meta), **dict(meta or {})}) if meta else pair


def to_tei(value: Document | Pair, *, metadata: Mapping[str, Any] | None = None, translations: Sequence[Pair] = ()) -> bytes:
    """TEI bytes: a Document as an edition (with ``translations`` in ``back`` and ``standOff``), a
    parallel Pair as two texts in a ``group``, an edition Pair as its source's edition."""
    from .tei.encode import pair_to_tei, serialize, to_tei as _to_tei

    if isinstance(value, Pair):
        if value.meta.get("role") == "edition":
            return serialize(_to_tei(value.src, metadata=metadata, translations=[value, *translations]))
        return serialize(pair_to_tei(value))
    return serialize(_to_tei(value, metadata=metadata, translations=translations))


def to_json(value: Document | Pair) -> bytes:
    """The model as canonical, versioned JSON (:mod:`align.modeljson`)."""
    from .modeljson import dumps

    return dumps(value)


def from_json(data: bytes | str) -> Document | Pair:
    from .modeljson import loads

    return loads(data)


def validate(path: str | os.PathLike[str], **options: Any) -> "list[Finding]":
    """Findings of ``align validate`` for one TEI file (schema, Schematron, edition rules).

    ``align.validate`` is also the name of the checker's package; the package is callable and does
    this (:func:`callable_module`), so ``align.validate(path)`` works whichever was imported first."""
    from .validate import validate_file

    return validate_file(path, **options)


class _CallableModule(types.ModuleType):
    """A module that can be called: ``module(*args)`` is ``module.__call_target__(*args)``."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__dict__["__call_target__"](*args, **kwargs)


def callable_module(module: types.ModuleType, target: Callable[..., Any]) -> None:
    """Make ``module`` callable as ``target`` (a package named like the function it mainly offers)."""
    module.__dict__["__call_target__"] = target
    module.__class__ = _CallableModule

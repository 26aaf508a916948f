"""The model side of ``align encode``: pipeline configuration, translations, and model JSON in and out.

Kept apart from ``cmd_encode`` so that the command's own module stays a thin list of options.

- ``--disable NAME`` removes a component from the default pipeline; ``--add [MODULE:]NAME`` appends a
  registered component (importing ``MODULE`` first registers a scholar's own components and their
  element mappings). A requirement left unmet is an error that names the component to run.
- ``--translation FILE`` (or ``file`` in the ``[translation]`` table of ``--meta``) aligns the
  translated part of the text with FILE and writes the translation and its links.
- ``--format json`` writes the model (a Document, or a Pair with a translation); an input that is
  model JSON (recognised by its content) is encoded from its layers, as the text it came from.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from ..components import Component, Pipeline, get_component
from ..errors import AlignError, ModelError
from ..model import Document, Pair

if TYPE_CHECKING:  # the encoder loads when a command runs, not when the parser is built
    from ..pipeline import EncodeOptions

__all__ = ["add_arguments", "build_pipeline", "encode", "wants_model"]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("tei", "json"), default="tei", help="output TEI (default) or the model as JSON (all layers; lossless)")
    p.add_argument("--translation", metavar="FILE", help="a translation of the text (or of its embedded foreign-language text): aligned and written into the edition")
    p.add_argument("--disable", action="append", default=[], metavar="NAME", help="leave a component out of the pipeline (e.g. --disable foreign); repeatable")
    p.add_argument(
        "--add",
        action="append",
        default=[],
        metavar="[MODULE:]NAME",
        help="append a registered component to the pipeline; MODULE (e.g. mypkg.annotators) is imported first so it can register it",
    )


def _component(spec: str) -> Component:
    module, sep, name = spec.rpartition(":")
    if sep:
        try:
            mod = importlib.import_module(module)
        except ImportError as exc:
            raise ModelError(f"[A027] --add {spec!r}: cannot import {module!r} ({exc}); check the module name and that it is installed") from None
        value = getattr(mod, name, None)
        if isinstance(value, Component):
            return value
    return get_component(name)


def build_pipeline(args: argparse.Namespace, options: EncodeOptions) -> Pipeline:
    """The default pipeline edited by ``--disable`` and ``--add``, checked before it runs."""
    from ..pipeline import default_pipeline

    p = default_pipeline(options)
    for name in args.disable:
        p.remove(name)
    for spec in args.add:
        p.add(_component(spec))
    problems = p.analyze()
    if problems:
        raise ModelError(problems[0])
    return p


def wants_model(args: argparse.Namespace) -> bool:
    """Whether this run needs the model path (JSON in or out, a translation, an edited pipeline),
    rather than the plain text-to-TEI one."""
    if args.format == "json" or args.translation or args.disable or args.add:
        return True
    p = Path(args.input)
    if not p.is_file():
        return False
    with p.open("rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and _load_model(args.input) is not None


def _load_model(path: str) -> Document | Pair | None:
    p = Path(path)
    if not p.is_file():
        return None
    from ..modeljson import loads, looks_like_model

    data = p.read_bytes()
    if not looks_like_model(data):
        return None
    model = loads(data, name=path)
    for doc in (model.src, model.tgt) if isinstance(model, Pair) else (model,):
        _check_text(doc, path)
    return model


def _check_text(doc: Document, path: str) -> None:
    """A model may carry any character, TEI may not: a text holding a control character, a
    noncharacter or a lone surrogate is refused as a source text would be, before lxml meets it."""
    from ..errors import ReadError
    from ..text.read import _check_characters

    try:
        _check_characters(doc.text, path)
    except ReadError as exc:
        raise ReadError(
            f"{exc.message} (in the \"text\" of {doc.id!r}, at line {exc.line}, column {exc.col} of that text)", path=path
        ) from None


def encode(args: argparse.Namespace, metadata: Mapping[str, Any], options: EncodeOptions) -> bytes:
    """The bytes ``align encode`` writes, for a text file or a model file."""
    from ..modeljson import dumps
    from ..pipeline import encode_document
    from ..text.read import read

    pipeline = build_pipeline(args, options)
    model = _load_model(args.input)
    tr_meta = dict(metadata.get("translation", {}))
    tr_file = args.translation or tr_meta.get("file")
    if tr_meta and not tr_file and not isinstance(model, Pair):
        raise AlignError("[A028] the [translation] table names no file: add file = \"...\" to it or pass --translation FILE", path=args.meta)
    if isinstance(model, Pair):
        if args.translation:
            raise AlignError("[A028] this model file already holds its translation; leave out --translation", path=args.input)
        doc, translations = model.src, [model]
        if model.meta.get("role") == "parallel":
            from ..tei.parallel import encode_pair

            return dumps(model) if args.format == "json" else encode_pair(model)
    else:
        doc = model if model is not None else read(args.input, encoding=args.encoding)
        doc = _complete(pipeline, doc)
        translations = []
        if tr_file:
            from ..editions import translation_pair

            translation = read(tr_file, encoding=args.encoding, id=tr_meta.get("id", "tr"))
            translations = [translation_pair(doc, translation, meta=tr_meta, options=options, annotated=True)]
    if args.format == "json":
        return dumps(translations[0] if translations else doc)
    return encode_document(doc, metadata=metadata, options=options, annotated=True, translations=translations)


def _complete(pipeline: Pipeline, doc: Document) -> Document:
    """Run the components whose layers ``doc`` lacks (all of them for a text just read; none for a
    model file that was saved after annotation)."""
    todo = [c for c in pipeline.steps if not all(a in doc.layers for a in c.assigns)]
    return Pipeline(todo)(doc) if todo else doc

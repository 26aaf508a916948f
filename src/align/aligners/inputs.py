"""One side of a parallel text, from a file: plain text (split into sentences), one sentence per
line (``presegmented``), or our TEI (its ``s`` elements with an ``xml:id`` in the requested language).

Each side becomes a :class:`~align.model.Document` with a ``sentence`` layer and ``meta["lang"]``,
which is what :func:`align.aligners.align_documents` and the TEI writer take.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import regex

from ..errors import AlignmentError
from ..model import Document, Layer, Span
from ..text.read import read

__all__ = ["Side", "load_side", "is_tei"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TEI_S = "{http://www.tei-c.org/ns/1.0}s"


@dataclass(frozen=True)
class Side:
    """A document with its sentences: texts, and ``xml:id``\\ s when the input had them."""

    doc: Document
    sentences: list[str]
    ids: list[str] | None


def is_tei(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and b"http://www.tei-c.org/ns/1.0" in data[:8192]


def _lang_matches(have: str, want: str) -> bool:
    have, want = have.lower(), want.lower()
    return have == want or have.startswith(want + "-")


def _from_tei(data: bytes, lang: str, name: str) -> Side:
    from lxml import etree

    from ..validate.safeparse import safe_parser

    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise AlignmentError(f"[A641] not well-formed XML: {exc.msg}", path=name, line=exc.lineno) from None
    texts, ids = [], []
    for s in root.iter(TEI_S):
        sid = s.get(XML_ID)
        if not sid:
            continue
        el, eff = s, None
        while el is not None and eff is None:
            eff = el.get(XML_LANG)
            el = el.getparent()
        if eff is None or not _lang_matches(eff, lang):
            continue
        texts.append(regex.sub(r"\s+", " ", "".join(s.itertext())).strip())
        ids.append(sid)
    if not texts:
        raise AlignmentError(
            f"[A642] no <s> elements with an xml:id in language {lang!r}; check --src-lang/--tgt-lang "
            "or segment the TEI first",
            path=name,
        )
    text = "\n".join(texts)
    spans, pos = [], 0
    for t, sid in zip(texts, ids):
        spans.append(Span(pos, pos + len(t), lang, {"id": sid}))
        pos += len(t) + 1
    stem = regex.sub(r"[^\w.\-]", "-", Path(name).stem) or "doc"
    doc = Document(text, id=stem, meta={"lang": lang, "source": name}).with_layer(Layer("sentence", tuple(spans), "tei"))
    return Side(doc, texts, ids)


def load_side(path: str | os.PathLike[str], lang: str, *, presegmented: bool = False, splitter: str | None = None) -> Side:
    """Read one side of a parallel text; see the module docstring for the three kinds of input."""
    p = Path(path)
    if p.is_file() and not presegmented:
        data = p.read_bytes()
        if is_tei(data):
            return _from_tei(data, lang, str(path))
    doc = read(path).with_meta(lang=lang)
    text = doc.text
    if presegmented:
        spans, pos = [], 0
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for line in lines:
            spans.append(Span(pos, pos + len(line), lang))
            pos += len(line) + 1
        layer = Layer("sentence", tuple(spans), "lines")
    else:
        from ..text.sentences import sentence_layer

        layer = sentence_layer(doc, splitter=splitter)
    doc = doc.with_layer(layer)
    return Side(doc, [text[s.start : s.end] for s in layer], None)

"""The main job: the bundled book, with its embedded Korean texts aligned to English translations.

Generic over any text with a metadata file: each embedded text (``group`` span ``embedded``) that has
a translation listed in the metadata gets it encoded as an editorial ``div`` in ``back``, sentence
alignment links in ``standOff``, and a reference link from the main-text sentence that names it.
"""

from __future__ import annotations

from typing import Any, Mapping

import regex
from lxml import etree

from .encode import TEI_NS, fragment, link_group
from ..model import Alignment, Document
from ..pipeline import EncodeOptions, annotate_document, encode_document, sentence_layer_for_blocks
from ..text.read import read
from ..resources import bundled_corpus_path, data_path
from ..text.markup import markup_layer
from ..text.scripts import segment_scripts
from ..text.profiles import get_profile
from ..text.structure import recover_structure_as_embedded
from .tree import Node
from ..annotate import annotate_bytes  # the main job annotates names, dates, terms (issue 12)

__all__ = ["build_book", "encode_with_translation", "find_mention"]

BOOK_META = "seventy-five-years.toml"
_WORD = regex.compile(r"[\p{L}\p{N}]+")


def _embedded_spans(doc: Document):
    return [g for g in doc.layer("group") if g.label == "embedded"]


def find_mention(doc: Document, title: str, before: int) -> str | None:
    """The id of the main-text sentence nearest before ``before`` that contains every word of
    ``title`` (case- and dash-insensitive): the sentence that introduces an embedded text."""
    words = {w.casefold() for w in _WORD.findall(title)}
    if not words:
        return None
    best = None
    for s in doc.layer("sentence"):
        if s.end > before:
            break
        have = {w.casefold() for w in _WORD.findall(doc.text, s.start, s.end)}
        if words <= have:
            best = s.attrs.get("id")
    return best


def _align(src: list[str], tgt: list[str], src_lang: str, tgt_lang: str) -> Alignment:
    from ..aligners import make_aligner

    return make_aligner(src_lang=src_lang, tgt_lang=tgt_lang).align(src, tgt, src_id="emb1", tgt_id="tr")


def encode_with_translation(
    doc: Document,
    translation: Document,
    *,
    metadata: Mapping[str, Any],
    options: EncodeOptions | None = None,
) -> bytes:
    """TEI for ``doc`` whose first embedded text is aligned with ``translation``."""
    o = options or EncodeOptions()
    doc = annotate_document(doc, o)
    tr_meta = dict(metadata.get("translation", {}))
    tr_id = tr_meta.get("id", "tr")
    tr = translation.with_layer(markup_layer(translation.text))
    tr = segment_scripts(tr)
    tr = recover_structure_as_embedded(tr)
    tr = tr.with_layer(sentence_layer_for_blocks(tr, splitter=o.splitter, prefix=f"{tr_id}."))

    standoff: list[etree._Element] = []
    back_extra: list[etree._Element] = []
    embedded = _embedded_spans(doc)
    if embedded:
        emb = embedded[0]
        emb_id = "emb1"
        src_sents = [s for s in doc.layer("sentence") if emb.start <= s.start and s.end <= emb.end]
        tgt_sents = list(tr.layer("sentence"))
        tr_lang = tr.meta.get("lang", "en")
        alignment = _align([s.text(doc) for s in src_sents], [s.text(tr) for s in tgt_sents], emb.attrs.get("lang", "ko"), tr_lang)
        grp = link_group(
            alignment,
            [s.attrs["id"] for s in src_sents],
            [s.attrs["id"] for s in tgt_sents],
            src_text_id=emb_id,
            tgt_text_id=tr_id,
        )
        grp.set("corresp", f"#{emb_id} #{tr_id}")
        standoff.append(grp)
        root = Node(
            "div",
            0,
            len(tr.text),
            {"type": "translation", "xml:id": tr_id, "xml:lang": tr_lang, "corresp": f"#{emb_id}", "resp": f"#{tr_id}.resp"},
            rank=0,
        )
        div = fragment(tr, root)
        div.text = "\n" + (div.text or "")
        div.tail = None
        back_extra.append(div)
        head = next((b for b in tr.layer("block") if b.label == "e-head"), None)
        mention = find_mention(doc, head.text(tr), emb.start) if head else None
        if mention:
            ref = etree.Element(f"{{{TEI_NS}}}linkGrp", type="reference")
            link = etree.SubElement(ref, f"{{{TEI_NS}}}link", type="mention", target=f"#{mention} #{emb_id}")
            ref.text, link.tail = "\n", "\n"
            standoff.append(ref)
    extra_sources = []
    if tr_meta:
        extra_sources.append(
            {
                "id": f"{tr_id}.resp",
                "title": tr_meta.get("title", "Translation"),
                "responsibility": [{"resp": "translated by", "name": tr_meta.get("translator", "the editors")}],
                "note": tr_meta.get("note"),
            }
        )
    return encode_document(
        doc,
        metadata=metadata,
        options=o,
        annotated=True,
        standoff=standoff,
        back_extra=back_extra,
        extra_sources=extra_sources,
    )


def load_book_metadata() -> dict[str, Any]:
    import tomllib

    with data_path(BOOK_META).open("rb") as fh:
        return tomllib.load(fh)


def build_book(options: EncodeOptions | None = None) -> bytes:
    """The bundled edition's bytes (what ``align build`` writes to ``tei/seventy-five-years.xml``)."""
    meta = load_book_metadata()
    if options is None:
        enc = meta.get("encoding", {})
        options = EncodeOptions(italic=enc.get("italic", "hi"), structure=get_profile(enc.get("profile")))
    doc = read(bundled_corpus_path(), id="seventy-five-years")
    tr_file = meta.get("translation", {}).get("file")
    if not tr_file:
        return annotate_bytes(encode_document(doc, metadata=meta, options=options))
    translation = read(data_path(tr_file), id=meta["translation"].get("id", "tr"))
    return annotate_bytes(encode_with_translation(doc, translation, metadata=meta, options=options))

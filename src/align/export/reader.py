"""An aligned TEI file back into the model: one :class:`~align.model.Document` per side and the
:class:`~align.model.Alignment` between their sentences.

Any TEI whose ``standOff`` (or elsewhere) holds a ``linkGrp type="alignment"`` whose ``link``\\ s point
at ``s`` elements by ``xml:id`` can be read: what ``align pair --format tei``, ``align build`` and
``align encode`` write, and other projects' TEI of the same shape. The two sides are the elements
named by the group's ``corresp="#src #tgt"``; without it, the linked sentences are split by their
``xml:lang`` (the first link's first target names the source language) and each side is the nearest
element holding all of its linked sentences.

Each side's document text is the text content of its element, character for character (the other
side's element left out when one holds the other), so offsets into it address the TEI exactly. Layers:

- ``sentence``: one span per ``s`` with an ``xml:id`` (``attrs["id"]``), label the sentence's language;
- ``block``: one span per block-level element (``p``, ``head``, ``item``, ``l``, ...), label its name,
  so a view can show the text in its paragraphs (a note or quotation inside running text is not one);
- ``break``: an empty span where an ``lb`` stands, so a view can break the line there.

A null bead is a ``link`` whose second target is the other side's element (how our writer marks
"no counterpart"); its sentence side is kept and the other side is empty.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import regex
from lxml import etree

from ..errors import ExportError
from ..model import Alignment, Bead, Document, Layer, Span

__all__ = ["AlignedPair", "read_aligned", "parse_aligned", "sentence_texts", "sentence_ids", "BLOCKS"]

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: TEI elements shown as a paragraph of their own (local names). Nested ones split their parent.
BLOCKS = frozenset(
    {
        "p",
        "ab",
        "head",
        "item",
        "l",
        "label",
        "note",
        "quote",
        "dateline",
        "salute",
        "signed",
        "byline",
        "docTitle",
        "titlePart",
        "trailer",
        "argument",
        "epigraph",
        "opener",
        "closer",
        "cell",
        "sp",
        "speaker",
        "stage",
        "bibl",
        "castItem",
        "u",
        "lg",
        "list",
        "table",
        "row",
        "floatingText",
    }
)
# elements whose content is running text: a note or quotation inside one is part of the line, not a block
_PHRASE_HOLDERS = frozenset(
    {"p", "ab", "head", "l", "item", "dateline", "salute", "signed", "byline", "trailer", "titlePart", "label", "cell"}
)
_INLINE_TOO = frozenset({"note", "quote", "bibl", "label"})
_SPACE = regex.compile(r"\s+")


@dataclass(frozen=True)
class AlignedPair:
    """Two documents whose ``sentence`` layers the beads of ``alignment`` index (source first)."""

    src: Document
    tgt: Document
    alignment: Alignment


def sentence_texts(doc: Document, *, normalize: bool = True) -> list[str]:
    """The sentences' text; ``normalize`` folds white-space runs (line breaks of the layout) to one space."""
    out = [s.text(doc) for s in doc.layer("sentence")]
    return [_SPACE.sub(" ", t).strip() for t in out] if normalize else out


def sentence_ids(doc: Document) -> list[str]:
    """The sentences' ``xml:id``\\ s, in document order."""
    return [str(s.attrs.get("id", "")) for s in doc.layer("sentence")]


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _lang(el: etree._Element | None) -> str | None:
    while el is not None:
        v = el.get(XML_LANG)
        if v is not None:
            return v
        el = el.getparent()
    return None


def _err(message: str, el: etree._Element, name: str) -> ExportError:
    return ExportError(message, path=name, line=el.sourceline)


def _flatten(container: etree._Element, skip: etree._Element | None) -> tuple[str, list[Span], list[Span], list[Span]]:
    """Text content of ``container`` (without ``skip``'s subtree) and its sentence, block and line-break spans."""
    parts: list[str] = []
    pos = 0
    sents: list[Span] = []
    blocks: list[Span] = []
    breaks: list[Span] = []

    def walk(el: etree._Element, inline: bool, in_s: bool) -> None:
        nonlocal pos
        name = _local(el.tag)
        start = pos
        if el.text and name:
            parts.append(el.text)
            pos += len(el.text)
        inner = inline or name in _PHRASE_HOLDERS
        is_block = name in BLOCKS and el is not container and not in_s and not (inline and name in _INLINE_TOO)
        if is_block:  # its place is taken on the way in, so an outer block precedes an inner one of equal extent
            slot = len(blocks)
            blocks.append(Span(start, start, name))
        for child in el:
            if child is not skip and isinstance(child.tag, str):
                walk(child, inner, in_s or name == "s")
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if name == "lb":
            breaks.append(Span(start, start, "lb"))
        elif name == "s" and el.get(XML_ID):
            sents.append(Span(start, pos, _lang(el) or "", {"id": el.get(XML_ID)}))
        elif is_block:
            blocks[slot] = Span(start, pos, name)

    # the container's own tail is not its text
    walk(container, False, False)
    text = "".join(parts)
    key = lambda s: (s.start, -s.end)  # noqa: E731
    return text, sorted(sents, key=key), sorted(blocks, key=key), breaks


def _pointer(target: str, link: etree._Element, name: str) -> str:
    if not target.startswith("#") or len(target) < 2:
        raise _err(
            f"[A904] link target {target!r} is not a pointer into this file ('#id'); "
            "export reads alignments whose links point at sentences of the same file",
            link,
            name,
        )
    return target[1:]


def _groups(root: etree._Element) -> list[etree._Element]:
    return [g for g in root.iter(f"{TEI}linkGrp") if g.get("type") == "alignment"]


def _choose(groups: list[etree._Element], group: str | int | None, name: str) -> etree._Element:
    if not groups:
        raise ExportError(
            '[A902] no <linkGrp type="alignment"> in this file; align the texts first '
            "(align pair --format tei, or align encode with a translation)",
            path=name,
        )
    labels = [g.get(XML_ID) or str(i) for i, g in enumerate(groups)]
    if group is None:
        if len(groups) > 1:
            raise ExportError(
                f"[A903] {len(groups)} alignment groups ({', '.join(labels)}); choose one with --group "
                "(its xml:id or its 0-based number)",
                path=name,
            )
        return groups[0]
    for i, g in enumerate(groups):
        if str(group) in (str(i), g.get(XML_ID)):
            return g
    raise ExportError(f"[A903] no alignment group {group!r}; there are: {', '.join(labels)}", path=name)


def _common_ancestor(els: Sequence[etree._Element]) -> etree._Element:
    paths = []
    for el in els:
        chain = list(el.iterancestors())[::-1] + [el]
        paths.append(chain)
    common = paths[0]
    for p in paths[1:]:
        n = 0
        while n < min(len(common), len(p)) and common[n] is p[n]:
            n += 1
        common = common[:n]
    # a side is a stretch of text, never a single sentence
    while common and _local(common[-1].tag) == "s":
        common = common[:-1]
    return common[-1]


def _contains(outer: etree._Element, inner: etree._Element) -> bool:
    return any(a is outer for a in inner.iterancestors())


def _sides(
    grp: etree._Element, ids: dict[str, etree._Element], root: etree._Element, name: str
) -> tuple[etree._Element, etree._Element, tuple[str, str] | None]:
    """The two sides' elements, and (when told apart by language) the language each side keeps."""
    corresp = (grp.get("corresp") or "").split()
    if len(corresp) == 2:
        found = [ids.get(c[1:]) if c.startswith("#") else None for c in corresp]
        if found[0] is not None and found[1] is not None:
            return found[0], found[1], None
        raise _err(
            f"[A905] the alignment group's corresp {' '.join(corresp)!r} does not name two elements of this file",
            grp,
            name,
        )
    # no corresp: split the linked sentences by language
    order: list[str] = []
    named: dict[str, etree._Element] = {}  # a null link's whole-text target is the other side
    for link in grp.iter(f"{TEI}link"):
        langs, others = set(), []
        for t in (link.get("target") or "").split():
            el = ids.get(t[1:]) if t.startswith("#") else None
            if el is None:
                continue
            if _local(el.tag) != "s":
                others.append(el)
                continue
            lang = _lang(el) or ""
            langs.add(lang)
            if lang not in order:
                order.append(lang)
        if len(langs) == 1 and len(others) == 1:
            named[f"not:{langs.pop()}"] = others[0]
    if len(order) != 2:
        raise _err(
            f'[A905] cannot tell the two sides apart: the group has no corresp="#src #tgt" and its linked '
            f"sentences are in {len(order)} language(s) ({', '.join(order) or 'none'}); add corresp",
            grp,
            name,
        )
    sides = []
    for k, lang in enumerate(order):
        el = named.get(f"not:{order[1 - k]}")
        if el is None:  # the nearest element holding every sentence in this language
            el = _common_ancestor([s for s in root.iter(f"{TEI}s") if s.get(XML_ID) and _lang(s) == lang])
        sides.append(el)
    return sides[0], sides[1], (order[0], order[1])


def _document(container: etree._Element, other: etree._Element, lang: str | None, name: str, stem: str) -> Document:
    skip = other if _contains(container, other) else None
    text, sents, blocks, breaks = _flatten(container, skip)
    if lang is not None:
        sents = [s for s in sents if s.label == lang]
    cid = container.get(XML_ID) or ""
    lang = lang or _lang(container) or (sents[0].label if sents else "") or "und"
    doc = Document(text, id=cid or stem, meta={"lang": lang, "source": name, "element": cid})
    doc = doc.with_layer(Layer("sentence", tuple(sents), "tei")).with_layer(Layer("block", tuple(blocks), "tei"))
    return doc.with_layer(Layer("break", tuple(breaks), "tei"))


def _signature(root: etree._Element, grp: etree._Element) -> str:
    resp = grp.get("resp") or ""
    for app in root.iter(f"{TEI}application"):
        if resp and f"#{app.get(XML_ID)}" != resp.split()[0]:
            continue
        desc = app.find(f"{TEI}desc")
        if desc is not None and desc.text:
            return desc.text.strip()
    return ""


def parse_aligned(data: bytes, *, name: str = "<tei>", group: str | int | None = None) -> AlignedPair:
    """An :class:`AlignedPair` from TEI bytes; ``group`` picks one of several alignment groups."""
    from ..validate.safeparse import safe_parser

    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (exc.lineno, None)
        raise ExportError(
            f"[A901] not well-formed XML: {exc.msg}; fix the file", path=name, line=line, col=col
        ) from None
    ids = {el.get(XML_ID): el for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    grp = _choose(_groups(root), group, name)
    src_el, tgt_el, langs = _sides(grp, ids, root, name)
    if src_el is tgt_el:
        raise _err("[A905] both sides of the alignment are the same element", grp, name)
    stem = regex.sub(r"[^\w.\-]", "-", Path(name).stem) or "doc"
    src = _document(src_el, tgt_el, langs[0] if langs else None, name, stem + ".src")
    tgt = _document(tgt_el, src_el, langs[1] if langs else None, name, stem + ".tgt")
    index = [{i: n for n, i in enumerate(sentence_ids(d))} for d in (src, tgt)]
    side_ids = {i for i in (src_el.get(XML_ID), tgt_el.get(XML_ID)) if i}
    beads: list[Bead] = []
    for link in grp.iter(f"{TEI}link"):
        sides: tuple[list[int], list[int]] = ([], [])
        for t in (link.get("target") or "").split():
            ref = _pointer(t, link, name)
            if ref in side_ids:  # the other text as a whole: this bead has no counterpart there
                continue
            for k in (0, 1):
                if ref in index[k]:
                    sides[k].append(index[k][ref])
                    break
            else:
                raise _err(
                    f"[A906] link target #{ref} is not a sentence (<s xml:id>) of either side "
                    f"(#{src.id} or #{tgt.id}); fix the link or the ids",
                    link,
                    name,
                )
        if not sides[0] and not sides[1]:
            raise _err("[A906] a link points at no sentence", link, name)
        cert = link.get("cert")
        score = 0.0
        if cert is not None:
            try:
                score = float(cert)
            except ValueError:
                score = 0.0
        beads.append(Bead(tuple(sorted(sides[0])), tuple(sorted(sides[1])), score))
    alignment = Alignment(src.id, tgt.id, tuple(beads), signature=_signature(root, grp), meta={"source": name})
    return AlignedPair(src, tgt, alignment)


def read_aligned(path: str | os.PathLike[str], *, group: str | int | None = None) -> AlignedPair:
    """Read an aligned TEI file (see the module docstring)."""
    p = Path(path)
    if not p.is_file():
        raise ExportError("[A900] no such file; check the path", path=str(path))
    return parse_aligned(p.read_bytes(), name=str(path), group=group)


def linked(pair: AlignedPair) -> tuple[set[int], set[int]]:
    """Sentence indices on each side that some bead names (for marking the unaligned rest)."""
    s: set[int] = set()
    t: set[int] = set()
    for b in pair.alignment:
        s.update(b.src)
        t.update(b.tgt)
    return s, t


def join_sentences(doc: Document, indices: Sequence[int]) -> str:
    """Several sentences as one segment: a space between two where the text has anything between
    them (so Korean and English get their space, Chinese and Japanese text none), folded white space."""
    spans = doc.layer("sentence").spans
    out: list[str] = []
    prev: Span | None = None
    for i in indices:
        s = spans[i]
        raw = s.text(doc)
        t = _SPACE.sub(" ", raw).strip()
        if prev is not None and (s.start != prev.end or raw[:1].isspace() or prev.text(doc)[-1:].isspace()):
            out.append(" ")
        out.append(t)
        prev = s
    return "".join(out)


def iter_beads_text(pair: AlignedPair) -> Iterator[tuple[Bead, list[str], list[str]]]:
    """Each bead with its source and target sentences (white space folded)."""
    st, tt = sentence_texts(pair.src), sentence_texts(pair.tgt)
    for b in pair.alignment:
        yield b, [st[i] for i in b.src], [tt[j] for j in b.tgt]

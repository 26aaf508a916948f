"""Reading any TEI that align writes back into the model, and writing annotations into it in place.

:func:`read_tei` gives a :class:`~align.model.Document` whose text is the character content of
``TEI/text`` (every text node, in document order: what :func:`align.tei.extract.source_text` reads,
plus editorial additions such as a translation, which are annotated too) and a ``block`` layer of
its paragraph-like elements. :func:`wrap` puts a new element around a character range of that text
by moving text and inline children, never by rewriting characters, so the text content (and
``source_text``) is unchanged by construction. A range that would cross an element boundary is
refused (``False``), never forced.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Mapping

from lxml import etree

from ..model import Document, Layer, Span

__all__ = ["TextMap", "read_tei", "wrap", "TEI", "XML_NS"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
TEI = f"{{{TEI_NS}}}"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: Paragraph-like elements: the units no mention crosses.
BLOCKS = frozenset(
    "p head ab item titlePart byline signed dateline salute l cell note label docAuthor docImprint docDate imprimatur "
    "trailer opener closer argument epigraph bibl desc figDesc gloss term".split()
)
#: Elements in which a name, date or term may be placed (TEI's phrase-level content).
CONTAINERS = frozenset(
    "p head ab item s seg hi foreign emph q quote title titlePart byline signed dateline salute l cell note label "
    "docAuthor said closer opener trailer phr cl w persName placeName orgName".split()
)
#: Inline elements that may move inside a new element (they hold no block structure).
MOVABLE = frozenset("lb pb cb hi foreign emph seg gap anchor milestone".split())


@dataclass
class TextMap:
    """Where each piece of the document text lives: ``(start, end, element, 'text' | 'tail')``."""

    segments: list[tuple[int, int, etree._Element, str]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag[len(TEI) :] if isinstance(tag, str) and tag.startswith(TEI) else (tag if isinstance(tag, str) else "")


def text_element(root: etree._Element) -> etree._Element:
    el = root.find(f"{TEI}text")
    if el is None:
        from ..errors import ReadError

        raise ReadError("[A340] not a TEI document with a <text> element; give a TEI file that align encode, pair or build wrote")
    return el


def read_tei(root: etree._Element, *, doc_id: str = "tei") -> tuple[Document, TextMap]:
    """The document text of ``TEI/text`` with a ``block`` layer (labels are element names, attrs
    ``lang`` the inherited ``xml:lang``), and the map back to the tree."""
    tmap = TextMap()
    parts: list[str] = []
    blocks: list[Span] = []
    pos = 0
    default_lang = root.get(f"{{{XML_NS}}}lang") or "und"

    def walk(el: etree._Element, lang: str, in_block: bool) -> None:
        nonlocal pos
        lang = el.get(f"{{{XML_NS}}}lang") or lang
        name = _local(el)
        opens = name in BLOCKS and not in_block
        start = pos
        if el.text:
            tmap.segments.append((pos, pos + len(el.text), el, "text"))
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            if isinstance(child.tag, str) and not _added(child):
                walk(child, lang, in_block or opens)
            if child.tail:
                tmap.segments.append((pos, pos + len(child.tail), child, "tail"))
                parts.append(child.tail)
                pos += len(child.tail)
        if opens and pos > start:
            blocks.append(Span(start, pos, name, {"lang": lang}))

    walk(text_element(root), default_lang, False)
    tmap.starts = [s for s, _, _, _ in tmap.segments]
    blocks.sort(key=lambda s: (s.start, -s.end))
    doc = Document("".join(parts), doc_id, meta={"lang": default_lang})
    doc = doc.with_layer(Layer("block", tuple(blocks), producer="annotate:tei-reader"))
    return doc, tmap


def _added(el: etree._Element) -> bool:
    """An edition's alternative inside ``choice`` (``corr``/``expan``/``reg`` with ``@resp``): not
    text of the source, so never read as such (annotating twice gives the same result)."""
    parent = el.getparent()
    return el.get("resp") is not None and parent is not None and _local(parent) == "choice"


# A location: (parent element, i, offset): the string is parent.text when i == -1, parent[i].tail
# otherwise, and offset counts characters into it.
_Loc = tuple[etree._Element, int, int]


def _string(p: etree._Element, i: int) -> str:
    return (p.text if i < 0 else p[i].tail) or ""


def _loc_of(seg: tuple[int, int, etree._Element, str], x: int) -> _Loc:
    s, _, el, kind = seg
    if kind == "text":
        return el, -1, x - s
    parent = el.getparent()
    return parent, parent.index(el), x - s


def _chain_start(loc: _Loc) -> list[_Loc]:
    """A start position and the same position seen from each ancestor it opens."""
    out = [loc]
    p, i, off = loc
    while i < 0 and off == 0 and p.getparent() is not None:
        parent = p.getparent()
        k = parent.index(p)
        loc = (parent, k - 1, len(_string(parent, k - 1)))
        out.append(loc)
        p, i, off = loc
        if off != 0:
            break
    return out


def _chain_end(loc: _Loc) -> list[_Loc]:
    out = [loc]
    p, i, off = loc
    while off == len(_string(p, i)) and i == len(p) - 1 and p.getparent() is not None:
        parent = p.getparent()
        loc = (parent, parent.index(p), 0)
        out.append(loc)
        p, i, off = loc
    return out


def _segment(tmap: TextMap, x: int, *, end: bool) -> tuple[int, int, etree._Element, str] | None:
    k = bisect_right(tmap.starts, x if not end else x - 1) - 1
    while 0 <= k < len(tmap.segments):
        s, e, _, _ = tmap.segments[k]
        if (s <= x < e) if not end else (s < x <= e):
            return tmap.segments[k]
        if s > x:
            return None
        k += 1
    return None


def wrap(
    tmap: TextMap,
    start: int,
    end: int,
    tag: str,
    attrs: Mapping[str, str],
    *,
    reuse: frozenset[str] = frozenset(),
    containers: frozenset[str] = CONTAINERS,
) -> etree._Element | None:
    """Put ``<tag attrs>`` around characters ``[start, end)``; an existing element in ``reuse`` that
    covers exactly the range gets the attributes instead. Returns the element, or None when the range
    crosses an element boundary or lies outside phrase-level content. ``tmap`` is kept up to date."""
    if start >= end:
        return None
    sa, sb = _segment(tmap, start, end=False), _segment(tmap, end, end=True)
    if sa is None or sb is None:
        return None
    chain_a, chain_b = _chain_start(_loc_of(sa, start)), _chain_end(_loc_of(sb, end))
    pairs = [(la, lb) for la in chain_a for lb in chain_b if la[0] is lb[0] and (la[1], la[2]) <= (lb[1], lb[2])]
    for (p, ia, oa), (_, ib, ob) in pairs:  # an existing element over exactly this range
        moved = list(p[ia + 1 : ib + 1])
        if len(moved) == 1 and oa == len(_string(p, ia)) and ob == 0 and _local(moved[0]) in reuse:
            el = moved[0]
            for k, v in attrs.items():
                if el.get(_qname(k)) is None:
                    el.set(_qname(k), v)
            return el
    pick = next(
        (
            (la, lb)
            for la, lb in pairs
            if _local(la[0]) in containers
            and all(isinstance(c.tag, str) and _local(c) in MOVABLE for c in la[0][la[1] + 1 : lb[1] + 1])
        ),
        None,
    )
    if pick is None:
        return None
    (p, ia, oa), (_, ib, ob) = pick
    moved = list(p[ia + 1 : ib + 1])
    el = etree.Element(f"{TEI}{tag}")
    for k, v in attrs.items():
        el.set(_qname(k), v)
    sa_str = _string(p, ia)
    if not moved:
        inner = sa_str[oa:ob]
        after = sa_str[ob:]
        el.text, el.tail = inner, after or None
    else:
        el.text = sa_str[oa:] or None
        tb = moved[-1].tail or ""
        el.tail = tb[ob:] or None
        moved[-1].tail = tb[:ob] or None
        for c in moved:
            el.append(c)
    if ia < 0:
        p.text = sa_str[:oa] or None
    else:
        p[ia].tail = sa_str[:oa] or None
    p.insert(ia + 1, el)
    _remap(tmap, p, tmap.segments.index(sa, max(0, bisect_right(tmap.starts, sa[0]) - 2)))
    return el


def _qname(name: str) -> str:
    return f"{{{XML_NS}}}{name[4:]}" if name.startswith("xml:") else name


def _remap(tmap: TextMap, p: etree._Element, near: int) -> None:
    """Rebuild the segments of ``p``'s content (text, descendants' text and tails), in place.

    They form one run of the list around index ``near`` (a segment the wrap touched); only that run
    is visited, so a wrap costs the size of its parent, not of the document."""
    segs = tmap.segments
    lo = near
    while lo > 0 and _under(segs[lo - 1][2], p, segs[lo - 1][3]):
        lo -= 1
    hi = near
    while hi < len(segs) and _under(segs[hi][2], p, segs[hi][3]):
        hi += 1
    if lo == hi:
        return
    new: list[tuple[int, int, etree._Element, str]] = []
    pos = segs[lo][0]

    def walk(el: etree._Element) -> None:
        nonlocal pos
        if el.text:
            new.append((pos, pos + len(el.text), el, "text"))
            pos += len(el.text)
        for child in el:
            if isinstance(child.tag, str) and not _added(child):
                walk(child)
            if child.tail:
                new.append((pos, pos + len(child.tail), child, "tail"))
                pos += len(child.tail)

    walk(p)
    segs[lo:hi] = new
    tmap.starts[lo:hi] = [x for x, _, _, _ in new]


def _under(el: etree._Element, p: etree._Element, kind: str) -> bool:
    """Whether the text segment (el, kind) belongs to p's content: its text, or inside a child."""
    if kind == "text":
        node = el
    else:
        node = el.getparent()
    while node is not None:
        if node is p:
            return True
        node = node.getparent()
    return False

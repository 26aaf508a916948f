"""Encode: the data model as TEI P5. The only module that turns layers into XML.

Layers used (each optional except ``block``/``group``, made by :mod:`align.text.structure`): ``markup``,
``sentence`` (spans with ``attrs['id']``), ``foreign`` and ``date`` (made by :mod:`align.annotate`), and any
layer with a declarative mapping (:mod:`align.tei.mapping`). Element choices follow conventional
TEI practice for each kind of block (see ``README.md``); text content is sliced from the one source
text, so the mapping in :mod:`align.text.markup` holds by construction.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import regex
from lxml import etree

from ..errors import EncodeError
from ..text.markup import marker_ranges
from ..text.scripts import LanguageMap, dominant_script
from ..model import Alignment, Document, Layer, Pair, Span
from .tree import Conflict, Cursor, Node, insert

if TYPE_CHECKING:
    from .header import E

__all__ = [
    "TEI_NS",
    "XML_NS",
    "document_nodes",
    "fragment",
    "to_element",
    "element",
    "to_tei",
    "pair_to_tei",
    "serialize",
    "link_group",
]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_XML_ATTRS = {"lang", "id", "space", "base"}

# rank: outer to inner among nodes of the same extent
_R_GROUP, _R_DIV, _R_CONTAINER, _R_BLOCK, _R_BLOCK_INNER, _R_SENT, _R_INLINE = 10, 20, 30, 40, 45, 60, 70

_BLOCK_ELEMENTS = {
    "heading": "head",
    "caption": "head",
    "p": "p",
    "e-p": "p",
    "e-head": "head",
    "inscription": "ab",
    "ab": "ab",
    "colophon": "p",
}


_XML_WS = frozenset(" \t\n")


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Trim XML white space only: what is trimmed may end up between elements."""
    while a < b and text[a] in _XML_WS:
        a += 1
    while b > a and text[b - 1] in _XML_WS:
        b -= 1
    return a, b


def document_nodes(doc: Document, root: Node | None = None) -> Node:
    """``doc`` as a Node tree under ``root`` (default: the ``<text>`` element), no XML yet."""
    text = doc.text
    root = root or Node("text", 0, len(text), rank=0)
    groups = doc.layer("group")
    blocks = doc.layer("block")
    n_embedded = 0
    # (after the id of the text they are in, when it has one: a pair's two sides, a translation and
    # its source may each hold an embedded text, and xml:ids are unique in a file)
    prefix = f"{root.attrs['xml:id']}." if root.attrs.get("xml:id") else ""
    for g in groups:
        for node in _group_nodes(g):
            if node.tag == "floatingText":
                n_embedded += 1
                node.attrs["xml:id"] = f"{prefix}emb{n_embedded}"
            insert(root, node)
    main_lang = doc.meta.get("lang", "und")
    # each layer's nodes through one cursor: a node goes in from near the last one, not from the root
    cursor = Cursor(root)
    furniture: dict[tuple[int, int], str] = {}  # each running head's language, or the text's
    langs: LanguageMap | None = None  # the document's table, made at the first running head
    for b in blocks:
        if b.label == "fw":  # (its own language: see _furniture_lang)
            if langs is None:
                table = doc.meta.get("languages")
                langs = LanguageMap.from_mapping(table) if table else LanguageMap()
            own = _furniture_lang(text, b, langs)
            furniture[(b.start, b.end)] = own or main_lang
            b = Span(b.start, b.end, b.label, {**b.attrs, "lang": own})
        for node in _block_nodes(b, text, main_lang):
            cursor.insert(node)
    if "sentence" in doc.layers:
        cursor = Cursor(root)
        for s in doc.layer("sentence"):
            attrs = {"xml:id": s.attrs["id"]} if "id" in s.attrs else {}
            node = Node("s", s.start, s.end, attrs, rank=_R_SENT)
            _insert_or_fail(cursor, node)
            inner = next((c for c in node.children if _block_level(c)), None) if node.children else None
            if inner is not None:
                raise EncodeError(
                    f"[A401] cannot nest the layers: <s> {node.start}-{node.end} holds <{inner.tag}> {inner.start}-{inner.end}; "
                    "sentence and block layers must nest"
                )
    _insert_inline(root, doc, furniture)
    _ensure_common_content(root)
    return root


# Elements of TEI's model.common (and div), one of which a body or div must contain.
_COMMON = frozenset({"p", "ab", "list", "cit", "quote", "floatingText", "lg", "table", "sp", "q", "div"})


# What may come before a division's common content (TEI's model.divTop, and model.global among it).
_DIV_TOP_OR_GLOBAL = frozenset(
    {"head", "opener", "argument", "byline", "dateline", "docAuthor", "docDate", "epigraph", "salute", "signed"}
    | {"figure", "note", "pb", "lb", "cb", "fw", "milestone", "anchor", "gap"}
)


def _ensure_common_content(root: Node) -> None:
    """A body or div holding only figures is not valid TEI (figure is model.global): wrap them,
    after any heads, in one anonymous block (``ab type="figures"``), which adds no text."""
    for node in list(root.iter()):
        if node.tag not in ("body", "div", "front") or any(c.tag in _COMMON or c.tag == "titlePage" for c in node.children):
            continue
        rest = [c for c in node.children if c.tag != "head"]
        if node.tag == "front" or not rest:
            continue
        if all(c.tag == "figure" for c in rest):
            insert(node, Node("ab", rest[0].start, rest[-1].end, {"type": "figures"}, rank=_R_CONTAINER - 1))
        else:
            # e.g. a heading and a closer only: an empty block adds no text. It goes where TEI wants
            # the common content: after what opens a division (heads, an opener, ...) and the
            # figures or page breaks among them, before what closes it (a closer, a trailer)
            k = 0
            while k < len(node.children) and node.children[k].tag in _DIV_TOP_OR_GLOBAL:
                k += 1
            at = node.children[k].start if k < len(node.children) else node.children[-1].end
            insert(node, Node("ab", at, at, rank=_R_CONTAINER - 1))


def _insert_or_fail(cursor: Cursor, node: Node) -> None:
    try:
        cursor.insert(node)
    except Conflict as exc:
        raise EncodeError(f"[A401] cannot nest the layers: {exc}; sentence and block layers must nest") from None


def _insert_fragments(cursor: Cursor, node: Node, text: str) -> list[Node]:
    """Insert ``node``; where it crosses an element it cannot nest in, as one piece per side of
    that element's edge (recursively); pieces of white space only are left out. The pieces inserted."""
    try:
        cursor.insert(node)
        return [node]
    except Conflict as exc:
        other = exc.other
    cuts = sorted({x for x in (other.start, other.end) if node.start < x < node.end})
    if not cuts:  # (a conflict always has a cut inside the node; kept as the old error, should it not)
        raise EncodeError(f"[A401] cannot nest the layers: <{node.tag}> crosses <{other.tag}>; sentence and block layers must nest")
    bounds = [node.start, *cuts, node.end]
    out: list[Node] = []
    for a, z in zip(bounds, bounds[1:]):
        if text[a:z].strip():
            out += _insert_fragments(cursor, Node(node.tag, a, z, dict(node.attrs), rank=node.rank), text)
    return out


def _block_level(n: Node) -> bool:
    """Elements a sentence or an emphasis may not wrap: blocks and what holds them, verse lines, list
    items (page furniture, note anchors, dates and names they may: phrase-level or milestones)."""
    return n.start < n.end and (n.rank < _R_BLOCK_INNER or n.tag in ("l", "item"))


def _insert_emphasis(cursor: Cursor, node: Node, text: str, edges: list[int], prefix: str) -> None:
    """Emphasis the source marks across elements it cannot hold or nest in (``**`` running over the
    end of a verse line, over a whole stanza) becomes one element per piece, cut where those
    elements start or end (``edges``: of the blocks, verse lines and items; an element it crosses
    cuts it too): TEI's answer to overlapping hierarchies. Pieces of
    white space only (between two lines) are left out. The pieces are chained with ``@prev``/``@next``
    (ids from their offsets, after ``prefix``, the id of the text they are in when it has one, as a
    translation has: unique and stable), which is how :func:`align.tei.extract.restore_source` puts
    one pair of markers around the whole."""
    if "\n" in text[node.start : node.end]:  # (block-level elements begin and end at line ends only)
        if not edges:  # where blocks, verse lines and items begin and end, once per tree
            edges += sorted({x for n in cursor.path[0].iter() if _block_level(n) for x in (n.start, n.end)})
        inside = edges[bisect_right(edges, node.start) : bisect_left(edges, node.end)]
        if inside:
            bounds = [node.start, *inside, node.end]
            pieces: list[Node] = []
            for a, z in zip(bounds, bounds[1:]):
                if text[a:z].strip():
                    pieces += _insert_fragments(cursor, Node(node.tag, a, z, dict(node.attrs), rank=node.rank), text)
            _chain(pieces, prefix)
            return
    _chain(_insert_fragments(cursor, node, text), prefix)


def _chain(pieces: list[Node], prefix: str) -> None:
    if len(pieces) < 2:
        return
    ids = [f"{prefix}{p.tag}.{str(p.attrs.get('rend', 'x'))[:1]}{p.start}" for p in pieces]
    for k, p in enumerate(pieces):
        p.attrs["xml:id"] = ids[k]
        if k:
            p.attrs["prev"] = f"#{ids[k - 1]}"
        if k + 1 < len(pieces):
            p.attrs["next"] = f"#{ids[k + 1]}"


def _group_nodes(g: Span) -> list[Node]:
    a = g.attrs
    if g.label in ("front", "body", "back"):
        return [Node(g.label, g.start, g.end, rank=_R_GROUP)]
    if g.label == "titlePage":
        return [Node("titlePage", g.start, g.end, rank=_R_DIV - 1)]
    if g.label == "docTitle":
        return [Node("docTitle", g.start, g.end, rank=_R_BLOCK - 5)]
    if g.label == "preface":
        return [Node("div", g.start, g.end, {"type": "preface"}, rank=_R_DIV)]
    if g.label == "div":
        attrs = {"type": a.get("type", "section")}
        if a.get("n"):
            attrs["n"] = str(a["n"])
        return [Node("div", g.start, g.end, attrs, rank=_R_DIV + int(a.get("level", 1)))]
    if g.label == "figure":
        return [Node("figure", g.start, g.end, rank=_R_CONTAINER + 2)]
    if g.label == "epigraph":
        return [Node("epigraph", g.start, g.end, rank=_R_CONTAINER)]
    if g.label == "cit":
        return [Node("cit", g.start, g.end, rank=_R_CONTAINER + 1)]
    if g.label == "poem":
        return [Node("lg", g.start, g.end, {"type": "poem"}, rank=_R_CONTAINER + 1)]
    if g.label in ("embedded", "letter"):
        attrs = {"type": "letter" if g.label == "letter" else "embedded"}
        if a.get("lang"):
            attrs["xml:lang"] = a["lang"]
        return [
            Node("floatingText", g.start, g.end, attrs, rank=_R_CONTAINER),
            Node("body", g.start, g.end, rank=_R_CONTAINER + 1),
        ]
    if g.label in ("closer", "opener"):
        return [Node(g.label, g.start, g.end, rank=_R_CONTAINER + 5)]
    return []


def _furniture_lang(text: str, b: Span, langs: LanguageMap) -> str | None:
    """The language of a running head or page number, from its own letters: structure gives a line
    cut out of a paragraph that paragraph's language, which a running head need not share (and a
    page number, without letters, has none)."""
    script = dominant_script(text, b.start, b.end)
    return langs.lang_of(script) if script else None


def _block_nodes(b: Span, text: str, main_lang: str) -> list[Node]:
    s, e = b.start, b.end
    kind = b.label
    differs = b.attrs.get("lang") not in (None, main_lang) and not b.attrs.get("embedded")
    lang = {"xml:lang": b.attrs["lang"]} if differs else {}
    furniture = _furniture_nodes(b, text)
    skip = [(x, y) for x, y, _ in b.attrs.get("furniture", ())]
    if kind in ("title", "subtitle"):
        return [Node("titlePart", s, e, {"type": "main" if kind == "title" else "sub", **lang}, rank=_R_BLOCK + 2)] + _line_breaks(text, s, e)
    if kind == "byline":
        return [Node("byline", s, e, lang, rank=_R_BLOCK)] + _line_breaks(text, s, e)
    if kind == "period":
        a, z = _trim(text, s, e)
        return [
            Node("head", s, e, {"type": "sub", **lang}, rank=_R_BLOCK),
            Node("date", a, z, {k: v for k in ("from", "to") if (v := b.attrs.get(k))}, rank=_R_BLOCK_INNER),
        ]
    if kind == "head-sub":
        return [Node("head", s, e, {"type": "sub", **lang}, rank=_R_BLOCK)] + _line_breaks(text, s, e)
    if kind == "fw":
        attrs = {"type": b.attrs["fw"]} if b.attrs.get("fw") else {}
        # a page number or running head shows a page break; a stray number alone does not
        pb = [Node("pb", s, s, rank=_R_BLOCK - 1)] if attrs and b.attrs.get("pb", True) else []
        return pb + [Node("fw", s, e, {**attrs, **lang}, rank=_R_BLOCK)] + _line_breaks(text, s, e)
    if kind == "note":
        attrs = {"place": "foot", "n": str(b.attrs.get("n", "")), "xml:id": str(b.attrs.get("id", "")), **lang}
        return [Node("note", s, e, {k: v for k, v in attrs.items() if v}, rank=_R_BLOCK)] + _line_breaks(text, s, e)
    if kind == "lg":
        nodes = [Node("lg", s, e, {"type": "stanza", **lang}, rank=_R_BLOCK)]
        if b.attrs.get("quote"):
            nodes.insert(0, Node("quote", s, e, rank=_R_BLOCK - 2))
        pos = s
        for line in text[s:e].split("\n"):
            a, z = _trim(text, pos, pos + len(line))
            if a < z:
                nodes.append(Node("l", a, z, rank=_R_BLOCK_INNER))
            pos += len(line) + 1
        return nodes
    if kind == "p" and b.attrs.get("quote"):
        return [Node("quote", s, e, lang, rank=_R_BLOCK - 2), Node("p", s, e, rank=_R_BLOCK)] + _line_breaks(text, s, e, skip) + furniture + _anchor_nodes(b)
    if kind == "attribution":
        nodes = [Node("bibl", s, e, lang, rank=_R_BLOCK)]
        if "," not in text[s:e] and not regex.match(r"\s*(?:—|―|–|--|-|~)", text[s:e]):
            nodes.append(Node("author", s, e, rank=_R_BLOCK_INNER))
        return nodes + _line_breaks(text, s, e)
    if kind in ("salute", "closing", "dateline", "signed", "closing-signed"):
        tag = {"closing": "salute", "closing-signed": "salute"}.get(kind, kind)
        nodes = [Node(tag, s, e, lang, rank=_R_BLOCK)]
        if kind == "closing-signed":  # a closing line and the signature under it, in one block
            nl = text.find("\n", s, e)
            a, z = _trim(text, s, nl)
            nodes = [Node("salute", a, z, lang, rank=_R_BLOCK), Node("signed", *_trim(text, nl, e), lang, rank=_R_BLOCK)]
            return nodes + _line_breaks(text, nl + 1, e)
        if kind == "dateline" and b.attrs.get("when"):
            nodes.append(Node("date", *_trim(text, s, e), {"when": b.attrs["when"]}, rank=_R_BLOCK_INNER))
        return nodes + _line_breaks(text, s, e)
    if kind == "figure-desc":
        # the picture's address stays in the text (a milestone at the figure's edge would fall outside it)
        return [Node("figDesc", s, e, lang, rank=_R_BLOCK)]  # figDesc holds no milestones (lb)
    if kind == "e-list":
        return _list_nodes(text, s, e, lang)
    if kind == "e-date":
        a, z = _trim(text, s, e)
        return [
            Node("dateline", s, e, lang, rank=_R_BLOCK),
            Node("date", a, z, {"when": b.attrs["when"]}, rank=_R_BLOCK_INNER),
        ]
    if kind == "e-signed":
        nodes = [Node("signed", s, e, lang, rank=_R_BLOCK)] + _line_breaks(text, s, e)
        last = text.rfind("\n", s, e)
        if last >= 0:
            a, z = _trim(text, last + 1, e)
            nodes.append(Node("persName", a, z, rank=_R_BLOCK_INNER))
            a2, z2 = _trim(text, s, last)
            if a2 < z2:
                nodes.append(Node("roleName", a2, z2, rank=_R_BLOCK_INNER))
        return nodes
    tag = _BLOCK_ELEMENTS.get(kind, "ab")
    attrs = dict(lang)
    if kind == "inscription":
        attrs["type"] = "inscription"
    return [Node(tag, s, e, attrs, rank=_R_BLOCK)] + _line_breaks(text, s, e, skip) + furniture + _anchor_nodes(b)


_LIST_MARK = regex.compile(r"^\s*(?:[-*•·‣◦▪]|\(?(?P<n>\d{1,3}|[a-z]|[ivx]{1,4}|[가-하])[.)]|(?P<c>[①-⑳]))\s+\S")


def _list_nodes(text: str, s: int, e: int, lang: dict[str, str]) -> list[Node]:
    """``list``/``item``: an item runs from its marker line to the next marker line (continuation
    lines indented under it); ``@n`` is the item's printed number, ``@type`` ordered or not;
    ``lang``, the list's ``xml:lang`` where it differs from the text's (a Korean list in English)."""
    lines, pos = [], s
    for line in text[s:e].split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    items: list[tuple[int, int, str | None]] = []  # start, end, printed number
    ordered = False
    for a, z in lines:
        m = _LIST_MARK.match(text[a:z])
        if m or not items:
            num = (m["n"] or m["c"]) if m else None
            items.append((a, z, num))
            ordered = ordered or num is not None
        elif text[a:z].strip():
            items[-1] = (items[-1][0], z, items[-1][2])
    nodes = [Node("list", s, e, {"type": "ordered" if ordered else "unordered", **lang}, rank=_R_BLOCK)]
    for a, z, num in items:
        a, z = _trim(text, a, z)
        if a < z:
            nodes.append(Node("item", a, z, {"n": num} if num else {}, rank=_R_BLOCK_INNER))
            nodes.extend(_line_breaks(text, a, z))
    return nodes


def _furniture_nodes(b: Span, text: str) -> list[Node]:
    """Page furniture inside a paragraph joined across a page break: ``pb`` and ``fw``."""
    out = []
    last = None
    for x, y, typ in b.attrs.get("furniture", ()):
        if typ and (last is None or text[last:x].strip()):  # one page break for a run of furniture
            out.append(Node("pb", x, x, rank=_R_INLINE + 8))
        last = y
        out.append(Node("fw", x, y, {"type": typ} if typ else {}, rank=_R_BLOCK_INNER))
    return out


def _anchor_nodes(b: Span) -> list[Node]:
    """Footnote anchors: ``ref`` to the note, over the printed marker."""
    return [Node("ref", x, y, {"target": f"#{nid}", "type": "noteAnchor"}, rank=_R_BLOCK_INNER) for x, y, nid in b.attrs.get("anchors", ())]


def _line_breaks(text: str, s: int, e: int, skip: Sequence[tuple[int, int]] = ()) -> list[Node]:
    """``<lb/>`` at the start of every non-blank source line after the first (not inside page
    furniture); ``break="no"`` where a word runs on over the line end (a hyphen before it, lower
    case after it)."""
    i = text.find("\n", s, e)
    if i < 0:
        return []  # one line (most blocks): no import, no scan
    from ..text.furniture import soft_break_at

    out = []
    prev_line = text[s:i]
    while i >= 0:
        nxt = text.find("\n", i + 1, e)
        line = text[i + 1 : nxt if nxt >= 0 else e]
        inside = any(x <= i + 1 < y or x == i + 1 for x, y in skip)
        if line.strip() and not inside:
            attrs = {"break": "no"} if soft_break_at(prev_line, line) else {}
            out.append(Node("lb", i + 1, i + 1, attrs, rank=_R_INLINE + 9))
        if line.strip() and not inside:
            prev_line = line
        i = nxt
    return out


def _insert_inline(root: Node, doc: Document, furniture: Mapping[tuple[int, int], str] | None = None) -> None:
    text = doc.text
    # (fw too: a running head in an English book may hold a Korean title)
    containers = {"p", "head", "ab", "item", "titlePart", "author", "persName", "roleName", "fw"}
    if "markup" in doc.layers:
        cursor = Cursor(root)
        edges: list[int] = []  # made when first needed (see _insert_emphasis)
        prefix = f"{root.attrs['xml:id']}." if root.attrs.get("xml:id") else ""
        for m in doc.layer("markup"):
            if m.label == "bold":
                node = Node("hi", m.start, m.end, {"rend": "bold"}, rank=_R_INLINE)
            else:
                # *italic* is hi by default; a book whose convention is "italic marks a title of a
                # work" says so (EncodeOptions.italic = "title")
                node = Node(doc.meta.get("italic", "hi"), m.start, m.end, {"rend": "italic"}, rank=_R_INLINE)
            _insert_emphasis(cursor, node, text, edges, prefix)
    # foreign-language runs inside blocks of another language (the ``foreign`` layer)
    cursor = Cursor(root)
    fw_spans = sorted(furniture.items()) if furniture else []
    fw_starts = [a for (a, _), _ in fw_spans]
    for f in doc.layers.get("foreign", ()):
        lang = f.attrs.get("lang") or f.label
        if fw_spans:  # a run in a running head's own language is no foreign run there
            k = bisect_right(fw_starts, f.start) - 1
            if k >= 0 and f.end <= fw_spans[k][0][1] and fw_spans[k][1] == lang:
                continue
        _try_insert(cursor, Node("foreign", f.start, f.end, {"xml:lang": lang}, rank=_R_INLINE + 2), containers)
    # layers mapped declaratively (align.tei.mapping): a scholar's own layers
    from .mapping import element_maps

    for emap in element_maps():
        cursor = Cursor(root)
        for sp in doc.layers.get(emap.layer, ()):
            a, z = _trim(text, sp.start, sp.end)
            if a < z:
                _try_insert(cursor, Node(emap.element, a, z, emap.attributes(sp), rank=_R_INLINE + 3), containers)
    # dates inside running text (the ``date`` layer), where no block-level date is already placed
    dates = doc.layers.get("date")
    if dates:
        starts = [d.start for d in dates]
        cursor = Cursor(root)
        for node in list(root.iter()):
            if node.tag in ("p", "head", "item") and not any(c.tag == "date" for c in node.children):
                for d in dates.spans[bisect_left(starts, node.start) : bisect_left(starts, node.end)]:
                    if d.end <= node.end:
                        _try_insert(cursor, Node("date", d.start, d.end, _date_attrs(d), rank=_R_INLINE + 4), containers)


def _date_attrs(d: Span) -> dict[str, str]:
    a = d.attrs
    attrs = {"when": a["when"]} if a.get("when") else {"from": a["from"], "to": a["to"]}
    if a.get("calendar"):
        attrs["calendar"] = f"#{a['calendar']}"
    return attrs


def _try_insert(cursor: Cursor, node: Node, containers: set[str]) -> bool:
    """Insert an optional inline element; skipped (never forced) when it would break nesting or land
    outside running text."""
    try:
        path = cursor.insert(node)
    except Conflict:
        return False
    if not any(a.tag in containers for a in reversed(path)):  # the nearest ancestors first: fewer tests
        parent = path[-1]
        i = next(k for k, c in enumerate(parent.children) if c is node)
        parent.children[i : i + 1] = node.children
        cursor.drop(node)
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Serialisation


def _qname(name: str) -> str:
    if name.startswith("xml:"):
        return f"{{{XML_NS}}}{name[4:]}"
    return name


def to_element(
    root: Node, text: str, omit: Sequence[tuple[int, int]] = (), parent: etree._Element | None = None
) -> etree._Element:
    """Turn a Node tree into TEI elements; characters inside ``omit`` ranges (markers) are dropped.

    Elements are created top-down in their final document (under ``parent`` when given): moving
    subtrees with ``xml:id`` attributes between lxml documents costs time quadratic in their number.
    """
    omit = sorted(omit)
    omit_ends = [y for _, y in omit]

    def sl(a: int, b: int) -> str:
        if a >= b:
            return ""
        if not omit:
            return text[a:b]
        parts, pos = [], a
        for i in range(bisect_right(omit_ends, a), len(omit)):  # ranges ending after a, in order
            x, y = omit[i]
            if x >= b:
                break
            parts.append(text[pos : max(pos, x)])
            pos = max(pos, y)
        parts.append(text[pos:b])
        return "".join(parts)

    tags: dict[str, str] = {}
    qnames: dict[str, str] = {}
    SubElement = etree.SubElement

    def build(node: Node, parent_el: etree._Element | None) -> etree._Element:
        # every element is new here, so its text and its children's tails start as None
        tag = tags.get(node.tag)
        if tag is None:
            tag = tags[node.tag] = f"{{{TEI_NS}}}{node.tag}"
        el = etree.Element(tag) if parent_el is None else SubElement(parent_el, tag)
        for k, v in node.attrs.items():
            q = qnames.get(k)
            if q is None:
                q = qnames[k] = _qname(k)
            el.set(q, v)
        pos = node.start
        last = None
        for child in node.children:
            s = sl(pos, child.start) if pos < child.start else ""
            if last is None:
                el.text = s
            else:
                last.tail = s
            last = build(child, el)
            pos = child.end
        s = sl(pos, node.end) if pos < node.end else ""
        if last is None:
            if s:
                el.text = s
        else:
            last.tail = s
        return el

    return build(root, parent)


def fragment(doc: Document, root: Node, parent: etree._Element | None = None) -> etree._Element:
    """``doc`` encoded under a root element of the caller's choice (e.g. a translation ``div``)."""
    nodes = document_nodes(doc, root)
    omit = marker_ranges(doc.layers["markup"]) if "markup" in doc.layers else []
    return to_element(nodes, doc.text, omit, parent)


def element(e: "E", parent: etree._Element | None = None) -> etree._Element:
    """A TEI element from plain data (:class:`align.tei.header.E`): how the header becomes XML."""
    tag = f"{{{TEI_NS}}}{e.tag}"
    el = etree.Element(tag) if parent is None else etree.SubElement(parent, tag)
    for k, v in e.attrs.items():
        el.set(_qname(k), v)
    last = None
    for c in e.children:
        if isinstance(c, str):
            if last is None:
                el.text = (el.text or "") + c
            else:
                last.tail = (last.tail or "") + c
        else:
            last = element(c, el)
    return el


def _tei_root(lang: str, header: "E") -> etree._Element:
    tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    tei.set(f"{{{XML_NS}}}lang", lang)
    tei.text = "\n"
    element(header, tei).tail = "\n"
    return tei


def _standoff(tei: etree._Element, groups: Sequence[etree._Element]) -> None:
    if groups:
        so = etree.SubElement(tei, f"{{{TEI_NS}}}standOff")
        so.text = "\n"
        for g in groups:
            g.tail = "\n"
            so.append(g)
        so.tail = "\n"


def _embedded_ids(doc: Document, prefix: str = "") -> dict[tuple[int, int], str]:
    """``(start, end)`` of each embedded text -> its ``xml:id`` (``emb1``, ``emb2``, ... after the
    enclosing text's ``prefix``, as numbered by :func:`document_nodes`)."""
    # (letters are floatingTexts too, numbered in the same count: before, a letter ahead of an
    # embedded text shifted the numbers, and a translation's links named the letter)
    spans = [g for g in doc.layers.get("group", ()) if g.label in ("embedded", "letter")]
    return {(g.start, g.end): f"{prefix}emb{i}" for i, g in enumerate(spans, 1)}


def _translation_sources(translations: Sequence[Pair]) -> list[dict]:
    out = []
    for k, pair in enumerate(translations, 1):
        m = pair.meta
        tr_id = m.get("id") or _default_tr_id(k)
        out.append(
            {
                "id": f"{tr_id}.resp",
                "title": m.get("title", "Translation"),
                "responsibility": [{"resp": "translated by", "name": m.get("translator", "the editors")}],
                "note": m.get("note"),
            }
        )
    return out


def _default_tr_id(k: int) -> str:
    return "tr" if k == 1 else f"tr{k}"


def to_tei(
    doc: Document,
    *,
    metadata: Mapping[str, Any] | None = None,
    translations: Sequence[Pair] = (),
    header: "E | None" = None,
) -> etree._Element:
    """The TEI element for an annotated ``doc``: header, text, and each translation (a :class:`Pair`
    whose ``src`` is ``doc``) as an editorial ``div`` in ``back`` with its alignment links in
    ``standOff``. The header lists every component that made ``doc`` and the translations, and the
    aligners; each ``linkGrp/@resp`` points at its aligner's entry."""
    from .header import applications, header_tree

    signatures = list(doc.signatures)
    for pair in translations:
        signatures.extend(pair.tgt.signatures)
    aligners = [p.alignment.signature for p in translations]
    if header is None:
        header = header_tree(
            doc,
            metadata=metadata,
            signatures=signatures,
            aligners=aligners,
            extra_sources=_translation_sources(translations),
        )
    app_ids = {a.signature: a.xml_id for a in applications(signatures, aligners)}
    tei = _tei_root(doc.meta.get("lang", "und"), header)
    whole = [p for p in translations if p.src_scope is None or p.src_scope == (0, len(doc.text))]
    root_attrs = {"xml:id": doc.id} if whole else {}
    text_el = fragment(doc, Node("text", 0, len(doc.text), root_attrs, rank=0), tei)
    text_el.tail = "\n"
    _ensure_body(text_el)
    emb_ids = _embedded_ids(doc, f"{doc.id}." if whole else "")
    groups: list[etree._Element] = []
    for k, pair in enumerate(translations, 1):
        tr = pair.tgt
        tr_id = pair.meta.get("id") or _default_tr_id(k)
        scope = pair.src_scope
        src_text_id = doc.id if scope is None or scope == (0, len(doc.text)) else emb_ids.get(scope)
        if src_text_id is None:
            raise EncodeError(f"[A405] translation {tr_id!r} is aligned with {scope}, which is neither the whole text nor an embedded text")
        grp = link_group(
            pair.alignment,
            [s.attrs["id"] for s in pair.sentences("src")],
            [s.attrs["id"] for s in pair.sentences("tgt")],
            src_text_id=src_text_id,
            tgt_text_id=tr_id,
            resp=app_ids.get(pair.alignment.signature),
            corresp=f"#{src_text_id} #{tr_id}",
        )
        groups.append(grp)
        attrs = {"type": "translation", "xml:id": tr_id, "xml:lang": tr.meta.get("lang", "und"), "corresp": f"#{src_text_id}", "resp": f"#{tr_id}.resp"}
        back = text_el.find(f"{{{TEI_NS}}}back")
        if back is None:  # no white space of its own: every character outside @resp is source text
            back = etree.SubElement(text_el, f"{{{TEI_NS}}}back")
        div = fragment(tr, Node("div", 0, len(tr.text), attrs, rank=0), back)
        div.text = "\n" + (div.text or "")
        mention = pair.meta.get("mention")
        if mention:
            ref = etree.Element(f"{{{TEI_NS}}}linkGrp", type="reference")
            link = etree.SubElement(ref, f"{{{TEI_NS}}}link", type="mention", target=f"#{mention} #{src_text_id}")
            ref.text, link.tail = "\n", "\n"
            groups.append(ref)
    _standoff(tei, groups)
    declare_languages(tei)
    return tei


def pair_to_tei(pair: Pair) -> etree._Element:
    """Two aligned texts as one TEI file: each side a ``text`` (with ``xml:id`` ``src``/``tgt`` and its
    language) in a ``group``, encoded from its layers like any document (paragraphs, structure,
    sentences), and the alignment in ``standOff``. A side without a ``block`` layer (sentences given
    one per line, or read from TEI) is written as its sentences in one block."""
    from .header import applications, header_tree, percent_shares

    src, tgt, alignment = pair.src, pair.tgt, pair.alignment
    if src.meta.get("lang") == tgt.meta.get("lang") and src.meta.get("lang") is not None:
        raise EncodeError(f"[A402] both sides are in {src.meta['lang']!r}; an alignment joins two languages")
    src_ids = _sentence_ids(pair.sentences("src"), "src", set())
    tgt_ids = _sentence_ids(pair.sentences("tgt"), "tgt", set(src_ids))
    # never a local path in an archive file: the file's name at most
    names = [_file_name(d.meta["source"]) if d.meta.get("source") else d.id for d in (src, tgt)]
    metadata = {
        "edition": {"title": f"Sentence alignment of {names[0]} ({src.meta.get('lang')}) and {names[1]} ({tgt.meta.get('lang')})"},
        "source": {"title": names[0]},
    }
    signatures = list(src.signatures) + list(tgt.signatures)
    header = header_tree(
        src,
        metadata=metadata,
        signatures=signatures,
        aligners=[alignment.signature],
        extra_sources=[{"id": "source.tgt", "title": names[1]}],
        shares=percent_shares(_letter_counts(src, tgt)),
        segmentation="Sentences as given in the inputs (or split by align's rule-based splitter); "
        "alignment by align, whose settings are the signature in appInfo.",
        # the values are our title and the sides' file names, not text of either side: the default
        # table, not the source side's (whose Latin may be German)
        languages={},
    )
    resp = {a.signature: a.xml_id for a in applications(signatures, [alignment.signature])}.get(alignment.signature)
    tei = _tei_root(src.meta.get("lang", "und"), header)
    outer = etree.SubElement(tei, f"{{{TEI_NS}}}text")
    outer.tail = "\n"
    group = etree.SubElement(outer, f"{{{TEI_NS}}}group")
    group.text = "\n"
    for doc, side, ids, scope in ((src, "src", src_ids, pair.src_scope), (tgt, "tgt", tgt_ids, pair.tgt_scope)):
        _side_element(doc, side, ids, scope, group).tail = "\n"
    grp = link_group(alignment, src_ids, tgt_ids, src_text_id="src", tgt_text_id="tgt", resp=resp, corresp="#src #tgt")
    _standoff(tei, [grp])
    declare_languages(tei)
    return tei


def _file_name(path: str) -> str:
    from pathlib import PurePath

    return PurePath(path).name or path


def _sentence_ids(sents: Sequence[Span], side: str, taken: set[str]) -> list[str]:
    """The sentences' own ids when they have them and are unique; else ``{side}.s{n}``."""
    ids = [s.attrs.get("id") for s in sents]
    if all(ids) and len(set(ids)) == len(ids) and not (set(ids) & taken):
        return ids  # type: ignore[return-value]
    return [f"{side}.s{n}" for n in range(1, len(ids) + 1)]


def _letter_counts(*docs: Document) -> dict[str, int]:
    counts: dict[str, int] = {}
    for d in docs:
        lang = d.meta.get("lang", "und")
        counts[lang] = counts.get(lang, 0) + (len(regex.findall(r"\p{L}", d.text)) or 1)
    return counts


def _side_element(doc: Document, side: str, ids: list[str], scope: tuple[int, int] | None, parent: etree._Element) -> etree._Element:
    lang = doc.meta.get("lang", "und")
    attrs = {"xml:id": side, "xml:lang": lang}
    layer = doc.layers.get("sentence")
    sents = layer.spans if layer is not None else ()
    in_scope = set(layer.within(*scope)) if layer is not None and scope is not None else None
    if "block" in doc.layers and "group" in doc.layers:
        # the side encoded as any document, its sentences renamed to the ids the links use
        renamed, k = [], 0
        for s in sents:
            if in_scope is None or s in in_scope:
                s = Span(s.start, s.end, s.label, {**s.attrs, "id": ids[k]})
                k += 1
            renamed.append(s)
        doc = doc.with_layer(Layer("sentence", tuple(renamed), layer.producer if layer else ""), replace_existing=True)
        el = fragment(doc, Node("text", 0, len(doc.text), attrs, rank=0), parent)
        _ensure_body(el)
        return el
    root = Node("text", 0, len(doc.text), attrs, rank=0)
    insert(root, Node("body", 0, len(doc.text), rank=1))
    if len(sents):
        insert(root, Node("ab", sents[0].start, sents[-1].end, {"type": "sentences"}, rank=2))
    for s, sid in zip(sents, ids):
        insert(root, Node("s", s.start, s.end, {"xml:id": sid}, rank=3))
    el = to_element(root, doc.text, parent=parent)
    body = el[0]
    if not len(body):  # an empty side still needs a block to be valid TEI
        etree.SubElement(body, f"{{{TEI_NS}}}ab")
    return el


def _ensure_body(text_el: etree._Element) -> None:
    """TEI needs a body; a text that is all title page or colophon gets an empty one (no text added)."""
    if text_el.find(f"{{{TEI_NS}}}body") is not None:
        return
    body = etree.Element(f"{{{TEI_NS}}}body")
    etree.SubElement(body, f"{{{TEI_NS}}}ab")
    front = text_el.find(f"{{{TEI_NS}}}front")
    text_el.insert(0 if front is None else text_el.index(front) + 1, body)
    if front is not None:  # keep the white space after front where it was
        body.tail, front.tail = front.tail, None


def declare_languages(tei: etree._Element) -> None:
    """Every ``xml:lang`` used must be declared in ``langUsage``: add the missing ones with usage 0."""
    used = sorted({v for v in tei.xpath("//@xml:lang")})
    header = tei.find(f"{{{TEI_NS}}}teiHeader")
    profile = header.find(f"{{{TEI_NS}}}profileDesc")
    if profile is None:
        profile = etree.SubElement(header, f"{{{TEI_NS}}}profileDesc")
    lu = profile.find(f"{{{TEI_NS}}}langUsage")
    declared = {l.get("ident") for l in lu} if lu is not None else set()
    missing = [lang for lang in used if lang not in declared]
    if not missing:
        return
    if lu is None:
        lu = etree.SubElement(profile, f"{{{TEI_NS}}}langUsage")
    from .header import LANGUAGE_NAMES

    for lang in missing:
        el = etree.SubElement(lu, f"{{{TEI_NS}}}language", ident=lang, usage="0")
        el.text = LANGUAGE_NAMES.get(lang.split("-")[0], "undetermined" if lang == "und" else lang)


def link_group(
    alignment: Alignment,
    src_ids: Sequence[str],
    tgt_ids: Sequence[str],
    *,
    src_text_id: str,
    tgt_text_id: str,
    type: str = "alignment",
    resp: str | None = None,
    corresp: str | None = None,
) -> etree._Element:
    """``<linkGrp type="alignment">``: one ``<link>`` per bead, pointing at sentence ids.

    ``resp`` is the ``xml:id`` of the aligner's ``appInfo/application`` entry. A null bead
    (``1-0``/``0-1``) is kept, with ``subtype="null"``. TEI requires two targets on a ``link``, so
    its second target is the other text as a whole: "this sentence has no counterpart in that text".
    """
    grp = etree.Element(f"{{{TEI_NS}}}linkGrp")
    grp.set("type", type)
    if resp:
        grp.set("resp", f"#{resp}")
    if corresp:
        grp.set("corresp", corresp)
    grp.text = "\n"
    for bead in alignment.beads:
        link = etree.SubElement(grp, f"{{{TEI_NS}}}link")
        link.set("type", bead.kind)
        # an empty side is stood for by its whole text: a link needs two targets, source side first
        src_part = [f"#{src_ids[i]}" for i in bead.src] or [f"#{src_text_id}"]
        tgt_part = [f"#{tgt_ids[j]}" for j in bead.tgt] or [f"#{tgt_text_id}"]
        targets = src_part + tgt_part
        if bead.is_null:
            link.set("subtype", "null")
        link.set("target", " ".join(targets))
        link.tail = "\n"
    return grp


def serialize(tei: etree._Element) -> bytes:
    """Deterministic bytes: UTF-8, XML declaration, no pretty-printing (white space is content)."""
    return etree.tostring(tei, xml_declaration=True, encoding="UTF-8") + b"\n"

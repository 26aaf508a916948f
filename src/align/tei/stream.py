"""Streaming TEI: encode a large document chunk by chunk, with the same bytes as the in-memory path.

Why: :func:`align.pipeline.encode_document` holds at once every layer's spans, a Node tree over the
whole text, the lxml tree and the serialised bytes, about fifty times the input. Here only the text
and its ``markup``, ``block`` and ``group`` layers live for the whole run; the script and sentence
layers, the Node tree and the elements exist for one chunk at a time, and the ``<text>`` element is
written to a spool (memory, then disk) as each chunk is done. The ``teiHeader`` needs facts about the
whole document (language shares, every language used), so it is written last, in front of the spool.

Why the bytes are the same:

- A chunk is a run of whole blocks. Every layer below the block (scripts, sentences, emphasis,
  foreign runs, dates) lies inside one block, so computed for a chunk it is what it is for the whole.
  Sentence ids are renumbered to continue the count of the chunks before.
- Groups (body, divisions, embedded texts, figures) may cross a cut. Each chunk's Node tree holds the
  groups crossing it with their full extent, built by :func:`align.tei.encode.document_nodes` itself,
  and only the part of the serialisation inside the chunk is written: a crossing element's start tag
  in the chunk where it starts, its end tag where it ends. Elements wholly inside the chunk and the
  text between them are serialised by lxml under a stand-in root that declares the TEI namespace as
  the real root does, so escaping and namespaces come out as in one ``tostring``.
- The one decision about a whole container, an empty ``ab`` for a body or div without common content
  (see ``document_nodes``), is kept exact by where cuts go: a chunk ends only where every body and
  div it leaves open already has such content. A long run of figures alone makes a longer chunk.

``lxml.etree.xmlfile`` is not used for the body: it writes ``xml:lang`` as ``ns0:lang`` (not
well-formed) unless the root's nsmap names ``xml``, and then it adds an ``xmlns:xml`` declaration
and an ``xmlns`` on every element written, so its bytes differ from ``tostring``'s.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import IO, Any, Iterator, Mapping, Sequence

import regex
from lxml import etree

from ..components import Pipeline
from ..errors import EncodeError
from ..model import Document, FrozenMap, Layer, Span
from ..text.markup import marker_ranges
from ..text.scripts import _COUNT_WINDOW, ascii_and_matched_letters
from .encode import _R_CONTAINER, TEI_NS, XML_NS, _COMMON, _group_nodes, declare_languages, document_nodes, to_element
from .header import build_header, percent_shares
from .tree import Node, insert

__all__ = ["DEFAULT_CHUNK_CHARS", "iter_tei", "encode_stream", "encode_document_streamed"]

#: Characters of text per chunk (whole blocks, so a chunk may be longer). About 1 MB of text keeps
#: the per-chunk trees small while the per-chunk overhead stays negligible.
DEFAULT_CHUNK_CHARS = 1_000_000

#: Components that need the whole document (emphasis is filtered against blocks; structure looks at
#: neighbours, the start and the end); every other component runs chunk by chunk.
WHOLE_DOCUMENT_COMPONENTS = frozenset({"markup", "structure"})

_T = f"{{{TEI_NS}}}"
_SENTINEL = "\ue000"  # marks a split point in bytes lxml wrote; only the last occurrence is used
_NON_ASCII_LETTERS = regex.compile(r"[^\x00-\x7f\P{L}]+")


def _letters(text: str, a: int, b: int, window: int = _COUNT_WINDOW) -> int:
    """Letters (``\\p{L}``) in ``text[a:b]``, a window at a time (a run as long as a 100 MB line is
    not copied whole)."""
    return ascii_and_matched_letters(text, a, b, _NON_ASCII_LETTERS, window)


_SPOOL_BYTES = 8 * 2**20  # the text element stays in memory up to this size, then goes to disk


def _holder() -> etree._Element:
    """A stand-in root declaring the TEI namespace exactly as the real ``TEI`` root does."""
    return etree.Element(f"{_T}TEI", nsmap={None: TEI_NS})


def _split_last(data: bytes) -> tuple[bytes, bytes]:
    head, sep, tail = data.rpartition(_SENTINEL.encode("utf-8"))
    if not sep:  # pragma: no cover - lxml always writes the sentinel character as is in UTF-8
        raise EncodeError("[A420] internal: the serialiser dropped a split mark; report this bug")
    return head, tail


_HOLDER_OPEN, _HOLDER_CLOSE = b"", b""


def _holder_tags() -> tuple[bytes, bytes]:
    global _HOLDER_OPEN, _HOLDER_CLOSE
    if not _HOLDER_OPEN:
        h = _holder()
        h.text = _SENTINEL
        _HOLDER_OPEN, _HOLDER_CLOSE = _split_last(etree.tostring(h, encoding="UTF-8"))
    return _HOLDER_OPEN, _HOLDER_CLOSE


def _inner(el: etree._Element) -> bytes:
    """The serialisation of ``el``'s content (text and children), as inside the real document."""
    data = etree.tostring(el, encoding="UTF-8")
    open_, close = _holder_tags()
    if not data.startswith(open_) or not data.endswith(close):  # an empty holder: <TEI .../>
        return b""
    return data[len(open_) : len(data) - len(close)]


def _tags(tag: str, attrs: Mapping[str, str]) -> tuple[bytes, bytes]:
    """Start and end tag of an element with content, as lxml writes them inside the document."""
    h = _holder()
    el = etree.SubElement(h, f"{_T}{tag}")
    for k, v in attrs.items():
        el.set(f"{{{XML_NS}}}{k[4:]}" if k.startswith("xml:") else k, v)
    el.text = _SENTINEL
    return _split_last(_inner(h))


@dataclass
class _State:
    """What carries from one chunk to the next."""

    counts: dict[str, int] = field(default_factory=dict)  # letters per language, for langUsage
    langs: set[str] = field(default_factory=set)  # every xml:lang written in the text element
    sentence_numbers: dict[str, int] = field(default_factory=dict)  # sentences so far per id key
    body_written: bool = False
    juche: bool = False  # a Juche-era date anywhere (the header then declares the calendar)


#: The streaming encoder writes no text node longer than this many characters (the in-memory
#: path, for texts under STREAM_FROM_CHARS or with translations, does not cut): libxml2 (lxml,
#: ``align validate``, most XML tools) refuses a text node over 10 MB unless told to accept huge documents, and a character takes
#: up to 4 bytes. A longer run of text (an 11 MB line without a sentence end) is cut by empty
#: ``<anchor/>`` elements, which add nothing to the text: the source is read back unchanged.
MAX_TEXT_NODE_CHARS = 1_000_000


def _break_long_text(root: Node, text: str, s: int, e: int) -> None:
    """Put an empty ``anchor`` into every stretch of text in ``[s, e)`` longer than
    :data:`MAX_TEXT_NODE_CHARS` that lies directly in one element, after a space where one is near,
    so no text node is longer."""
    limit = MAX_TEXT_NODE_CHARS
    # a stretch lies inside its node, and a node inside its parent: only nodes whose part in
    # [s, e) is longer than the limit, and their ancestors, can hold one (a few per chunk)
    long_nodes = []
    stack = [root]
    while stack:
        node = stack.pop()
        if min(node.end, e) - max(node.start, s) > limit:
            long_nodes.append(node)
            stack.extend(node.children)
    for node in long_nodes:
        gaps = []
        pos = max(node.start, s)
        for c in node.children:
            if c.start - pos > limit:
                gaps.append((pos, c.start))
            pos = max(pos, c.end)
        if min(node.end, e) - pos > limit:
            gaps.append((pos, min(node.end, e)))
        for a, b in gaps:
            if not text[a:b].strip():
                continue  # white space between elements is no text node of a paragraph
            cut = a
            while b - cut > limit:
                p = cut + limit
                space = max(text.rfind(" ", p - 1024, p), text.rfind("\n", p - 1024, p))
                p = space + 1 if space > cut else p
                insert(node, Node("anchor", p, p))
                cut = p


def _common(node: Node) -> bool:
    """Common content as document_nodes counts it, not counting the block it adds itself when there
    is none (an ``ab`` ranked just outside blocks)."""
    if node.tag == "ab" and node.rank == _R_CONTAINER - 1:
        return False
    return node.tag in _COMMON or node.tag == "titlePage"


def _renumber(layer: Layer, numbers: dict[str, int]) -> Layer:
    """Sentence ids ``{key}.s{n}`` numbered per chunk, continued from the chunks before."""
    spans = []
    seen: dict[str, int] = {}
    for sp in layer.spans:
        sid = sp.attrs.get("id")
        if sid is None:
            spans.append(sp)
            continue
        key, sep, num = sid.rpartition(".s")
        if not sep or not num.isdigit():
            raise EncodeError(f"[A421] sentence id {sid!r} is not of the form KEY.sN; the streaming path cannot renumber it")
        n = int(num) + numbers.get(key, 0)
        seen[key] = max(seen.get(key, 0), n)
        # the old attrs are frozen already and the new id is a string: no need to freeze a copy
        spans.append(Span(sp.start, sp.end, sp.label, FrozenMap._own({**sp.attrs, "id": f"{key}.s{n}"})))
    numbers.update(seen)
    return Layer(layer.name, tuple(spans), producer=layer.producer, meta=layer.meta)


def _numbered_sentences(comp: Any, chunk: Document, numbers: dict[str, int]) -> Document:
    """The built-in sentence component run on ``chunk`` with its ids numbered on from ``numbers``
    (updated): the result of ``comp(chunk)`` renumbered by :func:`_renumber`, without a second pass
    over the spans. Its ids are ``{prefix}{lang}.s{n}``, which is what ``_renumber`` splits them into."""
    from ..pipeline import sentence_layer_for_blocks

    if "block" not in chunk.layers:
        return comp(chunk)  # the component's own error
    cfg = comp.config
    layer = sentence_layer_for_blocks(
        chunk, splitter=cfg.get("splitter", "rules"), prefix=cfg.get("prefix") or "", blocks=cfg.get("blocks") or "prose", numbers=numbers
    )
    return chunk.with_layer(layer).signed(comp.signature)


class _Encoder:
    def __init__(self, doc: Document, per_chunk: Sequence, chunk_chars: int):
        self.doc = doc
        self.text = doc.text
        self.per_chunk = list(per_chunk)
        self.chunk_chars = max(1, chunk_chars)
        self.blocks = doc.layers.get("block") or Layer("block", ())
        self.groups = doc.layer("group")
        self.block_starts = [b.start for b in self.blocks]
        self.group_starts = [g.start for g in self.groups]
        self.layer_starts = {name: [sp.start for sp in layer] for name, layer in doc.layers.items()}
        self.omit = marker_ranges(doc.layers["markup"]) if "markup" in doc.layers else []
        self.omit_starts = [a for a, _ in self.omit]
        # floatingText ids count embedded texts over the whole document, in group order
        self.embedded_ids: dict[tuple[int, int], str] = {}
        n = 0
        for g in self.groups:
            for node in _group_nodes(g):
                if node.tag == "floatingText":
                    n += 1
                    self.embedded_ids[(node.start, node.end)] = f"emb{n}"
        top = [g for g in self.groups if g.label in ("front", "body", "back")]
        self.has_body = any(g.label == "body" for g in top)
        front = next((g for g in top if g.label == "front"), None)
        self.front_end = front.end if front is not None else None
        self.first_top = min((g.start for g in top), default=None)
        self.state = _State()
        from ..pipeline import SENTENCES

        self.sentences_func = SENTENCES.func

    # -- chunks -------------------------------------------------------------------------------

    def chunks(self) -> Iterator[tuple[int, int, Node, Document]]:
        """``(start, end, tree, chunk document)`` for each chunk, in order; cuts fall at block starts."""
        n, text_len = len(self.blocks), len(self.text)
        i, s = 0, 0
        open_groups: list[int] = []  # indices of groups starting before s and ending after it
        while i < n or s == 0:
            j = i
            while True:
                j = self._next_cut(j) if n else 0
                e = self.blocks[j].start if j < n else text_len
                numbers = dict(self.state.sentence_numbers)
                crossing = self._crossing(open_groups, s, e)
                chunk = self._chunk_doc(s, e, numbers)
                tree = self._tree(s, e, crossing, chunk)
                if j >= n or self._may_cut(tree, s, e):
                    break
            self.state.sentence_numbers = numbers
            yield s, e, tree, chunk
            open_groups = [k for k in crossing if self.groups[k].end > e]
            s, i = e, j
            if e >= text_len:
                break

    def _crossing(self, open_groups: list[int], s: int, e: int) -> list[int]:
        """Groups overlapping ``[s, e)`` without lying inside it, in layer order."""
        lo = bisect_left(self.group_starts, s)
        hi = bisect_left(self.group_starts, e)
        starting = [k for k in range(lo, hi) if self.groups[k].end > e]
        return [k for k in open_groups if self.groups[k].end > s] + starting

    def _next_cut(self, j: int) -> int:
        """Index of the block after the run from block ``j`` that holds ``chunk_chars`` characters."""
        n = len(self.blocks)
        target = self.blocks[j].start + self.chunk_chars if j < n else 0
        k = bisect_left(self.block_starts, target, lo=j + 1)
        return min(max(k, j + 1), n)

    def _may_cut(self, root: Node, s: int, e: int) -> bool:
        """A cut at ``e`` is exact when every body or div left open already has common content."""
        stack = [root]
        while stack:
            node = stack.pop()
            for c in node.children:
                if c.start < e < c.end:
                    if c.tag in ("body", "div") and c.start >= s and not any(_common(k) for k in c.children):
                        return False
                    stack.append(c)
        return True

    def _within(self, name: str, layer: Layer, s: int, e: int) -> tuple[Span, ...]:
        """Spans of ``layer`` inside ``[s, e)``; an empty span at a cut belongs to the chunk after it."""
        starts = self.layer_starts[name]
        lo = bisect_left(starts, s)
        hi = bisect_right(starts, e) if e >= len(self.text) else bisect_left(starts, e)
        return tuple(sp for sp in layer.spans[lo:hi] if sp.end <= e)

    def _chunk_doc(self, s: int, e: int, numbers: dict[str, int]) -> Document:
        """The document restricted to ``[s, e)`` (same text, the spans inside), with the per-chunk
        components run on it; sentence ids continue from ``numbers``, which is updated."""
        layers = {
            name: Layer(name, self._within(name, layer, s, e), producer=layer.producer, meta=layer.meta)
            for name, layer in self.doc.layers.items()
        }
        chunk = Document(self.text, id=self.doc.id, layers=layers, provenance=self.doc.provenance, meta=self.doc.meta)
        for comp in self.per_chunk:
            had_sentences = "sentence" in chunk.layers
            if comp.func is self.sentences_func and not had_sentences and set(comp.config) <= {"splitter", "prefix", "blocks"}:
                chunk = _numbered_sentences(comp, chunk, numbers)  # what comp(chunk) and _renumber give
                continue
            chunk = comp(chunk)
            if "sentence" in chunk.layers and not had_sentences:
                layers = dict(chunk.layers)
                layers["sentence"] = _renumber(chunk.layers["sentence"], numbers)
                chunk = Document(chunk.text, id=chunk.id, layers=layers, provenance=chunk.provenance, meta=chunk.meta)
        return chunk

    def _tree(self, s: int, e: int, crossing: list[int], chunk: Document) -> Node:
        """The Node tree of ``[s, e)``, with the groups crossing it in their full extent."""
        root = Node("text", 0, len(self.text), rank=0)
        for k in crossing:
            for node in _group_nodes(self.groups[k]):
                if node.tag == "floatingText":
                    node.attrs["xml:id"] = self.embedded_ids[(node.start, node.end)]
                insert(root, node)
                if node.tag in ("body", "div") and node.start < s:
                    # it had common content before the cut (see _may_cut): a stand-in child keeps
                    # document_nodes from giving it an anonymous block again; it lies before s, so
                    # it is never written
                    node.children.insert(0, Node("p", node.start, node.start))
        document_nodes(chunk, root)
        _break_long_text(root, self.text, s, e)
        for node in root.iter() if self.embedded_ids else ():  # no embedded text: nothing to number
            if node.tag == "floatingText" and s <= node.start and node.end <= e:
                node.attrs["xml:id"] = self.embedded_ids[(node.start, node.end)]
        return root

    # -- writing --------------------------------------------------------------------------------

    def header_blocks(self) -> Layer:
        return self.blocks

    def write_text(self, out: IO[bytes]) -> None:
        """The ``<text>`` element, chunk by chunk."""
        for s, e, tree, chunk in self.chunks():
            self._facts(tree, chunk)
            if not self.state.juche:  # as the header reads it: from the date layer
                self.state.juche = any(d.attrs.get("calendar") == "juche" for d in chunk.layers.get("date", ()))
            self._emit(tree, s, e, out, is_root=True)

    def _facts(self, tree: Node, chunk: Document) -> None:
        st = self.state
        for node in tree.iter():
            lang = node.attrs.get("xml:lang")
            if lang:
                st.langs.add(lang)
        script = chunk.layers.get("script")
        if script is not None:  # as align.tei.header.language_shares counts them
            for r in script:
                lang = r.attrs.get("lang")
                if lang:
                    k = _letters(self.text, r.start, r.end)
                    if k:
                        st.counts[lang] = st.counts.get(lang, 0) + k

    def _segment(self, a: int, b: int, children: list[Node]) -> bytes:
        """Text ``[a, b)`` with the elements wholly inside it, serialised as in the document."""
        if a >= b and not children:
            return b""
        lo = max(0, bisect_left(self.omit_starts, a) - 1)
        hi = bisect_right(self.omit_starts, b)
        h = _holder()
        to_element(Node("TEI", a, b, children=children), self.text, self.omit[lo:hi], h)
        data = _inner(h)  # <TEI>content</TEI>, or <TEI/> when there is none
        if data.startswith(b"<TEI>") and data.endswith(b"</TEI>"):
            return data[5:-6]
        return b""

    def _empty_body(self) -> bytes:
        h = _holder()
        body = etree.SubElement(h, f"{_T}body")
        etree.SubElement(body, f"{_T}ab")
        return _inner(h)

    def _emit(self, node: Node, s: int, e: int, out: IO[bytes], is_root: bool = False) -> None:
        """Write the part of ``node`` (the root or a node crossing a cut) inside ``[s, e)``."""
        if node.start >= s:
            out.write(_tags(node.tag, node.attrs)[0])
        seg_start = max(node.start, s)
        pending: list[Node] = []

        def flush(upto: int) -> None:
            out.write(self._segment(seg_start, upto, pending))
            pending.clear()

        for c in node.children:
            if c.empty:
                if c.start < s:
                    continue
                if c.start >= e:
                    break
            else:
                if c.end <= s:
                    continue
                if c.start >= e:
                    break
            if is_root and not self.has_body and not self.state.body_written and self.front_end is None and c.start == self.first_top:
                flush(c.start)
                seg_start = c.start
                out.write(self._empty_body())
                self.state.body_written = True
            inside = (s <= c.start < e) if c.empty else (s <= c.start and c.end <= e)
            if inside:
                pending.append(c)
                if is_root and c.tag == "front" and not self.has_body:
                    flush(c.end)
                    seg_start = c.end
                    out.write(self._empty_body())
                    self.state.body_written = True
                continue
            flush(c.start if c.start > seg_start else seg_start)
            self._emit(c, s, e, out)
            seg_start = min(c.end, e)
            if is_root and c.tag == "front" and not self.has_body and c.end <= e:
                out.write(self._empty_body())
                self.state.body_written = True
        end = min(node.end, e)
        flush(max(end, seg_start))
        if node.end <= e:
            if is_root and not self.has_body and not self.state.body_written:
                out.write(self._empty_body())
                self.state.body_written = True
            out.write(_tags(node.tag, node.attrs)[1])


class _WindowEncoder(_Encoder):
    """The encoder over structure windows (:mod:`align.text.windowed`): the block layer is never
    whole (``doc`` holds an empty one); blocks are read back from disk window by window and cut into
    chunks as :meth:`_Encoder.chunks` cuts them (``chunk_chars`` of text, whole blocks, longer where
    a cut would leave a body or division without content of its own)."""

    def __init__(self, doc: Document, per_chunk: Sequence, windows: Iterator[tuple[Span, ...]], chunk_chars: int):
        super().__init__(doc, per_chunk, chunk_chars)
        self.stream = (b for window in windows for b in window)
        self.ahead: Span | None = next(self.stream, None)
        self.chunk_blocks: tuple[Span, ...] = ()
        self.kept: list[Span] = []  # what the header reads: the first title block, colophon blocks

    def _take(self, blocks: list[Span]) -> None:
        """Add to ``blocks`` the next run of blocks holding ``chunk_chars`` characters (at least one)."""
        first = self.ahead
        if first is None:
            return
        target = first.start + self.chunk_chars
        while self.ahead is not None and (self.ahead is first or self.ahead.start < target):
            blocks.append(self.ahead)
            self.ahead = next(self.stream, None)

    def chunks(self) -> Iterator[tuple[int, int, Node, Document]]:
        text_len = len(self.text)
        s = 0
        open_groups: list[int] = []
        while True:
            blocks: list[Span] = []
            self._take(blocks)
            while True:
                e = self.ahead.start if self.ahead is not None else text_len
                self.chunk_blocks = tuple(blocks)
                numbers = dict(self.state.sentence_numbers)
                crossing = self._crossing(open_groups, s, e)
                chunk = self._chunk_doc(s, e, numbers)
                tree = self._tree(s, e, crossing, chunk)
                if self.ahead is None or self._may_cut(tree, s, e):
                    break
                self._take(blocks)
            self.state.sentence_numbers = numbers
            for b in blocks:
                if b.label == "colophon" or (b.label == "title" and not any(k.label == "title" for k in self.kept)):
                    self.kept.append(b)
            yield s, e, tree, chunk
            open_groups = [k for k in crossing if self.groups[k].end > e]
            if self.ahead is None:
                break
            s = e

    def _within(self, name: str, layer: Layer, s: int, e: int) -> tuple[Span, ...]:
        if name == "block":
            return self.chunk_blocks
        return super()._within(name, layer, s, e)

    def header_blocks(self) -> Layer:
        return Layer("block", tuple(self.kept), producer="structure-rules")


def _header_document(doc: Document, juche: bool, blocks: Layer | None = None) -> Document:
    """A small stand-in for ``doc`` with what :func:`build_header` reads from the text: the first
    title block, the colophon blocks and, when the text has one, a Juche-era date (the header looks
    for one in the whole text, which would be a second pass over it). Blocks keep their own text and
    the line breaks around them; a full stop between them keeps dates from running across."""
    if blocks is None:
        blocks = doc.layer("block")
    keep = []
    title = next((b for b in blocks if b.label == "title"), None)
    if title is not None:
        keep.append(title)
    keep.extend(b for b in blocks if b.label == "colophon" and b is not title)
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for b in keep:
        piece = doc.text[b.start : b.end]
        spans.append(Span(pos, pos + len(piece), b.label, b.attrs))
        parts.append(piece + "\n.\n")
        pos += len(piece) + 3
    if juche:
        spans.append(Span(pos, pos + len("Juche 1"), "p"))
        parts.append("Juche 1\n")
    layers = {"block": Layer("block", tuple(spans), producer=blocks.producer, meta=blocks.meta)}
    stand_in = Document("".join(parts), id=doc.id, layers=layers, provenance=doc.provenance, meta=doc.meta)
    # the header reads dates from the date layer (the colophon's issue date, a Juche-era year)
    from ..annotate.dates import date_layer

    return stand_in.with_layer(date_layer(stand_in))


def _split_pipeline(options) -> tuple[Pipeline, list]:
    from ..pipeline import default_pipeline

    pipeline = default_pipeline(options)
    whole = Pipeline([c for c in pipeline.steps if c.name in WHOLE_DOCUMENT_COMPONENTS])
    per_chunk = [c for c in pipeline.steps if c.name not in WHOLE_DOCUMENT_COMPONENTS]
    return whole, per_chunk


def iter_tei(
    doc: Document,
    *,
    metadata: Mapping[str, Any] | None = None,
    options=None,
    annotated: bool = False,
    extra_sources: list | None = None,
    chunk_chars: int = DEFAULT_CHUNK_CHARS,
) -> Iterator[bytes]:
    """The TEI of ``doc`` as pieces of bytes, equal when joined to ``encode_document(doc, ...)``.

    All encoding happens before the first piece (the header comes first and needs the whole
    document); the pieces after it are read back from the spool, so a caller writing them to a file
    never holds the output in memory.
    """
    from ..pipeline import EncodeOptions

    o = options or EncodeOptions()
    whole, per_chunk = _split_pipeline(o)
    windows = None
    enc: _Encoder
    if annotated:  # the layers are the caller's, whatever they are: nothing is added
        per_chunk = []
    elif len(doc.text) > chunk_chars and "block" not in doc.layers and tuple(whole.names) == ("markup", "structure"):
        doc, windows = _windowed_structure(doc, whole, chunk_chars)
    else:
        doc = whole(doc)
    with contextlib.ExitStack() as stack:
        if windows is not None:
            stack.callback(windows.close)  # before the encoder, which reads the first window already
            enc = _WindowEncoder(doc, per_chunk, windows.blocks(), chunk_chars)
        else:
            enc = _Encoder(doc, per_chunk, chunk_chars)
        yield from _write(doc, enc, per_chunk, o, metadata, extra_sources)


def _windowed_structure(doc: Document, whole: Pipeline, chunk_chars: int):
    """``whole(doc)`` with the structure window by window: the document with its markup (only the
    emphasis that nests in blocks, as the structure component leaves it) and groups, an empty block
    layer, and the structure windows whose blocks the encoder reads one window at a time."""
    from ..pipeline import _markup_that_nests
    from ..text.profiles import StructureConfig
    from ..text.windowed import structure_windows

    markup_c, structure_c = whole.steps
    doc = markup_c(doc)
    languages = structure_c.config.get("languages")
    if languages is not None:
        doc = doc.with_meta(languages=languages.to_dict())
    cfg = structure_c.config.get("structure") or StructureConfig()
    sw = structure_windows(doc.text, cfg, window_chars=chunk_chars)
    try:
        markup = doc.layer("markup")
        starts = [m.start for m in markup]
        kept: list[Span] = []
        lo = 0
        it = sw.blocks()
        window: tuple[Span, ...] | None = next(it, ())
        while window is not None:
            nxt = next(it, None)
            hi = bisect_left(starts, nxt[0].start) if nxt else len(starts)
            if hi > lo:  # the emphasis from this window's start to the next one's, against its blocks
                part = Layer("markup", markup.spans[lo:hi], producer=markup.producer, meta=markup.meta)
                blocks = Layer("block", window, producer="structure-rules")
                kept.extend(_markup_that_nests(Document(doc.text, layers={"markup": part, "block": blocks})))
            lo, window = hi, nxt
    except BaseException:
        sw.close()
        raise
    layers = {
        "markup": Layer("markup", tuple(kept), producer=markup.producer, meta=markup.meta),
        "block": Layer("block", (), producer="structure-rules"),
        "group": sw.groups,
    }
    out = Document(doc.text, id=doc.id, layers=layers, provenance=doc.provenance, meta=doc.meta, signatures=doc.signatures)
    return out.with_meta(lang=sw.main_lang).signed(structure_c.signature), sw


def _write(doc: Document, enc: "_Encoder", per_chunk: list, o: Any, metadata: Mapping[str, Any] | None, extra_sources: list | None) -> Iterator[bytes]:
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
        enc.write_text(spool)  # type: ignore[arg-type]
        shares = percent_shares(enc.state.counts)
        # every component that made the file, in the order they ran: the whole-document ones (signed
        # on doc), then the per-chunk ones
        signatures = tuple(doc.signatures) + tuple(c.signature for c in per_chunk if c.signature not in doc.signatures)
        header = build_header(
            _header_document(doc, enc.state.juche, enc.header_blocks()),
            metadata=metadata, signatures=signatures, extra_sources=extra_sources, italic=o.italic, shares=shares
        )
        tei = etree.Element(f"{_T}TEI", nsmap={None: TEI_NS})
        tei.set(f"{{{XML_NS}}}lang", doc.meta.get("lang", "und"))
        tei.text = "\n"
        tei.append(header)
        stand_ins = []
        for lang in sorted(enc.state.langs):  # declare_languages looks for xml:lang in the tree
            el = etree.SubElement(tei, f"{_T}ab")
            el.set(f"{{{XML_NS}}}lang", lang)
            stand_ins.append(el)
        declare_languages(tei)
        for el in stand_ins:
            tei.remove(el)
        header.tail = "\n" + _SENTINEL
        head, tail = _split_last(etree.tostring(tei, xml_declaration=True, encoding="UTF-8"))
        yield head
        spool.seek(0)
        while piece := spool.read(1 << 20):
            yield piece
        yield b"\n" + tail + b"\n"


def encode_stream(doc: Document, out: IO[bytes], **kwargs: Any) -> None:
    """Write the TEI of ``doc`` to the binary stream ``out`` (see :func:`iter_tei` for the arguments)."""
    for piece in iter_tei(doc, **kwargs):
        out.write(piece)


def encode_document_streamed(doc: Document, **kwargs: Any) -> bytes:
    """The TEI bytes, built chunk by chunk: the same bytes as ``encode_document(doc, ...)``."""
    buf = io.BytesIO()
    encode_stream(doc, buf, **kwargs)
    return buf.getvalue()

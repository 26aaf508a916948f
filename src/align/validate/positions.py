"""Line and column of a node, an attribute or a character of text, in the bytes a tree was parsed from.

lxml keeps only ``sourceline`` (the line where a start tag *ends*) and no columns. A person fixing a
finding wants the exact place, so when the source bytes are at hand we read them once more with
the stdlib's expat, which reports line and column for every start tag and piece of character data,
and pair its events with lxml's nodes in document order. This is done lazily, only for a file that
has a finding that needs it. Without source bytes (a tree built in memory), or if expat cannot read
the bytes (an encoding it lacks), positions fall back to ``sourceline`` and column 1.

Lines and columns are 1-based; columns count characters.
"""

from __future__ import annotations

import bisect
import re
import xml.parsers.expat
from typing import Any

__all__ = ["SourceMap"]

Node = Any  # an lxml element, comment or processing instruction


class SourceMap:
    """Positions of ``root``'s nodes in ``source`` (the bytes ``root`` was parsed from, or ``None``)."""

    def __init__(self, root: Node, source: bytes | None = None, nodes: list[Node] | None = None):
        """``nodes``: the tree's nodes in document order as parsed, when the tree was changed since
        (XInclude replaced some elements): nodes still in the tree keep their places."""
        self._root = root
        self._source = source
        self._nodes = nodes
        self._built = False
        self._index: dict[Node, int] = {}
        self._starts: list[tuple[int, int, int]] = []  # per node: line, col (0-based), byte index
        self._ends: dict[int, tuple[int, int, int]] = {}  # per element: where its end tag begins
        self._texts: dict[tuple[int, bool], list[tuple[int, int, int, str]]] = {}  # (node, tail) -> chunks

    # -- public -----------------------------------------------------------------------------------

    def node(self, node: Node) -> tuple[int, int]:
        """Where ``node``'s start tag (or comment, or PI) begins."""
        i = self._lookup(node)
        if i is None:
            return (node.sourceline or 1, 1)
        line, col, _ = self._starts[i]
        return (line, col + 1)

    def start_tag_end(self, node: Node) -> tuple[int, int]:
        """Just after the ``>`` that closes ``node``'s start tag: where jing places errors about an
        element and its attributes (without source bytes: its line, column 0)."""
        i = self._lookup(node)
        if i is None:
            return (node.sourceline or 1, 0)
        line, col, byte = self._starts[i]
        return self._after_gt(line, col, byte)

    def end_tag_end(self, node: Node) -> tuple[int, int]:
        """Just after ``node``'s end tag (its start tag's end for ``<x/>``): where jing reports an
        element that is incomplete."""
        i = self._lookup(node)
        if i is None or i not in self._ends:
            return self.start_tag_end(node)
        line, col, byte = self._ends[i]
        if byte == self._starts[i][2]:
            return self.start_tag_end(node)
        return self._after_gt(line, col, byte)

    def _after_gt(self, line: int, col: int, byte: int) -> tuple[int, int]:
        src = self._source or b""
        quote = 0
        end = byte
        while end < len(src):
            c = src[end]
            if quote:
                if c == quote:
                    quote = 0
            elif c in (0x22, 0x27):
                quote = c
            elif c == 0x3E:
                break
            end += 1
        try:
            before = src[byte : end + 1].decode("utf-8")
        except UnicodeDecodeError:
            return (line, col + 1)
        nl = before.count("\n")
        if nl:
            return (line + nl, len(before) - before.rfind("\n"))
        return (line, col + len(before) + 1)

    def attribute(self, node: Node, qname: str) -> tuple[int, int]:
        """Where attribute ``qname`` (as written, e.g. ``xml:lang``) begins in ``node``'s start tag."""
        i = self._lookup(node)
        if i is None:
            return self.node(node)
        line, col, byte = self._starts[i]
        src = self._source or b""
        end = src.find(b">", byte)  # ``>`` may stand inside a quoted value; then we stop early and fall back
        m = re.compile(rb"\s" + re.escape(qname.encode()) + rb"\s*=").search(src, byte, end if end >= 0 else len(src))
        if m is None:
            return (line, col + 1)
        try:
            before = src[byte : m.start() + 1].decode("utf-8")
        except UnicodeDecodeError:
            return (line, col + 1)
        nl = before.count("\n")
        if nl:
            return (line + nl, len(before) - before.rfind("\n"))
        return (line, col + len(before) + 1)

    def text(self, node: Node, offset: int = 0, *, tail: bool = False) -> tuple[int, int]:
        """Where character ``offset`` of ``node.text`` (or of ``node.tail``) stands."""
        i = self._lookup(node)
        chunks = self._texts.get((i, tail)) if i is not None else None
        if not chunks:
            return self._estimate(node, offset, tail=tail)
        k = max(0, bisect.bisect_right([c[0] for c in chunks], offset) - 1)
        start, line, col, data = chunks[k]
        before = data[: offset - start]
        nl = before.count("\n")
        if nl:
            return (line + nl, len(before) - before.rfind("\n"))
        return (line, col + len(before) + 1)

    # -- building ---------------------------------------------------------------------------------

    def _lookup(self, node: Node) -> int | None:
        if not self._built:
            self._build()
        return self._index.get(node)

    def _build(self) -> None:
        self._built = True
        if not self._source:
            return
        starts: list[tuple[int, int, int]] = []
        ends: dict[int, tuple[int, int, int]] = {}
        texts: dict[tuple[int, bool], list[tuple[int, int, int, str]]] = {}
        stack: list[int] = []
        target: list[Any] = [None]  # (node index, tail?) that character data belongs to
        parser = xml.parsers.expat.ParserCreate()

        def begin() -> int:
            starts.append((parser.CurrentLineNumber, parser.CurrentColumnNumber, parser.CurrentByteIndex))
            return len(starts) - 1

        def on_start(name, attrs):
            i = begin()
            stack.append(i)
            target[0] = (i, False)

        def on_end(name):
            i = stack.pop()
            ends[i] = (parser.CurrentLineNumber, parser.CurrentColumnNumber, parser.CurrentByteIndex)
            target[0] = (i, True)

        def on_other(*_):
            if stack:  # comments and PIs outside the root are not in ``root.iter()``
                target[0] = (begin(), True)

        def on_data(data):
            if target[0] is None or not stack:
                return
            chunks = texts.setdefault(target[0], [])
            offset = chunks[-1][0] + len(chunks[-1][3]) if chunks else 0
            chunks.append((offset, parser.CurrentLineNumber, parser.CurrentColumnNumber, data))

        parser.StartElementHandler = on_start
        parser.EndElementHandler = on_end
        parser.CommentHandler = on_other
        parser.ProcessingInstructionHandler = on_other
        parser.CharacterDataHandler = on_data
        try:
            parser.Parse(self._source, True)
        except (xml.parsers.expat.ExpatError, ValueError):
            return
        nodes = self._nodes if self._nodes is not None else list(self._root.iter())
        if len(nodes) != len(starts):  # the tree was changed after parsing: positions would lie
            return
        self._index = {n: i for i, n in enumerate(nodes)}
        self._starts, self._texts, self._ends = starts, texts, ends

    def _estimate(self, node: Node, offset: int, *, tail: bool) -> tuple[int, int]:
        i = self._index.get(node)
        if i is not None:  # an empty text has no chunks: place it at its node
            return self.node(node)
        line = node.sourceline or 1
        value = (node.tail if tail else node.text) or ""
        nl = value.count("\n", 0, offset)
        return (line + nl, offset - value.rfind("\n", 0, offset) if nl else 1)

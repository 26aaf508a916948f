"""Standoff spans to a nested tree: the step between layers over one text and inline XML.

Nodes are inserted outer-first; a node that would cross the boundary of one already placed is
reported back to the caller, which decides (split it, drop it, or fail) — the tree never guesses.
Text is never stored in nodes: it is sliced from the one document text when serialising, so nothing
can be lost or duplicated on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from bisect import bisect_left, bisect_right, insort
from operator import attrgetter
from typing import Iterable

__all__ = ["Node", "insert", "Conflict"]


@dataclass(eq=False)
class Node:
    """An element over ``[start, end)`` of the text; ``start == end`` makes an empty (milestone) element."""

    tag: str
    start: int
    end: int
    attrs: dict[str, str] = field(default_factory=dict)
    rank: int = 50  # among nodes with the same extent, lower rank is outer
    children: list["Node"] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.start == self.end

    def iter(self) -> Iterable["Node"]:
        """This node and every descendant in document order (pre-order); an explicit stack, since
        nested generators cost time growing with the depth for every node."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            if node.children:
                stack.extend(reversed(node.children))


class Conflict(Exception):
    """The node crosses the boundary of ``other``; nothing was inserted."""

    def __init__(self, node: Node, other: Node):
        super().__init__(f"<{node.tag}> {node.start}-{node.end} crosses <{other.tag}> {other.start}-{other.end}")
        self.node = node
        self.other = other


def _contains(outer: Node, inner: Node) -> bool:
    if inner.empty:
        return outer.start < inner.start < outer.end or (outer.start == inner.start == outer.end)
    if outer.empty:
        return False
    if (outer.start, outer.end) == (inner.start, inner.end):
        return outer.rank < inner.rank
    return outer.start <= inner.start and inner.end <= outer.end


def _crosses(a: Node, b: Node) -> bool:
    if a.empty or b.empty:
        return False
    return a.start < b.end and b.start < a.end and not (_contains(a, b) or _contains(b, a))


_start = attrgetter("start")  # a C-level key for the binary searches


def insert(root: Node, node: Node) -> list[Node]:
    """Place ``node`` under the deepest node that contains it, adopting the children it contains.

    Returns the chain of ancestors, root first, parent last. Raises :class:`Conflict` when ``node``
    crosses an existing boundary. Siblings are kept sorted, so each step is a binary search: the
    cost grows with the depth of the tree, not with the number of siblings.
    """
    path = [root]
    parent = root
    while True:
        child = _last_solid_at_or_before(parent.children, node.start)
        if child is not None and _contains(child, node):
            parent = child
            path.append(child)
            continue
        break
    ch = parent.children
    lo = bisect_left(ch, node.start, key=_start)
    while lo > 0 and (ch[lo - 1].end > node.start or ch[lo - 1].start == node.start):
        lo -= 1
    hi = bisect_right(ch, node.end, key=_start)
    window = ch[lo:hi]
    adopted: list[Node] = []
    kept: list[Node] = []
    for c in window:
        if _crosses(c, node):
            raise Conflict(node, c)
        (adopted if _contains(node, c) else kept).append(c)
    # both lists are runs of the sorted siblings, so already sorted: merge instead of sorting
    node.children = sorted(node.children + adopted, key=_order) if node.children else adopted
    insort(kept, node, key=_order)
    ch[lo:hi] = kept
    return path


def _last_solid_at_or_before(children: list[Node], pos: int) -> Node | None:
    """The last non-empty child starting at or before ``pos``: the only one that can contain it."""
    i = bisect_right(children, pos, key=_start) - 1
    while i >= 0 and children[i].empty:
        i -= 1
    return children[i] if i >= 0 else None


def _order(n: Node) -> tuple[int, int, int]:
    return (n.start, 0 if n.empty else 1, n.rank)

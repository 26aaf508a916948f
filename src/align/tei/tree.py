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

__all__ = ["Node", "insert", "Conflict", "Cursor"]


@dataclass(eq=False, slots=True)
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


_start = attrgetter("start")  # a C-level key for the binary searches


def insert(root: Node, node: Node) -> list[Node]:
    """Place ``node`` under the deepest node that contains it, adopting the children it contains.

    Returns the chain of ancestors, root first, parent last. Raises :class:`Conflict` when ``node``
    crosses an existing boundary. Siblings are kept sorted, so each step is a binary search: the
    cost grows with the depth of the tree, not with the number of siblings.
    """
    # _contains and _crosses written out with the node's fields in locals: this runs for every
    # element of every document, and the calls cost more than the comparisons
    ns, ne, nrank = node.start, node.end, node.rank
    nempty = ns == ne
    path = [root]
    parent = root
    while True:
        # the last non-empty child starting at or before ns: the only one that can contain node
        children = parent.children
        i = bisect_right(children, ns, key=_start) - 1
        while i >= 0 and children[i].start == children[i].end:
            i -= 1
        if i < 0:
            break
        child = children[i]
        cs, ce = child.start, child.end
        if nempty:
            inside = cs < ns < ce
        elif cs == ns and ce == ne:
            inside = child.rank < nrank
        else:
            inside = cs <= ns and ne <= ce
        if not inside:
            break
        parent = child
        path.append(child)
    ch = parent.children
    # the commonest cases, exactly what the general merge below gives: no siblings yet, or the node
    # after every sibling (a layer's spans come in text order)
    if not ch or (ch[-1].start < ns and ch[-1].end <= ns):
        if node.children:
            node.children = sorted(node.children, key=_order)
        ch.append(node)
        return path
    lo = bisect_left(ch, ns, key=_start)
    while lo > 0 and (ch[lo - 1].end > ns or ch[lo - 1].start == ns):
        lo -= 1
    hi = bisect_right(ch, ne, key=_start)
    window = ch[lo:hi]
    adopted: list[Node] = []
    kept: list[Node] = []
    for c in window:
        cs, ce = c.start, c.end
        if cs == ce:  # a milestone: inside only strictly, or at an empty node's own place
            (adopted if (ns < cs < ne or (ns == cs == ne)) else kept).append(c)
            continue
        if nempty:
            kept.append(c)
            continue
        if cs == ns and ce == ne:  # same extent: the lower rank is outer; equal ranks cross
            if nrank == c.rank:
                raise Conflict(node, c)
            (adopted if nrank < c.rank else kept).append(c)
            continue
        if ns <= cs and ce <= ne:
            adopted.append(c)
        elif cs <= ns and ne <= ce or not (cs < ne and ns < ce):
            kept.append(c)
        else:
            raise Conflict(node, c)
    # both lists are runs of the sorted siblings, so already sorted: merge instead of sorting
    node.children = sorted(node.children + adopted, key=_order) if node.children else adopted
    insort(kept, node, key=_order)
    ch[lo:hi] = kept
    return path


class Cursor:
    """Inserts a run of nodes near each other (a layer's spans in text order) without walking down
    from the root for each: the next node starts from the deepest node of the last insertion's path
    that would take it, which is where the walk from the root would arrive.

    That holds because siblings never overlap, so the node the walk descends into at each level is
    the only one that can hold the new node, and holding is transitive. It needs every insertion
    into the tree between two calls to go through this cursor (or no other insertion at all), since
    the cached path must be the current chain of ancestors; :meth:`drop` forgets a node taken out.
    The result, the path returned and any :class:`Conflict` are those of ``insert(root, node)``.
    """

    __slots__ = ("path",)

    def __init__(self, root: Node):
        self.path = [root]

    def insert(self, node: Node) -> list[Node]:
        path = self.path
        ns, ne, nrank = node.start, node.end, node.rank
        nempty = ns == ne
        k = len(path) - 1
        # the root takes anything; below it, the walk's own test (which no empty node passes)
        while k > 0:
            a = path[k]
            cs, ce = a.start, a.end
            if nempty:
                if cs < ns < ce:
                    break
            elif cs == ns and ce == ne:
                if a.rank < nrank:
                    break
            elif cs <= ns and ne <= ce:
                break
            k -= 1
        sub = insert(path[k], node)
        full = path[:k] + sub if k else sub
        self.path = full + [node]
        return full

    def drop(self, node: Node) -> None:
        """``node``, the last one inserted, was taken out of the tree again: forget it."""
        if self.path[-1] is node:
            self.path.pop()


def _order(n: Node) -> tuple[int, int, int]:
    return (n.start, 0 if n.empty else 1, n.rank)

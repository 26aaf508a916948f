"""The tree's insert, rewritten for speed (issue 13), against the plain version it replaced.

The reference below is the earlier implementation, written with one small function per rule (which
node contains which, which nodes cross); the fast ``insert`` inlines those rules. Both must build the
same tree, and refuse the same node with the same conflicting node, for any sequence of insertions:
milestones, equal extents with equal or different ranks, nodes that cross.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from operator import attrgetter

from hypothesis import given, settings
from hypothesis import strategies as st

from align.tei.tree import Conflict, Node, insert

_start = attrgetter("start")


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


def _order(n: Node) -> tuple[int, int, int]:
    return (n.start, 0 if n.empty else 1, n.rank)


def _last_solid_at_or_before(children: list[Node], pos: int) -> Node | None:
    i = bisect_right(children, pos, key=_start) - 1
    while i >= 0 and children[i].empty:
        i -= 1
    return children[i] if i >= 0 else None


def reference_insert(root: Node, node: Node) -> list[Node]:
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
    adopted: list[Node] = []
    kept: list[Node] = []
    for c in ch[lo:hi]:
        if _crosses(c, node):
            raise Conflict(node, c)
        (adopted if _contains(node, c) else kept).append(c)
    node.children = sorted(node.children + adopted, key=_order) if node.children else adopted
    insort(kept, node, key=_order)
    ch[lo:hi] = kept
    return path


def _shape(n: Node) -> tuple:
    return (n.tag, n.start, n.end, n.rank, tuple(_shape(c) for c in n.children))


def _key(n: Node) -> tuple[str, int, int, int]:
    return (n.tag, n.start, n.end, n.rank)


_spec = st.tuples(st.integers(0, 24), st.integers(0, 8), st.sampled_from([10, 40, 50, 50, 60]))


def _run(do_insert, specs: list[tuple[int, int, int]], kids=()) -> list[object]:
    """Insert the nodes ``specs`` describe (the k-th arriving with empty children at ``kids[k]``);
    log each insertion's path or conflict, then the tree's shape."""
    root = Node("root", 0, 40, rank=0)
    log: list[object] = []
    for k, (a, length, rank) in enumerate(specs):
        own = [Node(f"m{k}.{j}", x, x, rank=90) for j, x in enumerate(kids[k] if k < len(kids) else [])]
        node = Node(f"n{k}", a, a + length, rank=rank, children=own)
        try:
            log.append([_key(p) for p in do_insert(root, node)])
        except Conflict as exc:
            log.append(("conflict", _key(exc.node), _key(exc.other)))
    log.append(_shape(root))
    return log


@settings(max_examples=400, deadline=None)
@given(st.lists(_spec, max_size=30))
def test_tree_fast_insert_builds_what_the_reference_builds(specs):
    assert _run(insert, specs) == _run(reference_insert, specs)


def test_tree_equal_extent_and_rank_is_a_conflict():
    root = Node("root", 0, 10, rank=0)
    insert(root, Node("a", 2, 5, rank=50))
    try:
        insert(root, Node("b", 2, 5, rank=50))
    except Conflict as exc:
        assert exc.other.tag == "a"
    else:
        raise AssertionError("two nodes of one extent and rank must conflict")


@settings(max_examples=300, deadline=None)
@given(st.lists(_spec, max_size=20), st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=4), max_size=20))
def test_tree_node_arriving_with_children_is_placed_as_the_reference_places_it(specs, kids):
    """A node may come with children of its own (in any order): they end up sorted, in the fast
    paths too (no siblings yet; after every sibling)."""
    assert _run(insert, specs, kids) == _run(reference_insert, specs, kids)

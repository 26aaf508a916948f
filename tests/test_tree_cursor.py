"""The tree's Cursor (issue 13): inserting from near the last insertion must do exactly what
inserting from the root does — same tree, same path returned, same conflicts — for any sequence of
nodes (in text order, as layers come, or in any order), including nodes taken out again the way
the encoder drops an inline element that lands outside running text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from align.tei.tree import Conflict, Cursor, Node, insert


def _shape(n: Node) -> tuple:
    return (n.tag, n.start, n.end, n.rank, tuple(_shape(c) for c in n.children))


def _key(n: Node) -> tuple[str, int, int, int]:
    return (n.tag, n.start, n.end, n.rank)


# start, length (0: a milestone), rank, and whether to take the node out again after inserting it
_spec = st.tuples(st.integers(0, 30), st.integers(0, 10), st.sampled_from([10, 20, 40, 50, 50, 60, 70]), st.booleans())


def _run(specs: list[tuple[int, int, int, bool]], use_cursor: bool) -> list[object]:
    root = Node("root", 0, 40, rank=0)
    cursor = Cursor(root)
    log: list[object] = []
    for k, (a, length, rank, take_out) in enumerate(specs):
        node = Node(f"n{k}", a, a + length, rank=rank)
        try:
            path = cursor.insert(node) if use_cursor else insert(root, node)
        except Conflict as exc:
            log.append(("conflict", _key(exc.node), _key(exc.other)))
            continue
        log.append([_key(p) for p in path])
        if take_out:  # as encode's _try_insert does: the node's children take its place
            parent = path[-1]
            i = next(j for j, c in enumerate(parent.children) if c is node)
            parent.children[i : i + 1] = node.children
            if use_cursor:
                cursor.drop(node)
    log.append(_shape(root))
    return log


@settings(max_examples=500, deadline=None)
@given(st.lists(_spec, max_size=40))
def test_cursor_builds_what_inserting_from_the_root_builds(specs):
    assert _run(specs, True) == _run(specs, False)


@settings(max_examples=300, deadline=None)
@given(st.lists(_spec, max_size=40))
def test_cursor_in_text_order(specs):
    """Layers arrive sorted by offset, outer nodes first: the case the cursor is for."""
    specs = sorted(specs, key=lambda t: (t[0], -t[1], t[2]))
    assert _run(specs, True) == _run(specs, False)


def test_cursor_never_descends_into_a_milestone():
    """The cursor's last path ends in an empty node at the next node's place: the next node must
    not go under it (the walk from the root skips empty nodes); an empty node there adopts it."""
    root = Node("root", 0, 20, rank=0)
    cursor = Cursor(root)
    cursor.insert(Node("p", 0, 10, rank=40))
    cursor.insert(Node("lb", 5, 5, rank=60))
    path = cursor.insert(Node("hi", 5, 8, rank=50))
    assert [n.tag for n in path] == ["root", "p"]
    assert [c.tag for c in root.children[0].children] == ["lb", "hi"]
    assert not root.children[0].children[1].children


def test_cursor_moves_to_another_branch():
    """After a deep insertion, a node in the next paragraph goes under that paragraph, and the path
    returned is the full chain from the root."""
    root = Node("root", 0, 30, rank=0)
    for n in (Node("div", 0, 30, rank=20), Node("p", 0, 10, rank=40), Node("p", 12, 30, rank=40)):
        insert(root, n)
    cursor = Cursor(root)
    cursor.insert(Node("s", 0, 10, rank=50))
    assert [n.tag for n in cursor.insert(Node("hi", 2, 4, rank=60))] == ["root", "div", "p", "s"]
    path = cursor.insert(Node("s", 12, 20, rank=50))
    assert [(n.tag, n.start) for n in path] == [("root", 0), ("div", 0), ("p", 12)]


def test_cursor_conflict_leaves_it_usable():
    root = Node("root", 0, 30, rank=0)
    cursor = Cursor(root)
    cursor.insert(Node("a", 0, 10, rank=40))
    try:
        cursor.insert(Node("b", 5, 15, rank=40))
    except Conflict as exc:
        assert (exc.node.tag, exc.other.tag) == ("b", "a")
    else:
        raise AssertionError("crossing nodes must conflict")
    assert [n.tag for n in cursor.insert(Node("c", 2, 3, rank=50))] == ["root", "a"]

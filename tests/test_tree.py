import pytest

from align.tei.tree import Conflict, Node, insert


def _shape(n):
    return (n.tag, [_shape(c) for c in n.children]) if n.children else n.tag


def test_tree_nests_outer_first_and_adopts():
    root = Node("r", 0, 10, rank=0)
    insert(root, Node("s", 2, 5))
    insert(root, Node("p", 0, 10, rank=10))  # same extent as root, higher rank: inside root
    assert _shape(root) == ("r", [("p", ["s"])])


def test_tree_same_extent_orders_by_rank():
    root = Node("r", 0, 10, rank=0)
    insert(root, Node("inner", 0, 4, rank=60))
    insert(root, Node("outer", 0, 4, rank=40))
    assert _shape(root) == ("r", [("outer", ["inner"])])


def test_tree_crossing_is_reported_not_forced():
    root = Node("r", 0, 10, rank=0)
    insert(root, Node("a", 0, 5))
    with pytest.raises(Conflict):
        insert(root, Node("b", 3, 8))
    assert _shape(root) == ("r", ["a"])


def test_tree_milestones_go_inside_only_strictly():
    root = Node("r", 0, 10, rank=0)
    insert(root, Node("s", 2, 6))
    insert(root, Node("lb", 4, 4))
    insert(root, Node("lb", 6, 6))
    assert _shape(root) == ("r", [("s", ["lb"]), "lb"])

"""freeze, thaw and Span, rewritten for speed (issue 13), against the plain versions they replaced.

The reference freeze/thaw below are the earlier ones (isinstance checks against the typing ABCs for
every value); the fast ones skip those checks for exact built-in types. Both must give equal values of
the same types all the way down, equal hashes, and the same JSON after thaw, for any JSON-like value
(and sets, tuples, subclasses of dict, str and int, which take the general path).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any, Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.errors import ModelError
from align.model import FrozenMap, Span, freeze, thaw


def reference_freeze(value: Any) -> Any:
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap((k, reference_freeze(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(reference_freeze(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(reference_freeze(v) for v in value)
    return value


def reference_thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: reference_thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [reference_thaw(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(reference_thaw(v) for v in value)
    return value


class Label(str):
    pass


class Count(int):
    pass


_atom = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
_odd_atom = st.builds(Label, st.text(max_size=3)) | st.builds(Count, st.integers(0, 9))
_value = st.recursive(
    _atom | _odd_atom,
    lambda inner: st.lists(inner, max_size=4)
    | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(st.text(max_size=3), inner, max_size=4)
    | st.dictionaries(st.text(max_size=3), inner, max_size=3).map(OrderedDict)
    | st.frozensets(st.integers(0, 5), max_size=3),  # one type: thaw sorts sets
    max_leaves=12,
)


def _shape(v: Any) -> Any:
    """Value and type at every level (equality alone would let a list pass for a tuple)."""
    if isinstance(v, FrozenMap):
        return ("map", [(k, _shape(x)) for k, x in v.items()])
    if isinstance(v, (tuple, list)):
        return (type(v).__name__, [_shape(x) for x in v])
    if isinstance(v, frozenset):
        return ("frozenset", sorted(map(repr, v)))
    return (type(v).__name__, v)


@settings(max_examples=500, deadline=None)
@given(_value)
def test_model_freeze_matches_the_plain_version(value):
    fast, plain = freeze(value), reference_freeze(value)
    assert _shape(fast) == _shape(plain)
    assert fast == plain and hash(fast) == hash(plain)
    assert thaw(fast) == reference_thaw(plain)
    assert json.dumps(thaw(fast), sort_keys=False, default=sorted) == json.dumps(reference_thaw(plain), default=sorted)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 50), st.integers(0, 50), st.text(max_size=4), st.dictionaries(st.text(max_size=3), _value, max_size=3))
def test_model_span_equal_and_hashed_as_before(a, n, label, attrs):
    span = Span(a, a + n, label, attrs)
    assert span.attrs == reference_freeze(attrs) and isinstance(span.attrs, FrozenMap)
    again = Span.from_dict(json.loads(json.dumps(span.to_dict(), default=sorted)))
    assert again.to_dict() == span.to_dict()
    assert Span(a, a + n, label, dict(attrs)) == span and hash(Span(a, a + n, label, dict(attrs))) == hash(span)


@pytest.mark.parametrize("start,end", [(3, 1), (-1, 2), (1.0, 2), (None, 1), ("0", 1)])
def test_model_span_refuses_bad_offsets(start, end):
    with pytest.raises(ModelError, match="A001"):
        Span(start, end)


def test_model_span_keeps_bool_and_int_subclass_offsets_as_before():
    assert Span(False, True).end == 1 and Span(Count(1), Count(2)).start == 1


def test_frozenmap_pickles_without_its_cached_hash():
    """A FrozenMap hashed in one process and unpickled in another (a batch worker, a Dask node) must
    hash as that process hashes an equal map: the cached hash depends on the hash seed."""
    import os
    import pickle
    import subprocess
    import sys

    from align.model import FrozenMap

    m = FrozenMap({"lang": "ko", "id": "s1"})
    hash(m)  # caches the hash under this process's seed
    code = (
        "import pickle, sys; from align.model import FrozenMap; "
        "m = pickle.loads(sys.stdin.buffer.read()); f = FrozenMap({'lang': 'ko', 'id': 's1'}); "
        "print(hash(m) == hash(f), len({m, f}))"
    )
    seed = "1" if os.environ.get("PYTHONHASHSEED") != "1" else "2"
    out = subprocess.run(
        [sys.executable, "-c", code], input=pickle.dumps(m), capture_output=True,
        env=dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=os.pathsep.join(sys.path)), check=True,
    ).stdout.decode().split()
    assert out == ["True", "1"]

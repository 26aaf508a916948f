"""The plain data model: one text, standoff layers of character spans over it, and aligned pairs.

Every stage reads and returns these values; TEI, TSV and JSON are views of them. No XML and no I/O
here, so a scholar can build, inspect and test documents with nothing but Python.

Offsets are half-open ``[start, end)`` and count code points of ``Document.text``. Values are
immutable all the way down (lists become tuples, dicts become :class:`FrozenMap`), so documents
hash, compare equal after a JSON round trip (:mod:`align.modeljson`) and can be cached.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView

from .errors import ModelError

__all__ = ["Span", "Layer", "Document", "Bead", "Alignment", "Pair", "FrozenMap", "freeze", "thaw"]


class FrozenMap(Mapping[str, Any]):
    """An immutable, hashable mapping: what ``attrs`` and ``meta`` hold, so a Document can be hashed."""

    __slots__ = ("_d", "_h")

    def __init__(self, items: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()):
        self._d: dict[str, Any] = dict(items)
        self._h: int | None = None

    @classmethod
    def _own(cls, d: dict[str, Any]) -> "FrozenMap":
        """A FrozenMap over ``d`` itself, not a copy: for callers that made ``d`` and drop it."""
        m = cls.__new__(cls)
        m._d = d
        m._h = None
        return m

    def __getitem__(self, key: str) -> Any:
        return self._d[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self._d.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._d

    # the dict's own views (read-only too): the Mapping mixins' versions go through __getitem__
    def items(self) -> ItemsView[str, Any]:
        return self._d.items()

    def keys(self) -> KeysView[str]:
        return self._d.keys()

    def values(self) -> ValuesView[Any]:
        return self._d.values()

    def __iter__(self) -> Iterator[str]:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __reduce__(self) -> tuple[Any, ...]:
        # the cached hash depends on the process's hash seed: never carry it to another process
        return (FrozenMap, (self._d,))

    def __hash__(self) -> int:
        if self._h is None:
            self._h = hash(frozenset(self._d.items()))
        return self._h

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._d == other._d
        if isinstance(other, Mapping):
            return self._d == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._d!r})"


#: Values that are immutable as they are: freeze returns them untouched, without the (slow)
#: isinstance checks against the typing ABCs. Exact types only; subclasses take the general path.
_ATOMS = frozenset({str, int, float, bool, type(None), bytes, complex})


def freeze(value: Any) -> Any:
    """Deep immutable value: lists and tuples become tuples, mappings :class:`FrozenMap` (keys as given); a value that is immutable already may come back as itself."""
    t = type(value)
    if t in _ATOMS or t is FrozenMap:
        return value
    if t is dict:  # the common case (a span's attrs): one pass, no ABC checks
        d = {}
        for k, v in value.items():
            d[k] = v if type(v) in _ATOMS else freeze(v)
        return FrozenMap._own(d)
    if t is tuple or t is list:
        out = tuple(v if type(v) in _ATOMS else freeze(v) for v in value)
        return value if t is tuple and all(a is b for a, b in zip(out, value)) else out
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        return FrozenMap._own({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Plain JSON-shaped data back from :func:`freeze`: tuples become lists, mappings dicts."""
    t = type(value)
    if t in _ATOMS:
        return value
    if t is FrozenMap or t is dict:
        return {k: v if type(v) in _ATOMS else thaw(v) for k, v in value.items()}
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [thaw(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(thaw(v) for v in value)
    return value


_EMPTY = FrozenMap()


def _frozen(mapping: Mapping[str, Any] | None) -> FrozenMap:
    return freeze(mapping) if mapping else _EMPTY


_set = object.__setattr__  # frozen dataclasses set their fields this way


@dataclass(frozen=True, slots=True, init=False)
class Span:
    """A labelled range of the document text; ``attrs`` carries layer-specific values."""

    start: int
    end: int
    label: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, start: int, end: int, label: str = "", attrs: Mapping[str, Any] | None = None) -> None:
        # written out rather than generated with a __post_init__: every layer makes thousands of
        # spans, and this is several times quicker than the generated __init__ plus deep freezing
        if type(start) is not int or type(end) is not int or not 0 <= start <= end:
            if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start <= end:
                raise ModelError(f"[A001] bad span offsets ({start!r}, {end!r}): need 0 <= start <= end")
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "label", label)
        _set(self, "attrs", _EMPTY if not attrs else attrs if type(attrs) is FrozenMap else freeze(attrs))

    def text(self, doc: "Document") -> str:
        return doc.text[self.start : self.end]

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.label, self.attrs))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "label": self.label}
        if self.attrs:
            d["attrs"] = thaw(self.attrs)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Span":
        return cls(d["start"], d["end"], d.get("label", ""), d.get("attrs", {}))


@dataclass(frozen=True, slots=True)
class Layer:
    """A named group of spans made by one producer (a segmenter, an annotator, a hand)."""

    name: str
    spans: tuple[Span, ...] = ()
    producer: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spans", tuple(self.spans))
        object.__setattr__(self, "meta", _frozen(self.meta))

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, i: int) -> Span:
        return self.spans[i]

    def __hash__(self) -> int:
        return hash((self.name, self.spans, self.producer, self.meta))

    @property
    def has_overlap(self) -> bool:
        return any(b.start < a.end for a, b in zip(self.spans, self.spans[1:]))

    def within(self, start: int, end: int) -> tuple[Span, ...]:
        """Spans lying wholly inside ``[start, end)``."""
        return tuple(s for s in self.spans if s.start >= start and s.end <= end)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"spans": [s.to_dict() for s in self.spans], "producer": self.producer}
        if self.meta:
            d["meta"] = thaw(self.meta)
        return d

    @classmethod
    def from_dict(cls, name: str, d: Mapping[str, Any]) -> "Layer":
        return cls(name, tuple(Span.from_dict(s) for s in d.get("spans", ())), d.get("producer", ""), d.get("meta", {}))


@dataclass(frozen=True, slots=True)
class Document:
    """The only owner of the text; layers are added by returning a new Document.

    ``signatures`` records what made the layers: one ``name:version(settings)`` entry per component
    that ran (in order), so the TEI header can say exactly how the file was made, even when the
    document was saved as JSON and encoded later.
    """

    text: str
    id: str = "doc"
    layers: Mapping[str, Layer] = field(default_factory=dict)
    provenance: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    signatures: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", FrozenMap(self.layers))
        object.__setattr__(self, "provenance", tuple(self.provenance))
        object.__setattr__(self, "meta", _frozen(self.meta))
        object.__setattr__(self, "signatures", tuple(self.signatures))

    def __hash__(self) -> int:
        return hash((self.id, self.text, self.layers, self.provenance, self.meta, self.signatures))

    def layer(self, name: str) -> Layer:
        try:
            return self.layers[name]
        except KeyError:
            have = ", ".join(sorted(self.layers)) or "none"
            raise ModelError(
                f"[A002] document {self.id!r} has no layer {name!r} (layers: {have}); run the stage that makes it first"
            ) from None

    def with_layer(self, layer: Layer, *, replace_existing: bool = False, step: str | None = None) -> "Document":
        """Return a copy with ``layer`` added, after checking its spans fit this text and are sorted."""
        if layer.name in self.layers and not replace_existing:
            raise ModelError(f"[A003] layer {layer.name!r} already exists; pass replace_existing=True to replace it")
        n = len(self.text)
        prev = None
        for s in layer.spans:
            if s.end > n:
                raise ModelError(f"[A004] span {s.start}-{s.end} of layer {layer.name!r} lies past the text end ({n})")
            key = (s.start, -s.end)
            if prev is not None and key < prev:
                raise ModelError(f"[A005] spans of layer {layer.name!r} are not sorted by (start, -end) at {s.start}")
            prev = key
        layers = dict(self.layers)
        layers[layer.name] = layer
        prov = self.provenance + ((step or f"layer:{layer.name}:{layer.producer}"),)
        return replace(self, layers=layers, provenance=prov)

    def with_meta(self, **meta: Any) -> "Document":
        merged = dict(self.meta)
        merged.update(meta)
        return replace(self, meta=merged)

    def signed(self, signature: str) -> "Document":
        """A copy that records ``signature`` (``name:version...``); a component run again replaces its entry."""
        name = signature.split(":", 1)[0]
        kept = tuple(s for s in self.signatures if s.split(":", 1)[0] != name)
        return replace(self, signatures=kept + (signature,))

    def to_dict(self) -> dict[str, Any]:
        """A plain standoff dict (spaCy's ``to_json`` shape); JSON-serialisable when attrs are."""
        d: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "layers": {name: layer.to_dict() for name, layer in self.layers.items()},
            "provenance": list(self.provenance),
            "meta": thaw(self.meta),
        }
        if self.signatures:
            d["signatures"] = list(self.signatures)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Document":
        layers = {name: Layer.from_dict(name, ld) for name, ld in d.get("layers", {}).items()}
        return cls(
            d["text"],
            d.get("id", "doc"),
            layers,
            tuple(d.get("provenance", ())),
            d.get("meta", {}),
            tuple(d.get("signatures", ())),
        )


def _score_to_json(x: float) -> float | str:
    return x if math.isfinite(x) else repr(x)  # JSON has no inf or nan: "inf", "-inf", "nan"


def _score_from_json(x: float | str) -> float:
    return float(x)


@dataclass(frozen=True, slots=True)
class Bead:
    """One alignment unit: sentence indices on each side (either side may be empty: a null bead)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "src", tuple(self.src))
        object.__setattr__(self, "tgt", tuple(self.tgt))

    @property
    def kind(self) -> str:
        """``"2-1"`` style type, as used in TEI ``link/@type`` and the literature."""
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def is_null(self) -> bool:
        return not self.src or not self.tgt

    def to_dict(self) -> dict[str, Any]:
        return {"src": list(self.src), "tgt": list(self.tgt), "kind": self.kind, "score": _score_to_json(self.score)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Bead":
        bead = cls(tuple(d["src"]), tuple(d["tgt"]), _score_from_json(d.get("score", 0.0)))
        if "kind" in d and d["kind"] != bead.kind:
            raise ModelError(f"[A006] bead {d['src']}:{d['tgt']} says kind {d['kind']!r} but is {bead.kind!r}")
        return bead


@dataclass(frozen=True, slots=True)
class Alignment:
    """Beads between the sentence sequences of two documents, signed by the settings that made them."""

    src_id: str
    tgt_id: str
    beads: tuple[Bead, ...]
    signature: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "beads", tuple(self.beads))
        object.__setattr__(self, "meta", _frozen(self.meta))

    def __iter__(self) -> Iterator[Bead]:
        return iter(self.beads)

    def __len__(self) -> int:
        return len(self.beads)

    def __hash__(self) -> int:
        return hash((self.src_id, self.tgt_id, self.beads, self.signature, self.meta))

    def to_dict(self) -> dict[str, Any]:
        return {
            "src_id": self.src_id,
            "tgt_id": self.tgt_id,
            "signature": self.signature,
            "beads": [b.to_dict() for b in self.beads],
            "meta": thaw(self.meta),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Alignment":
        return cls(d["src_id"], d["tgt_id"], tuple(Bead.from_dict(b) for b in d.get("beads", ())), d.get("signature", ""), d.get("meta", {}))


@dataclass(frozen=True, slots=True)
class Pair:
    """Two aligned texts as one value: each side a Document with a ``sentence`` layer, and the beads.

    Bead indices count the sentences of each side that lie inside its ``scope`` (``(start, end)``
    of the text; ``None``: the whole text), so a passage embedded in a longer text (a treaty quoted
    in a book) can be aligned with a separate translation. ``meta`` holds facts about the pair for
    the header (a translation's ``id``, ``title``, ``translator``, ``note``).
    """

    src: Document
    tgt: Document
    alignment: Alignment
    src_scope: tuple[int, int] | None = None
    tgt_scope: tuple[int, int] | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("src_scope", "tgt_scope"):
            v = getattr(self, name)
            if v is not None:
                object.__setattr__(self, name, (int(v[0]), int(v[1])))
        object.__setattr__(self, "meta", _frozen(self.meta))
        n, m = len(self.sentences("src")), len(self.sentences("tgt"))
        si = sum(len(b.src) for b in self.alignment.beads)
        ti = sum(len(b.tgt) for b in self.alignment.beads)
        if (si, ti) != (n, m) and self.alignment.beads:
            raise ModelError(f"[A007] the beads cover {si} source and {ti} target sentences, but the sides have {n} and {m}")

    def __hash__(self) -> int:
        return hash((self.src, self.tgt, self.alignment, self.src_scope, self.tgt_scope, self.meta))

    def sentences(self, side: str) -> tuple[Span, ...]:
        """The sentence spans that the bead indices of ``side`` (``"src"`` or ``"tgt"``) count."""
        doc, scope = (self.src, self.src_scope) if side == "src" else (self.tgt, self.tgt_scope)
        layer = doc.layers.get("sentence")
        if layer is None:
            return ()
        if scope is None:
            return layer.spans
        return layer.within(*scope)

    @property
    def signatures(self) -> tuple[str, ...]:
        """What made the pair: each side's components, then the aligner."""
        seen: list[str] = []
        for s in self.src.signatures + self.tgt.signatures + ((self.alignment.signature,) if self.alignment.signature else ()):
            if s not in seen:
                seen.append(s)
        return tuple(seen)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"src": self.src.to_dict(), "tgt": self.tgt.to_dict(), "alignment": self.alignment.to_dict()}
        if self.src_scope is not None:
            d["src_scope"] = list(self.src_scope)
        if self.tgt_scope is not None:
            d["tgt_scope"] = list(self.tgt_scope)
        if self.meta:
            d["meta"] = thaw(self.meta)
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Pair":
        return cls(
            Document.from_dict(d["src"]),
            Document.from_dict(d["tgt"]),
            Alignment.from_dict(d["alignment"]),
            tuple(d["src_scope"]) if d.get("src_scope") is not None else None,  # type: ignore[arg-type]
            tuple(d["tgt_scope"]) if d.get("tgt_scope") is not None else None,  # type: ignore[arg-type]
            d.get("meta", {}),
        )


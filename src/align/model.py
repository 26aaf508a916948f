"""The plain data model: one text, standoff layers of character spans over it.

Every stage reads and returns these values; TEI, TSV and JSON are views of them. No XML and no I/O
here, so a scholar can build, inspect and test documents with nothing but Python.

Offsets are half-open ``[start, end)`` and count code points of ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Mapping

from .errors import ModelError

__all__ = ["Span", "Layer", "Document", "Bead", "Alignment"]


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled range of the document text; ``attrs`` carries layer-specific values."""

    start: int
    end: int
    label: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int)) or not 0 <= self.start <= self.end:
            raise ModelError(f"[A001] bad span offsets ({self.start!r}, {self.end!r}): need 0 <= start <= end")
        object.__setattr__(self, "attrs", _frozen(self.attrs))

    def text(self, doc: "Document") -> str:
        return doc.text[self.start : self.end]

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.label, tuple(sorted(self.attrs.items()))))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "label": self.label}
        if self.attrs:
            d["attrs"] = dict(self.attrs)
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
        return hash((self.name, self.spans, self.producer))

    @property
    def has_overlap(self) -> bool:
        return any(b.start < a.end for a, b in zip(self.spans, self.spans[1:]))

    def within(self, start: int, end: int) -> tuple[Span, ...]:
        """Spans lying wholly inside ``[start, end)``."""
        return tuple(s for s in self.spans if s.start >= start and s.end <= end)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"spans": [s.to_dict() for s in self.spans], "producer": self.producer}
        if self.meta:
            d["meta"] = dict(self.meta)
        return d


@dataclass(frozen=True, slots=True)
class Document:
    """The only owner of the text; layers are added by returning a new Document."""

    text: str
    id: str = "doc"
    layers: Mapping[str, Layer] = field(default_factory=dict)
    provenance: tuple[str, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", _frozen(self.layers))
        object.__setattr__(self, "provenance", tuple(self.provenance))
        object.__setattr__(self, "meta", _frozen(self.meta))

    def __hash__(self) -> int:
        return hash((self.id, self.text, tuple(self.layers.values())))

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

    def to_dict(self) -> dict[str, Any]:
        """A plain standoff dict (spaCy's ``to_json`` shape); JSON-serialisable when attrs are."""
        return {
            "id": self.id,
            "text": self.text,
            "layers": {name: layer.to_dict() for name, layer in self.layers.items()},
            "provenance": list(self.provenance),
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Document":
        layers = {
            name: Layer(
                name,
                tuple(Span.from_dict(s) for s in ld.get("spans", ())),
                ld.get("producer", ""),
                ld.get("meta", {}),
            )
            for name, ld in d.get("layers", {}).items()
        }
        return cls(d["text"], d.get("id", "doc"), layers, tuple(d.get("provenance", ())), d.get("meta", {}))


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


def spans_from_pairs(pairs: Iterable[tuple[int, int]], label: str = "") -> tuple[Span, ...]:
    """Convenience for segmenters that produce ``(start, end)`` pairs."""
    return tuple(Span(a, b, label) for a, b in pairs)

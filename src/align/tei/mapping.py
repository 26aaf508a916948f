"""The declarative road from a layer to TEI: a layer name, the element it becomes, and its attributes.

A scholar's own layer reaches the TEI without touching the encoder::

    from align.tei.mapping import ElementMap, register_element_map
    register_element_map(ElementMap("honorific", "roleName", attrs={"type": "=honorific"}, label="subtype"))

Each span of the layer becomes one element over its characters, inserted inline where it nests with
the elements already placed; a span that would cross a boundary, or that lies outside running text,
is left out and counted (never forced), so the text is never changed by a mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import regex

from ..errors import EncodeError
from ..model import Span

__all__ = ["ElementMap", "register_element_map", "unregister_element_map", "element_maps"]

_NAME = regex.compile(r"^(?:xml:)?[A-Za-z_][\w.-]*$")


@dataclass(frozen=True)
class ElementMap:
    """``layer`` spans become ``element``; ``attrs`` maps a TEI attribute to the span attribute it
    copies (``{"ref": "ref"}``) or to a literal written ``"=value"``; ``label`` names the TEI attribute
    that receives the span's label (``None``: the label is not written)."""

    layer: str
    element: str
    attrs: Mapping[str, str] = field(default_factory=dict)
    label: str | None = None

    def __post_init__(self) -> None:
        for name in (self.element, *self.attrs, *([self.label] if self.label else [])):
            if not _NAME.match(name):
                raise EncodeError(f"[A403] {name!r} is not an XML name; use a TEI element or attribute name")
        if "resp" in self.attrs:
            # @resp marks what the edition added (align.tei.extract skips it): never on source text
            raise EncodeError("[A403] a mapping may not set @resp: it marks editorial additions, and these spans are source text")

    def attributes(self, span: Span) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.label and span.label:
            out[self.label] = span.label
        for tei_attr, source in self.attrs.items():
            if source.startswith("="):
                out[tei_attr] = source[1:]
            elif source in span.attrs and span.attrs[source] not in (None, ""):
                out[tei_attr] = str(span.attrs[source])
        return out


_MAPS: dict[str, ElementMap] = {}


def register_element_map(m: ElementMap, *, replace: bool = False) -> ElementMap:
    if m.layer in _MAPS and not replace and _MAPS[m.layer] != m:
        raise EncodeError(f"[A404] layer {m.layer!r} already maps to <{_MAPS[m.layer].element}>; pass replace=True")
    _MAPS[m.layer] = m
    return m


def unregister_element_map(layer: str) -> None:
    _MAPS.pop(layer, None)


def element_maps() -> tuple[ElementMap, ...]:
    """Registered mappings in layer-name order (so output never depends on registration order)."""
    return tuple(_MAPS[k] for k in sorted(_MAPS))

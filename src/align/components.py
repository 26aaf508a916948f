"""Registered components: every stage that reads layers and adds layers, and the pipeline that runs them.

A component is a pure function ``Document -> Document`` that declares its name, version, the layers it
requires and the layers it assigns (spaCy's ``@Language.component(requires=, assigns=)``). The
declarations let a :class:`Pipeline` check itself before running (:meth:`Pipeline.analyze`), name the
component to add when a layer is missing, and sign its output: the signature of every component that
made a file goes into the TEI header's ``appInfo``.

>>> from align.components import component, Pipeline
>>> @component("shout", requires=(), assigns=("shout",), version="1", register=False)
... def shout(doc):
...     from align.model import Layer, Span
...     return doc.with_layer(Layer("shout", (Span(0, len(doc.text), "all"),), producer="shout"))
>>> Pipeline([shout]).names
('shout',)

The registry is a plain dict owned by this module; tests that register components should remove
them again (:func:`unregister`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from .errors import ModelError
from .model import Document

__all__ = [
    "Component",
    "PairComponent",
    "component",
    "pair_component",
    "register",
    "unregister",
    "get_component",
    "components",
    "Pipeline",
]

ComponentFn = Callable[..., Document]


@dataclass(frozen=True)
class Component:
    """A named, versioned stage with its declared inputs (``requires``) and outputs (``assigns``)."""

    name: str
    func: ComponentFn
    version: str = "1"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    config: Mapping[str, Any] = field(default_factory=dict)
    doc: str = ""

    @property
    def signature(self) -> str:
        """``name:version``, plus the settings that change its output, sorted: ``sentences:1(splitter=rules)``.

        Plain values are shown as they are, a table (such as a script-to-language map) as ``k:v;k:v``;
        ``None`` (the built-in default) is left out."""
        shown = {k: _shown(v) for k, v in self.config.items()}
        shown = {k: v for k, v in shown.items() if v is not None}
        if not shown:
            return f"{self.name}:{self.version}"
        cfg = ",".join(f"{k}={shown[k]}" for k in sorted(shown))
        return f"{self.name}:{self.version}({cfg})"

    def configured(self, **config: Any) -> "Component":
        """The same component with settings passed to its function on every call."""
        merged = dict(self.config)
        merged.update(config)
        return dataclasses.replace(self, config=merged)

    def __call__(self, doc: Document) -> Document:
        missing = [r for r in self.requires if r not in doc.layers]
        if missing:
            raise ModelError(_missing_message(self.name, missing[0]))
        out = self.func(doc, **self.config)
        if not isinstance(out, Document):
            raise ModelError(f"[A024] component {self.name!r} returned {type(out).__name__}, not a Document; return doc.with_layer(...)")
        lacking = [a for a in self.assigns if a not in out.layers]
        if lacking:
            raise ModelError(f"[A025] component {self.name!r} declares layer {lacking[0]!r} but did not add it")
        return out.signed(self.signature)


@dataclass(frozen=True)
class PairComponent(Component):
    """A component over two Documents: an aligner. It requires its layers on both sides, assigns the
    ``alignment`` of a :class:`~align.model.Pair`, and returns that Pair, whose alignment carries the
    aligner's own signature (what the TEI header lists for it)."""

    def __call__(self, src: Document, tgt: Document | None = None) -> Any:  # type: ignore[override]
        from .model import Pair

        if tgt is None:
            raise ModelError(f"[A029] component {self.name!r} aligns two documents: call it with both, or use align.align(src, tgt)")
        for side, doc in (("source", src), ("target", tgt)):
            missing = [r for r in self.requires if r not in doc.layers]
            if missing:
                raise ModelError(_missing_message(self.name, missing[0]) + f" (on the {side} side)")
        out = self.func(src, tgt, **self.config)
        if not isinstance(out, Pair):
            raise ModelError(f"[A024] component {self.name!r} returned {type(out).__name__}, not a Pair")
        return out


def pair_component(
    name: str, *, requires: Iterable[str] = ("sentence",), version: str = "1", register: bool = True, replace: bool = False
) -> Callable[[Callable[..., Any]], PairComponent]:
    """Decorator for an aligner: ``@pair_component("aligner")`` over ``f(src, tgt, **settings) -> Pair``."""

    def wrap(func: Callable[..., Any]) -> PairComponent:
        comp = PairComponent(name, func, version, tuple(requires), ("alignment",), {}, (func.__doc__ or "").strip())
        if register:
            globals()["register"](comp, replace=replace)
        return comp

    return wrap


def _shown(v: Any) -> str | None:
    """A setting as it appears in a signature; None for settings a signature cannot show."""
    if v is None:
        return None
    if isinstance(v, (str, int, float, bool)):
        return str(v)
    table = v.to_dict() if hasattr(v, "to_dict") else v if isinstance(v, Mapping) else None
    if isinstance(table, Mapping):
        return ";".join(f"{k}:{table[k]}" for k in sorted(table))
    name = getattr(v, "name", None)  # a named settings object (a structure profile, say)
    return name if isinstance(name, str) and name else None


_REGISTRY: dict[str, Component] = {}


def register(comp: Component, *, replace: bool = False) -> Component:
    """Add ``comp`` to the registry; a second component of the same name needs ``replace=True``."""
    if comp.name in _REGISTRY and not replace and _REGISTRY[comp.name].func is not comp.func:
        raise ModelError(f"[A023] a component named {comp.name!r} is already registered; pass replace=True to replace it")
    _REGISTRY[comp.name] = comp
    return comp


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def component(
    name: str,
    *,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    version: str = "1",
    register: bool = True,
    replace: bool = False,
) -> Callable[[ComponentFn], Component]:
    """Decorator: ``@component("dates", requires=["block"], assigns=["date"])`` over ``f(doc) -> doc``."""

    def wrap(func: ComponentFn) -> Component:
        comp = Component(name, func, version, tuple(requires), tuple(assigns), {}, (func.__doc__ or "").strip())
        if register:
            globals()["register"](comp, replace=replace)
        return comp

    return wrap


def _load_builtins() -> None:
    """Import the modules that register the built-in components (on first look-up, not at import)."""
    import importlib

    for module in _BUILTIN_MODULES:
        importlib.import_module(module)


#: Modules whose import registers built-in components.
_BUILTIN_MODULES: list[str] = ["align.pipeline", "align.annotate.dates", "align.annotate.runs", "align.aligners.component", "align.annotate.core"]


def components() -> dict[str, Component]:
    """Every registered component by name (built-ins included)."""
    _load_builtins()
    return dict(_REGISTRY)


def get_component(name: str) -> Component:
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise ModelError(f"[A020] no component named {name!r}; known components: {known}") from None


def _missing_message(name: str, layer: str) -> str:
    makers = sorted(c.name for c in _REGISTRY.values() if layer in c.assigns)
    hint = f"run {' or '.join(repr(m) for m in makers)} before it" if makers else "add a component that assigns it"
    return f"[A021] component {name!r} requires layer {layer!r}, which the document lacks; {hint}"


def _document_component(c: Component) -> Component:
    if isinstance(c, PairComponent):
        raise ModelError(f"[A029] component {c.name!r} aligns two documents and cannot run in a pipeline over one; use align.align(src, tgt)")
    return c


class Pipeline:
    """An ordered list of components, checked before it runs; editable by name."""

    def __init__(self, steps: Sequence[Component | str] = ()):
        self.steps: list[Component] = [_document_component(get_component(s) if isinstance(s, str) else s) for s in steps]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.steps)

    def _index(self, name: str) -> int:
        for i, c in enumerate(self.steps):
            if c.name == name:
                return i
        raise ModelError(f"[A020] the pipeline has no component {name!r}; it has: {', '.join(self.names) or 'none'}")

    def add(self, comp: Component | str, *, before: str | None = None, after: str | None = None) -> "Pipeline":
        c = _document_component(get_component(comp) if isinstance(comp, str) else comp)
        if c.name in self.names:
            raise ModelError(f"[A023] the pipeline already has a component {c.name!r}; use replace()")
        if before is not None and after is not None:
            raise ModelError("[A026] give before= or after=, not both")
        if before is not None:
            self.steps.insert(self._index(before), c)
        elif after is not None:
            self.steps.insert(self._index(after) + 1, c)
        else:
            self.steps.append(c)
        return self

    def remove(self, name: str) -> "Pipeline":
        del self.steps[self._index(name)]
        return self

    def replace(self, name: str, comp: Component | str) -> "Pipeline":
        c = _document_component(get_component(comp) if isinstance(comp, str) else comp)
        self.steps[self._index(name)] = c
        return self

    def analyze(self, have: Iterable[str] = ()) -> list[str]:
        """Problems found without running: each requirement that no earlier step (or ``have``) meets."""
        layers = set(have)
        problems = []
        for c in self.steps:
            for r in c.requires:
                if r not in layers:
                    problems.append(_missing_message(c.name, r))
            layers.update(c.assigns)
        return problems

    def __call__(self, doc: Document) -> Document:
        problems = self.analyze(doc.layers)
        if problems:
            raise ModelError(problems[0])
        for c in self.steps:
            doc = c(doc)
        return doc

    @property
    def signatures(self) -> tuple[str, ...]:
        return tuple(c.signature for c in self.steps)

    def __repr__(self) -> str:
        return f"Pipeline({list(self.names)!r})"

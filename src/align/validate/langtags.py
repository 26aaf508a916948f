"""Is a well-formed BCP 47 tag made of registered subtags? (the IANA Language Subtag Registry)

A tag can be well-formed (RFC 5646 syntax, :func:`align.text.scripts.is_bcp47`) and still name nothing:
``latpunic`` has the shape of a 5-8 letter language subtag, but no such subtag is registered, so no
tool that selects, sorts or renders by language knows it. This module tells which subtag of a
well-formed tag is not in the registry, so the finding can say exactly what is wrong.

The registry is the copy the ``langcodes`` package ships (read lazily, once per process); without
that package nothing is reported (:func:`registry_available`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
import importlib.util
from pathlib import Path

from ..text.scripts import is_bcp47

__all__ = ["unregistered", "registry_available", "well_formed", "malformed_reason", "registered_form"]


@dataclass
class _Registry:
    subtags: dict[str, set[str]] = field(default_factory=dict)  # type -> lower-cased subtags
    ranges: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # type -> (first, last)
    tags: set[str] = field(default_factory=set)  # grandfathered and redundant whole tags

    def has(self, kind: str, subtag: str) -> bool:
        s = subtag.lower()
        if s in self.subtags.get(kind, ()):
            return True
        return any(len(lo) == len(s) and lo <= s <= hi for lo, hi in self.ranges.get(kind, ()))


_RECORD = re.compile(r"^Type: (\S+)\n(Subtag|Tag): (\S+)", re.M)


@functools.cache
def _registry() -> _Registry | None:
    """The registry's subtags by type. Only the first two lines of each record matter (its type, then
    its subtag or tag), so one regular expression over the file reads it in milliseconds."""
    spec = importlib.util.find_spec("langcodes")  # finds the package without importing it (~70 ms)
    if spec is None or not spec.submodule_search_locations:
        return None
    try:
        folder = Path(next(iter(spec.submodule_search_locations)))
        text = (folder / "data" / "language-subtag-registry.txt").read_text("utf-8")
    except (StopIteration, OSError):
        return None
    reg = _Registry()
    for kind, field_name, value in _RECORD.findall(text):
        value = value.lower()
        if field_name == "Tag":
            reg.tags.add(value)
        elif ".." in value:
            lo, hi = value.split("..", 1)
            reg.ranges.setdefault(kind, []).append((lo, hi))
        else:
            reg.subtags.setdefault(kind, set()).add(value)
    return reg


def registry_available() -> bool:
    return _registry() is not None


@functools.lru_cache(maxsize=4096)
def unregistered(tag: str) -> tuple[tuple[str, str], ...]:
    """``(kind, subtag)`` for every subtag of the well-formed ``tag`` that the registry lacks.

    ``kind`` is ``language``, ``extlang``, ``script``, ``region`` or ``variant``. Private-use parts
    (after ``x-``) and extensions (after another singleton) are not looked up: their meaning is
    defined elsewhere by design. Empty when the tag is fine or the registry is not available.
    """
    reg = _registry()
    if reg is None or tag.lower() in reg.tags:
        return ()
    parts = tag.split("-")
    if parts[0].lower() in ("x", "i"):
        return ()  # all private use, or an irregular grandfathered tag (checked as a whole above)
    bad: list[tuple[str, str]] = []
    if not reg.has("language", parts[0]):
        bad.append(("language", parts[0]))
    i = 1
    while i < len(parts) and i <= 3 and len(parts[i]) == 3 and parts[i].isalpha():
        if not reg.has("extlang", parts[i]):
            bad.append(("extlang", parts[i]))
        i += 1
    if i < len(parts) and len(parts[i]) == 4 and parts[i].isalpha():
        if not reg.has("script", parts[i]):
            bad.append(("script", parts[i]))
        i += 1
    if i < len(parts) and ((len(parts[i]) == 2 and parts[i].isalpha()) or (len(parts[i]) == 3 and parts[i].isdigit())):
        if not reg.has("region", parts[i]):
            bad.append(("region", parts[i]))
        i += 1
    while i < len(parts) and len(parts[i]) > 1:
        if not reg.has("variant", parts[i]):
            bad.append(("variant", parts[i]))
        i += 1
    return tuple(bad)


def malformed_reason(tag: str) -> str:
    """Why ``tag`` is not a well-formed BCP 47 tag, in a few words (for a tag that is not)."""
    if not tag.strip():
        return "it is empty"
    if tag != tag.strip():
        return "it has spaces around it"
    odd = next((ch for ch in tag if not (ch.isascii() and (ch.isalnum() or ch == "-"))), None)
    if odd is not None:
        what = "'_'; subtags are joined by '-'" if odd == "_" else f"{odd!r}; subtags are ASCII letters and digits joined by '-'"
        return f"it contains {what}"
    parts = tag.split("-")
    if "" in parts:
        return "it has an empty subtag (two '-' in a row, or one at an end)"
    long = next((p for p in parts if len(p) > 8), None)
    if long is not None:
        return f"subtag {long!r} is longer than 8 characters"
    first = parts[0]
    if not (first.isalpha() and (2 <= len(first) <= 8 or first.lower() in ("x", "i"))):
        return f"it starts with {first!r}, not a language subtag (2-8 letters)"
    lowered = [p.lower() for p in parts]
    singletons = [p for p in lowered if len(p) == 1]
    if len(singletons) != len(set(singletons)):
        return "an extension or private-use singleton occurs twice"
    if len(lowered) != len(set(lowered)):
        return "a subtag occurs twice"
    return "its subtags are not in the order language-extlang-Script-REGION-variant-extension-x-private"


def well_formed(tag: str) -> bool:
    """RFC 5646 well-formedness, including the 4- and 5-8-letter primary language subtags the grammar
    allows (``latpunic``): those are well-formed and merely unregistered, which ALN114 says precisely.
    :func:`align.text.scripts.is_bcp47` rejects them, to keep words such as ``english`` out of text tags."""
    if is_bcp47(tag):
        return True
    first, sep, rest = tag.partition("-")
    return first.isascii() and first.isalpha() and 4 <= len(first) <= 8 and is_bcp47("und" + sep + rest)


@functools.lru_cache(maxsize=1024)
def registered_form(tag: str) -> str | None:
    """The registered tag for an unregistered alias the ``langcodes`` package knows (``eng`` -> ``en``,
    ``ger`` -> ``de``: ISO 639-2 codes whose registered subtag is shorter); None when there is none.
    Imported only here, when a tag is already wrong: importing langcodes takes ~70 ms."""
    try:
        import langcodes

        better = langcodes.standardize_tag(tag)
    except Exception:  # langcodes missing, or a tag it cannot read: no suggestion
        return None
    return better if better.lower() != tag.lower() and not unregistered(better) else None

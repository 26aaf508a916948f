"""The gazetteer: authority entries, surnames, titles, terms, confusable names and a Korean lexicon,
read from documented TSV/text files (``align/data/gazetteer/README.md``) that users extend.

Data, not code: a project adds its own people and places with ``--gazetteer FILE_OR_FOLDER`` and
never edits the package. Files are read in name order, bundled first, so a user's file can add
forms to a bundled entry by giving its id again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import regex

from ..errors import ReadError
from ..resources import data_path
from ..text.romanize import normalize_hangul

__all__ = ["Entry", "Term", "Gazetteer", "load_gazetteer", "TYPES"]

#: Entity types and the TEI names they take: (list element, entry element, name element).
TYPES = {"person": ("listPerson", "person", "persName"), "place": ("listPlace", "place", "placeName"), "org": ("listOrg", "org", "orgName")}
_ID = regex.compile(r"^[A-Za-z_][\w.-]*$")


@dataclass
class Entry:
    """One authority entry: an id, a type, and its forms in Hangul and in Latin letters."""

    id: str
    type: str
    ko: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)
    abbr: list[str] = field(default_factory=list)
    source: str = "gazetteer"  # "gazetteer" or "text" (made from a mention in the text)

    @property
    def xml_id(self) -> str:
        return f"{self.type}.{self.id}"


@dataclass(frozen=True)
class Term:
    en: tuple[str, ...]
    ko: str
    gloss: str = ""

    @property
    def id(self) -> str:
        return "term." + regex.sub(r"[^a-z0-9]+", "-", self.en[0].casefold()).strip("-")


@dataclass(eq=False)
class Gazetteer:
    """Everything the annotators look up; compared and hashed by identity (it is cached)."""

    entries: dict[str, Entry] = field(default_factory=dict)  # by "type.id"
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Hangul -> Latin spellings
    confusables: list[tuple[str, str]] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    titles: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (lang, position) -> titles
    lexicon: frozenset[str] = frozenset()
    paths: tuple[str, ...] = ()

    def add(self, e: Entry) -> None:
        have = self.entries.get(e.xml_id)
        if have is None:
            self.entries[e.xml_id] = e
            return
        for attr in ("ko", "en", "abbr"):
            lst = getattr(have, attr)
            lst.extend(f for f in getattr(e, attr) if f not in lst)

    def surname_latin(self) -> dict[str, set[str]]:
        """Latin spelling (case-folded) -> the Hangul surnames it writes."""
        out: dict[str, set[str]] = {}
        for ko, ens in self.surnames.items():
            for en in ens:
                out.setdefault(en.casefold(), set()).add(ko)
        return out


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Data rows of a TSV file with a header (the header is checked by the caller), numbered from 1."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ReadError("[A310] gazetteer file is not UTF-8; save it as UTF-8", path=str(path)) from None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield n, [c.strip() for c in line.split("\t")]


def _forms(cell: str) -> list[str]:
    return [normalize_hangul(f.strip()) for f in cell.split("|") if f.strip()]


def _table(path: Path, want: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    header: list[str] | None = None
    for n, cells in _rows(path):
        if header is None:
            header = cells
            missing = [w for w in want if w not in header]
            if missing:
                raise ReadError(f"[A311] header lacks column {missing[0]!r}; the header line must name: {', '.join(want)}", path=str(path), line=n)
            continue
        yield n, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}


def _read_entities(g: Gazetteer, path: Path) -> None:
    for n, row in _table(path, ("id", "type", "ko", "en")):
        if row["type"] not in TYPES:
            raise ReadError(f"[A312] type {row['type']!r}: use person, place or org", path=str(path), line=n)
        if not _ID.match(row["id"]):
            raise ReadError(f"[A313] id {row['id']!r} is not an XML name; use letters, digits, '-', '.', '_'", path=str(path), line=n)
        ko, en = _forms(row["ko"]), _forms(row["en"])
        if not ko and not en:
            raise ReadError("[A314] an entry needs at least one form in the ko or en column", path=str(path), line=n)
        g.add(Entry(row["id"], row["type"], ko, en, _forms(row.get("abbr", ""))))


def _read_file(g: Gazetteer, path: Path) -> None:
    name = path.name
    if name.startswith("surnames"):
        for _, row in _table(path, ("ko", "en")):
            g.surnames[normalize_hangul(row["ko"])] = tuple(_forms(row["en"]))
    elif name.startswith("confusables"):
        for _, row in _table(path, ("a", "b")):
            g.confusables.append((normalize_hangul(row["a"]), normalize_hangul(row["b"])))
    elif name.startswith("terms"):
        for _, row in _table(path, ("en", "ko")):
            g.terms.append(Term(tuple(_forms(row["en"])), normalize_hangul(row["ko"]), row.get("gloss", "")))
    elif name.startswith("titles"):
        for n, row in _table(path, ("lang", "title", "position")):
            if row["position"] not in ("before", "after"):
                raise ReadError("[A315] position must be 'before' or 'after'", path=str(path), line=n)
            g.titles.setdefault((row["lang"], row["position"]), []).append(normalize_hangul(row["title"]))
    else:
        _read_entities(g, path)


def _files(p: Path) -> list[Path]:
    if p.is_dir():
        return sorted([*p.glob("*.tsv"), *p.glob("*lexicon*.txt")])
    if not p.exists():
        raise ReadError("[A316] gazetteer path not found; give a .tsv file or a folder of them", path=str(p))
    return [p]


def _read_lexicon(path: Path) -> set[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        w = normalize_hangul(line.strip())
        if w and not w.startswith("#"):
            words.add(w)
    return words


@lru_cache(maxsize=8)
def load_gazetteer(paths: tuple[str, ...] = (), *, bundled: bool = True) -> Gazetteer:
    """The bundled gazetteer plus the files or folders in ``paths`` (cached: treat it as read-only)."""
    g = Gazetteer(paths=tuple(paths))
    sources: list[Path] = [data_path("gazetteer")] if bundled else []
    sources += [Path(p) for p in paths]
    lexicon: set[str] = set()
    for src in sources:
        for f in _files(src):
            if f.suffix == ".txt":
                lexicon |= _read_lexicon(f)
            else:
                _read_file(g, f)
    g.lexicon = frozenset(lexicon)
    for titles in g.titles.values():  # longest first, so "Prime Minister" wins over "Minister"
        titles.sort(key=lambda t: (-len(t), t))
    return g


def iter_forms(g: Gazetteer, type_: str | None = None) -> Iterable[tuple[str, Entry]]:
    for e in g.entries.values():
        if type_ is None or e.type == type_:
            for f in (*e.ko, *e.en, *e.abbr):
                yield f, e

"""Page furniture that OCR leaves in running text: page numbers, running heads, footnotes, hyphens.

Small pure functions over strings; :mod:`align.text.structure` decides with their answers and the
block's neighbours. Nothing here removes text: furniture is marked (``fw``, ``pb``, ``note``,
``lb break="no"``) and stays in the edition, so the source can be read back from it.
"""

from __future__ import annotations

import regex

__all__ = [
    "is_page_number",
    "page_number_value",
    "running_head_key",
    "note_start",
    "note_anchors",
    "soft_break_at",
]

# "12", "- 12 -", "[12]", "(12)", "Page 12", "p. 12", "— xiv —", "12 페이지", "3.2"
_PAGE = regex.compile(
    r"^[\s\-–—=~·•*\[(]*(?:(?:page|p\.|pg\.|seite|s\.)\s*)?(?P<num>\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:페이지|쪽|면))?[\s\-–—=~·•*\])]*$",
    regex.IGNORECASE,
)
_DECIMAL = regex.compile(r"^\s*\d{1,3}\.\d{1,3}\s*$")
_UPPER_ROMAN = regex.compile(r"^[\s\-–—(\[]*[IVXLCDM]+\.?[\s\-–—)\]]*$")


def is_page_number(line: str) -> bool:
    """A line that is only a page number (or a stray number of the same look, such as ``3.2``).

    An upper-case Roman numeral alone is a chapter number, not a page number; a lower-case one is a
    page of front matter.
    """
    t = line.strip()
    if not t or len(t) > 16:
        return False
    if _DECIMAL.match(t):
        return True
    if _UPPER_ROMAN.match(t) and not regex.search(r"(?i)page|p\.", t):
        return False
    return bool(_PAGE.match(t))


def page_number_value(line: str) -> str | None:
    """The number printed on a page-number line (digits or a lower-case Roman numeral)."""
    m = _PAGE.match(line.strip())
    return m["num"] if m else None


_EDGE_NUMBER = regex.compile(r"^\s*\d{1,4}\s+|\s+\d{1,4}\s*$")


_SENTENCE_END = regex.compile(r"[.!?…][\"”’»)]*$")
_OPEN_QUOTE = regex.compile(r"^[\"“‘«„「『'(]")
_ANY_LETTER = regex.compile(r"\p{L}")
_SENTENCE_INSIDE = regex.compile(r"[.!?]\s+\p{Lu}")


def running_head_key(line: str) -> str | None:
    """A normalised form of a candidate running head (page number at either end removed), or None
    when the line cannot be one (too long, a sentence, no letters)."""
    t = line.strip()
    if not t or len(t) > 70 or "\n" in t:
        return None
    if _SENTENCE_END.search(t) or _OPEN_QUOTE.match(t):
        return None  # a sentence or a quotation, not a title
    core = _EDGE_NUMBER.sub("", t).strip(" .·-–—|")
    if not _ANY_LETTER.search(core) or _SENTENCE_INSIDE.search(core) or len(core.split()) > 10:
        return None
    return " ".join(core.casefold().split())


def has_edge_number(line: str) -> bool:
    """``12 THE TITLE`` or ``THE TITLE 13``: a page number printed beside a running head."""
    return bool(_EDGE_NUMBER.search(line.strip().join("  ")))


_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_VALUE = {c: str(i) for i, c in enumerate(_SUP)}
# the marker a footnote begins with: [1], 1., 1), ¹, *, †
_NOTE_START = regex.compile(rf"^\s*(?:\[(?P<b>\d{{1,3}})\]|(?P<d>\d{{1,3}})[.)]?(?=\s)|(?P<s>[{_SUP}]+)|(?P<sym>\*{{1,3}}|†|‡))\s*\S")
# anchors in running text: [1] after a word, ¹ anywhere, a number glued to a word's end or after its
# punctuation ("word.12 ", "word,3 "), a dagger
_ANCHOR = regex.compile(
    rf"(?<=\S)\[(?P<b>\d{{1,3}})\]|(?P<s>[{_SUP}]+)|(?<=\p{{Ll}}[.,;:!?\"”’)]?)(?P<d>\d{{1,2}})(?=[\s.,;:]|$)|(?<=\S)(?P<sym>†|‡)"
)


def note_start(text: str) -> tuple[str, str] | None:
    """(marker kind, number) when ``text`` begins like a footnote: ``[1] …``, ``1. …``, ``¹ …``, ``† …``."""
    m = _NOTE_START.match(text)
    if not m:
        return None
    if m["b"]:
        return "b", m["b"]
    if m["d"]:
        return "d", m["d"]
    if m["s"]:
        return "s", "".join(_SUP_VALUE[c] for c in m["s"])
    return "sym", m["sym"]


def note_anchors(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, str]]:
    """Candidate note anchors in ``text[start:end]``: (start, end, kind, number)."""
    out = []
    for m in _ANCHOR.finditer(text, start, len(text) if end is None else end):
        if m["b"]:
            out.append((m.start(), m.end(), "b", m["b"]))
        elif m["s"]:
            out.append((m.start(), m.end(), "s", "".join(_SUP_VALUE[c] for c in m["s"])))
        elif m["d"]:
            out.append((m.start(), m.end(), "d", m["d"]))
        else:
            out.append((m.start(), m.end(), "sym", m["sym"]))
    return out


_HYPHEN_END = regex.compile(r"\p{L}[-\u00ad\u2010]$")
_LOWER_START = regex.compile(r"^\s*\p{Ll}")


def soft_break_at(before: str, after: str) -> bool:
    """A line ending in a letter and a hyphen, followed by one starting in lower case: the word runs
    on across the line break (``lb break="no"``), whether the hyphen is the printer's or the word's."""
    return bool(_HYPHEN_END.search(before.rstrip(" \t"))) and bool(_LOWER_START.match(after))

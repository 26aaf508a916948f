"""Light Markdown emphasis (``**bold**``, ``*italic*``) as a standoff layer, and the one place that
defines how the source text maps to the TEI text.

The mapping, exactly: the text content of the TEI ``<text>`` element (minus editorial additions, see
:mod:`align.tei.extract`) equals the source text with every emphasis marker removed, and nothing else
removed or added. Blank-line layout is kept as white space between elements. Putting the markers back
(``hi[@rend='bold']`` → ``**…**``, ``hi``/``title`` with ``@rend='italic'`` → ``*…*``) gives the source byte for byte.
"""

from __future__ import annotations

import regex

from ..model import Document, Layer, Span

__all__ = ["MARKERS", "markup_layer", "marker_ranges", "strip_markers", "plain_text"]

#: Marker string → rend value. Longest first, so ``**`` is never read as two ``*``.
MARKERS: dict[str, str] = {"**": "bold", "*": "italic"}

# An emphasis run: opening marker, content that neither starts nor ends with white space and does not
# cross a blank line, the same marker closing. Content may wrap onto following lines (display titles).
_EMPHASIS = regex.compile(
    r"""
    (?P<m>\*\*|\*)               # marker
    (?=\S)(?!\*)                 # content starts at once, and not with another star
    (?P<body>(?:(?!\n[ \t]*\n).)+?)
    (?<=\S)(?<!\*)               # content ends with a non-space, non-star
    (?P=m)
    (?!\*)
    """,
    regex.VERBOSE | regex.DOTALL,
)


def markup_layer(text: str) -> Layer:
    """Layer ``markup``: one span per emphasis run, covering the markers; ``attrs['marker']`` is the marker."""
    spans = []
    for m in _EMPHASIS.finditer(text):
        marker = m.group("m")
        spans.append(Span(m.start(), m.end(), MARKERS[marker], {"marker": marker}))
    return Layer("markup", tuple(spans), producer="markdown-emphasis")


def marker_ranges(layer: Layer) -> list[tuple[int, int]]:
    """The character ranges of the markers themselves (two per span), sorted."""
    out: list[tuple[int, int]] = []
    for s in layer:
        n = len(s.attrs["marker"])
        out.append((s.start, s.start + n))
        out.append((s.end - n, s.end))
    out.sort()
    return out


def strip_markers(text: str, ranges: list[tuple[int, int]]) -> str:
    parts, pos = [], 0
    for a, b in ranges:
        parts.append(text[pos:a])
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def plain_text(doc: Document) -> str:
    """What the TEI text content must equal: the source minus emphasis markers."""
    layer = doc.layers.get("markup") or markup_layer(doc.text)
    return strip_markers(doc.text, marker_ranges(layer))

"""The ``dates`` component: every date and period in the text as a ``date`` layer.

Recognition is :func:`align.text.dates.find_dates`; this module only runs it block by block (a blank
line ends any date) and keeps what it finds as spans, so the encoder, the header and a scholar's own
code read one layer instead of each searching the text again.
"""

from __future__ import annotations

from ..components import component
from ..model import Document, FrozenMap, Layer, Span
from ..text.dates import find_dates

__all__ = ["DATES", "date_layer"]


def date_layer(doc: Document) -> Layer:
    """Layer ``date``: label ``date`` (one day, month or year: ``attrs['when']``) or ``range``
    (``attrs['from']``/``attrs['to']``); ``attrs['calendar']`` names a non-Gregorian source calendar."""
    spans: list[Span] = []
    blocks = doc.layers.get("block")
    ranges = [(b.start, b.end) for b in blocks] if blocks is not None else [(0, len(doc.text))]
    for a, z in ranges:
        for d in find_dates(doc.text, a, z):
            attrs = {"when": d.when} if d.when else {k: v for k, v in (("from", d.from_), ("to", d.to)) if v}
            if d.calendar:
                attrs["calendar"] = d.calendar
            # attrs made here, of strings only: already what freezing would make
            spans.append(Span(d.start, d.end, "date" if d.when else "range", FrozenMap._own(attrs)))
    spans.sort(key=lambda s: (s.start, -s.end))
    return Layer("date", tuple(spans), producer="align.text.dates")


@component("dates", requires=("block",), assigns=("date",), version="1")
def DATES(doc: Document) -> Document:
    """Dates and periods of running text (``October 1926-August 1945``, ``2000년 6월 15일``, ``Juche 109``)."""
    return doc.with_layer(date_layer(doc), replace_existing=True)

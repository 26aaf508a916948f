"""A side-by-side HTML view of an aligned pair: one self-contained file, no network.

The two texts stand in two columns, each in its paragraphs (the ``block`` layer), each sentence a
focusable element that knows its bead (``data-b``). The page's script (``view.js``, inlined) joins
them: clicking a sentence, or Enter/Space on it, highlights it and its counterparts and scrolls
those level with it; scrolling one column keeps linked sentences level in the other; ``j``/``k``
walk the beads. Sentences of a null bead, and sentences no bead names, are marked and say so.

The page is built as an element tree and written by lxml's HTML serialiser, so every piece of text
from the TEI is escaped by the serialiser, never pasted into markup. Styles and script are the
package's own files, inlined.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Sequence

import regex
from lxml import etree, html

from .. import __version__
from ..model import Document, Span
from .base import Written
from .chars import xml_safe
from .reader import AlignedPair, sentence_ids

__all__ = ["to_html"]

_LANG_NAMES = {
    "ko": "Korean", "en": "English", "ja": "Japanese", "zh": "Chinese", "de": "German", "fr": "French",
    "ru": "Russian", "es": "Spanish", "it": "Italian", "la": "Latin", "vi": "Vietnamese",
}  # fmt: skip
_HEADINGS = {"head", "docTitle", "titlePart"}
_INK = regex.compile(r"\S")
_BLANK_LINE = regex.compile(r"\n[^\S\n]*\n\s*")


def _asset(name: str) -> str:
    return (resources.files("align.export") / name).read_text(encoding="utf-8")


class _Text:
    """Counts what XML cannot hold while the page is built."""

    def __init__(self) -> None:
        self.replaced = 0

    def __call__(self, s: str) -> str:
        out, n = xml_safe(s)
        self.replaced += n
        return out


def _lang_name(code: str) -> str:
    base = code.split("-")[0].lower()
    return f"{_LANG_NAMES.get(base, code)} ({code})"


def _paragraphs(doc: Document) -> list[tuple[int, int, str]]:
    """The text cut at every block boundary; pieces with ink, each with its innermost block's name."""
    blocks = list(doc.layer("block")) if "block" in doc.layers else []
    cuts = {0, len(doc.text)}
    for blk in blocks:
        cuts.update((blk.start, blk.end))
    for m in _BLANK_LINE.finditer(doc.text):  # a blank line parts paragraphs, also inside one big block
        cuts.update((m.start(), m.end()))
    edges = sorted(cuts)
    out = []
    order = sorted(blocks, key=lambda s: (s.start, -s.end))
    stack: list[Span] = []  # the blocks open at the current piece, innermost last (they nest, as in XML)
    j = 0
    for a, b in zip(edges, edges[1:]):
        while j < len(order) and order[j].start <= a:
            while stack and stack[-1].end <= order[j].start:
                stack.pop()
            stack.append(order[j])
            j += 1
        while stack and stack[-1].end <= a:
            stack.pop()
        if not _INK.search(doc.text, a, b):
            continue
        out.append((a, b, stack[-1].label if stack and stack[-1].end >= b else ""))
    return out


def _bead_maps(pair: AlignedPair) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    src: dict[int, list[int]] = defaultdict(list)
    tgt: dict[int, list[int]] = defaultdict(list)
    for n, b in enumerate(pair.alignment):
        for i in b.src:
            src[i].append(n)
        for j in b.tgt:
            tgt[j].append(n)
    return src, tgt


def _pane(doc: Document, side: str, beads_of: dict[int, list[int]], pair: AlignedPair, clean: _Text) -> etree._Element:
    lang = str(doc.meta.get("lang") or "und")
    section = etree.Element("section", {"class": f"pane pane-{side}", "lang": lang, "id": f"pane-{side}"})
    section.set("aria-labelledby", f"title-{side}")
    h2 = etree.SubElement(section, "h2", {"id": f"title-{side}", "class": "pane-title", "lang": "en"})
    h2.text = clean(_lang_name(lang))
    element = str(doc.meta.get("element") or "")
    if element:
        small = etree.SubElement(h2, "span", {"class": "pane-id"})
        small.text = clean(f"#{element}")
    scroller = etree.SubElement(section, "div", {"class": "scroll", "data-side": side, "tabindex": "-1"})
    sents: Sequence[Span] = doc.layer("sentence").spans
    ids = sentence_ids(doc)
    beads = pair.alignment.beads
    breaks = sorted({sp.start for sp in doc.layers["break"]}) if "break" in doc.layers else []
    k = 0  # the first sentence that may still overlap the piece
    for a, b, label in _paragraphs(doc):
        tag = "h3" if label in _HEADINGS else "p"
        para = etree.SubElement(scroller, tag, {"class": f"blk blk-{label or 'text'}"})
        pos = a
        last: etree._Element | None = None

        def put(host: etree._Element, after: etree._Element | None, start: int, end: int) -> etree._Element | None:
            """doc.text[start:end] into ``host`` after its child ``after``, a <br> at each line break
            (none at the paragraph's very start); returns the new last child."""
            cut = bisect_left(breaks, max(start, a + 1))
            while start < end:
                stop = breaks[cut] if cut < len(breaks) and breaks[cut] < end else end
                if stop > start:
                    chunk = clean(doc.text[start:stop])
                    if after is None:
                        host.text = (host.text or "") + chunk
                    else:
                        after.tail = (after.tail or "") + chunk
                if stop < end:
                    after = etree.SubElement(host, "br")
                    cut += 1
                start = stop
            return after

        while k < len(sents) and sents[k].end <= a:
            k += 1
        i = k
        while i < len(sents) and sents[i].start < b:
            s = sents[i]
            if s.end <= a or s.start == s.end:
                i += 1
                continue
            lo, hi = max(s.start, a), min(s.end, b)
            last = put(para, last, pos, lo)
            own = beads_of.get(i, [])
            kinds = {beads[n].kind for n in own}
            classes = ["s"]
            if not own:
                classes.append("unlinked")
            elif all(beads[n].is_null for n in own):
                classes.append("null")
            span = etree.SubElement(
                para,
                "span",
                {
                    "class": " ".join(classes),
                    "data-i": str(i),
                    "data-b": " ".join(map(str, own)),
                    "tabindex": "0",
                    "role": "button",
                    "id": f"{side}-{i}" if lo == s.start else f"{side}-{i}-{lo}",
                },
            )
            if ids[i]:
                span.set("data-id", clean(ids[i]))
            if not own:
                span.set("title", clean(f"{ids[i] or 'sentence'}: in no bead"))
            elif "null" in classes:
                span.set("title", clean(f"{ids[i] or 'sentence'}: no counterpart ({', '.join(sorted(kinds))} bead)"))
            else:
                span.set("title", clean(f"{ids[i] or 'sentence'} ({', '.join(sorted(kinds))})"))
            put(span, None, lo, hi)
            last = span
            pos = hi
            i += 1
        put(para, last, pos, b)
    return section


def to_html(pair: AlignedPair, *, title: str | None = None) -> Written:
    """The view as HTML bytes; ``units`` counts beads, ``replaced`` the characters XML forbids."""
    clean = _Text()
    src_beads, tgt_beads = _bead_maps(pair)
    source = Path(str(pair.alignment.meta.get("source") or "")).name
    heading = title or (f"{source}: aligned sentences" if source else "Aligned sentences")
    beads = pair.alignment.beads
    n_null = sum(1 for b in beads if b.is_null)
    n_many = sum(1 for b in beads if not b.is_null and (len(b.src) > 1 or len(b.tgt) > 1))
    unlinked = (len(pair.src.layer("sentence")) - len(src_beads)) + (len(pair.tgt.layer("sentence")) - len(tgt_beads))

    root = etree.Element("html", {"lang": "en"})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "meta", {"charset": "utf-8"})
    etree.SubElement(head, "meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"})
    etree.SubElement(head, "meta", {"name": "generator", "content": f"align {__version__}"})
    # no request leaves the page: nothing but what is inline, no images from elsewhere
    etree.SubElement(
        head,
        "meta",
        {
            "http-equiv": "Content-Security-Policy",
            "content": "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:",
        },
    )
    t = etree.SubElement(head, "title")
    t.text = clean(heading)
    style = etree.SubElement(head, "style")
    style.text = _asset("view.css")

    body = etree.SubElement(root, "body")
    top = etree.SubElement(body, "header", {"class": "top"})
    h1 = etree.SubElement(top, "h1")
    h1.text = clean(heading)
    stats = etree.SubElement(top, "p", {"class": "stats"})
    parts = [
        f"{len(beads)} beads",
        f"{len(beads) - n_null - n_many} one-to-one",
        f"{n_many} merged or split",
        f"{n_null} without counterpart",
    ]
    if unlinked:
        parts.append(f"{unlinked} sentences in no bead")
    stats.text = clean(" · ".join(parts))
    if pair.alignment.signature:
        sig = etree.SubElement(top, "p", {"class": "sig"})
        sig.text = clean(pair.alignment.signature)
    help_ = etree.SubElement(top, "p", {"class": "help", "id": "help"})
    help_.text = (
        "Click a sentence, or focus it with Tab and press Enter, to light up its counterpart. "
        "j / k: next / previous bead. Scrolling one side keeps linked sentences level. "
    )
    legend = etree.SubElement(help_, "span", {"class": "legend"})
    for cls, text in (("s sel", "selected"), ("s hit", "counterpart"), ("s null", "no counterpart")):
        item = etree.SubElement(legend, "span", {"class": cls})
        item.text = text
        item.tail = " "

    main = etree.SubElement(body, "main", {"class": "panes", "aria-describedby": "help"})
    main.append(_pane(pair.src, "src", src_beads, pair, clean))
    main.append(_pane(pair.tgt, "tgt", tgt_beads, pair, clean))
    status = etree.SubElement(
        body, "footer", {"class": "status", "id": "status", "role": "status", "aria-live": "polite"}
    )
    status.text = ""
    script = etree.SubElement(body, "script")
    script.text = _asset("view.js")
    data = html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8", method="html") + b"\n"
    return Written(data, len(beads), clean.replaced)

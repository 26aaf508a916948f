"""Structure recovery window by window: the layers of :func:`~align.text.structure.recover_structure`,
in working memory bounded by a window of blocks instead of the whole text.

Why: the whole-document pass holds a working unit (with a copy of its text) for every block of the
text, and the block layer it returns, about a kilobyte per block; on a long text that is several times
the text itself. Here the blocks go through the steps of ``recover_structure`` a window at a time and
wait on disk between passes; only facts about the whole text stay in memory.

The passes (each reads the text, or the previous pass's windows, in order):

1. running-head candidates counted over every line (``_split_lines`` needs the counts);
2. blocks split where lines are furniture, headings or attributions; the facts of page furniture
   (is there evidence of page breaks anywhere; which one-line blocks repeat as running heads, and
   where each first occurs);
3. windows cut between blocks at *safe points* (below); in each, furniture, joined paragraphs and
   every kind of block except quotations; reported back: the text's numbered heading ranks, whether it
   has explicit chapters, the paragraphs' first-line indents, whether a heading follows the title page,
   Markdown title facts. The first window waits for the rest (its title page needs them);
4. in each window, the ranks of headings, quotations, the closing touches and the groups inside
   windows; note ids renumbered to continue the count; title pages, front, body, back and divisions
   from a skeleton of the text (its title page, its headings with the block before each, its colophon).

A safe point lies between two blocks ``a`` and ``b``, where ``a``, ``b`` and the block after ``b`` are
each long, plain prose in the main language (longer than a heading or caption can be, no list, figure,
Markdown quotation or bold display line, no line indented), ``a`` ends a sentence and is not in
quotation marks, a byline or verse, no salutation stands in the 80 blocks before (a letter is looked
for that far) and no footnote opens in the 12 after (a note looks that far back for its anchor). At
such a point no rule of the classifier looks across the cut and sees anything but what it would see in
the whole text: ``b`` cannot continue ``a`` (``a`` ends a sentence), neither can be a heading, period
line, title, colophon, attribution, caption, stanza or part of an embedded run. What a window cannot
check itself (a quotation at either side of the cut once the text's indentation is known; a
salutation or footnote that only shows after paragraphs are joined) is checked after the fact, and a
text where it fails is done whole, the same as ``recover_structure`` (never a different result).

A text with no safe point is one window (its memory then grows with it); the ``treaty`` profile, whose
closer follows the text's last heading, is always done whole.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any, Iterator

from ..model import Document, FrozenMap, Layer, Span, freeze
from . import furniture
from .profiles import StructureConfig
from .structure import (
    _BYLINE,
    _LETTER_SPAN,
    _NOTE_LOOKBACK,
    _DEFAULT_CONFIG,
    COLOPHON,
    _LETTER,
    _SALUTE,
    ends_sentence,
    _Unit,
    WindowFacts,
    _classify,
    _display_line,
    _display_ranks,
    _figure_evidence,
    _finish,
    _first_indents,
    _groups,
    _GROUP_ORDER,
    _heading_like,
    _indent,
    _inner_groups,
    _is_bold_block,
    _is_list,
    _join_continuations,
    _lang_of,
    _lines,
    _mark_furniture,
    _mark_quotations,
    _norm,
    _one_script,
    _quoted,
    _split_lines,
    _title_repeats,
    _unit_head_key,
    _unmarked,
    _verse,
    _word_heading_ranks,
    iter_block_spans,
    recover_structure,
    running_head_counts,
)

import regex

__all__ = ["DEFAULT_WINDOW_CHARS", "StructureWindows", "structure_windows", "recover_structure_windowed"]

#: Characters of text per window (cut at the first safe point after this many).
DEFAULT_WINDOW_CHARS = 1_000_000

#: A letter's closing is looked for this many blocks after its salutation; a footnote looks this
#: many blocks back for its anchor.
_SALUTE_REACH = _LETTER_SPAN
_NOTE_REACH = _NOTE_LOOKBACK
_H2 = regex.compile(r"#{2,6}\s")
# a line indented by two or more (a tab counts four; blocks hold no blank lines)
_INDENTED_LINE = regex.compile(r"(?m)^(?: [ \t]|\t)")


class _Unsafe(Exception):
    """A cut turned out not to be safe: the text is done whole."""


class _Spill:
    """Pickled windows in a temporary file, read back in any order; memory holds only offsets."""

    def __init__(self) -> None:
        self.fh: IO[bytes] = tempfile.TemporaryFile(prefix="align-structure-")
        self.where: list[tuple[int, int]] = []

    def put(self, obj: Any) -> int:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        self.fh.seek(0, os.SEEK_END)
        self.where.append((self.fh.tell(), len(data)))
        self.fh.write(data)
        return len(self.where) - 1

    def get(self, i: int) -> Any:
        pos, n = self.where[i]
        self.fh.seek(pos)
        return pickle.loads(self.fh.read(n))

    def close(self) -> None:
        self.fh.close()


def _pack(units: list[_Unit]) -> list[tuple]:
    return [(u.start, u.end, u.lang, u.kind, u.attrs, u.head_key) for u in units]


def _unpack(rows: list[tuple], text: str) -> list[_Unit]:
    return [_Unit(a, b, text[a:b], lang, kind, attrs, key) for a, b, lang, kind, attrs, key in rows]


@dataclass
class StructureWindows:
    """The structure of a text as windows of blocks: ``blocks()`` yields each window's block spans
    in order (the same spans, joined, as ``recover_structure``'s block layer); ``groups`` is the
    whole group layer (a few spans per division, figure or quotation)."""

    main_lang: str
    groups: Layer
    block_producer: str = "structure-rules"
    _spill: _Spill | None = None
    _whole: Document | None = None
    windows: int = 1

    def blocks(self) -> Iterator[tuple[Span, ...]]:
        if self._whole is not None:
            yield tuple(self._whole.layer("block"))
            return
        assert self._spill is not None
        own = FrozenMap._own
        for i in range(len(self._spill.where)):
            # spilled as tuples (start, end, label, frozen attrs as a dict): pickling spans themselves
            # goes through the dataclass machinery, several times slower
            yield tuple([Span(a, b, label, own(attrs)) for a, b, label, attrs in self._spill.get(i)])

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()


# ---------------------------------------------------------------------------------------------
# Safe points


class _Flags:
    """What a block allows for a cut beside it. ``salute`` and ``note`` are read for every block;
    ``plain`` and ``left`` only for the few blocks where a cut is tried, so they wait until asked."""

    __slots__ = ("u", "main_lang", "cfg", "salute", "note", "_plain", "_left")

    def __init__(self, u: _Unit, main_lang: str, cfg: StructureConfig):
        self.u, self.main_lang, self.cfg = u, main_lang, cfg
        self.salute = _salute(u)
        self.note = _note(u)
        self._plain: bool | None = None
        self._left: bool | None = None

    @property
    def plain(self) -> bool:
        """Long plain prose in the main language: may stand on either side of a cut."""
        if self._plain is None:
            u, cfg = self.u, self.cfg
            t = u.stripped
            # longer than a heading, display line, attribution or one-line colophon statement can be
            self._plain = (
                len(t) > max(cfg.max_heading_chars, 120)
                and u.lang in (None, self.main_lang)
                and not u.attrs.get("split")
                and not t.startswith((">", "#", "*", "!", "["))
                and not _INDENTED_LINE.search(u.text)
                and _figure_evidence(_unmarked(t)) is None
                and not _is_list(t)
                and not _is_bold_block(u.text)
            )
        return self._plain

    @property
    def left(self) -> bool:
        """Plain, and may stand just before a cut."""
        if self._left is None:
            u, cfg = self.u, self.cfg
            t = u.stripped
            self._left = (
                self.plain
                and bool(ends_sentence(u.text))
                and not _quoted(t)
                and not _BYLINE.match(_unmarked(t))
                and not (cfg.verse and _verse(u.text, cfg))
                and not _display_line(t, cfg)
                and not any(COLOPHON.match(x) for x in [_unmarked(t), *_unmarked(t).splitlines()])
            )
        return self._left


def _salute(u: _Unit) -> bool:
    t = u.stripped
    if "\n" in t or (len(t) > 50 and "*" not in t):
        return False  # (unmarking only takes stars away)
    t = _unmarked(t)
    return len(t) <= 50 and bool(_SALUTE.match(t))


def _note(u: _Unit) -> bool:
    return furniture.note_start(u.text) is not None


# ---------------------------------------------------------------------------------------------
# The passes


def _raw_units(text: str, cfg: StructureConfig, batch: int = 2000) -> Iterator[list[_Unit]]:
    units: list[_Unit] = []
    for a, b in iter_block_spans(text):
        piece = text[a:b]
        units.append(_Unit(a, b, piece, _lang_of(text, a, b, cfg.languages, piece)))
        if len(units) >= batch:
            yield units
            units = []
    if units:
        yield units


@dataclass
class _FurnitureFacts:
    evidence: bool = False
    heads: dict[str, list] = field(default_factory=dict)  # key -> [count, any edge, first start]

    def facts(self) -> tuple[bool, dict[str, int]]:
        firsts = {k: r[2] for k, r in self.heads.items() if r[0] >= 3 and r[1]}
        return self.evidence or bool(firsts), firsts


def _split_pass(text: str, cfg: StructureConfig, keys: dict[str, int], spill: _Spill) -> tuple[_FurnitureFacts, int]:
    """Pass 2: split blocks (to ``spill``, in batches) and gather the furniture facts, as
    ``_mark_furniture`` computes them over the whole text."""
    ff = _FurnitureFacts()
    count = 0

    nums: dict[int, bool] = {}  # is_page_number of the (at most three) units in view, by start

    def is_num(u: _Unit | None) -> bool:
        if u is None:
            return False
        v = nums.get(u.start)
        if v is None:
            if len(nums) > 8:
                nums.clear()
            v = nums[u.start] = furniture.is_page_number(u.stripped)
        return v

    def look(prev: _Unit | None, cur: _Unit, nxt: _Unit | None) -> None:
        if cur.attrs.get("split"):
            ff.evidence = True
            return
        if is_num(cur) and prev is not None and nxt is not None:
            if _LETTER.search(prev.text) and not ends_sentence(prev.text) and not _display_line(prev.stripped, _DEFAULT_CONFIG):
                ff.evidence = True
        k = _unit_head_key(cur)
        if k:
            edge = furniture.has_edge_number(cur.stripped) or is_num(prev) or is_num(nxt)
            rec = ff.heads.get(k)
            if rec is None:
                ff.heads[k] = [1, edge, cur.start]
            else:
                rec[0] += 1
                rec[1] = rec[1] or edge

    prev = cur = None
    for raw in _raw_units(text, cfg):
        units = _split_lines(raw, text, cfg, keys)
        for u in units:
            _unit_head_key(u)  # kept on the unit, for look() below and _mark_furniture after the spill
        spill.put(_pack(units))
        for nxt in units:
            count += 1
            if cur is not None:
                look(prev, cur, nxt)
            prev, cur = cur, nxt
    if cur is not None:
        look(prev, cur, None)
    return ff, count


def _split_units(spill: _Spill, text: str) -> Iterator[_Unit]:
    for i in range(len(spill.where)):
        yield from _unpack(spill.get(i), text)


def _windows_of_split(units: Iterator[_Unit], main_lang: str, cfg: StructureConfig, window_chars: int) -> Iterator[list[_Unit]]:
    """Split units cut into windows at safe points (see the module docstring)."""
    buf: list[_Unit] = []
    flags: list[_Flags] = []
    last_salute = -1  # index in buf of the last salutation
    notes: list[int] = []  # indices in buf of note openings
    start_chars = 0
    p = 0  # the next cut candidate: between buf[p-1] and buf[p]

    def cuts(ended: bool) -> Iterator[list[_Unit]]:
        nonlocal buf, flags, last_salute, notes, start_chars, p
        # a candidate p needs buf[p+1] (the block after b) and the _NOTE_REACH blocks from p
        while p + 1 < len(buf) and (ended or p + _NOTE_REACH < len(buf)):
            if p >= 1 and buf[p - 1].end - start_chars >= window_chars and _safe(p, flags, last_salute, notes):
                window = buf[:p]
                del buf[:p], flags[:p]
                last_salute -= p
                notes = [i - p for i in notes if i >= p]
                start_chars = buf[0].start
                p = 0
                yield window
                continue
            p += 1

    for u in units:
        buf.append(u)
        f = _Flags(u, main_lang, cfg)
        flags.append(f)
        if f.salute:
            last_salute = len(buf) - 1
        if f.note:
            notes.append(len(buf) - 1)
        if len(buf) == 1:
            start_chars = u.start
        yield from cuts(False)
    yield from cuts(True)
    if buf:
        yield buf


def _safe(p: int, flags: list[_Flags], last_salute: int, notes: list[int]) -> bool:
    a, b, c = flags[p - 1], flags[p], flags[p + 1]
    if not (b.plain and c.plain and a.left):
        return False
    if 0 <= last_salute < p and last_salute >= p - _SALUTE_REACH:
        return False
    return not any(p <= i < p + _NOTE_REACH for i in notes)


def _check_cut(units: list[_Unit], first: bool, last: bool, titles: frozenset) -> None:
    """After joining: what the split blocks could not show (see the module docstring)."""
    if not first and any(_note(u) for u in units[:_NOTE_REACH]):
        raise _Unsafe("a footnote near a cut")
    if not last:
        if any(_salute(u) for u in units[-_SALUTE_REACH:]):
            raise _Unsafe("a salutation near a cut")
        if _norm(_unmarked(units[-1].stripped)) in titles:
            raise _Unsafe("a title repeated at a cut")


@dataclass
class _TextFacts:
    later: bool = False
    h1: int = 0
    h2: bool = False
    numbered: list = field(default_factory=list)
    explicit_chapters: bool = False
    indents: Counter = field(default_factory=Counter)
    n_total: int = 0

    def norm_first(self) -> int:
        total = sum(self.indents.values())
        if not total:
            return 0
        want = total // 2
        for value in sorted(self.indents):
            want -= self.indents[value]
            if want < 0:
                return value
        raise AssertionError("unreachable")


def _classify_window(units: list[_Unit], text: str, main_lang: str, cfg: StructureConfig, win: WindowFacts, tf: _TextFacts) -> None:
    _classify(units, main_lang, cfg, text, win)
    tf.numbered.extend(win.numbered)
    tf.explicit_chapters = tf.explicit_chapters or win.explicit_chapters
    tf.indents.update(_first_indents(units[win.k : win.end]))
    tf.n_total += len(units)
    if not win.first:
        lo, hi = 0, win.end
        tf.later = tf.later or any(_heading_like(v, cfg) for v in units[lo:hi])
        tf.h1 += sum(1 for v in units[lo:hi] if v.stripped.startswith(("# ", "#\t")))
        tf.h2 = tf.h2 or any(_H2.match(v.stripped) for v in units[lo:hi])


def _structure(text: str, cfg: StructureConfig, window_chars: int) -> StructureWindows:
    main_lang = _main_lang(text, cfg)
    keys = running_head_counts(iter_block_spans(text), text) if cfg.furniture else {}
    split = _Spill()
    classified = _Spill()
    out = _Spill()
    try:
        ff, _ = _split_pass(text, cfg, keys, split)
        fw_facts = ff.facts()
        del keys
        tf = _TextFacts()
        first_units: list[_Unit] | None = None
        titles: frozenset = frozenset()
        order: list[tuple[int, int, int]] = []  # (spill index, k, end) per window, in text order
        pending: list[_Unit] | None = None
        n_windows = 0

        def prepare(window: list[_Unit], first: bool, last: bool) -> list[_Unit]:
            if cfg.furniture:
                _mark_furniture(window, text, fw_facts)
            joined = _join_continuations(window, text, cfg)
            _check_cut(joined, first, last, titles)
            return joined

        def classify(units: list[_Unit], first: bool, last: bool) -> tuple[int, int, int]:
            win = WindowFacts(first=first, last=last, titles=titles, later=tf.later, h1_elsewhere=tf.h1, h2_elsewhere=tf.h2)
            _classify_window(units, text, main_lang, cfg, win, tf)
            return classified.put(_pack(units)), win.k, win.end

        for window in _windows_of_split(_split_units(split, text), main_lang, cfg, window_chars):
            if pending is not None:  # the window before this one is not the last
                if first_units is None:
                    first_units = prepare(pending, True, False)
                    titles = _title_repeats(first_units)
                else:
                    order.append(classify(prepare(pending, False, False), False, False))
            pending = window
            n_windows += 1
        split.close()
        if first_units is None:  # one window: nothing to cut
            raise _Unsafe("one window")
        assert pending is not None
        order.append(classify(prepare(pending, False, True), False, True))
        order.insert(0, classify(first_units, True, False))
        del first_units, pending
        groups = _finish_windows(text, main_lang, cfg, classified, order, tf, out)
        return StructureWindows(main_lang, groups, _spill=out, windows=n_windows)
    except _Unsafe as e:
        if os.environ.get("ALIGN_DEBUG_WINDOWS"):
            print("windowed structure: done whole:", e)
        out.close()
        doc = recover_structure(Document(text), cfg)
        return StructureWindows(main_lang, doc.layer("group"), _whole=doc)
    finally:
        split.close()
        classified.close()


def _finish_windows(
    text: str, main_lang: str, cfg: StructureConfig, classified: _Spill, order: list[tuple[int, int, int]], tf: _TextFacts, out: _Spill
) -> Layer:
    """Pass 4 (see the module docstring): each window's blocks to ``out``; the group layer."""
    norm_first = tf.norm_first()
    notes = 0
    skeleton: list[_Unit] = []
    inner: list[Span] = []
    last_w = len(order) - 1
    for w, (i, k, end) in enumerate(order):
        units = _unpack(classified.get(i), text)
        _word_heading_ranks(units[k:end], tf.numbered)
        _display_ranks(units[k:end], tf.explicit_chapters, cfg)
        _mark_quotations(units, k, end, cfg, norm_first, tf.n_total)
        if (w > 0 and units[0].attrs.get("quote")) or (w < last_w and units[-1].attrs.get("quote")):
            raise _Unsafe("a quotation at a cut")
        _finish(units)
        notes = _renumber_notes(units, notes)
        inner.extend(_inner_groups(units[k:end], cfg))
        keep: set[int] = set()
        if w == 0:
            j = k
            while j < len(units) and units[j].kind == "fw":
                j += 1
            keep.update(range(0, min(j + 1, len(units))))
        for j, u in enumerate(units):
            if u.kind == "heading":
                keep.update((j - 1, j) if j else (j,))
        if w == last_w:
            keep.update(range(max(0, end - 1), len(units)))
        skeleton.extend(units[j] for j in sorted(keep))
        out.put([(u.start, u.end, u.kind, freeze({**u.attrs, "lang": u.lang or main_lang})._d) for u in units])
    spans = _groups(skeleton, text, cfg, inner=False) + inner
    spans.sort(key=lambda s: (s.start, -s.end, _GROUP_ORDER.get(s.label, 9)))
    return Layer("group", tuple(spans), producer="structure-rules", meta={"main_lang": main_lang, "profile": cfg.name})


def _renumber_notes(units: list[_Unit], before: int) -> int:
    """Note ids ``fnN`` counted in the window continue the count of the windows before."""
    n = 0
    for u in units:
        if u.kind == "note" and "id" in u.attrs:
            n += 1
            u.attrs["id"] = f"fn{before + int(u.attrs['id'][2:])}"
        if "anchors" in u.attrs:
            u.attrs["anchors"] = [(a, b, f"fn{before + int(i[2:])}") for a, b, i in u.attrs["anchors"]]
    return before + n


def _main_lang(text: str, cfg: StructureConfig) -> str:
    """The language of the text's dominant script (a pass over the whole text)."""
    return _lang_of(text, 0, len(text), cfg.languages) or "und"


def structure_windows(text: str, config: StructureConfig | None = None, *, window_chars: int = DEFAULT_WINDOW_CHARS) -> StructureWindows:
    """The structure of ``text`` window by window (see the module docstring). Call ``close()`` on the
    result when done with its blocks."""
    cfg = config or StructureConfig()
    if cfg.treaty or len(text) <= window_chars:
        main_lang = _main_lang(text, cfg)
        doc = recover_structure(Document(text), cfg)
        return StructureWindows(main_lang, doc.layer("group"), _whole=doc)
    return _structure(text, cfg, window_chars)


def recover_structure_windowed(doc: Document, config: StructureConfig | None = None, *, window_chars: int = DEFAULT_WINDOW_CHARS) -> Document:
    """``recover_structure(doc, config)`` computed window by window: the same layers (for tests and
    for callers that want the layers whole; the streaming encoder reads the windows one at a time)."""
    sw = structure_windows(doc.text, config, window_chars=window_chars)
    try:
        spans = tuple(sp for window in sw.blocks() for sp in window)
    finally:
        sw.close()
    blocks = Layer("block", spans, producer="structure-rules")
    return doc.with_layer(blocks).with_layer(sw.groups).with_meta(lang=sw.main_lang)

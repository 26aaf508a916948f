"""Monotone dynamic programming over beads, inside a band, so time and memory grow linearly.

The search is coarse to fine (as in vecalign): sentences are merged pairwise into blocks, level
after level, until both sides are short; the top level is aligned in full; each finer level is
aligned only within ``radius`` cells of the path found one level up. Where the best path runs along
the band's edge, the band may have cut off a better one (a long omission, say, that the coarse level
smoothed over): that stretch alone is searched again between two vertices of the path well before
and after it, in a band twice as wide, and the result spliced in, up to ``max_radius``.

Costs come from a :class:`BeadCoster`; this module knows nothing about languages.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from .scoring import LengthModel

__all__ = ["anchor_chain", "generic_relax", "RelaxFn", "block_shares", "search_between", "Band", "BeadCoster", "CostFn", "LengthCoster", "banded_dp", "band_around", "coarse_to_fine", "COARSE_TYPES"]

INF = math.inf

#: ``cost(i, j, a, b, limit)``: the cost of the bead covering source ``[i-a, i)`` and target
#: ``[j-b, j)``; a coster may return any value >= ``limit`` (``INF``) as soon as it knows the bead
#: costs at least ``limit``, which spares computing evidence for hopeless beads.
CostFn = Callable[[int, int, int, int, float], float]


@dataclass
class Band:
    """Rows ``row0 .. row0 + len(lo) - 1``; row ``i`` allows target positions ``lo[i-row0] .. hi[i-row0]``."""

    lo: list[int]
    hi: list[int]
    row0: int = 0

    @property
    def cells(self) -> int:
        return sum(h - l + 1 for l, h in zip(self.lo, self.hi))


def band_around(
    vertices: Sequence[tuple[int, int]], start: tuple[int, int], end: tuple[int, int], radius: int
) -> Band:
    """Cells within ``radius`` columns of the monotone path through ``vertices`` from ``start`` to ``end``."""
    (i0, j0), (i1, j1) = start, end
    rows = i1 - i0 + 1
    lo = [j1] * rows
    hi = [j0] * rows
    prev = start
    for i, j in list(vertices) + [end]:
        pi, pj = prev
        for r in range(min(pi, i), max(pi, i) + 1):  # the rectangle between consecutive vertices
            k = r - i0
            if 0 <= k < rows:
                lo[k] = min(lo[k], pj, j)
                hi[k] = max(hi[k], pj, j)
        prev = (i, j)
    for k in range(rows):
        lo[k] = max(j0, lo[k] - radius)
        hi[k] = min(j1, hi[k] + radius)
    for k in range(rows - 2, -1, -1):  # both edges non-decreasing
        lo[k] = min(lo[k], lo[k + 1])
    for k in range(1, rows):
        hi[k] = max(hi[k], hi[k - 1])
    lo[0] = j0
    hi[-1] = j1
    return Band(lo, hi, i0)


class BeadCoster(Protocol):
    types: Sequence[tuple[int, int]]

    def prepare(self, band: Band) -> CostFn: ...


def _prefix(values: Sequence[float]) -> list[float]:
    out = [0.0]
    acc = 0.0
    for v in values:
        acc += v
        out.append(acc)
    return out


@dataclass
class LengthCoster:
    """Gale–Church costs from lengths, plus an optional reward for shared evidence between blocks.

    Used at the coarse levels (blocks of sentences, with ``shares`` summed from sentence pairs that
    share rare keys) and by the length-only aligner. ``null_length`` also charges null beads for
    their length, which keeps coarse blocks of many sentences from being dropped wholesale.
    """

    src_len: Sequence[float]
    tgt_len: Sequence[float]
    types: Sequence[tuple[int, int]]
    priors: dict[tuple[int, int], float]
    length: LengthModel
    null_length: bool = True
    shares: dict[tuple[int, int], float] | None = None  # (src block, tgt block) -> evidence mass
    lam: float = 0.0

    def prepare(self, band: Band) -> CostFn:
        return self.prepare_rows(band)[0]

    def prepare_rows(self, band: Band) -> "tuple[CostFn, RelaxFn]":
        """The cost function and a row kernel (:data:`RelaxFn`) doing the same sums."""
        sa = _prefix(self.src_len)
        sb = _prefix(self.tgt_len)
        priors = self.priors
        null_length = self.null_length
        length = self.length.function()
        shares = self.shares or {}
        lam = self.lam

        # a 0-b bead's length cost depends on its target units only: each is worked out once
        inserted: dict[tuple[int, int], float] = {}

        def cost(i: int, j: int, a: int, b: int, limit: float) -> float:
            c = priors[a, b]
            if c < limit and ((a and b) or null_length):
                if a:
                    c += length(sa[i] - sa[i - a], sb[j] - sb[j - b])
                else:
                    got = inserted.get((j, b))
                    if got is None:
                        got = inserted[j, b] = length(0.0, sb[j] - sb[j - b])
                    c += got
            if shares and a and b:
                got = 0.0
                for p in range(i - a, i):
                    for q in range(j - b, j):
                        got += shares.get((p, q), 0.0)
                c -= lam * got
            return c

        # each source unit's shares as (target, mass) sorted by target, to add them cell by cell
        # in the order cost() adds them (source, then target), so both give the same floats
        by_row: dict[int, list[tuple[int, float]]] = {}
        for (p, q), w in sorted(shares.items()):
            by_row.setdefault(p, []).append((q, w))
        share_rows = set(by_row)

        def relax(i: int, a: int, b: int, t: int, k0: int, k1: int, l_i: int, prev: list, off: int, best: list, back: bytearray) -> None:
            # cost() inlined, with what depends on the row and the bead type worked out once
            prior = priors[a, b]
            sized = bool((a and b) or null_length)
            # no share in these source rows: the reward is 0.0, and c - 0.0 is c
            shared = bool(shares and a and b) and any(p in share_rows for p in range(i - a, i))
            x = sa[i] - sa[i - a]
            dropped = length(x, 0.0) if sized and not b else None  # a 1-0 bead's cost is the row's
            if shared:
                # got[k]: what cell k's bead (target l_i+k-b .. l_i+k-1) earns; a share (p, q)
                # counts in the cells whose bead holds q
                got = [0.0] * (k1 - k0)
                for p in range(i - a, i):
                    for q, w in by_row.get(p, ()):
                        for k in range(max(q + 1 - l_i, k0), min(q + b - l_i + 1, k1)):
                            got[k - k0] += w
            for k in range(k0, k1):
                pc = prev[k + off]
                if pc == INF:
                    continue
                j = l_i + k
                c = prior
                if sized and c < best[k] - pc:
                    c += length(x, sb[j] - sb[j - b]) if dropped is None else dropped
                if shared:
                    c -= lam * got[k - k0]
                c = pc + c
                if c < best[k]:
                    best[k] = c
                    back[k] = t

        return cost, relax


def anchor_chain(pairs: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The heaviest chain of ``(p, q, weight)`` pairs increasing in both ``p`` and ``q``.

    Sentence pairs that share rare keys mostly lie on the true path; those that do not (a date or a
    name repeated far away) cross it. The chain keeps the pairs that agree with each other, as
    hunalign and Bleualign first find a chain of anchors; a Fenwick tree over targets makes it
    O(P log P).
    """
    if not pairs:
        return []
    order = sorted(range(len(pairs)), key=lambda k: (pairs[k][0], -pairs[k][1]))  # same p: cannot chain
    qs = sorted({q for _, q, _ in pairs})
    rank = {q: r + 1 for r, q in enumerate(qs)}
    size = len(qs)
    tree_w = [0.0] * (size + 1)
    tree_k = [-1] * (size + 1)
    best = [0.0] * len(pairs)
    parent = [-1] * len(pairs)
    for k in order:
        p, q, w = pairs[k]
        # heaviest chain ending at a target before q
        r = rank[q] - 1
        got_w, got_k = 0.0, -1
        while r > 0:
            if tree_w[r] > got_w:
                got_w, got_k = tree_w[r], tree_k[r]
            r -= r & -r
        best[k] = got_w + w
        parent[k] = got_k
        r = rank[q]
        while r <= size:
            if best[k] > tree_w[r]:
                tree_w[r], tree_k[r] = best[k], k
            r += r & -r
    k = max(range(len(pairs)), key=lambda x: (best[x], -x))
    chain = []
    while k >= 0:
        chain.append(pairs[k])
        k = parent[k]
    chain.reverse()
    return chain


def block_shares(pairs: Sequence[tuple[int, int, float]], level: int) -> dict[tuple[int, int], float]:
    """Sentence-pair evidence summed over the blocks of ``2**level`` sentences that hold them."""
    out: dict[tuple[int, int], float] = {}
    for p, q, w in pairs:
        key = (p >> level, q >> level)
        out[key] = out.get(key, 0.0) + w
    return out


#: ``relax(i, a, b, t, k0, k1, l_i, prev, off, best, back)``: for cells ``k`` in ``[k0, k1)`` of row
#: ``i`` (target ``l_i + k``), try the bead of type ``t`` = ``(a, b)`` from ``prev[k + off]``, as
#: ``prev + cost(i, j, a, b, best[k] - prev)``, keeping it in ``best``/``back`` where it is lower.
RelaxFn = Callable[[int, int, int, int, int, int, int, list[float], int, list[float], bytearray], None]


def generic_relax(cost_fn: CostFn) -> RelaxFn:
    """A :data:`RelaxFn` that calls ``cost_fn`` per cell: for costers without a row kernel."""

    def relax(i: int, a: int, b: int, t: int, k0: int, k1: int, l_i: int, prev: list, off: int, best: list, back: bytearray) -> None:
        for k in range(k0, k1):
            pc = prev[k + off]
            if pc == INF:
                continue
            c = pc + cost_fn(i, l_i + k, a, b, best[k] - pc)
            if c < best[k]:
                best[k] = c
                back[k] = t

    return relax


def _flats(
    here: dict[int, float], same_row: list[tuple[int, int]], made: dict[int, tuple[dict[int, float], list[tuple[int, int, float]] | None]]
) -> list[tuple[int, int, float]] | None:
    """``(t, b, cost)`` of each 0-b bead type from a coster's table ``here``, or None when the
    table lacks one; kept in ``made`` by the table's identity (a coster has one or two tables;
    the table is kept too, so that an id is never taken for another table's)."""
    got = made.get(id(here))
    if got is None or got[0] is not here:
        got = made[id(here)] = (here, [(t, b, here[b]) for t, b in same_row] if all(b in here for _, b in same_row) else None)
    return got[1]


def banded_dp(
    coster: BeadCoster, band: Band, start: tuple[int, int], end: tuple[int, int]
) -> tuple[list[tuple[int, int, int, int, float]], list[int]]:
    """Best monotone path from ``start`` to ``end`` inside ``band``.

    Returns the beads as ``(i0, i1, j0, j1, cost)`` in order, and the rows where the path touches
    the band's edge (an edge on the border of the search rectangle does not count).

    A row is filled one bead type at a time (each a tight loop over the cells it can reach, in a
    coster's row kernel when it has one, ``prepare_rows``), in the order of ``types``; beads within
    the row (``0-b``) come last, cell by cell. Every cell thus sees the same candidates in the same
    order as a cell-by-cell loop would, so ties and results are the same.
    """
    types = list(coster.types)
    # a coster whose 0-b beads cost the same everywhere says so (``flat_inserts``: b -> cost)
    flat_inserts: dict[int, float] | None = getattr(coster, "flat_inserts", None)
    # ... or the same everywhere in a row (``inserts_for_row``: i -> {b: cost})
    row_inserts: Callable[[int], dict[int, float]] | None = getattr(coster, "inserts_for_row", None)
    rows_of = getattr(coster, "prepare_rows", None)
    if rows_of is not None:
        cost_fn, relax = rows_of(band)
    else:
        cost_fn = coster.prepare(band)
        relax = generic_relax(cost_fn)
    (i0, j0), (i1, j1) = start, end
    row0 = band.row0
    lo, hi = band.lo, band.hi
    max_a = max(a for a, _ in types)
    costs: dict[int, list[float]] = {}  # only the rows a bead can reach back to
    # every row's back-pointers (bead type indices) in one buffer, row k's from offsets[k]: a byte
    # per cell, not a bytearray object per row
    back = bytearray()
    offsets = array("q")
    # the 0-b beads' costs per row (a coster has one or two such tables: made into lists once)
    flats_of: dict[int, tuple[dict[int, float], list[tuple[int, int, float]] | None]] = {}
    same_row = [(t, b) for t, (a, b) in enumerate(types) if a == 0]
    other = [(t, a, b) for t, (a, b) in enumerate(types) if a > 0]
    for i in range(i0, i1 + 1):
        l_i, h_i = lo[i - row0], hi[i - row0]
        width = h_i - l_i + 1
        row = [INF] * width
        bp = bytearray(b"\xff") * width
        if i == i0 and l_i <= j0 <= h_i:
            row[j0 - l_i] = 0.0
        for t, a, b in other:
            if i - a < i0:
                continue
            l_p, h_p = lo[i - a - row0], hi[i - a - row0]
            # cells whose predecessor j - b lies in row i - a's band
            k0 = l_p + b - l_i
            k1 = h_p + b - l_i + 1
            if k0 < 0:
                k0 = 0
            if k1 > width:
                k1 = width
            if k0 < k1:
                relax(i, a, b, t, k0, k1, l_i, costs[i - a], l_i - b - l_p, row, bp)
        here = row_inserts(i) if row_inserts is not None else flat_inserts
        flats = _flats(here, same_row, flats_of) if len(same_row) > 1 and here else None
        if len(same_row) == 1:
            # one such type (0-1 in practice): a plain left-to-right pass, the same candidates in
            # the same order as the general loop below
            t, b = same_row[0]
            flat = here.get(b) if here else None
            for k in range(b, width):
                pc = row[k - b]
                if pc == INF:
                    continue
                best = row[k]
                c = pc + (cost_fn(i, l_i + k, 0, b, best - pc) if flat is None else flat)
                if c < best:
                    row[k] = c
                    bp[k] = t
        elif flats is not None:
            # several, each with a cost that is the same all along the row: the general loop
            # below without calling the coster
            for k in range(width):
                best = row[k]
                bt = bp[k]
                for t, b, fc in flats:
                    kk = k - b
                    if kk < 0:
                        continue
                    pc = row[kk]
                    if pc == INF:
                        continue
                    c = pc + fc
                    if c < best:
                        best, bt = c, t
                row[k] = best
                bp[k] = bt
        elif same_row:
            for k in range(width):
                best = row[k]
                bt = bp[k]
                for t, b in same_row:
                    kk = k - b
                    if kk < 0:
                        continue
                    pc = row[kk]
                    if pc == INF:
                        continue
                    c = pc + cost_fn(i, l_i + k, 0, b, best - pc)
                    if c < best:
                        best, bt = c, t
                row[k] = best
                bp[k] = bt
        costs[i] = row
        offsets.append(len(back))
        back += bp
        costs.pop(i - max_a - 1, None)
    if costs[i1][j1 - lo[i1 - row0]] == INF:
        raise RuntimeError("no path through the band")  # cannot happen: the band holds a path
    beads = []
    touched: list[int] = []
    i, j = i1, j1
    while i > i0 or j > j0:
        l_i, h_i = lo[i - row0], hi[i - row0]
        if (j == l_i and l_i > j0) or (j == h_i and h_i < j1):
            touched.append(i)
        a, b = types[back[offsets[i - i0] + j - l_i]]
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    touched.reverse()
    # bead costs are recomputed rather than stored for every cell
    return [(a0, a1, b0, b1, cost_fn(a1, b1, a1 - a0, b1 - b0, INF)) for a0, a1, b0, b1 in beads], touched


COARSE_TYPES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))


def _merge_pairs(values: Sequence[float]) -> list[float]:
    return [sum(values[k : k + 2]) for k in range(0, len(values), 2)]


def _refine(
    coster: BeadCoster,
    beads: list[tuple[int, int, int, int, float]],
    touched: list[int],
    n: int,
    m: int,
    radius: int,
    max_radius: int,
    rounds: int,
    stats: dict,
) -> list[tuple[int, int, int, int, float]]:
    """Search again, with a doubled radius, around each stretch where the path touched the band edge.

    Each stretch is searched between two vertices of the current path, ``2·radius`` rows before
    and after it; a stretch that touches again is searched next time from at least as far out,
    so the search never gets pinned to a vertex of the stretch it is correcting.
    """
    spans = [(r, r) for r in touched]  # row ranges that must lie inside the next windows
    while spans and rounds > 0 and radius < max_radius:
        rounds -= 1
        radius = min(max_radius, radius * 2)
        reach = 2 * radius
        merged: list[tuple[int, int]] = []
        for r0, r1 in sorted(spans):
            if merged and r0 - merged[-1][1] <= 2 * reach:
                merged[-1] = (merged[-1][0], max(merged[-1][1], r1))
            else:
                merged.append((r0, r1))
        spans = []
        for r0, r1 in merged:
            ends = [b[1] for b in beads]  # bead k ends at row ends[k]
            k0 = bisect_right(ends, r0 - reach) - 1  # last bead ending well before the stretch
            k1 = bisect_left(ends, r1 + reach)  # first bead ending well after it
            start = (beads[k0][1], beads[k0][3]) if k0 >= 0 else (0, 0)
            stop = (beads[k1][1], beads[k1][3]) if k1 < len(beads) else (n, m)
            inner = beads[k0 + 1 : k1 + 1]
            band = band_around([(b[1], b[3]) for b in inner[:-1]], start, stop, radius)
            sub, sub_touched = banded_dp(coster, band, start, stop)
            stats["cells"] += band.cells
            stats["widened"] += 1
            beads = beads[: k0 + 1] + sub + beads[k1 + 1 :]
            if sub_touched:
                spans.append((min(start[0], *sub_touched), max(stop[0], *sub_touched)))
    return beads


def search_between(
    coster: BeadCoster,
    beads: list[tuple[int, int, int, int, float]],
    fixed: Sequence[bool],
    n: int,
    m: int,
    *,
    radius: int = 4,
    max_radius: int = 256,
    widen_rounds: int = 5,
) -> tuple[list[tuple[int, int, int, int, float]], dict]:
    """Search again around ``beads`` except the ``fixed`` ones, which stay as they are.

    Each maximal run of beads that are not fixed is searched between the vertices that bound it,
    within ``radius`` of the old path (and wider where the new path touches the band's edge).
    """
    stats = {"levels": 1, "cells": 0, "widened": 0}
    out: list[tuple[int, int, int, int, float]] = []
    touched: list[int] = []
    k = 0
    while k < len(beads):
        if fixed[k]:
            out.append(beads[k])
            k += 1
            continue
        e = k
        while e < len(beads) and not fixed[e]:
            e += 1
        start = (beads[k][0], beads[k][2])
        stop = (beads[e - 1][1], beads[e - 1][3])
        band = band_around([(b[1], b[3]) for b in beads[k : e - 1]], start, stop, radius)
        sub, sub_touched = banded_dp(coster, band, start, stop)
        stats["cells"] += band.cells
        out.extend(sub)
        touched.extend(sub_touched)
        k = e
    out = _refine(coster, out, touched, n, m, radius, max_radius, widen_rounds, stats)
    return out, stats


def coarse_to_fine(
    src_len: Sequence[float],
    tgt_len: Sequence[float],
    make_coster: Callable[[int, Sequence[float], Sequence[float]], BeadCoster],
    *,
    radius: int = 6,
    coarse_radius: int = 4,
    max_radius: int = 256,
    top: int = 96,
    widen_rounds: int = 5,
    start_path: Sequence[tuple[int, int]] | None = None,
) -> tuple[list[tuple[int, int, int, int, float]], dict]:
    """Align two length sequences coarse to fine; ``make_coster(level, src, tgt)`` gives each level's costs.

    With ``start_path`` (vertices of an earlier sentence-level path) the pyramid is skipped and the
    band is built around that path. Returns the beads and statistics (levels, cells, widenings).
    """
    stats = {"levels": 0, "cells": 0, "widened": 0}
    pyramid = [(list(src_len), list(tgt_len))]
    vertices: list[tuple[int, int]] | None = None
    if start_path is None:
        while max(len(pyramid[-1][0]), len(pyramid[-1][1])) > top and min(len(pyramid[-1][0]), len(pyramid[-1][1])) > 1:
            s, t = pyramid[-1]
            pyramid.append((_merge_pairs(s), _merge_pairs(t)))
    else:
        vertices = list(start_path)
    beads: list[tuple[int, int, int, int, float]] = []
    for level in range(len(pyramid) - 1, -1, -1):
        s, t = pyramid[level]
        ln, lm = len(s), len(t)
        coster = make_coster(level, s, t)
        if vertices is None:
            band = Band([0] * (ln + 1), [lm] * (ln + 1))
            rad = max(ln, lm)
        else:
            rad = radius if level == 0 else coarse_radius
            band = band_around(vertices, (0, 0), (ln, lm), rad)
        beads, touched = banded_dp(coster, band, (0, 0), (ln, lm))
        stats["cells"] += band.cells
        beads = _refine(coster, beads, touched, ln, lm, rad, max_radius, widen_rounds, stats)
        stats["levels"] += 1
        if level > 0:
            # to the next finer level: block k holds fine units 2k and 2k+1
            fn, fm = len(pyramid[level - 1][0]), len(pyramid[level - 1][1])
            vertices = [(min(2 * b[1], fn), min(2 * b[3], fm)) for b in beads[:-1]]
    return beads, stats

"""Monotone dynamic programming over beads, inside a band, so time and memory grow linearly.

The search is coarse to fine (as in vecalign): sentences are merged pairwise into blocks, level
after level, until both sides are short; the top level is aligned in full; each finer level is
aligned only within ``radius`` cells of the path found one level up. A path that runs along the
band's edge means the band may have cut off the best path, so the band is widened around those
places (doubling the radius there) and that level is searched again, up to ``max_radius``.

Costs come from a :class:`BeadCoster`; this module knows nothing about languages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from .scoring import LengthModel

__all__ = ["Band", "BeadCoster", "LengthCoster", "banded_dp", "full_band", "band_around", "coarse_to_fine"]

INF = math.inf


@dataclass
class Band:
    """For each row ``i`` (source position 0..n), the allowed target positions ``lo[i]..hi[i]``."""

    lo: list[int]
    hi: list[int]

    @property
    def cells(self) -> int:
        return sum(h - l + 1 for l, h in zip(self.lo, self.hi))


def full_band(n: int, m: int) -> Band:
    return Band([0] * (n + 1), [m] * (n + 1))


def band_around(vertices: Sequence[tuple[int, int]], n: int, m: int, radius: int | Sequence[int]) -> Band:
    """The band of cells within ``radius`` columns of a monotone path given by its vertices.

    ``radius`` may differ per row (a list of n + 1 values) so a band can widen locally.
    """
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    prev = (0, 0)
    for i, j in list(vertices) + [(n, m)]:
        # the rectangle between consecutive vertices holds the path's cells
        i0, j0 = prev
        for r in range(min(i0, i), max(i0, i) + 1):
            lo[r] = min(lo[r], j0, j)
            hi[r] = max(hi[r], j0, j)
        prev = (i, j)
    for r in range(n + 1):
        rad = radius if isinstance(radius, int) else radius[r]
        lo[r] = max(0, lo[r] - rad)
        hi[r] = min(m, hi[r] + rad)
    for r in range(n - 1, -1, -1):  # make both edges non-decreasing
        lo[r] = min(lo[r], lo[r + 1])
    for r in range(1, n + 1):
        hi[r] = max(hi[r], hi[r - 1])
    lo[0] = 0
    hi[n] = m
    return Band(lo, hi)


class BeadCoster(Protocol):
    """Cost of the bead covering source ``[i-a, i)`` and target ``[j-b, j)``."""

    types: Sequence[tuple[int, int]]

    def prepare(self, band: Band) -> Callable[[int, int, int, int], float]: ...


@dataclass
class LengthCoster:
    """Gale–Church costs from lengths only (used at the coarse levels and by the length aligner).

    ``null_length`` also charges null beads for their length, which keeps coarse blocks from being
    dropped wholesale.
    """

    src_len: Sequence[float]
    tgt_len: Sequence[float]
    types: Sequence[tuple[int, int]]
    priors: dict[tuple[int, int], float]
    length: LengthModel
    null_length: bool = True

    def prepare(self, band: Band) -> Callable[[int, int, int, int], float]:
        sa = _prefix(self.src_len)
        sb = _prefix(self.tgt_len)
        priors = self.priors
        null_length = self.null_length
        length = self.length.function()

        def cost(i: int, j: int, a: int, b: int) -> float:
            c = priors[a, b]
            if (a and b) or null_length:
                c += length(sa[i] - sa[i - a], sb[j] - sb[j - b])
            return c

        return cost


def _prefix(values: Sequence[float]) -> list[float]:
    out = [0.0]
    acc = 0.0
    for v in values:
        acc += v
        out.append(acc)
    return out


def banded_dp(
    n: int, m: int, coster: BeadCoster, band: Band
) -> tuple[list[tuple[int, int, int, int, float]], set[int]]:
    """Best monotone path from (0, 0) to (n, m) inside ``band``.

    Returns the beads as ``(i0, i1, j0, j1, cost)`` in order, and the rows where the path touches
    the band's edge (an edge at the matrix border does not count).
    """
    types = list(coster.types)
    cost_fn = coster.prepare(band)
    lo, hi = band.lo, band.hi
    max_a = max(a for a, _ in types)
    # cost rows are kept only as far back as the largest bead reaches; back-pointers for all rows
    costs: dict[int, list[float]] = {}
    back: list[bytearray] = []
    same_row = [(t, b) for t, (a, b) in enumerate(types) if a == 0]
    other = [(t, a, b) for t, (a, b) in enumerate(types) if a > 0]
    for i in range(n + 1):
        l_i, h_i = lo[i], hi[i]
        width = h_i - l_i + 1
        row = [INF] * width
        bp = bytearray(b"\xff") * width
        prev_rows = []
        for t, a, b in other:
            pi = i - a
            if pi >= 0:
                prev_rows.append((t, a, b, pi, costs[pi], lo[pi], hi[pi]))
        for k in range(width):
            j = l_i + k
            best = INF
            bt = 255
            if i == 0 and j == 0:
                best = 0.0
            for t, a, b, pi, prow, l_p, h_p in prev_rows:
                pj = j - b
                if pj < l_p or pj > h_p:
                    continue
                pc = prow[pj - l_p]
                if pc == INF:
                    continue
                c = pc + cost_fn(i, j, a, b)
                if c < best:
                    best, bt = c, t
            for t, b in same_row:
                kk = k - b
                if kk < 0:
                    continue
                pc = row[kk]
                if pc == INF:
                    continue
                c = pc + cost_fn(i, j, 0, b)
                if c < best:
                    best, bt = c, t
            row[k] = best
            bp[k] = bt
        costs[i] = row
        back.append(bp)
        costs.pop(i - max_a - 1, None)
    if costs[n][m - lo[n]] == INF:
        raise RuntimeError("no path through the band")  # cannot happen with a band around a path
    # trace back
    beads = []
    touched: set[int] = set()
    i, j = n, m
    while i > 0 or j > 0:
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched.add(i)
        t = back[i][j - lo[i]]
        a, b = types[t]
        beads.append((i - a, i, j - b, j, 0.0))
        i, j = i - a, j - b
    beads.reverse()
    # bead costs (recomputed: cheaper than storing them for every cell)
    beads = [(i0, i1, j0, j1, cost_fn(i1, j1, i1 - i0, j1 - j0)) for i0, i1, j0, j1, _ in beads]
    return beads, touched


COARSE_TYPES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))


def _merge_pairs(values: Sequence[float]) -> list[float]:
    return [sum(values[k : k + 2]) for k in range(0, len(values), 2)]


def coarse_to_fine(
    src_len: Sequence[float],
    tgt_len: Sequence[float],
    make_coster: Callable[[int, Sequence[float], Sequence[float]], BeadCoster],
    *,
    radius: int = 8,
    coarse_radius: int = 4,
    max_radius: int = 256,
    top: int = 96,
    widen_rounds: int = 4,
    start_path: Sequence[tuple[int, int]] | None = None,
) -> tuple[list[tuple[int, int, int, int, float]], dict]:
    """Align two length sequences coarse to fine; ``make_coster(level, src, tgt)`` makes each level's costs.

    With ``start_path`` (vertices of a previous sentence-level path) the pyramid is skipped and the
    band is built around that path. Returns the beads and statistics (levels, cells, widenings).
    """
    n, m = len(src_len), len(tgt_len)
    stats = {"levels": 0, "cells": 0, "widened": 0}
    if start_path is None:
        pyramid = [(list(src_len), list(tgt_len))]
        while max(len(pyramid[-1][0]), len(pyramid[-1][1])) > top and min(len(pyramid[-1][0]), len(pyramid[-1][1])) > 1:
            s, t = pyramid[-1]
            pyramid.append((_merge_pairs(s), _merge_pairs(t)))
        vertices = None
        levels = list(range(len(pyramid) - 1, -1, -1))
    else:
        pyramid = [(list(src_len), list(tgt_len))]
        vertices = list(start_path)
        levels = [0]
    for level in levels:
        s, t = pyramid[level]
        ln, lm = len(s), len(t)
        coster = make_coster(level, s, t)
        if vertices is None:
            band = full_band(ln, lm)
            rad: int | list[int] = 0
        else:
            rad = radius if level == 0 else coarse_radius
            band = band_around(vertices, ln, lm, rad)
        for attempt in range(widen_rounds + 1):
            beads, touched = banded_dp(ln, lm, coster, band)
            stats["cells"] += band.cells
            if not touched or vertices is None or attempt == widen_rounds:
                break
            base = [rad] * (ln + 1) if isinstance(rad, int) else rad
            reach = max(base) * 4
            marks = sorted(touched)
            new = list(base)
            for r in range(ln + 1):
                k = _nearest(marks, r)
                if abs(k - r) <= reach:
                    new[r] = min(max_radius, base[r] * 2)
            if new == base:
                break
            rad = new
            stats["widened"] += 1
            band = band_around([(b[1], b[3]) for b in beads[:-1]], ln, lm, rad)
        stats["levels"] += 1
        if level > 0:
            # project to the next finer level: block k covers fine units 2k and 2k+1
            fn, fm = len(pyramid[level - 1][0]), len(pyramid[level - 1][1])
            vertices = [(min(2 * b[1], fn), min(2 * b[3], fm)) for b in beads[:-1]]
    return beads, stats


def _nearest(sorted_vals: list[int], x: int) -> int:
    from bisect import bisect_left

    k = bisect_left(sorted_vals, x)
    cands = [sorted_vals[c] for c in (k - 1, k) if 0 <= c < len(sorted_vals)]
    return min(cands, key=lambda v: abs(v - x))

"""Sentence-level bead costs: calibrated length minus the evidence the bead's two sides share.

Kept apart from :mod:`align.aligners.dp` (which decides what to search and learns between passes)
because this is the inner loop of the search: a module of its own can be compiled (hatch_build.py;
mypyc cannot compile a closure in a method of the registered class) while the rest stays plain Python.
"""

from __future__ import annotations

import math
from math import erfc, log, sqrt
from dataclasses import dataclass, field
from typing import Callable, Sequence

from .scoring import Evidence, LengthModel
from .search import Band, CostFn, RelaxFn, _prefix

__all__ = ["FullCoster", "anchor_masses"]

_NOTHING_SHARED: tuple[float, tuple[str, ...]] = (0.0, ())

#: One sentence's numbers (:func:`align.aligners.anchors.numerals`): those written with digits, each
#: as the numbers it is made of, and every number the sentence states in any form.
Numerals = tuple[tuple[tuple[str, ...], ...], frozenset[str]]


def _unstated(nums: Sequence[Numerals], a0: int, a1: int, present: frozenset[str], cap: int) -> int:
    """How many digit-written numbers of sentences ``[a0, a1)`` have a part not in ``present`` (at most ``cap``)."""
    count = 0
    for p in range(a0, a1):
        for atoms in nums[p][0]:
            for x in atoms:
                if x not in present:
                    count += 1
                    if count >= cap:
                        return count
                    break
    return count


#: Key kinds that rarely match by chance (:mod:`align.aligners.anchors`): a sentence carrying them
#: that shares nothing with its bead points elsewhere. These are the exact ones, written with digits
#: or as numerals; names (matched through romanization, fuzzily), months without a day and words
#: (cognates, lexicon: a free translation drops many) are left out. With names and months counted
#: the 8k ko-en stress set lost 0.006-0.009 strict F1; without them it gains up to 0.002.
STRAY_KINDS = ("date", "num", "enum")


_STRAY_PREFIXES = tuple(kind + ":" for kind in STRAY_KINDS)


def _anchor_masses(bags: Sequence[dict], seen: dict[str, bool]) -> list[float]:
    """Weight of each sentence's keys of :data:`STRAY_KINDS` (a key's kind is what precedes its
    first colon); ``seen`` remembers each key's answer (keys recur from sentence to sentence)."""
    out: list[float] = []
    found: list[float] = []  # (one list, emptied for each bag)
    for bag in bags:
        for k, w in bag.items():
            hit = seen.get(k)
            if hit is None:
                hit = seen[k] = k.startswith(_STRAY_PREFIXES) or k in STRAY_KINDS
            if hit:
                found.append(w)
        if found:
            out.append(math.fsum(found))
            found.clear()
        else:
            out.append(0.0)  # (most bags have none)
    return out


def anchor_masses(evidence: Evidence) -> tuple[list[float], list[float]]:
    """Each source and target sentence's weight of keys of :data:`STRAY_KINDS`, as
    :class:`FullCoster` weighs them; the same for evidence extended by a lexicon (its keys are
    ``lex`` keys, after the old ones), which may so be given them rather than find them again."""
    seen: dict[str, bool] = {}
    return _anchor_masses(evidence.src_bags, seen), _anchor_masses(evidence.tgt_bags, seen)


@dataclass
class FullCoster:
    """Length cost minus the evidence reward (see :mod:`align.aligners.scoring`) for sentence beads.

    A bead earns ``lam`` per unit of evidence mass its two sides share, counted exactly over the
    whole bead (a key recurring in both of two merged sentences counts once). A many-to-many bead
    earns only what its best two-way split earns: otherwise names that recur in neighbouring
    sentences would buy 2-2 beads where two 1-1 beads are right.

    Evidence against a bead costs too: each number written with digits on one side that the other
    side does not state (``src_num``/``tgt_num``, :func:`~align.aligners.anchors.numerals`) adds
    ``clash``, up to ``clash_cap`` of them per bead. Null beads claim no correspondence and pay
    nothing for it, so a date line or a numbered heading without counterpart is left unlinked
    rather than merged into its neighbour. ``edge_null``, when set, is what a null bead costs at
    the start or end of the other text (before its first or after its last sentence), where
    titles, notes, dates and signatures without counterpart gather.

    A merge (a bead with two or more sentences on a side) claims that each of them corresponds to
    the other side. A sentence of the merge that carries anchors (dates, numbers, enumerators:
    :data:`STRAY_KINDS`, found somewhere in the other text) yet shares nothing with the bead's other
    side is evidence that it belongs elsewhere or nowhere: the merge pays ``stray`` times ``lam``
    per unit of such a sentence's anchor mass. A 1-1 bead
    pays nothing for it (its alternative, two null beads, is no better supported), and neither does
    a null bead, so the price falls on merging where a null bead next to a 1-1 bead is the
    alternative: a dated line, a signature with a name, a verse with its own number.
    """

    src_len: Sequence[float]
    tgt_len: Sequence[float]
    types: Sequence[tuple[int, int]]
    priors: dict[tuple[int, int], float]
    length: LengthModel
    evidence: Evidence
    lam: float
    src_num: Sequence[Numerals] = ()
    tgt_num: Sequence[Numerals] = ()
    clash: float = 0.0
    clash_cap: int = 4
    edge_null: float | None = None
    stray: float = 0.0
    anchors: tuple[list[float], list[float]] | None = None  # :func:`anchor_masses` of the evidence, if known
    _hs: list[float] = field(default_factory=list, init=False, repr=False)
    _ht: list[float] = field(default_factory=list, init=False, repr=False)
    _src_present: dict[int, frozenset[str]] = field(default_factory=dict, init=False, repr=False)
    _tgt_present: dict[int, frozenset[str]] = field(default_factory=dict, init=False, repr=False)
    _flat: dict[int, float] = field(default_factory=dict, init=False, repr=False)
    _edge_flat: dict[int, float] = field(default_factory=dict, init=False, repr=False)
    _src_anchor: list[float] = field(default_factory=list, init=False, repr=False)
    _tgt_anchor: list[float] = field(default_factory=list, init=False, repr=False)
    _max_a: int = field(default=0, init=False, repr=False)
    _max_b: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        # (the search asks for these once per row or band: made once here)
        self._max_a = max(a for a, _ in self.types)
        self._max_b = max(b for _, b in self.types)
        self._flat = {b: c for (a, b), c in self.priors.items() if a == 0}
        off = self._edge_discount()
        self._edge_flat = {b: c - off for b, c in self._flat.items()} if off else self._flat
        self._sa, self._sb = _prefix(self.src_len), _prefix(self.tgt_len)
        self._ma, self._mb = _prefix(self.evidence.src_mass), _prefix(self.evidence.tgt_mass)
        if self.stray:
            self._src_anchor, self._tgt_anchor = self.anchors if self.anchors is not None else anchor_masses(self.evidence)
        if self.clash and self.src_num and self.tgt_num:
            self._hs = _prefix([float(len(w)) for w, _ in self.src_num])
            self._ht = _prefix([float(len(w)) for w, _ in self.tgt_num])

    @property
    def flat_inserts(self) -> dict[int, float]:
        """A 0-b bead costs its prior wherever it is (see :func:`~align.aligners.search.banded_dp`)."""
        return self._flat

    def _edge_discount(self) -> float:
        """How much less a null bead costs at an edge: its first sentence costs ``edge_null``
        instead of the 1-0 prior (a longer null bead, a run of unlinked sentences, pays the rest)."""
        one = self.priors.get((1, 0), self.priors.get((0, 1), 0.0))
        return one - self.edge_null if self.edge_null is not None and self.edge_null < one else 0.0

    def inserts_for_row(self, i: int) -> dict[int, float]:
        """What a 0-b bead costs in row ``i``: less before the first and after the last source sentence."""
        if i == 0 or i == len(self.src_len):
            return self._edge_flat
        return self._flat

    def clash_cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """``clash`` per digit-written number of either side that the other side does not state."""
        hs, ht = self._hs, self._ht
        if not hs:
            return 0.0
        src_written = hs[i1] != hs[i0]
        tgt_written = ht[j1] != ht[j0]
        if not (src_written or tgt_written):
            return 0.0
        cap = self.clash_cap
        count = 0
        # (a side without digit-written numbers has nothing to check; stop counting at the cap)
        if src_written:
            present = self._present(self.tgt_num, self._tgt_present, j0, j1)
            count = _unstated(self.src_num, i0, i1, present, cap)
        if tgt_written and count < cap:
            present = self._present(self.src_num, self._src_present, i0, i1)
            count += _unstated(self.tgt_num, j0, j1, present, cap - count)
        return self.clash * (count if count < cap else cap)

    def stray_mass(self, i0: int, i1: int, j0: int, j1: int, row_of: "Callable[[int], dict]") -> float:
        """Evidence mass of the sentences on a side of more than one sentence of bead
        ``[i0, i1) × [j0, j1)`` that share nothing with the bead's other side."""
        sm, tm = self._src_anchor, self._tgt_anchor
        total = 0.0
        hit: set[int] = set()
        for p in range(i0, i1):
            row = row_of(p)
            shares = False
            if row:
                for q in range(j0, j1):
                    if q in row:
                        shares = True
                        hit.add(q)
            if not shares and i1 - i0 > 1:
                total += sm[p]
        if j1 - j0 > 1:
            for q in range(j0, j1):
                if q not in hit:
                    total += tm[q]
        return total

    @staticmethod
    def _present(nums: Sequence[Numerals], cache: dict[int, frozenset[str]], b0: int, b1: int) -> frozenset[str]:
        """Every number sentences ``[b0, b1)`` state; unions of several are kept (a side's spans
        recur in every bead type and cell that ends there), by ``b0`` and the span's length
        (one number: no tuple made per look-up)."""
        if b1 - b0 == 1:
            return nums[b0][1]
        key = b0 * 64 + (b1 - b0) if b1 - b0 < 64 else -(b0 * (len(nums) + 1) + b1) - 1
        got = cache.get(key)
        if got is None:
            if len(cache) >= 4096:
                cache.clear()  # (the search moves on along the texts: a bounded cache, not one per span)
            got = cache[key] = frozenset().union(*[nums[q][1] for q in range(b0, b1)])
        return got

    def prepare(self, band: Band) -> CostFn:
        return self.prepare_rows(band)[0]

    def prepare_rows(self, band: Band) -> tuple[CostFn, RelaxFn]:
        """The cost function and a row kernel (:data:`~align.aligners.search.RelaxFn`) doing the same sums."""
        rows = _Rows(self, band)
        return rows.cost, rows.relax


class _Rows:
    """The cost function and row kernel of one :class:`FullCoster` over one band.

    A class rather than closures so that mypyc compiles its attributes and loops to C (typed
    fields, no cell variables); everything that depends only on the coster is made once in it.
    """

    def __init__(self, coster: FullCoster, band: Band) -> None:
        self.coster = coster
        self.sa, self.sb = coster._sa, coster._sb
        self.msa, self.msb = coster._ma, coster._mb
        self.hs, self.ht = coster._hs, coster._ht
        self.clashes = bool(coster._hs)
        self.evidence = coster.evidence
        self.src_bags = coster.evidence.src_bags
        self.tgt_bags = coster.evidence.tgt_bags
        self.priors = coster.priors
        self.prior_t: list[float] = [coster.priors[ab] for ab in coster.types]  # by bead type index
        self.lam = coster.lam
        self.stray = coster.stray
        # LengthModel.function()'s numbers, for its cost written out in relax (the same operations
        # in the same order: the same floats; tests/test_search_kernel.py checks)
        model = coster.length
        self.inv_c = 1.0 / model.ratio
        self.half_var = model.variance / 2
        self.keep, self.eps, self.inv_k = 1.0 - model.outliers, model.outliers, 1.0 / model.spread
        self.max_a, self.max_b = coster._max_a, coster._max_b
        self.lo, self.hi, self.row0, self.last = band.lo, band.hi, band.row0, len(band.lo) - 1
        self.n_src, self.n_tgt = len(coster.src_len), len(coster.tgt_len)
        self.edge_off = coster._edge_discount()
        # rows of shared evidence, one slot per source sentence modulo the slot count: a bead reaches
        # back at most max_a rows, so the rows a cell needs never evict each other
        self.slots = 2 * (self.max_a + 2)
        self.row_keys: list[int] = [-1] * self.slots
        self.row_vals: list[dict] = [{} for _ in range(self.slots)]

    def length_cost(self, x: float, tgt: float) -> float:
        """``LengthModel.function()(x, tgt)`` written out: a direct call when compiled, not a
        closure's (the same operations in the same order: the same floats)."""
        y = tgt * self.inv_c
        if x + y <= 0:
            return 0.0
        d = abs(y - x) / sqrt(self.half_var * (x + y)) * 0.7071067811865476
        p = self.keep * erfc(d) + self.eps * erfc(d * self.inv_k)
        return -log(p) if p > 1e-300 else 690.8 + d

    def row_of(self, p: int) -> dict:
        """Shared evidence of source sentence p with the target sentences its beads can reach."""
        s = p % self.slots
        if self.row_keys[s] == p:
            return self.row_vals[s]
        if not self.src_bags[p]:
            got: dict = {}
        else:
            last = self.last
            first = min(max(p + 1 - self.row0, 0), last)
            final = min(max(p + self.max_a - self.row0, 0), last)
            got = self.shared_row(p, max(0, self.lo[first] - self.max_b), self.hi[final])
        self.row_keys[s] = p
        self.row_vals[s] = got
        return got

    def shared_row(self, p: int, lo: int, hi: int) -> dict[int, list]:
        """:meth:`Evidence.shared_row`, the same values (each mass summed in the source bag's
        order), found target by target where the row reaches few targets: a look-up of the
        smaller bag's keys in the other each (stopping at the first shared one) is then cheaper
        than looking up every source key's postings."""
        bag_p = self.src_bags[p]
        if hi - lo > 2 * len(bag_p):
            # a wide band (the search widened it around a long omission): the postings are cheaper
            return self.evidence.shared_row(p, lo, hi)
        out: dict[int, list] = {}
        n_p = len(bag_p)
        tgt_bags = self.tgt_bags
        for q in range(lo, hi):
            bag_q = tgt_bags[q]
            if not bag_q:
                continue
            # (a loop, not a set intersection: most targets share nothing, and no set is made)
            shares = False
            if len(bag_q) < n_p:
                for k in bag_q:
                    if k in bag_p:
                        shares = True
                        break
            else:
                for k in bag_p:
                    if k in bag_q:
                        shares = True
                        break
            if shares:
                mass = 0.0
                keys: list[str] = []
                for k, wp in bag_p.items():
                    wq = bag_q.get(k)
                    if wq is not None:
                        mass += wp if wp < wq else wq
                        keys.append(k)
                out[q] = [mass, keys]
        return out

    def pair_mass(self, p: int, q: int) -> float | None:
        """The mass :meth:`Evidence.shared_row` finds between sentences p and q, summed in the same
        order (the source bag's), or None when they share no key."""
        bag_q = self.tgt_bags[q]
        total = 0.0
        found = False
        for k, wp in self.src_bags[p].items():
            wq = bag_q.get(k)
            if wq is not None:
                total += wp if wp < wq else wq
                found = True
        return total if found else None

    def reward(self, i0: int, i1: int, j0: int, j1: int, limit: float) -> float:
        """Evidence mass the bead earns, or 0 once its upper bound cannot beat ``limit``."""
        # the sum over sentence pairs bounds the exact mass from above, and equals it when
        # no key is shared by more than one pair
        total = 0.0
        for p in range(i0, i1):
            row = self.row_of(p)
            if row:
                for q in range(j0, j1):
                    got = row.get(q)
                    if got:
                        total += got[0]
        if total == 0.0 or self.lam * total <= limit:
            return 0.0  # most beads end here: the keys are looked at only for the others
        evidence = self.evidence  # (its method called directly: a native call when compiled)
        row_of = self.row_of
        if i1 - i0 >= 2 and j1 - j0 >= 2:
            best = -math.inf
            for x in range(1, i1 - i0):
                for y in range(1, j1 - j0):
                    got2 = evidence.shared(range(i0, i0 + x), range(j0, j0 + y), row_of) + evidence.shared(range(i0 + x, i1), range(j0 + y, j1), row_of)
                    if got2 > best:  # max() keeps the first of equal values, as this does
                        best = got2
            return best
        keys: list[str] = []
        for p in range(i0, i1):
            row = self.row_of(p)
            for q in range(j0, j1):
                keys.extend(row.get(q, _NOTHING_SHARED)[1])
        if len(set(keys)) == len(keys):
            return total
        return evidence.shared(range(i0, i1), range(j0, j1), row_of)

    def stray_mass(self, i0: int, i1: int, j0: int, j1: int) -> float:
        return self.coster.stray_mass(i0, i1, j0, j1, self.row_of)

    def cost(self, i: int, j: int, a: int, b: int, limit: float) -> float:
        c = self.priors[a, b]
        edge_off = self.edge_off
        if not (a and b):
            if edge_off and ((a and (j == 0 or j == self.n_tgt)) or (b and (i == 0 or i == self.n_src))):
                return c - edge_off
            return c
        lam = self.lam
        stray = self.stray
        if self.clashes:
            c += self.coster.clash_cost(i - a, i, j - b, j)
        ma = self.msa[i] - self.msa[i - a]
        mb = self.msb[j] - self.msb[j - b]
        most = lam * (ma if ma < mb else mb)  # no bead earns more than its lighter side holds
        if c - most >= limit:
            return math.inf
        c += self.length_cost(self.sa[i] - self.sa[i - a], self.sb[j] - self.sb[j - b])
        if most == 0.0:
            if stray and (a > 1 or b > 1):  # (a and b: null beads returned above)
                c += stray * lam * self.stray_mass(i - a, i, j - b, j)
            return c
        if c - most >= limit:
            return math.inf
        if a == 1 and b == 1:
            # what row_of(i - 1)[j - 1] holds, without building the row (the path's beads are
            # costed again after the search, from its start, when the rows have moved on)
            got = self.pair_mass(i - 1, j - 1)
            return c - lam * got if got is not None else c
        if stray:
            c += stray * lam * self.stray_mass(i - a, i, j - b, j)
            if c - most >= limit:
                return math.inf
        return c - lam * self.reward(i - a, i, j - b, j, c - limit)

    def relax(self, i: int, a: int, b: int, t: int, k0: int, k1: int, l_i: int, prev: list[float], off: int, best: list[float], back: bytearray) -> None:
        """:meth:`cost` inlined, with what depends on the row and the bead type worked out once."""
        inf = math.inf
        prior = self.prior_t[t]
        if not b:
            edge_off = self.edge_off
            n_tgt = self.n_tgt
            for k in range(k0, k1):
                pc: float = prev[k + off]
                if pc == inf:
                    continue
                j = l_i + k
                if edge_off and (j == 0 or j == n_tgt):
                    c = pc + (prior - edge_off)
                else:
                    c = pc + prior
                if c < best[k]:
                    best[k] = c
                    back[k] = t
            return
        msb, sb, ht = self.msb, self.sb, self.ht
        lam = self.lam
        stray = self.stray
        clashes = self.clashes
        ma = self.msa[i] - self.msa[i - a]
        x = self.sa[i] - self.sa[i - a]
        one = a == 1 and b == 1
        # (a bead with no digit-written number on either side has no clash to count)
        src_written = clashes and self.hs[i] != self.hs[i - a]
        row: dict[int, list] = self.row_of(i - 1) if one else {}
        merge = stray != 0.0 and not one
        coster = self.coster
        for k in range(k0, k1):
            pc = prev[k + off]
            if pc == inf:
                continue
            limit = best[k] - pc
            j = l_i + k
            mb = msb[j] - msb[j - b]
            most = lam * (ma if ma < mb else mb)
            if prior - most >= limit:
                continue
            c = prior + self.length_cost(x, sb[j] - sb[j - b])
            if c - most >= limit:
                continue
            if clashes and (src_written or ht[j] != ht[j - b]):
                c += coster.clash_cost(i - a, i, j - b, j)
            if merge:
                if c - most >= limit:
                    continue
                c += stray * lam * coster.stray_mass(i - a, i, j - b, j, self.row_of)
            if most != 0.0:
                if c - most >= limit:
                    continue
                if one:
                    got = row.get(j - 1)
                    if got:
                        c = c - lam * got[0]
                else:
                    c = c - lam * self.reward(i - a, i, j - b, j, c - limit)
            c = pc + c
            if c < best[k]:
                best[k] = c
                back[k] = t

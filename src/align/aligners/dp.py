"""The default aligner: Gale–Church lengths calibrated on the texts, anchors, and lexical evidence,
searched coarse to fine in two passes.

Pass 1 aligns with lengths, anchors, cognates and the dictionary (if any). Its confident 1-1 beads
then teach the model about this document pair: the length variance is re-estimated from them, and
word pairs that keep co-occurring in them become a translation table (:func:`align.aligners.lexicon.bootstrap`).
Pass 2 realigns in a narrow band around the pass-1 path with that knowledge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from . import anchors as _anchors
from ..errors import AlignmentError
from .lexicon import Lexicon, SentenceStems, bootstrap, tokens
from ..model import Bead
from .base import Aligner, register
from .fullcost import FullCoster, anchor_masses
from .keys import document_evidence, paused_collection
from .scoring import Evidence, LengthModel, char_length, estimate_ratio, estimate_variance, sentence_evidence
from .search import COARSE_TYPES, anchor_chain, LengthCoster, _prefix, block_shares, coarse_to_fine, search_between

__all__ = ["DPAligner", "LengthAligner", "Settings", "bead_types", "DEFAULT_PRIORS"]

#: Prior probabilities of bead shapes: Gale & Church (1993) for 1-1, 2-1, 1-2 and 2-2; null beads
#: twice as likely as in their parliamentary proceedings (books and news omit more); longer rarer.
DEFAULT_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.01,
    (0, 1): 0.01,
    (2, 1): 0.0445,
    (1, 2): 0.0445,
    (2, 2): 0.011,
    (3, 1): 0.004,
    (1, 3): 0.004,
}
_LONG_PRIOR = 0.001  # any other shape within max_bead


def bead_types(max_bead: int) -> list[tuple[int, int]]:
    """Bead shapes (a, b) with a + b <= max_bead, null beads 1-0 and 0-1 only."""
    if max_bead < 2:
        raise ValueError("max_bead must be at least 2 (1-1 beads)")
    out = [(1, 1), (1, 0), (0, 1)]
    for total in range(3, max_bead + 1):
        for a in range(1, total):
            out.append((a, total - a))
    return out


def _chain_path(chain: Sequence[tuple[int, int, float]], n: int, m: int, gap: int) -> list[tuple[int, int]] | None:
    """Vertices for the search's first band from an anchor chain, or None where two neighbouring
    anchors span a rectangle of more than ``gap``² cells (the band between two vertices is their
    whole rectangle). A long passage without counterpart spans a thin rectangle, and the search
    there is free to leave all of it unlinked."""
    if not chain:
        return None
    points = [(p, q) for p, q, _ in chain]
    prev = (0, 0)
    for p, q in points + [(n, m)]:
        if (p - prev[0] + 1) * (q - prev[1] + 1) > gap * gap:
            return None
        prev = (p, q)
    return points


def null_runs(longest: int) -> list[tuple[int, int]]:
    """Null beads of 2 .. ``longest`` sentences on either side: a run of unlinked sentences as one step."""
    return [t for k in range(2, longest + 1) for t in ((k, 0), (0, k))]


def _prior_costs(
    types: Sequence[tuple[int, int]], priors: dict[tuple[int, int], float], extend: float = 0.3
) -> dict[tuple[int, int], float]:
    """−log prior of each bead type; a null run of k sentences costs a 1-0 bead and k − 1 times
    −log ``extend``: a passage without counterpart is one event, not k independent ones."""
    out = {}
    for a, b in types:
        if (a == 0 or b == 0) and a + b > 1:
            one = priors.get((1, 0) if a else (0, 1), _LONG_PRIOR)
            out[a, b] = -math.log(one) - (a + b - 1) * math.log(extend)
        else:
            out[a, b] = -math.log(priors.get((a, b), _LONG_PRIOR))
    return out


@dataclass
class Settings:
    """Tunable numbers of :class:`DPAligner`; the defaults were set on ko-en development data."""

    max_bead: int = 4
    radius: int = 4  # band half-width around the coarse path, in sentences (widens where needed)
    realign_radius: int = 4  # the same for the second pass, around the first pass's path
    chain_radius: int = 2  # the same for the first pass around the anchor chain (it widens where the path meets the edge)
    max_radius: int = 256
    variance: float = 3.0  # per character, in source units; re-estimated after pass 1
    outliers: float = 0.1  # share of beads whose length difference follows a wider normal
    priors: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_PRIORS))
    lam: float = 1.5  # cost units per unit of shared evidence mass
    window: float = 0.1  # share of the target text searched for rare shared keys around the length diagonal
    settled: float = 5.0  # shared evidence mass above which a 1-1 bead of pass 1 is kept in pass 2
    first_pass_bead: int = 3  # pass 1 looks for beads of up to this many sentences; pass 2 up to max_bead
    chain_gap: int = 64  # ... and when neighbouring anchors never span more than this squared, search around it alone
    chain: bool = True  # guide the coarse levels with the heaviest monotone chain of rare shared keys only
    clash: float = 1.0  # cost per digit-written number of one side of a bead that the other does not state
    clash_cap: int = 4  # at most this many counted per bead
    edge_null: float = 0.05  # probability of a null bead before the other text's start or after its end
    null_run: int = 4  # null beads of up to this many sentences are one step of the search ...
    first_pass_null_run: int = 1  # the same for pass 1 (which finds the path and the beads to learn from; runs there cost time and gain nothing)
    null_extend: float = 0.15  # ... each sentence after the first with this probability
    stray: float = 1.0  # a merge pays this times lam per unit of mass of a sentence in it sharing nothing with the other side


@register
class DPAligner(Aligner):
    """Length + anchors + lexical evidence, two passes, banded coarse-to-fine search.

    ``src_lang``/``tgt_lang`` (ISO 639 codes) switch on language-specific anchors: names through
    romanization when either side is Korean. ``dictionary`` is a :class:`~align.aligners.lexicon.Lexicon`
    (see :func:`align.aligners.lexicon.read_hunalign`). ``bootstrap=False`` skips the second pass.
    """

    name = "dp"

    def __init__(
        self,
        src_lang: str = "ko",
        tgt_lang: str = "en",
        *,
        dictionary: Lexicon | None = None,
        bootstrap: bool = True,
        anchors: Sequence[str] | None = None,
        cognates: bool = True,
        max_bead: int = 4,
        **settings: Any,
    ) -> None:
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        self.dictionary = dictionary if dictionary is not None and len(dictionary) else None
        self.bootstrap = bootstrap
        if anchors is None:
            anchors = tuple(k for k in _anchors.KINDS if k != "name" or self._korean)
        unknown = set(anchors) - set(_anchors.KINDS)
        if unknown:
            raise AlignmentError(f"[A634] unknown anchor kinds {sorted(unknown)}; known: {', '.join(_anchors.KINDS)}")
        self.anchor_kinds = tuple(anchors)
        self.cognates = cognates
        bad = set(settings) - set(Settings.__dataclass_fields__)
        if bad or max_bead < 2:
            what = f"unknown settings {sorted(bad)}" if bad else f"max_bead={max_bead}"
            raise AlignmentError(f"[A635] {what}; settings are: {', '.join(Settings.__dataclass_fields__)}; max_bead >= 2")
        self.settings = replace(Settings(), max_bead=max_bead, **settings)
        self.types = bead_types(max_bead) + null_runs(self.settings.null_run)

    @property
    def _korean(self) -> bool:
        return any(lang.lower().split("-")[0] == "ko" for lang in (self.src_lang, self.tgt_lang))

    def signature_fields(self) -> list[tuple[str, str]]:
        tuned = "-ko" if self._korean else ""
        lex = "+".join(x for x, on in (("dict", self.dictionary is not None), ("boot", self.bootstrap)) if on) or "none"
        kinds = "+".join(self.anchor_kinds) or "none"
        st = self.settings
        # evidence against a link: numbers one side states and the other does not (clash), and a
        # merged sentence whose anchors point elsewhere (stray); they change which beads come out
        against = "+".join(x for x, w in (("clash", st.clash), ("stray", st.stray)) if w > 0) or "none"
        return [
            ("aligner", f"dp{tuned}"),
            ("len", "gc-est"),
            ("anchors", kinds),
            ("against", against),
            ("cog", "yes" if self.cognates else "no"),
            ("lex", lex),
            ("max-bead", str(self.settings.max_bead)),
        ]

    # -- the two passes -------------------------------------------------------------------------

    def _bags(self, sents: Sequence[str], toks: Sequence[list[str]], lang: str, side: str, lexicons: Sequence[Lexicon]) -> tuple[list, list]:
        """Each sentence's evidence keys and its numerals."""
        got = [
            sentence_evidence(s, lang, side, anchor_kinds=self.anchor_kinds, cognates=self.cognates, lexicons=lexicons, words=t)
            for s, t in zip(sents, toks)
        ]
        return [k for k, _ in got], [n for _, n in got]

    def _coster(self, sl, tl, types, length: LengthModel, evidence: Evidence, nums, anchors=None) -> FullCoster:
        st = self.settings
        return FullCoster(
            sl, tl, types, _prior_costs(types, st.priors, st.null_extend), length, evidence, st.lam,
            nums[0], nums[1], st.clash, st.clash_cap, -math.log(st.edge_null) if st.edge_null > 0 else None, st.stray,
            anchors,
        )  # fmt: skip

    def _pass(self, sl, tl, length: LengthModel, evidence: Evidence, nums, *, start_path=None, anchors=None) -> tuple[list, dict]:
        st = self.settings
        priors = _prior_costs(self.types, st.priors)
        coarse_priors = _prior_costs(COARSE_TYPES, st.priors)
        pairs = []
        if start_path is None:
            # where lengths alone would put each source sentence's partner: the length diagonal
            total_s, total_t = sum(sl) or 1, sum(tl) or 1
            cum_t = _prefix(tl)
            expected, acc, q = [], 0.0, 0
            for x in sl:
                acc += x
                while q < len(tl) and cum_t[q + 1] / total_t < acc / total_s:
                    q += 1
                expected.append(q)
            pairs = evidence.sparse_pairs(expected, window=max(50, st.window * len(tl)))
            if st.chain:
                # keys rare in the whole texts count wherever they are: an unrelated opening can
                # push a passage's partner out of the window around the length diagonal
                pairs = anchor_chain(sorted(set(pairs) | set(evidence.sparse_pairs(None, per_occurrence=1))))
                vertices = _chain_path(pairs, len(sl), len(tl), st.chain_gap)
                if vertices is not None:
                    start_path = vertices

        def make(level: int, s: Sequence[float], t: Sequence[float]):
            if level > 0:
                shares = block_shares(pairs, level)
                return LengthCoster(s, t, COARSE_TYPES, coarse_priors, length, null_length=True, shares=shares, lam=st.lam)
            types = self.types
            if self.bootstrap and st.first_pass_bead < st.max_bead:
                # pass 1 only finds the path pass 2 searches around and the beads it learns from,
                # which are 1-1: the rare long beads are left to pass 2
                types = bead_types(max(2, st.first_pass_bead)) + null_runs(st.first_pass_null_run)
            return self._coster(s, t, types, length, evidence, nums, anchors)

        radius = st.radius if start_path is None else st.chain_radius
        return coarse_to_fine(sl, tl, make, radius=radius, max_radius=st.max_radius, start_path=start_path)

    def _align(self, src: Sequence[str], tgt: Sequence[str]) -> tuple[list[Bead], dict[str, Any]]:
        with paused_collection():  # (see there: a seventh of the time at 8k)
            return self._align_texts(src, tgt)

    def _align_texts(self, src: Sequence[str], tgt: Sequence[str]) -> tuple[list[Bead], dict[str, Any]]:
        st = self.settings
        sl = [char_length(s) for s in src]
        tl = [char_length(s) for s in tgt]
        ratio = estimate_ratio(sl, tl)
        length = LengthModel(ratio, st.variance, st.outliers)
        dicts = [self.dictionary] if self.dictionary is not None else []
        # (tokens, _bags and Evidence.from_keys of both texts, in one pass that drops unshared keys early)
        src_tok, tgt_tok, evidence, src_num, tgt_num = document_evidence(
            src, tgt, self.src_lang, self.tgt_lang, anchor_kinds=self.anchor_kinds, cognates=self.cognates, lexicons=dicts
        )
        # what the bootstrap and its keys need of the tokens: their stems as numbers, counted
        src_stems = SentenceStems(src_tok) if self.bootstrap else SentenceStems(())
        tgt_stems = SentenceStems(tgt_tok) if self.bootstrap else SentenceStems(())
        del src_tok, tgt_tok
        nums = (src_num, tgt_num) if st.clash else ((), ())
        # each sentence's anchor mass, which the stray price weighs: pass 2's evidence adds only
        # lexicon keys, so both passes' costers have the same (found once, here)
        anchors = anchor_masses(evidence) if st.stray else None
        beads, stats = self._pass(sl, tl, length, evidence, nums, anchors=anchors)
        meta: dict[str, Any] = {"ratio": round(ratio, 4), "passes": 1, "cells": stats["cells"], "widened": stats["widened"]}
        if not self.bootstrap:
            meta["variance"] = st.variance
        else:
            ones = [b for b in beads if b[1] - b[0] == 1 and b[3] - b[2] == 1]
            # the ratio again, from the sentences pass 1 linked: material without counterpart (an
            # added paragraph, signatures, notes) skews the ratio of the whole texts
            linked_s = sum(sl[b[0]] for b in ones)
            linked_t = sum(tl[b[2]] for b in ones)
            if len(ones) >= 3 and linked_s and linked_t and linked_s + linked_t >= 0.5 * (sum(sl) + sum(tl)):
                ratio = linked_t / linked_s
                meta["ratio"] = round(ratio, 4)
            # the length variance, robustly, from all 1-1 beads (the median shrugs off wrong ones)
            variance = estimate_variance(((sl[b[0]], tl[b[2]]) for b in ones), ratio, st.variance)
            length = LengthModel(ratio, variance, st.outliers)
            # a translation table from the more confident two thirds of them
            costs = sorted(b[4] for b in ones)
            cut = costs[len(costs) * 2 // 3] if costs else 0.0
            boot = bootstrap(src_stems, tgt_stems, [(b[0], b[2]) for b in ones if b[4] <= cut])
            if len(boot):
                evidence = evidence.extend_lexicon(boot, src_stems, tgt_stems)
            del src_stems, tgt_stems  # (nor the stems: memory for pass 2)
            # beads that share much evidence are settled; the stretches between them are searched again
            # (a bead cannot share more than its lighter side holds: most need no exact count)
            floor = st.settled * (1 - 1e-9)
            sm, tm = evidence.src_mass, evidence.tgt_mass
            settled = [
                b[1] - b[0] == 1
                and b[3] - b[2] == 1
                and sm[b[0]] >= floor
                and tm[b[2]] >= floor
                and evidence.shared_pair(b[0], b[2]) >= st.settled
                for b in beads
            ]
            coster = self._coster(sl, tl, self.types, length, evidence, nums, anchors)
            beads, stats2 = search_between(
                coster, beads, settled, len(sl), len(tl), radius=st.realign_radius, max_radius=st.max_radius
            )
            meta.update(
                passes=2,
                variance=round(variance, 4),
                lexicon=len(boot),
                settled=sum(settled),
                cells=meta["cells"] + stats2["cells"],
                widened=meta["widened"] + stats2["widened"],
            )
        return _split_null_runs(beads), meta


def _split_null_runs(beads: Sequence[tuple[int, int, int, int, float]]) -> list[Bead]:
    """Beads from the search's tuples; a null run becomes one null bead per sentence, sharing its cost."""
    out: list[Bead] = []
    for i0, i1, j0, j1, c in beads:
        k = (i1 - i0) + (j1 - j0)
        if k > 1 and (i0 == i1 or j0 == j1):
            share = round(c / k, 4)
            out.extend(Bead((i,), (), share) for i in range(i0, i1))
            out.extend(Bead((), (j,), share) for j in range(j0, j1))
        else:
            out.append(Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(c, 4)))
    return out


@register
class LengthAligner(Aligner):
    """Gale–Church on lengths alone, with ratio and variance estimated from the texts (a baseline)."""

    name = "length"

    def __init__(self, src_lang: str = "ko", tgt_lang: str = "en", *, max_bead: int = 4, variance: float = 3.0, **_: Any):
        self.max_bead = max_bead
        self.variance = variance
        self.types = bead_types(max_bead)

    def signature_fields(self) -> list[tuple[str, str]]:
        return [("aligner", "length"), ("len", "gc-est"), ("max-bead", str(self.max_bead))]

    def _align(self, src: Sequence[str], tgt: Sequence[str]) -> tuple[list[Bead], dict[str, Any]]:
        sl = [char_length(s) for s in src]
        tl = [char_length(s) for s in tgt]
        ratio = estimate_ratio(sl, tl)
        priors = _prior_costs(self.types, DEFAULT_PRIORS)
        coarse = _prior_costs(COARSE_TYPES, DEFAULT_PRIORS)
        variance = self.variance
        beads: list = []
        path = None
        for _ in range(2):  # the second time with the variance measured on the first alignment
            length = LengthModel(ratio, variance)

            def make(level, s, t, length=length):
                if level > 0:
                    return LengthCoster(s, t, COARSE_TYPES, coarse, length)
                return LengthCoster(s, t, self.types, priors, length, null_length=False)

            beads, _stats = coarse_to_fine(sl, tl, make, start_path=path)
            ones = [b for b in beads if b[1] - b[0] == 1 and b[3] - b[2] == 1]
            variance = estimate_variance(((sl[b[0]], tl[b[2]]) for b in ones), ratio, self.variance)
            path = [(b[1], b[3]) for b in beads[:-1]]
        meta = {"ratio": round(ratio, 4), "variance": round(variance, 4)}
        return [Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), round(c, 4)) for i0, i1, j0, j1, c in beads], meta

"""What a bead costs: sentence length (Gale–Church, calibrated on the two texts) minus shared evidence.

**Length.** Gale & Church (1993) score a bead by how far the target length strays from the source
length times a ratio ``c``, in units of a standard deviation that grows with length (variance
``s2`` per character). Both depend on the language pair *and* the document, so neither is fixed
here: ``c`` is the ratio of the two texts' character counts (spaces excluded; Korean has about 0.47
characters per English one), and ``s2`` starts from a neutral value and is re-estimated robustly
(a median) from the 1-1 beads of a first pass (:func:`estimate_variance`). Free translation makes
the differences heavier-tailed than a normal curve, so :class:`LengthModel` mixes in a wider normal.

**Evidence.** Each sentence becomes a bag of keys the other side can share: anchors
(:mod:`align.aligners.anchors`), cognates (identical or same-prefix words in alphabetic scripts, as Simard
et al. 1992 used), and lexicon entries (:mod:`align.aligners.lexicon`). A key weighs its kind's weight times
its rarity in the document pair (:class:`Evidence`). A bead earns ``λ`` per unit of weight its two
sides share, counted exactly over the whole bead (a key in two merged sentences is not counted
twice). The earning is additive over beads, so cutting the same sentences into more or fewer beads
gains nothing by itself, and it is bounded by the lighter side's bag: a stray anchor gains one bead
at most a few units, never enough to pay for the null beads a detour needs (hunalign's "Chapter 1"
/ "Libro 1" failure cannot happen here).
"""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections import Counter, defaultdict
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Any, Callable, Iterable, Mapping, Sequence

import regex

from . import anchors as _anchors
from .lexicon import Lexicon, SentenceStems, tokens as _tokens

__all__ = [
    "char_length",
    "LengthModel",
    "estimate_ratio",
    "estimate_variance",
    "Evidence",
    "KIND_WEIGHTS",
    "sentence_keys",
    "sentence_key_list",
    "sentence_evidence",
]

_SPACE = regex.compile(r"\s+")


_SEPARATORS = ("\x1c", "\x1d", "\x1e", "\x1f")  # str.split() takes these as white space; \s does not


def char_length(sentence: str) -> int:
    """Characters excluding white space (``\\s``), the unit of the length model."""
    if any(c in sentence for c in _SEPARATORS):
        return len(_SPACE.sub("", sentence))
    return len("".join(sentence.split()))  # the same count without a regex, three times faster


def estimate_ratio(src_lengths: Sequence[int], tgt_lengths: Sequence[int]) -> float:
    """Target characters per source character over the whole texts (1.0 when either is empty)."""
    a, b = sum(src_lengths), sum(tgt_lengths)
    return b / a if a and b else 1.0


#: Median of the chi-square distribution with one degree of freedom: turns a median of squared
#: standardised residuals into a variance, robust to the wrong beads a first pass still contains.
_CHI2_MEDIAN = 0.4549364


def estimate_variance(pairs: Iterable[tuple[int, int]], ratio: float, default: float) -> float:
    """Variance per character of ``tgt/ratio − src`` from (src, tgt) lengths of trusted 1-1 beads."""
    vals = [((y / ratio - x) ** 2) / ((x + y / ratio) / 2) for x, y in pairs if x + y > 0]
    if len(vals) < 20:
        return default
    return min(max(statistics.median(vals) / _CHI2_MEDIAN, 0.25), 50.0)


@dataclass(frozen=True, slots=True)
class LengthModel:
    """Gale–Church length cost: ``ratio`` (target chars per source char) and ``variance`` per char.

    Translators sometimes expand or condense far more than the normal curve allows, and a pure
    normal then charges such a bead so much that the search prefers a wrong merge. So the difference
    follows a contaminated normal: with probability ``outliers`` it comes from a normal ``spread``
    times wider. ``variance`` is the main component's, which a robust (median) estimate measures.
    """

    ratio: float
    variance: float
    outliers: float = 0.1
    spread: float = 3.0

    def cost(self, src_len: float, tgt_len: float) -> float:
        """−log of the two-sided tail probability of the length difference."""
        return self.function()(src_len, tgt_len)

    def function(self) -> Callable[[float, float], float]:
        """A fast ``cost(src_len, tgt_len)`` closure for the search's inner loop."""
        inv_c = 1.0 / self.ratio
        half_var = self.variance / 2
        keep, eps, inv_k = 1.0 - self.outliers, self.outliers, 1.0 / self.spread
        erfc, log, sqrt = math.erfc, math.log, math.sqrt

        def cost(x: float, tgt: float) -> float:
            y = tgt * inv_c
            if x + y <= 0:
                return 0.0
            d = abs(y - x) / sqrt(half_var * (x + y)) * 0.7071067811865476
            p = keep * erfc(d) + eps * erfc(d * inv_k)
            return -log(p) if p > 1e-300 else 690.8 + d

        return cost


#: Weight of one key of each kind, before rarity: dates and names are rarely coincidental;
#: small numbers often are; cognates and lexicon entries are ordinary words.
KIND_WEIGHTS: Mapping[str, float] = {
    "date": 2.0,
    "month": 1.0,
    "num": 1.5,
    "enum": 1.5,
    "name": 2.0,
    "cog": 1.0,
    "lex": 1.0,
}

_ALPHA_WORD = regex.compile(r"[\p{Latin}\p{Greek}\p{Cyrillic}][\p{L}\p{M}'’\-]*")
_ALPHA_START = regex.compile(r"[\p{Latin}\p{Greek}\p{Cyrillic}]")


@lru_cache(maxsize=100_000)
def _fold(word: str) -> str:
    """Lower case without accents: ``Expédition`` -> ``expedition``."""
    w = word.casefold()
    if w.isascii():
        return w
    decomposed = unicodedata.normalize("NFD", w)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _cognate_list(text: str, prefix: int = 4, words: Sequence[str] | None = None) -> list[str]:
    words = _ALPHA_WORD.findall(text) if words is None else words
    keys = map(_cognate4, words) if prefix == 4 else (_cognate(w, prefix) for w in words)
    return [k for k in keys if k is not None]


@lru_cache(maxsize=300_000)
def _cognate4(w: str) -> str | None:
    """``_cognate(w, 4)``, the default, cached on the word alone (a one-argument cache is faster)."""
    return _cognate(w, 4)


@lru_cache(maxsize=300_000)
def _cognate(w: str, prefix: int) -> str | None:
    """The cognate key of one word, or None (cached: words recur)."""
    if len(w) >= prefix and _ALPHA_START.match(w):
        f = _fold(w)
        if len(f) >= prefix:
            return "cog:" + f[:prefix]
    return None


def sentence_keys(text: str, lang: str | None, side: str, **options: Any) -> Counter[str]:
    """The evidence bag of one sentence (before weighting): :func:`sentence_key_list`, counted;
    ``options`` are its keyword arguments."""
    return Counter(sentence_key_list(text, lang, side, **options))


def sentence_key_list(
    text: str,
    lang: str | None,
    side: str,
    *,
    anchor_kinds: Sequence[str] = _anchors.KINDS,
    cognates: bool = True,
    lexicons: Sequence[Lexicon] = (),
    words: Sequence[str] | None = None,
) -> list[str]:
    """Evidence keys of one sentence, a key once per occurrence (:meth:`Evidence.from_keys` takes
    these); ``words`` are its tokens, if made already."""
    return sentence_evidence(text, lang, side, anchor_kinds=anchor_kinds, cognates=cognates, lexicons=lexicons, words=words)[0]


def sentence_evidence(
    text: str,
    lang: str | None,
    side: str,
    *,
    anchor_kinds: Sequence[str] = _anchors.KINDS,
    cognates: bool = True,
    lexicons: Sequence[Lexicon] = (),
    words: Sequence[str] | None = None,
) -> tuple[list[str], tuple[tuple[tuple[str, ...], ...], frozenset[str]]]:
    """:func:`sentence_key_list` and :func:`~align.aligners.anchors.numerals` of one sentence,
    its numbers looked for once."""
    if anchor_kinds:
        keys, nums = _anchors.anchor_key_list_and_numerals(text, lang, anchor_kinds)
    else:
        keys, nums = [], _anchors.numerals(text, lang)
    if cognates or lexicons:
        toks = _tokens(text) if words is None else words
        if cognates:
            keys += _cognate_list(text, words=toks)
        for lx in lexicons:
            keys.extend(lx.keys(toks, side).elements())
    return keys, nums


def _kind(key: str) -> str:
    return key.split(":", 1)[0]


@dataclass
class Evidence:
    """Weighted evidence bags for both texts, and the pairwise shared mass between sentences.

    Only keys that occur on both sides of the document pair are kept: a key the other text never
    has cannot be shared, and counting it would only make sentences look unlike their partners.
    """

    src_bags: list[dict[str, float]]
    tgt_bags: list[dict[str, float]]
    src_mass: list[float]
    tgt_mass: list[float]
    postings: dict[str, list[int]] = field(default_factory=dict)  # key -> sorted target sentence indices

    @classmethod
    def build(
        cls,
        src_bags: Sequence[Counter[str]],
        tgt_bags: Sequence[Counter[str]],
        *,
        kind_weights: Mapping[str, float] = KIND_WEIGHTS,
        key_weights: Mapping[str, float] | None = None,
    ) -> "Evidence":
        # iterating a bag gives each of its keys once: these count the bags a key is in
        df_s = Counter(chain.from_iterable(src_bags))
        df_t = Counter(chain.from_iterable(tgt_bags))
        n = len(src_bags) + len(tgt_bags)
        weight: dict[str, float] = {}
        for k in df_s.keys() & df_t.keys():
            kind = _kind(k)
            # idf-like rarity: a key in every sentence says nothing; one in two sentences a lot
            rarity = math.log((n + 1) / (df_s[k] + df_t[k])) / math.log(n + 1) if n > 1 else 1.0
            w = kind_weights.get(kind, 1.0) * max(rarity, 0.0)
            if key_weights and k in key_weights:
                w *= key_weights[k]
            if w > 0:
                weight[k] = w
        def weigh(bags: Sequence[Counter[str]]) -> tuple[list[dict[str, float]], list[float]]:
            out, mass = [], []
            get = weight.get
            for bag in bags:
                # (values typed Any stay the objects they are when compiled: a float would be
                # unboxed and boxed again, a new object per bag)
                d: dict[str, Any] = {}
                for k, c in bag.items():
                    w: Any = get(k)  # (one look-up, not a test and then another)
                    if w is not None:
                        # most keys occur once: their weight is the key's, one float shared by
                        # every bag that has it (a product would make a new one each time)
                        d[k] = w if c == 1 else c * w
                out.append(d)
                mass.append(sum(d.values()))
            return out, mass

        sb, sm = weigh(src_bags)
        tb, tm = weigh(tgt_bags)
        postings: dict[str, list[int]] = defaultdict(list)
        for q, bag in enumerate(tb):
            for k in bag:
                postings[k].append(q)
        return cls(sb, tb, sm, tm, dict(postings))

    @classmethod
    def from_keys(
        cls,
        src_keys: Sequence[Sequence[str]],
        tgt_keys: Sequence[Sequence[str]],
        *,
        kind_weights: Mapping[str, float] = KIND_WEIGHTS,
        key_weights: Mapping[str, float] | None = None,
    ) -> "Evidence":
        """:meth:`build` from each sentence's keys as a list (:func:`sentence_key_list`).

        Most keys occur on one side only (every English word is a cognate key that a Korean text
        never has); they are dropped before any bag is counted, which makes this the fast way in.
        """
        both = set().union(*src_keys) & set().union(*tgt_keys)

        def bags(lists: Sequence[Sequence[str]]) -> list[Counter[str]]:
            return [Counter([k for k in keys if k in both]) for keys in lists]

        return cls.build(bags(src_keys), bags(tgt_keys), kind_weights=kind_weights, key_weights=key_weights)

    @classmethod
    def empty(cls, n_src: int, n_tgt: int) -> "Evidence":
        return cls([{}] * n_src, [{}] * n_tgt, [0.0] * n_src, [0.0] * n_tgt, {})

    def extend(self, src_bags: Sequence[Counter[str]], tgt_bags: Sequence[Counter[str]]) -> "Evidence":
        """This evidence plus new keys (a second pass's lexicon), weighed as :meth:`build` would.

        The new keys must not occur in the old bags; the old keys keep their weights.
        """
        new = Evidence.build(src_bags, tgt_bags)
        sb = [{**a, **b} if b else a for a, b in zip(self.src_bags, new.src_bags)]
        tb = [{**a, **b} if b else a for a, b in zip(self.tgt_bags, new.tgt_bags)]
        sm = [a + b for a, b in zip(self.src_mass, new.src_mass)]
        tm = [a + b for a, b in zip(self.tgt_mass, new.tgt_mass)]
        return Evidence(sb, tb, sm, tm, {**self.postings, **new.postings})

    def extend_lexicon(
        self,
        lexicon: Lexicon,
        src_tokens: Sequence[Sequence[str]] | SentenceStems,
        tgt_tokens: Sequence[Sequence[str]] | SentenceStems,
    ) -> "Evidence":
        """:meth:`extend` with ``lexicon``'s keys of each sentence's tokens (:meth:`Lexicon.keys`).

        For a table of single stemmed words (:func:`~align.aligners.lexicon.bootstrap`'s) every key
        of a stem occurs wherever the stem does: the keys are counted and weighed by stem, and
        keys of one target stem share one postings list. The same evidence, without a counted bag
        of keys per sentence (a bootstrapped table gives a sentence dozens of keys). Such a table
        may be given each side's :class:`~align.aligners.lexicon.SentenceStems` instead of its
        tokens (made once for :func:`~align.aligners.lexicon.bootstrap` and this). As for
        :meth:`extend`, the lexicon's keys must not occur in the old bags (its name tells them apart).
        """
        src_table, tgt_table = lexicon.word_table("src"), lexicon.word_table("tgt")
        if src_table is None or tgt_table is None:
            if isinstance(src_tokens, SentenceStems) or isinstance(tgt_tokens, SentenceStems):
                raise ValueError("a lexicon of phrases or unstemmed words is matched against tokens, not stems")
            return self.extend([lexicon.keys(t, "src") for t in src_tokens], [lexicon.keys(t, "tgt") for t in tgt_tokens])
        src = src_tokens if isinstance(src_tokens, SentenceStems) else SentenceStems(src_tokens)
        tgt = tgt_tokens if isinstance(tgt_tokens, SentenceStems) else SentenceStems(tgt_tokens)
        n = len(src) + len(tgt)
        lex_weight = KIND_WEIGHTS.get("lex", 1.0)
        log_n1 = math.log(n + 1)
        # a key's document frequency on a side is its stem's; each key of a stem found on both
        # sides gets its weight, and each stem (by number) the keys and weights it brings
        tgt_df: dict[str, int] = {}
        for t in tgt_table:
            ti = tgt.ids.get(t, -1)
            if ti >= 0:
                tgt_df[t] = tgt.df[ti]
        tgt_stem_of = {k: t for t, keys in tgt_table.items() for k in keys}
        weight: dict[str, Any] = {}
        # each stem's keys and weights, all stems' in two flat lists (stem i's from lo[i] to hi[i]):
        # no small container per stem for the collector to count and walk
        s_lo = [0] * len(src.names)
        s_hi = [0] * len(src.names)
        s_keys: list[str] = []
        s_ws: list[Any] = []
        for s, keys in src_table.items():
            si = src.ids.get(s, -1)
            if si < 0:
                continue
            fs = src.df[si]
            begin = len(s_keys)
            for k in keys:
                ft = tgt_df.get(tgt_stem_of[k], 0)
                if not ft:
                    continue
                # (as build weighs a key: the same expression, so the same float)
                rarity = math.log((n + 1) / (fs + ft)) / log_n1 if n > 1 else 1.0
                w = lex_weight * max(rarity, 0.0)
                if w > 0:
                    weight[k] = w
                    s_keys.append(k)
                    s_ws.append(w)
            s_lo[si] = begin
            s_hi[si] = len(s_keys)
        t_lo = [0] * len(tgt.names)
        t_hi = [0] * len(tgt.names)
        t_keys: list[str] = []
        t_ws: list[Any] = []
        # each target stem's sentences (a list only for those with keys, where it is appended to)
        stem_post: list[list[int]] = [[]] * len(tgt.names)
        for t, keys in tgt_table.items():
            ti = tgt.ids.get(t, -1)
            if ti < 0:
                continue
            begin = len(t_keys)
            for k in keys:
                w2 = weight.get(k)
                if w2 is not None:
                    t_keys.append(k)
                    t_ws.append(w2)
            t_lo[ti] = begin
            t_hi[ti] = len(t_keys)
            if len(t_keys) > begin:
                stem_post[ti] = []
        sb, sm = _add_stem_keys(src, s_lo, s_hi, s_keys, s_ws, self.src_bags, self.src_mass, None)
        tb, tm = _add_stem_keys(tgt, t_lo, t_hi, t_keys, t_ws, self.tgt_bags, self.tgt_mass, stem_post)
        postings = dict(self.postings)
        for t in tgt_table:  # (in the table's order)
            ti = tgt.ids.get(t, -1)
            if ti >= 0:
                post = stem_post[ti]
                for x in range(t_lo[ti], t_hi[ti]):
                    postings[t_keys[x]] = post  # (one list for all keys of a stem: nothing changes postings lists)
        return Evidence(sb, tb, sm, tm, postings)

    def shared_row(self, p: int, lo: int, hi: int) -> dict[int, list]:
        """Shared mass and shared keys, as a ``[mass, keys]`` pair, of source sentence ``p`` with
        each target sentence in ``[lo, hi)`` that shares any."""
        out: dict[int, list] = {}
        bag_p = self.src_bags[p]
        if not bag_p:
            return out
        tgt_bags = self.tgt_bags
        postings = self.postings
        get = out.get
        for k, wp in bag_p.items():
            post = postings[k]
            a = bisect_left(post, lo)
            if a == len(post) or post[a] >= hi:
                continue  # (most keys: no partner in the window, seen without a second search)
            b = bisect_right(post, hi - 1, a)
            for q in post[a:b]:
                wq = tgt_bags[q][k]
                got = get(q)
                if got is None:
                    out[q] = [wp if wp < wq else wq, [k]]
                else:
                    got[0] += wp if wp < wq else wq
                    got[1].append(k)
        return out

    def shared(self, src: range, tgt: range, rows: "Callable[[int], dict] | None" = None) -> float:
        """Exact shared mass of a bead: per key, the smaller of the two sides' summed weights.

        Summing pairwise overlaps instead would count a name that recurs in neighbouring sentences
        once per pair, and so reward merging correct 1-1 beads into 2-2 ones.
        """
        keys: set[str] = set()
        for p in src:
            row = rows(p) if rows else self.shared_row(p, tgt.start, tgt.stop)
            for q in tgt:
                got = row.get(q)
                if got:
                    keys.update(got[1])
        src_bags = [self.src_bags[p] for p in src]
        tgt_bags = [self.tgt_bags[q] for q in tgt]
        parts = []
        for k in keys:
            a = 0.0
            for bag in src_bags:
                a += bag.get(k, 0.0)
            b = 0.0
            for bag in tgt_bags:
                b += bag.get(k, 0.0)
            parts.append(a if a < b else b)
        return math.fsum(parts)  # a set's order changes from run to run; fsum's result does not

    def shared_pair(self, p: int, q: int) -> float:
        """:meth:`shared` of the 1-1 bead (``p``, ``q``), without building its rows."""
        bp, bq = self.src_bags[p], self.tgt_bags[q]
        if len(bq) < len(bp):
            return math.fsum(w if w < bp[k] else bp[k] for k, w in bq.items() if k in bp)
        return math.fsum(w if w < bq[k] else bq[k] for k, w in bp.items() if k in bq)

    def sparse_pairs(
        self, expected: Sequence[float] | None = None, window: float = math.inf, per_occurrence: int = 2
    ) -> list[tuple[int, int, float]]:
        """``(p, q, mass)`` for sentence pairs sharing keys that are rare near each other.

        Rare keys (names, dates, numbers, rare words) locate a passage in a long text; summed over
        blocks of sentences they guide the coarse levels of the search. A key counts for a source
        sentence ``p`` only with target sentences within ``window`` of ``expected[p]`` (where the
        lengths alone would put ``p``'s partner), and only if it has at most ``per_occurrence``
        partners there: a name on every page still places a passage when it is rare locally.
        """
        src_post: dict[str, list[int]] = defaultdict(list)
        for p, bag in enumerate(self.src_bags):
            for k in bag:
                src_post[k].append(p)
        out: dict[tuple[int, int], float] = defaultdict(float)
        for k, ps in src_post.items():
            qs = self.postings.get(k)
            if not qs:
                continue
            found: list[tuple[int, int]] | None = []
            for p in ps:
                if expected is None:
                    near = qs
                else:
                    e = expected[p]
                    near = qs[bisect_left(qs, e - window) : bisect_right(qs, e + window)]
                if len(near) > per_occurrence:
                    found = None
                    break
                found.extend((p, q) for q in near)  # type: ignore[union-attr]  # None only after break
            if not found:
                continue
            for p, q in found:
                wp, wq = self.src_bags[p][k], self.tgt_bags[q][k]
                out[p, q] += wp if wp < wq else wq
        return [(p, q, w) for (p, q), w in out.items()]


def _add_stem_keys(
    stems: SentenceStems,
    lo: list[int],
    hi: list[int],
    keys: list[str],
    weights: list[Any],
    old: list[dict[str, float]],
    old_mass: list[float],
    post: list[list[int]] | None,
) -> tuple[list[dict[str, float]], list[float]]:
    """Each sentence's bag with the keys its stems bring after its old ones (as ``{**old,
    **added}``; stem i brings ``keys[lo[i]:hi[i]]`` with their ``weights``, a key found c times
    weighing c times its weight), and its mass; with ``post``, each stem's sentences. A bag that
    gains nothing is the old one."""
    bags: list[dict[str, float]] = []
    mass: list[float] = []
    at, ids, counts = stems.at, stems.stem_ids, stems.stem_counts
    added: list[Any] = []  # the new keys' weights in their order (one list, emptied per sentence)
    for q in range(len(at) - 1):
        a = old[q]
        d: dict[str, Any] | None = None
        for x in range(at[q], at[q + 1]):
            si = ids[x]
            y0 = lo[si]
            y1 = hi[si]
            if y0 < y1:
                if d is None:
                    d = a.copy()
                    added.clear()
                if post is not None:
                    post[si].append(q)
                c = counts[x]
                if c == 1:
                    for y in range(y0, y1):
                        w = weights[y]
                        d[keys[y]] = w
                        added.append(w)
                else:
                    for y in range(y0, y1):
                        v = c * weights[y]
                        d[keys[y]] = v
                        added.append(v)
        if d is None:
            bags.append(a)
            mass.append(old_mass[q] + 0)  # (as an empty bag's sum is added)
        else:
            bags.append(d)
            # the new keys' mass in their order, added to the old mass as extend adds it
            mass.append(old_mass[q] + sum(added))
    return bags, mass

"""Lexical evidence: word tokens, bilingual dictionaries in hunalign's format, and a translation
table bootstrapped from the texts being aligned.

**Dictionary format** (hunalign's, so existing dictionaries work unchanged): one entry per line, a
*target-language* phrase, the separator ``" @ "``, then the *source-language* phrase; words of a
phrase are separated by spaces. The target comes first "for historical reasons", says hunalign's
README, the opposite of the order of the texts on the command line. For Korean (source) to English
(target) a line reads ``peace @ 평화``. Blank lines and lines starting with ``#`` are skipped.

A :class:`Lexicon` turns a sentence's tokens into keys (``lex:<entry>``) that two sentences share
when one contains an entry's source phrase and the other its target phrase; the aligner counts
shared keys as evidence (:mod:`align.aligners.scoring`).

Korean words carry particles and endings (``평화를``, ``통일하기``), so Hangul tokens are compared
without their particles (:func:`align.text.romanize.strip_particles`), and a dictionary verb in ``-다``
(``통일하다``) matches any word that starts with its stem (``통일하기``, ``통일하자``).

**Bootstrapping** (:func:`bootstrap`): from beads that a first pass aligned confidently, word pairs
that co-occur far more often than chance (Dice coefficient over the beads, at least ``min_count``
co-occurrences, each word the other's best or nearly best partner) become entries of a table for
the second pass, as hunalign's ``-realign`` does with its automatic dictionary.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, NamedTuple, Sequence

import regex

from ..errors import AlignmentError
from ..text.romanize import strip_particles

__all__ = [
    "Entry",
    "Lexicon",
    "tokens",
    "stem",
    "parse_hunalign",
    "read_hunalign",
    "bootstrap",
    "SentenceStems",
]

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’\-]*")
_HANGUL = regex.compile(r"\p{Hangul}")


@lru_cache(maxsize=300_000)
def _strip(word: str) -> str:
    return strip_particles(word) or word


def tokens(text: str) -> list[str]:
    """Word tokens, case-folded; Hangul words without their particles; numbers left to anchors.

    >>> tokens("The North and the South")
    ['the', 'north', 'and', 'the', 'south']
    """
    return [t for t in map(_token, _WORD.findall(text)) if t is not None]


@lru_cache(maxsize=300_000)
def _token(word: str) -> str | None:
    """The token of one matched word, or None; a text's words recur, so this is cached."""
    w = word.strip("'’-").casefold()
    if not w or w[0].isdigit():  # numbers, with or without a unit (1950년), are anchors' business
        return None
    return _strip(w) if _HANGUL.match(w) else w


@lru_cache(maxsize=300_000)
def stem(token: str, prefix: int = 5) -> str:
    """A crude language-independent stem for counting: alphabetic words cut to ``prefix`` letters.

    Hangul tokens (already without particles) are kept whole; truncating inflected forms of
    alphabetic words is the cheap stemmer commonly used for word-association statistics.

    >>> stem("declarations"), stem("peace"), stem("평화")
    ('decla', 'peace', '평화')
    """
    if _HANGUL.match(token):
        return token
    return token[:prefix]


class Entry(NamedTuple):
    """One translation pair: source phrase, target phrase (token tuples) and a weight in (0, 1].

    A named tuple rather than a dataclass: a bootstrapped table makes tens of thousands of them.
    """

    src: tuple[str, ...]
    tgt: tuple[str, ...]
    weight: float = 1.0


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(tokens(text))


@dataclass(frozen=True)
class Lexicon:
    """Translation entries with an index for finding them in token sequences.

    ``stemmed`` entries (the bootstrapped ones) are matched against :func:`stem`\\ med tokens.
    """

    entries: tuple[Entry, ...] = ()
    name: str = "lexicon"
    stemmed: bool = False
    _index: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        stemmed = self.stemmed
        single = True
        for e in self.entries:
            if len(e.src) != 1 or len(e.tgt) != 1:
                single = False
                break
        # a table of single stemmed words (what bootstrap makes) is a plain word -> keys lookup,
        # indexed by its keys alone (one string per key, which both sides' tables share)
        self._index["simple"] = stemmed and single
        if stemmed and single:
            prefix = f"lex:{self.name}:"
            src_keys: dict[str, list[str]] = {}
            tgt_keys: dict[str, list[str]] = {}
            for i, e in enumerate(self.entries):
                key = prefix + str(i)
                got = src_keys.get(e.src[0])
                if got is None:
                    src_keys[e.src[0]] = [key]
                else:
                    got.append(key)
                got = tgt_keys.get(e.tgt[0])
                if got is None:
                    tgt_keys[e.tgt[0]] = [key]
                else:
                    got.append(key)
            self._index["src"] = self._index["src_keys"] = src_keys
            self._index["tgt"] = self._index["tgt_keys"] = tgt_keys
            return
        src: dict[str, list[int]] = {}
        tgt: dict[str, list[int]] = {}
        for i, e in enumerate(self.entries):
            s0, t0 = e.src[0], e.tgt[0]
            if not stemmed:
                s0, t0 = self._head(s0), self._head(t0)
            ids = src.get(s0)
            if ids is None:
                src[s0] = [i]
            else:
                ids.append(i)
            ids = tgt.get(t0)
            if ids is None:
                tgt[t0] = [i]
            else:
                ids.append(i)
        self._index["src"] = src
        self._index["tgt"] = tgt

    def __len__(self) -> int:
        return len(self.entries)

    def _head(self, word: str) -> str:
        if not self.stemmed and len(word) > 2 and word.endswith("다") and _HANGUL.match(word):
            return word[:-1]  # a verb or adjective in -다 indexes under its stem
        return word

    def _word_matches(self, pattern: str, word: str) -> bool:
        if pattern == word:
            return True
        head = self._head(pattern)
        return head != pattern and word.startswith(head)

    def _lookups(self, word: str) -> Iterable[str]:
        yield word
        if _HANGUL.match(word) and not self.stemmed:
            for k in range(2, len(word)):
                yield word[:k]

    def keys(self, toks: Sequence[str], side: str) -> Counter[str]:
        """``lex:<n>`` keys of the entries whose ``side`` (``"src"`` or ``"tgt"``) phrase occurs in ``toks``."""
        index = self._index[side]  # (of a simple table: its keys by stem)
        found: Counter[str] = Counter()
        if not index:
            return found
        if self._index["simple"]:
            table = self._index[side + "_keys"]
            hits: list[str] = []
            for got in map(table.get, map(stem, toks)):
                if got:
                    hits.extend(got)
            return Counter(hits)
        words = [stem(t) for t in toks] if self.stemmed else list(toks)
        for pos, w in enumerate(words):
            for probe in self._lookups(w):
                for i in index.get(probe, ()):
                    phrase = getattr(self.entries[i], side)
                    if pos + len(phrase) <= len(words) and all(
                        self._word_matches(p, words[pos + k]) for k, p in enumerate(phrase)
                    ):
                        found[f"lex:{self.name}:{i}"] += 1
        return found

    def word_table(self, side: str) -> dict[str, list[str]] | None:
        """For a table of single stemmed words (what :func:`bootstrap` makes): each ``side`` stem's
        keys, as :meth:`keys` finds them; None for other lexicons. Do not change the lists."""
        if not self._index["simple"]:
            return None
        table: dict[str, list[str]] = self._index[side + "_keys"]
        return table

    def weight(self, key: str) -> float:
        return self.entries[int(key.rsplit(":", 1)[1])].weight

    def __add__(self, other: "Lexicon") -> "Lexicon":
        if self.stemmed != other.stemmed:
            raise ValueError("cannot merge stemmed and unstemmed lexicons; keep them separate")
        return Lexicon(self.entries + other.entries, f"{self.name}+{other.name}", self.stemmed)


def parse_hunalign(text: str, *, name: str = "<dictionary>") -> Lexicon:
    """A lexicon from hunalign-format text: ``target phrase @ source phrase`` per line.

    >>> lx = parse_hunalign("peace @ 평화\\nreunify @ 통일하다\\n")
    >>> [(e.src, e.tgt) for e in lx.entries]
    [(('평화',), ('peace',)), (('통일하다',), ('reunify',))]
    """
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if " @ " not in line:
            raise AlignmentError(
                f"[A611] dictionary line {line.strip()[:60]!r} has no ' @ ' separator; "
                "hunalign format is 'target phrase @ source phrase'",
                path=name,
                line=lineno,
            )
        tgt_text, src_text = line.split(" @ ", 1)
        src, tgt = _phrase(src_text), _phrase(tgt_text)
        if not src or not tgt:
            raise AlignmentError(
                f"[A612] dictionary line {line.strip()[:60]!r} has an empty side (no words)", path=name, line=lineno
            )
        entries.append(Entry(src, tgt))
    return Lexicon(tuple(entries), name="dict")


def read_hunalign(path: str | os.PathLike[str]) -> Lexicon:
    """Read a hunalign dictionary file (UTF-8); an empty file gives an empty lexicon."""
    p = Path(path)
    if not p.is_file():
        raise AlignmentError("[A613] no such dictionary file; check the path", path=str(path))
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise AlignmentError("[A613] dictionary file is not UTF-8 text", path=str(path)) from None
    return parse_hunalign(text, name=str(path))


class SentenceStems:
    """The stems (:func:`stem`) of each sentence of a text as small integers, made in one pass over its
    tokens for :func:`bootstrap` and :meth:`~align.aligners.scoring.Evidence.extend_lexicon`, which
    both count stems (by sentence, and within a sentence) and then no longer look at a token.

    ``names[i]`` is stem ``i`` (numbered in order of first occurrence), ``ids`` the reverse;
    ``df[i]`` counts the sentences holding it. Sentence ``q``'s stems, once each in order of first
    occurrence, are ``stem_ids[at[q]:at[q + 1]]``, and how often each occurs in it the same slice
    of ``stem_counts``: flat lists, not two small lists per sentence, which the garbage collector
    would walk again and again while the aligner runs.
    """

    def __init__(self, tokens: Iterable[Sequence[str]]) -> None:
        names: list[str] = []
        ids: dict[str, Any] = {}
        df: list[int] = []
        at: list[int] = [0]
        flat: list[Any] = []
        counts: list[int] = []
        # (a text's tokens recur: each is stemmed once; its number is kept as the object it is,
        # which the list shares, rather than made anew for each occurrence when compiled)
        of_token: dict[str, Any] = {}
        # where[i]: stem i's place in the flat list, which is in the current sentence if it is
        # at or after the sentence's start and holds i
        where: list[int] = []
        for toks in tokens:
            begin = len(flat)
            for t in toks if isinstance(toks, list) else list(toks):
                obj: Any = of_token.get(t)
                if obj is None:
                    s = stem(t)
                    obj = ids.get(s)
                    if obj is None:
                        obj = len(names)  # (one object per stem: the list holds it, not copies)
                        ids[s] = obj
                        names.append(s)
                        df.append(0)
                        where.append(-1)
                    of_token[t] = obj
                i: int = obj
                x = where[i]
                if x >= begin and flat[x] is obj:
                    counts[x] = counts[x] + 1
                else:
                    where[i] = len(flat)
                    flat.append(obj)
                    counts.append(1)
                    df[i] = df[i] + 1
            at.append(len(flat))
        self.names: list[str] = names
        self.ids: dict[str, int] = ids
        self.df: list[int] = df
        self.at: list[int] = at
        self.stem_ids: list[int] = flat
        self.stem_counts: list[int] = counts

    def __len__(self) -> int:
        return len(self.at) - 1

    def stems(self, q: int) -> list[tuple[int, int]]:
        """Sentence ``q``'s stems and how often each occurs in it, in order of first occurrence."""
        lo, hi = self.at[q], self.at[q + 1]
        return list(zip(self.stem_ids[lo:hi], self.stem_counts[lo:hi]))


def bootstrap(
    src_tokens: Sequence[Sequence[str]] | SentenceStems,
    tgt_tokens: Sequence[Sequence[str]] | SentenceStems,
    pairs: Iterable[tuple[int, int]],
    *,
    min_count: int = 2,
    min_dice: float = 0.5,
    near: float = 2.0,
    max_pairs: int = 20_000,
) -> Lexicon:
    """A stemmed translation table from sentence pairs believed to be translations of each other.

    ``pairs`` index ``src_tokens``/``tgt_tokens`` (each sentence's tokens, or their
    :class:`SentenceStems`); each word counts once per sentence. A pair of
    stems is kept when it co-occurs at least ``min_count`` times, its Dice coefficient
    ``2·c(s,t) / (c(s) + c(t))`` is at least ``min_dice``, and neither word has a partner at least
    ``near`` times as strongly associated. Words in more than a tenth of the pairs (function words)
    are left out. Identical stems are left out (the aligner already matches those
    as cognates). At most ``max_pairs`` pairs, spread evenly, are counted, which bounds the time
    on long books. Entry weights are the Dice coefficients.
    """
    pairs = list(pairs)
    if len(pairs) > max_pairs:
        step = len(pairs) / max_pairs
        pairs = [pairs[int(k * step)] for k in range(max_pairs)]
    # (token lists: the stems of the paired sentences alone, numbered in the pairs' order)
    if isinstance(src_tokens, SentenceStems):
        src, s_at = src_tokens, [i for i, _ in pairs]
    else:
        src, s_at = SentenceStems([src_tokens[i] for i, _ in pairs]), list(range(len(pairs)))
    if isinstance(tgt_tokens, SentenceStems):
        tgt, t_at = tgt_tokens, [j for _, j in pairs]
    else:
        tgt, t_at = SentenceStems([tgt_tokens[j] for _, j in pairs]), list(range(len(pairs)))
    return _bootstrap(src, tgt, s_at, t_at, min_count, min_dice, near)


def _bootstrap(
    src: SentenceStems, tgt: SentenceStems, s_pair: list[int], t_pair: list[int], min_count: int, min_dice: float, near: float
) -> Lexicon:
    """:func:`bootstrap` on stem numbers; pair k is source sentence ``s_pair[k]`` and target ``t_pair[k]``."""
    s_at, s_ids = src.at, src.stem_ids
    t_at, t_ids = tgt.at, tgt.stem_ids
    fs = [0] * len(src.names)
    ft = [0] * len(tgt.names)
    for k in range(len(s_pair)):
        i, j = s_pair[k], t_pair[k]
        for x in range(s_at[i], s_at[i + 1]):
            w = s_ids[x]
            fs[w] = fs[w] + 1
        for x in range(t_at[j], t_at[j + 1]):
            w = t_ids[x]
            ft[w] = ft[w] + 1
    # words in more than a tenth of the pairs are function words: they would pair with anything
    common = max(50, len(s_pair) // 10)
    # Dice = 2c/(fs+ft) with c <= min(fs, ft) cannot reach min_dice unless the two frequencies are
    # within a factor (2 - min_dice)/min_dice of each other: other pairs are not worth counting
    spread = (2 - min_dice) / min_dice * (1 + 1e-9) if min_dice > 0 else math.inf  # (a hair wider)
    # co-occurrences counted one source word at a time: the beads it is in give the target words
    # of compatible frequency as slices of each bead's list of its target words sorted by
    # frequency (one number per word: frequency times the vocabulary size plus the word), all
    # beads' lists in one (bead b's from t_at2[b]); each source word's beads likewise (CSR)
    n_t = len(tgt.names) or 1
    t_flat: list[int] = []
    t_word: list[int] = []  # (the word of each number of t_flat)
    t_at2: list[int] = [0]
    s_flat: list[int] = []  # each bead's source words, then regrouped by word below
    s_at2: list[int] = [0]
    n_beads = [0] * len(src.names)
    t_ok: list[int] = []
    for k in range(len(s_pair)):
        i, j = s_pair[k], t_pair[k]
        begin = len(s_flat)
        for x in range(s_at[i], s_at[i + 1]):
            w = s_ids[x]
            if min_count <= fs[w] <= common:
                s_flat.append(w)
        if len(s_flat) == begin:
            continue
        t_ok.clear()
        for x in range(t_at[j], t_at[j + 1]):
            w = t_ids[x]
            if min_count <= ft[w] <= common:
                t_ok.append(ft[w] * n_t + w)
        if not t_ok:
            del s_flat[begin:]
            continue
        t_ok.sort()
        t_flat.extend(t_ok)
        for v in t_ok:
            t_word.append(v % n_t)
        t_at2.append(len(t_flat))
        s_at2.append(len(s_flat))
        for x in range(begin, len(s_flat)):
            w = s_flat[x]
            n_beads[w] = n_beads[w] + 1
    # the beads of each source word, in bead order: word w's from first[w]
    first = [0] * (len(src.names) + 1)
    for w in range(len(src.names)):
        first[w + 1] = first[w] + n_beads[w]
    fill = first[:-1]
    beads_of = [0] * first[-1]
    for b in range(len(s_at2) - 1):
        for x in range(s_at2[b], s_at2[b + 1]):
            w = s_flat[x]
            beads_of[fill[w]] = b
            fill[w] = fill[w] + 1
    s_names, t_names = src.names, tgt.names
    # kept pairs as three parallel lists; each word's best Dice
    got_s: list[int] = []
    got_t: list[int] = []
    got_d: list[float] = []
    best_s = [0.0] * len(s_names)
    best_t = [0.0] * len(t_names)
    count = [0] * len(t_names)  # co-occurrences with the current source word (zeroed after it)
    top = (common + 1) * n_t  # (above every number)
    seen: list[int] = []
    for si in range(len(s_names)):
        if n_beads[si] < min_count:
            continue
        f = fs[si]
        # the target frequencies g with f / spread <= g <= f * spread, as numbers g * n_t + w
        low = math.ceil(f / spread) * n_t
        high = (math.floor(f * spread) + 1) * n_t if spread != math.inf else top
        seen.clear()
        for y in range(first[si], first[si + 1]):
            b = beads_of[y]
            lo = _first_at_least(t_flat, low, t_at2[b], t_at2[b + 1])
            hi = _first_at_least(t_flat, high, lo, t_at2[b + 1])
            for k in range(lo, hi):
                ti = t_word[k]
                c = count[ti]
                if c == 0:
                    seen.append(ti)
                count[ti] = c + 1
        sw = s_names[si]
        for ti in seen:
            c = count[ti]
            count[ti] = 0
            if c < min_count:
                continue
            d = 2 * c / (f + ft[ti])
            if d < min_dice:
                continue
            if sw == t_names[ti]:
                continue
            got_s.append(si)
            got_t.append(ti)
            got_d.append(d)
            if d > best_s[si]:
                best_s[si] = d
            if d > best_t[ti]:
                best_t[ti] = d
    # strongest first, ties by the words: the words' ranks make one number per pair to sort by
    s_rank = _ranks(s_names, got_s)
    t_rank = _ranks(t_names, got_t)
    n_tr = len(t_names) + 1
    by_words = [s_rank[got_s[k]] * n_tr + t_rank[got_t[k]] for k in range(len(got_d))]
    order = sorted(range(len(got_d)), key=by_words.__getitem__)
    order.sort(key=got_d.__getitem__, reverse=True)  # (stable: ties keep the words' order)
    entries = []
    # (a word's phrase, made once: a word has several entries)
    s_one: list[tuple[str, ...] | None] = [None] * len(s_names)
    t_one: list[tuple[str, ...] | None] = [None] * len(t_names)
    for k in order:
        d = got_d[k]
        si, ti = got_s[k], got_t[k]
        if d * near >= best_s[si] and d * near >= best_t[ti]:
            sp = s_one[si]
            if sp is None:
                sp = s_one[si] = (s_names[si],)
            tp = t_one[ti]
            if tp is None:
                tp = t_one[ti] = (t_names[ti],)
            entries.append(Entry(sp, tp, d))
    return Lexicon(tuple(entries), name="boot", stemmed=True)


def _first_at_least(values: list[int], x: int, lo: int, hi: int) -> int:
    """The first place in ``lo .. hi`` of sorted ``values`` holding ``x`` or more (``bisect_left``,
    on integers, which compiled is a loop in C rather than a call comparing objects)."""
    while lo < hi:
        mid = (lo + hi) >> 1
        if values[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _ranks(names: list[str], used: list[int]) -> list[int]:
    """Each used name's rank in sorting the used names (others: 0)."""
    ranks = [0] * len(names)
    distinct = sorted(set(used), key=names.__getitem__)
    for r, i in enumerate(distinct):
        ranks[i] = r
    return ranks

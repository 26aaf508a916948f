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
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

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
        src: dict[str, list[int]] = defaultdict(list)
        tgt: dict[str, list[int]] = defaultdict(list)
        for i, e in enumerate(self.entries):
            src[self._head(e.src[0])].append(i)
            tgt[self._head(e.tgt[0])].append(i)
        self._index["src"] = dict(src)
        self._index["tgt"] = dict(tgt)
        # a table of single stemmed words (what bootstrap makes) is a plain word -> keys lookup
        self._index["simple"] = self.stemmed and all(len(e.src) == 1 and len(e.tgt) == 1 for e in self.entries)
        if self._index["simple"]:
            for side in ("src", "tgt"):
                self._index[side + "_keys"] = {
                    w: [f"lex:{self.name}:{i}" for i in ids] for w, ids in self._index[side].items()
                }

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
        index = self._index[side]
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


class _Ids(dict):
    """Small integers for strings, the next one for each new string (numbered in order of first use)."""

    def __missing__(self, key: str) -> int:
        got = self[key] = len(self)
        return got


def bootstrap(
    src_tokens: Sequence[Sequence[str]],
    tgt_tokens: Sequence[Sequence[str]],
    pairs: Iterable[tuple[int, int]],
    *,
    min_count: int = 2,
    min_dice: float = 0.5,
    near: float = 2.0,
    max_pairs: int = 20_000,
) -> Lexicon:
    """A stemmed translation table from sentence pairs believed to be translations of each other.

    ``pairs`` index ``src_tokens``/``tgt_tokens``; each word counts once per sentence. A pair of
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
    # stems become small integers (lists indexed by them count and look up faster than dicts of strings)
    s_ids, t_ids = _Ids(), _Ids()
    s_id, t_id = s_ids.__getitem__, t_ids.__getitem__
    src_sets = [set(map(s_id, map(stem, src_tokens[i]))) for i, _ in pairs]
    tgt_sets = [set(map(t_id, map(stem, tgt_tokens[j]))) for _, j in pairs]
    fs = [0] * len(s_ids)
    for ids in src_sets:
        for w in ids:
            fs[w] += 1
    ft = [0] * len(t_ids)
    for ids in tgt_sets:
        for w in ids:
            ft[w] += 1
    # words in more than a tenth of the pairs are function words: they would pair with anything
    common = max(50, len(pairs) // 10)
    # Dice = 2c/(fs+ft) with c <= min(fs, ft) cannot reach min_dice unless the two frequencies are
    # within a factor (2 - min_dice)/min_dice of each other: other pairs are not worth counting
    spread = (2 - min_dice) / min_dice * (1 + 1e-9) if min_dice > 0 else math.inf  # (a hair wider)
    # co-occurrences counted one source word at a time: the beads it is in give the target words
    # of compatible frequency as slices of each bead's frequency-sorted list, counted in C by a
    # small Counter (one shared table of all (source, target) cells, mostly seen once, was the
    # bulk of the time and memory on long sentences)
    t_freqs: list[list[int]] = []
    t_words: list[list[int]] = []
    s_beads: dict[int, list[int]] = defaultdict(list)
    for ss, ts in zip(src_sets, tgt_sets):
        s_ok = [w for w in ss if min_count <= fs[w] <= common]
        if not s_ok:
            continue
        t_ok = sorted([(ft[w], w) for w in ts if min_count <= ft[w] <= common])
        if not t_ok:
            continue
        b = len(t_freqs)
        t_freqs.append([f for f, _ in t_ok])
        t_words.append([w for _, w in t_ok])
        for si in s_ok:
            s_beads[si].append(b)
    s_words = list(s_ids)
    t_words_all = list(t_ids)
    dice: dict[tuple[str, str], float] = {}
    best_s: dict[str, float] = defaultdict(float)
    best_t: dict[str, float] = defaultdict(float)
    for si, beads in s_beads.items():
        if len(beads) < min_count:
            continue
        f = fs[si]
        low, high = f / spread, f * spread
        found: list[int] = []
        for b in beads:
            tf = t_freqs[b]
            lo = bisect_left(tf, low)
            hi = bisect_right(tf, high, lo)
            if lo < hi:
                found += t_words[b][lo:hi]
        if len(found) < min_count:
            continue
        sw = s_words[si]
        for ti, c in Counter(found).items():
            if c < min_count:
                continue
            d = 2 * c / (f + ft[ti])
            if d < min_dice:
                continue
            tw = t_words_all[ti]
            if sw == tw:
                continue
            dice[sw, tw] = d
            if d > best_s[sw]:
                best_s[sw] = d
            if d > best_t[tw]:
                best_t[tw] = d
    # strongest first, ties by the words (two stable sorts, the second in reverse, spare a key function)
    ranked = sorted(sorted(dice.items()), key=itemgetter(1), reverse=True)
    entries = [Entry((s,), (t,), d) for (s, t), d in ranked if d * near >= best_s[s] and d * near >= best_t[t]]
    return Lexicon(tuple(entries), name="boot", stemmed=True)

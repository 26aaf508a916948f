"""Both texts' evidence at once: each sentence's tokens, numerals and weighted evidence bags.

This gives what :func:`~align.aligners.lexicon.tokens`, :func:`~align.aligners.scoring.sentence_evidence`
on every sentence and :meth:`~align.aligners.scoring.Evidence.from_keys` give together, the same
values, with less work, for three reasons:

- a key that only one text has is dropped by ``from_keys``; here the keys of each *distinct* word,
  name run or token are looked up once per text, the keys both texts share are found from those,
  and each sentence is then built from the shared keys alone (most words give keys that the other
  language never has: every English word is a cognate key, every Hangul word a set of name keys);
- words recur, so everything that depends on a word alone is computed once per distinct word;
- a sentence's tokens are made once and serve the cognates and the lexicons too.

Each sentence's bag keeps the order its keys had in :func:`~align.aligners.scoring.sentence_key_list`
(numbers, dates and article numbers by position, then names, cognates and lexicon keys), so its
weights are summed in the same order and the costs come out the same to the last bit.
"""

from __future__ import annotations

import gc
import threading
from collections import Counter
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

from . import anchors as _anchors
from .lexicon import Lexicon, _WORD, _token
from .scoring import Evidence, _cognate4

__all__ = ["document_evidence", "paused_collection"]



class _Tokens(dict):
    """Each word's token (:func:`~align.aligners.lexicon.tokens`), ``""`` for none, by the word as
    the tokenizer finds it; made on first use. A word that may be part of a written-out number,
    an article heading or a month name (:func:`~align.aligners.anchors.lexical_word`) goes into
    ``_LEXICAL_WORDS`` then too."""

    def __missing__(self, word: str) -> str:
        t = _token(word)
        got = self[word] = "" if t is None else t
        if _anchors.lexical_word(word):
            _LEXICAL_WORDS.add(word)
        return got


_TOKENS = _Tokens()
_LEXICAL_WORDS: set[str] = set()
_MAX_WORDS = 300_000


class _Side:
    """One text's per-sentence parts, and the set of every key the text has."""

    def __init__(self) -> None:
        self.tokens: list[list[str]] = []
        self.numerals: list[Any] = []  # (what anchors.numerals gives, kept as it is)
        self.plain: list[list[str]] = []  # numeric anchor keys, in sentence_key_list's order
        self.hangul: list[list[str]] = []  # Hangul words, each giving name keys
        self.runs: list[list[str]] = []  # runs of capitalised words, each giving name keys
        self.lex: list[list[str]] = []  # lexicon keys (a dictionary's), in order
        self.keys: set[str] = set()
        self.hangul_seen: set[str] = set()  # the distinct words, runs and tokens of all sentences
        self.runs_seen: set[str] = set()
        self.token_seen: set[str] = set()


def _side(
    sents: Sequence[str],
    lang: str | None,
    side: str,
    kinds: frozenset[str],
    names: bool,
    cognates: bool,
    lexicons: Sequence[Lexicon],
) -> _Side:
    out = _Side()
    keys = out.keys
    hangul_seen = out.hangul_seen
    runs_seen = out.runs_seen
    token_seen = out.token_seen
    word_find = _WORD.findall
    hangul_find = _anchors._HANGUL_WORD.findall
    run_find = _anchors._CAP_RUN.findall
    numeric = _anchors.numeric_keys_and_numerals
    no_strings: list[str] = []
    if len(_TOKENS) > _MAX_WORDS:
        _TOKENS.clear()
        _LEXICAL_WORDS.clear()
    token_of = _TOKENS.__getitem__
    lexical_words = _LEXICAL_WORDS
    for text in sents:
        words = word_find(text)
        toks = [t for t in map(token_of, words) if t]
        out.tokens.append(toks)
        got: Any = numeric(text, lang, kinds, not lexical_words.isdisjoint(words))
        plain: list[str] = got[0]
        out.numerals.append(got[1])
        out.plain.append(plain)
        if plain:
            keys.update(plain)
        if names:
            hw: list[str] = hangul_find(text)
            out.hangul.append(hw)
            if hw:
                hangul_seen.update(hw)
            runs: list[str] = run_find(text)
            out.runs.append(runs)
            if runs:
                runs_seen.update(runs)
        if cognates:
            token_seen.update(toks)
        if lexicons:
            lex: list[str] = []
            for lx in lexicons:
                lex.extend(lx.keys(toks, side).elements())
            out.lex.append(lex)
            keys.update(lex)
        else:
            out.lex.append(no_strings)
    for w in hangul_seen:
        keys.update(_anchors._word_name_keys(w))
    for r in runs_seen:
        keys.update(_anchors._run_name_keys(r))
    for t in token_seen:
        c = _cognate4(t)
        if c is not None:
            keys.add(c)
    return out


def _bags(s: _Side, both: set[str], names: bool, cognates: bool) -> list[Counter[str]]:
    """Each sentence's bag of the keys in ``both``, counted in the order sentence_key_list gives them."""
    # the shared keys of each distinct word, run and token that has any
    hangul: dict[str, tuple[str, ...]] = {}
    runs: dict[str, tuple[str, ...]] = {}
    cogs: dict[str, str] = {}
    if names:
        for w in s.hangul_seen:
            got = tuple([k for k in _anchors._word_name_keys(w) if k in both])
            if got:
                hangul[w] = got
        for r in s.runs_seen:
            got = tuple([k for k in _anchors._run_name_keys(r) if k in both])
            if got:
                runs[r] = got
    if cognates:
        for t in s.token_seen:
            c = _cognate4(t)
            if c is not None and c in both:
                cogs[t] = c
    lex = any(s.lex)
    out: list[Counter[str]] = []
    for i in range(len(s.tokens)):
        plain = s.plain[i]
        keys = [k for k in plain if k in both] if plain else []
        if hangul:
            for w in s.hangul[i]:
                hk = hangul.get(w)
                if hk is not None:
                    keys.extend(hk)
        if runs:
            for r in s.runs[i]:
                rk = runs.get(r)
                if rk is not None:
                    keys.extend(rk)
        if cogs:
            toks = s.tokens[i]
            if not cogs.keys().isdisjoint(toks):  # (most sentences share no cognate: skip them in C)
                for t in toks:
                    c = cogs.get(t)
                    if c is not None:
                        keys.append(c)
        if lex:
            for k in s.lex[i]:
                if k in both:
                    keys.append(k)
        out.append(Counter(keys))
    return out


def document_evidence(
    src: Sequence[str],
    tgt: Sequence[str],
    src_lang: str | None,
    tgt_lang: str | None,
    *,
    anchor_kinds: Sequence[str] = _anchors.KINDS,
    cognates: bool = True,
    lexicons: Sequence[Lexicon] = (),
) -> tuple[list[list[str]], list[list[str]], Evidence, list[Any], list[Any]]:
    """Tokens of each sentence of both texts, their evidence, and each sentence's numerals.

    The same as ``tokens`` of each sentence, ``Evidence.from_keys`` of the texts'
    ``sentence_evidence`` keys, and its numerals (see the module docstring).
    """
    kinds = frozenset(anchor_kinds)
    names = "name" in kinds
    with paused_collection():
        s = _side(src, src_lang, "src", kinds, names, cognates, lexicons)
        t = _side(tgt, tgt_lang, "tgt", kinds, names, cognates, lexicons)
        both = s.keys & t.keys
        evidence = Evidence.build(_bags(s, both, names, cognates), _bags(t, both, names, cognates))
    return s.tokens, t.tokens, evidence, s.numerals, t.numerals


@contextmanager
def paused_collection() -> Iterator[None]:
    """The cyclic garbage collector paused (and restored after), for work that makes many
    containers and no reference cycles.

    Aligning makes millions of lists, tuples and dicts, none of them in a cycle: the collector
    only walks the whole heap again and again (at 8k sentences three full collections that free
    nothing cost a seventh of the aligner's time). Objects are still freed as soon as they are
    unreferenced; a cycle made meanwhile is collected after.

    Only in the main thread, and only by the outermost alignment: the collector is the whole
    process's, and a library working in another thread must not switch it off under the
    application (or back on, after the application switched it off meanwhile).
    """
    if threading.current_thread() is not threading.main_thread() or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

"""The fast evidence paths against plain formulations written here from their definitions.

``bootstrap`` counts co-occurrences one source word at a time and skips pairs whose frequencies
cannot reach the Dice threshold; ``Evidence.extend_lexicon`` counts and weighs a bootstrapped
table's keys by stem and shares postings lists. Both must give exactly (to the last bit, key order
included: the aligner sums masses in bag order) what the definitions give.
"""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given, settings, strategies as st

import pytest

from align.aligners.lexicon import Entry, Lexicon, SentenceStems, bootstrap, parse_hunalign, stem
from align.aligners.scoring import KIND_WEIGHTS, Evidence

# a small vocabulary, so that words recur and co-occur; Latin words share 5-letter stems
# ("declaration", "declarations"), Hangul ones are their own stems
LATIN = ["peace", "declaration", "declarations", "north", "south", "summit", "summits", "talks", "the", "of", "kim", "seoul"]
HANGUL = ["평화", "선언", "북한", "남한", "정상", "회담", "서울", "김", "통일", "공동"]

sentences = st.lists(st.sampled_from(LATIN + HANGUL), min_size=0, max_size=12)
corpus = st.lists(sentences, min_size=1, max_size=25)


def plain_bootstrap(src, tgt, pairs, min_count=2, min_dice=0.5, near=2.0):
    """The table by its definition (lexicon.bootstrap's docstring), for fewer pairs than max_pairs."""
    s_sets = [set(map(stem, src[i])) for i, _ in pairs]
    t_sets = [set(map(stem, tgt[j])) for _, j in pairs]
    fs = Counter(w for ws in s_sets for w in ws)
    ft = Counter(w for ws in t_sets for w in ws)
    common = max(50, len(pairs) // 10)
    co: Counter = Counter()
    for ss, ts in zip(s_sets, t_sets):
        for s in ss:
            for t in ts:
                co[s, t] += 1
    dice = {}
    for (s, t), c in co.items():
        if c < min_count or s == t or not (min_count <= fs[s] <= common and min_count <= ft[t] <= common):
            continue
        d = 2 * c / (fs[s] + ft[t])
        if d >= min_dice:
            dice[s, t] = d
    best_s: dict = {}
    best_t: dict = {}
    for (s, t), d in dice.items():
        best_s[s] = max(best_s.get(s, 0.0), d)
        best_t[t] = max(best_t.get(t, 0.0), d)
    ranked = sorted(dice.items(), key=lambda item: (-item[1], item[0]))
    return [Entry((s,), (t,), d) for (s, t), d in ranked if d * near >= best_s[s] and d * near >= best_t[t]]


@settings(max_examples=150, deadline=None)
@given(corpus, corpus, st.data(), st.sampled_from([0.3, 0.5, 0.8]))
def test_bootstrap_equals_its_definition(src, tgt, data, min_dice):
    n = min(len(src), len(tgt))
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40))
    got = bootstrap(src, tgt, pairs, min_dice=min_dice)
    assert list(got.entries) == plain_bootstrap(src, tgt, pairs, min_dice=min_dice)
    # the same from the stems of every sentence, made once (as the aligner does)
    assert bootstrap(SentenceStems(src), SentenceStems(tgt), pairs, min_dice=min_dice).entries == got.entries


@settings(max_examples=150, deadline=None)
@given(corpus)
def test_sentence_stems_equal_their_definition(text):
    got = SentenceStems(text)
    assert len(got) == len(text)
    assert [got.ids[w] for w in got.names] == list(range(len(got.names)))
    for q, toks in enumerate(text):
        stems = [stem(t) for t in toks]
        distinct = list(dict.fromkeys(stems))  # in order of first occurrence
        assert [(got.names[i], c) for i, c in got.stems(q)] == [(w, stems.count(w)) for w in distinct]
    assert got.df == [sum(1 for toks in text if w in {stem(t) for t in toks}) for w in got.names]
    # numbered in order of first occurrence in the text
    assert got.names == list(dict.fromkeys(stem(t) for toks in text for t in toks))


def plain_extend(ev: Evidence, lex: Lexicon, src, tgt):
    """The evidence extended by the lexicon's keys, from the definitions: a sentence has key i once
    per token whose stem is entry i's phrase on its side; a key weighs its kind's weight times its
    rarity, log((n+1)/df)/log(n+1) over the n sentences of both sides, where df counts the sentences
    having it, and only keys found on both sides count; a bag weighs c·w for a key found c times,
    in the order keys are first found; new keys follow a bag's old ones."""
    names = [f"lex:{lex.name}:{i}" for i in range(len(lex.entries))]

    def found(toks, side):
        out = []
        for tok in toks:
            for i, e in enumerate(lex.entries):
                if getattr(e, side) == (stem(tok),):
                    out.append(names[i])
        return Counter(out)

    src_found = [found(t, "src") for t in src]
    tgt_found = [found(t, "tgt") for t in tgt]
    n = len(src) + len(tgt)
    df_s = Counter(k for c in src_found for k in c)
    df_t = Counter(k for c in tgt_found for k in c)
    weight = {}
    for k in df_s:
        if k in df_t:
            rarity = math.log((n + 1) / (df_s[k] + df_t[k])) / math.log(n + 1) if n > 1 else 1.0
            weight[k] = KIND_WEIGHTS["lex"] * max(rarity, 0.0)

    def bags(old, old_mass, counted):
        out, mass = [], []
        for a, ma, c in zip(old, old_mass, counted):
            new = {k: weight[k] if m == 1 else m * weight[k] for k, m in c.items() if k in weight}
            out.append({**a, **new})
            mass.append(ma + sum(new.values()))
        return out, mass

    sb, sm = bags(ev.src_bags, ev.src_mass, src_found)
    tb, tm = bags(ev.tgt_bags, ev.tgt_mass, tgt_found)
    postings = dict(ev.postings)
    for k in weight:
        postings[k] = [q for q, c in enumerate(tgt_found) if k in c]
    return sb, tb, sm, tm, postings


@settings(max_examples=150, deadline=None)
@given(corpus, corpus, st.data())
def test_extend_lexicon_equals_its_definition(src, tgt, data):
    # a first-pass evidence of cognate-like keys, so that new keys follow old ones in the bags
    old = Evidence.from_keys([[f"cog:{w[:4]}" for w in s] for s in src], [[f"cog:{w[:4]}" for w in t] for t in tgt])
    n = min(len(src), len(tgt))
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40))
    lex = bootstrap(src, tgt, pairs, min_dice=0.3)
    if data.draw(st.booleans()):  # also a hand-made table where a stem has several entries
        stems = sorted({stem(w) for w in LATIN + HANGUL})
        entries = data.draw(st.lists(st.tuples(st.sampled_from(stems), st.sampled_from(stems)), max_size=15))
        lex = Lexicon(tuple(Entry((a,), (b,), 1.0) for a, b in entries), name="t", stemmed=True)
    got = old.extend_lexicon(lex, src, tgt)
    sb, tb, sm, tm, postings = plain_extend(old, lex, src, tgt)
    from_stems = old.extend_lexicon(lex, SentenceStems(src), SentenceStems(tgt))
    for other in (got, from_stems):
        assert [list(b.items()) for b in other.src_bags] == [list(b.items()) for b in sb]
        assert [list(b.items()) for b in other.tgt_bags] == [list(b.items()) for b in tb]
        assert other.src_mass == sm and other.tgt_mass == tm
        assert other.postings == postings
    assert got.src_bags == sb and got.tgt_bags == tb
    assert [list(b) for b in got.src_bags] == [list(b) for b in sb]  # key order too
    assert [list(b) for b in got.tgt_bags] == [list(b) for b in tb]
    assert got.src_mass == sm and got.tgt_mass == tm  # exactly: same sums in the same order
    assert got.postings == postings
    # and the general path gives the same
    general = old.extend([lex.keys(t, "src") for t in src], [lex.keys(t, "tgt") for t in tgt])
    assert general.src_bags == got.src_bags and general.src_mass == got.src_mass and general.postings == got.postings


def test_extend_lexicon_of_phrases_needs_tokens():
    # a dictionary's phrases are matched against the words, which stems no longer are
    old = Evidence.empty(1, 1)
    lex = parse_hunalign("peace talks @ 평화 회담\n")
    with pytest.raises(ValueError):
        old.extend_lexicon(lex, SentenceStems([["평화", "회담"]]), SentenceStems([["peace", "talks"]]))
    got = old.extend_lexicon(lex, [["평화", "회담"]], [["peace", "talks"]])
    assert got.src_bags[0].keys() == {"lex:dict:0"} and got.tgt_bags[0].keys() == {"lex:dict:0"}
    assert got.src_bags[0]["lex:dict:0"] > 0 and got.src_mass[0] > 0  # the phrase weighs something


@settings(max_examples=100, deadline=None)
@given(corpus, corpus, st.data())
def test_extended_evidence_keeps_its_anchor_masses(src, tgt, data):
    # the aligner weighs each sentence's anchors once, for both passes: the keys a bootstrapped
    # lexicon adds are never anchors, so the second pass's evidence must weigh the same
    from align.aligners.fullcost import STRAY_KINDS, anchor_masses

    kinds = list(STRAY_KINDS) + ["name", "month", "cog"]

    def keys(words):
        # some anchor-like keys among cognates, drawn from the words so that they recur
        return [f"{kinds[len(w) % len(kinds)]}:{w[:3]}" for w in words]

    old = Evidence.from_keys([keys(s) for s in src], [keys(t) for t in tgt])
    n = min(len(src), len(tgt))
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40))
    new = old.extend_lexicon(bootstrap(src, tgt, pairs, min_dice=0.3), src, tgt)

    def plain(bags):
        return [math.fsum(w for k, w in bag.items() if k.split(":", 1)[0] in STRAY_KINDS) for bag in bags]

    assert anchor_masses(new) == anchor_masses(old) == (plain(old.src_bags), plain(old.tgt_bags))

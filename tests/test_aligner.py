"""The aligners on constructed sentence lists whose correct beads are known."""

from __future__ import annotations

import math
import random

import pytest

from align.aligners import (
    ALIGNERS,
    DEFAULT_PRIORS,
    DPAligner,
    LengthAligner,
    align_documents,
    align_texts,
    bead_types,
    get_aligner,
)
from align.aligners.scoring import LengthModel
from align.aligners.search import LengthCoster, coarse_to_fine
from align.errors import AlignmentError
from align.aligners.evaluate import score
from align.aligners.lexicon import parse_hunalign
from align.model import Document, Layer, Span

RATIO = 2.1  # target characters per source character in the constructed texts (about en per ko)


def filler(n: int, ch: str = ".") -> str:
    """Text of ``n`` non-space characters with no words, numbers or names: only its length speaks."""
    return " ".join(ch * 5 for _ in range(n // 5)) + ch * (n % 5)


def build(shapes, seed=0, lengths=None):
    """Source and target sentence lists realising the given bead shapes, and the gold beads."""
    rng = random.Random(seed)
    src, tgt, gold = [], [], []
    for k, (a, b) in enumerate(shapes):
        ls = [lengths[k] if lengths else rng.randint(15, 90) for _ in range(a)]
        total = sum(ls) * RATIO if a else rng.randint(15, 60)
        if b:
            cuts = sorted(rng.uniform(0.3, 0.7) for _ in range(b - 1))
            parts = [round(total * (hi - lo)) for lo, hi in zip([0.0] + cuts, cuts + [1.0])]
        else:
            parts = []
        gold.append((tuple(range(len(src), len(src) + a)), tuple(range(len(tgt), len(tgt) + b))))
        src += [filler(n) for n in ls] if a else []
        tgt += [filler(max(3, n), "-") for n in parts]
    return src, tgt, gold


def beads_of(al):
    return [(b.src, b.tgt) for b in al]


SHAPES = [
    ("all 1-1", [(1, 1)] * 12),
    ("2-1 and 1-2", [(1, 1), (1, 1), (2, 1), (1, 1), (1, 2), (1, 1), (1, 1)]),
    ("1-3 and 3-1", [(1, 1), (1, 3), (1, 1), (1, 1), (3, 1), (1, 1)]),
    ("2-2", [(1, 1), (1, 1), (2, 2), (1, 1), (1, 1)]),
]


@pytest.mark.parametrize("name,shapes", SHAPES, ids=[s[0] for s in SHAPES])
@pytest.mark.parametrize("aligner", [DPAligner("ko", "en"), LengthAligner()], ids=["dp", "length"])
def test_aligner_recovers_constructed_beads(name, shapes, aligner):
    src, tgt, gold = build(shapes, seed=len(name))
    assert beads_of(aligner.align(src, tgt)) == gold


@pytest.mark.parametrize("shape", [(0, 1), (1, 0)])
def test_aligner_null_bead_from_length(shape):
    # a sentence with no counterpart: only a null bead keeps its neighbours' lengths in proportion
    # (enough 1-1 beads for the length variance to be measured after the first pass)
    src, tgt, gold = build([(1, 1)] * 12 + [shape] + [(1, 1)] * 12, seed=3)
    assert beads_of(DPAligner().align(src, tgt)) == gold


def test_aligner_anchors_place_the_null_bead_where_length_cannot():
    # equal lengths everywhere: only the years say which English sentence has no Korean counterpart
    years = [1945, 1950, 1953, 1972, 1991, 2000]
    src = [f"{y}년에 {filler(30)}" for y in years if y != 1972]
    tgt = [f"In {y}, {filler(70, '-')}" for y in years]
    expected = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((), (3,)), ((3,), (4,)), ((4,), (5,))]
    assert beads_of(DPAligner("ko", "en").align(src, tgt)) == expected


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_aligner_stray_anchor_cannot_drag_the_path(seed):
    # hunalign's "Chapter 1" / "Libro 1" failure: a number shared by two sentences two beads apart.
    # The reward of one bead is bounded, so the detour (two null beads each way, shifted lengths)
    # never pays; with a much larger reward per unit of evidence (lam=20) it would.
    src, tgt, gold = build([(1, 1)] * 14, seed=seed)
    src[5] = "Seit 1945 " + src[5]
    tgt[7] = "En 1945 " + tgt[7]
    src[0] = "Kapitel 1 " + src[0]
    tgt[0] = "Libro 1 " + tgt[0]
    assert beads_of(DPAligner("de", "es").align(src, tgt)) == gold
    assert beads_of(DPAligner("de", "es", lam=20).align(src, tgt)) != gold


def test_aligner_dictionary_decides_ambiguous_lengths():
    # equal lengths: only the dictionary says that 바다 (sea) has no English counterpart
    ko = ["평화", "전쟁", "하늘", "바다", "나무", "구름"]
    en = ["peace", "war", "sky", "tree", "cloud"]
    src = [f"{w} {filler(30)}" for w in ko]
    tgt = [f"{w} {filler(64, '-')}" for w in en]
    lex = parse_hunalign("peace @ 평화\nwar @ 전쟁\nsky @ 하늘\nsea @ 바다\ntree @ 나무\ncloud @ 구름\n")
    al = DPAligner("ko", "en", dictionary=lex).align(src, tgt)
    assert beads_of(al) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), ()), ((4,), (3,)), ((5,), (4,))]
    assert "lex:dict+boot" in al.signature


def test_aligner_long_omission_widens_the_band():
    # 600 sentences, 40 target sentences missing in the middle: far off the band around the
    # coarse path, which lengths alone cannot place; numbers in every third sentence can
    shapes = [(1, 1)] * 250 + [(1, 0)] * 40 + [(1, 1)] * 310
    src, tgt, gold = build(shapes, seed=11)
    src = [f"{1000 + k}명 {s}" if k % 3 == 0 else s for k, s in enumerate(src)]
    pos = {g[1][0]: g[0][0] for g in gold if g[1]}
    tgt = [f"{1000 + pos[k]} people {t}" if pos[k] % 3 == 0 else t for k, t in enumerate(tgt)]
    al = DPAligner("ko", "en").align(src, tgt)
    assert score(gold, beads_of(al)).f1_strict > 0.97


def test_aligner_search_widens_the_band_where_the_path_hits_its_edge():
    # the guide path (a coarse level's) strays 20 sentences from the truth for a stretch: the best
    # path in a band 4 wide runs along its edge there, so that stretch is searched again, wider
    rng = random.Random(4)
    src = [rng.randint(20, 90) for _ in range(300)]
    tgt = [2 * x for x in src]
    types = bead_types(4)
    priors = {t: -math.log(DEFAULT_PRIORS.get(t, 0.001)) for t in types}
    coster = LengthCoster(src, tgt, types, priors, LengthModel(2.0, 1.0), null_length=False)
    guide = [(i, i) for i in range(1, 120)] + [(i, i + 20) for i in range(120, 170)] + [(i, i) for i in range(170, 300)]
    beads, stats = coarse_to_fine(src, tgt, lambda *_: coster, radius=4, start_path=guide)
    assert stats["widened"] >= 1
    assert [(b[0], b[2]) for b in beads] == [(i, i) for i in range(300)]
    narrow, _ = coarse_to_fine(src, tgt, lambda *_: coster, radius=4, max_radius=4, start_path=guide)
    assert [(b[0], b[2]) for b in narrow] != [(i, i) for i in range(300)]


def test_aligner_empty_sides():
    al = DPAligner().align([], ["a", "b"])
    assert beads_of(al) == [((), (0,)), ((), (1,))]
    assert beads_of(DPAligner().align(["가"], [])) == [((0,), ())]


@pytest.mark.parametrize("bad", ["one string", [1, 2], b"bytes"])
def test_aligner_rejects_non_sentence_input(bad):
    with pytest.raises(AlignmentError, match="A631"):
        DPAligner().align(bad, ["x"])


def test_aligner_signature_and_meta():
    al = DPAligner("ko", "en").align(["하나.", "둘."], ["One.", "Two."])
    fields = dict(f.split(":", 1) for f in al.signature.split("|"))
    assert fields["aligner"] == "dp-ko" and fields["len"] == "gc-est" and fields["max-bead"] == "4"
    assert fields["against"] == "clash+stray"
    assert "|against:clash|" in DPAligner("ko", "en", stray=0.0).signature()  # a setting that changes beads shows
    assert fields["lex"] == "boot" and "num" in fields["anchors"] and al.signature.endswith("version:0.1.0")
    assert al.meta["ratio"] == pytest.approx(8 / 5)
    generic = DPAligner("de", "fr", bootstrap=False)
    assert "aligner:dp|" in generic.signature() and "lex:none" in generic.signature() and "name" not in generic.signature()


@pytest.mark.parametrize(
    "max_bead,expected",
    [
        (2, [(1, 1), (1, 0), (0, 1)]),
        (4, [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (2, 2), (3, 1)]),
    ],
)
def test_aligner_bead_types(max_bead, expected):
    assert bead_types(max_bead) == expected


def test_aligner_max_bead_5_finds_1_4():
    src, tgt, gold = build([(1, 1), (1, 1), (1, 4), (1, 1), (1, 1)], seed=2, lengths=[40, 50, 120, 45, 60])
    assert beads_of(DPAligner(max_bead=5).align(src, tgt)) == gold


@pytest.mark.parametrize("kwargs", [dict(anchors=("dates",)), dict(radius_x=3), dict(max_bead=1)])
def test_aligner_rejects_bad_settings(kwargs):
    with pytest.raises(AlignmentError, match="A63"):
        DPAligner("ko", "en", **kwargs)


def test_aligner_registry():
    assert {"dp", "length"} <= set(ALIGNERS)
    assert isinstance(get_aligner("length"), LengthAligner)
    with pytest.raises(AlignmentError, match="A633"):
        get_aligner("nope")


def test_aligner_align_texts_presegmented():
    src, tgt, al = align_texts("6월 15일에.\n둘째 문장.\n", "On June 15.\nThe second sentence.\n", presegmented=True)
    assert src == ["6월 15일에.", "둘째 문장."] and len(tgt) == 2
    assert beads_of(al) == [((0,), (0,)), ((1,), (1,))]


def test_aligner_align_documents():
    def doc(text, lang, id):
        spans = []
        start = 0
        for line in text.split("\n"):
            spans.append(Span(start, start + len(line)))
            start += len(line) + 1
        return Document(text, id=id, meta={"lang": lang}).with_layer(Layer("sentence", tuple(spans)))

    ko = doc("1945년 8월 15일 해방되었다.\n2000년에 다시 만났다.", "ko", "ko")
    en = doc("Korea was liberated on August 15, 1945.\nThey met again in 2000.", "en", "en")
    al = align_documents(ko, en)
    assert (al.src_id, al.tgt_id) == ("ko", "en")
    assert beads_of(al) == [((0,), (0,)), ((1,), (1,))]


def test_evidence_shared_pair_agrees_with_shared():
    # the settled-bead test uses the 1-1 shortcut; it must give what the general count gives
    from collections import Counter

    from align.aligners.scoring import Evidence

    rng = random.Random(3)
    keys = [f"cog:k{k}" for k in range(30)] + ["name:kim", "date:06-15"]
    src = [Counter(rng.choices(keys, k=rng.randint(0, 6))) for _ in range(60)]
    tgt = [Counter(rng.choices(keys, k=rng.randint(0, 6))) for _ in range(60)]
    ev = Evidence.build(src, tgt)
    values = [(ev.shared_pair(p, q), ev.shared(range(p, p + 1), range(q, q + 1))) for p in range(60) for q in range(60)]
    assert all(a == b for a, b in values)
    assert sum(a > 0 for a, _ in values) > 500


@pytest.mark.parametrize("enabled", [True, False])
def test_aligner_never_touches_the_cycle_collector(enabled):
    # library code leaves the collector to the application (the CLI tunes its thresholds)
    import gc

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        DPAligner().align(["하나.", "둘."], ["One.", "Two."])
        assert gc.isenabled() is enabled

        class Broken(DPAligner):
            def _align(self, src, tgt):
                assert gc.isenabled() is enabled  # as the caller left it, even while aligning
                raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            Broken().align(["a"], ["b"])
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_evidence_from_keys_equals_build_on_counted_bags():
    # the fast way in drops one-sided keys before counting; weights, bags and postings must not change
    from collections import Counter

    from align.aligners.scoring import Evidence, sentence_key_list, sentence_keys

    rng = random.Random(5)
    shared = [f"cog:s{k}" for k in range(12)] + ["name:kim", "date:06-15", "num:3"]
    only_src = [f"name:ko{k}" for k in range(20)]
    only_tgt = [f"cog:en{k}" for k in range(40)]
    src = [rng.choices(shared + only_src, k=rng.randint(0, 9)) for _ in range(80)]
    tgt = [rng.choices(shared + only_tgt, k=rng.randint(0, 9)) for _ in range(80)]
    fast = Evidence.from_keys(src, tgt)
    slow = Evidence.build([Counter(k) for k in src], [Counter(k) for k in tgt])
    assert fast == slow
    assert any(fast.src_mass) and set(fast.postings) <= set(shared)
    text = "On June 15, 2000, Kim Dae-jung met Kim Jong Il in Pyongyang."
    assert Counter(sentence_key_list(text, "en", "tgt")) == sentence_keys(text, "en", "tgt")


def test_evidence_shared_is_the_smaller_side_per_key_over_whole_beads():
    # the definition, written out naively: per key, the smaller of the two sides' summed weights
    import math
    from collections import Counter

    from align.aligners.scoring import Evidence

    rng = random.Random(11)
    keys = [f"lex:boot:{k}" for k in range(15)] + ["name:kim", "num:15"]
    src = [Counter(rng.choices(keys, k=rng.randint(0, 7))) for _ in range(40)]
    tgt = [Counter(rng.choices(keys, k=rng.randint(0, 7))) for _ in range(40)]
    ev = Evidence.build(src, tgt)
    checked = 0
    for _ in range(400):
        i0, j0 = rng.randrange(38), rng.randrange(38)
        s, t = range(i0, i0 + rng.randint(1, 3)), range(j0, j0 + rng.randint(1, 3))
        naive = math.fsum(
            min(sum(ev.src_bags[p].get(k, 0.0) for p in s), sum(ev.tgt_bags[q].get(k, 0.0) for q in t))
            for k in set(ev.postings)
        )
        assert ev.shared(s, t) == pytest.approx(naive, abs=1e-12)
        checked += naive > 0
    assert checked > 100
    row = ev.shared_row(5, 0, 40)
    for q, (mass, found) in row.items():
        assert set(found) == set(ev.src_bags[5]) & set(ev.tgt_bags[q])
        assert mass == pytest.approx(sum(min(ev.src_bags[5][k], ev.tgt_bags[q][k]) for k in found))


def test_char_length_counts_what_backslash_s_does_not_match():
    import sys

    import regex

    from align.aligners.scoring import char_length

    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces = sorted(set(regex.findall(r"\s", everything)) | {c for c in everything if c.isspace()})
    assert {"\x1c", "\u3000", "\xa0", "\u2028"} <= set(spaces)
    rng = random.Random(2)
    pool = spaces + list("ab가나1.") + ["\u200b", "\u0301"]
    for _ in range(2000):
        text = "".join(rng.choices(pool, k=rng.randint(0, 12)))
        assert char_length(text) == len(regex.sub(r"\s", "", text)), repr(text)


def _parallel_lengths(rng, n):
    """Source and target lengths of a translation with merges and omissions (target ~2.1 x source)."""
    sl, tl = [], []
    for _ in range(n):
        x = rng.randint(8, 90)
        sl.append(x)
        r = rng.random()
        if r < 0.06:
            continue  # dropped in translation
        y = max(3, round(2.1 * x * rng.uniform(0.7, 1.3)))
        if r < 0.16:
            cut = rng.randint(1, y - 1) if y > 1 else 1
            tl += [cut, max(1, y - cut)]  # split in two
        else:
            tl.append(y)
        if rng.random() < 0.05:
            tl.append(rng.randint(10, 150))  # added in translation
    return sl, tl


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("which", ["full", "length-shares", "length-plain"])
def test_row_kernels_find_what_the_cost_function_finds(which, seed):
    # banded_dp fills rows with a coster's kernel (prepare_rows) and its flat 0-b costs; cell by cell
    # through its cost function (prepare) the path and every bead cost must be the same
    from collections import Counter

    from align.aligners.dp import DEFAULT_PRIORS, FullCoster, _prior_costs, bead_types
    from align.aligners.scoring import Evidence, LengthModel
    from align.aligners.search import COARSE_TYPES, Band, LengthCoster, banded_dp

    rng = random.Random(f"{which}{seed}")
    sl, tl = _parallel_lengths(rng, 80)
    n, m = len(sl), len(tl)
    length = LengthModel(2.1, 2.5, 0.1)
    if which == "full":
        keys = [f"name:k{k}" for k in range(30)] + ["cog:the"]
        ev = Evidence.build(
            [Counter(rng.choices(keys, k=rng.randint(0, 4))) for _ in range(n)],
            [Counter(rng.choices(keys, k=rng.randint(0, 4))) for _ in range(m)],
        )
        types = bead_types(4)
        coster = FullCoster(sl, tl, types, _prior_costs(types, DEFAULT_PRIORS), length, ev, 1.5)
        assert coster.flat_inserts == {1: coster.priors[0, 1]}  # its 0-1 beads skip the cost function
    else:
        shares = {(rng.randrange(n), rng.randrange(m)): rng.random() * 3 for _ in range(40)} if which == "length-shares" else None
        coster = LengthCoster(sl, tl, COARSE_TYPES, _prior_costs(COARSE_TYPES, DEFAULT_PRIORS), length,
                              null_length=which == "length-shares", shares=shares, lam=1.5)  # fmt: skip

    class CellByCell:
        def __init__(self, inner):
            self.types, self.prepare = inner.types, inner.prepare

    band = Band([max(0, round(i * m / n) - 12) for i in range(n + 1)], [min(m, round(i * m / n) + 12) for i in range(n + 1)])
    band.lo[0], band.hi[-1] = 0, m
    rows = banded_dp(coster, band, (0, 0), (n, m))
    cells = banded_dp(CellByCell(coster), band, (0, 0), (n, m))
    assert rows == cells
    shapes = {(b[1] - b[0], b[3] - b[2]) for b in rows[0]}
    assert {(1, 1), (1, 2)} <= shapes  # merges were chosen
    if which != "length-shares":  # (there null beads pay for their length and are rare)
        assert shapes & {(1, 0), (0, 1)}


def test_clash_cost_counts_as_a_plain_loop_does():
    # FullCoster.clash_cost skips sides without digit-written numbers, stops at the cap and keeps
    # unions of several sentences' numbers; the count must be the plain one over both sides
    import random

    from align.aligners.fullcost import FullCoster
    from align.aligners.scoring import Evidence, LengthModel

    rng = random.Random(5)

    def numerals():
        written = tuple(tuple(str(rng.randint(1, 9)) for _ in range(rng.randint(1, 2))) for _ in range(rng.choice([0, 0, 1, 2, 3])))
        present = frozenset(x for w in written for x in w) | frozenset(str(rng.randint(1, 9)) for _ in range(rng.randint(0, 2)))
        return written, present

    n, m = 40, 40
    src, tgt = [numerals() for _ in range(n)], [numerals() for _ in range(m)]
    coster = FullCoster([5.0] * n, [5.0] * m, [(1, 1)], {(1, 1): 0.1}, LengthModel(1.0, 3.0), Evidence.empty(n, m), 1.0,
                        src, tgt, clash=1.5, clash_cap=3)  # fmt: skip

    def plain(i0, i1, j0, j1):
        count = 0
        for mine, theirs in ((src[i0:i1], tgt[j0:j1]), (tgt[j0:j1], src[i0:i1])):
            present = set().union(*[p for _, p in theirs])
            count += sum(1 for w, _ in mine for atoms in w if any(x not in present for x in atoms))
        return 1.5 * min(count, 3)

    for _ in range(3000):
        i0, j0 = rng.randrange(n), rng.randrange(m)
        i1, j1 = min(n, i0 + rng.randint(0, 3)), min(m, j0 + rng.randint(0, 3))
        assert coster.clash_cost(i0, i1, j0, j1) == plain(i0, i1, j0, j1)

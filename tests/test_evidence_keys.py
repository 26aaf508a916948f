"""The one-pass evidence of both texts (aligners/keys.py) and the prefilters of the key building,
against plain formulations: each sentence on its own, every pattern tried.

The aligner's costs are sums of key weights in bag order, so "the same" here means the same
tokens, numerals, bags (keys, counts and their order), masses to the last bit and postings.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings, strategies as st

from align.aligners import anchors
from align.aligners.keys import document_evidence
from align.aligners.lexicon import parse_hunalign, tokens
from align.aligners.scoring import Evidence, sentence_evidence
from align.text import romanize

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ko-en-dev"  # (../shared beside the checkout)

# words that give every kind of key, and words that merely look like those that do
KO = ["평양에서", "김정일", "국방위원장은", "서울", "남북", "정상회담을", "6월", "15일", "2000년", "제3조",
      "1억1천만", "원을", "합의하였다", "첫째,", "8.15", "6·15", "로동신문은", "통일", "이", "ㄱ", "㈜", "평화"]  # fmt: skip
EN = ["Kim", "Jong", "Il", "Pyongyang", "June", "15,", "2000", "Article", "3", "Art.", "IV", "ten", "often",
      "Ten", "main", "mai", "15juin", "Sept.", "Decision", "Dec", "Party", "Part", "twenty-two", "million",
      "110", "the", "summit", "Rodong", "Sinmun", "first,", "Seoul", "peace", "March", "mid-June", "x_two",
      "1st", "of", "May", "Chapter", "II", "Marxism", "Jänner", "août"]  # fmt: skip
ALL = KO + EN + [" ", "-", ".", "(", ")", ",", "’s"]

texts = st.lists(st.sampled_from(ALL), max_size=14).map(" ".join)
glued = st.lists(st.sampled_from(ALL), max_size=8).map("".join)  # words run together: "15June", "x_two"


def plain(src, tgt, src_lang, tgt_lang, kinds=anchors.KINDS, cognates=True, lexicons=()):
    """Tokens, sentence_evidence of each sentence and Evidence.from_keys as its definition gives it:
    every key kept, then the keys that only one text has dropped."""
    st_ = [tokens(s) for s in src]
    tt = [tokens(s) for s in tgt]
    se = [sentence_evidence(s, src_lang, "src", anchor_kinds=kinds, cognates=cognates, lexicons=lexicons, words=w) for s, w in zip(src, st_)]
    te = [sentence_evidence(s, tgt_lang, "tgt", anchor_kinds=kinds, cognates=cognates, lexicons=lexicons, words=w) for s, w in zip(tgt, tt)]
    both = {k for keys, _ in se for k in keys} & {k for keys, _ in te for k in keys}
    ev = Evidence.build([Counter(k for k in keys if k in both) for keys, _ in se], [Counter(k for k in keys if k in both) for keys, _ in te])
    return st_, tt, ev, [n for _, n in se], [n for _, n in te]


def same(a, b):
    assert a[0] == b[0] and a[1] == b[1]
    assert a[3] == b[3] and a[4] == b[4]
    x, y = a[2], b[2]
    assert [list(d.items()) for d in x.src_bags] == [list(d.items()) for d in y.src_bags]
    assert [list(d.items()) for d in x.tgt_bags] == [list(d.items()) for d in y.tgt_bags]
    assert x.src_mass == y.src_mass and x.tgt_mass == y.tgt_mass
    assert list(x.postings.items()) == list(y.postings.items())


@settings(max_examples=150, deadline=None)
@given(st.lists(texts, max_size=6), st.lists(texts, max_size=6), st.sampled_from([("ko", "en"), ("en", "ko"), ("de", "fr")]))
def test_document_evidence_is_the_sentences_evidence(src, tgt, langs):
    kinds = anchors.KINDS if "ko" in langs else ("date", "num", "enum")
    same(document_evidence(src, tgt, *langs, anchor_kinds=kinds), plain(src, tgt, *langs, kinds=kinds))


@settings(max_examples=40, deadline=None)
@given(st.lists(texts, max_size=5), st.lists(texts, max_size=5), st.sampled_from([(), ("num",), ("name", "enum"), ("date", "num", "enum", "name")]), st.booleans())
def test_document_evidence_other_settings(src, tgt, kinds, cognates):
    lex = [parse_hunalign("peace @ 평화\nsummit talks @ 정상회담을\nreunify @ 통일하다\n")]
    got = document_evidence(src, tgt, "ko", "en", anchor_kinds=kinds, cognates=cognates, lexicons=lex)
    same(got, plain(src, tgt, "ko", "en", kinds=kinds, cognates=cognates, lexicons=lex))


def test_document_evidence_on_real_text():
    if not DATA.is_dir():
        pytest.skip(f"no {DATA} (the shared benchmark data beside the checkout)")

    def lines(name: str) -> list[str]:
        return (DATA / name).read_text(encoding="utf-8").splitlines()[:400]

    src, tgt = lines("korean-english-park.dev.ko"), lines("korean-english-park.dev.en")
    same(document_evidence(src, tgt, "ko", "en"), plain(src, tgt, "ko", "en"))


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, glued), st.sampled_from(["ko", "en", "fr", None]))
def test_anchors_without_lexical_patterns(text, lang):
    """A text none of whose words is a lexical_word has the anchors of every pattern tried."""
    lexical = any(anchors.lexical_word(w) for w in regex.findall(r"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’\-]*", text))
    kinds = {"date", "num", "enum"}
    assert anchors._find_anchors(text, lang, kinds, lexical) == anchors.find_anchors(text, lang, kinds)


def test_lexical_word():
    for w in ("ten", "Ten", "twenty-two", "mai", "15June", "Sept", "Art", "Chapter", "août"):
        assert anchors.lexical_word(w), w
    for w in ("often", "main", "Decision", "Party", "Marxism", "Jang", "평양"):
        assert not anchors.lexical_word(w), w


def plain_skeleton(s: str) -> str:
    """latin_key's skeleton as its docstring defines it, every rule applied with the regex module."""
    if s.startswith("rh"):
        s = "r" + s[2:]
    s = regex.sub(r"e+(?=[ou])", "", s)
    for a, b in romanize._MERGES:
        s = s.replace(a, b)
    s = regex.sub(r"e+(?=[ou])", "", s)
    s = regex.sub(r"t+(?=[cs])", "", s)
    s = regex.sub(r"(?<=[aeiou])h(?![aeiouwy])", "", s)
    s = regex.sub(r"(?<=[aeiou])r(?![aeiouwyh])", "", s)
    s = s.translate(str.maketrans({"r": "l", "g": "k", "d": "t", "b": "p"}))
    s = regex.sub(r"([ktpcsl])\1+", r"\1", s)
    if s[:1] == "l":
        s = "n" + s[1:]
    return s


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="aeiouwyhrtcslkgdbpjnm", max_size=16))
def test_skeleton_is_its_definition(s):
    assert romanize._skeleton(s) == plain_skeleton(s)


def test_skeleton_on_spellings():
    """The skeleton of real romanizations (the Hangul side's keys are made of these)."""
    systems = (romanize.revised, lambda x: romanize.mccune_reischauer(x, breves=False), romanize.dprk)
    for w in ("평양에서", "김정일", "로동신문", "대우", "태우", "박", "최", "신라", "종로", "읽혀", "해돋이", "앉히다", "뜻밖", "엿새"):
        for f in systems:
            low = "".join(c for c in f(w).lower() if "a" <= c <= "z")
            assert romanize._skeleton(low) == plain_skeleton(low), (w, low)


def test_paused_collection_only_by_the_outermost_in_the_main_thread():
    """The collector is the process's: paused by the outermost alignment of the main thread and
    switched on again after it (also after an error), left alone in other threads and when the
    application has switched it off itself."""
    import gc
    import threading

    from align.aligners.keys import paused_collection

    assert gc.isenabled()
    with paused_collection():
        assert not gc.isenabled()
        with paused_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner one does not switch it back on
    assert gc.isenabled()
    try:
        with paused_collection():
            raise KeyError("x")
    except KeyError:
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_collection():
            pass
        assert not gc.isenabled()  # the application's choice stands
    finally:
        gc.enable()
    seen = []

    def worker():
        with paused_collection():
            seen.append(gc.isenabled())

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == [True] and gc.isenabled()

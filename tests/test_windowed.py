"""Structure window by window (align.text.windowed) gives exactly the layers of the whole-document pass.

Window sizes are small (a few hundred characters), so the texts are really cut, at every safe point
the rules allow; texts mix every kind of block the classifier knows (headings of several forms, page
furniture, verse, lists, quotations and attributions, letters, footnotes, Korean runs, captions, a
title page, a colophon) with long paragraphs of prose, where cuts may fall.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from align import read_text
from align.resources import bundled_corpus_path
from align.text.profiles import get_profile
from align.text.structure import recover_structure
from align.text.windowed import recover_structure_windowed, structure_windows

GOLD = Path(__file__).parent / "structure_gold"


def _same(text: str, profile: str, window: int) -> int:
    """Assert windowed == whole; return how many windows the text was cut into."""
    cfg = get_profile(profile)
    doc = read_text(text)
    whole = recover_structure(doc, cfg)
    win = recover_structure_windowed(doc, cfg, window_chars=window)
    assert win.layer("block").spans == whole.layer("block").spans
    assert win.layer("group").spans == whole.layer("group").spans
    assert win.layer("group").meta == whole.layer("group").meta
    assert win.meta == whole.meta
    sw = structure_windows(text, cfg, window_chars=window)
    try:
        return sw.windows
    finally:
        sw.close()


_WORDS = (
    "the river ran past the old mill where the workers of the town met every morning before the "
    "bells rang and the long day began with bread and tea and talk of the harvest and the weather"
).split()


def _prose(rnd: random.Random, n: int = 30, end: str = ".") -> str:
    words = [rnd.choice(_WORDS) for _ in range(n)]
    s = " ".join(words)
    return s[0].upper() + s[1:] + end


@pytest.mark.parametrize("profile", ["general", "photo-book"])
@pytest.mark.parametrize("window", [500, 3000, 20000])
def test_windowed_book_equals_whole(profile, window):
    book = bundled_corpus_path().read_text(encoding="utf-8")
    text = "\n\n".join([book] * 3)
    assert _same(text, profile, window) > 1


@pytest.mark.parametrize("path", sorted(GOLD.glob("*.txt")), ids=lambda p: p.stem)
@pytest.mark.parametrize("seed", [1, 2])
def test_windowed_gold_texts_with_prose_between_equal_whole(path, seed):
    """Each gold text, with runs of long paragraphs put between its blocks at random places (where
    cuts can fall), so windows cut through its headings, letters, notes and quotations."""
    rnd = random.Random(seed)
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    out: list[str] = []
    for b in blocks:
        out.append(b)
        if rnd.random() < 0.35:
            out.extend(_prose(rnd) for _ in range(rnd.randint(3, 5)))
    text = "\n\n".join(out)
    profile = "general"
    for line in (GOLD / (path.stem + ".kinds")).read_text(encoding="utf-8").splitlines():
        if line.startswith("# profile:"):
            profile = line.split(":", 1)[1].strip()
    _same(text, profile, 200)


# Blocks of every kind; each is a function of a random source so the texts vary.
def _blocks(rnd: random.Random) -> list[str]:
    n = rnd.randint(1, 40)
    word = rnd.choice(_WORDS).capitalize()
    return [
        f"Chapter {n}",
        f"CHAPTER {['I', 'II', 'III', 'IV', 'XII'][n % 5]}. THE {word.upper()}",
        f"## {word} and the Mill",
        f"# The Book of the {word}",
        f"{n}",
        f"- {n} -",
        f"THE RIVER BOOK {n}",
        "By Kim Chol Su",
        f"October {n}, 1926-August 1945",
        f"제{n}장 강물",
        "강물은 마을을 지나 바다로 흘러갔다. 사람들은 아침마다 모였다.",
        "강물은 흘렀다\n마을은 잠들었다\n바다는 멀었다",
        f"The {word.lower()} sang\nAnd the mill stood still\nOver the hill\nThe bells were ringing",
        f"- first {word.lower()}\n- second {word.lower()}\n- third",
        "    " + _prose(rnd, 25),
        "> " + _prose(rnd, 20),
        "\u201c" + _prose(rnd, 22) + "\u201d",
        "\u2014 Kim Il Sung",
        "Kim Chol Su",
        "Yours sincerely,",
        "Pak Yong",
        f"Pyongyang, March {n}, 1950",
        f"The river{['', '¹', '[1]', '*'][n % 4]} ran by the mill and the town grew around it over the years.",
        f"Photo {n}: The mill in winter",
        "![The mill](mill.png)",
        "[Illustration: the river]",
        "Published by the River Press",
        "Printed in Korea",
        "© 1990 The River Press",
        f"the {word.lower()} went on down to the sea and the mill stood on the bank for many more years.",
        _prose(rnd, 8, ""),
        f"Appendix {n}",
        "Bibliography",
        "Preface",
        "***",
        _prose(rnd, 15) + "\n" + f"THE RIVER BOOK {n}",
        "Chapter 3\n" + _prose(rnd, 20),
    ]


def _rare_blocks(rnd: random.Random) -> list[str]:
    """Blocks that hold windows open a long way (a letter's salutation looks 80 blocks ahead, a
    footnote 12 back): a text full of them is never cut, so they come seldom."""
    n = rnd.randint(1, 40)
    return [
        "Dear Friends,",
        f"{['¹', '[1]', '1.', '*'][n % 4]} A note on the river, from the records of the town.",
        f"{n} THE RIVER BOOK",
        f"**The {rnd.choice(_WORDS)} of the River**",
        "12\n" + _prose(rnd, 20),
        f"{n}. The {rnd.choice(_WORDS)} Results",
        f"1. First {rnd.choice(_WORDS)}\n2. Second one\n3. Third",
    ]


def _block(rnd: random.Random) -> str:
    return rnd.choice(_rare_blocks(rnd) if rnd.random() < 0.06 else _blocks(rnd))


@st.composite
def documents(draw):
    """Runs of blocks of every kind, between stretches of plain prose (where cuts may fall) that are
    sometimes spoilt (no final stop, indented, lower case: no cut there)."""
    seed = draw(st.integers(0, 2**32 - 1))
    rnd = random.Random(seed)
    out: list[str] = []
    for _ in range(draw(st.integers(1, 12))):
        for _ in range(rnd.randint(0, 5)):
            end = rnd.choice([".", ".", ".", ".", ".", "", ","])
            p = _prose(rnd, rnd.randint(22, 60), end)
            if rnd.random() < 0.05:
                p = "  " + p
            if rnd.random() < 0.1:
                p = p[0].lower() + p[1:]
            out.append(p)
        for _ in range(rnd.randint(0, 6)):
            out.append(_block(rnd))
    if not out:
        out.append(_prose(rnd))
    sep = draw(st.sampled_from(["\n\n", "\n\n\n", "\n  \n"]))
    return sep.join(out) + draw(st.sampled_from(["", "\n", "\n\n"]))


@given(text=documents(), window=st.integers(1, 600), profile=st.sampled_from(["general", "photo-book", "treaty"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_windowed_random_documents_equal_whole(text, window, profile):
    event("cut" if _same(text, profile, window) > 1 else "one window")


@pytest.mark.long
@given(text=documents(), window=st.integers(1, 600), profile=st.sampled_from(["general", "photo-book"]))
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_windowed_random_documents_equal_whole_long(text, window, profile):
    event("cut" if _same(text, profile, window) > 1 else "one window")


def test_windowed_documents_are_really_cut():
    """The generated texts are cut into several windows most of the time (else the test above
    would prove nothing)."""
    cut = 0
    for seed in range(40):
        rnd = random.Random(seed)
        parts = [_prose(rnd, 30) if rnd.random() < 0.5 else _block(rnd) for _ in range(30)]
        text = "\n\n".join(parts)
        if _same(text, "general", 300) > 1:
            cut += 1
    assert cut >= 20


@given(text=documents(), chunk=st.integers(1, 2000))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_windowed_encoding_gives_the_bytes_of_the_whole_document(text, chunk):
    """The streaming encoder over structure windows (chunks of ``chunk`` characters) writes the
    bytes of the in-memory encoder, which runs the structure over the whole text."""
    from align.pipeline import encode_document
    from align.tei import stream

    doc = read_text(text)
    assert stream.encode_document_streamed(doc, chunk_chars=chunk) == encode_document(doc)


def test_windowed_encoding_of_the_book_is_cut_and_equal(monkeypatch):
    from align.pipeline import encode_document
    from align.tei import stream
    from align.text import windowed

    book = bundled_corpus_path().read_text(encoding="utf-8")
    doc = read_text("\n\n".join([book] * 2))
    seen = []
    real = windowed.structure_windows

    def spy(*a, **kw):
        sw = real(*a, **kw)
        seen.append(sw.windows)
        return sw

    monkeypatch.setattr(windowed, "structure_windows", spy)
    assert stream.encode_document_streamed(doc, chunk_chars=5000) == encode_document(doc)
    assert seen and seen[0] > 5

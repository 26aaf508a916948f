"""The encoding hint for a file that is not UTF-8, case by case: the named encoding must read the
bytes back to the text they were made from. Known limits are strict xfails, so a fix is noticed."""

from __future__ import annotations

import pytest

from align.text.sniff import coherence, guess_encodings, oddness

CASES = [
    ("The café served crème brûlée and a naïve résumé.", "cp1252", "pass"),
    ("Quotes “like these” and a dash – in Windows text, 5 € each.", "cp1252", "pass"),
    ("L'été à Paris: où est la bibliothèque?", "latin-1", "pass"),
    ("Ein schöner Tag in Köln, Straße und Grüße.", "latin-1", "pass"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy. Praha je hlavní město.", "cp1250", "pass"),
    ("Zażółć gęślą jaźń. Warszawa jest stolicą Polski.", "cp1250", "pass"),
    ("Привет, это русский текст из Москвы.", "cp1251", "pass"),
    ("Добрый день! Это текст в KOI8-R.", "koi8-r", "pass"),
    ("Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.", "cp1253", "pass"),
    ("مرحبا بالعالم، هذا نص عربي.", "cp1256", "pass"),
    ("ภาษาไทยเป็นภาษาที่สวยงาม", "cp874", "pass"),
    ("남과 북은 나라의 통일 문제를 자주적으로 해결하기로 하였다.", "cp949", "pass"),
    ("평양에서 2000년 6월 15일 남북공동선언이 발표되었다. (Kim Dae Jung)", "euc-kr", "pass"),
    ("大韓民國의 國民은 서울에서 會談을 열었다.", "euc-kr", "pass"),
    ("日本語のテキストです。東京で会議を開きました。", "shift_jis", "pass"),
    ("中华人民共和国是一个国家。我们今天在北京开会。", "gb18030", "pass"),
    ("朝鮮民主主義人民共和國 大韓民國 統一", "big5", "pass"),
    # Known limits: code pages of one family that differ in a few letters, or whose letters land on
    # frequent letters of another alphabet. Telling them apart needs a language model.
    ("İstanbul'da güzel bir gün. Şişli ve Üsküdar.", "cp1254", "fail"),  # read as cp1252: 'Ýstanbul'
    ("שלום עולם, זהו טקסט בעברית.", "cp1255", "fail"),  # read as cp1251
    ("Lietuvių kalba yra gražiausia kalba pasaulyje.", "cp1257", "fail"),  # read as cp1252: 'Lietuviø'
]


@pytest.mark.parametrize(
    "text, codec",
    [pytest.param(t, c, marks=pytest.mark.xfail(strict=True, reason="known limit")) if e == "fail" else (t, c) for t, c, e in CASES],
    ids=[f"{c}-{i}" for i, (_, c, _) in enumerate(CASES)],
)
def test_read_encodings_hint_reads_the_text_back(text, codec):
    data = text.encode(codec)
    first = next(i for i, b in enumerate(data) if b > 127)
    plausible = [g for g in guess_encodings(data, near=first, exclude=("utf-8",)) if g.plausible]
    assert plausible, "no plausible reading"
    assert data.decode(plausible[0].encoding) == text


@pytest.mark.parametrize(
    "text",
    [
        "Plain English prose, with numbers 1950-1953 and (brackets).",
        "대한민국 헌법 제1조 大韓民國은 民主共和國이다. UN총회에서 발표했다.",
        "He said “김정일” (Kim Jong Il) 🙂 and left.",
        "Tiếng Việt có dấu rất nhiều chữ.",
        "Praha je hlavní město České republiky a leží na řece Vltavě.",
        "McDonald's PhDs and the DPRK's iPhone: MacBook, NGOs.",
        "日本語の文章です。東京で会議を開きました。",
        "naïve café déjà vu — “quotes” © 2020 №5 10°C ½",
        "Ελληνικά κείμενα εδώ, και λίγο ακόμα κείμενο.",
    ],
)
def test_read_encodings_real_text_is_not_odd(text):
    assert oddness(text) <= 0.03


@pytest.mark.parametrize(
    "text, codec, wrong",
    [
        ("Привет, это русский текст из Москвы.", "cp1251", "cp1252"),  # 'Ïðèâåò'
        ("남과 북은 나라의 통일 문제를 해결하기로 하였다.", "cp949", "latin-1"),  # '³²°ú ºÏÀº'
        ("The café served crème brûlée.", "utf-8", "cp1252"),  # 'cafÃ©'
        ("中华人民共和国是一个国家。我们今天在北京开会。", "gb18030", "cp949"),  # Hangul and Hanja alternate
    ],
)
def test_read_encodings_wrong_readings_are_odd(text, codec, wrong):
    assert oddness(text.encode(codec).decode(wrong), wrong) > 0.03


def test_read_encodings_coherence_needs_enough_letters():
    assert coherence("abc") is None
    assert coherence("the quick brown fox jumps over the lazy dog") > 0.4

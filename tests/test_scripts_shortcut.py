"""script_runs' one-script shortcut (issue 13): a range whose strong characters are all of one script
is one run of that script (its ISO 15924 union for Hangul, kana, bopomofo), exactly what the full
rules give, brackets, quotes and Script_Extensions characters included; and dominant_script of one
run is its script.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from align.text import scripts as S
from align.text.scripts import dominant_script, script_runs

_PIECES = {
    "Latn": ["Kim", "Ünter", "ǅ", "ﬁ", "e\u0301"],
    "Hang": ["한국어", "ᄀᄁ", "ㄱㄴ", "ﾡ"],
    "Hani": ["漢字", "朝鮮"],
    "Cyrl": ["Кириллица"],
    "Grek": ["Ελληνικά"],
    "Arab": ["مرحبا", "٠١"],
    "Hira": ["ひらがな"],
    "Kana": ["カタカナ", "ー"],
    "Thai": ["ไทย"],
}
_WEAK = [" ", "  ", "\n", "\n\n", "1926", ".", ",", "(", ")", "[", "]", "“", "”", "‘", "’", '"', "'", "«", "»", "「", "」",
         "。", "、", "·", "・", "—", "-", "😀", "\u200d", "\u0301", "\ue000", "\u2029", "?"]


@st.composite
def _texts(draw):
    scripts = draw(st.lists(st.sampled_from(sorted(_PIECES)), min_size=0, max_size=3, unique=True))
    pool = [p for sc in scripts for p in _PIECES[sc]] + _WEAK
    return "".join(draw(st.lists(st.sampled_from(pool), max_size=30)))


@settings(max_examples=1500, deadline=None)
@given(_texts(), st.data())
def test_scripts_shortcut_gives_the_full_rules_runs(text, data):
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    full = S._resolve(text, a, b) if a < b else []
    assert script_runs(text, a, b) == full
    counts: dict[str, int] = {}
    for run in full:
        n = sum(1 for ch in text[run.start : run.end] if S.char_script(ch) not in S.WEAK_SCRIPTS)
        if n:
            counts[run.script] = counts.get(run.script, 0) + n
    assert dominant_script(text, a, b) == (max(counts, key=counts.__getitem__) if counts else None)


def test_scripts_shortcut_one_script_ranges():
    assert script_runs("“漢字” (1926) 한국어.") == [S.ScriptRun(0, 16, "Kore")]
    assert script_runs("カタカナ・ひらがな") == [S.ScriptRun(0, 9, "Jpan")]
    assert script_runs("(Kim) 1926.") == [S.ScriptRun(0, 11, "Latn")]
    assert script_runs(" 1926. ") == [S.ScriptRun(0, 7, "Zyyy")] and dominant_script(" 1926. ") is None


def test_scripts_shortcut_sees_one_other_character_anywhere():
    pieces = [p for ps in _PIECES.values() for p in ps]
    for a in pieces:
        for b in pieces:
            for text in (f"{a} {b[-1]}", f"{b[0]}{a}", f"{a}({b[0]}){a}", f"“{a}”{b[-1]}", f"{a}\n\n{b[-1]}"):
                assert script_runs(text) == S._resolve(text, 0, len(text)), text

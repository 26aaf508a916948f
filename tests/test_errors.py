"""One catalogue of error codes: every code raised in the sources is listed once, with its module."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from align.errors import CODES

SRC = Path(__file__).resolve().parents[1] / "src" / "align"
# a code in a message: "[A123]", or a warning code printed on its own (A66x of align pair)
USE = re.compile(r"\[(A\d{3})\]|\b(A66\d)\b")


def _uses() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        if path.name == "errors.py":
            text = path.read_text(encoding="utf-8").split("CODES: dict", 1)[0]
        else:
            text = path.read_text(encoding="utf-8")
        for m in USE.finditer(text):
            found[m.group(1) or m.group(2)].add(path.relative_to(SRC).as_posix())
    return found


def test_every_code_used_is_in_the_catalogue():
    missing = sorted(set(_uses()) - set(CODES))
    assert not missing, f"add these codes to align.errors.CODES: {missing}"


def test_every_catalogued_code_is_used_where_the_catalogue_says():
    uses = _uses()
    stale = sorted(c for c in CODES if c not in uses)
    assert not stale, f"codes in the catalogue that nothing raises: {stale}"
    wrong = {c: (CODES[c][1], sorted(uses[c])) for c in CODES if CODES[c][1] not in uses[c]}
    assert not wrong, wrong


def test_a_code_belongs_to_one_stage():
    # the hundreds digit names the stage; a code raised from two stages' modules means two meanings
    stages = {"0": ("model", "components", "pipeline", "cli", "editions", "modeljson", "scholar", "annotate"),
              "6": ("aligners", "cli"), "8": ("batch", "cli"), "9": ("export", "cli")}
    for code, modules in _uses().items():
        allowed = stages.get(code[1])
        if allowed:
            assert all(m.split("/")[0].removesuffix(".py") in allowed for m in modules), (code, modules)

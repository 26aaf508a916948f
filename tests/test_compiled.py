"""The wheel ``pip install .`` builds, inner loops compiled by mypyc (hatch_build.py), gives exactly what
the sources give (the editable install that runs the tests is plain Python).

The wheel is built as ``scripts/bench_align.py`` builds it (``compiled_package``, on a copy of the
project), unpacked, and run in a child process; its outputs are compared with this process's. The
build needs a C compiler and the package index (pip fetches hatch-mypyc and mypy), as
``pip install .`` does to compile.
"""

from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from align.aligners import anchors
from align.text import romanize
from align.aligners import DPAligner
from align.resources import bundled_corpus_path, data_path
from align.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
COMPILED = ["text.romanize", "aligners.anchors", "aligners.keys", "aligners.lexicon", "aligners.scoring", "aligners.search", "aligners.fullcost"]

# Run in the child, on the compiled package: every output of the inputs in argv[1], as JSON.
PROBE = r"""
import json, sys
from align.aligners import anchors
from align.text import romanize
from align.aligners import DPAligner
import importlib
mods = {m: importlib.import_module("align." + m).__file__ for m in json.loads(sys.argv[2])}
data = json.load(open(sys.argv[1], encoding="utf-8"))
out = {
    "modules": mods,
    "match_keys": {w: sorted(romanize.match_keys(w)) for w in data["words"]},
    "latin_key": {p: romanize.latin_key(p) for p in data["phrases"]},
    "anchor_keys": [anchors.anchor_key_list(s, lang) for s, lang in data["sentences"]],
    "beads": [
        [[list(b.src), list(b.tgt), b.score] for b in DPAligner(sl, tl).align(src, tgt).beads]
        for sl, tl, src, tgt in data["pairs"]
    ],
}
print(json.dumps(out, ensure_ascii=False))
"""


def _sentences(text: str, lang: str) -> list[str]:
    return [" ".join(text[a:b].split()) for a, b in split_sentences(text, lang)]


def _perturbed(sents: list[str], seed: int) -> list[str]:
    """A second version of a text: some sentences dropped, some neighbours merged (fixed seed)."""
    rng = random.Random(seed)
    out: list[str] = []
    for s in sents:
        r = rng.random()
        if r < 0.05:
            continue
        if r < 0.15 and out:
            out[-1] = out[-1] + " " + s
        else:
            out.append(s)
    return out


def _inputs() -> dict:
    book = bundled_corpus_path().read_text(encoding="utf-8")
    korean = [p for p in book.split("\n\n") if regex.search(r"\p{Hangul}", p)]
    english = [p for p in book.split("\n\n") if p.strip() and not regex.search(r"\p{Hangul}", p)]
    en_sents = [s for p in english for s in _sentences(p, "en")]
    ko_sents = [s for p in korean for s in _sentences(p, "ko")]
    declaration_en = _sentences(data_path("june15-declaration.en.txt").read_text(encoding="utf-8"), "en")
    words = sorted(set(regex.findall(r"\p{Hangul}{2,}", book)))
    phrases = sorted(set(regex.findall(r"\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*", book)))
    return {
        "words": words,
        "phrases": phrases,
        "sentences": [(s, "en") for s in en_sents] + [(s, "ko") for s in ko_sents],
        "pairs": [
            ("ko", "en", ko_sents, declaration_en),  # Korean passages against the declaration's translation
            ("en", "en", en_sents, _perturbed(en_sents, 1)),  # long enough for the coarse levels and both passes
            ("ko", "en", ko_sents, _perturbed(en_sents[:60], 2)),  # mostly unrelated: null beads
        ],
    }


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_align", ROOT / "scripts" / "bench_align.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.mark.slow
def test_compiled_build_gives_the_same_keys_and_beads(tmp_path):
    try:
        site = _load_bench().compiled_package(tmp_path)
    except subprocess.CalledProcessError as e:
        pytest.fail(f"building the wheel failed ({e}); compiling needs a C compiler and the package index")
    data = _inputs()
    assert len(data["words"]) > 50 and len(data["sentences"]) > 300 and len(data["pairs"][1][2]) > 200
    (tmp_path / "in.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}  # (-I ignores PYTHONPATH: the site comes first on argv)
    proc = subprocess.run(
        [sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); exec(sys.argv.pop(1))",
         str(site), PROBE, str(tmp_path / "in.json"), json.dumps(COMPILED)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = json.loads(proc.stdout)

    # the child ran the compiled modules, from the unpacked wheel
    for name, path in got["modules"].items():
        assert path.startswith(str(site)) and path.endswith(".so"), (name, path)

    assert got["match_keys"] == {w: sorted(romanize.match_keys(w)) for w in data["words"]}
    assert got["latin_key"] == {p: romanize.latin_key(p) for p in data["phrases"]}
    assert got["anchor_keys"] == [anchors.anchor_key_list(s, lang) for s, lang in data["sentences"]]
    mine = [
        [[list(b.src), list(b.tgt), b.score] for b in DPAligner(sl, tl).align(src, tgt).beads]
        for sl, tl, src, tgt in data["pairs"]
    ]
    assert got["beads"] == mine
    assert any(not s or not t for s, t, _ in got["beads"][2])  # the unrelated pair did make null beads

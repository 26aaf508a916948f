"""The wheel ``pip install .`` builds, the aligner's inner loops and the encoding path compiled by mypyc
(hatch_build.py), gives exactly what the sources give (the editable install that runs the tests is
plain Python).

The wheel is built once for this module as ``scripts/bench_align.py`` builds it (``compiled_package``,
on a copy of the project), unpacked, and run in child processes; their outputs are compared with this
process's. The build needs a C compiler and the package index (pip fetches hatch-mypyc and mypy), as
``pip install .`` does to compile.
"""

from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import regex

from align.aligners import anchors
from align.text import romanize
from align.aligners import DPAligner
from align.pipeline import STREAM_FROM_CHARS
from align.resources import bundled_corpus_path, data_path
from align.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
COMPILED = ["text.romanize", "aligners.anchors", "aligners.keys", "aligners.lexicon", "aligners.scoring", "aligners.search", "aligners.fullcost"]


def _included_modules() -> list[str]:
    """Every module pyproject.toml tells the build hook to compile, as ``text.romanize``."""
    with open(ROOT / "pyproject.toml", "rb") as fh:
        include = tomllib.load(fh)["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["custom"]["include"]
    return [p.removeprefix("/src/align/").removesuffix(".py").replace("/", ".") for p in include]


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


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The compiled wheel, unpacked: built once for both tests (a build takes a minute or two)."""
    try:
        return _load_bench().compiled_package(tmp_path_factory.mktemp("compiled"))
    except subprocess.CalledProcessError as e:
        pytest.fail(f"building the wheel failed ({e}); compiling needs a C compiler and the package index")


def _child(site: Path, code: str, *args: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter that imports align from ``site`` (-I ignores PYTHONPATH and
    the user's site: the unpacked wheel comes first on the path)."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [sys.executable, "-I", "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); exec(sys.argv.pop(1))",
         str(site), code, *args],
        capture_output=True, text=True, env=env,
    )  # fmt: skip


@pytest.mark.slow
def test_compiled_build_gives_the_same_keys_and_beads(site, tmp_path):
    data = _inputs()
    assert len(data["words"]) > 50 and len(data["sentences"]) > 300 and len(data["pairs"][1][2]) > 200
    (tmp_path / "in.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    proc = _child(site, PROBE, str(tmp_path / "in.json"), json.dumps(COMPILED))
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


# Run in the child, on the compiled package: `align encode` over each job of argv[1] (a list of
# [arguments, output]), then which files the encoding modules were imported from.
ENCODE = r"""
import importlib, json, sys
from align.cli import main
for argv, out in json.load(open(sys.argv[1], encoding="utf-8")):
    code = main(argv + ["-o", out])
    if code:
        raise SystemExit(f"exit {code}: {argv}")
print(json.dumps({m: importlib.import_module("align." + m).__file__ for m in json.loads(sys.argv[2])}))
"""

# Hand-written inputs, each aimed at other code: dates in both languages and Korean calendars, Hanja,
# footnote-like and bracketed periods; verse with stanzas and emphasis over a line end; lists of
# several kinds; a treaty's articles; page furniture (running heads and numbers between pages).
MIXED_DATES = """\
Reports From The Northern Provinces

March 1950-July 1953

On October 17, 1926, the first delegates met in Hwajon; by 15 August 1945 the country was free.
The period (1905-1945) left deep marks. 1945년 8월 15일 해방 이후 인민위원회가 조직되었다.
In Juche 89 (2000) the summit was held: 2000년 6월 15일, 남과 북의 정상이 평양에서 만났다.
主體 89年, 단기 4283년 6월 25일에 전쟁이 일어났다. From January 1950-December 1951 the front moved.

The treaty of 1953.7.27 ended the fighting; 7·27 is kept as a day of victory. See also 1960s–1970s,
the spring of '68, and “the year 2000” in the preface (pp. 12–14).
"""

VERSE = """\
Song of the River

The river runs from the mountain,
*past the fields* and the sleeping town,
under the bridge where we waited
for the boats to come **down.

The night was long** and the lanterns
burned on the water till dawn.

강물은 흘러 흘러
바다로 가고
우리는 남아서
노래를 부른다.
"""

LISTS = """\
The committee agreed on the following points.

1. The roads between the provinces are to be repaired before winter.
2. Schools receive new textbooks in both languages.
3. 남과 북은 서로 협력한다.

- first point of the second list
- second point, with a date: June 15, 2000
* a third marker kind

(a) an item in brackets
(b) another one

가. 첫째 항목
나. 둘째 항목

The meeting ended late in the evening.
"""

TREATY = """\
AGREEMENT ON RECONCILIATION

Article 1
The two sides shall recognize and respect each other's systems.

Article 2
The two sides shall not interfere in each other's internal affairs.

제3조
남과 북은 상대방에 대한 비방·중상을 하지 아니한다.

Done at Seoul on December 13, 1991.
"""


def _furniture() -> str:
    pages = []
    for n in range(1, 9):
        body = " ".join(f"Line {n}.{k} of the chapter tells how the village rebuilt its school in {1950 + n}." for k in range(6))
        pages.append(f"THE HISTORY OF THE VILLAGE\n\n{body}\n\n{n * 2}")
    return "\n\n".join(pages) + "\n"


def _encode_jobs(folder: Path) -> list[tuple[list[str], str]]:
    book = bundled_corpus_path().read_text(encoding="utf-8")
    cut = book.index("\n\n", 20_000)
    inputs = {
        "book_part": book[:cut] + "\n",
        "mixed_dates": MIXED_DATES,
        "verse": VERSE,
        "lists": LISTS,
        "treaty": TREATY,
        "furniture": _furniture(),
        # long enough to be streamed and its structure found window by window (pipeline.STREAM_FROM_CHARS)
        "long": "\n\n".join([book] * 4) + "\n\n" + MIXED_DATES,
    }
    assert len(inputs["long"]) >= STREAM_FROM_CHARS > len(inputs["book_part"])
    jobs: list[tuple[list[str], str]] = []
    for name, text in inputs.items():
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        jobs.append((["encode", str(path)], f"{name}.xml"))
    jobs.append((["encode", str(folder / "book_part.txt"), "--format", "json"], "book_part.json"))
    jobs.append((["encode", str(folder / "mixed_dates.txt"), "--format", "json"], "mixed_dates.json"))
    jobs.append((["encode", str(folder / "treaty.txt"), "--profile", "treaty"], "treaty_profile.xml"))
    jobs.append((["encode", str(folder / "verse.txt"), "--italic", "title"], "verse_title.xml"))
    jobs.append((["encode", str(folder / "lists.txt"), "--disable", "dates", "--lang", "Hani=zh"], "lists_options.xml"))
    return jobs


@pytest.mark.slow
def test_compiled_build_encodes_byte_for_byte_as_the_sources(site, tmp_path):
    from align.cli import main

    jobs = _encode_jobs(tmp_path)
    (tmp_path / "ours").mkdir()
    (tmp_path / "compiled").mkdir()
    child_jobs = [(argv, str(tmp_path / "compiled" / out)) for argv, out in jobs]
    (tmp_path / "jobs.json").write_text(json.dumps(child_jobs), encoding="utf-8")
    modules = _included_modules()
    assert {"text.structure", "text.sentences", "tei.encode", "tei.stream"} <= set(modules)
    proc = _child(site, ENCODE, str(tmp_path / "jobs.json"), json.dumps(modules))
    assert proc.returncode == 0, proc.stderr[-2000:]
    for name, path in json.loads(proc.stdout).items():  # the child ran every module compiled
        assert path.startswith(str(site)) and path.endswith(".so"), (name, path)

    for argv, out in jobs:
        assert main(argv + ["-o", str(tmp_path / "ours" / out)]) == 0, argv
        mine = (tmp_path / "ours" / out).read_bytes()
        theirs = (tmp_path / "compiled" / out).read_bytes()
        assert len(mine) > 1000, out
        assert theirs == mine, f"{out}: the compiled package wrote other bytes than the sources"

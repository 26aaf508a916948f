"""Speed and memory of `align encode` as the input grows: is it linear, and how far from a regex pass?

    python scripts/bench_encode.py [--sizes 1 4 16 64] [--gb] [--kinds book mixed] [--procs 1 2]
    python scripts/bench_encode.py --src /path/to/other/checkout/src --sizes 1 2 4   # the same, another version
    python scripts/bench_encode.py --sizes 4 --procs 1 --stages                       # and where the time goes
    python scripts/bench_encode.py --sizes 4 8 --procs 1 --compiled                   # sources and the compiled wheel

Inputs, written to a temporary folder: ``book`` is the bundled book repeated (blank lines between
copies) to the size; ``mixed`` is generated English/Korean prose with dates (``October 17, 1926``,
``2000년 6월 15일``, ``Juche 89``, periods such as ``(1905-1945)`` in running text and period lines
under headings), seeded, so every run sees the same text.

Each measurement is a fresh process that does what ``align encode FILE -o OUT`` does (read, encode,
write; long texts stream) and reports its wall time, CPU time and peak resident memory (VmHWM).
With ``--procs 2`` two such processes encode the same file at once (the machine's two cores): the
aggregate MB/s shows how encoding scales over cores. Beside each row: one regex pass over the same
text (a word/number/symbol tokenizer, :data:`REGEX_PASS`, timed in the same process) and our time as
a multiple of it. MB are 10^6 bytes of UTF-8 input; MB/s per core uses CPU time, so a loaded machine
distorts it less than wall time.

With ``--compiled`` each row is run twice, on the sources and on the wheel ``pip install .`` builds
(modules compiled by mypyc, hatch_build.py), built first and unpacked to the temporary folder by
``scripts/bench_align.py``'s ``compiled_package``; the compiled row's ``x src`` is its CPU time as a
fraction of the sources' row above it.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The peer: one pass of a tokenizing regex over the whole text (every word, number and symbol).
REGEX_PASS = r"[\p{L}\p{M}]+|\p{N}+|[^\s\p{L}\p{M}\p{N}]"

_EN = (
    "the people of the country worked hard on a new plan and built factories schools roads and bridges "
    "while delegates visited farms towns and villages across the land in every season of the year"
).split()
_KO = "인민 나라 공장 학교 도로 다리 건설 지도자 농장 마을 방문 새로운 계획 열심히 일하였다 많은 전국 모든 계절 평양".split()
_MONTHS = "January February March April May June July August September October November December".split()


def dated_mixed(size: int, seed: int = 13) -> str:
    """English/Korean prose of about ``size`` UTF-8 bytes, dense with dates; chapters with period lines."""
    rnd = random.Random(seed)
    out: list[str] = []
    n = 0
    while n < size:
        k = rnd.random()
        y = rnd.randint(1900, 2015)
        if k < 0.04:
            head = " ".join(w.capitalize() for w in rnd.sample(_EN, 5))
            t = f"{head}\n\n{rnd.choice(_MONTHS)} {y}-{rnd.choice(_MONTHS)} {y + rnd.randint(1, 9)}"
        elif k < 0.70:
            sents = []
            for _ in range(rnd.randint(2, 6)):
                w = rnd.sample(_EN, rnd.randint(6, 15))
                if rnd.random() < 0.5:
                    w.insert(rnd.randint(0, len(w)), f"on {rnd.choice(_MONTHS)} {rnd.randint(1, 28)}, {y}")
                if rnd.random() < 0.15:  # a period in running text, bracketed years or months
                    a, b = y - rnd.randint(1, 20), y
                    span = f"({a}-{b})" if rnd.random() < 0.5 else f"from {rnd.choice(_MONTHS)} {a}-{rnd.choice(_MONTHS)} {b}"
                    w.insert(rnd.randint(0, len(w)), span)
                if rnd.random() < 0.2:
                    w.insert(rnd.randint(0, len(w)), " ".join(rnd.sample(_KO, 2)))
                if rnd.random() < 0.1:
                    w.insert(0, f"in Juche {rnd.randint(1, 110)}")
                s = " ".join(w)
                sents.append(s[0].upper() + s[1:] + ".")
            t = " ".join(sents)
        else:
            sents = []
            for _ in range(rnd.randint(2, 5)):
                w = rnd.sample(_KO, rnd.randint(4, 9))
                if rnd.random() < 0.5:
                    w.insert(0, f"{y}년 {rnd.randint(1, 12)}월 {rnd.randint(1, 28)}일")
                sents.append(" ".join(w) + ".")
            t = " ".join(sents)
        out.append(t)
        n += len(t.encode("utf-8")) + 2
    return "\n\n".join(out) + "\n"


def book_repeated(size: int) -> str:
    from align.resources import bundled_corpus_path

    book = bundled_corpus_path().read_text(encoding="utf-8")
    n = max(1, round(size / len(book.encode("utf-8"))))
    return "\n\n".join([book] * n)


def _peak_rss() -> int:
    """Peak resident memory of this process in bytes. VmHWM belongs to the program's own memory
    map, made anew by exec; ru_maxrss would also count the parent's memory at fork (Linux keeps
    the larger across exec), and the parent holds the generated inputs."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def child(inp: str, out: str) -> None:
    """One measured run, as the CLI does it; prints one JSON line."""
    import regex

    t0, c0 = time.perf_counter(), time.process_time()
    from align.cli import main as cli
    from align.text import structure

    code = cli(["encode", inp, "-o", out])  # the real command line, whatever options it has grown
    if code:
        raise SystemExit(code)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = _peak_rss()
    text = Path(inp).read_text(encoding="utf-8")
    pat = regex.compile(REGEX_PASS)
    c1 = time.process_time()
    n = sum(1 for _ in pat.finditer(text))
    rx = time.process_time() - c1
    print(json.dumps({"wall": wall, "cpu": cpu, "rss": rss, "regex_cpu": rx, "tokens": n, "out": os.path.getsize(out),
                      "compiled": not structure.__file__.endswith(".py")}))


#: Where the time goes: (file, function) of each stage's entry point. Stages nest (dates are found
#: inside structure and inside the tree), so the shares do not add up to 100 %.
STAGES = [
    ("whole encode", "stream.py", "iter_tei"),
    ("markup (emphasis)", "markup.py", "markup_layer"),
    ("structure (whole text, short texts)", "structure.py", "recover_structure"),
    ("structure (windows, long texts)", "windowed.py", "structure_windows"),
    ("  main language (whole text)", "windowed.py", "_main_lang"),
    ("  split blocks, furniture facts", "windowed.py", "_split_pass"),
    ("  classify windows", "windowed.py", "_classify_window"),
    ("  finish windows", "windowed.py", "_finish_windows"),
    ("scripts (per block)", "pipeline.py", "script_layer_by_blocks"),
    ("sentences", "pipeline.py", "sentence_layer_for_blocks"),
    ("node tree", "encode.py", "document_nodes"),
    ("  inline (emphasis, foreign, dates)", "encode.py", "_insert_inline"),
    ("serialise", "stream.py", "_emit"),
    ("header", "header.py", "build_header"),
    ("Juche look (header fact)", "stream.py", "_has_juche"),
    ("find_dates, all callers", "dates.py", "find_dates"),
    ("dominant_script, all callers", "scripts.py", "dominant_script"),
]


def stages(kind: str, mb: float) -> None:
    """CPU time per stage of one streamed encode, under cProfile (slower than a plain run: shares only)."""
    import cProfile
    import pstats

    from align.tei.stream import encode_document_streamed
    from align.text.read import read_text

    text = book_repeated(int(mb * 1e6)) if kind == "book" else dated_mixed(int(mb * 1e6))
    doc = read_text(text)
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    encode_document_streamed(doc)
    prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    total = next((v[3] for k, v in stats.items() if k[0].endswith("stream.py") and k[2] == "iter_tei"), 0.0) or 1.0
    print(f"\nstages of one encode, {kind} {mb} MB (cProfile, CPU s; nested stages overlap)")
    for label, fname, func in STAGES:
        cum = sum(v[3] for k, v in stats.items() if k[0].endswith(fname) and k[2] == func)
        print(f"  {label:<36} {cum:8.2f} s {100 * cum / total:5.0f} %")


def compiled_site(tmp: Path) -> Path:
    """The compiled wheel, built and unpacked by bench_align's ``compiled_package``, byte-compiled as
    an installed package is (the sources have their bytecode too)."""
    spec = importlib.util.spec_from_file_location("bench_align", Path(__file__).with_name("bench_align.py"))
    bench_align = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(bench_align)  # type: ignore[union-attr]
    site = bench_align.compiled_package(tmp / "compiled")
    compileall.compile_dir(str(site / "align"), quiet=1)
    return site


def run(inp: Path, procs: int, src: str | None, tmp: Path) -> list[dict]:
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    cmds = [[sys.executable, __file__, "--child", str(inp), str(tmp / f"out{i}.xml")] for i in range(procs)]
    t0 = time.perf_counter()
    ps = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, text=True) for c in cmds]
    outs = [p.communicate()[0] for p in ps]
    wall = time.perf_counter() - t0
    for p in ps:
        if p.returncode:
            raise SystemExit(f"bench_encode: a run failed (exit {p.returncode})")
    rows = [json.loads(o.strip().splitlines()[-1]) for o in outs]
    for r in rows:
        r["batch_wall"] = wall
    return rows


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16, 64], help="MB of input (default 1 4 16 64)")
    ap.add_argument("--gb", action="store_true", help="add a 1000 MB input (35-40 CPU minutes per process at 0.4-0.5 MB/s; about 3 GB of memory)")
    ap.add_argument("--kinds", nargs="+", default=["book", "mixed"], choices=["book", "mixed"])
    ap.add_argument("--procs", type=int, nargs="+", default=[1, 2], help="processes at once (default 1 2)")
    ap.add_argument("--src", help="run another checkout's align (its src folder), e.g. main, for before/after")
    ap.add_argument("--compiled", action="store_true", help="also run each row on this checkout's wheel compiled by mypyc (built first, about a minute)")
    ap.add_argument("--stages", action="store_true", help="also print CPU time per stage (cProfile) at the first size")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    sizes = list(args.sizes) + ([1000.0] if args.gb else [])
    where = args.src or "this checkout"
    print(f"align encode, {where}; regex pass = {REGEX_PASS!r}; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench_encode.") as d:
        tmp = Path(d)
        codes: list[tuple[str, str | None]] = [("src", args.src)]
        if args.compiled:
            t0, c0 = time.perf_counter(), _children_cpu()
            codes.append(("mypyc", str(compiled_site(tmp))))
            print(f"compiled wheel of this checkout built in {time.perf_counter() - t0:.0f} s wall, "
                  f"{_children_cpu() - c0:.0f} s CPU (pip wheel, fetching the build tools included)")  # fmt: skip
        print(
            f"{'input':>6} {'MB':>7} {'procs':>5} {'code':>5} {'wall s':>8} {'cpu s':>8} {'MB/s/core':>9} {'MB/s all':>8} "
            f"{'peak RSS MB':>11} {'RSS/input':>9} {'regex MB/s':>10} {'x regex':>7} {'x src':>5}"
        )
        for kind in args.kinds:
            for mb in sizes:
                text = book_repeated(int(mb * 1e6)) if kind == "book" else dated_mixed(int(mb * 1e6))
                inp = tmp / f"{kind}.txt"
                inp.write_text(text, encoding="utf-8")
                size = inp.stat().st_size / 1e6
                del text
                for procs in args.procs:
                    base = 0.0
                    for code, path in codes:
                        rows = run(inp, procs, path, tmp)
                        if any(r["compiled"] != (code == "mypyc") for r in rows):
                            raise SystemExit(f"bench_encode: the {code} run imported the wrong align ({path})")
                        cpu = max(r["cpu"] for r in rows)
                        base = base or cpu
                        wall = rows[0]["batch_wall"]
                        rss = max(r["rss"] for r in rows) / 1e6
                        rx = min(r["regex_cpu"] for r in rows)
                        print(
                            f"{kind:>6} {size:>7.1f} {procs:>5} {code:>5} {wall:>8.2f} {cpu:>8.2f} {size / cpu:>9.2f} "
                            f"{procs * size / wall:>8.2f} {rss:>11.0f} {rss / size:>9.1f} {size / rx:>10.1f} {cpu / rx:>7.1f} "
                            f"{cpu / base:>5.2f}",
                            flush=True,
                        )
    if args.stages:
        for kind in args.kinds:
            stages(kind, sizes[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark of the aligner's evidence stage (not a test)::

    python scripts/bench_evidence.py time [--text varied|long|defr] [--n 8000]

``time`` prints CPU seconds (``time.process_time``, not wall time: the machine is shared) of each
step of the evidence the default aligner (:class:`align.aligners.DPAligner`) builds, in the order
``DPAligner._align`` builds it, each step in a fresh process so that no word cache is warm:
tokens, the sentences' keys and numerals, :meth:`Evidence.from_keys`, the bootstrapped lexicon
(from the gold 1-1 beads, as a stand-in for pass 1's confident ones) and the evidence extended with
its keys (``extend_lexicon``, or ``extend`` over ``Lexicon.keys`` where a checkout has no such method); then the whole ``align`` on the same text in a second fresh process.
Texts: ``varied`` is ``bench_align.varied_koen``; ``long`` joins three of its pairs per line, as
news sentences of 30-60 words; ``defr`` is the Text+Berg de-fr set.

That a change leaves the beads as they were is checked by ``scripts/search_equiv.py`` (every set
the aligner is judged on, against another checkout).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"


def _texts(which: str, n: int, data: Path) -> tuple[list[str], list[str], list, str, str]:
    sys.path.insert(0, str(HERE))
    import bench_align as B

    koen = data / "ko-en-dev"
    if which == "varied":
        src, tgt, gold = B.varied_koen(koen, n)
        return src, tgt, gold, "ko", "en"
    if which == "long":
        ko, en = B.varied_pairs(koen, 3 * n)
        ko = [" ".join(ko[i : i + 3]) for i in range(0, len(ko), 3)]
        en = [" ".join(en[i : i + 3]) for i in range(0, len(en), 3)]
        src, tgt, gold = B.derive(ko, en, random.Random(3))
        return src, tgt, gold, "ko", "en"
    if which == "defr":
        docs = B.load_textberg(data / "textberg-de-fr")
        src, tgt, gold = [], [], []
        for _, s, t, g in docs:
            di, dj = len(src), len(tgt)
            src += s
            tgt += t
            gold += [type(b)(tuple(x + di for x in b.src), tuple(y + dj for y in b.tgt)) for b in g]
        return src, tgt, gold, "de", "fr"
    raise SystemExit(f"unknown text {which}")


def _vmhwm() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stage_child(which: str, n: int, data: Path) -> dict:
    """CPU seconds of each evidence step (see the module docstring), in this process."""
    import align.aligners.scoring as scoring
    from align.aligners import DPAligner
    from align.aligners.lexicon import bootstrap, tokens
    from align.aligners.scoring import Evidence

    src, tgt, gold, sl, tl = _texts(which, n, data)
    aligner = DPAligner(sl, tl)
    gc.collect()
    out: dict = {"n": len(src), "m": len(tgt), "module": scoring.__file__}
    clock = time.process_time
    t = clock()
    src_tok = [tokens(s) for s in src]
    tgt_tok = [tokens(s) for s in tgt]
    out["tokens"] = clock() - t
    t = clock()
    src_keys, _src_num = aligner._bags(src, src_tok, sl, "src", [])
    tgt_keys, _tgt_num = aligner._bags(tgt, tgt_tok, tl, "tgt", [])
    out["keys"] = clock() - t
    t = clock()
    ev = Evidence.from_keys(src_keys, tgt_keys)
    out["from_keys"] = clock() - t
    ones = [(b.src[0], b.tgt[0]) for b in gold if len(b.src) == 1 and len(b.tgt) == 1]
    ones = ones[: len(ones) * 2 // 3]
    t = clock()
    boot = bootstrap(src_tok, tgt_tok, ones)
    out["bootstrap"] = clock() - t
    t = clock()
    if hasattr(ev, "extend_lexicon"):  # (as DPAligner does it; a reference checkout may have extend only)
        ev = ev.extend_lexicon(boot, src_tok, tgt_tok)
    else:
        ev = ev.extend([boot.keys(x, "src") for x in src_tok], [boot.keys(x, "tgt") for x in tgt_tok])
    out["extend"] = clock() - t
    out["total"] = sum(v for k, v in out.items() if isinstance(v, float))
    out["lexicon"] = len(boot)
    return out


def _align_child(which: str, n: int, data: Path) -> dict:
    from align.aligners import DPAligner

    src, tgt, _, sl, tl = _texts(which, n, data)
    gc.collect()
    before = _vmhwm()
    t = time.process_time()
    DPAligner(sl, tl).align(src, tgt)
    return {"align": time.process_time() - t, "peak_mb": _vmhwm(), "peak_before_mb": before}


def _child(mode: str, *args: str, env: dict | None = None, package: Path | None = None) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, *args]
    if package is not None:
        env = dict(env or os.environ, PYTHONPATH=str(package))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        mode, rest = sys.argv[2], sys.argv[3:]
        if mode == "stages":
            print(json.dumps(_stage_child(rest[0], int(rest[1]), Path(rest[2]))))
        elif mode == "align":
            print(json.dumps(_align_child(rest[0], int(rest[1]), Path(rest[2]))))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=("time",))
    ap.add_argument("--text", default="varied", help="time: varied, long or defr (comma-separated for several)")
    ap.add_argument("--n", type=int, default=8000, help="time: about this many source sentences (varied, long)")
    ap.add_argument("--no-align", action="store_true", help="time: the evidence steps only")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--package", type=Path, help="time: import align from here (e.g. a compiled wheel unpacked by bench_align.compiled_package)")
    args = ap.parse_args()
    for which in args.text.split(","):
        st = _child("stages", which, str(args.n), str(args.data), package=args.package)
        steps = " ".join(f"{k} {st[k]:.2f}" for k in ("tokens", "keys", "from_keys", "bootstrap", "extend"))
        print(f"{which} {st['n']}x{st['m']}: ({st['module']})\n{which} {st['n']}x{st['m']}: evidence {st['total']:.2f} CPU s ({steps}; lexicon {st['lexicon']})", flush=True)
        if not args.no_align:
            al = _child("align", which, str(args.n), str(args.data), package=args.package)
            print(f"{which} {st['n']}x{st['m']}: align {al['align']:.2f} CPU s, peak {al['peak_mb']:.0f} MB "
                  f"({al['peak_before_mb']:.0f} MB before aligning)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

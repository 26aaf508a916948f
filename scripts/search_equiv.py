#!/usr/bin/env python3
"""Check (not a test): the aligner gives the same beads, raw costs included, as another checkout.

The search may be made faster only if its output stays the same. This runs ``DPAligner`` from a
given ``src`` folder on the sets below and writes every result (the beads with their rounded costs,
the search's unrounded bead costs, as ``repr`` of the floats, and the meta) to a JSON file; two such
files are then compared. Typical use, against main::

    git archive main src | tar -x -C /tmp/main-src
    python scripts/search_equiv.py run --src /tmp/main-src/src --out /tmp/main.json
    python scripts/search_equiv.py run --src src --out /tmp/ours.json
    python scripts/search_equiv.py compare /tmp/main.json /tmp/ours.json

Sets: varied ko-en text of 8k and 32k source sentences (``bench_align.varied_koen``), the same 8k
with three sentences per line (long sentences), the ko-en dev documents (``load_koen``), the
Text+Berg de-fr documents, the hand-written .case files, and the stress cases of 8k.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _sets(data: Path, names: list[str]):
    import bench_align as ba

    koen = data / "ko-en-dev"
    for name in names:
        if name.startswith("varied"):
            n = int(name[len("varied"):])
            s, t, _ = ba.varied_koen(koen, n)
            yield name, "ko", "en", s, t
        elif name == "long":
            s, t, _ = ba.varied_koen(koen, 8000)
            yield name, "ko", "en", [" ".join(s[k : k + 3]) for k in range(0, len(s), 3)], [" ".join(t[k : k + 3]) for k in range(0, len(t), 3)]
        elif name == "dev":
            for doc, s, t, _ in ba.load_koen(koen):
                yield f"dev/{doc}", "ko", "en", s, t
        elif name == "defr":
            for doc, s, t, _ in ba.load_textberg(data / "textberg-de-fr"):
                yield f"defr/{doc}", "de", "fr", s, t
        elif name == "cases":
            for doc, s, t, _, sl, tl in ba.load_cases():
                yield f"case/{doc}", sl, tl, s, t
        elif name == "stress":
            for doc, s, t, _ in ba.stress_cases(koen, 8000):
                yield f"stress/{doc}", "ko", "en", s, t
        else:
            raise SystemExit(f"unknown set {name}")


def run(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(Path(args.src).resolve()))
    sys.path.insert(1, str(HERE))
    import align
    from align.aligners import DPAligner
    from align.aligners import dp as dp_module

    print(f"align from {align.__file__}", file=sys.stderr)
    raw: list = []
    split = dp_module._split_null_runs

    def spy(beads):  # the search's own tuples, before rounding
        raw.append([(b[0], b[1], b[2], b[3], repr(b[4])) for b in beads])
        return split(beads)

    dp_module._split_null_runs = spy  # type: ignore[assignment]
    out = {}
    for name, sl, tl, s, t in _sets(Path(args.data), args.sets.split(",")):
        raw.clear()
        got = DPAligner(sl, tl).align(s, t)
        out[name] = {
            "beads": [[list(b.src), list(b.tgt), b.score] for b in got.beads],
            "raw": raw[-1] if raw else [],
            "meta": {k: v for k, v in dict(got.meta).items()},
        }
        print(f"{name}: {len(s)} x {len(t)}, {len(got.beads)} beads", file=sys.stderr)
    Path(args.out).write_text(json.dumps(out))


def compare(args: argparse.Namespace) -> None:
    a = json.loads(Path(args.a).read_text())
    b = json.loads(Path(args.b).read_text())
    bad = 0
    missing = [name for name in a if name not in b]
    if missing:
        print(f"not run in {args.b}: {', '.join(missing)}")
    for name in a:
        if name not in b:
            continue
        x, y = a[name], b[name]
        same_beads = x["beads"] == y["beads"]
        same_raw = x["raw"] == y["raw"]
        meta_diff = {k: (x["meta"].get(k), y["meta"].get(k)) for k in set(x["meta"]) | set(y["meta"]) if x["meta"].get(k) != y["meta"].get(k)}
        if not (same_beads and same_raw):
            bad += 1
            first = next((k for k, (p, q) in enumerate(zip(x["raw"], y["raw"])) if p != q), None)
            print(f"{name}: DIFFERENT beads={same_beads} raw={same_raw} first raw difference at {first}: "
                  f"{x['raw'][first] if first is not None else ''} vs {y['raw'][first] if first is not None else ''}")
        else:
            print(f"{name}: same ({len(x['beads'])} beads){'; meta differs ' + str(meta_diff) if meta_diff else ''}")
    print("ALL SAME" if not bad else f"{bad} DIFFERENT")
    sys.exit(1 if bad else 0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--src", required=True, help="the src folder to import align from")
    r.add_argument("--out", required=True)
    r.add_argument("--data", default=str(HERE.parent.parent / "shared" / "data"))
    r.add_argument("--sets", default="varied8000,long,dev,defr,cases,stress,varied32000")
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    args = ap.parse_args()
    run(args) if args.cmd == "run" else compare(args)


if __name__ == "__main__":
    main()

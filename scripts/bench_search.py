#!/usr/bin/env python3
"""Benchmark (not a test): CPU time of the aligner's search alone, and of the whole alignment.

``DPAligner('ko', 'en').align`` runs once on a text; its two searches (pass 1, ``coarse_to_fine``;
pass 2, ``search_between``) are captured with their inputs and run again ``--repeat`` times each;
the minimum CPU time (``time.process_time``: a shared machine's load disturbs it far less than
wall time) of each is printed, with that of whole alignments (also the minimum of ``--repeat``).
``--package`` chooses where ``align`` is imported from (the sources, another checkout's ``src``,
or an unpacked compiled wheel, see ``bench_align.compiled_package``), so that two versions can
be run one after the other on the same text::

    python scripts/bench_search.py --package /tmp/main-src/src --sizes 8000 32000
    python scripts/bench_search.py --package src --sizes 8000 32000

Texts: ``varied`` (``bench_align.varied_koen``), ``long`` (the same with three sentences per
line) and ``defr`` (the Text+Berg de-fr documents, concatenated).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--package", default=str(HERE.parent / "src"), help="folder to import align from")
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    ap.add_argument("--text", default="varied", choices=["varied", "long", "defr"])
    ap.add_argument("--sizes", type=int, nargs="+", default=[8000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--whole", type=int, default=1, help="whole alignments to time (minimum taken)")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(args.package).resolve()))
    import align  # noqa: F401  # (before bench_align, which puts this checkout's src first)
    from align.aligners import DPAligner, dp

    sys.path.insert(1, str(HERE))
    import bench_align as ba

    print(f"align from {Path(align.__file__).parent}; {args.text}")
    for n in args.sizes:
        if args.text == "defr":
            docs = ba.load_textberg(args.data / "textberg-de-fr")
            src = [s for d in docs for s in d[1]]
            tgt = [t for d in docs for t in d[2]]
            langs = ("de", "fr")
        else:
            src, tgt, _ = ba.varied_koen(args.data / "ko-en-dev", n)
            langs = ("ko", "en")
            if args.text == "long":
                src = [" ".join(src[k : k + 3]) for k in range(0, len(src), 3)]
                tgt = [" ".join(tgt[k : k + 3]) for k in range(0, len(tgt), 3)]
        calls: list = []
        originals = {name: getattr(dp, name) for name in ("coarse_to_fine", "search_between")}

        def spy(name):
            def run(*a, **k):
                calls.append((name, a, k))
                return originals[name](*a, **k)

            return run

        for name in originals:
            setattr(dp, name, spy(name))
        whole = []
        for _ in range(max(1, args.whole)):
            calls.clear()
            t = time.process_time()
            got = DPAligner(*langs).align(src, tgt)
            whole.append(time.process_time() - t)
        for name, f in originals.items():
            setattr(dp, name, f)
        parts = []
        for name, a, k in calls:
            best = None
            for _ in range(args.repeat):
                t = time.process_time()
                originals[name](*a, **k)
                secs = time.process_time() - t
                best = secs if best is None else min(best, secs)
            parts.append(f"{name} {best:.3f}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{len(src)} x {len(tgt)}: whole {min(whole):.2f} CPU s; {'; '.join(parts)} (CPU s, min of {args.repeat}); "
              f"cells {got.meta.get('cells')}; peak RSS so far {peak:.0f} MB", flush=True)


if __name__ == "__main__":
    main()

"""Per-kind precision and recall of structure recovery on the hand-written gold set.

    python scripts/eval_structure.py [FOLDER] [--per-text] [--profile NAME] [--set dev|heldout]

FOLDER defaults to tests/structure_gold. Each text is read with the profile its gold file names
(``# profile: NAME``) unless --profile overrides it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from align import read_text
from align.pipeline import EncodeOptions, annotate_document
from align.text.profiles import get_profile
from align.text.structure_eval import format_table, load_gold_dir, predicted_kinds, score

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "structure_gold"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=str(DEFAULT))
    ap.add_argument("--per-text", action="store_true", help="also print each text's misses")
    ap.add_argument("--profile", help="read every text with this profile")
    ap.add_argument("--set", dest="part", help="only the texts of this part of the gold set (dev, heldout)")
    args = ap.parse_args(argv)
    golds = [g for g in load_gold_dir(args.folder) if not args.part or g.set == args.part]
    if not golds:
        print(f"eval_structure: no NAME.txt with NAME.kinds in {args.folder}", file=sys.stderr)
        return 1
    pairs = []
    for g in golds:
        doc = annotate_document(read_text(g.text), EncodeOptions(structure=get_profile(args.profile or g.profile)))
        gold = sorted((a, k) for a, k in [(_skip_ws(g.text, a), k) for a, k in g.items])
        pred = predicted_kinds(doc)
        pairs.append((gold, pred))
        if args.per_text:
            gs, ps = set(gold), set(pred)
            for a, k in sorted(gs - ps):
                got = [pk for pa, pk in pred if pa == a]
                print(f"{Path(g.name).stem}: {k} expected at {g.text[a:a + 30]!r}, got {got or 'no block'}")
            for a, k in sorted(ps - gs):
                if not any(ga == a for ga, _ in gold):
                    print(f"{Path(g.name).stem}: extra {k} at {g.text[a:a + 30]!r}")
    print(f"{len(golds)} texts, {sum(len(g) for g, _ in pairs)} gold blocks")
    print(format_table(score(pairs)))
    return 0


def _skip_ws(text: str, a: int) -> int:
    while a < len(text) and text[a].isspace():
        a += 1
    return a


if __name__ == "__main__":
    sys.exit(main())

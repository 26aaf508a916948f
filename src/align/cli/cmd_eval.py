"""``align eval``: strict and lax precision, recall and F1 of alignments against a gold standard."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..aligners.beadio import read_alignment_file
from ..errors import AlignmentError
from ..aligners.evaluate import score_documents

NAME = "eval"
HELP = "score alignments against gold beads (strict/lax P/R/F1 as vecalign's score.py)"
DESCRIPTION = (
    "Compare TEST beads with GOLD beads (vecalign bead files or our TSV). Give one GOLD TEST pair, or "
    "several pairs, or two folders whose files are paired by name: the scores are micro-averaged over "
    "all documents (counts summed first), as vecalign's score.py does."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="GOLD TEST", help="gold and test files (or folders), in pairs")
    p.add_argument("--json", action="store_true", help="print the scores and counts as JSON")


def _pairs(paths: list[str]) -> list[tuple[Path, Path]]:
    if len(paths) % 2:
        raise AlignmentError(f"[A621] give GOLD TEST paths in pairs; got {len(paths)} paths")
    out: list[tuple[Path, Path]] = []
    for g, t in zip(paths[::2], paths[1::2]):
        gp, tp = Path(g), Path(t)
        if gp.is_dir() != tp.is_dir():
            raise AlignmentError("[A622] GOLD and TEST must both be files or both be folders", path=f"{g} {t}")
        if gp.is_dir():
            names = sorted(f.name for f in gp.iterdir() if f.is_file() and not f.name.startswith("."))
            missing = [n for n in names if not (tp / n).is_file()]
            if missing:
                raise AlignmentError(f"[A623] test folder lacks {len(missing)} gold file(s), e.g. {missing[0]!r}", path=str(tp))
            if not names:
                raise AlignmentError("[A624] the gold folder holds no files", path=str(gp))
            out.extend((gp / n, tp / n) for n in names)
        else:
            out.append((gp, tp))
    return out


def run(args: argparse.Namespace) -> int:
    pairs = _pairs(args.paths)
    scores = score_documents((read_alignment_file(g), read_alignment_file(t)) for g, t in pairs)
    if args.json:
        print(json.dumps(scores.to_dict(), indent=1))
    else:
        print(f"{scores.documents} document(s)")
        print(scores.format(), end="")
    return 0

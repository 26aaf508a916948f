"""``align pair``: align a text with its translation, sentence by sentence."""

from __future__ import annotations

import argparse
import sys

from ..aligners import ALIGNERS, align_documents, make_aligner
from ..aligners.inputs import load_side
from ..aligners.beadio import format_beads, format_tsv
from ..files import write_output

NAME = "pair"
HELP = "align a text with its translation (TEI links, TSV or vecalign beads)"
DESCRIPTION = (
    "Align SRC with its translation TGT. Inputs are plain text (split into sentences), our TEI "
    "(its <s> elements with an xml:id in the given language), or with --presegmented one sentence "
    "per line, the beads then indexing those lines (0-based): this is how aligners are compared."
)
FORMATS = ("tei", "tsv", "beads")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("src", metavar="SRC", nargs="?",
                   help="the source text (plain text, TEI, or lines with --presegmented); or a folder of them")
    p.add_argument("tgt", metavar="TGT", nargs="?", help="its translation; or a folder of translations with matching names")
    p.add_argument("--pairs", metavar="TSV", help="a batch: pairs of files, SRC<TAB>TGT[<TAB>OUT] per line, written to -o OUTDIR")
    p.add_argument("--src-lang", default="ko", help="language of SRC, an ISO 639 code (default: ko)")
    p.add_argument("--tgt-lang", default="en", help="language of TGT (default: en)")
    p.add_argument("--presegmented", action="store_true", help="one sentence per line; no splitting")
    p.add_argument("--format", choices=FORMATS, default="tsv", help="output: TEI links, TSV (default) or vecalign beads")
    p.add_argument("--dictionary", metavar="FILE", help="bilingual dictionary in hunalign's format ('target @ source' per line)")
    p.add_argument("--aligner", choices=sorted(ALIGNERS), default="dp", help="alignment method (default: dp)")
    p.add_argument("--scores", action="store_true", help="with --format beads: add each bead's cost as a third field")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout); for a batch, the output folder")
    p.add_argument("--strict", action="store_true", help="exit 1 when the texts do not look parallel (warnings on stderr either way)")
    from ..batch.cli import add_batch_arguments

    add_batch_arguments(p)


def run(args: argparse.Namespace) -> int:
    import os

    if args.pairs or (args.src and args.tgt and os.path.isdir(args.src) and os.path.isdir(args.tgt)):
        return run_batch_pair(args)
    if not args.src or not args.tgt:
        # a usage error, as argparse reports one (SRC and TGT are optional only for --pairs)
        print("align pair: error: the following arguments are required: SRC and TGT (two files or two folders), "
              "or --pairs TSV", file=sys.stderr)
        raise SystemExit(2)
    src = load_side(args.src, args.src_lang, presegmented=args.presegmented)
    tgt = load_side(args.tgt, args.tgt_lang, presegmented=args.presegmented)
    aligner = make_aligner(args.aligner, src_lang=args.src_lang, tgt_lang=args.tgt_lang, dictionary=args.dictionary)
    alignment = align_documents(src.doc, tgt.doc, aligner=aligner)
    if args.format == "beads":
        data = format_beads(alignment.beads, scores=args.scores).encode("utf-8")
    elif args.format == "tsv":
        ids = (src.ids, tgt.ids) if src.ids is not None and tgt.ids is not None else (None, None)
        data = format_tsv(alignment.beads, src.sentences, tgt.sentences, src_ids=ids[0], tgt_ids=ids[1]).encode("utf-8")
    else:
        from ..tei.parallel import encode_pair_sides

        # plain-text sides are encoded like any text (paragraphs, structure) and aligned on those sentences
        data = encode_pair_sides(src, tgt, aligner, alignment, presegmented=args.presegmented)
    write_output(args.output, data)
    from ..aligners.diagnose import diagnose

    findings = diagnose(alignment)
    for f in findings:
        print(f"align: warning: {args.src} / {args.tgt}: {f}", file=sys.stderr)
    return 1 if findings and args.strict else 0


SUFFIXES = {"tei": ".xml", "tsv": ".tsv", "beads": ".beads"}


def run_batch_pair(args: argparse.Namespace) -> int:
    """``align pair SRCDIR TGTDIR -o OUTDIR`` or ``align pair --pairs PAIRS.tsv -o OUTDIR``."""
    from ..batch import TEXT_PATTERNS, BatchError, PairTask, Problem, pair_jobs_from_folders, pair_jobs_from_tsv
    from ..batch.cli import require_outdir, run_jobs

    outdir = require_outdir(args, "aligning several pairs")
    suffix = SUFFIXES[args.format]
    if args.pairs:
        if args.src or args.tgt:
            raise BatchError("[A808] give either --pairs TSV or SRC and TGT, not both")
        jobs, problems = pair_jobs_from_tsv(args.pairs, outdir, suffix=suffix), list[Problem]()
    else:
        jobs, problems = pair_jobs_from_folders(
            args.src, args.tgt, outdir, src_lang=args.src_lang, tgt_lang=args.tgt_lang, suffix=suffix,
            patterns=args.include or TEXT_PATTERNS, skip=[outdir],
        )
    task = PairTask(src_lang=args.src_lang, tgt_lang=args.tgt_lang, fmt=args.format, presegmented=args.presegmented,
                    aligner=args.aligner, dictionary=args.dictionary, scores=args.scores)
    return run_jobs(args, jobs, task, settings=task.signature(), outdir=outdir, problems=problems)

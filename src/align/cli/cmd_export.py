"""``align export``: an aligned TEI file as TMX, XCES, lossless TSV or vecalign beads."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import ExportError
from ..export import opus_document, read_aligned, to_beads, to_tmx, to_tsv, to_xces
from ..export.base import Written
from ..files import write_output

NAME = "export"
HELP = "write an aligned TEI file as TMX, XCES (OPUS), lossless TSV or vecalign beads"
DESCRIPTION = (
    'Read the sentences (<s xml:id>) and the alignment (<linkGrp type="alignment">) of a TEI file '
    "written by 'align pair --format tei', 'align build' or 'align encode', and write them as TMX 1.4 "
    "(one unit per bead with both sides), XCES cesAlign as OPUS uses it, a lossless TSV, or vecalign "
    "beads (0-based indices into each side's sentences)."
)
FORMATS = ("tmx", "xces", "tsv", "beads")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("tei", metavar="TEI", help="an aligned TEI file")
    p.add_argument("--format", choices=FORMATS, required=True, help="output format")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    p.add_argument(
        "--group", metavar="ID", help="which alignment group, when the file has several (xml:id or 0-based number)"
    )
    p.add_argument("--scores", action="store_true", help="with --format beads: add each bead's score as a third field")
    p.add_argument(
        "--documents",
        action="store_true",
        help="with --format xces: also write each side as an OPUS sentence document beside OUT "
        "(OUT's name + .SRCLANG.xml / .TGTLANG.xml), named in fromDoc/toDoc",
    )


def run(args: argparse.Namespace) -> int:
    if args.documents and (args.format != "xces" or not args.output or args.output == "-"):
        raise ExportError("[A930] --documents goes with --format xces and an output file (-o OUT)")
    pair = read_aligned(args.tei, group=args.group)
    if args.format == "tmx":
        written = to_tmx(pair)
        nulls = sum(1 for b in pair.alignment if b.is_null)
        if nulls:
            print(f"align export: {nulls} null bead(s) have no translation unit", file=sys.stderr)
    elif args.format == "xces":
        from_doc = to_doc = None
        if args.documents:
            out = Path(args.output)
            docs = []
            langs = [str(d.meta.get("lang", "")) for d in (pair.src, pair.tgt)]
            suffixes = langs if langs[0] != langs[1] and all(langs) else ["src", "tgt"]
            for doc, suffix in zip((pair.src, pair.tgt), suffixes):
                path = out.with_name(f"{out.name}.{suffix}.xml")
                if os.path.realpath(path) == os.path.realpath(args.tei):
                    raise ExportError(
                        "[A931] a sentence document would overwrite the input; choose another -o", path=str(path)
                    )
                doc_written = opus_document(doc)
                write_output(path, doc_written.data)
                docs.append(path.name)
            from_doc, to_doc = docs
        written = to_xces(pair, from_doc=from_doc, to_doc=to_doc)
    elif args.format == "tsv":
        written = to_tsv(pair)
    else:
        written = to_beads(pair, scores=args.scores)
    return write_written(written, args.output, "export")


def write_written(written: Written, output: str | None, command: str) -> int:
    """Write an export's bytes, first saying on stderr how many forbidden characters were replaced."""
    if written.replaced:
        print(
            f"align {command}: warning: {written.replaced} character(s) that XML forbids were replaced with U+FFFD",
            file=sys.stderr,
        )
    write_output(output, written.data)
    return 0

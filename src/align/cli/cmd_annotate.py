"""``align annotate TEI [-o OUT]``: names, dates, abbreviations, terms and OCR doubts added to a TEI file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import AlignError, ReadError
from ..files import write_output

NAME = "annotate"
HELP = "annotate a TEI file: persons, places, organizations (linked across Korean and English), dates, abbreviations, terms, OCR doubts"
DESCRIPTION = (
    "Read a TEI file written by align encode, pair or build, add inline annotations (persName/placeName/orgName "
    "with @ref, date, choice/abbr/expan, term xml:lang=ko-Latn, choice/sic/corr) and authority lists in standOff. "
    "The text is never changed. Layers: person place org abbr term date ocr."
)


def _layers(value: str) -> frozenset[str]:
    from ..annotate import LAYERS

    names = frozenset(v.strip() for v in value.split(",") if v.strip())
    bad = sorted(names - set(LAYERS))
    if bad:
        raise argparse.ArgumentTypeError(f"unknown layer {bad[0]!r}; choose from {', '.join(LAYERS)}")
    return names


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", help="TEI file to annotate")
    p.add_argument("-o", "--output", help="output file (default: stdout; may be the input file)")
    p.add_argument("--only", type=_layers, metavar="LAYERS", help="comma-separated layers to run (default: all)")
    p.add_argument("--skip", type=_layers, default=frozenset(), metavar="LAYERS", help="comma-separated layers not to run")
    p.add_argument(
        "--gazetteer",
        action="append",
        default=[],
        metavar="PATH",
        help="a gazetteer TSV file or a folder of them, added to the bundled one (repeatable; format: align/data/gazetteer/README.md)",
    )
    p.add_argument("--kiwi", action="store_true", help="also use Kiwi's proper-noun tags for Korean (needs align[kiwi])")
    p.add_argument("-q", "--quiet", action="store_true", help="print no counts on stderr")


def run(args: argparse.Namespace) -> int:
    from ..annotate import LAYERS, AnnotateOptions, annotate_tei, parse_tei
    from ..annotate.entities import kiwi_available
    from lxml import etree

    if args.kiwi and not kiwi_available():
        raise AlignError("[A343] --kiwi needs kiwipiepy: pip install 'align[kiwi]'")
    path = Path(args.input)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("[A342] no such file; give the path of a TEI file", path=str(path)) from None
    except IsADirectoryError:
        raise ReadError("[A342] this is a folder; give one TEI file", path=str(path)) from None
    layers = (args.only if args.only is not None else frozenset(LAYERS)) - args.skip
    options = AnnotateOptions(layers=layers, gazetteer=tuple(args.gazetteer), kiwi=args.kiwi)
    root = parse_tei(data, str(path))
    report = annotate_tei(root, options)
    write_output(args.output, etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n")
    if not args.quiet:
        placed = ", ".join(f"{k} {v}" for k, v in sorted(report.placed.items())) or "nothing"
        skipped = sum(report.skipped.values())
        entries = ", ".join(f"{k} {v}" for k, v in sorted(report.entries.items()))
        print(f"{path}: annotated {placed}" + (f"; {skipped} left out (they cross an element)" if skipped else "") + (f"; standOff: {entries}" if entries else ""), file=sys.stderr)
    return 0

"""``align build``: the bundled book to ``tei/seventy-five-years.xml`` (the main job)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..files import write_output

NAME = "build"
HELP = "build the TEI edition of the bundled book"
DESCRIPTION = "Encode the bundled book, align its embedded declaration with the English translation, and write the TEI."
DEFAULT_OUTPUT = Path("tei") / "seventy-five-years.xml"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT), help=f"output file (default: {DEFAULT_OUTPUT}; '-' for stdout)")
    p.add_argument("--check", action="store_true", help="do not write; exit 1 if the output file differs from a fresh build")


def run(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    from ..tei.book import build_book  # on use: every command's parser is built at start-up

    data = build_book()
    if args.check:
        current = Path(args.output).read_bytes() if Path(args.output).exists() else b""
        if current != data:
            print(f"align: {args.output} is out of date; run 'align build' and commit the result", file=sys.stderr)
            return 1
        print(f"{args.output}: up to date", file=sys.stderr)
        return 0
    if args.output != "-":
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    write_output(args.output, data)
    if args.output != "-":
        print(f"wrote {args.output} ({len(data):,} bytes, {time.perf_counter() - t0:.2f} s)", file=sys.stderr)
    return 0

"""``align view``: an aligned TEI file as one self-contained HTML page, the two texts side by side."""

from __future__ import annotations

import argparse

from ..export import read_aligned
from ..export.view import to_html

NAME = "view"
HELP = "write an aligned TEI file as a side-by-side HTML page (one file, no network)"
DESCRIPTION = (
    "Show the two texts of an aligned TEI file side by side in their paragraphs. Clicking a sentence "
    "highlights its counterparts and brings them level; scrolling keeps linked sentences level; null "
    "beads are marked. The page is one file with its styles and script inline and needs no network."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("tei", metavar="TEI", help="an aligned TEI file")
    p.add_argument("-o", "--output", metavar="OUT.html", help="output file (default: stdout)")
    p.add_argument(
        "--group", metavar="ID", help="which alignment group, when the file has several (xml:id or 0-based number)"
    )
    p.add_argument("--title", help="the page's title (default: the file name)")


def run(args: argparse.Namespace) -> int:
    from .cmd_export import write_written

    return write_written(to_html(read_aligned(args.tei, group=args.group), title=args.title), args.output, "view")

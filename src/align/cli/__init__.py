"""The ``align`` command: a thin shell over the library.

Each subcommand lives in its own module in this package and defines ``NAME``, ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``. Library errors become one line on stderr and exit
code 1; argparse usage errors exit with 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from typing import Sequence

from .. import __version__
from ..errors import AlignError

__all__ = ["main", "COMMANDS"]

#: Subcommand modules, in the order ``align --help`` lists them.
COMMANDS = ("build", "encode", "annotate", "pair", "eval", "export", "view", "validate")


def _load(name: str):
    try:
        return importlib.import_module(f"align.cli.cmd_{name}")
    except ModuleNotFoundError as exc:  # a command not built yet in this checkout
        if exc.name == f"align.cli.cmd_{name}":
            return None
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="align",
        description="Mixed English/Korean text to TEI P5: segment, tag, align, validate.",
    )
    parser.add_argument("--version", action="version", version=f"align {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        mod = _load(name)
        if mod is None:
            continue
        p = sub.add_parser(mod.NAME, help=mod.HELP, description=getattr(mod, "DESCRIPTION", mod.HELP))
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()  # imports every command's module: a Ctrl-C may well come here
        args = parser.parse_args(argv)
    except KeyboardInterrupt:
        print("align: interrupted", file=sys.stderr)
        return 130
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    # The command line is a short-lived application, so it (not the library) may tune the collector:
    # an alignment allocates millions of small containers and frees none in cycles, and a collection
    # every 700 allocations walks them again for nothing (about 8 % of the time at 8k sentences).
    gc.set_threshold(100_000, 50, 100)
    try:
        code = int(args._run(args) or 0)
        if sys.stdout is not None:
            sys.stdout.flush()  # a closed pipe shows here, not in Python's exit
        return code
    except AlignError as exc:
        print(f"align: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("align: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (align ... | head): not an error. Point stdout at /dev/null so the
        # interpreter's own flush at exit has nothing to complain about.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 0
    except OSError as exc:  # the operating system refused a read or a write: say which file and why
        where = exc.filename or "?"
        print(f"align: error: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1


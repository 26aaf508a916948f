"""``align encode INPUT [-o OUT]``: any text file to TEI."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..files import write_output
from ..text.read import read

if TYPE_CHECKING:
    from ..pipeline import EncodeOptions

NAME = "encode"
HELP = "encode a text file (plain text or light Markdown) as TEI P5; folders and globs as a batch"
DESCRIPTION = (
    "Read INPUT, segment it by script, blocks and sentences, tag languages, and write TEI P5. "
    "Bad input gives one line 'file:line:col: message' and exit code 1; no output file is left behind. "
    "Given folders, globs or several files, encodes each into the -o folder, mirroring the input tree, "
    "with a resumable manifest."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", help="text file to encode ('-' is not accepted: give a file), a model JSON file written by --format json, or a folder or glob")
    p.add_argument("more_inputs", nargs="*", metavar="INPUT", help="more files, folders or globs (a batch)")
    p.add_argument("-o", "--output", help="output file (default: stdout); for a batch, the output folder")
    p.add_argument("--encoding", default="utf-8", help="input encoding (default: utf-8; e.g. cp949 for older Korean files)")
    p.add_argument("--meta", help="TOML file with facts about the source for the teiHeader ([source], [edition], [encoding], [translation])")
    p.add_argument(
        "--lang",
        action="append",
        default=[],
        metavar="SCRIPT=TAG",
        help="map a script to a BCP 47 language, e.g. --lang Hani=zh (default: Latn=en, Kore/Hang/Hani=ko)",
    )
    p.add_argument("--splitter", default="rules", help="sentence splitter: rules (default) or kiwi (needs align[kiwi])")
    p.add_argument(
        "--profile",
        help="structure profile: general (default), photo-book, treaty (see align.text.profiles); "
        "also settable as [encoding] profile in --meta",
    )
    p.add_argument(
        "--italic",
        choices=("hi", "title"),
        help="encode *italic* as hi (emphasis, the default) or title (a text whose italics mark titles of works); "
        "also settable as [encoding] italic in --meta",
    )
    from ..batch.cli import add_batch_arguments

    add_batch_arguments(p)
    from . import encode_model

    encode_model.add_arguments(p)


def parse_lang_options(items: list[str]) -> dict[str, str] | None:
    from ..errors import AlignError
    from ..text.scripts import DEFAULT_LANGUAGES

    if not items:
        return None
    mapping = dict(DEFAULT_LANGUAGES)
    for item in items:
        script, sep, tag = item.partition("=")
        if not sep or not script or not tag:
            raise AlignError(f"[A011] --lang {item!r}: write SCRIPT=TAG, e.g. Hani=zh")
        mapping[script] = tag
    return mapping


def _settings(args: argparse.Namespace) -> tuple[dict, "EncodeOptions"]:
    """The metadata file and the encoding options from the command line (options win over --meta)."""
    from ..pipeline import EncodeOptions, load_metadata
    from ..text.profiles import get_profile

    metadata = load_metadata(args.meta)
    italic = args.italic or metadata.get("encoding", {}).get("italic", "hi")
    profile = get_profile(args.profile or metadata.get("encoding", {}).get("profile"))
    return metadata, EncodeOptions(splitter=args.splitter, languages=parse_lang_options(args.lang), italic=italic, structure=profile)


def run(args: argparse.Namespace) -> int:
    # the encoder loads here, not at start-up: every command's parser is built when align starts
    from ..batch import is_batch_input
    from .. import pipeline

    if args.more_inputs or is_batch_input([args.input]):
        return run_batch_encode(args)
    from .encode_model import wants_model

    if wants_model(args):  # JSON in or out, a translation, or an edited pipeline (align.cli.encode_model)
        from .encode_model import encode

        metadata, options = _settings(args)
        write_output(args.output, encode(args, metadata, options))
        return 0
    from ..batch.cli import file_progress

    with file_progress(args, args.input, ("reading", "encoding", "writing")) as progress:
        progress.step("reading")
        doc = read(args.input, encoding=args.encoding)
        metadata, options = _settings(args)
        progress.step("encoding")
        if metadata.get("translation"):  # an edition with its translation (align.editions)
            from .encode_model import encode

            data = encode(args, metadata, options)
            progress.step("writing")
            write_output(args.output, data)
            return 0
        if len(doc.text) >= pipeline.STREAM_FROM_CHARS:  # a long text: written as it is encoded, never whole in memory
            from ..tei.stream import iter_tei

            progress.step("writing")
            write_output(args.output, iter_tei(doc, metadata=metadata, options=options))
            return 0
        data = pipeline.encode_document(doc, metadata=metadata, options=options)
        progress.step("writing")
        write_output(args.output, data)
    return 0


def run_batch_encode(args: argparse.Namespace) -> int:
    """``align encode DIR|GLOB|FILE... -o OUTDIR``: each input to OUTDIR, mirroring the tree."""
    import os

    from ..batch import TEXT_PATTERNS, EncodeTask, collect_inputs, mirror_jobs
    from ..batch.cli import require_outdir, run_jobs

    from ..pipeline import load_metadata

    outdir = require_outdir(args, "encoding several files")
    metadata = load_metadata(args.meta)
    italic = args.italic or metadata.get("encoding", {}).get("italic", "hi")
    languages = parse_lang_options(args.lang)
    task = EncodeTask(encoding=args.encoding, metadata=metadata, splitter=args.splitter,
                      languages=dict(languages) if languages else None, italic=italic,
                      profile=args.profile or metadata.get("encoding", {}).get("profile"))
    found, problems = collect_inputs([args.input, *args.more_inputs], patterns=args.include or TEXT_PATTERNS, skip=[outdir])
    jobs = mirror_jobs(found, os.path.normpath(outdir))
    return run_jobs(args, jobs, task, settings=task.signature(), outdir=outdir, problems=problems)

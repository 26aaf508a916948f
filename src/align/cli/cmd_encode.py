"""``align encode INPUT [-o OUT]``: any text file to TEI."""

from __future__ import annotations

import argparse

from ..files import write_output
from ..pipeline import EncodeOptions, encode_document, load_metadata
from ..text.read import read

NAME = "encode"
HELP = "encode a text file (plain text or light Markdown) as TEI P5"
DESCRIPTION = (
    "Read INPUT, segment it by script, blocks and sentences, tag languages, and write TEI P5. "
    "Bad input gives one line 'file:line:col: message' and exit code 1; no output file is left behind."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", help="text file to encode ('-' is not accepted: give a file)")
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.add_argument("--encoding", default="utf-8", help="input encoding (default: utf-8; e.g. cp949 for older Korean files)")
    p.add_argument("--meta", help="TOML file with facts about the source for the teiHeader ([source], [edition])")
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


def parse_lang_options(items: list[str]) -> dict[str, str] | None:
    from ..errors import AlignError
    from ..text.scripts import DEFAULT_LANGUAGES

    if not items:
        return None
    mapping = dict(DEFAULT_LANGUAGES)
    for item in items:
        script, sep, tag = item.partition("=")
        if not sep or not script or not tag:
            raise AlignError(f"[A601] --lang {item!r}: write SCRIPT=TAG, e.g. Hani=zh")
        mapping[script] = tag
    return mapping


def run(args: argparse.Namespace) -> int:
    doc = read(args.input, encoding=args.encoding)
    metadata = load_metadata(args.meta)
    italic = args.italic or metadata.get("encoding", {}).get("italic", "hi")
    from ..text.profiles import get_profile

    profile = get_profile(args.profile or metadata.get("encoding", {}).get("profile"))
    options = EncodeOptions(splitter=args.splitter, languages=parse_lang_options(args.lang), italic=italic, structure=profile)
    data = encode_document(doc, metadata=metadata, options=options)
    write_output(args.output, data)
    return 0

"""Every mention of one person (or place, or organization) in an annotated TEI file, in both scripts.

    python scripts/example_mentions.py tei/seventy-five-years.xml "Kim Jong Il"
    python scripts/example_mentions.py tei/seventy-five-years.xml 김정일

The name is looked up among the authority entries in standOff (any of their forms, either script,
case-insensitive); each mention prints its language, the text as printed and the sentence (or
paragraph) it stands in, read from the TEI alone.
"""

from __future__ import annotations

import sys

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NAMES = ("persName", "placeName", "orgName")


def entries_named(root: etree._Element, name: str) -> list[etree._Element]:
    want = "".join(name.split()).casefold()
    found = []
    for so in root.iter(f"{TEI}standOff"):
        for entry in so.iter(f"{TEI}person", f"{TEI}place", f"{TEI}org"):
            forms = ["".join("".join(n.itertext()).split()).casefold() for t in NAMES for n in entry.iter(f"{TEI}{t}")]
            if want in forms:
                found.append(entry)
    return found


def context(el: etree._Element) -> str:
    node = el.getparent()
    while node is not None and etree.QName(node).localname not in ("s", "p", "head", "ab", "item", "signed"):
        node = node.getparent()
    return " ".join("".join((node if node is not None else el).itertext()).split())


def language(el: etree._Element) -> str:
    node = el
    while node is not None:
        lang = node.get(XML_LANG)
        if lang:
            return lang
        node = node.getparent()
    return "und"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    path, name = argv
    root = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    entries = entries_named(root, name)
    if not entries:
        print(f"no authority entry has the form {name!r}; run 'align annotate' first", file=sys.stderr)
        return 1
    text = root.find(f"{TEI}text")
    for entry in entries:
        ident = entry.get(XML_ID)
        forms = sorted({"".join(n.itertext()) for t in NAMES for n in entry.iter(f"{TEI}{t}")})
        print(f"{ident}: {' / '.join(forms)}")
        n = 0
        for el in text.iter(*(f"{TEI}{t}" for t in NAMES)):
            if f"#{ident}" in (el.get("ref") or "").split():
                n += 1
                print(f"  [{language(el)}] {''.join(el.itertext())!r:28}  {context(el)[:110]}")
        print(f"  {n} mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

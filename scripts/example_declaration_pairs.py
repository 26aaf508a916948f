"""Print the bundled edition's Korean declaration next to its English translation (a scholar's script).

    python scripts/example_declaration_pairs.py [tei/seventy-five-years.xml]

Reads the alignment links from standOff and resolves them to the sentences they point at.
"""
import os
import sys

from lxml import etree

T, XML = "{http://www.tei-c.org/ns/1.0}", "{http://www.w3.org/XML/1998/namespace}"
path = sys.argv[1] if len(sys.argv) > 1 else "tei/seventy-five-years.xml"
tree = etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True))
lang_of = lambda el: next(a.get(XML + "lang") for a in el.iterancestors(None) if a.get(XML + "lang"))  # noqa: E731
sents = {s.get(XML + "id"): (lang_of(s), " ".join("".join(s.itertext()).split())) for s in tree.iter(T + "s")}
try:
    for link in tree.iterfind(f".//{T}linkGrp[@type='alignment']/{T}link"):
        side = {"ko": [], "en": []}
        for target in link.get("target").split():
            if target[1:] in sents:  # a null bead's other target is a whole text, not a sentence
                lang, text = sents[target[1:]]
                side.setdefault(lang, []).append(text)
        print(f"[{link.get('type')}] {' '.join(side['ko'])}\n      {' '.join(side['en'])}\n")
    sys.stdout.flush()
except BrokenPipeError:  # the reader stopped early (| head): a normal end, not an error
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush stays quiet

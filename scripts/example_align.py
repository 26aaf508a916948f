"""Align a Korean text with its English translation and print the pairs (a scholar's script).

    python scripts/example_align.py KOREAN.txt ENGLISH.txt
"""
import sys

from align.aligners import align_texts
from align.aligners.beadio import format_beads

if len(sys.argv) != 3:
    sys.exit(__doc__)
ko_path, en_path = sys.argv[1:3]  # plain UTF-8 texts; they are split into sentences
with open(ko_path, encoding="utf-8") as f, open(en_path, encoding="utf-8") as g:
    ko, en, alignment = align_texts(f.read(), g.read(), src_lang="ko", tgt_lang="en")
for bead in alignment:
    print(" ".join(ko[i] for i in bead.src), "\t", " ".join(en[j] for j in bead.tgt))
print(alignment.signature, file=sys.stderr)
print(format_beads(alignment), end="", file=sys.stderr)  # the same beads, vecalign style

"""Score structure recovery against hand-written expectations: per-kind precision and recall.

A gold file lists a text's blocks in order, one per line: ``kind<TAB>first characters of the block``
(``# profile: NAME`` may open it). The block is located by its opening characters, searched from the
end of the previous one, so a gold file stays readable and independent of the code's offsets. A
predicted block counts as right when a gold block of the same kind starts at the same character.

Kinds are element-level, the way a reader of the TEI would name them: title, subtitle, byline, head,
p, quote (a block quotation), epigraph, bibl, lg, list, figure, fw, note, salute, dateline, signed,
colophon, ab.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import AlignError
from ..model import Document

__all__ = ["GoldText", "read_gold", "predicted_kinds", "score", "format_table", "load_gold_dir"]

KIND_OF_LABEL = {
    "title": "title", "subtitle": "subtitle", "byline": "byline",
    "heading": "head", "head-sub": "head", "period": "head", "e-head": "head",
    "p": "p", "e-p": "p", "lg": "lg", "attribution": "bibl",
    "caption": "figure", "figure-desc": "figure", "inscription": "figure",
    "e-list": "list", "fw": "fw", "note": "note",
    "salute": "salute", "closing": "salute", "closing-signed": "salute",
    "signed": "signed", "e-signed": "signed", "dateline": "dateline", "e-date": "dateline",
    "colophon": "colophon", "ab": "ab",
}


@dataclass(frozen=True)
class GoldText:
    name: str
    text: str
    profile: str | None
    items: tuple[tuple[int, str], ...]  # (start offset, kind)
    #: the part of the gold set (``# set: NAME ...``): dev texts the rules were corrected on, held-out
    #: texts written after
    set: str = ""


def read_gold(name: str, text: str, spec: str) -> GoldText:
    """Parse a gold file against its text; a block that cannot be found is an error naming its line."""
    profile = None
    part = ""
    items = []
    pos = 0
    for lineno, line in enumerate(spec.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            if key.strip() == "profile":
                profile = value.strip() or None
            elif key.strip() == "set":
                part = (value.split() or [""])[0]
            continue
        kind, sep, prefix = line.partition("\t")
        if not sep or not prefix:
            raise AlignError("[A270] write 'kind<TAB>opening words of the block'", path=name, line=lineno)
        at = text.find(prefix, pos)
        if at < 0:
            raise AlignError(f"[A271] block {prefix!r} not found in the text after offset {pos}", path=name, line=lineno)
        items.append((at, kind.strip()))
        pos = at + len(prefix)
    return GoldText(name, text, profile, tuple(items), part)


def predicted_kinds(doc: Document) -> list[tuple[int, str]]:
    """(start of the block's first letter or mark, kind) for every block and page-furniture piece."""
    text = doc.text
    out = []
    for b in doc.layer("block"):
        kind = KIND_OF_LABEL.get(b.label, b.label)
        if kind == "p" and b.attrs.get("quote"):
            kind = "epigraph" if b.attrs.get("epigraph") else "quote"
        elif kind == "lg" and b.attrs.get("epigraph"):
            kind = "epigraph"
        out.append((_first_char(text, b.start, b.end), kind))
        if kind == "salute" and b.label == "closing-signed":
            nl = text.find("\n", b.start, b.end)
            out.append((_first_char(text, nl, b.end), "signed"))
        for x, y, _ in b.attrs.get("furniture", ()):
            out.append((_first_char(text, x, y), "fw"))
    return sorted(out)


def _first_char(text: str, a: int, b: int) -> int:
    while a < b and text[a].isspace():
        a += 1
    return a


def _gold_starts(g: GoldText) -> list[tuple[int, str]]:
    return [(_first_char(g.text, a, len(g.text)), k) for a, k in g.items]


def score(pairs: list[tuple[list[tuple[int, str]], list[tuple[int, str]]]]) -> dict[str, tuple[int, int, int]]:
    """Per kind: (correct, predicted, expected) over (gold, predicted) item lists."""
    table: dict[str, list[int]] = {}
    for gold, pred in pairs:
        gset = set(gold)
        for _, k in pred:
            table.setdefault(k, [0, 0, 0])[1] += 1
        for item in pred:
            if item in gset:
                table[item[1]][0] += 1
        for _, k in gold:
            table.setdefault(k, [0, 0, 0])[2] += 1
    return {k: (v[0], v[1], v[2]) for k, v in sorted(table.items())}


def format_table(table: dict[str, tuple[int, int, int]]) -> str:
    """Precision and recall per kind, and over all blocks (micro-averaged)."""
    rows = [f"{'kind':<10} {'prec':>6} {'recall':>6} {'ok':>5} {'pred':>5} {'gold':>5}"]
    tot = [0, 0, 0]
    for k, (ok, npred, ngold) in table.items():
        p = ok / npred if npred else float("nan")
        r = ok / ngold if ngold else float("nan")
        rows.append(f"{k:<10} {p:>6.3f} {r:>6.3f} {ok:>5} {npred:>5} {ngold:>5}")
        tot = [tot[0] + ok, tot[1] + npred, tot[2] + ngold]
    p = tot[0] / tot[1] if tot[1] else float("nan")
    r = tot[0] / tot[2] if tot[2] else float("nan")
    rows.append(f"{'all':<10} {p:>6.3f} {r:>6.3f} {tot[0]:>5} {tot[1]:>5} {tot[2]:>5}")
    return "\n".join(rows)


def load_gold_dir(folder: str | Path) -> list[GoldText]:
    """Every ``NAME.txt`` with its ``NAME.kinds`` in ``folder``, sorted by name."""
    out = []
    for txt in sorted(Path(folder).glob("*.txt")):
        spec = txt.with_suffix(".kinds")
        if spec.exists():
            out.append(read_gold(str(spec), txt.read_text(encoding="utf-8"), spec.read_text(encoding="utf-8")))
    return out

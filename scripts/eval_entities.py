"""Score the entity annotator on the project's gold set (tests/entity_gold/*.txt).

    python scripts/eval_entities.py [--gold DIR] [--kiwi] [--show-errors]
    python scripts/eval_entities.py --layers      # dates, terms, abbreviations, OCR doubts (gold in layers/)

Prints precision, recall and F1 per type (exact span and type), the accuracy of cross-script links
(pairs of a Korean and an English mention of one gold entity in one text, both found: do they point
to one authority entry?), and false merges (two gold entities on one entry), split out for the pairs
in the gazetteer's confusables list, which must be zero.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import regex

from align.annotate import AnnotateOptions, annotate_document, load_gazetteer
from align.annotate.entities import korean_name_form
from align.model import Document, Layer, Span

GOLD = Path(__file__).resolve().parents[1] / "tests" / "entity_gold"
_MARK = regex.compile(r"\[(?P<s>[^\[\]]+)\]\((?P<t>person|place|org|date|term|abbr|sic|unclear):(?P<k>[^)]*)\)")
TYPES = ("person", "place", "org")


def parse_gold(raw: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Plain text and gold mentions ``(start, end, type, key)`` from ``[surface](type:key)`` markup."""
    out, mentions, pos = [], [], 0
    last = 0
    for m in _MARK.finditer(raw):
        out.append(raw[last : m.start()])
        pos += m.start() - last
        s = m.group("s")
        mentions.append((pos, pos + len(s), m.group("t"), m.group("k")))
        out.append(s)
        pos += len(s)
        last = m.end()
    out.append(raw[last:])
    return "".join(out), mentions


def blocks(text: str) -> Layer:
    spans, pos = [], 0
    for part in regex.split(r"(\n\s*\n)", text):
        if part.strip() and not regex.fullmatch(r"\n\s*\n", part):
            spans.append(Span(pos, pos + len(part), "p"))
        pos += len(part)
    return Layer("block", tuple(spans), producer="eval")


def predict(text: str, options: AnnotateOptions) -> dict[tuple[int, int, str], str]:
    doc = Document(text).with_layer(blocks(text))
    doc = annotate_document(doc, options)
    return {(s.start, s.end, t): s.attrs["ref"] for t in TYPES for s in doc.layer(t)}


def is_hangul(s: str) -> bool:
    return bool(regex.search(r"\p{Hangul}", s))


def predict_layers(text: str) -> dict[str, dict[tuple[int, int], str]]:
    """Predicted spans of the other layers with the value the gold gives them."""
    doc = annotate_document(Document(text).with_layer(blocks(text)), AnnotateOptions())
    out: dict[str, dict[tuple[int, int], str]] = {k: {} for k in ("date", "term", "abbr", "sic", "unclear")}
    for s in doc.layer("date"):
        a = s.attrs
        out["date"][(s.start, s.end)] = a["when"] if "when" in a else f"{a.get('from', '')}/{a.get('to', '')}"
    for s in doc.layer("term"):
        out["term"][(s.start, s.end)] = s.attrs["ref"].lstrip("#")
    for s in doc.layer("abbr"):
        out["abbr"][(s.start, s.end)] = s.attrs["expan"]
    for t in TYPES:  # an abbreviation that names an entity is written as that entity's name
        for s in doc.layer(t):
            if regex.fullmatch(r"\p{Lu}[\p{Lu}&]{1,9}s?", text[s.start : s.end]):
                out["abbr"].setdefault((s.start, s.end), "")
    for s in doc.layer("doubt"):
        out["sic" if s.label == "sic" else "unclear"][(s.start, s.end)] = s.attrs.get("corr", "")
    return out


def main_layers(gold_dir: Path, show: bool) -> int:
    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    files = sorted(gold_dir.glob("*.txt"))
    for f in files:
        text, gold = parse_gold(f.read_text(encoding="utf-8"))
        pred = predict_layers(text)
        for layer in pred:
            want = {(s, e): k for s, e, t, k in gold if t == layer}
            got = pred[layer]
            for span, value in got.items():
                ok = span in want and (layer in ("abbr", "unclear") or want[span] == value)
                if ok:
                    tp[layer] += 1
                else:
                    fp[layer] += 1
                    if show:
                        print(f"  FP {f.name}: {layer} {text[span[0]:span[1]]!r} {value!r}", file=sys.stderr)
            for span, value in want.items():
                if not (span in got and (layer in ("abbr", "unclear") or got[span] == value)):
                    fn[layer] += 1
                    if show:
                        print(f"  FN {f.name}: {layer} {text[span[0]:span[1]]!r} {value!r}", file=sys.stderr)
    print(f"gold: {sum(tp.values()) + sum(fn.values())} annotations in {len(files)} texts ({gold_dir})")
    print(f"{'layer':8} {'P':>6} {'R':>6} {'F1':>6}   tp   fp   fn   (a date counts when its span and value are right)")
    for t in ("date", "term", "abbr", "sic", "unclear"):
        a, b, c = tp[t], fp[t], fn[t]
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{t:8} {p:6.3f} {r:6.3f} {f1:6.3f} {a:4} {b:4} {c:4}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--kiwi", action="store_true", help="also use Kiwi's NNP tags (needs align[kiwi])")
    ap.add_argument("--layers", action="store_true", help="score dates, terms, abbreviations and OCR doubts instead")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    if args.layers:
        return main_layers(args.gold / "layers", args.show_errors)
    options = AnnotateOptions(layers=frozenset({"person", "place", "org", "abbr"}), kiwi=args.kiwi)
    g = load_gazetteer()
    confusable = {frozenset((a, b)) for a, b in g.confusables}
    tp, fp, fn = defaultdict(int), defaultdict(int), defaultdict(int)
    pairs = correct = 0
    merges: list[tuple[str, str, str, str]] = []
    hangul_of_key: dict[str, set[str]] = defaultdict(set)
    files = sorted(args.gold.glob("*.txt"))
    n_gold = 0
    for f in files:
        text, gold = parse_gold(f.read_text(encoding="utf-8"))
        n_gold += len(gold)
        pred = predict(text, options)
        gold_set = {(s, e, t): k for s, e, t, k in gold}
        for key, k in gold_set.items():
            if is_hangul(text[key[0] : key[1]]):
                hangul_of_key[k].add(korean_name_form(text[key[0] : key[1]]))
        for key in pred:
            lang = "ko" if is_hangul(text[key[0] : key[1]]) else "en"
            if key in gold_set:
                tp[key[2]] += 1
                tp[lang] += 1
            else:
                fp[key[2]] += 1
                fp[lang] += 1
                if args.show_errors:
                    print(f"  FP {f.name}: {key[2]} {text[key[0]:key[1]]!r}", file=sys.stderr)
        for key in gold_set:
            if key not in pred:
                fn[key[2]] += 1
                fn["ko" if is_hangul(text[key[0] : key[1]]) else "en"] += 1
                if args.show_errors:
                    print(f"  FN {f.name}: {key[2]} {text[key[0]:key[1]]!r}", file=sys.stderr)
        found = [(key, gold_set[key], pred[key]) for key in gold_set if key in pred]
        for (ka, ga, ra), (kb, gb, rb) in combinations(found, 2):
            sa, sb = text[ka[0] : ka[1]], text[kb[0] : kb[1]]
            if ga == gb and is_hangul(sa) != is_hangul(sb):
                pairs += 1
                correct += ra == rb
                if ra != rb and args.show_errors:
                    print(f"  LINK MISSED {f.name}: {sa!r} {ra} / {sb!r} {rb}", file=sys.stderr)
            if ga != gb and ra == rb:
                merges.append((f.name, ga, gb, ra))
    print(f"gold: {n_gold} mentions in {len(files)} texts ({args.gold})")
    print(f"{'type':8} {'P':>6} {'R':>6} {'F1':>6}   tp   fp   fn   (ko, en: all types, by script)")
    for t in (*TYPES, "all", "ko", "en"):
        a = sum(tp[x] for x in TYPES) if t == "all" else tp[t]
        b = sum(fp[x] for x in TYPES) if t == "all" else fp[t]
        c = sum(fn[x] for x in TYPES) if t == "all" else fn[t]
        p = a / (a + b) if a + b else 0.0
        r = a / (a + c) if a + c else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{t:8} {p:6.3f} {r:6.3f} {f1:6.3f} {a:4} {b:4} {c:4}")
    acc = correct / pairs if pairs else 0.0
    print(f"cross-script links: {correct}/{pairs} Korean-English pairs of one entity on one entry ({acc:.3f})")
    conf = [m for m in merges if any(frozenset((x, y)) in confusable for x in hangul_of_key[m[1]] for y in hangul_of_key[m[2]])]
    print(f"false merges: {len(set(merges))} entity pairs on one entry; on the confusables list: {len(set(conf))}")
    for m in sorted(set(merges)):
        print(f"  merged {m[1]} + {m[2]} as {m[3]} ({m[0]})")
    return 1 if conf else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark TEI validation against jing: one file, a folder of 100 files, a folder of 1000 files.

    python scripts/bench_validate.py [--sizes 1,100,1000] [--repeat 3] [--invalid 0.1] [--seed 7] [--detail]

The speed table runs ``align validate`` as CI does (a fresh process, default --jobs, every check of the
default profile; also with --jobs 1 and with the schema alone) and one ``jing tei_all.rng FILES...``
process over the same files, in the same run. Folders mix generated bilingual editions with copies of
the project's valid corpus (tests/validate_cases/valid: play, verse, manuscript, letter, dictionary,
prefixDef pointers, an inscription with XInclude), a share of each broken on purpose. The schema
verdicts (file valid or not) are compared with jing's.

With --detail, the older in-process tables follow:
  (a) cold start: a fresh ``python -c`` process validating one ordinary edition against tei_all
      (wall time, best and median of --runs), with an empty cache dir each run and with a warm one;
      beside it a fresh ``jing`` process on the same file, and the bare ``python -c 'import lxml'``;
  (b) throughput: one process validating --files generated editions (safe parse + schema, and
      safe parse + schema + Schematron), and one ``jing`` process on the same files;
  (c) verdict agreement with jing, file by file (a share of --invalid files carries one schema error).
jing is installed with apt-get when absent and we are root; otherwise the jing rows are skipped.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from align.resources import tei_schema_path
from align.validate.safeparse import parse
from align.validate.schema import SchemaCache, check_schema, jing_command
from align.validate.schematron import check_schematron

TEI_NS = "http://www.tei-c.org/ns/1.0"

SENTENCES = {
    "en": ["The treaty was signed in the spring.", "Nobody expected the delegates to agree.",
           "Seventy-five years have passed since then.", "The archive keeps every letter."],
    "ko": ["조약은 봄에 서명되었다.", "아무도 대표들이 합의하리라 기대하지 않았다.",
           "그로부터 칠십오 년이 지났다.", "문서고는 모든 편지를 보관한다."],
    "fr": ["Le traité fut signé au printemps.", "Personne ne s'attendait à un accord."],
    "de": ["Der Vertrag wurde im Frühling unterzeichnet.", "Niemand erwartete eine Einigung."],
    "ja": ["条約は春に署名された。", "誰も合意を期待していなかった。"],
    "zh": ["条约于春天签署。", "没有人期望代表们达成一致。"],
}


def generate_edition(rng: random.Random, index: int, broken: str | None) -> str:
    """One small edition, valid TEI unless ``broken`` names the error to inject."""
    langs = ["en", "ko"] + rng.sample(["fr", "de", "ja", "zh"], rng.randint(0, 2))
    ident = 0

    def new_id(prefix: str) -> str:
        nonlocal ident
        ident += 1
        return f"{prefix}{ident}"

    def phrase(lang: str) -> str:
        text = rng.choice(SENTENCES[lang])
        word = text.split()[0] if " " in text else text[:2]
        pick = rng.random()
        if pick < 0.15:
            return f'<persName ref="#p{rng.randint(1, 9)}">{word}</persName> {text}'
        if pick < 0.3:
            return f'<date when="19{rng.randint(10, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}">{word}</date> {text}'
        if pick < 0.4:
            return f'{text}<note place="foot">A <hi rend="italic">note</hi>.</note>'
        if pick < 0.5:
            return f'<foreign xml:lang="{rng.choice(langs)}">{word}</foreign> {text}'
        if pick < 0.6:
            return f"<choice><sic>{word}</sic><corr>{word}</corr></choice> {text}"
        if pick < 0.7:
            return f'<placeName>{word}</placeName> {text}<lb/>'
        if pick < 0.75:
            return f'<term xml:lang="{lang}">{word}</term> <num value="{rng.randint(1, 99)}">{rng.randint(1, 99)}</num> {text}'
        return text

    def paragraph(lang: str) -> tuple[str, list[str]]:
        ids, sents = [], []
        for _ in range(rng.randint(1, 4)):
            sid = new_id("s")
            ids.append(sid)
            sents.append(f'<s xml:id="{sid}">{phrase(lang)}</s>')
        return f'<p xml:lang="{lang}">{" ".join(sents)}</p>', ids

    divs, pairs = [], []
    for d in range(rng.randint(1, 4)):
        parts = [f"<head>Chapter {d + 1}</head>"] if rng.random() < 0.8 else []
        for _ in range(rng.randint(1, 3)):
            en, en_ids = paragraph("en")
            ko, ko_ids = paragraph("ko")
            parts += [en, ko]
            pairs += list(zip(en_ids, ko_ids))
        extra = rng.random()
        if extra < 0.15:
            parts.append('<lg type="stanza"><l n="1">One line</l><l n="2">두 번째 줄</l></lg>')
        elif extra < 0.3:
            parts.append("<list><item>first</item><item>둘째</item></list>")
        elif extra < 0.4:
            parts.append('<table><row role="label"><cell>en</cell><cell>ko</cell></row>'
                         "<row><cell>one</cell><cell>하나</cell></row></table>")
        elif extra < 0.5:
            parts.append(f'<quote xml:lang="{rng.choice(langs)}">{rng.choice(SENTENCES["en"])}</quote>')
        if rng.random() < 0.3:
            parts.append(f'<div type="section"><p>{rng.choice(SENTENCES["en"])}</p></div>')
        divs.append(f'<div type="chapter" n="{d + 1}">{"".join(parts)}</div>')
    links = "".join(f'<link target="#{a} #{b}"/>' for a, b in pairs)
    body = "\n".join(divs) + f'\n<linkGrp type="alignment">{links}</linkGrp>'

    languages = "".join(f'<language ident="{lang}">{lang}</language>' for lang in langs)
    optional = ""
    if rng.random() < 0.4:
        optional += '<editionStmt><edition n="1">First</edition></editionStmt>'
    header_tail = ""
    if rng.random() < 0.4:
        header_tail += ('<encodingDesc><projectDesc><p>Aligned bilingual edition.</p></projectDesc>'
                        '</encodingDesc>')
    header_tail += f"<profileDesc><langUsage>{languages}</langUsage></profileDesc>"
    if rng.random() < 0.3:
        header_tail += '<revisionDesc><change when="2024-05-01">created</change></revisionDesc>'
    source = "<sourceDesc><bibl>A printed book</bibl></sourceDesc>"
    if broken == "missing-sourceDesc":
        source = ""
    if broken == "wrong-order":
        body = body.replace("</div>", "<head>late</head></div>", 1)
    elif broken == "unknown-element":
        body = body.replace("<p ", "<paragraph>x</paragraph><p ", 1)
    elif broken == "bad-date":
        body = body.replace("</div>", '<p><date when="2024-13-45">never</date></p></div>', 1)
    elif broken == "unknown-attribute":
        body = body.replace("<p ", '<p colour="red" ', 1)
    elif broken == "text-in-body":
        body = "loose text" + body
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI_NS}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Edition {index}</title><author>Anon</author></titleStmt>
      {optional}
      <publicationStmt><publisher>Bench archive</publisher><date when="2024">2024</date></publicationStmt>
      {source}
    </fileDesc>
    {header_tail}
  </teiHeader>
  <text>
    <body>
{body}
    </body>
  </text>
</TEI>
"""


BREAKS = ["missing-sourceDesc", "wrong-order", "unknown-element", "bad-date", "unknown-attribute", "text-in-body"]


def ensure_jing() -> list[str] | None:
    command = jing_command()
    if command is not None:
        return command
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("# installing jing: apt-get update && apt-get install -y jing", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "jing"], check=False, capture_output=True)
        return jing_command()
    print("# jing absent: install it with `sudo apt-get install jing` (Debian/Ubuntu) for the jing rows",
          file=sys.stderr)
    return None


def timed_runs(command: list[str], runs: int, before=None, env=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def cold_start(sample: Path, runs: int, jing: list[str] | None) -> list[tuple[str, list[float]]]:
    schema = str(tei_schema_path("tei_all.rng"))
    cache = Path(tempfile.mkdtemp(prefix="align-bench-cache-"))
    code = ("import sys; from align.validate.safeparse import parse; from align.validate.schema import check_schema;"
            "t, f = parse(sys.argv[1]); f += check_schema(t, path=sys.argv[1], cache_dir=sys.argv[2]) if t is not None else [];"
            "sys.exit(1 if f else 0)")
    full = ("import sys; from align.validate import validate_file;"
            "sys.exit(1 if validate_file(sys.argv[1]) else 0)")
    rows = []
    rows.append(("python -c 'import lxml.etree' (floor)", timed_runs([sys.executable, "-c", "import lxml.etree"], runs)))
    rows.append(("parse + schema, cold cache dir",
                 timed_runs([sys.executable, "-c", code, str(sample), str(cache)], runs,
                            before=lambda: shutil.rmtree(cache, ignore_errors=True))))
    subprocess.run([sys.executable, "-c", code, str(sample), str(cache)], check=False)
    rows.append(("parse + schema, warm cache dir", timed_runs([sys.executable, "-c", code, str(sample), str(cache)], runs)))
    import align.validate

    if hasattr(align.validate, "validate_file"):  # the whole pipeline: parse, schema, Schematron, edition rules
        env = dict(os.environ, XDG_CACHE_HOME=str(cache / "xdg"))
        subprocess.run([sys.executable, "-c", full, str(sample)], check=False, env=env)
        rows.append(("validate_file (all checks), warm cache dir",
                     timed_runs([sys.executable, "-c", full, str(sample)], runs, env=env)))
    if jing is not None:
        rows.append(("jing tei_all.rng FILE", timed_runs([*jing, schema, str(sample)], runs)))
    shutil.rmtree(cache, ignore_errors=True)
    return rows


def throughput(files: list[Path], jing: list[str] | None) -> tuple[list[tuple[str, float, int]], dict, dict]:
    rows = []
    cache = SchemaCache(disk=False)
    verdict: dict[Path, bool] = {}
    start = time.perf_counter()
    for path in files:
        tree, findings = parse(path)
        if tree is not None:
            findings += check_schema(tree, path=str(path), schema=cache)
        verdict[path] = not [f for f in findings if f.severity == "error"]
    rows.append(("parse + schema (one process)", time.perf_counter() - start, cache.compiled))

    start = time.perf_counter()
    for path in files:
        tree, findings = parse(path)
        if tree is not None:
            findings += check_schema(tree, path=str(path), schema=cache)
            findings += check_schematron(tree, path=str(path))
    rows.append(("parse + schema + Schematron (warm)", time.perf_counter() - start, 0))

    jing_verdict: dict[Path, bool] = {}
    if jing is not None:
        start = time.perf_counter()
        proc = subprocess.run([*jing, str(tei_schema_path("tei_all.rng")), *map(str, files)],
                              capture_output=True, text=True, check=False)
        rows.append(("jing, all files in one JVM", time.perf_counter() - start, 0))
        bad = set()
        for line in proc.stdout.splitlines():
            m = re.match(r"^(.*?):\d+:\d+: (?:error|fatal)", line)
            if m:
                bad.add(Path(m.group(1)))
        jing_verdict = {path: path not in bad for path in files}
    return rows, verdict, jing_verdict


VALID_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "validate_cases" / "valid"
CORPUS_BREAKS = {
    "unknown-element": lambda t: t.replace("<body>", "<body><bogusElement/>", 1),
    "bad-date": lambda t: t.replace("</body>", '<p><date when="2024-13-45">never</date></p></body>', 1),
    "misplaced-children": lambda t: t.replace("</body>", "<p>a</p><head>late</head><p>b</p><head>later</head></body>", 1),
}


def build_folder(folder: Path, n: int, rng: random.Random, invalid: float) -> dict[Path, str | None]:
    """``n`` TEI files of varied kinds in ``folder``: half generated bilingual editions, half copies of
    the project's valid corpus (play, verse, manuscript, letter, dictionary, prefixDef pointers, an
    EpiDoc-style inscription with XInclude), each with its own title; an ``invalid`` share broken."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(VALID_CORPUS / "epidoc" / "authority", folder / "authority", dirs_exist_ok=True)
    templates = sorted(p for p in VALID_CORPUS.rglob("*.xml") if "authority" not in p.parts)
    made: dict[Path, str | None] = {folder / "authority" / "materials.xml": None}
    for i in range(n - 1):
        if i % 2 == 0:
            kind = rng.choice(BREAKS) if rng.random() < invalid else None
            text = generate_edition(rng, i, kind)
        else:
            template = templates[(i // 2) % len(templates)]
            text = re.sub(r"<title(?=[\s>])", f'<title n="{i}"', template.read_text(encoding="utf-8"), count=1)
            kind = rng.choice(sorted(CORPUS_BREAKS)) if rng.random() < invalid else None
            if kind:
                text = CORPUS_BREAKS[kind](text)
        path = folder / f"f{i:04d}.xml"
        path.write_text(text, encoding="utf-8")
        made[path] = kind
    return made


CPU: dict[str, list[float]] = {}


def run_timed(command: list[str], env: dict | None = None, cpu_key: str | None = None
              ) -> tuple[float, subprocess.CompletedProcess]:
    """Wall time of one process from start to exit; its CPU time (user + system, with the worker
    processes it waited for) goes to ``CPU[cpu_key]``: on a machine others load too, CPU time still
    compares the work done."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu_key is not None:
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        CPU.setdefault(cpu_key, []).append(used)
    return seconds, proc


def jing_invalid(stdout: str) -> set[str]:
    return {os.path.realpath(m.group(1)) for m in re.finditer(r"^(.*?):\d+:\d+: (?:error|fatal)", stdout, re.M)}


def ours_invalid(stdout: str) -> set[str]:
    import json

    doc = json.loads(stdout)
    return {os.path.realpath(f["path"]) for f in doc["findings"] if f["severity"] == "error"}


def speed_table(sizes: list[int], repeat: int, invalid: float, seed: int, jing: list[str] | None) -> None:
    """One file, then folders: ``align validate`` (a whole process, as CI runs it) against one jing
    process over the same files, in the same run, each the median of ``repeat`` runs."""
    schema = str(tei_schema_path("tei_all.rng"))
    workdir = Path(tempfile.mkdtemp(prefix="align-bench-"))
    cache = workdir / "cache"
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    align = [sys.executable, "-m", "align", "validate", "-q"]
    rng = random.Random(seed)
    rows = []
    agreement = []
    for n in sizes:
        folder = workdir / f"folder-{n}"
        made = build_folder(folder, max(n, 2), rng, invalid) if n > 1 else build_folder(folder, 2, rng, 0.0)
        files = sorted(made) if n > 1 else [next(p for p, k in sorted(made.items()) if k is None and "authority" not in p.parts)]
        target = [str(folder)] if n > 1 else [str(files[0])]
        broken = sum(1 for p in files if made.get(p))
        label = f"{len(files)} file{'s' if len(files) > 1 else ''}" + (f" ({broken} invalid)" if n > 1 else "")
        shutil.rmtree(cache, ignore_errors=True)
        cold, _ = run_timed([*align, *target], env)
        variants = [("align validate", [*align, *target])]
        if n > 1:
            variants.append(("align validate --jobs 1", [*align, "--jobs", "1", *target]))
        variants.append(("align validate --select tei-schema", [*align, "--select", "tei-schema", *target]))
        times: dict[str, list[float]] = {name: [] for name, _ in variants}
        jing_times: list[float] = []
        jing_out = ""
        for _ in range(repeat):
            for name, command in variants:
                times[name].append(run_timed(command, env, cpu_key=f"{label}|{name}")[0])
            if jing is not None:
                seconds, proc = run_timed([*jing, schema, *map(str, files)], cpu_key=f"{label}|jing")
                jing_times.append(seconds)
                jing_out = proc.stdout
        jing_median = statistics.median(jing_times) if jing_times else None
        for name, _ in variants:
            rows.append((label, name, statistics.median(times[name]), cold if name == "align validate" else None, jing_median,
                         statistics.median(CPU[f"{label}|{name}"]),
                         statistics.median(CPU[f"{label}|jing"]) if jing is not None else None))
        if jing is not None and n > 1:
            _, proc = run_timed([*align, "--select", "tei-schema", "--format", "json", str(folder)], env)
            ours = ours_invalid(proc.stdout)
            theirs = jing_invalid(jing_out)
            same = sum(1 for p in files if (os.path.realpath(p) in ours) == (os.path.realpath(p) in theirs))
            agreement.append((label, same, len(files)))
    print(f"{'input':<24}{'ours':<38}{'ours s':>9}{'cold s':>9}{'jing s':>9}{'ours/jing':>11}"
          f"{'ours cpu':>10}{'jing cpu':>10}")
    for label, name, seconds, cold_seconds, jing_seconds, cpu, jing_cpu in rows:
        ratio = f"{seconds / jing_seconds:.2f}" if jing_seconds else "-"
        print(f"{label:<24}{name:<38}{seconds:9.2f}{(f'{cold_seconds:.2f}' if cold_seconds else ''):>9}"
              f"{(f'{jing_seconds:.2f}' if jing_seconds else '-'):>9}{ratio:>11}"
              f"{cpu:10.2f}{(f'{jing_cpu:.2f}' if jing_cpu is not None else '-'):>10}")
    print(f"# load average while measuring: {os.getloadavg()[0]:.1f} (other work on the machine slows both sides)")
    for label, same, total in agreement:
        print(f"schema verdicts agreeing with jing, {label}: {same}/{total}")
    shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,100,1000", help="comma-separated folder sizes for the speed table (1: one file)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per row of the speed table (the median is shown)")
    ap.add_argument("--detail", action="store_true", help="also the older in-process tables (cold start parts, throughput)")
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--invalid", type=float, default=0.1, help="share of generated files with one schema error")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    jing = ensure_jing()
    print(f"# python {sys.version.split()[0]}, lxml {'.'.join(map(str, __import__('lxml.etree').etree.LXML_VERSION))}, "
          f"libxml2 {'.'.join(map(str, __import__('lxml.etree').etree.LIBXML_VERSION))}, "
          f"jing {'yes' if jing else 'absent'}, {os.cpu_count()} CPUs")
    print(f"# speed: fresh processes, median of {args.repeat}; 'cold' is the first run with an empty cache dir")
    speed_table([int(x) for x in args.sizes.split(",")], args.repeat, args.invalid, args.seed, jing)
    if args.detail:
        detail(args, jing)
    return 0


def detail(args: argparse.Namespace, jing: list[str] | None) -> int:
    rng = random.Random(args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="align-bench-"))
    files, broken = [], {}
    for i in range(args.files):
        kind = rng.choice(BREAKS) if rng.random() < args.invalid else None
        path = workdir / f"edition-{i:04d}.xml"
        path.write_text(generate_edition(rng, i, kind), encoding="utf-8")
        files.append(path)
        broken[path] = kind
    sample = next(p for p in files if broken[p] is None)
    sizes = [p.stat().st_size for p in files]

    print(f"# {len(files)} generated editions in {workdir} ({min(sizes)}-{max(sizes)} bytes, "
          f"{sum(1 for k in broken.values() if k)} with an injected error); sample {sample.name}")
    print(f"# python {sys.version.split()[0]}, lxml {'.'.join(map(str, __import__('lxml.etree').etree.LXML_VERSION))}, "
          f"libxml2 {'.'.join(map(str, __import__('lxml.etree').etree.LIBXML_VERSION))}, "
          f"jing {'yes' if jing else 'absent'}, {os.cpu_count()} CPUs")
    print()
    print(f"(a) cold start, one file, fresh process, {args.runs} runs")
    print(f"{'':4}{'what':48}{'best s':>10}{'median s':>10}")
    for label, times in cold_start(sample, args.runs, jing):
        print(f"{'':4}{label:48}{min(times):10.3f}{statistics.median(times):10.3f}")

    print()
    print(f"(b) throughput, {len(files)} files")
    print(f"{'':4}{'what':48}{'total s':>10}{'files/s':>10}{'grammars':>10}")
    rows, ours, theirs = throughput(files, jing)
    for label, seconds, compiled in rows:
        print(f"{'':4}{label:48}{seconds:10.2f}{len(files) / seconds:10.0f}{compiled or '':>10}")

    print()
    print("(c) verdicts")
    expected_ok = sum(1 for k in broken.values() if k is None)
    print(f"    ours:  {sum(ours.values())} valid, {len(ours) - sum(ours.values())} invalid "
          f"(generated: {expected_ok} valid)")
    mismatch_generated = [p.name for p in files if ours[p] != (broken[p] is None)]
    print(f"    ours vs generated label: {len(files) - len(mismatch_generated)}/{len(files)} agree {mismatch_generated[:5]}")
    if theirs:
        disagree = [p.name for p in files if ours[p] != theirs[p]]
        print(f"    ours vs jing: {len(files) - len(disagree)}/{len(files)} agree {disagree[:5]}")
    else:
        print("    jing absent: no comparison")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

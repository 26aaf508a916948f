"""Batch runs: mirrored trees, a manifest that makes reruns skip what is up to date, bad files that do
not stop the rest, and outputs identical to one-file runs however the batch is run."""

from __future__ import annotations

import json
import os

import pytest

from align.batch import (
    BatchError,
    EncodeTask,
    Job,
    collect_inputs,
    mirror_jobs,
    pair_jobs_from_folders,
    pair_jobs_from_tsv,
    run_batch,
)
from align.cli import main

DOCS = {
    "a.txt": "A Heading\n\nThe text 한국어 here. More text follows it.\n",
    "sub/b.md": "**Title**\n\nAn *italic* word and 漢字 in a sentence. Second one.\n\n둘째 문단입니다. 끝.\n",
    "sub/deeper/c.txt": "Numbers 1948-1956 and (brackets) here.\n",
}


def make_tree(root, docs=DOCS):
    for rel, text in docs.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def one_file(tmp_path, src, *extra):
    """The reference: what `align encode FILE -o OUT` writes for one file."""
    out = tmp_path / "single" / (src.name + ".xml")
    out.parent.mkdir(exist_ok=True)
    assert main(["encode", str(src), "-o", str(out), *extra]) == 0
    return out.read_bytes()


def manifest_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_encode_mirrors_tree_and_matches_single_runs(tmp_path, capsys):
    src = make_tree(tmp_path / "in")
    (src / ".git").mkdir()
    (src / ".git" / "x.txt").write_text("hidden folder\n")
    (src / "notes.csv").write_text("not text,by,name\n")
    out = tmp_path / "out"
    assert main(["encode", str(src), "-o", str(out), "--no-progress"]) == 0
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.xml"))
    assert written == ["a.xml", "sub/b.xml", "sub/deeper/c.xml"]
    for rel in DOCS:
        xml = out / (os.path.splitext(rel)[0] + ".xml")
        assert xml.read_bytes() == one_file(tmp_path, src / rel)
    err = capsys.readouterr().err
    assert "3 succeeded, 0 failed, 0 skipped" in err
    recs = manifest_lines(out / "manifest.jsonl")
    assert [r["output"] for r in recs] == ["a.xml", "sub/b.xml", "sub/deeper/c.xml"]
    assert all(r["status"] == "ok" and len(r["output_sha256"]) == 64 for r in recs)
    assert recs[0]["inputs"][0]["path"] == "../in/a.txt"


def test_batch_bad_file_reported_rest_go_on(tmp_path, capsys):
    src = make_tree(tmp_path / "in")
    (src / "bad.txt").write_bytes(b"good line\n\xc3\x28 bad")
    (src / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert main(["encode", str(src), "-o", str(out), "--no-progress", "-j", "2"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"align: error: {src / 'bad.txt'}:2:1: [A101] byte 0xC3 is not valid utf-8" in "\n".join(err)
    assert any("empty.txt" in line and "A103" in line for line in err)
    assert "3 succeeded, 2 failed, 0 skipped" in err[-1]
    assert not (out / "bad.xml").exists() and (out / "a.xml").exists()
    recs = {r["output"]: r for r in manifest_lines(out / "manifest.jsonl")}
    assert recs["bad.xml"]["status"] == "failed" and "A101" in recs["bad.xml"]["error"]
    assert recs["bad.xml"]["output_sha256"] is None


def test_batch_rerun_skips_what_is_up_to_date(tmp_path, capsys):
    src = make_tree(tmp_path / "in")
    out = tmp_path / "out"
    args = ["encode", str(src), "-o", str(out), "--no-progress", "-j", "1"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 0
    assert "0 succeeded, 0 failed, 3 skipped" in capsys.readouterr().err
    # an edited input, a deleted output and a tampered output are done again; nothing else
    (src / "a.txt").write_text(DOCS["a.txt"] + "\nOne more paragraph.\n", encoding="utf-8")
    (out / "sub" / "b.xml").unlink()
    (out / "sub" / "deeper" / "c.xml").write_bytes(b"<tampered/>")
    assert main(args) == 0
    assert "3 succeeded, 0 failed, 0 skipped" in capsys.readouterr().err
    assert (out / "sub" / "deeper" / "c.xml").read_bytes() == one_file(tmp_path, src / "sub/deeper/c.txt")
    assert main(args) == 0
    assert "3 skipped" in capsys.readouterr().err
    # other settings (italic as titles) make every document stale
    assert main(args + ["--italic", "title"]) == 0
    assert "3 succeeded" in capsys.readouterr().err
    assert main(args + ["--italic", "title", "--force"]) == 0
    assert "3 succeeded" in capsys.readouterr().err
    assert len(manifest_lines(out / "manifest.jsonl")) == 3  # compacted: one line per output


def test_batch_globs_and_files_and_include(tmp_path, capsys):
    src = make_tree(tmp_path / "in")
    out = tmp_path / "out"
    assert main(["encode", f"{src}/**/*.md", str(src / "a.txt"), "-o", str(out), "--no-progress"]) == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.xml")) == ["a.xml", "sub/b.xml"]
    out2 = tmp_path / "out2"
    assert main(["encode", str(src), "--include", "*.MD", "-o", str(out2), "--no-progress"]) == 0
    assert [str(p.relative_to(out2)) for p in out2.rglob("*.xml")] == ["sub/b.xml"]
    capsys.readouterr()
    assert main(["encode", str(tmp_path / "nothing-*.txt"), str(src / "a.txt"), "-o", str(out), "--no-progress"]) == 1
    assert "A804" in capsys.readouterr().err


def test_batch_output_in_input_folder_is_not_read_back(tmp_path, capsys):
    src = make_tree(tmp_path / "in")
    out = src / "tei"
    assert main(["encode", str(src), "-o", str(out), "--no-progress", "--include", "*"]) == 0
    assert main(["encode", str(src), "-o", str(out), "--no-progress", "--include", "*"]) == 0
    assert "3 skipped" in capsys.readouterr().err.splitlines()[-1]


@pytest.mark.parametrize(
    "argv, code",
    [
        (["-o", "-"], "A807"),
        ([], "A807"),
    ],
)
def test_batch_needs_an_output_folder(tmp_path, capsys, argv, code):
    src = make_tree(tmp_path / "in")
    assert main(["encode", str(src), *argv]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and code in err


def test_batch_two_inputs_one_output_refused(tmp_path, capsys):
    src = make_tree(tmp_path / "in", {"x.txt": "One.\n", "x.md": "Two.\n"})
    assert main(["encode", str(src), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert "A801" in err and "x.txt" in err and "x.md" in err and len(err.splitlines()) == 1


def test_batch_jobs_give_same_bytes(tmp_path):
    docs = {f"d{i:02d}.txt": f"Document {i}.\n\n문서 {i}번입니다. (Kim {i})\n" for i in range(12)}
    src = make_tree(tmp_path / "in", docs)
    for n in ("1", "2"):
        assert main(["encode", str(src), "-o", str(tmp_path / f"out{n}"), "-j", n, "--no-progress"]) == 0
    for name in docs:
        x = name.replace(".txt", ".xml")
        assert (tmp_path / "out1" / x).read_bytes() == (tmp_path / "out2" / x).read_bytes()


def test_batch_torn_manifest_line_is_ignored(tmp_path, capsys):
    src = make_tree(tmp_path / "in")
    out = tmp_path / "out"
    args = ["encode", str(src), "-o", str(out), "--no-progress"]
    assert main(args) == 0
    m = out / "manifest.jsonl"
    lines = m.read_text().splitlines(keepends=True)
    m.write_text("".join(lines[:2]) + lines[2][:40])  # as if killed mid-line
    capsys.readouterr()
    assert main(args) == 0
    assert "1 succeeded, 0 failed, 2 skipped" in capsys.readouterr().err


def test_batch_library_api_generic_task(tmp_path):
    """Any picklable function of the input paths is a task; the manifest and skipping are the runner's."""
    make_tree(tmp_path / "in")
    found, problems = collect_inputs([str(tmp_path / "in")])
    assert problems == []
    jobs = mirror_jobs(found, str(tmp_path / "out"), suffix=".upper")
    manifest = tmp_path / "out" / "m.jsonl"
    r1 = run_batch(jobs, _upper, settings="upper-1", manifest=manifest, workers=2)
    assert (r1.succeeded, r1.failed, r1.skipped) == (3, 0, 0)
    assert (tmp_path / "out" / "a.upper").read_bytes() == DOCS["a.txt"].upper().encode()
    r2 = run_batch(jobs, _upper, settings="upper-1", manifest=manifest, workers=2)
    assert r2.skipped == 3
    r3 = run_batch(jobs, _upper, settings="upper-2", manifest=manifest, workers=1)
    assert r3.succeeded == 3
    assert "3 succeeded, 0 failed, 0 skipped in" in r3.summary()


def _upper(inputs: tuple[str, ...]) -> bytes:
    with open(inputs[0], encoding="utf-8") as fh:
        return fh.read().upper().encode()


def _buggy(inputs: tuple[str, ...]) -> bytes:
    if inputs[0].endswith("a.txt"):
        raise ZeroDivisionError("a bug")
    return b"ok"


def test_batch_bug_in_task_is_recorded_with_traceback_and_rest_go_on(tmp_path):
    make_tree(tmp_path / "in")
    found, _ = collect_inputs([str(tmp_path / "in")])
    result = run_batch(mirror_jobs(found, str(tmp_path / "out")), _buggy, manifest=tmp_path / "m.jsonl", workers=1)
    assert (result.succeeded, result.failed) == (2, 1)
    bad = next(r for r in result.records if r.status == "failed")
    assert "A899" in bad.error and "ZeroDivisionError" in bad.error and "Traceback" in (bad.detail or "")


def test_batch_many_tiny_files(tmp_path):
    """10 000 small files: collected, run in chunks by two processes, recorded, then all skipped."""
    src = tmp_path / "in"
    for d in range(20):
        folder = src / f"f{d:02d}"
        folder.mkdir(parents=True)
        for i in range(500):
            (folder / f"{i:03d}.txt").write_bytes(b"x %d\n" % i)
    found, problems = collect_inputs([str(src)])
    assert len(found) == 10_000 and not problems
    jobs = mirror_jobs(found, str(tmp_path / "out"), suffix=".up")
    m = tmp_path / "m.jsonl"
    r1 = run_batch(jobs, _upper, settings="s", manifest=m, workers=2)
    assert r1.succeeded == 10_000
    assert (tmp_path / "out" / "f19" / "499.up").read_bytes() == b"X 499\n"
    r2 = run_batch(jobs, _upper, settings="s", manifest=m, workers=2)
    assert r2.skipped == 10_000 and len(m.read_text().splitlines()) == 10_000


def test_pair_jobs_from_folders_and_tsv(tmp_path):
    (tmp_path / "ko" / "news").mkdir(parents=True)
    (tmp_path / "en" / "news").mkdir(parents=True)
    for p in ("ko/news/1.ko.txt", "ko/2.txt", "ko/only-ko.txt", "en/news/1.en.txt", "en/2.txt", "en/only-en.txt"):
        (tmp_path / p).write_text("x\n")
    jobs, problems = pair_jobs_from_folders(
        str(tmp_path / "ko"), str(tmp_path / "en"), str(tmp_path / "out"), src_lang="ko", tgt_lang="en", suffix=".tsv"
    )
    assert [os.path.relpath(j.output, tmp_path / "out") for j in jobs] == ["2.tsv", "news/1.tsv"]
    assert jobs[1].inputs == (str(tmp_path / "ko/news/1.ko.txt"), str(tmp_path / "en/news/1.en.txt"))
    assert sorted(os.path.basename(p.path) for p in problems) == ["only-en.txt", "only-ko.txt"]
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("# src\ttgt\nko/2.txt\ten/2.txt\n\nko/news/1.ko.txt\ten/news/1.en.txt\tone.xml\n")
    jobs = pair_jobs_from_tsv(str(tsv), str(tmp_path / "out"), suffix=".xml")
    assert jobs == [
        Job((str(tmp_path / "ko/2.txt"), str(tmp_path / "en/2.txt")), str(tmp_path / "out/2.xml")),
        Job((str(tmp_path / "ko/news/1.ko.txt"), str(tmp_path / "en/news/1.en.txt")), str(tmp_path / "out/one.xml")),
    ]
    tsv.write_text("ko/2.txt\ten/2.txt\nonly-one-column\n")
    with pytest.raises(BatchError, match=r"pairs.tsv:2:1: \[A806\]"):
        pair_jobs_from_tsv(str(tsv), str(tmp_path / "out"), suffix=".xml")


KO = "남과 북은 나라의 통일 문제를 자주적으로 해결하기로 하였다. 남과 북은 경제 협력을 통하여 민족 경제를 발전시키기로 하였다. 6월 15일에 서명하였다.\n"
EN = "The South and the North agreed to resolve the question of reunification independently. The South and the North agreed to develop the national economy through economic cooperation. It was signed on June 15.\n"


def test_batch_pair_folders_matches_single_pair(tmp_path, capsys):
    for side, text in (("ko", KO), ("en", EN)):
        (tmp_path / side).mkdir()
        (tmp_path / side / "decl.txt").write_text(text, encoding="utf-8")
        (tmp_path / side / "short.txt").write_text(text.split(". ")[0] + ".\n", encoding="utf-8")
    (tmp_path / "ko" / "extra.txt").write_text(KO, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["pair", str(tmp_path / "ko"), str(tmp_path / "en"), "-o", str(out), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "extra.txt: [A805]" in err and "2 succeeded, 1 failed" in err
    single = tmp_path / "single.tsv"
    assert main(["pair", str(tmp_path / "ko/decl.txt"), str(tmp_path / "en/decl.txt"), "-o", str(single)]) == 0
    assert (out / "decl.tsv").read_bytes() == single.read_bytes()
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("ko/decl.txt\ten/decl.txt\n")
    assert main(["pair", "--pairs", str(tsv), "-o", str(tmp_path / "out2"), "--format", "tei", "--no-progress"]) == 0
    assert (tmp_path / "out2" / "decl.xml").read_bytes().startswith(b"<?xml")


def test_encode_task_signature_follows_settings():
    base = EncodeTask()
    assert base.signature() == EncodeTask().signature()
    assert base.signature() != EncodeTask(italic="title").signature()
    assert base.signature() != EncodeTask(metadata={"source": {"title": "T"}}).signature()
    assert base.signature() != EncodeTask(languages={"Hani": "zh"}).signature()
    assert base.signature() != EncodeTask(encoding="cp949").signature()


def test_write_output_mode_under_threads(tmp_path):
    """Outputs written from several threads at once (a Dask worker) all get the umask's mode."""
    from concurrent.futures import ThreadPoolExecutor

    from align.files import write_output

    old = os.umask(0o022)
    try:
        import align.files

        align.files._UMASK = None  # read it afresh under this test's umask
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: write_output(tmp_path / f"{i}.xml", b"x"), range(200)))
    finally:
        os.umask(old)
        align.files._UMASK = None
    assert {(p.stat().st_mode & 0o777) for p in tmp_path.iterdir()} == {0o644}


def test_batch_progress_on_request_and_summary(tmp_path, capsys):
    src = make_tree(tmp_path / "in")
    assert main(["encode", str(src), "-o", str(tmp_path / "out"), "--progress", "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert "/3 [" in err and "doc/s" in err  # tqdm's bar: documents done out of all
    assert err.rstrip().splitlines()[-1].startswith("align: 3 succeeded, 0 failed, 0 skipped in ")
    assert main(["encode", str(src), "-o", str(tmp_path / "out2"), "--no-progress", "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert "doc/s" not in err and len(err.strip().splitlines()) == 1


def test_single_file_stage_progress_on_request(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text(DOCS["a.txt"], encoding="utf-8")
    assert main(["encode", str(src), "-o", str(tmp_path / "a.xml"), "--progress"]) == 0
    err = capsys.readouterr().err
    assert "a.txt: reading" in err and "a.txt: encoding" in err and "a.txt: writing" in err
    assert main(["encode", str(src), "-o", str(tmp_path / "a.xml")]) == 0  # not a terminal: quiet
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_batch_jobs_must_be_positive(tmp_path, capsys, value):
    with pytest.raises(SystemExit) as info:
        main(["encode", str(tmp_path), "-o", str(tmp_path / "out"), "-j", value])
    assert info.value.code == 2
    assert "1 or more" in capsys.readouterr().err

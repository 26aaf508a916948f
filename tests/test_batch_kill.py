"""A batch killed halfway (Ctrl-C, SIGKILL) loses nothing it wrote, leaves nothing half-written, and
the next run completes it, skipping what was done."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from lxml import etree

N_DOCS = 120


def _doc(i: int) -> str:
    para = (
        f"Paragraph {i} of the record, written on {1950 + i % 60}-0{1 + i % 9}-1{i % 10}. "
        f"The delegation met in Pyongyang (평양) and talked about 통일 문제. It said: “우리는 {i}번 만났다.” "
    )
    return f"Chapter {i}\n\n" + "\n\n".join(para * 4 for _ in range(6)) + "\n"


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(N_DOCS):
        (src / f"doc{i:03d}.txt").write_text(_doc(i), encoding="utf-8")
    return src


def _start(src, out):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.Popen(
        [sys.executable, "-m", "align", "encode", str(src), "-o", str(out), "-j", "2", "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches every process
        env=env,
    )


def _ok_records(manifest):
    recs = {}
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            try:
                r = json.loads(line)
            except ValueError:
                continue
            recs[r["output"]] = r
    return {k: r for k, r in recs.items() if r["status"] == "ok"}


def _wait_for_some(proc, manifest, at_least=3, timeout=60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if len(_ok_records(manifest)) >= at_least:
            return
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it could be killed: {proc.stderr.read().decode()}")
        time.sleep(0.02)
    pytest.fail("no document finished in time")


def _check_nothing_half_written(out):
    import hashlib

    done = _ok_records(out / "manifest.jsonl")
    for name, rec in done.items():  # every recorded output is there, with its recorded bytes
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == rec["output_sha256"]
    for p in out.glob("*.xml"):  # every output there is complete XML
        etree.parse(str(p))
    return done


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_killed_batch_loses_nothing_and_rerun_completes(corpus, tmp_path, sig):
    out = tmp_path / "out"
    proc = _start(corpus, out)
    _wait_for_some(proc, out / "manifest.jsonl")
    os.killpg(proc.pid, sig)
    _, err = proc.communicate(timeout=60)
    err = err.decode()
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert "Traceback" not in err
        assert "interrupted" in err.splitlines()[-1]
    else:
        assert proc.returncode == -signal.SIGKILL
    done = _check_nothing_half_written(out)
    assert 3 <= len(done) < N_DOCS
    before = {name: (out / name).read_bytes() for name in done}

    rerun = _start(corpus, out)
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    summary = err.decode().splitlines()[-1]
    skipped = int(summary.split(" skipped")[0].rsplit(" ", 1)[1])
    assert skipped >= len(done)
    assert "0 failed" in summary
    assert sorted(p.name for p in out.iterdir() if p.name != "manifest.jsonl") == [f"doc{i:03d}.xml" for i in range(N_DOCS)]
    assert len(_ok_records(out / "manifest.jsonl")) == N_DOCS
    for name, data in before.items():
        assert (out / name).read_bytes() == data
    _check_nothing_half_written(out)


def _wait_for_children(pid: int, timeout: float = 60.0) -> None:
    """Until the process has made a child (its fork server or first worker)."""
    path = f"/proc/{pid}/task/{pid}/children"
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with open(path, encoding="ascii") as fh:
                if fh.read().strip():
                    return
        except OSError:
            pytest.skip("this system does not list a process's children in /proc")
        time.sleep(0.005)
    pytest.fail("the batch made no worker in time")


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15, 0.4])
def test_ctrl_c_while_workers_start_prints_no_traceback(corpus, tmp_path, delay):
    """A Ctrl-C that reaches the process group while the workers are still starting (before they
    have set themselves to ignore it) stops the run with the one-line message, never a worker's
    traceback. Before the workers were born with SIGINT blocked, this printed their tracebacks."""
    proc = _start(corpus, tmp_path / "out")
    _wait_for_children(proc.pid)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    err = err.decode()
    assert "Traceback" not in err, err
    assert proc.returncode in (130, 0), err  # 0: the run ended before the signal came
    if proc.returncode == 130:
        assert "interrupted" in err.splitlines()[-1]
    _check_nothing_half_written(tmp_path / "out")

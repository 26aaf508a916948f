"""The Dask backend gives the same bytes as a serial run, on a real (in-process) LocalCluster."""

from __future__ import annotations

import sys

import pytest

from align.cli import main

distributed = pytest.importorskip("dask.distributed")

DOCS = {
    f"part{i}/doc{j}.txt": f"Heading {i}.{j}\n\nThe delegation met in 평양 on {1990 + i}-06-1{j}. "
    f"It said: “남과 북은 {j}번째로 만났다.” (Kim Il Sung)\n\n*A Title* and **bold** words. 漢字 too.\n"
    for i in range(3)
    for j in range(4)
}


@pytest.fixture(scope="module")
def cluster():
    # a worker in its own process, as on another machine: it imports Dask before align, which once
    # changed the tool's signature in the output (importlib_metadata's way of giving a description)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None, silence_logs=50
    ) as c:
        yield c


def test_dask_outputs_identical_to_serial(tmp_path, cluster, capsys):
    src = tmp_path / "in"
    for rel, text in DOCS.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    (src / "part0" / "bad.txt").write_bytes(b"\xff\xfeb\x00a\x00d\x00")
    serial, dask_out = tmp_path / "serial", tmp_path / "dask"
    assert main(["encode", str(src), "-o", str(serial), "-j", "1", "--no-progress"]) == 1
    capsys.readouterr()
    assert main(["encode", str(src), "-o", str(dask_out), "--scheduler", cluster.scheduler_address, "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "12 succeeded, 1 failed, 0 skipped" in err and "bad.txt" in err
    files = sorted(p.relative_to(serial) for p in serial.rglob("*.xml"))
    assert len(files) == 12
    assert files == sorted(p.relative_to(dask_out) for p in dask_out.rglob("*.xml"))
    for rel in files:
        assert (serial / rel).read_bytes() == (dask_out / rel).read_bytes()
    # the manifest is the same kind of record: a rerun on the cluster skips what is done
    assert main(["encode", str(src), "-o", str(dask_out), "--scheduler", cluster.scheduler_address, "--no-progress"]) == 1
    assert "0 succeeded, 1 failed, 12 skipped" in capsys.readouterr().err


def test_dask_missing_names_the_extra(tmp_path, monkeypatch, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Text.\n")
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if align[dask] were not installed
    assert main(["encode", str(src), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:8786"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "align: error: [A810] --scheduler runs the batch on Dask, which is not installed; pip install 'align[dask]'"


def test_core_package_does_not_import_dask():
    import subprocess

    code = "import align, align.batch, align.cli.cmd_encode, sys; print('dask' in sys.modules or 'distributed' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


class EnvTask:
    """A task whose settings depend on the process's environment, as a worker's libraries might."""

    def __call__(self, inputs):
        return b"x"

    def signature(self):
        import os

        return "env:" + os.environ.get("ALIGN_TEST_SIGN", "none")


def test_dask_worker_that_would_differ_is_named(tmp_path, cluster, monkeypatch):
    import cloudpickle

    from align.batch import BatchError, Job, run_batch

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the worker cannot import this test
    try:
        monkeypatch.setenv("ALIGN_TEST_SIGN", "here")  # the worker process keeps its own environment
        src = tmp_path / "a.txt"
        src.write_text("x")
        with pytest.raises(BatchError, match=r"\[A813\] Dask worker .* signs 'env:none\|align:"):
            run_batch([Job((str(src),), str(tmp_path / "a.out"))], EnvTask(), scheduler=cluster.scheduler_address)
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert not (tmp_path / "a.out").exists()

"""``--jobs``: several worker processes give the same findings, in the same order, as one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from align.cli import main
from align.validate import validate_file, validate_paths
from align.validate.config import ConfigError, ValidateConfig
from align.validate.schema import scan_element_names

VALID = Path(__file__).parent / "validate_cases" / "valid"
RULES = Path(__file__).parent / "validate_cases" / "rules"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Twenty-odd files of every kind: valid corpus copies, rule cases, and broken corpus copies."""
    root = tmp_path_factory.mktemp("jobs")
    shutil.copytree(VALID, root / "valid")
    shutil.copytree(RULES, root / "rules")
    for path in sorted(VALID.glob("*.xml")):
        text = path.read_text(encoding="utf-8")
        broken = re.sub(r"<body>", "<body><bogusElement/><p>a</p><head>late</head>", text, count=1)
        (root / f"broken-{path.name}").write_text(broken, encoding="utf-8")
    return root


def test_several_processes_give_what_one_gives(folder):
    one = validate_paths([str(folder)], config=ValidateConfig(jobs=1))
    two = validate_paths([str(folder)], config=ValidateConfig(jobs=2))
    assert len(one) > 16 and list(one) == list(two) and one == two
    assert sum(1 for fs in one.values() if any(f.severity == "error" for f in fs)) > 10


def test_a_batch_gives_what_each_file_alone_gives(folder):
    batch = validate_paths([str(folder)], config=ValidateConfig(jobs=1))
    for path, findings in batch.items():
        assert validate_file(path) == findings, path


def test_jobs_option_and_config(folder, capsys, monkeypatch):
    assert main(["validate", "-q", "--jobs", "2", str(folder / "valid")]) == 0
    assert main(["validate", "--jobs", "0", str(folder / "valid")]) == 2
    assert "--jobs" in capsys.readouterr().err
    (folder / "pyproject.toml").write_text("[tool.align.validate]\njobs = 0\n")
    monkeypatch.chdir(folder)
    assert main(["validate", "valid"]) == 2
    (folder / "pyproject.toml").unlink()
    with pytest.raises(ConfigError):
        ValidateConfig().override(jobs=0)


def test_scanned_names_are_a_superset_of_the_parsed_ones():
    from lxml import etree

    for path in sorted(VALID.rglob("*.xml")):
        data = path.read_bytes()
        parsed = {etree.QName(el).localname for el in etree.fromstring(data).iter(etree.Element)}
        assert parsed <= scan_element_names(data), path

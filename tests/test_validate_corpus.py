"""A varied corpus of valid TEI, written for this project, that ``--profile tei`` must pass clean.

General TEI is not a bilingual edition: a play, verse, a manuscript description, an EpiDoc-style
inscription that pulls in a shared taxonomy with XInclude, a letter, a dictionary, and a text whose
pointers go through ``prefixDef``. A false alarm on any of them is a bug. Each file is also broken on
purpose here, to show the checks really look at it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from align.cli import main
from align.resources import tei_schema_path
from align.validate import validate_file
from align.validate.config import ValidateConfig

VALID = Path(__file__).parent / "validate_cases" / "valid"
FILES = sorted(VALID.rglob("*.xml"))
IDS = [str(p.relative_to(VALID)) for p in FILES]


def test_the_corpus_is_varied():
    text = {p.name: p.read_text(encoding="utf-8") for p in FILES}
    wanted = {"<sp ": "a play", "<lg ": "verse", "<msDesc": "a manuscript description", "xi:include": "XInclude",
              "<correspDesc>": "a letter", "<entry ": "a dictionary entry", "<prefixDef ": "prefixDef pointers"}
    for marker, kind in wanted.items():
        assert any(marker in t for t in text.values()), f"no {kind} in the corpus"


@pytest.mark.parametrize("profile", ["tei", "auto"])
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_valid_tei_passes_clean(path, profile):
    found = validate_file(path, config=ValidateConfig(profile=profile))
    assert [str(f) for f in found if f.severity != "info"] == []
    assert all(f.rule == "xml-xinclude" and "included" in f.message for f in found)


def test_the_cli_passes_the_folder(capsys):
    assert main(["validate", "-q", "--profile", "tei", str(VALID)]) == 0
    capsys.readouterr()


@pytest.mark.skipif(shutil.which("jing") is None, reason="jing is not installed (apt-get install jing)")
def test_jing_finds_the_corpus_valid():
    proc = subprocess.run(["jing", str(tei_schema_path("tei_all.rng")), *map(str, FILES)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


# Breaking each file must be noticed: an unknown element, a pointer typo, a decomposed accent.
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_each_file_broken_is_caught(tmp_path, path):
    text = path.read_text(encoding="utf-8")
    dest = tmp_path / path.relative_to(VALID)
    shutil.copytree(VALID, tmp_path, dirs_exist_ok=True)
    broken = re.sub(r"(<body>)", r"\1<bogusElement/>", text, count=1)
    broken = broken.replace("</body>", '<p><ref target="#no-such-id">x</ref> Cafe\u0301</p></body>', 1)
    dest.write_text(broken, encoding="utf-8")
    rules = {f.rule for f in validate_file(dest, config=ValidateConfig(profile="tei"))}
    assert {"tei-schema", "ALN108", "ALN101"} <= rules

"""`align encode`: one clear line and a non-zero exit for bad input, and never a half-written file."""

import pytest
from lxml import etree

from align.cli import main


@pytest.mark.parametrize(
    "data, code, where",
    [
        (b"", "A103", ""),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "A104", ":3:1"),  # the first NUL byte
        (b"good line\n\xc3\x28 bad", "A101", ":2:1"),
    ],
)
def test_cli_encode_bad_input_one_line_no_output(tmp_path, capsys, data, code, where):
    src = tmp_path / "in.txt"
    src.write_bytes(data)
    out = tmp_path / "out.xml"
    assert main(["encode", str(src), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and code in err
    assert err.startswith(f"align: error: {src}{where}:")
    assert not out.exists() and list(tmp_path.iterdir()) == [src]


def test_cli_encode_missing_file(tmp_path, capsys):
    assert main(["encode", str(tmp_path / "nope.txt")]) == 1
    assert "no such file" in capsys.readouterr().err


def test_cli_encode_keeps_previous_output_on_error(tmp_path):
    out = tmp_path / "out.xml"
    out.write_bytes(b"old")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff")
    assert main(["encode", str(bad), "-o", str(out)]) == 1
    assert out.read_bytes() == b"old"


def test_cli_encode_writes_tei(tmp_path, capsys):
    src = tmp_path / "doc.txt"
    src.write_text("A Heading\n\nThe text 한국어 here. More text.\n", encoding="utf-8")
    out = tmp_path / "doc.xml"
    assert main(["encode", str(src), "-o", str(out)]) == 0
    root = etree.parse(str(out)).getroot()
    assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI"
    assert main(["encode", str(src)]) == 0  # stdout
    assert capsys.readouterr().out.startswith("<?xml")


def test_cli_encode_lang_option(tmp_path, capsys):
    src = tmp_path / "doc.txt"
    src.write_text("The word 漢字 in a sentence.\n", encoding="utf-8")
    assert main(["encode", str(src), "--lang", "Hani=zh"]) == 0
    assert 'xml:lang="zh"' in capsys.readouterr().out
    assert main(["encode", str(src), "--lang", "Hani"]) == 1


def test_cli_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["encode"])
    assert info.value.code == 2


@pytest.mark.parametrize(
    "toml, key",
    [
        ('source = "x"', "'source'"),
        ("[source]\ntitle = 5", "source.title"),
        ('[source]\ndate = "June 2020"', "source.date"),
        ('[source]\ncalendar = "gregorian"', "source.calendar"),
        ('[edition]\nresponsibility = [{resp = "x"}]', "edition.responsibility"),
        ('languages = ["english"]', "'languages'"),
        ("bogus = 1", "'bogus'"),
        ("[source", "A108"),
        # characters XML cannot hold, which the header would (before: lxml's traceback)
        ('[source]\ntitle = "A\\u0001B"', "source.title"),
        ('[edition]\nresponsibility = [{resp = "x", name = "A\\u0002"}]', "edition.responsibility"),
        ('[translation]\nfile = "t.txt"\nnote = "\\uFFFE"', "translation.note"),
    ],
)
def test_cli_encode_bad_metadata_names_the_key(tmp_path, capsys, toml, key):
    src = tmp_path / "doc.txt"
    src.write_text("Some text.\n", encoding="utf-8")
    meta = tmp_path / "m.toml"
    meta.write_text(toml, encoding="utf-8")
    assert main(["encode", str(src), "--meta", str(meta), "-o", str(tmp_path / "o.xml")]) == 1
    err = capsys.readouterr().err
    assert key in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o.xml").exists()


def test_cli_encode_metadata_native_toml_date(tmp_path, capsys):
    src = tmp_path / "doc.txt"
    src.write_text("Some text.\n", encoding="utf-8")
    meta = tmp_path / "m.toml"
    meta.write_text("[source]\ndate = 2020-06-15\n", encoding="utf-8")
    assert main(["encode", str(src), "--meta", str(meta)]) == 0
    assert 'when="2020-06-15"' in capsys.readouterr().out


def test_cli_output_errors_are_one_line(tmp_path, capsys):
    src = tmp_path / "doc.txt"
    src.write_text("Some text.\n", encoding="utf-8")
    assert main(["encode", str(src), "-o", str(tmp_path)]) == 1  # a folder
    assert "A501" in capsys.readouterr().err


def test_cli_output_file_mode_follows_umask(tmp_path):
    import os
    import stat

    src = tmp_path / "doc.txt"
    src.write_text("Some text.\n", encoding="utf-8")
    out = tmp_path / "o.xml"
    old = os.umask(0o022)
    try:
        assert main(["encode", str(src), "-o", str(out)]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_cli_encode_title_is_the_file_name_not_the_path(tmp_path, capsys, monkeypatch):
    src = tmp_path / "doc.txt"
    src.write_text("Some text.\n", encoding="utf-8")
    assert main(["encode", str(src)]) == 0
    absolute = capsys.readouterr().out
    monkeypatch.chdir(tmp_path)
    assert main(["encode", "doc.txt"]) == 0
    assert capsys.readouterr().out == absolute and str(tmp_path) not in absolute


def test_cli_validate_empty_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert "A704" in capsys.readouterr().err
    assert main(["validate", str(tmp_path), "--allow-empty"]) == 0


def test_cli_encode_lang_table_reaches_the_header(tmp_path, capsys):
    src = tmp_path / "zh.txt"
    src.write_text("**漢字之書**\n\nThe book 漢字 is old. It is long.\n", encoding="utf-8")
    out = tmp_path / "zh.xml"
    assert main(["encode", str(src), "--lang", "Hani=zh", "-o", str(out)]) == 0
    xml = out.read_text(encoding="utf-8")
    assert '<title xml:lang="zh">漢字之書' in xml and 'xml:lang="ko"' not in xml
    assert main(["validate", str(out)]) == 0

"""Hostile and odd input: each case gets one line naming the file, the place and what to do, a
non-zero exit, and no traceback."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys

import pytest

import align
from align import ReadError, read
from align.cli import main

MIXED = "The café served crème brûlée. 한국어 문장입니다.\nSecond line — “quoted”.\n"


def run_cli(tmp_path, data: bytes, *extra: str, name: str = "in.txt"):
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "out.xml"
    return src, out, main(["encode", str(src), "-o", str(out), *extra])


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(
    "data, code, codec, what",
    [
        (codecs.BOM_UTF16_LE + MIXED.encode("utf-16-le"), "A110", "utf-16", "UTF-16, little-endian"),
        (codecs.BOM_UTF16_BE + MIXED.encode("utf-16-be"), "A110", "utf-16", "UTF-16, big-endian"),
        (MIXED.encode("utf-32"), "A110", "utf-32", "UTF-32, little-endian"),
        (codecs.BOM_UTF32_BE + MIXED.encode("utf-32-be"), "A110", "utf-32", "UTF-32, big-endian"),
        (MIXED.encode("utf-16-le"), "A111", "utf-16-le", "UTF-16, little-endian"),
        (MIXED.encode("utf-16-be"), "A111", "utf-16-be", "UTF-16, big-endian"),
        (MIXED.encode("utf-32-le"), "A111", "utf-32-le", "UTF-32, little-endian"),
        (MIXED.encode("utf-32-be"), "A111", "utf-32-be", "UTF-32, big-endian"),
        ("English only, no accents at all.\n".encode("utf-16-le"), "A111", "utf-16-le", "UTF-16, little-endian"),
    ],
)
def test_utf16_utf32_named_and_then_readable(tmp_path, capsys, data, code, codec, what):
    src, out, rc = run_cli(tmp_path, data)
    assert rc == 1 and not out.exists()
    line = one_error_line(capsys)
    assert line.startswith(f"align: error: {src}:1:1: [{code}] ")
    assert what in line and f"--encoding {codec}" in line
    # the option the message names works, and gives the text without its byte-order mark
    doc = read(src, encoding=codec)
    assert doc.text.startswith(("The café", "English only"))


@pytest.mark.parametrize(
    "text, codec, expect",
    [
        ("The café served crème brûlée and a naïve résumé.\n", "cp1252", "cp1252"),
        ("Quotes “like these” and a dash – in Windows text.\n", "cp1252", "cp1252"),
        ("Ein schöner Tag in Köln, Straße und Grüße.\n", "latin-1", "cp1252"),  # the same bytes here
        ("L'été à Paris: où est la bibliothèque?\n", "latin-1", "cp1252"),
        ("남과 북은 나라의 통일 문제를 자주적으로 해결하기로 하였다.\n", "cp949", "cp949"),
        ("大韓民國의 國民은 서울에서 會談을 열었다.\n", "euc-kr", "cp949"),
        ("Привет, это русский текст из Москвы.\n", "cp1251", "cp1251"),
        ("日本語のテキストです。東京で会議を開きました。\n", "shift_jis", "shift_jis"),
        ("中华人民共和国是一个国家。我们今天在北京开会。\n", "gb18030", "gb18030"),
    ],
)
def test_legacy_encoding_hint_is_evidence_based(tmp_path, capsys, text, codec, expect):
    src, out, rc = run_cli(tmp_path, text.encode(codec))
    assert rc == 1
    line = one_error_line(capsys)
    assert "[A101]" in line and f"pass --encoding {expect}" in line
    # the sample it shows is the text as it would read: the user can see it is right
    first_bad = next(i for i, c in enumerate(text) if ord(c) > 127)
    assert text[first_bad : first_bad + 3] in line
    assert read(src, encoding=expect).text == text


def test_western_hint_never_says_korean(tmp_path, capsys):
    run_cli(tmp_path, "Café au lait, s'il vous plaît.\n".encode("cp1252"))
    line = one_error_line(capsys)
    assert "cp949" not in line and "Western European" in line


def test_random_high_bytes_get_no_false_hint(tmp_path, capsys):
    data = b"ok text\n" + bytes(range(0x80, 0x100)) * 4
    _, _, rc = run_cli(tmp_path, data)
    assert rc == 1
    line = one_error_line(capsys)
    assert "no common encoding reads it as text" in line and ":2:1: [A101]" in line


def test_nul_in_short_text_is_not_taken_for_utf16(tmp_path, capsys):
    # ASCII bytes read in pairs look like Han characters: the spaces and line breaks real text has decide
    src, _, rc = run_cli(tmp_path, b"Line one\nabc\x00def\n")
    assert rc == 1
    assert one_error_line(capsys).startswith(f"align: error: {src}:2:4: [A104] NUL byte")


def test_nul_byte_in_long_text_is_placed(tmp_path, capsys):
    data = ("Plain English text, line after line.\n" * 200).encode() + b"bad \x00 here\n" + b"more\n" * 10
    src, _, rc = run_cli(tmp_path, data)
    assert rc == 1
    line = one_error_line(capsys)
    assert line.startswith(f"align: error: {src}:201:5: [A104] NUL byte")


def test_binary_file(tmp_path, capsys):
    src, _, rc = run_cli(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", name="scan.png")
    assert rc == 1
    assert "[A104] NUL byte: this looks like a binary file" in one_error_line(capsys)


@pytest.mark.parametrize(
    "text, where, code",
    [
        ("ab\nc\udcff d", ":2:2:", "A112"),  # a byte smuggled in by errors='surrogateescape'
        ("\ud83d alone", ":1:1:", "A112"),  # half of an emoji's UTF-16 pair
        ("ok\x00", ":1:3:", "A104"),
    ],
)
def test_read_text_refuses_lone_surrogates_and_nul(text, where, code):
    with pytest.raises(ReadError, match=code) as info:
        align.read_text(text)
    assert str(info.value).startswith(f"<string>{where} [{code}]")


def test_read_text_refuses_bytes_with_a_remedy():
    with pytest.raises(TypeError, match=r"align\.read\(data"):
        align.read_text(b"bytes")  # type: ignore[arg-type]


def test_symlink_loop_and_broken_link(tmp_path, capsys):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert main(["encode", str(tmp_path / "a.txt")]) == 1
    assert "[A113] symbolic link loop" in one_error_line(capsys)
    assert main(["encode", str(tmp_path / "gone.txt")]) == 1
    assert "[A113] broken symbolic link" in one_error_line(capsys)


def test_symlinked_folder_loop_in_batch(tmp_path, capsys):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "doc.txt").write_text("Text.\n")
    (src / "sub" / "up").symlink_to(src, target_is_directory=True)  # in/sub/up -> in: a loop
    (src / "loop.txt").symlink_to(src / "loop.txt")
    assert main(["encode", str(src), "-o", str(tmp_path / "out"), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "loop.txt: [A113] symbolic link loop" in err
    assert "1 succeeded, 1 failed" in err.splitlines()[-1]


def test_device_refused(capsys):
    assert main(["encode", os.devnull]) == 1
    assert "[A114] not a regular file" in one_error_line(capsys)


def test_unreadable_file(tmp_path, capsys, monkeypatch):
    src = tmp_path / "locked.txt"
    src.write_text("secret\n")
    if os.geteuid() != 0:
        src.chmod(0)
    else:  # root reads anything: make the read itself fail as it would for another user
        from pathlib import Path

        def denied(self):
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", denied)
    assert main(["encode", str(src)]) == 1
    line = one_error_line(capsys)
    assert line == f"align: error: {src}: [A102] cannot read the file (Permission denied); check its permissions"


def test_unreadable_folder_in_batch(tmp_path, capsys, monkeypatch):
    src = tmp_path / "in"
    (src / "ok").mkdir(parents=True)
    (src / "ok" / "a.txt").write_text("Text.\n")
    (src / "closed").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["encode", str(src), "-o", str(tmp_path / "out"), "--no-progress", "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert "closed: [A803] cannot list this folder (Permission denied)" in err
    assert "1 succeeded, 1 failed" in err


@pytest.mark.parametrize(
    "toml, where, key",
    [
        ('[source]\ntitle = "T"\ntitel = "typo"\n', ":3:", "'source.titel'"),
        ('[edition]\ntitle = "T"\n\n[source]\npubplace = "Seoul"\n', ":5:", "'source.pubplace'"),
        ('source.author = "A"\nsource.authr = "B"\n', ":2:", "'source.authr'"),
        ('[encoding]\nitalics = "title"\n', ":2:", "'encoding.italics'"),
    ],
)
def test_meta_nested_keys_checked(tmp_path, capsys, toml, where, key):
    meta = tmp_path / "meta.toml"
    meta.write_text(toml)
    src = tmp_path / "in.txt"
    src.write_text("Text.\n")
    assert main(["encode", str(src), "--meta", str(meta)]) == 1
    line = one_error_line(capsys)
    assert line.startswith(f"align: error: {meta}{where} [A109] key {key}: unknown")
    assert "did you mean" in line or "use " in line


def test_meta_known_nested_keys_pass(tmp_path, capsys):
    meta = tmp_path / "meta.toml"
    meta.write_text(
        '[source]\ntitle = "T"\nauthor = "A"\npublisher = "P"\npubPlace = "Seoul"\ndate = 2020-06-15\nnote = "n"\n'
        '[edition]\ntitle = "E"\nresponsibility = [{resp = "encoded by", name = "B"}]\n[encoding]\nitalic = "title"\n'
    )
    src = tmp_path / "in.txt"
    src.write_text("Text.\n")
    assert main(["encode", str(src), "--meta", str(meta)]) == 0


def _pipe_to_head(cmd: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    p1 = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    p2 = subprocess.Popen(["head", "-n", "1"], stdin=p1.stdout, stdout=subprocess.DEVNULL)
    assert p1.stdout is not None
    p1.stdout.close()  # head holds the only reader
    p2.wait()
    _, err = p1.communicate(timeout=120)
    return subprocess.CompletedProcess(cmd, p1.returncode, b"", err)


def test_example_script_piped_to_head_ends_quietly(tmp_path):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    edition = os.path.join(root, "tei", "seventy-five-years.xml")
    r = _pipe_to_head([sys.executable, os.path.join(root, "scripts", "example_declaration_pairs.py"), edition])
    assert b"Traceback" not in r.stderr and b"BrokenPipe" not in r.stderr, r.stderr.decode()
    assert r.returncode == 0


def test_cli_piped_to_head_ends_quietly(tmp_path):
    src = tmp_path / "big.txt"
    src.write_text("A sentence of text. 한국어 문장. " * 2500 + "\n", encoding="utf-8")
    r = _pipe_to_head([sys.executable, "-m", "align", "encode", str(src)])
    assert b"Traceback" not in r.stderr and b"BrokenPipe" not in r.stderr, r.stderr.decode()
    assert r.returncode == 0


@pytest.mark.long
def test_eleven_megabyte_line_gives_tei_that_parses(tmp_path):
    from lxml import etree

    src = tmp_path / "line.txt"
    src.write_text("word " * 2_200_000 + "\n", encoding="utf-8")  # 11 MB, one line, no sentence end
    out = tmp_path / "line.xml"
    assert main(["encode", str(src), "-o", str(out)]) == 0
    tree = etree.parse(str(out))  # the default parser, as every consumer of the edition uses
    # no text node past the limit (empty anchors cut the line), and the source reads back unchanged
    from align.tei.extract import restore_source

    assert restore_source(tree) == src.read_text(encoding="utf-8")

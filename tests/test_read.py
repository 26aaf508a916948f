import pytest

from align import ReadError, read


@pytest.mark.parametrize(
    "data, code, where",
    [
        (b"", "A103", None),
        (b"  \n\n ", "A103", None),
        (b"ok\n\x89PNG\x00\x00", "A104", ":2:5"),  # the first NUL byte
        (b"line one\nab\xff cd", "A101", ":2:3"),
        (b"ok\nx\x07y", "A106", ":2:2"),
        ("ok\nab\u0085".encode(), "A106", ":2:3"),
        ("\ufdd0".encode(), "A106", ":1:1"),
    ],
)
def test_read_bad_input_names_place_and_code(tmp_path, data, code, where):
    p = tmp_path / "in.txt"
    p.write_bytes(data)
    with pytest.raises(ReadError, match=code) as info:
        read(p)
    if where:
        assert str(info.value).startswith(f"{p}{where}: ")


def test_read_missing_file_and_folder(tmp_path):
    with pytest.raises(ReadError, match="A102"):
        read(tmp_path / "nope.txt")
    with pytest.raises(ReadError, match="folder"):
        read(tmp_path)


def test_read_normalizes_only_what_xml_would_and_logs_it(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes("\ufeffa\r\nb\rc".encode())
    d = read(p)
    assert d.text == "a\nb\nc"
    assert "strip-bom" in d.provenance and "newlines:lf" in d.provenance
    assert d.id == "x"


def test_read_other_encoding(tmp_path):
    p = tmp_path / "k.txt"
    p.write_bytes("한국어".encode("cp949"))
    assert read(p, encoding="cp949").text == "한국어"
    with pytest.raises(ReadError, match="cp949"):
        read(p)

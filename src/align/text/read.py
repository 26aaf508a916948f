"""Read: bytes or a file into a :class:`Document`, or a clear error that says where and what to do.

The text is kept as received. The only changes are the two that XML itself would make (a leading
byte-order mark is dropped; CRLF and CR line ends become LF), and each is logged in ``provenance``,
so that "the TEI reproduces the source" has one exact meaning.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path

import regex

from ..errors import ReadError
from ..model import Document
from .sniff import bom_encoding, guess_encodings, utf16_32_without_bom

__all__ = ["read", "read_text", "decode"]

# Characters that are not text: those XML 1.0 cannot carry at all (C0 controls but TAB/LF/CR,
# surrogates, U+FFFE/U+FFFF), C1 controls (U+0080-009F: usually a mis-decoded file) and the other
# noncharacters. Refused on reading rather than kept into an edition that align validate would fail.
# (Decomposed text, compatibility jamo and private-use characters are text: kept, and reported by
# align validate as ALN101-ALN103.)
_NOT_XML = regex.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F\x80-\x9F\uFDD0-\uFDEF\p{Cs}\p{Noncharacter_Code_Point}]")


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _is_utf8(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _byte_place(data: bytes, offset: int, encoding: str = "utf-8") -> tuple[int, int]:
    """Line and column (in characters) of byte ``offset``, reading what comes before as ``encoding``."""
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[start:offset].decode(encoding, errors="replace")) + 1
    return line, col


def _encoding_hint(data: bytes, near: int, tried: str) -> str:
    """What the bytes look like, from the evidence: which encodings decode them, which reads as text."""
    guesses = guess_encodings(data, near=near, exclude=(tried,))
    plausible = [g for g in guesses if g.plausible]
    if not plausible:
        names = ", ".join(g.encoding for g in guesses[:4])
        also = f" (it decodes as {names}, but none reads as text)" if names else ""
        return (
            f"no common encoding reads it as text{also}: the file may be damaged or not text; "
            "check where it came from, or pass --encoding NAME if you know its encoding"
        )
    best = plausible[0]
    # aliases are named only within the Western family, where they are the usual confusion; another
    # code page that happens to read these bytes alike (cp1256 has é) is left out
    western = ("cp1252", "iso-8859-1", "iso-8859-15")
    same = [
        g.encoding for g in plausible[1:]
        if best.encoding in western and g.encoding in western and data.decode(g.encoding) == data.decode(best.encoding)
    ]
    others = [g.encoding for g in plausible[1:] if g.encoding not in same and data.decode(g.encoding) != data.decode(best.encoding)]
    alias = f" (or {', '.join(same)}, the same here)" if same else ""
    also = f"; it also reads as {', '.join(others[:3])}" if others else ""
    return (
        f"it reads as {best.encoding} ({best.description}): '{best.sample}'{also}; "
        f"pass --encoding {best.encoding}{alias}"
    )


def decode(data: bytes, *, encoding: str = "utf-8", name: str = "<input>") -> tuple[str, tuple[str, ...]]:
    """Decode ``data`` to the text every later stage sees, and the steps taken to get there.

    A file that is not in ``encoding`` gets an error that names the encoding it looks like (UTF-16
    and UTF-32 with or without a byte-order mark; a legacy code page by the evidence of which
    decodings read as text), the place of the first bad byte, and the option to pass.
    """
    steps: list[str] = [f"read:{encoding}"]
    if not data:
        raise ReadError("[A103] the file is empty; there is no text to encode", path=name)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ReadError(f"[A105] unknown encoding {encoding!r}; use a Python codec name such as utf-8 or cp949", path=name) from None
    wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    if not wide:
        bom = bom_encoding(data)
        if bom:
            codec, what = bom
            raise ReadError(
                f"[A110] this file is {what} (it starts with a byte-order mark), not {encoding}; "
                f"pass --encoding {codec}, or convert it to UTF-8 (iconv -f {codec.upper()} -t UTF-8)",
                path=name, line=1, col=1,
            )
        nul = data.find(b"\x00")
        if nul >= 0:
            wide_guess = utf16_32_without_bom(data)
            if wide_guess:
                codec, what = wide_guess
                raise ReadError(
                    f"[A111] this file looks like {what} without a byte-order mark, not {encoding}; "
                    f"pass --encoding {codec}, or convert it to UTF-8 (iconv -f {codec.upper()} -t UTF-8)",
                    path=name, line=1, col=1,
                )
            line, col = _byte_place(data, nul)
            raise ReadError(
                "[A104] NUL byte: this looks like a binary file, not text (nor UTF-16 or UTF-32); "
                "give a plain-text file, or remove the NUL bytes if the rest is text",
                path=name, line=line, col=col,
            )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line, col = _byte_place(data, exc.start, encoding if not wide else "latin-1")
        if wide:
            raise ReadError(
                f"[A101] bytes at offset {exc.start} are not valid {encoding} ({exc.reason}); check --encoding",
                path=name, line=line, col=col,
            ) from None
        raise ReadError(
            f"[A101] byte 0x{data[exc.start]:02X} is not valid {encoding}; {_encoding_hint(data, exc.start, encoding)}",
            path=name, line=line, col=col,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
        steps.append("strip-bom")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        steps.append("newlines:lf")
    _check_characters(text, name)
    if not text or text.isspace():  # (not text.strip(): a copy of the whole text at its largest)
        raise ReadError("[A103] the file holds only white space; there is no text to encode", path=name)
    return text, tuple(steps)


def _check_characters(text: str, name: str) -> None:
    bad = _NOT_XML.search(text)
    if not bad:
        return
    line, col = _line_col(text, bad.start())
    ch = bad.group()
    if "\ud800" <= ch <= "\udfff":
        raise ReadError(
            f"[A112] lone surrogate U+{ord(ch):04X}: half of a UTF-16 pair, not a character (text decoded with "
            "errors='surrogateescape' or 'surrogatepass', or a broken pair); decode the source correctly "
            "or replace it",
            path=name, line=line, col=col,
        )
    if ch == "\x00":
        raise ReadError("[A104] NUL character: not text; remove it from the source", path=name, line=line, col=col)
    raise ReadError(
        f"[A106] character U+{ord(ch):04X} is a control character or a noncharacter, not text; "
        "remove it or replace it in the source (C1 controls usually mean the file was decoded wrongly: check --encoding)",
        path=name,
        line=line,
        col=col,
    )


def read_text(text: str, *, id: str = "doc", name: str = "<string>") -> Document:
    """A Document from a Python string (same checks as for files, minus decoding).

    A string with lone surrogates (from ``errors="surrogateescape"``, or a broken UTF-16 pair) is
    refused with its place, like any other character that is not text.
    """
    if not isinstance(text, str):
        what = "bytes: pass them to align.read(data, encoding=...)" if isinstance(text, (bytes, bytearray)) else type(text).__name__
        raise TypeError(f"read_text() takes a str, not {what}")
    _check_characters(text, name)
    return read(text.encode("utf-8"), id=id, name=name)


def read(
    source: str | os.PathLike[str] | bytes, *, encoding: str = "utf-8", id: str | None = None, name: str | None = None
) -> Document:
    """Read a path (or raw bytes) into a Document; ``id`` defaults to the file's stem."""
    if isinstance(source, bytes):
        data, name = source, name or "<bytes>"
    else:
        path = Path(source)
        name = name or str(source)
        data = _read_file(path, name)
        id = id or _xml_id(path.stem)
    text, steps = decode(data, encoding=encoding, name=name)
    return Document(text, id=id or "doc", provenance=steps, meta={"source": name})


def _read_file(path: Path, name: str) -> bytes:
    """The bytes of ``path``, or a ReadError that says what is wrong with the path and what to do."""
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError("[A113] symbolic link loop (the link leads back to itself); fix or remove the link", path=name) from None
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise ReadError(
                f"[A113] broken symbolic link (it points to {os.readlink(path)!r}, which does not exist); fix or remove the link",
                path=name,
            ) from None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise ReadError("[A102] no such file; check the path", path=name) from None
        raise ReadError(f"[A102] cannot read the file ({exc.strerror}); check the path and its permissions", path=name) from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError("[A102] this is a folder, not a file; name a text file", path=name)
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):  # a pipe is read; a device would never end
        raise ReadError("[A114] not a regular file (a device or a socket); give a text file", path=name)
    try:
        return path.read_bytes()
    except MemoryError:
        raise ReadError(
            f"[A115] the file ({st.st_size / 1e6:.0f} MB) does not fit in memory; split it, or run it on a larger machine",
            path=name,
        ) from None
    except OSError as exc:
        raise ReadError(f"[A102] cannot read the file ({exc.strerror}); check its permissions", path=name) from None


def _xml_id(stem: str) -> str:
    """An NCName from a file stem, so the id can serve as an ``xml:id`` prefix."""
    s = regex.sub(r"[^\w.\-]", "-", stem) or "doc"
    if not regex.match(r"[\p{L}_]", s):
        s = "d" + s
    return s

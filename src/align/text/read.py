"""Read: bytes or a file into a :class:`Document`, or a clear error that says where and what to do.

The text is kept as received. The only changes are the two that XML itself would make (a leading
byte-order mark is dropped; CRLF and CR line ends become LF), and each is logged in ``provenance``,
so that "the TEI reproduces the source" has one exact meaning.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import regex

from ..errors import ReadError
from ..model import Document

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


def decode(data: bytes, *, encoding: str = "utf-8", name: str = "<input>") -> tuple[str, tuple[str, ...]]:
    """Decode ``data`` to the text every later stage sees, and the steps taken to get there."""
    steps: list[str] = [f"read:{encoding}"]
    if not data:
        raise ReadError("[A103] the file is empty; there is no text to encode", path=name)
    if b"\x00" in data[:8192] and not encoding.lower().startswith("utf-16"):
        raise ReadError(
            "[A104] this looks like a binary file (it contains NUL bytes); give a plain-text file", path=name, line=1, col=1
        )
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ReadError(f"[A105] unknown encoding {encoding!r}; use a Python codec name such as utf-8 or cp949", path=name) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode(encoding, errors="replace")
        line, col = _line_col(good, len(good))
        hint = "pass --encoding cp949 (or euc-kr) for older Korean files" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else "check --encoding"
        raise ReadError(
            f"[A101] byte 0x{data[exc.start]:02X} is not valid {encoding}; {hint}", path=name, line=line, col=col
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
        steps.append("strip-bom")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        steps.append("newlines:lf")
    bad = _NOT_XML.search(text)
    if bad:
        line, col = _line_col(text, bad.start())
        raise ReadError(
            f"[A106] character U+{ord(bad.group()):04X} is a control character or a noncharacter, not text; "
            "remove it or replace it in the source (C1 controls usually mean the file was decoded wrongly: check --encoding)",
            path=name,
            line=line,
            col=col,
        )
    if not text.strip():
        raise ReadError("[A103] the file holds only white space; there is no text to encode", path=name)
    return text, tuple(steps)


def read_text(text: str, *, id: str = "doc", name: str = "<string>") -> Document:
    """A Document from a Python string (same checks as for files, minus decoding)."""
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
        if not path.exists():
            raise ReadError("[A102] no such file; check the path", path=name)
        if path.is_dir():
            raise ReadError("[A102] this is a folder, not a file; name a text file", path=name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReadError(f"[A102] cannot read the file ({exc.strerror}); check its permissions", path=name) from None
        id = id or _xml_id(path.stem)
    text, steps = decode(data, encoding=encoding, name=name)
    return Document(text, id=id or "doc", provenance=steps, meta={"source": name})


def _xml_id(stem: str) -> str:
    """An NCName from a file stem, so the id can serve as an ``xml:id`` prefix."""
    s = regex.sub(r"[^\w.\-]", "-", stem) or "doc"
    if not regex.match(r"[\p{L}_]", s):
        s = "d" + s
    return s

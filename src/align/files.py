"""Output at the edge: write whole files or nothing, and ``-`` for stdout."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import AlignError

__all__ = ["write_output"]


def write_output(path: str | os.PathLike[str] | None, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file + rename), or to stdout for ``None``/``-``.

    A crash or an error halfway leaves the previous file, never a half-written one.
    """
    if path is None or str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise AlignError(f"[A501] output folder {str(directory)!r} does not exist; create it or choose another -o", path=str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise

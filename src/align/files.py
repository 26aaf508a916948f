"""Output at the edge: write whole files or nothing, and ``-`` for stdout."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Iterable

from .errors import AlignError

__all__ = ["write_output"]


_UMASK_LOCK = threading.Lock()
_UMASK: int | None = None


def _umask() -> int:
    """The process's umask, read once: reading it means setting it, which must not race with another
    thread's write (a batch on a Dask worker writes from several threads)."""
    global _UMASK
    with _UMASK_LOCK:
        if _UMASK is None:
            _UMASK = os.umask(0)
            os.umask(_UMASK)
        return _UMASK


def write_output(path: str | os.PathLike[str] | None, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` to ``path`` atomically (temp file + rename), or to stdout for ``None``/``-``.

    ``data`` may be an iterable of byte pieces (a streamed encoding), written as they come.

    A crash or an error halfway leaves the previous file, never a half-written one. The new file
    gets the old file's mode (or the usual mode under the umask), a symlink is followed, and a
    target that is not a regular file (a FIFO, a device) is written to directly.
    """
    if path is None or str(path) == "-":
        if sys.stdout is None:
            raise AlignError("[A502] standard output is closed; give an output file with -o")
        for piece in _pieces(data):
            sys.stdout.buffer.write(piece)
        sys.stdout.flush()
        return
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise AlignError("[A501] the output is a folder; give a file name", path=str(path))
    if target.exists() and not target.is_file():
        with open(target, "wb") as fh:  # a device or a pipe: nothing to replace atomically
            for piece in _pieces(data):
                fh.write(piece)
        return
    directory = target.parent
    if not directory.is_dir():
        raise AlignError(f"[A501] output folder {str(directory)!r} does not exist; create it or choose another -o", path=str(path))
    if target.exists():
        mode = target.stat().st_mode & 0o7777
    else:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in _pieces(data):
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())  # the bytes reach the disk before the name does: a crash leaves old or new
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _pieces(data: bytes | Iterable[bytes]) -> Iterable[bytes]:
    return (data,) if isinstance(data, bytes) else data

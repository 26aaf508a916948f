"""The batch manifest: one JSON object per line, one line per finished document.

Lines are appended as documents finish, so a run killed at any moment keeps the record of what it
finished (a torn last line is ignored). When a run ends, the file is rewritten atomically with one
line per output, the latest, sorted by output path. Paths are stored relative to the manifest's
folder, so a tree moved with its manifest stays resumable.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from typing import IO, Any, Iterator

from ..files import write_output
from .jobs import BatchError

__all__ = ["Record", "Manifest", "sha256_file", "sha256_bytes"]

_CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: str) -> str:
    """SHA-256 of a file, read in chunks so a large input never sits in memory twice."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Record:
    """What happened to one output. ``status`` is ``ok``, ``failed`` or (in results only) ``skipped``."""

    output: str
    inputs: list[dict[str, str | None]]
    status: str
    error: str | None = None
    output_sha256: str | None = None
    settings: str = ""
    seconds: float = 0.0
    detail: str | None = field(default=None, repr=False)  # a traceback, for errors that are bugs

    def to_json(self) -> str:
        d = {k: v for k, v in asdict(self).items() if v is not None or k in ("error", "output_sha256")}
        return json.dumps(d, ensure_ascii=False, sort_keys=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Record":
        return cls(
            output=str(d["output"]),
            inputs=[dict(i) for i in d.get("inputs", [])],
            status=str(d.get("status", "")),
            error=d.get("error"),
            output_sha256=d.get("output_sha256"),
            settings=str(d.get("settings", "")),
            seconds=float(d.get("seconds", 0.0)),
            detail=d.get("detail"),
        )


class Manifest:
    """A JSON Lines manifest at ``path``, locked while a run appends to it.

    Use as a context manager: entering loads the records and takes the lock, :meth:`append` adds a
    line at once (flushed, so a killed process loses nothing it reported), leaving compacts the file.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        self.folder = os.path.dirname(os.path.abspath(self.path))
        self.records: dict[str, Record] = {}
        self._fh: IO[str] | None = None

    def key(self, path: str) -> str:
        """How ``path`` (relative to the working folder) is written in the manifest."""
        return os.path.relpath(os.path.abspath(path), self.folder).replace(os.sep, "/")

    def path_of(self, key: str) -> str:
        return os.path.normpath(os.path.join(self.folder, key))

    def load(self) -> None:
        self.records = dict(_read_records(self.path))

    def __enter__(self) -> "Manifest":
        os.makedirs(self.folder, exist_ok=True)
        fh = open(self.path, "a", encoding="utf-8")
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # no flock on this platform: run unlocked
            pass
        except OSError:
            fh.close()
            raise BatchError(
                "[A802] another align run is using this manifest; wait for it or give another --manifest", path=self.path
            ) from None
        self._fh = fh
        self.load()
        return self

    def append(self, record: Record) -> None:
        self.records[record.output] = record
        if self._fh is not None:
            self._fh.write(record.to_json() + "\n")
            self._fh.flush()

    def compact(self) -> None:
        """Rewrite the file with the latest record per output, atomically."""
        lines = [self.records[k].to_json() + "\n" for k in sorted(self.records)]
        write_output(self.path, "".join(lines).encode("utf-8"))

    def __exit__(self, *exc: object) -> None:
        try:
            self.compact()
        finally:
            if self._fh is not None:
                self._fh.close()  # closing releases the lock
                self._fh = None


def _read_records(path: str) -> Iterator[tuple[str, Record]]:
    try:
        fh = open(path, encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return
    except OSError as exc:
        raise BatchError(f"[A802] cannot read the manifest ({exc.strerror}); check its permissions", path=path) from None
    with fh:
        for line in fh:
            try:
                rec = Record.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a line torn by a killed run: its document is simply done again
            yield rec.output, rec

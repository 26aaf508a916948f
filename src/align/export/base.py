"""What every writer returns: the bytes, and the counts a caller reports."""

from __future__ import annotations

from typing import NamedTuple

import regex

from ..errors import ExportError

__all__ = ["Written", "check_id"]

_BAD_ID = regex.compile(r"[\s;]")


class Written(NamedTuple):
    """A writer's result: ``data`` to write, ``units`` written, ``replaced`` characters XML forbids."""

    data: bytes
    units: int
    replaced: int = 0


def check_id(sid: str, side: str) -> str:
    """Sentence ids go into space- and ``;``-separated lists, so they must be non-empty and free of both."""
    if not sid or _BAD_ID.search(sid):
        raise ExportError(
            f"[A910] {side} sentence id {sid!r} cannot be written: ids must be non-empty, without white space or ';' "
            "(an xml:id always is); give the sentences ids"
        )
    return sid

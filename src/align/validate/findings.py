"""What a check reports: one :class:`Finding` per problem, with a place a person can jump to."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Finding", "SEVERITIES"]

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem in one file. ``rule`` is a stable id (``tei-schema``, ``ALN-lang-declared`` ...)."""

    path: str
    line: int
    col: int
    severity: str
    rule: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity} {self.rule}: {self.message}"

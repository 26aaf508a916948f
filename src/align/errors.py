"""Errors the library raises. Each message carries a code and says what to do next.

Library code never prints or exits; the CLI turns an :class:`AlignError` into one line on stderr
(``file:line:col: error [Axxx] message``) and a non-zero exit code.
"""

from __future__ import annotations

__all__ = [
    "AlignError",
    "ModelError",
    "ReadError",
    "SegmentError",
    "AnnotationError",
    "AlignmentError",
    "EncodeError",
    "TeiInvalid",
    "ExportError",
]


class AlignError(Exception):
    """Base class; ``location`` is ``file[:line[:col]]`` when the problem has a place in a file."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col

    @property
    def location(self) -> str:
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        if self.path is None and self.line is None:
            return self.message
        return f"{self.location}: {self.message}"


class ModelError(AlignError, ValueError):
    """A span, layer or document breaks the data model's invariants."""


class ReadError(AlignError):
    """The input cannot be read as text (missing, binary, not in the stated encoding, empty)."""


class SegmentError(AlignError):
    """A segmenter or splitter could not produce spans that fit the text."""


class AnnotationError(AlignError):
    """An annotator failed or broke its contract; ``name`` is the annotator's name."""

    def __init__(self, name: str, message: str):
        super().__init__(f"[A301] annotator {name!r}: {message}")
        self.name = name


class AlignmentError(AlignError):
    """Sentence alignment could not be computed from the given inputs."""


class EncodeError(AlignError):
    """The model cannot be written as TEI (for instance, overlapping spans where TEI needs nesting)."""


class TeiInvalid(AlignError):
    """A TEI document failed validation; ``problems`` lists what was found."""

    def __init__(self, message: str, problems: list | None = None, **kw):
        super().__init__(message, **kw)
        self.problems = list(problems or [])


class ExportError(AlignError):
    """An aligned TEI file cannot be read for export, or the alignment cannot be written in a format."""

"""Where bundled files live, in a wheel and in a source checkout alike."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_path", "tei_schema_path", "bundled_corpus_path"]

_PKG_DATA = Path(str(resources.files("align"))) / "data"
_CHECKOUT_TEI = Path(__file__).resolve().parents[2] / "tei"


def data_path(name: str) -> Path:
    """A file shipped in ``align/data``."""
    return _PKG_DATA / name


def tei_schema_path(name: str = "tei_all.rng") -> Path:
    """The vendored TEI schema: ``align/data/tei`` in a wheel, ``tei/`` in a source checkout."""
    installed = _PKG_DATA / "tei" / name
    if installed.exists():
        return installed
    return _CHECKOUT_TEI / name


def bundled_corpus_path() -> Path:
    return data_path("seventy-five-years.txt")

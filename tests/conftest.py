"""Shared fixtures. The full TEI schema takes 10-18 s to compile, so it is compiled once per session."""

from __future__ import annotations

import pytest
from lxml import etree

from align.resources import tei_schema_path


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(tei_schema_path("tei_all.rng"))))

"""The aligner as a registered component (``aligner``): two Documents with ``sentence`` layers in, a
:class:`~align.model.Pair` out. Its settings choose an aligner from the registry (``name``) and its
languages; the beads it returns are signed by the aligner itself (``aligner:dp-ko|...``), which is
what the TEI header lists and the alignment's ``linkGrp/@resp`` points at.

>>> from align.components import get_component
>>> c = get_component("aligner")
>>> c.requires, c.assigns
(('sentence',), ('alignment',))
"""

from __future__ import annotations

from typing import Any

from ..components import pair_component
from ..model import Document, Pair

__all__ = ["ALIGNER"]


@pair_component("aligner", requires=("sentence",), version="1")
def ALIGNER(src: Document, tgt: Document, *, name: str = "dp", dictionary: Any = None) -> Pair:
    """Sentence alignment of two documents (languages from ``meta['lang']``)."""
    from .api import align_documents, make_aligner

    aligner = make_aligner(name, src_lang=src.meta.get("lang", "ko"), tgt_lang=tgt.meta.get("lang", "en"), dictionary=dictionary)
    return Pair(src, tgt, align_documents(src, tgt, aligner=aligner), meta={"role": "parallel"})

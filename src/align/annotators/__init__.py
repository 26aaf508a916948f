"""Annotators: components that read the segmented text (blocks, scripts, sentences) and add layers.

Each module registers its components (:func:`align.components.component`) when imported; the
registry imports them on first look-up. Built in: ``dates`` (dates and periods in running text, as ISO
values) and ``foreign`` (runs in another language than the block around them). A scholar's own
annotator is a function ``Document -> Document`` decorated the same way, and its layer reaches the TEI
through :mod:`align.tei.mapping`.
"""

from __future__ import annotations

__all__ = ["dates", "foreign"]

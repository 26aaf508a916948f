"""Named structure profiles: the thresholds and switches of :mod:`align.text.structure`, per kind of text.

A profile says what kind of text is being read, so that habits of one kind (every short line under a
photograph is a caption; a period line opens a chapter) are never taken for rules of all texts.

``general`` (default)
    Any text: a block becomes a figure, a quotation, a heading … only on evidence in the text itself.
``photo-book``
    A picture book such as the bundled one: short blocks without a final stop are captions of
    photographs, text in another script read off a photograph is an inscription, a heading followed
    by a new period line (``October 1926-August 1945``) opens a chapter and one with the same period a
    section, and unheaded opening paragraphs are a preface.
``treaty``
    Agreements, treaties, charters: numbered articles are the top divisions, the paragraphs before the
    first article are the preamble, and the date line and signature blocks after the last article
    are its closer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..errors import AlignError
from .scripts import LanguageMap

__all__ = ["StructureConfig", "PROFILES", "get_profile", "profile_names"]


@dataclass(frozen=True)
class StructureConfig:
    """Thresholds and switches of structure recovery; :data:`PROFILES` names the usual sets."""

    #: the profile's name (recorded in the output's encoding description)
    name: str = "general"
    #: a block without final punctuation and at most this long may be a heading or display line
    max_heading_chars: int = 120
    #: a Title-Case line is a heading only with at least this many capitalised words (0: never)
    min_title_case_words: int = 1
    #: a paragraph cut by a page break is joined only when its first part is at least this long
    min_join_chars: int = 80
    #: a quotation followed by its author's name is at least this long
    min_quote_chars: int = 80
    #: consecutive foreign-language blocks that form an embedded text rather than single blocks
    min_embedded_blocks: int = 3
    #: a foreign block at least this long and ending a sentence makes its run an embedded text
    min_embedded_paragraph_chars: int = 60
    #: the text is a photo book: short unpunctuated blocks are captions, short foreign ones inscriptions
    photo_book: bool = False
    #: a heading's period line decides its rank: a new period opens a chapter, the same one a section
    period_chapters: bool = False
    #: paragraphs between the title page and the first heading form a preface in ``front``
    unheaded_preface: bool = False
    #: a quotation may be attributed to a bare name only when the name is romanized Korean
    korean_name_attributions: bool = False
    #: numbered articles are the top divisions; preamble before, closer after
    treaty: bool = False
    #: look for verse (blocks of short lines)
    verse: bool = True
    #: a verse line is at most this long
    max_verse_line: int = 72
    #: look for page numbers, running heads and footnotes left by OCR
    furniture: bool = True
    #: script → language table (default: :data:`align.text.scripts.DEFAULT_LANGUAGES`)
    languages: LanguageMap = field(default_factory=LanguageMap)


PROFILES: dict[str, StructureConfig] = {
    "general": StructureConfig(),
    "photo-book": StructureConfig(
        name="photo-book",
        max_heading_chars=250,
        min_title_case_words=6,
        photo_book=True,
        period_chapters=True,
        unheaded_preface=True,
        korean_name_attributions=True,
        verse=False,
    ),
    "treaty": StructureConfig(name="treaty", treaty=True, verse=False, min_title_case_words=0),
}


def profile_names() -> list[str]:
    return sorted(PROFILES)


def get_profile(name: str | None, **changes) -> StructureConfig:
    """The profile called ``name`` (None: ``general``), with ``changes`` applied; an unknown name is
    refused with the list of known ones."""
    key = (name or "general").strip().lower().replace("_", "-")
    if key not in PROFILES:
        raise AlignError(f"[A260] unknown structure profile {name!r}; choose one of: {', '.join(profile_names())}")
    cfg = PROFILES[key]
    return dataclasses.replace(cfg, **changes) if changes else cfg

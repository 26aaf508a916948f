"""Which rules a document is held to: any TEI (``tei``) or a bilingual edition (``edition``).

General TEI does not declare its languages in ``langUsage``, write one script per ``xml:lang`` or
align anything, so holding every document to the edition rules floods a real archive with false
alarms. ``auto`` keeps the edition rules for documents that show they are bilingual editions: a
``langUsage`` that lists two or more languages, an alignment ``linkGrp``, or a file written by align
(its ``appInfo`` names the application ``align``).
"""

from __future__ import annotations

from lxml import etree

__all__ = ["document_profile", "is_bilingual_edition"]

_T = "{http://www.tei-c.org/ns/1.0}"


def is_bilingual_edition(root: etree._Element) -> bool:
    """Whether the document says it is a bilingual edition (see the module docstring)."""
    for usage in root.iter(_T + "langUsage"):
        idents = {(lang.get("ident") or "").strip().lower() for lang in usage.iter(_T + "language")}
        if len(idents - {""}) >= 2:
            return True
    for grp in root.iter(_T + "linkGrp"):
        if (grp.get("type") or "").strip() == "alignment":
            return True
    for app in root.iter(_T + "application"):
        if (app.get("ident") or "").strip().lower() == "align":
            return True
    return False


def document_profile(requested: str, root: etree._Element) -> str:
    """``tei`` or ``edition`` for this document: ``requested`` itself unless it is ``auto``."""
    if requested != "auto":
        return requested
    return "edition" if is_bilingual_edition(root) else "tei"

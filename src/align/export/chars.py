"""Characters that XML 1.0 cannot hold (most C0 controls, U+FFFE/U+FFFF, lone surrogates).

Text read from TEI never has them, but documents built in Python or read from plain text may: the
XML writers replace each one with U+FFFD and count them, so the caller can say how many were lost.

>>> xml_safe("a\\x00b\\x1fc")
('a\\ufffdb\\ufffdc', 2)
"""

from __future__ import annotations

import regex

__all__ = ["xml_safe", "FORBIDDEN"]

#: Anything outside XML 1.0's ``Char`` production.
FORBIDDEN = regex.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> tuple[str, int]:
    """``text`` with every character XML forbids replaced by U+FFFD, and how many were replaced."""
    return FORBIDDEN.subn("\ufffd", text)

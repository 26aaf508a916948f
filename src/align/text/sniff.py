"""Evidence for the read errors: which encoding a file that is not UTF-8 is probably in.

Nothing here decodes a file for the pipeline: ``align`` reads UTF-8 unless told otherwise, and these
functions only say, in the error, what the bytes look like, so that the hint is the right one
(``--encoding cp1252`` for a Western file, ``cp949`` for an older Korean one, UTF-16 by name).

The test of an encoding is that it decodes the bytes without error *and* gives text that looks like
text: no control or unassigned characters, no symbols wedged inside words (``Ã©``, ``Ç±¹``: the
signs of bytes read in the wrong encoding), few script changes between neighbouring letters
(random Hangul-Hanja alternation is Chinese read as Korean), no odd spaces (``U+2000`` is ``0x20 0x00``
read the wrong way round).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import unicodedata2

from .scripts import char_script

__all__ = ["Guess", "bom_encoding", "utf16_32_without_bom", "guess_encodings", "oddness", "ENCODING_NAMES"]

#: Encodings tried for a file that is not UTF-8, in order of preference on a tie, with a description.
ENCODING_NAMES: dict[str, str] = {
    "cp949": "Korean, Windows / EUC-KR",
    "cp1252": "Western European, Windows",
    "iso-8859-1": "Western European, Latin-1",
    "iso-8859-15": "Western European with the euro sign, Latin-9",
    "cp1250": "Central European, Windows",
    "cp1254": "Turkish, Windows",
    "cp1257": "Baltic, Windows",
    "cp1251": "Cyrillic, Windows",
    "koi8-r": "Cyrillic, KOI8-R",
    "cp1253": "Greek, Windows",
    "cp1255": "Hebrew, Windows",
    "cp1256": "Arabic, Windows",
    "shift_jis": "Japanese, Shift JIS",
    "euc-jp": "Japanese, EUC-JP",
    "gb18030": "Chinese, simplified (GB18030 / GBK)",
    "big5": "Chinese, traditional (Big5)",
    "cp874": "Thai, Windows",
    "utf-16-le": "UTF-16, little-endian",
    "utf-16-be": "UTF-16, big-endian",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32, little-endian"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32, big-endian"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16, little-endian"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16, big-endian"),
)

#: Share of odd characters (see :func:`oddness`) above which a decoding is not plausible text.
PLAUSIBLE = 0.03
_SAMPLE = 65536  # characters looked at


def bom_encoding(data: bytes) -> tuple[str, str] | None:
    """``(codec, description)`` when ``data`` starts with a UTF-16 or UTF-32 byte-order mark."""
    for bom, codec, what in _BOMS:
        if data.startswith(bom):
            return codec, what
    return None


def _looks_like(text: str) -> bool:
    return "\x00" not in text and oddness(text) <= PLAUSIBLE


def utf16_32_without_bom(data: bytes) -> tuple[str, str] | None:
    """``(codec, description)`` when ``data`` without a BOM reads as UTF-32 or UTF-16 text.

    Their sign is NUL bytes (most text is in the first 256 or 65 536 code points); the decoding must
    also look like text, which the wrong byte order does not.
    """
    head = data[: _SAMPLE * 4]
    for codec, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        cut = len(head) - len(head) % unit
        try:
            text = head[:cut].decode(codec, errors="strict")
        except UnicodeDecodeError as exc:
            if exc.start < cut - 4:  # only a character split by the sample's end is forgiven
                continue
            text = head[: exc.start].decode(codec)
        # real text has spaces or line breaks; ASCII bytes read in pairs never give any (U+0A61, U+2061)
        spaced = len(text) < 8 or any(c in text for c in " \n\t\u3000")
        if text and spaced and _looks_like(text):
            return codec, ENCODING_NAMES.get(codec, "UTF-32, " + ("little" if codec.endswith("le") else "big") + "-endian")
    return None


def _is_letter(cat: str) -> bool:
    return cat[0] == "L" or cat == "Mn" or cat == "Mc"


#: Scripts written together inside one word: a change between them is not a sign of a wrong decoding.
_FAMILIES = ({"Hani", "Hira", "Kana"}, {"Hani", "Hang"}, {"Hani", "Bopo"})


def _related(a: str, b: str) -> bool:
    return any(a in f and b in f for f in _FAMILIES)


def oddness(text: str, encoding: str | None = None) -> float:
    """Share of characters in (a sample of) ``text`` that real text rarely has; 0 is ordinary text.

    With ``encoding``, the text must also look like what that encoding is for: a Japanese code page
    gives kana, a Korean one mostly Hangul, a Cyrillic one Cyrillic letters.
    """
    sample = text[:_SAMPLE]
    odd = 0.0
    counted = 0
    cats = [unicodedata2.category(c) for c in sample]
    scripts: dict[str, int] = {}
    prev_script = ""
    runs: list[list] = []  # [script, length] of the letters of the current word
    cases = ""  # U, l or - for each letter of the current word
    for i, ch in enumerate(sample + " "):
        cat = cats[i] if i < len(cats) else "Zs"
        if cat[0] != "L":
            # Hangul and Hanja alternating inside one word ('櫓빽훙角寧몸'): Chinese read as Korean (a
            # Korean word has its Hanja first, then at most a Hangul ending: two runs)
            kinds = {r[0] for r in runs}
            if len(runs) >= 3 and {"Hang", "Hani"} <= kinds and not kinds & {"Hira", "Kana"}:
                odd += 0.5 * (len(runs) - 2)
            # a lower-case letter between capitals that go on ('УЮщЫЪЕП', 'ÓÞùÛÚ'): words are lower
            # case, capitalised or in capitals ('McDonald', 'PhDs' are not caught)
            if "UlUU" in cases:
                odd += 1
            cases = ""
            # one letter of an unrelated script stuck to a word ('Lietuviר', 'Pّيliڑ')
            for k, (script, length) in enumerate(runs):
                if length == 1 and len(runs) > 1:
                    near = [runs[j][0] for j in (k - 1, k + 1) if 0 <= j < len(runs)]
                    if any(n != script and not _related(n, script) for n in near):
                        odd += 1
            runs = []
        if i == len(sample):
            break
        if ch in " \t\n\r":
            prev_script = ""
            continue
        counted += 1
        if cat in ("Cc", "Cn", "Co", "Cs"):
            odd += 3
        elif cat == "Zs" and ch not in "\u00a0\u3000":
            odd += 1
        elif "\uff61" <= ch <= "\uff9f":  # halfwidth katakana: bytes of another code page read as Shift JIS
            odd += 0.5
        elif cat == "Cf" and ch not in "\u00ad\u200d" and i and _is_letter(cats[i - 1]) and i + 1 < len(cats) and _is_letter(cats[i + 1]):
            odd += 1  # a direction mark or joiner inside a word
        elif cat[0] == "M" and prev_script and char_script(ch) not in ("Zinh", "Zyyy", prev_script):
            odd += 1  # a mark of another script on a letter ('caf้': a Thai tone mark on Latin)
        elif cat == "Nd" and ch > "\x7f" and i and _is_letter(cats[i - 1]) and i + 1 < len(cats) and _is_letter(cats[i + 1]):
            odd += 1  # a digit inside a word ('หร๑นฒ')
        elif cat[0] == "S" or cat == "No":
            before = cats[i - 1] if i else "Zs"
            after = cats[i + 1] if i + 1 < len(cats) else "Zs"
            if _is_letter(before) or _is_letter(after):
                odd += 1 if (_is_letter(before) and _is_letter(after)) else 0.5
            elif (before[0] == "S" and sample[i - 1] != ch) or (after[0] == "S" and sample[i + 1] != ch):
                odd += 0.5  # a jumble of different symbols ('┤┬▓√')
        if cat[0] == "L":
            script = char_script(ch)
            scripts[script] = scripts.get(script, 0) + 1
            cases += "U" if cat == "Lu" else "l" if cat == "Ll" else "-"
            if runs and runs[-1][0] == script:
                runs[-1][1] += 1
            else:
                runs.append([script, 1])
            if prev_script and script != prev_script and script not in ("Zyyy", "Zinh") and not _related(script, prev_script):
                odd += 0.3
            prev_script = script
        elif cat[0] != "M":
            prev_script = ""
    if not counted:
        return 0.0
    c = coherence(sample)
    unlike = 0.1 if c is not None and c < 0.2 else 0.0
    return odd / counted + _expectation(encoding, scripts) + unlike


#: The eight most frequent letters of each alphabet, over the languages written in it. Real text has
#: about half its letters among them; bytes read in another alphabet's code page are a permutation of
#: the real letters, and land on them far less often ('Ïðèâåò' for 'Привет').
_FREQUENT = {
    "Latn": frozenset("eaionrts"),
    "Cyrl": frozenset("оеаинтср"),
    "Grek": frozenset("αοειτνση"),
    "Hebr": frozenset("יוהלארמת"),
    "Arab": frozenset("اليمونهر"),
    "Thai": frozenset("านรอกเมง"),
}
_MIN_LETTERS = 15


def coherence(text: str) -> float | None:
    """Share of alphabetic letters that are among their alphabet's most frequent ones (None: too few)."""
    hits = total = 0
    for ch in text[:_SAMPLE]:
        if not ch.isalpha():
            continue
        script = char_script(ch)
        frequent = _FREQUENT.get(script)
        if frequent is None:
            continue
        total += 1
        hits += ch.lower() in frequent
    return hits / total if total >= _MIN_LETTERS else None


def _expectation(encoding: str | None, scripts: dict[str, int]) -> float:
    """0, or a penalty when the letters are not those the encoding exists to write."""
    if encoding is None:
        return 0.0
    han, kana, hangul = scripts.get("Hani", 0), scripts.get("Hira", 0) + scripts.get("Kana", 0), scripts.get("Hang", 0)
    if encoding in ("shift_jis", "euc-jp") and han + kana >= 10 and kana * 10 < han + kana:
        return 0.1  # Japanese text without kana is Chinese read as Japanese
    if encoding == "cp949" and hangul + han >= 10 and hangul < han:
        return 0.1  # Korean text is mostly Hangul
    alphabet = {"cp1251": "Cyrl", "koi8-r": "Cyrl", "cp1253": "Grek", "cp1255": "Hebr", "cp1256": "Arab", "cp874": "Thai"}.get(encoding)
    if alphabet:  # a code page for one alphabet gives letters of that alphabet beside any ASCII
        wide = sum(n for s, n in scripts.items() if s != "Latn")
        if wide and scripts.get(alphabet, 0) * 2 < wide:
            return 0.1
    return 0.0


@dataclass(frozen=True)
class Guess:
    """An encoding that decodes the whole file, how odd the result looks, and the result near a place."""

    encoding: str
    oddness: float
    sample: str

    @property
    def plausible(self) -> bool:
        return self.oddness <= PLAUSIBLE

    @property
    def description(self) -> str:
        return ENCODING_NAMES.get(self.encoding, self.encoding)


def guess_encodings(data: bytes, *, near: int = 0, exclude: tuple[str, ...] = ()) -> list[Guess]:
    """Encodings of :data:`ENCODING_NAMES` that decode ``data`` without error, least odd first.

    ``sample`` is the decoded text around byte offset ``near`` (where UTF-8 failed), for the message.
    """
    skip = {codecs.lookup(e).name for e in exclude}
    found: list[tuple[float, int, int, Guess]] = []
    for order, enc in enumerate(ENCODING_NAMES):
        if codecs.lookup(enc).name in skip:
            continue
        if enc.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        at = len(data[:near].decode(enc, errors="replace"))
        lo = max(0, at - 12)
        lo = text.rfind(" ", lo - 12, at) + 1 if " " in text[max(0, lo - 12) : at] else lo
        sample = " ".join(text[lo : at + 24].split())
        score = oddness(text, enc)
        c = coherence(text)
        # among plausible readings: fewer odd characters, and letters more often their alphabet's
        # frequent ones; readings within half a per cent tie (the same text in two code pages), and
        # the order of ENCODING_NAMES decides
        rank = round((score - 0.1 * (c if c is not None else 0.25)) / 0.005)
        found.append((score, rank, order, Guess(enc, score, sample)))
    found.sort(key=lambda t: (t[0] > PLAUSIBLE, t[0] if t[0] > PLAUSIBLE else 0, t[1] if t[0] <= PLAUSIBLE else 0, t[2]))
    return [g for *_, g in found]

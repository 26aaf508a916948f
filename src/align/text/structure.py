"""Recover the structure a human encoder sees in a plain or lightly marked-up text.

Input is a Document whose text is blocks separated by blank lines (OCR output, light Markdown).
Output is two standoff layers, with no TEI in them:

``block``
    one span per block (a run of non-blank lines; a first or last line cut off where it is evidently
    something else, such as a page number or a heading over its paragraph; several runs joined where
    a paragraph was split by a page break), labelled with its kind:
    ``title``/``subtitle``/``byline`` (title page), ``heading`` (``attrs`` type, n, level),
    ``head-sub``, ``period`` (a heading's date line), ``p`` (``attrs['quote']`` for a block quotation,
    ``attrs['epigraph']``), ``lg`` (verse), ``e-list`` (a list), ``attribution``, ``caption``,
    ``figure-desc`` (a picture's own mark), ``inscription``, ``fw`` (page furniture), ``note``,
    ``salute``/``closing``/``closing-signed``/``signed``/``dateline`` (letters, treaties),
    ``colophon``, ``ab`` (no letters), and inside an embedded text ``e-head``, ``e-p``, ``e-list``,
    ``e-date``, ``e-signed``.
``group``
    the spans that contain blocks: ``front``, ``titlePage``, ``docTitle``, ``body``, ``back``,
    ``div`` (``attrs`` type, n, level), ``preface``, ``figure``, ``cit``, ``epigraph``, ``poem``,
    ``letter``, ``opener``, ``closer``, ``embedded`` (a text in another language set inside the main
    one, such as a treaty quoted in full).

A kind is given on evidence in the text, never for shortness alone: a figure needs a caption marker,
a picture mark or the photo-book profile; a heading needs its own words (:mod:`align.text.headings`)
or a display line that heads prose; a quotation needs indentation, a ``>`` or an attribution. What a
kind of text makes likely (captions in a photo book, articles in a treaty) is a named profile
(:mod:`align.text.profiles`). Word lists are small and documented: colophon phrases, division words,
salutations and closings, caption markers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

import re

import regex

from . import furniture
from .dates import find_dates, parse_date, parse_range
from .headings import BACK_TYPES, FRONT_TYPES, parse_heading
from ..model import Document, Layer, Span
from .profiles import PROFILES, StructureConfig, get_profile
from .scripts import LanguageMap, dominant_script

__all__ = ["StructureConfig", "PROFILES", "get_profile", "block_spans", "recover_structure", "recover_structure_as_embedded", "looks_like_personal_name", "ends_sentence"]

# Only XML white space (space, tab, newline) may separate or surround blocks: whatever is trimmed ends
# up between elements, where other spaces (NBSP, U+3000) would be text where TEI allows none.
_XML_WS = " \t\n"
_TERMINAL = regex.compile(r"[.!?。？！…]['\"”’»」』)\]]*\s*$")


#: The same, searched from the end of the text (``regex``'s reverse search): the forward search tries
#: every position of a block, and the structure asks this of every block several times.
_TERMINAL_FROM_END = regex.compile(r"(?r)" + _TERMINAL.pattern)


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-final punctuation (closing quotes and brackets allowed)."""
    return _TERMINAL_FROM_END.search(text) is not None


_STARTS_LOWER = regex.compile(r"^\s*\p{Ll}")
_LETTER = regex.compile(r"\p{L}")
_LIST_LINE = regex.compile(r"^\s*(?:\d{1,3}|[a-z]|[ivx]{1,4}|[가-하])[.)]\s+\S")
_WORD = regex.compile(r"[\p{L}\p{M}'’-]+|\d+")
# Colophon statements in English and Korean books (publisher, printing, issue date, ISBN, copyright).
COLOPHON = regex.compile(
    r"^\s*(?:published\s+by|printed\s+in|printed\s+by|issued\s+in|first\s+(?:published|edition)|isbn\b|©|copyright\b|"
    r"all\s+rights\s+reserved|(?:발행|펴낸|인쇄)(?:인|처|일|곳|소)?\s*[:：]|주체\s*\d+\s*\(?\d{4}\)?\s*년)",
    regex.IGNORECASE,
)
# Lower-case words allowed inside a Title-Case heading.
_MINOR_WORDS = frozenset(
    "a an and as at but by for from in into nor of on onto or over per the to up upon via with within without vs".split()
)

# Syllables of romanized Korean (McCune-Reischauer/DPRK, Revised), ASCII forms: used to tell a
# personal name ("Kim Il Sung", "Kim Dae-jung") from a place caption ("West Sea Barrage").
_ONSET = r"(?:kk|tt|pp|ss|jj|tch|ch|kh|th|ph|sh|ng|k|g|n|t|d|r|l|m|p|b|s|j|h|y|w)?"
_NUCLEUS = r"(?:yae|yeo|wae|ae|ya|yo|yu|ye|eo|eu|oe|oi|wa|wo|we|wi|ui|a|o|u|i|e)"
_CODA = r"(?:ng|rk|k|n|t|l|m|p|r)?"  # "rk": the customary Park
_SYLLABLE = rf"{_ONSET}{_NUCLEUS}{_CODA}"
_NAME_TOKEN = regex.compile(rf"(?i)^{_SYLLABLE}(?:-{_SYLLABLE}){{0,2}}$")


# A quotation set in quotation marks may be attributed to any name of 2-4 capitalised words.
_QUOTED = regex.compile(r"^[\"“‘«„「『']")
_NAME_SHAPE = regex.compile(r"^\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){1,3}$")


#: the default thresholds, for rules that do not depend on the profile
_DEFAULT_CONFIG = StructureConfig()


def looks_like_personal_name(s: str) -> bool:
    """Two to four capitalised tokens, each one or a hyphenated few romanized Korean syllables."""
    tokens = s.split()
    if not 2 <= len(tokens) <= 4:
        return False
    return all(t[:1].isupper() and _NAME_TOKEN.match(t) and len(t) <= 12 for t in tokens) and len(tokens[0]) <= 5


#: ``_Unit.head_key`` not worked out yet (a key is a string or None; False pickles as itself)
_NOT_YET: Any = False


class _Unit:
    """A block being classified: its range, text, language, kind and attributes so far.

    A plain slotted class rather than a dataclass: the structure makes and reads one per block in
    every pass, and ``stripped`` (asked of almost every block) is computed once, here."""

    __slots__ = ("start", "end", "text", "lang", "kind", "attrs", "stripped", "head_key")

    def __init__(self, start: int, end: int, text: str, lang: str | None, kind: str = "", attrs: dict | None = None, head_key: Any = _NOT_YET) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.lang = lang
        self.kind = kind
        self.attrs = {} if attrs is None else attrs
        self.stripped = text.strip()
        self.head_key = head_key  # see _unit_head_key

    def __repr__(self) -> str:
        return f"_Unit({self.start}, {self.end}, {self.text!r}, {self.lang!r}, {self.kind!r}, {self.attrs!r})"


def block_spans(text: str) -> list[tuple[int, int]]:
    """Maximal runs of non-blank lines, as (start, end) without the surrounding newlines."""
    return list(iter_block_spans(text))


# A block: a line that is not blank (blank = spaces and tabs only), the lines after it up to the
# next blank line or the end; from the start of its first line (its indentation kept) to its last
# character that is not a space or tab (only XML white space is trimmed: see _XML_WS).
_BLOCK = re.compile(r"(?m)^[ \t]*[^ \t\n](?:[^\n]*[^ \t\n])?(?:[ \t]*\n[ \t]*[^ \t\n](?:[^\n]*[^ \t\n])?)*")


def iter_block_spans(text: str) -> Iterator[tuple[int, int]]:
    """:func:`block_spans` one at a time, for a pass over a long text that keeps no list of them.

    One regular expression finds each block whole: blocks are maximal runs of lines with something
    besides spaces and tabs on them, so no splitting at blank lines and trimming is needed."""
    for m in _BLOCK.finditer(text):
        yield m.span()


def _unmarked(text: str) -> str:
    return text.replace("**", "").replace("*", "") if "*" in text else text


def _is_bold_block(text: str) -> bool:
    t = text.strip()
    return t.startswith("**") and t.endswith("**") and t.count("**") == 2 and len(t) > 4


def _is_title_case(text: str, min_words: int) -> bool:
    """One line in Title Case with at least ``min_words`` capitalised words; a comma marks a
    caption of the "Name, description" kind rather than a heading."""
    if "\n" in text or "," in text:
        return False
    words = [w for w in _WORD.findall(text) if _LETTER.search(w)]
    major = 0
    for w in words:
        if w.lower() in _MINOR_WORDS and w.islower():
            continue
        if not w[0].isupper():
            return False
        major += 1
    return major >= min_words


_ASCII_LETTER = regex.compile(r"[A-Za-z]")


def _lang_of(text: str, start: int, end: int, langs: LanguageMap, piece: str | None = None) -> str | None:
    """The language of the dominant script of ``text[start:end]`` (``piece``, when the caller has
    that slice already). ASCII text needs no script runs: its letters are all Latin."""
    if piece is None:
        piece = text[start:end] if end - start < 1 << 16 else None
    if piece is not None and piece.isascii():
        return langs.lang_of("Latn") if _ASCII_LETTER.search(piece) else None
    script = dominant_script(text, start, end)
    return langs.lang_of(script) if script else None


# ---------------------------------------------------------------------------------------------
# Evidence read off one block or line

_BULLET_LINE = regex.compile(r"^\s*(?:[-*•·‣◦▪]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)]|[가-하][.)]|[①-⑳])\s+\S")
_CAPTION_MARK = regex.compile(
    r"^\s*\**\s*(?:(?:photo(?:graph)?s?|pictured?|illustration|image|plate|fig(?:ure)?s?\.?|abb(?:ildung)?\.?|ill\.|사진|그림|도판|圖|图|写真)"
    r"\s*(?:\d+(?:\.\d+)?[a-z]?|[IVXLC]+)?\s*[.:：—–-](?!\d)|(?:fig(?:ure)?\.?|plate|abb\.|그림|사진|圖)\s*(?:\d+(?:\.\d+)?[a-z]?|[IVXLC]+)\s*$)",
    regex.IGNORECASE,
)
_CAPTION_CREDIT = regex.compile(r"[(\[](?:photo(?:graph)?|picture|image|사진|写真)\s*(?:[:：]|by\b|=)[^)\]]*[)\]]\s*$", regex.IGNORECASE)
_ILLUSTRATION = regex.compile(r"^\s*\[(?:illustration|picture|image|photo(?:graph)?|figure|plate|그림|사진|삽화)\b", regex.IGNORECASE)
_MD_IMAGE = regex.compile(r"!\[[^\]\n]*\]\(\s*(?P<url>[^)\s]+)[^)]*\)")
_DASH_LEAD = regex.compile(r"^\s*(?:—|―|–|--|-|~)\s*(?P<who>\S.*)$", regex.DOTALL)
_HANGUL_NAME = regex.compile(r"^(?:[가-힣]\s?){2,4}$|^[一-龥]{2,4}$")
_SALUTE = regex.compile(
    r"^(?:(?:my\s+)?(?:dear(?:est)?|beloved|darling)\s+[^,;:.!?\n]{1,30}|(?:dear\s+)?(?:sir|sirs|madam|madame|gentlemen|colleagues|friends?|all)"
    r"|to\s+whom\s+it\s+may\s+concern|(?:mon\s+|ma\s+)?(?:cher|chère|chers|chères)\s+\S.{0,30}|(?:liebe|lieber|liebes)\s+\S.{0,30}"
    r"|sehr\s+geehrte[rs]?\s+\S.{0,40}|querid[oa]s?\s+\S.{0,30}|(?:친애하는|사랑하는|존경하는|그리운)\s+.{1,20}"
    r"|[가-힣][가-힣\s]{0,18}(?:에게|께|님께|귀하|앞))[,:!]?$",
    regex.IGNORECASE,
)
_CLOSING = regex.compile(
    r"^(?:(?:yours|your)(?:\s+(?:very\s+)?(?:truly|sincerely|faithfully|ever|affectionately|respectfully|obediently|lovingly|cordially))?(?:\s+\S+){0,3}"
    r"|(?:very\s+)?(?:sincerely|faithfully|truly|cordially|respectfully|affectionately|gratefully)(?:\s+yours)?|(?:with\s+)?(?:best|kind|warm|warmest|kindest|fond)(?:\s+(?:regards|wishes|love))?"
    r"|(?:with\s+)?(?:love|regards|thanks)(?:\s+(?:always|and\s+kisses|from\s+\S+))?|all\s+my\s+love|cheers|as\s+ever|ever\s+yours|bien\s+(?:à\s+(?:vous|toi)|amicalement|cordialement)"
    r"|cordialement|amitiés|je\s+t'embrasse|mit\s+(?:freundlichen|herzlichen|besten)\s+grüßen|herzlich(?:st)?|atentamente|saludos"
    r"|[가-힣][가-힣\s]{0,18}(?:올림|드림|씀|보냄|배상))[,.!]?$",
    regex.IGNORECASE,
)
_DONE = regex.compile(r"^\s*(?:done|signed|made|concluded|fait|geschehen|hecho)\s+(?:at|in|à|zu|en)\b|^\s*\S.{0,40}(?:에서|에서는)\s.{0,30}\d{4}\s*년", regex.IGNORECASE)
_BYLINE = regex.compile(r"(?i)^(?:by|edited\s+by|translated\s+by|compiled\s+by|written\s+by|par|von|di|de)\s+\S|^\S.{0,30}\s(?:지음|씀|엮음|옮김|편역|글)$|^(?:글|지은이|저자|엮은이|옮긴이)\s*[:：]?\s*\S")


_SCRIPTS = [regex.compile(p) for p in (r"\p{Latin}", r"\p{Hangul}", r"[\p{Han}\p{Hiragana}\p{Katakana}]", r"\p{Cyrillic}", r"\p{Greek}")]


def _one_script(text: str) -> bool:
    """Letters of one script only. Elements that hold lines rather than running text (verse lines,
    signatures, notes) get no inline language runs, so a mixed block stays a paragraph."""
    if text.isascii():
        return True  # Latin letters at most
    found = 0
    for p in _SCRIPTS:
        if p.search(text):
            found += 1
            if found > 1:
                return False
    return True


_LINE_END_PUNCT = regex.compile(r"[,;:.!?…—–\-\"”’)]$")
_ONE_NAME = regex.compile(r"^\p{Lu}[\p{L}.'’-]+$")
_CLOSE_QUOTE_END = regex.compile(r"[\"”’»」』]\s*$")
_SENTENCE_INSIDE = regex.compile(r"[.!?]\s+\p{Lu}")
_BARE_NUMBER = regex.compile(r"\s*\d{1,3}\.?\s*")
_DIALOGUE_DASH = regex.compile(r"^\s*(?:—|―|–|--)")


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank lines of ``text[start:end]`` as (start, end) spans without their newline."""
    out, pos = [], start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip(_XML_WS):
            out.append((pos, stop))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _indent(line: str) -> int:
    n = 0
    for ch in line:
        if ch == " ":
            n += 1
        elif ch == "\t":
            n += 4
        else:
            break
    return n


def _is_list(text: str) -> bool:
    """Two or more lines opening with a bullet or an enumerator; other lines are indented continuations."""
    if "\n" not in text:
        return False  # one line (needs two, below)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) < 2 or not _BULLET_LINE.match(lines[0]):
        return False
    marked = 0
    for ln in lines:
        if _BULLET_LINE.match(ln):
            marked += 1
        elif _indent(ln) <= _indent(lines[0]):
            return False
    return marked >= 2


def _all_caps(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    cased = [c for c in letters if c.isupper() or c.islower()]
    return len(cased) >= 3 and all(c.isupper() for c in cased)


def _heading_shape(t: str, cfg: StructureConfig) -> bool:
    return len(t) <= cfg.max_heading_chars and bool(_LETTER.search(t)) and not ends_sentence(t) and "\n\n" not in t


def _display_line(t: str, cfg: StructureConfig) -> bool:
    """Looks like a line set for display (title page, heading): short, no final stop, and in capitals,
    Title Case, bold, or a script without case."""
    t = t.strip()
    if not t or t.count("\n") > 2 or len(t) > cfg.max_heading_chars or not _LETTER.search(t):
        return False
    if _is_bold_block(t):
        return True
    u = _unmarked(t)
    if ends_sentence(u) and not (_all_caps(u) and len(u.split()) <= 8 and not u.rstrip().endswith(("?", "!"))):
        return False
    if u.rstrip().endswith((",", ";", ":")):
        return False
    if _all_caps(u):
        return True
    one = " ".join(u.split())
    if _is_title_case(one, 1) and len(one.split()) <= 14:
        return True
    first = _LETTER.search(u)
    return bool(first) and not (first.group().isupper() or first.group().islower()) and len(one) <= 40


def _verse(text: str, cfg: StructureConfig) -> bool:
    """A block of short lines set as verse: each line opens in capitals, or most end in punctuation, or
    the lines are of varied length and indentation; hard-wrapped prose (even lines, run-on hyphens,
    lines opening in lower case) is not verse."""
    if "\n" not in text:
        return False  # one line (needs two, below)
    raw = [ln for ln in text.split("\n") if ln.strip()]
    if len(raw) < 2 or _is_list(text):
        return False
    lines = [ln.strip() for ln in raw]
    lens = [len(ln) for ln in lines]
    if max(lens) > cfg.max_verse_line or _all_caps(text):
        return False
    if any(furniture.soft_break_at(a, b) for a, b in zip(lines, lines[1:])):
        return False
    firsts = [m.group() for ln in lines if (m := _LETTER.search(ln))]
    cased = [c for c in firsts if c.isupper() or c.islower()]
    upper = sum(c.isupper() for c in cased) / len(cased) if cased else 0.0
    ends = sum(bool(_LINE_END_PUNCT.search(ln)) for ln in lines) / len(lines)
    mean = sum(lens) / len(lens)
    body = lens[:-1] if len(lens) > 2 else lens
    bmean = sum(body) / len(body)
    cv = (sum((x - bmean) ** 2 for x in body) / len(body)) ** 0.5 / bmean if bmean else 0.0
    indents = {_indent(ln) for ln in raw}
    if mean >= 50 and cv < 0.12:
        return False  # justified prose
    if all(ends_sentence(ln) for ln in lines):
        return False  # a sentence on each line: prose set one sentence a line
    if len(lines) == 2 and ends == 0 and len(indents) == 1:
        return False  # two bare lines: a name and a title, an address
    if cased and len(cased) >= len(lines) * 0.6:
        if upper >= 0.8 and (ends >= 0.3 or len(lines) >= 3):
            return True
        if mean <= 25 and len(lines) >= 3:
            return True
        if upper < 0.5 and cv < 0.3 and ends < 0.5:
            return False
        return (ends >= 0.6 and mean <= 50) or (len(indents) > 1 and len(lines) >= 3 and cv >= 0.25)
    # scripts without case (Korean, Chinese): short lines of varied length or indentation
    return len(lines) >= 3 and mean <= 30 and (cv >= 0.25 or len(indents) > 1 or ends >= 0.6)


def _figure_evidence(t: str) -> str | None:
    """'image' for a Markdown image or an [Illustration] mark, 'caption' for a caption marker."""
    if "[" in t and (_MD_IMAGE.search(t) or _ILLUSTRATION.match(t)):  # (both need a bracket)
        return "image"
    if len(t) > 600:
        return None
    lines = [ln for ln in t.split("\n") if ln.strip()]
    if lines and (_CAPTION_MARK.match(lines[0]) or _CAPTION_CREDIT.search(lines[-1])):
        return "caption"
    return None


def _attribution_shape(t: str, cfg: StructureConfig, *, after_quote: bool) -> bool:
    """A line naming a quotation's source: after a dash, any short source that is not a sentence of
    dialogue; without one, a name in any script, only right after an evident quotation."""
    t = t.strip()
    if not t or "\n" in t.strip() and t.count("\n") > 1 or len(t) > 120:
        return False
    m = _DASH_LEAD.match(t)
    if m:
        who = m["who"].strip()
        first = _LETTER.search(who)
        if not first or len(who.split()) > 14 or who.endswith(("?", "!", "…", "?\"", "!\"")):
            return False
        # "—Byron." after a quotation or verse; a dash line ending in a stop elsewhere is dialogue
        return not ends_sentence(who.rstrip(")]")) or (after_quote and who.endswith(".") and len(who.split()) <= 8)
    if not after_quote:
        return False
    one = " ".join(t.split())
    name = one.split(",")[0].strip()
    return bool(_NAME_SHAPE.match(name) or _HANGUL_NAME.match(name) or _ONE_NAME.match(name)) and len(one) <= 80 and not ends_sentence(one.rstrip(")"))


def _quoted(t: str) -> bool:
    t = t.strip()
    return bool(_QUOTED.match(t)) and bool(_CLOSE_QUOTE_END.search(t))


# ---------------------------------------------------------------------------------------------
# The pass


def recover_structure(doc: Document, config: StructureConfig | None = None) -> Document:
    """Add the ``block`` and ``group`` layers (see the module docstring)."""
    cfg = config or StructureConfig()
    text = doc.text
    main_lang = _lang_of(text, 0, len(text), cfg.languages) or "und"
    units = [_Unit(a, b, text[a:b], _lang_of(text, a, b, cfg.languages)) for a, b in block_spans(text)]
    units = _split_lines(units, text, cfg)
    if cfg.furniture:
        _mark_furniture(units, text)
    units = _join_continuations(units, text, cfg)
    _classify(units, main_lang, cfg, text)
    blocks = Layer(
        "block",
        tuple(Span(u.start, u.end, u.kind, {**u.attrs, "lang": u.lang or main_lang}) for u in units),
        producer="structure-rules",
    )
    groups = Layer(
        "group", tuple(_groups(units, text, cfg)), producer="structure-rules", meta={"main_lang": main_lang, "profile": cfg.name}
    )
    return doc.with_layer(blocks).with_layer(groups).with_meta(lang=main_lang)


def recover_structure_as_embedded(doc: Document, config: StructureConfig | None = None) -> Document:
    """Structure for a text that is itself one document (a treaty, a letter, a translation of one):
    heading, paragraphs, numbered articles, date line and signatures, as in an embedded text."""
    cfg = config or StructureConfig()
    text = doc.text
    main_lang = _lang_of(text, 0, len(text), cfg.languages) or "und"
    units = [_Unit(a, b, text[a:b], main_lang) for a, b in block_spans(text)]
    units = _join_continuations(units, text, cfg)
    _classify_embedded(units)
    for u in units:
        u.attrs.pop("embedded", None)
    blocks = Layer(
        "block", tuple(Span(u.start, u.end, u.kind, {**u.attrs, "lang": main_lang}) for u in units), producer="structure-rules"
    )
    groups = []
    closer = [i for i, u in enumerate(units) if u.kind in ("e-date", "e-signed")]
    if closer and closer == list(range(closer[0], len(units))):
        groups = [Span(units[closer[0]].start, units[-1].end, "closer")]
    layer = Layer("group", tuple(groups), producer="structure-rules", meta={"main_lang": main_lang})
    return doc.with_layer(blocks).with_layer(layer).with_meta(lang=main_lang)


def _sub(u: _Unit, text: str, a: int, b: int) -> _Unit:
    return _Unit(a, b, text[a:b], u.lang, attrs=dict(u.attrs))


def _split_lines(units: list[_Unit], text: str, cfg: StructureConfig, keys: dict[str, int] | None = None) -> list[_Unit]:
    """Cut a block at line boundaries where some of its lines are evidently something else: a page
    number or running head left by OCR (at the top, the bottom, or inside a paragraph that runs over a
    page break), a heading over its first paragraph or subtitle, a letter's salutation or closing, a
    dash-led attribution under a quotation. ``keys`` (running-head candidates counted over the whole
    text, see :func:`running_head_counts`) is given when ``units`` are a window of the text."""
    if keys is None:
        keys = running_head_counts(((u.start, u.end) for u in units), text) if cfg.furniture else {}
    out: list[_Unit] = []
    for u in units:
        if "\n" not in u.text:  # one line: nothing to cut off (every test below needs two lines)
            out.append(u)
            continue
        ls = _lines(text, u.start, u.end)
        seq: list[tuple[int, int, dict]] = []  # (start, end, attrs) in order; attrs["split"] marks furniture
        if cfg.furniture and len(ls) >= 2:
            run: list[tuple[int, int]] = []
            for i, (a, b) in enumerate(ls):
                if _furniture_line(text, ls, i, keys):
                    if run:
                        seq.append((run[0][0], run[-1][1], {}))
                        run = []
                    seq.append((a, b, {"split": "top" if i == 0 else "bottom" if i == len(ls) - 1 else "inner"}))
                else:
                    run.append((a, b))
            if run:
                seq.append((run[0][0], run[-1][1], {}))
            if not any(not attrs for _, _, attrs in seq):  # all furniture: keep the block whole
                seq = [(u.start, u.end, {})]
        else:
            seq = [(u.start, u.end, {})]
        content = [i for i, (_, _, attrs) in enumerate(seq) if not attrs]
        # a heading, salutation or closing over the rest of the first piece
        i0 = content[0]
        a0, b0, _ = seq[i0]
        ls0 = _lines(text, a0, b0)
        if len(ls0) >= 2 and not _is_list(text[a0:b0]):
            first = text[ls0[0][0] : ls0[0][1]].strip()
            h = parse_heading(_unmarked(first))
            if (h is not None and not _unmarked(first)[:1].isdigit()) or (
                (_SALUTE.match(first) or _CLOSING.match(first)) and len(first) <= 50
            ):
                seq[i0 : i0 + 1] = [(ls0[0][0], ls0[0][1], {}), (ls0[1][0], b0, {})]
                content = [i for i, (_, _, attrs) in enumerate(seq) if not attrs]
        # an attribution under the last piece
        i1 = content[-1]
        a1, b1, _ = seq[i1]
        ls1 = _lines(text, a1, b1)
        if len(ls1) >= 2 and not _is_list(text[a1:b1]):
            last = text[ls1[-1][0] : ls1[-1][1]].strip()
            if _DASH_LEAD.match(last) and _attribution_shape(last, cfg, after_quote=False):
                seq[i1 : i1 + 1] = [(a1, ls1[-2][1], {}), (ls1[-1][0], ls1[-1][1], {})]
        if len(seq) == 1:
            out.append(u)
            continue
        for a, b, attrs in seq:
            v = _sub(u, text, a, b)
            v.attrs.update(attrs)
            out.append(v)
    return out




def running_head_counts(spans: Iterable[tuple[int, int]], text: str, keys: dict[str, int] | None = None) -> dict[str, int]:
    """How often each running-head candidate occurs as a line of the blocks ``(start, end)`` (added to ``keys``)."""
    keys = {} if keys is None else keys
    key = furniture.running_head_key
    for start, end in spans:
        for line in text[start:end].split("\n"):
            # running_head_key turns down a line over 70 characters once stripped: skip the longer
            # lines with nothing to strip (most of a text's lines) without the call. A blank line
            # has no key either way (a block's lines are not blank, but a caller's span may hold some).
            if len(line) > 70 and not line[0].isspace() and not line[-1].isspace():
                continue
            k = key(line)
            if k:
                keys[k] = keys.get(k, 0) + 1
    return keys


def _furniture_line(text: str, ls: list[tuple[int, int]], i: int, keys: dict[str, int]) -> bool:
    """Line ``i`` of a block's lines ``ls``: page furniture inside a block? A page number (at the
    block's edge, or inside a sentence it interrupts), or a running head repeated on several pages
    beside a page number."""
    a, b = ls[i]
    t = text[a:b].strip()
    if furniture.is_page_number(t) and not furniture._DECIMAL.match(t):
        if i == 0 or i == len(ls) - 1:
            return True
        before, after = text[ls[i - 1][0] : ls[i - 1][1]], text[ls[i + 1][0] : ls[i + 1][1]]
        return not ends_sentence(before) or bool(_STARTS_LOWER.match(after))
    # the heading parser last: it is the slowest test, and most lines fail the others
    k = furniture.running_head_key(t)
    return k is not None and keys.get(k, 0) >= 3 and furniture.has_edge_number(t) and not _keyword_heading(t)


def _keyword_heading(line: str) -> bool:
    """A heading by a division word ("Article 3", "## Day 2"): its number changes from one to the next
    as a page number does, but it is no running head. A bare leading number ("12 THE TITLE") is."""
    t = _unmarked(line.strip())
    return parse_heading(t) is not None and not t[:1].isdigit()


def _mark_furniture(units: list[_Unit], text: str, facts: "tuple[bool, dict[str, int]] | None" = None) -> None:
    """Page numbers and running heads: a number alone, a short line repeated on many pages next to a
    page number. A bare integer alone is a page number only where the text shows page breaks (a
    number between the halves of a cut sentence, numbers split off blocks, running heads); elsewhere
    it may number a chapter, and is left to the heading rules.

    ``facts`` is given when ``units`` are a window of the text: (evidence of page breaks anywhere,
    {running-head key: start of its first occurrence} for the keys that are running heads)."""
    n = len(units)

    def is_num(i: int) -> bool:
        return 0 <= i < n and furniture.is_page_number(units[i].stripped)

    def edge(i: int) -> bool:
        return furniture.has_edge_number(units[i].stripped) or is_num(i - 1) or is_num(i + 1)

    evidence = any(u.attrs.get("split") for u in units)
    for i, u in enumerate(units):
        if u.attrs.get("split"):
            u.kind = "fw"
            u.attrs["fw"] = "pageNum" if furniture.is_page_number(u.stripped) else "header"
        elif facts is None and is_num(i) and 0 < i < n - 1:
            prev = units[i - 1]
            if _LETTER.search(prev.text) and not ends_sentence(prev.text) and not _display_line(prev.stripped, _DEFAULT_CONFIG):
                evidence = True
    keys: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        k = _unit_head_key(u)
        if k:
            keys.setdefault(k, []).append(i)
    if facts is not None:
        evidence, firsts = facts
        for k, idx in keys.items():
            if k in firsts:
                for i in idx:
                    if units[i].start == firsts[k] and not edge(i):
                        continue
                    units[i].kind = "fw"
                    units[i].attrs["fw"] = "header"
        keys = {}
    for idx in keys.values():
        if len(idx) >= 3 and any(edge(i) for i in idx):
            for i in idx:
                if i == idx[0] and not edge(i):
                    continue  # the first may be the heading the running head repeats
                units[i].kind = "fw"
                units[i].attrs["fw"] = "header"
            evidence = True
    for u in units:
        t = u.stripped
        if u.kind or not furniture.is_page_number(t):
            continue
        if furniture._DECIMAL.match(t):
            u.kind, u.attrs["fw"] = "fw", ""
        elif not t.rstrip(".").isdigit() or evidence:
            u.kind, u.attrs["fw"] = "fw", "pageNum"


def _unit_head_key(u: _Unit) -> str | None:
    """The running-head key of a one-line block not yet classified (see :func:`_mark_furniture`).

    Past the kind, the answer depends on the block's text alone: kept on the unit
    (``head_key``), as the windowed structure asks twice (splitting, then furniture)."""
    if u.kind:
        return None
    k = u.head_key
    if k is _NOT_YET:
        k = u.head_key = _text_head_key(u.stripped)
    return k


def _text_head_key(t: str) -> str | None:
    if "\n" in t or len(t) > 70:
        return None  # (running_head_key turns down a stripped line over 70 characters)
    k = furniture.running_head_key(t)  # first: it turns most blocks down at a glance
    return None if k is None or _keyword_heading(t) else k


def _join_continuations(units: list[_Unit], text: str, cfg: StructureConfig) -> list[_Unit]:
    """A block that stops mid-sentence and a next block that continues it (lower case; in a script
    without case, a letter, when page furniture stands between them) are one paragraph split by a page
    or column break in the source. Furniture in between stays inside the joined paragraph."""
    out: list[_Unit] = []
    i = 0
    n = len(units)
    while i < n:
        u = units[i]
        prev = out[-1] if out else None
        j = i
        while j < n and units[j].kind == "fw":
            j += 1
        nxt = units[j] if j < n else None
        fw_between = j > i
        if (
            prev is not None
            and nxt is not None
            and prev.kind in ("", "p")
            and prev.lang == nxt.lang
            and _LETTER.search(prev.text)
            # (pure tests, cheapest and most often false first: most blocks open in a way that
            # continues nothing)
            and _continues(prev, nxt, fw_between, cfg)
            and not ends_sentence(prev.text)
            and not _is_bold_block(prev.text)
            and not _is_list(prev.text)
            and not _figure_evidence(_unmarked(prev.text))
            and not (cfg.verse and not fw_between and _verse(prev.text, cfg))
            and not (parse_heading(_unmarked(prev.stripped)) and "\n" not in prev.stripped)
            and all(not _SENTENCE_INSIDE.search(units[k].text) for k in range(i, j))
        ):
            gaps = list(prev.attrs.get("breaks", ()))
            fws = list(prev.attrs.get("furniture", ()))
            pos = prev.end
            for k in range(i, j):
                gaps.append((pos, units[k].start))
                # the furniture's own characters only: a sentence may end on the white space around it
                t = units[k].text
                lead, trail = len(t) - len(t.lstrip()), len(t) - len(t.rstrip())
                fws.append((units[k].start + lead, units[k].end - trail, units[k].attrs.get("fw", "")))
                pos = units[k].end
            gaps.append((pos, nxt.start))
            attrs = {k: v for k, v in prev.attrs.items() if k not in ("split",)}
            attrs.update({"joined": True, "breaks": gaps})
            if fws:
                attrs["furniture"] = fws
            out[-1] = _Unit(prev.start, nxt.end, text[prev.start : nxt.end], prev.lang, attrs=attrs)
            i = j + 1
        else:
            out.append(u)
            i += 1
    return out


def _continues(prev: _Unit, nxt: _Unit, fw_between: bool, cfg: StructureConfig) -> bool:
    if _STARTS_LOWER.match(nxt.text):
        return fw_between or len(prev.text) >= cfg.min_join_chars
    first = _LETTER.search(nxt.text)
    if first is None or first.group().isupper() or first.group().islower() or _display_line(nxt.stripped, cfg) and "\n" not in nxt.stripped:
        return False  # a cased script continues only in lower case, at the very start (above)
    if not regex.match(r"\s*[\p{Lo}\p{M}]", nxt.text):
        return False  # a list marker, a number, a bracket first: a new block
    # a script without case (Korean, Chinese): a page break shown by furniture, or a long paragraph
    # that stops without a final stop before a block of prose
    if parse_heading(nxt.stripped.split("\n")[0]):
        return False
    # (Hangul and Han pack about twice the sense of Latin letters in a character: half the length)
    return (fw_between and len(prev.text) >= 20) or (len(prev.text) >= cfg.min_join_chars // 2 and len(nxt.stripped) >= 20)


# ---------------------------------------------------------------------------------------------
# Classification


@dataclass
class WindowFacts:
    """What a window of blocks needs from the rest of the text (:mod:`align.text.windowed`), and what
    its classification reports back for the text's facts."""

    first: bool = False  # the window opens the text: its title page is looked for
    last: bool = False  # the window closes the text: its colophon is looked for
    titles: frozenset = frozenset()  # bold titles among the text's first blocks (a colophon repeats them)
    later: bool = False  # (first window) a heading-like block after the title page elsewhere in the text
    h1_elsewhere: int = 0  # (first window) Markdown "# " blocks elsewhere in the text
    h2_elsewhere: bool = False  # (first window) a Markdown "##" block elsewhere
    # reported back
    k: int = 0  # index after the title page
    end: int = 0  # index of the colophon (or len(units))
    numbered: list = field(default_factory=list)  # levels of numbered explicit headings
    explicit_chapters: bool = False


def _classify(units: list[_Unit], main_lang: str, cfg: StructureConfig, text: str, win: WindowFacts | None = None) -> None:
    """Kinds for every unit. With ``win`` (a window of the text) the steps that need the whole text's
    facts are left out: the ranks of headings, quotations and the closing touches
    (:func:`align.text.windowed._finish_windows` does them)."""
    n = len(units)
    if win is None:
        colophon_from = _mark_colophon(units)
        k = _mark_title_page(units, colophon_from, cfg)
    else:
        colophon_from = _mark_colophon(units, win.titles) if win.last else n
        k = _mark_title_page(units, colophon_from, cfg, win) if win.first else 0
        win.k, win.end = k, colophon_from
    _mark_headings(units, k, colophon_from, main_lang, cfg, win)
    _mark_embedded(units, k, colophon_from, main_lang, cfg)
    _mark_notes(units, k, colophon_from, text)
    _mark_letters(units, k, colophon_from)
    if cfg.treaty:
        _mark_treaty_closer(units, k, colophon_from)
    _mark_blocks(units, k, colophon_from, cfg)
    if win is not None:
        return
    _mark_quotations(units, k, colophon_from, cfg)
    _finish(units)


def _finish(units: list[_Unit]) -> None:
    for u in units:
        if not u.kind:
            u.kind = "p" if _LETTER.search(u.text) else "ab"
    for j, u in enumerate(units):
        if u.kind == "fw":
            u.attrs["pb"] = not (j and units[j - 1].kind == "fw")  # one page break for a run of furniture


def _title_repeats(units: list[_Unit]) -> frozenset:
    """The bold titles among the first blocks, which a colophon may repeat."""
    return frozenset(_norm(_unmarked(u.text)) for u in units[:3] if _is_bold_block(u.text))


def _mark_colophon(units: list[_Unit], titles: frozenset | None = None) -> int:
    """Trailing publication statements (and repeats of the title among them)."""
    n = len(units)
    if titles is None:
        titles = _title_repeats(units)
    i = n - 1
    colophon_seen = False
    while i >= 0:
        if units[i].kind == "fw":
            i -= 1
            continue
        t = _unmarked(units[i].stripped)
        lines = t.splitlines()
        short = all(len(line) <= 120 and len(line.split()) <= 10 for line in lines)
        if short and (COLOPHON.match(t) or any(COLOPHON.match(line) for line in lines)):
            colophon_seen = True
        elif not (_norm(t) in titles):
            break
        i -= 1
    colophon_from = i + 1 if colophon_seen else n
    while colophon_from < n and units[colophon_from].kind == "fw":
        colophon_from += 1
    for u in units[colophon_from:]:
        if u.kind != "fw":
            u.kind = "colophon"
    return colophon_from


def _mark_title_page(units: list[_Unit], colophon_from: int, cfg: StructureConfig, win: WindowFacts | None = None) -> int:
    """Display lines before the first heading and the first prose are a title page when something shows
    they are one: a byline or subtitle with them, bold type, or headings further on. The first is the
    main title, a display line right after a title its subtitle; a repeat of the title opens a second
    title page (a half-title and a title page). Returns the index after the title page."""
    k = 0
    while k < colophon_from and units[k].kind == "fw":
        k += 1
    start = k
    cand: list[int] = []
    h1 = [i for i in range(start, colophon_from) if units[i].stripped.startswith(("# ", "#\t"))]
    md_title = h1 == [start] and any(regex.match(r"#{2,6}\s", v.stripped) for v in units[start + 1 : colophon_from])
    if win is not None:
        md_title = h1 == [start] and not win.h1_elsewhere and (md_title or win.h2_elsewhere)
    while k < colophon_from:
        u = units[k]
        if u.kind == "fw":
            k += 1
            continue
        t = _unmarked(u.stripped)
        if (parse_heading(t.split("\n")[0]) is not None and not _is_bold_block(u.text) and not (md_title and k == start)) or parse_range(t):
            break
        nxt = _next(units, k, colophon_from)
        if nxt is not None and parse_range(_unmarked(nxt.stripped)) and not _is_bold_block(u.text):
            break  # a heading over its period line
        if md_title and k == start:
            cand.append(k)
            k += 1
            continue
        if _is_bold_block(u.text) or (cand and _BYLINE.match(t) and "\n" not in t) or (
            not cfg.photo_book and len(cand) == 1 and cand[0] == k - 1 and "\n" not in t and _heading_shape(t, cfg) and len(t) <= 100
            and parse_heading(t) is None and not _figure_evidence(t) and not t.rstrip().endswith((",", ";", ":"))
        ) or (
            not cfg.photo_book and _display_line(u.stripped, cfg) and not _figure_evidence(t)
        ) or (cfg.photo_book and k == start and _heading_shape(t, cfg) and (t.isupper() or _is_title_case(t, 1))):
            cand.append(k)
            k += 1
            continue
        break
    if not cand:
        return start
    bold = any(_is_bold_block(units[i].text) for i in cand)
    byline = any(_BYLINE.match(_unmarked(units[i].stripped)) for i in cand[1:])
    later = any(_heading_like(v, cfg) for v in units[k:colophon_from]) or (win is not None and win.later)
    if cfg.photo_book and not bold and not later:
        return start
    if cfg.photo_book and not bold and cand and k < colophon_from and parse_range(_unmarked(units[k].text)):
        return start  # then the display line is the first chapter's heading
    if not (bold or byline or later or len(cand) >= 2):
        return start
    if cfg.photo_book:
        cand = [i for i in cand if _is_bold_block(units[i].text) or i == start or _BYLINE.match(_unmarked(units[i].stripped))]
    seen: list[str] = []
    last = start - 1
    for i in cand:
        if i != last + 1 and any(units[j].kind != "fw" for j in range(last + 1, i)):
            break
        u = units[i]
        t = _norm(_unmarked(u.stripped))
        prev_kind = units[last].kind if last >= start else ""
        if _BYLINE.match(_unmarked(u.stripped)) and prev_kind in ("title", "subtitle", "byline"):
            u.kind = "byline"
        elif not seen or t in seen:
            u.kind = "title"
        elif prev_kind == "title" and not cfg.photo_book:
            u.kind = "subtitle"
        elif cfg.photo_book:
            u.kind = "title"
        else:
            break
        seen.append(t)
        last = i
    return last + 1


def _heading_like(v: _Unit, cfg: StructureConfig) -> bool:
    """A block whose first line reads as a heading (or, with period chapters, a period line): after
    display lines, it shows they are a title page."""
    return parse_heading(_unmarked(v.stripped).split("\n")[0]) is not None or bool(cfg.period_chapters and parse_range(_unmarked(v.text)))


def _mark_headings(units: list[_Unit], k: int, end: int, main_lang: str, cfg: StructureConfig, win: WindowFacts | None = None) -> None:
    """Headings by their own words, period lines under headings, display lines that head prose, and
    subtitles under a numbered heading; each with a type, number and rank for the divisions."""
    explicit_chapters = False
    for j in range(k, end):
        u = units[j]
        if u.kind:
            continue
        t = _unmarked(u.stripped)
        # (pure tests: the block's own shape first, the date parser last)
        nxt = _next(units, j, end) if _heading_shape(t, cfg) else None
        if nxt is not None and not nxt.kind and _may_be_period(nxt.text) and "\n" not in _unmarked(nxt.stripped) and parse_range(_unmarked(nxt.text)):
            d = parse_range(_unmarked(nxt.text))
            assert d is not None
            u.kind, nxt.kind = "heading", "period"
            u.attrs.update({"from": d.from_, "to": d.to})
            nxt.attrs.update({"from": d.from_, "to": d.to})
            h = parse_heading(t) if "\n" not in t else None
            u.attrs.update({"type": h.type if h else "chapter", "level": h.level if h else 2, "explicit": bool(h)})
            if h and h.n:
                u.attrs["n"] = h.n
            continue
        h = parse_heading(t) if "\n" not in t else None
        if h is not None and len(t) <= cfg.max_heading_chars and u.lang in (main_lang, None):
            if h.type in ("section",) and h.n and "." not in h.n and not _heading_context(units, j, end):
                continue  # "3 Results" only where it heads something
            u.kind = "heading"
            u.attrs.update({"type": h.type, "level": h.level, "explicit": True})
            if h.n:
                u.attrs["n"] = h.n
            if h.level <= 2:
                explicit_chapters = True
            if cfg.treaty and h.type == "article":
                u.attrs["level"] = 2
    # a division named by a word alone (Abstract, Epilogue, References) is a peer of the text's top
    # numbered divisions: a paper's numbered sections, a novel's chapters
    numbered = [u.attrs["level"] for u in units[k:end] if u.kind == "heading" and u.attrs.get("n") and u.attrs.get("explicit")]
    if win is not None:  # ranks need the whole text's headings: set by windowed._finish_windows
        win.numbered.extend(numbered)
        win.explicit_chapters = explicit_chapters
        numbered = []
    _word_heading_ranks(units[k:end], numbered)
    # a bare number heading a chapter ("1", "2" …) where no page break is shown
    for j in range(k, end):
        u = units[j]
        if not u.kind and _BARE_NUMBER.fullmatch(u.text) and _heading_context(units, j, end):
            u.kind = "heading"
            u.attrs.update({"type": "chapter", "level": 2, "explicit": True, "n": u.stripped.rstrip(".")})
    # subtitles under a numbered heading, and display lines heading prose
    for j in range(k, end):
        u = units[j]
        t = _unmarked(u.stripped)
        if u.kind or u.lang not in (main_lang, None):
            continue  # a line in another language belongs to the text it is part of (see _mark_embedded)
        # right under it: a subtitle after page furniture would follow it (the block before,
        # j - 1, is the one _prev finds when it is no furniture; a heading is none)
        prev = units[j - 1] if j > k else None
        if (
            prev is not None
            and prev.kind == "heading"
            and prev.attrs.get("explicit")
            and not _heading_title(prev)
            and _display_line(u.stripped, cfg)
            and not _figure_evidence(t)
            and not _SALUTE.match(t)
        ):
            u.kind = "head-sub"
            continue
        if not _heading_shape(t, cfg):
            continue
        if cfg.photo_book:
            if _figure_evidence(t) or _SALUTE.match(t) or _CLOSING.match(t):
                continue
            if u.lang == main_lang and _is_title_case(t, cfg.min_title_case_words) and not find_dates(t) and any(
                ends_sentence(v.text) and len(v.stripped) >= cfg.min_quote_chars for v in units[j + 1 : j + 3]
            ):
                u.kind = "heading"
                u.attrs.update({"type": "section", "level": 3, "explicit": False})
            continue
        # pure tests, all needed: the cheap ones first (one line, prose after it), the patterns last
        if cfg.min_title_case_words <= 0 or "\n" in t:
            continue
        nxt = _next(units, j, end)
        prose_after = nxt is not None and not nxt.kind and (
            ((ends_sentence(nxt.text) or nxt.stripped.endswith(":")) and len(nxt.stripped) >= min(cfg.min_quote_chars, 40))
            or (cfg.verse and _verse(nxt.text, cfg))
        )
        if not prose_after or _figure_evidence(t) or _SALUTE.match(t) or _CLOSING.match(t):
            continue
        prev = _prev(units, j, k)
        prev_ok = prev is None or prev.kind in ("heading", "head-sub", "period", "title", "subtitle", "byline", "fw") or (
            ends_sentence(prev.text) and not _quoted(prev.stripped)
        )
        if not prev_ok:
            continue
        if _is_bold_block(u.text) or _all_caps(t) or (
            _is_title_case(t, max(cfg.min_title_case_words, 2)) and len(t.split()) <= 12
            and not (_NAME_ONLY.match(t) and prev is not None and (prev.attrs.get("quote") or _quoted(prev.stripped)))
        ) or _uncased_display(t):
            u.kind = "heading"
            u.attrs.update({"type": "section", "level": 3, "explicit": False})
    if win is None:
        _display_ranks(units[k:end], explicit_chapters, cfg)


def _word_heading_ranks(units: list[_Unit], numbered: list[int]) -> None:
    """A division named by a word alone takes the rank of the text's top numbered divisions."""
    if numbered:
        top = min(numbered)
        for u in units:
            if u.kind == "heading" and u.attrs.get("explicit") and not u.attrs.get("n") and not u.stripped.startswith("#"):
                u.attrs["level"] = top


def _display_ranks(units: list[_Unit], explicit_chapters: bool, cfg: StructureConfig) -> None:
    """Display headings take the rank under the text's own chapters, or are its chapters."""
    for u in units:
        if u.kind == "heading" and not u.attrs.get("explicit") and not cfg.period_chapters:
            u.attrs["level"] = 3 if explicit_chapters else 2
            u.attrs["type"] = "section" if explicit_chapters else "chapter"


_NAME_ONLY = regex.compile(r"^(?:\p{Lu}\.?\s*){0,2}\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’-]+){0,2}$")


def _may_be_period(t: str) -> bool:
    """Cheap test before the date parser: a period line is short and has digits."""
    return len(t) <= 80 and any(map(str.isdigit, t))


def _uncased_display(t: str) -> bool:
    first = _LETTER.search(t)
    return bool(first) and not (first.group().isupper() or first.group().islower()) and len(t) <= 30 and len(t.split()) <= 6


def _heading_title(u: _Unit) -> bool:
    """Whether a numbered heading carries its own title ("CHAPTER I. THE STORM")."""
    t = _unmarked(u.stripped)
    h = parse_heading(t)
    if h is None or h.n is None:
        return True
    rest = regex.sub(r"^.*?" + regex.escape(h.n), "", t, count=1, flags=regex.IGNORECASE)
    return bool(regex.search(r"\p{L}{2}", rest))


def _heading_context(units: list[_Unit], j: int, end: int) -> bool:
    """A line heads something: what comes before ends (or is the start), and text follows."""
    prev = _prev(units, j, 0)
    nxt = _next(units, j, end)
    if nxt is None:
        return False
    prev_ok = prev is None or bool(ends_sentence(prev.text)) or prev.kind in ("heading", "head-sub", "title", "subtitle", "byline") or _display_line(prev.stripped, _DEFAULT_CONFIG)
    nfirst = _LETTER.search(nxt.text)
    return prev_ok and bool(nfirst) and not nfirst.group().islower()


def _next(units: list[_Unit], j: int, end: int) -> _Unit | None:
    for i in range(j + 1, min(end, len(units))):
        if units[i].kind != "fw":
            return units[i]
    return None


def _prev(units: list[_Unit], j: int, start: int) -> _Unit | None:
    for i in range(j - 1, start - 1, -1):
        if units[i].kind != "fw":
            return units[i]
    return None


def _mark_embedded(units: list[_Unit], k: int, end: int, main_lang: str, cfg: StructureConfig) -> None:
    """Runs of blocks in another language: an embedded text (a treaty quoted in full), or single
    blocks (a bilingual text's paragraph; in a photo book, text read off a photograph)."""
    j = k
    while j < end:
        if units[j].kind or units[j].lang in (None, main_lang):
            j += 1
            continue
        run_end = j
        while run_end < end and not units[run_end].kind and units[run_end].lang == units[j].lang:
            run_end += 1
        run = units[j:run_end]
        long_para = any(
            len(u.stripped) >= cfg.min_embedded_paragraph_chars and ends_sentence(u.text) and "\n" not in u.stripped for u in run
        )
        if len(run) >= cfg.min_embedded_blocks or long_para:
            _classify_embedded(run)
        elif cfg.photo_book:
            for u in run:
                u.kind = "p" if ends_sentence(u.text) and len(u.stripped.split()) >= 2 else "inscription"
        j = run_end


def _mark_notes(units: list[_Unit], k: int, end: int, text: str) -> None:
    """Footnotes: a block opening with a note marker whose anchor (same number and form) stands in the
    text shortly before it. Both are needed: a numbered paragraph alone is not a note."""
    count = 0
    since = k
    for j in range(k, end):
        u = units[j]
        if u.kind:
            continue
        start = furniture.note_start(u.text)
        if start is None or not _one_script(u.text):
            continue
        kind, num = start
        ok_kinds = {"b": {"b"}, "d": {"d", "s"}, "s": {"s", "d"}, "sym": {"sym"}}[kind]
        for i in range(j - 1, max(since, j - _NOTE_LOOKBACK) - 1, -1):
            v = units[i]
            if v.kind in ("note", "fw") or v.kind.startswith("e-"):
                continue
            hit = next((a for a in furniture.note_anchors(text, v.start, v.end) if a[2] in ok_kinds and a[3] == num), None)
            if hit is not None:
                count += 1
                u.kind = "note"
                u.attrs.update({"n": num, "id": f"fn{count}"})
                v.attrs.setdefault("anchors", []).append((hit[0], hit[1], f"fn{count}"))
                break
        if u.kind == "note":
            since = j


def _mark_letters(units: list[_Unit], k: int, end: int) -> None:
    """A letter inside a text: [date line] salutation … closing [signature]. All of opener and closer
    must be found, else the lines stay what they are (a 'Dear John,' alone is dialogue)."""
    memo: dict[int, bool] = {}

    def closing(i: int) -> bool:  # asked only after a salutation (rare): worked out then, once
        v = memo.get(i)
        if v is None:
            v = memo[i] = bool(_closing_unit(units[i]) and _one_script(units[i].text))
        return v

    j = k
    while j < end:
        u = units[j]
        t = _unmarked(u.stripped)
        if u.kind or "\n" in t or len(t) > 50 or not _SALUTE.match(t) or not _one_script(t):
            j += 1
            continue
        # the closing, before the next heading
        c = j + 1
        while c < min(end, j + _LETTER_SPAN) and units[c].kind != "heading" and not (not units[c].kind and closing(c)):
            c += 1
        if c >= min(end, j + _LETTER_SPAN) or units[c].kind == "heading" or c == j + 1:
            j += 1
            continue
        d = _prev_index(units, j, k)
        if d is not None and not units[d].kind and _dateline(units[d].stripped) and _one_script(units[d].text):
            units[d].kind = "dateline"
            units[d].attrs["letter"] = "opener"
        u.kind = "salute"
        u.attrs["letter"] = "opener"
        cu = units[c]
        lines = [ln for ln in cu.stripped.split("\n") if ln.strip()]
        cu.kind = "closing" if len(lines) == 1 else "closing-signed"
        cu.attrs["letter"] = "closer"
        s = c + 1
        while s < end and units[s].kind == "fw":
            s += 1
        if cu.kind == "closing" and s < end and not units[s].kind:
            v = units[s]
            vlines = [ln.strip() for ln in v.stripped.split("\n") if ln.strip()]
            if _one_script(v.text) and len(vlines) <= 3 and all(len(ln) <= 60 and not ln.endswith((",", ";", ":")) for ln in vlines) and not _SALUTE.match(vlines[0]):
                v.kind = "signed"
                v.attrs["letter"] = "closer"
                s += 1
        # postscript and the rest stay prose; the letter ends at its signature
        units[d if d is not None and units[d].kind == "dateline" else j].attrs["letter_start"] = True
        units[s - 1 if s - 1 > c else c].attrs["letter_end"] = True
        j = s


#: a letter inside a text runs at most this many blocks from its salutation to its closing
_LETTER_SPAN = 80
#: a footnote's anchor is looked for at most this many blocks before it
_NOTE_LOOKBACK = 12


def _closing_unit(u: _Unit) -> bool:
    lines = [ln.strip() for ln in u.stripped.split("\n") if ln.strip()]
    return bool(lines) and len(lines) <= 4 and bool(_CLOSING.match(lines[0])) and all(len(ln) <= 60 for ln in lines)


def _dateline(t: str) -> bool:
    if "\n" in t or len(t) > 80:
        return False
    return bool(find_dates(t)) and not ends_sentence(t.rstrip(".") + "x") and len(t.split()) <= 10


def _prev_index(units: list[_Unit], j: int, k: int) -> int | None:
    i = j - 1
    while i >= k and units[i].kind == "fw":
        i -= 1
    return i if i >= k else None


def _mark_treaty_closer(units: list[_Unit], k: int, end: int) -> None:
    """After the last article: the date line ('Done at …', a date alone) and the signature blocks."""
    heads = [i for i in range(k, end) if units[i].kind == "heading"]
    start = heads[-1] + 1 if heads else k
    j = start
    while j < end:
        u = units[j]
        t = _unmarked(u.stripped)
        if not u.kind and _one_script(t) and (_DONE.match(t) or (parse_date(t) is not None and len(t) <= 60)):
            tail = units[j + 1 : end]
            if any(v.kind not in ("", "fw", "note") for v in tail):
                # a list, verse, a figure... after it: the text goes on (an annex, say), and a
                # date line closes a division only at its end (TEI allows no block after it)
                break
            if not all(v.kind in ("fw", "note") or (_one_script(v.text) and len(v.stripped) <= 200 and v.stripped.count("\n") <= 5) for v in tail):
                break  # prose follows: not the closing date line
            u.kind = "dateline"
            when = parse_date(t)
            if when is not None:
                u.attrs["when"] = when.when
            for v in tail:
                if not v.kind:
                    v.kind = "signed"
            u.attrs["treaty_closer"] = True
            break
        j += 1


def _mark_blocks(units: list[_Unit], k: int, end: int, cfg: StructureConfig) -> None:
    """Lists, verse, figures (on evidence), and in a photo book captions and text read off pictures."""
    for j in range(k, end):
        u = units[j]
        if u.kind:
            continue
        t = u.stripped
        fig = _figure_evidence(_unmarked(t))
        if fig == "image" and _one_script(t):
            u.kind = "figure-desc"
            m = _MD_IMAGE.search(u.text)
            if m:
                u.attrs["url"] = m["url"]
        elif fig == "caption":
            u.kind = "caption"
        elif _is_list(t):
            u.kind = "e-list"
        elif cfg.verse and _verse(u.text, cfg) and _one_script(t):  # (pure; _verse turns one line down at once)
            u.kind = "lg"
        elif not _LETTER.search(t):
            u.kind = "ab"
        elif cfg.photo_book and not ends_sentence(t) and not _unmarked(t).rstrip().endswith((":", ",", ";")):
            u.kind = "caption"  # a block ending in ':' or ',' introduces or continues prose
    # a last short stanza: lines of verse length right after a stanza
    for j in range(k + 1, end):
        u, prev = units[j], units[j - 1]
        if u.kind or prev.kind != "lg":
            continue
        lines = [ln.strip() for ln in u.text.split("\n") if ln.strip()]
        if len(lines) >= 2 and max(map(len, lines)) <= 40 and _one_script(u.text) and not _is_list(u.text):
            u.kind = "lg"


def _first_indents(units: list[_Unit]) -> list[int]:
    """The indentation of each paragraph's first line (what a block quotation goes beyond)."""
    firsts: list[int] = []
    for u in units:
        if u.kind in ("", "p"):
            if not u.text[0].isspace():  # the first line counts, and opens with no indentation
                firsts.append(0)
                continue
            lines = [ln for ln in u.text.split("\n") if ln.strip()]
            firsts.append(_indent(lines[0]))
    return firsts


def _mark_quotations(units: list[_Unit], k: int, end: int, cfg: StructureConfig, norm_first: int | None = None, n_total: int | None = None) -> None:
    """Block quotations (indented beyond the text's paragraphs, or Markdown '>'), their attributions,
    and epigraphs (a quotation opening a division or the text). ``norm_first`` and ``n_total`` (the
    paragraphs' usual indentation, the number of blocks) are given when ``units`` are a window."""
    if norm_first is None:
        firsts = _first_indents(units[k:end])
        norm_first = sorted(firsts)[len(firsts) // 2] if firsts else 0
    if n_total is None:
        n_total = len(units)
    for j in range(k, end):
        u = units[j]
        if u.kind not in ("", "lg"):
            continue
        c = u.text[0]
        if ">" not in u.text and c not in " \t" and not c.isspace():
            # no line opens with '>', and the first line has a character at its very start (so it
            # counts below, indented by 0), while the tests below need every line indented by two
            continue
        lines = [ln for ln in u.text.split("\n") if ln.strip()]
        if all(ln.lstrip().startswith(">") for ln in lines):
            u.attrs["quote"] = True
        elif u.kind == "" and n_total > 2 and min(_indent(ln) for ln in lines) >= norm_first + 2:
            u.attrs["quote"] = True
        elif u.kind == "lg" and all(_indent(ln) >= norm_first + 2 for ln in lines):
            u.attrs["quote"] = True
    for j in range(k + 1, end):
        u = units[j]
        if u.kind and not (cfg.photo_book and u.kind == "caption"):
            continue
        t = _unmarked(u.stripped)
        if len(t.strip()) > 120 and not (cfg.korean_name_attributions and looks_like_personal_name(t)):
            continue  # too long for an attribution's shape (and no name): the test below fails
        i = _prev_index(units, j, k)
        if i is None:
            continue
        prev = units[i]
        if prev.kind not in ("", "lg", "p") or prev.kind == "p" and not prev.attrs.get("quote"):
            continue
        # a line of dialogue in quotation marks is no quotation to attribute: a quoted passage is long
        quote_like = prev.attrs.get("quote") or (_quoted(prev.stripped) and (len(prev.stripped) >= cfg.min_quote_chars or len(prev.stripped.split()) >= 6))
        before = _prev(units, i, k)
        nxt = _next(units, j, end)
        if nxt is not None and (nxt.kind == "lg" or nxt.attrs.get("quote")) and not _DASH_LEAD.match(u.stripped):
            continue  # a title over verse or a quotation, not its source
        dash_ok = bool(quote_like) or prev.kind == "lg" or (before is not None and before.kind in ("heading", "head-sub", "period"))
        if _one_script(t) and (
            _attribution_shape(t, cfg, after_quote=bool(quote_like)) or (_DASH_LEAD.match(t) and _attribution_shape(t, cfg, after_quote=dash_ok))
        ) or (
            cfg.korean_name_attributions
            and len(prev.stripped) >= cfg.min_quote_chars
            and looks_like_personal_name(t)
            and not (j + 1 < end and units[j + 1].kind in ("", "caption") and looks_like_personal_name(units[j + 1].stripped))
        ):
            if prev.kind == "" and not _LETTER.search(prev.text):
                continue
            if prev.kind == "" and _DIALOGUE_DASH.match(prev.text):
                continue  # dialogue set with dashes
            u.kind = "attribution"
            u.attrs.pop("quote", None)
            prev.attrs["quote"] = True
            if prev.kind == "":
                prev.kind = "p"
    # a photo book's captions after a quotation were taken above only for personal names
    # epigraphs: a quotation right after a heading (or at the opening of the text), before the prose
    for j in range(k, end):
        u = units[j]
        if not u.attrs.get("quote") or u.kind not in ("", "p", "lg"):
            continue
        i = _prev_index(units, j, k)
        before_u = units[i] if i is not None else None
        if before_u is None and j == k or before_u is not None and before_u.kind in ("heading", "head-sub", "period", "title", "subtitle", "byline"):
            nxt_i = j + 1
            while nxt_i < end and units[nxt_i].kind == "fw":
                nxt_i += 1
            if nxt_i < end and units[nxt_i].kind == "attribution":
                nxt_i += 1
            if nxt_i < end and not cfg.photo_book:
                u.attrs["epigraph"] = True


# ---------------------------------------------------------------------------------------------
# Groups


def _norm(t: str) -> str:
    return " ".join(t.split()).casefold()


def _classify_embedded(run: list[_Unit]) -> None:
    for u in run:
        u.attrs["embedded"] = True
    first = run[0]
    if "\n" not in first.stripped and not ends_sentence(first.text) and len(first.stripped) <= 120:
        first.kind = "e-head"
    dated = False
    for u in run:
        if u.kind:
            continue
        t = u.stripped
        lines = [ln for ln in t.splitlines() if ln.strip()]
        d = parse_date(_unmarked(t))
        if d is not None:
            u.kind = "e-date"
            u.attrs["when"] = d.when
            dated = True
        elif all(_LIST_LINE.match(ln) for ln in lines):
            u.kind = "e-list"
        elif dated and len(lines) <= 4 and all(len(ln.strip()) <= 100 for ln in lines) and not ends_sentence(t):
            u.kind = "e-signed"
        else:
            u.kind = "e-p"




# For groups with the same extent, the outer one first.
_GROUP_ORDER = {
    "front": 0, "body": 0, "back": 0, "titlePage": 1, "preface": 1, "div": 2, "docTitle": 3, "embedded": 3, "letter": 3,
    "epigraph": 4, "cit": 5, "poem": 5, "figure": 6, "closer": 7, "opener": 7,
}


def _groups(units: list[_Unit], text: str, cfg: StructureConfig, inner: bool = True) -> list[Span]:
    """The groups over ``units``; without ``inner``, only title pages, front, body, back and divisions
    (a window's own groups are added by :func:`_inner_groups`)."""
    if not inner:
        return _groups_of(units, cfg, lambda us, c: [])
    return _groups_of(units, cfg, _inner_groups)


def _groups_of(units: list[_Unit], cfg: StructureConfig, inner_groups) -> list[Span]:
    spans: list[Span] = []
    n = len(units)
    if not n:
        return spans
    # title pages: a title opens one, unless it follows a title of the same page's docTitle
    i = 0
    while i < n and units[i].kind == "fw":
        i += 1
    title_end = i
    page: list[int] = []
    pages: list[list[int]] = []
    while i < n and units[i].kind in ("title", "subtitle", "byline", "fw"):
        if units[i].kind == "title" and page and any(units[p].kind == "title" for p in page) and cfg.photo_book:
            pages.append(page)
            page = []
        elif units[i].kind == "title" and page and units[page[-1]].kind in ("subtitle", "byline"):
            pages.append(page)
            page = []
        page.append(i)
        i += 1
        title_end = i
    if page:
        pages.append(page)
    for pg in pages:
        real = [p for p in pg if units[p].kind != "fw"]
        if not real:
            continue
        spans.append(Span(units[real[0]].start, units[real[-1]].end, "titlePage"))
        titles = [p for p in real if units[p].kind in ("title", "subtitle")]
        p0 = 0
        while p0 < len(titles):
            p1 = p0
            while p1 + 1 < len(titles) and titles[p1 + 1] == titles[p1] + 1 or (p1 + 1 < len(titles) and all(units[x].kind == "fw" for x in range(titles[p1] + 1, titles[p1 + 1]))):
                p1 += 1
            spans.append(Span(units[titles[p0]].start, units[titles[p1]].end, "docTitle"))
            p0 = p1 + 1
    colophon_from = next((j for j, u in enumerate(units) if u.kind == "colophon"), n)
    heads = [j for j in range(title_end, colophon_from) if units[j].kind == "heading"]
    if cfg.unheaded_preface:
        body_from = heads[0] if heads else title_end
    else:
        body_from = title_end
        if heads and heads[0] == _first_content(units, title_end, colophon_from) and units[heads[0]].attrs.get("type") in FRONT_TYPES:
            lv = units[heads[0]].attrs.get("level", 2)
            later = [j for j in heads if units[j].attrs.get("level", 2) <= lv and units[j].attrs.get("type") not in FRONT_TYPES]
            if later:
                body_from = later[0]
    # back matter: from the first top-rank heading of a back kind after which only such follow
    back_from = colophon_from
    for j in heads:
        if j <= body_from:
            continue
        lv = units[j].attrs.get("level", 2)
        rest = [x for x in heads if x >= j and units[x].attrs.get("level", 2) <= lv]
        if units[j].attrs.get("type") in BACK_TYPES and all(units[x].attrs.get("type") in BACK_TYPES for x in rest) and lv <= min(
            units[x].attrs.get("level", 2) for x in heads
        ):
            back_from = j
            break
    if body_from > 0:
        spans.append(Span(units[0].start, units[body_from - 1].end, "front"))
        if body_from > title_end and cfg.unheaded_preface:
            spans.append(Span(units[title_end].start, units[body_from - 1].end, "preface"))
        elif body_from > title_end:
            spans.extend(_divisions(units[title_end:body_from], cfg))
        spans.extend(inner_groups(units[title_end:body_from], cfg))
    if body_from < back_from:
        spans.append(Span(units[body_from].start, units[back_from - 1].end, "body"))
        body = units[body_from:back_from]
        if cfg.treaty:
            first = next((x for x, u in enumerate(body) if u.kind == "heading"), None)
            content = [u for u in body[:first] if u.kind != "fw"] if first else []
            if content and first is not None:
                spans.append(Span(body[0].start, body[first - 1].end, "div", {"type": "preamble", "level": min(u.attrs.get("level", 2) for u in body if u.kind == "heading")}))
        spans.extend(_divisions(body, cfg))
        spans.extend(inner_groups(body, cfg))
    if back_from < n:
        spans.append(Span(units[back_from].start, units[-1].end, "back"))
        if back_from < colophon_from:
            spans.extend(_divisions(units[back_from:colophon_from], cfg))
            spans.extend(inner_groups(units[back_from:colophon_from], cfg))
        if colophon_from < n:
            spans.append(Span(units[colophon_from].start, units[-1].end, "div", {"type": "colophon", "level": 1}))
    spans.sort(key=lambda s: (s.start, -s.end, _GROUP_ORDER.get(s.label, 9)))
    return spans


def _first_content(units: list[_Unit], start: int, end: int) -> int | None:
    return next((j for j in range(start, end) if units[j].kind != "fw"), None)


def _divisions(units: list[_Unit], cfg: StructureConfig) -> list[Span]:
    """Divisions open at headings and nest by rank (part > chapter > section …), each with its type and
    number. In a photo book a period line decides: a new period opens a chapter, the chapter's own
    period (or none) a section inside it."""
    spans: list[Span] = []
    open_divs: list[list] = []  # [level, start, attrs]
    chapter_period = None
    last_end = units[-1].end if units else 0

    def close(level: int, end: int) -> None:
        while open_divs and open_divs[-1][0] >= level:
            lv, st, attrs = open_divs.pop()
            spans.append(Span(st, end, "div", {**attrs, "level": lv}))

    prev_end = None
    for u in units:
        if u.kind == "heading":
            if cfg.period_chapters:
                period = (u.attrs.get("from"), u.attrs.get("to")) if u.attrs.get("from") else None
                explicit = bool(u.attrs.get("explicit"))
                top = (period and period != chapter_period) or explicit or chapter_period is None
                level = 2 if top else 3
                if top:
                    chapter_period = period or ("heading", u.start)
                typ = u.attrs.get("type", "chapter") if explicit else ("chapter" if top else "section")
            else:
                level = int(u.attrs.get("level", 2))
                typ = u.attrs.get("type", "section")
            close(level, prev_end if prev_end is not None else u.start)
            attrs = {"type": typ}
            if u.attrs.get("n"):
                attrs["n"] = str(u.attrs["n"])
            open_divs.append([level, u.start, attrs])
        prev_end = u.end
    close(-1, last_end)
    return spans


def _inner_groups(units: list[_Unit], cfg: StructureConfig) -> list[Span]:
    spans: list[Span] = []
    used: set[int] = set()
    n = len(units)
    for i, u in enumerate(units):
        if u.kind == "attribution" and i > 0:
            q = i - 1
            while q > 0 and units[q].kind == "fw":
                q -= 1
            spans.append(Span(units[q].start, u.end, "cit"))
            if units[q].attrs.get("epigraph"):
                spans.append(Span(units[q].start, u.end, "epigraph"))
                used.add(q)
    for i, u in enumerate(units):
        if u.attrs.get("epigraph") and i not in used:
            spans.append(Span(u.start, u.end, "epigraph"))
    # inscriptions join the caption right after them, else the caption right before
    for i, u in enumerate(units):
        if u.kind != "inscription":
            continue
        if i + 1 < n and units[i + 1].kind == "caption" and i + 1 not in used:
            spans.append(Span(u.start, units[i + 1].end, "figure"))
            used.update({i, i + 1})
        elif i > 0 and units[i - 1].kind == "caption" and i - 1 not in used:
            spans.append(Span(units[i - 1].start, u.end, "figure"))
            used.update({i - 1, i})
    # a picture and the caption under it
    for i, u in enumerate(units):
        if u.kind == "figure-desc" and i + 1 < n and units[i + 1].kind == "caption" and i + 1 not in used:
            spans.append(Span(u.start, units[i + 1].end, "figure"))
            used.update({i, i + 1})
    for i, u in enumerate(units):
        if u.kind in ("caption", "inscription", "figure-desc") and i not in used:
            spans.append(Span(u.start, u.end, "figure"))
    # stanzas of one poem
    i = 0
    while i < n:
        if units[i].kind != "lg" or units[i].attrs.get("quote"):
            i += 1
            continue
        j = i
        while j + 1 < n and units[j + 1].kind == "lg" and not units[j + 1].attrs.get("quote"):
            j += 1
        if j > i:
            spans.append(Span(units[i].start, units[j].end, "poem"))
        i = j + 1
    # letters: opener (date line, salutation), closer (closing, signature)
    i = 0
    while i < n:
        if not units[i].attrs.get("letter_start"):
            i += 1
            continue
        j = i
        while j < n and not units[j].attrs.get("letter_end"):
            j += 1
        if j >= n:
            break
        spans.append(Span(units[i].start, units[j].end, "letter"))
        for part in ("opener", "closer"):
            idx = [x for x in range(i, j + 1) if units[x].attrs.get("letter") == part]
            if idx:
                spans.append(Span(units[idx[0]].start, units[idx[-1]].end, part))
        i = j + 1
    # a treaty's date line and signatures
    for i, u in enumerate(units):
        if u.attrs.get("treaty_closer"):
            last = max(x for x in range(i, n) if units[x].kind != "fw" or x == i)
            spans.append(Span(u.start, units[last].end, "closer"))
    # embedded texts: maximal runs of embedded blocks; their closer (date line and signatures)
    i = 0
    while i < n:
        if not units[i].attrs.get("embedded"):
            i += 1
            continue
        j = i
        while j < n and units[j].attrs.get("embedded"):
            j += 1
        spans.append(Span(units[i].start, units[j - 1].end, "embedded", {"lang": units[i].lang}))
        closer = [k for k in range(i, j) if units[k].kind in ("e-date", "e-signed")]
        if closer and closer == list(range(closer[0], j)):
            spans.append(Span(units[closer[0]].start, units[j - 1].end, "closer"))
        i = j
    return spans

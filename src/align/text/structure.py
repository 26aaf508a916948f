"""Recover the structure a human encoder sees in a plain or lightly marked-up text.

Input is a Document whose text is blocks separated by blank lines (OCR output, light Markdown).
Output is two standoff layers, with no TEI in them:

``block``
    one span per block (a run of non-blank lines, or several such runs joined where a paragraph was
    split by a page break), labelled with its kind: ``title``, ``heading``, ``period``, ``p``,
    ``caption``, ``inscription``, ``attribution``, ``colophon``, ``ab`` (no letters), and inside an
    embedded text ``e-head``, ``e-p``, ``e-list``, ``e-date``, ``e-signed``.
``group``
    the spans that contain blocks: ``front``, ``titlePage``, ``body``, ``back``, ``div`` (``attrs['level']``),
    ``preface``, ``figure``, ``cit``, ``embedded`` (a text in another language set inside the main
    one, such as a treaty quoted in full), ``closer``.

Every rule looks at the shape of a block (its script, length, final punctuation, case, neighbours) and
never at particular words of a particular book, except the small documented word lists below
(colophon phrases; the chapter/part words).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .dates import find_dates, parse_date, parse_range
from ..model import Document, Layer, Span
from .scripts import LanguageMap, dominant_script

__all__ = ["StructureConfig", "block_spans", "recover_structure", "recover_structure_as_embedded", "looks_like_personal_name", "ends_sentence"]

# Only XML white space (space, tab, newline) may separate or surround blocks: whatever is trimmed ends
# up between elements, where other spaces (NBSP, U+3000) would be text where TEI allows none.
_XML_WS = " \t\n"
_BLANK_SPLIT = regex.compile(r"\n[ \t]*\n")
_TERMINAL = regex.compile(r"[.!?。？！…]['\"”’»」』)\]]*\s*$")


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-final punctuation (closing quotes and brackets allowed)."""
    return bool(_TERMINAL.search(text))


_STARTS_LOWER = regex.compile(r"^\s*\p{Ll}")
_LETTER = regex.compile(r"\p{L}")
_LIST_LINE = regex.compile(r"^\s*(?:\d{1,3}|[a-z]|[ivx]{1,4}|[가-하])[.)]\s+\S")
_WORD = regex.compile(r"[\p{L}\p{M}'’-]+|\d+")
# "Chapter 3", "PART II", "Book One", "제1장": the word alone ("Part of the crowd") is not enough.
_HEADING_WORD = regex.compile(
    r"^\s*(?:(?:chapter|part|book|section)\s+(?:\d+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|first|second|third|fourth|fifth|last)\b|제\s*\d+\s*[장부편절])",
    regex.IGNORECASE,
)

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


def looks_like_personal_name(s: str) -> bool:
    """Two to four capitalised tokens, each one or a hyphenated few romanized Korean syllables."""
    tokens = s.split()
    if not 2 <= len(tokens) <= 4:
        return False
    return all(t[:1].isupper() and _NAME_TOKEN.match(t) and len(t) <= 12 for t in tokens) and len(tokens[0]) <= 5


@dataclass(frozen=True)
class StructureConfig:
    """Thresholds of the heuristics, named so that a user can tune them for another book."""

    #: a block without final punctuation and at most this long may be a heading
    max_heading_chars: int = 250
    #: Title-Case lines with at least this many capitalised words may be section headings
    min_title_case_words: int = 6
    #: a paragraph cut by a page break is joined only when its first part is at least this long
    min_join_chars: int = 80
    #: a quotation followed by its author's name is at least this long
    min_quote_chars: int = 80
    #: consecutive foreign-language blocks that form an embedded text rather than inscriptions
    min_embedded_blocks: int = 3
    #: a foreign block at least this long and ending a sentence makes its run an embedded text
    min_embedded_paragraph_chars: int = 60
    #: script → language table (default: :data:`align.text.scripts.DEFAULT_LANGUAGES`)
    languages: LanguageMap = field(default_factory=LanguageMap)


@dataclass
class _Unit:
    start: int
    end: int
    text: str
    lang: str | None
    kind: str = ""
    attrs: dict = field(default_factory=dict)

    @property
    def stripped(self) -> str:
        return self.text.strip()


def block_spans(text: str) -> list[tuple[int, int]]:
    """Maximal runs of non-blank lines, as (start, end) without the surrounding newlines."""
    out = []
    pos = 0
    for m in _BLANK_SPLIT.finditer(text):
        out.append((pos, m.start()))
        pos = m.end() - 1  # keep the final newline out of both blocks
    out.append((pos, len(text)))
    spans = []
    for a, b in out:
        seg = text[a:b]
        # trim blank lines (and the newline kept above) but keep a line's own leading spaces
        lead = len(seg) - len(seg.lstrip("\n"))
        while True:
            nl = seg.find("\n", lead)
            head = seg[lead:] if nl < 0 else seg[lead:nl]
            if head.strip(_XML_WS) or nl < 0:
                break
            lead = nl + 1
        body = seg[lead:].rstrip(_XML_WS)
        if body.strip(_XML_WS):
            spans.append((a + lead, a + lead + len(body)))
    return spans


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


def _lang_of(text: str, start: int, end: int, langs: LanguageMap) -> str | None:
    script = dominant_script(text, start, end)
    return langs.lang_of(script) if script else None


def recover_structure(doc: Document, config: StructureConfig | None = None) -> Document:
    """Add the ``block`` and ``group`` layers (see the module docstring)."""
    cfg = config or StructureConfig()
    text = doc.text
    main_lang = _lang_of(text, 0, len(text), cfg.languages) or "und"
    units = [_Unit(a, b, text[a:b], _lang_of(text, a, b, cfg.languages)) for a, b in block_spans(text)]
    units = _join_continuations(units, text, cfg.min_join_chars)
    _classify(units, main_lang, cfg)
    blocks = Layer(
        "block",
        tuple(Span(u.start, u.end, u.kind, {**u.attrs, "lang": u.lang or main_lang}) for u in units),
        producer="structure-rules",
    )
    groups = Layer("group", tuple(_groups(units, text, cfg)), producer="structure-rules", meta={"main_lang": main_lang})
    return doc.with_layer(blocks).with_layer(groups).with_meta(lang=main_lang)


def recover_structure_as_embedded(doc: Document, config: StructureConfig | None = None) -> Document:
    """Structure for a text that is itself one document (a treaty, a letter, a translation of one):
    heading, paragraphs, numbered articles, date line and signatures, as in an embedded text."""
    cfg = config or StructureConfig()
    text = doc.text
    main_lang = _lang_of(text, 0, len(text), cfg.languages) or "und"
    units = [_Unit(a, b, text[a:b], main_lang) for a, b in block_spans(text)]
    units = _join_continuations(units, text, cfg.min_join_chars)
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


def _join_continuations(units: list[_Unit], text: str, min_chars: int) -> list[_Unit]:
    """A block that stops mid-sentence and a next block that starts in lower case are one paragraph
    split by a page or column break in the source."""
    out: list[_Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.lang == u.lang
            and _LETTER.search(prev.text)
            and not _TERMINAL.search(prev.text)
            and not _is_bold_block(prev.text)
            and _STARTS_LOWER.match(u.text)
            and len(prev.text) >= min_chars
        ):
            gaps = list(prev.attrs.get("breaks", ())) + [(prev.end, u.start)]
            out[-1] = _Unit(prev.start, u.end, text[prev.start : u.end], prev.lang, attrs={"joined": True, "breaks": gaps})
        else:
            out.append(u)
    return out


def _classify(units: list[_Unit], main_lang: str, cfg: StructureConfig) -> None:
    n = len(units)
    # 1. the colophon: trailing publication statements (and repeats of the title among them)
    titles = {_norm(_unmarked(u.text)) for u in units[:3] if _is_bold_block(u.text)}
    i = n - 1
    colophon_seen = False
    while i >= 0:
        t = _unmarked(units[i].stripped)
        lines = t.splitlines()
        # a colophon is short statements, not prose that happens to begin "Printed in ..."
        short = all(len(line) <= 120 and len(line.split()) <= 10 for line in lines)
        if short and (COLOPHON.match(t) or any(COLOPHON.match(line) for line in lines)):
            colophon_seen = True
        elif not (_norm(t) in titles):
            break
        i -= 1
    colophon_from = i + 1 if colophon_seen else n
    for u in units[colophon_from:]:
        u.kind = "colophon"
    # 2. the title page: bold display lines at the start, or (in a text with headings) a first short
    # line in capitals or Title Case; "by ..." lines after a title are its byline
    k = 0
    while k < colophon_from:
        t = _unmarked(units[k].stripped)
        if _is_bold_block(units[k].text):
            units[k].kind = "title"
        elif k > 0 and units[k - 1].kind in ("title", "byline") and _BYLINE.match(t) and _heading_shape(t, cfg):
            units[k].kind = "byline"
        elif (
            k == 0
            and _heading_shape(t, cfg)
            and (t.isupper() or _is_title_case(t, 1))
            and not (n > 1 and parse_range(_unmarked(units[1].text)))  # then it is the first chapter's heading
            and _has_heading_after(units, cfg)
        ):
            units[k].kind = "title"
        else:
            break
        k += 1
    # 3. headings and their period lines
    for j in range(k, colophon_from):
        u = units[j]
        if u.kind:
            continue
        nxt = units[j + 1] if j + 1 < colophon_from else None
        t = _unmarked(u.stripped)
        if nxt is not None and not nxt.kind and parse_range(_unmarked(nxt.text)) and _heading_shape(t, cfg):
            u.kind, nxt.kind = "heading", "period"
            d = parse_range(_unmarked(nxt.text))
            u.attrs.update({"from": d.from_, "to": d.to})
            nxt.attrs.update({"from": d.from_, "to": d.to})
        elif u.lang == main_lang and (_explicit_heading(t, cfg) or _heading_shape(t, cfg)) and (
            _HEADING_WORD.match(t)
            or (
                _is_title_case(t, cfg.min_title_case_words)
                and not find_dates(t)
                and any(_TERMINAL.search(v.text) and len(v.stripped) >= cfg.min_quote_chars for v in units[j + 1 : j + 3])
            )
        ):
            # a Title-Case line opens a section only when prose follows it soon (not a run of captions)
            u.kind = "heading"
    # 4. runs of blocks in another language: an embedded text, or inscriptions
    j = k
    while j < colophon_from:
        if units[j].kind or units[j].lang in (None, main_lang):
            j += 1
            continue
        run_end = j
        while run_end < colophon_from and not units[run_end].kind and units[run_end].lang == units[j].lang:
            run_end += 1
        run = units[j:run_end]
        long_para = any(
            len(u.stripped) >= cfg.min_embedded_paragraph_chars and _TERMINAL.search(u.text) and "\n" not in u.stripped
            for u in run
        )
        if len(run) >= cfg.min_embedded_blocks or long_para:
            _classify_embedded(run)
        else:
            for u in run:
                # prose in the other language (a bilingual text's paragraph) keeps its sentences;
                # text read off a photograph or sign does not end like a sentence
                u.kind = "p" if _TERMINAL.search(u.text) and len(u.stripped.split()) >= 2 else "inscription"
        j = run_end
    # 5. the rest: paragraphs, captions, attributions of quotations
    for j in range(k, colophon_from):
        u = units[j]
        if u.kind:
            continue
        t = u.stripped
        if not _LETTER.search(t):
            u.kind = "ab"
        elif _TERMINAL.search(t):
            u.kind = "p"
        else:
            u.kind = "caption"
    for j in range(k + 1, colophon_from):
        u, prev = units[j], units[j - 1]
        nxt = units[j + 1] if j + 1 < colophon_from else None
        if (
            u.kind == "caption"
            and prev.kind == "p"
            and len(prev.stripped) >= cfg.min_quote_chars
            and (looks_like_personal_name(u.stripped) or (_QUOTED.match(prev.stripped) and _NAME_SHAPE.match(u.stripped)))
            and not (nxt is not None and nxt.kind == "caption" and looks_like_personal_name(nxt.stripped))
        ):
            u.kind = "attribution"
            prev.attrs["quote"] = True


_BYLINE = regex.compile(r"(?i)^(?:by|edited\s+by|translated\s+by|compiled\s+by)\s+\S")


def _has_heading_after(units: list[_Unit], cfg: StructureConfig) -> bool:
    """A text with chapter headings (explicit words or period lines) has a title page to find."""
    return any(
        _HEADING_WORD.match(_unmarked(u.stripped)) or parse_range(_unmarked(u.text)) for u in units[1:]
    )


def _explicit_heading(t: str, cfg: StructureConfig) -> bool:
    """'CHAPTER I.' or 'Chapter 3. The Return': a heading word with a number, one short line."""
    return bool(_HEADING_WORD.match(t)) and "\n" not in t and len(t) <= cfg.max_heading_chars // 2


def _heading_shape(t: str, cfg: StructureConfig) -> bool:
    return bool(_LETTER.search(t)) and len(t) <= cfg.max_heading_chars and not _TERMINAL.search(t) and "\n\n" not in t


def _norm(t: str) -> str:
    return " ".join(t.split()).casefold()


def _classify_embedded(run: list[_Unit]) -> None:
    for u in run:
        u.attrs["embedded"] = True
    first = run[0]
    if "\n" not in first.stripped and not _TERMINAL.search(first.text) and len(first.stripped) <= 120:
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
        elif dated and len(lines) <= 4 and all(len(ln.strip()) <= 100 for ln in lines) and not _TERMINAL.search(t):
            u.kind = "e-signed"
        else:
            u.kind = "e-p"


def _groups(units: list[_Unit], text: str, cfg: StructureConfig) -> list[Span]:
    spans: list[Span] = []
    n = len(units)
    if not n:
        return spans
    first_heading = next((i for i, u in enumerate(units) if u.kind == "heading"), None)
    colophon_from = next((i for i, u in enumerate(units) if u.kind == "colophon"), n)
    title_end = 0
    while title_end < n and units[title_end].kind in ("title", "byline"):
        if units[title_end].kind == "title":
            page_end = title_end + 1
            while page_end < n and units[page_end].kind == "byline":
                page_end += 1
            spans.append(Span(units[title_end].start, units[page_end - 1].end, "titlePage"))
        title_end += 1
    body_from = first_heading if first_heading is not None else title_end
    if body_from > 0:
        spans.append(Span(units[0].start, units[body_from - 1].end, "front"))
        if body_from > title_end:
            spans.append(Span(units[title_end].start, units[body_from - 1].end, "preface"))
        spans.extend(_inner_groups(units[title_end:body_from]))
    if body_from < colophon_from:
        spans.append(Span(units[body_from].start, units[colophon_from - 1].end, "body"))
        spans.extend(_divisions(units[body_from:colophon_from]))
        spans.extend(_inner_groups(units[body_from:colophon_from]))
    if colophon_from < n:
        spans.append(Span(units[colophon_from].start, units[-1].end, "back"))
        spans.append(Span(units[colophon_from].start, units[-1].end, "div", {"type": "colophon", "level": 1}))
    spans.sort(key=lambda s: (s.start, -s.end, _GROUP_ORDER.get(s.label, 9)))
    return spans


# For groups with the same extent, the outer one first.
_GROUP_ORDER = {"front": 0, "body": 0, "back": 0, "titlePage": 1, "preface": 1, "div": 2, "embedded": 3, "cit": 4, "figure": 5, "closer": 6}


def _divisions(units: list[_Unit]) -> list[Span]:
    """Chapters open at a heading with a new period; a heading with the chapter's own period, or with no
    period line, opens a section inside it."""
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
            period = (u.attrs.get("from"), u.attrs.get("to")) if u.attrs.get("from") else None
            explicit = bool(_HEADING_WORD.match(_unmarked(u.stripped)))
            level = 1 if (period and period != chapter_period) or explicit or chapter_period is None else 2
            if level == 1:
                chapter_period = period or ("heading", u.start)
            close(level, prev_end if prev_end is not None else u.start)
            open_divs.append([level, u.start, {"type": "chapter" if level == 1 else "section"}])
        prev_end = u.end
    close(1, last_end)
    return spans


def _inner_groups(units: list[_Unit]) -> list[Span]:
    spans: list[Span] = []
    used: set[int] = set()
    n = len(units)
    for i, u in enumerate(units):
        if u.kind == "attribution" and i > 0:
            spans.append(Span(units[i - 1].start, u.end, "cit"))
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
    for i, u in enumerate(units):
        if u.kind in ("caption", "inscription") and i not in used:
            spans.append(Span(u.start, u.end, "figure"))
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

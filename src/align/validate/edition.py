"""The encoding rules of a bilingual edition (``ALN1xx``), beyond what the TEI schema can say.

Each rule is one function ``check(doc) -> Iterator[Hit]`` over a :class:`_Doc` (the tree plus what
several rules share: effective languages, ids, the declared languages). A :class:`Hit` names a node
and a place in it; :func:`check_edition` turns hits into :class:`Finding` records with line and
column from :class:`~align.validate.positions.SourceMap`. Rule metadata (severity, summary, hint)
lives in :mod:`align.validate.rules`.

Decisions a reader should know (also in the README's rules table):

* ALN106 compares the script of letters with the effective ``xml:lang`` (inherited from ancestors).
  A script subtag decides (``ko-Latn`` expects Latin); without one, the language's usual script is
  taken from a small table (IANA ``Suppress-Script`` values, ``ko`` -> Hangul and Han, ``ja`` ->
  kana and Han); languages outside it are not checked. Digits, punctuation and symbols never count.
  Latin letters inside text of another script are tolerated in short runs, because abbreviations and
  unit symbols are written in Latin in every script: a run of at most two Latin words, each of at most
  3 letters (``km``, ``kg``, ``UN``, ``A``) or of at most 6 letters at least half of them capitals
  (``ICBM``, ``UNESCO``, ``mRNA``), or any number of such capitalized acronyms (``UN, WHO, IMF``).
  A lone Greek letter is a symbol in any script (``α-helix``, ``π``).
  URLs and e-mail addresses, and elements holding codes rather than language (``idno``, ``code``,
  ``ident``, ``formula``, ``sic`` ...) are skipped. One finding per text node: the first run, and
  how many more.
* ALN107 looks at each word (letters and marks); a word whose letters come from two of Latin,
  Cyrillic and Greek is reported when every letter outside its main script looks like a letter of
  it (``_LOOKALIKES``, from UTS #39 confusables), naming them. ``Δt``, ``μm``, ``kΩ`` are notation.
* ALN108 checks only same-document pointers ``#id``; other URIs, prefixed pointers (``tei:x``) and
  XPointer schemes (``#xpath(...)``) are skipped. The attributes are those typed ``anyURI`` as pointers
  in tei_all (:data:`POINTER_ATTRIBUTES`).
* Nothing is reported twice: when the TEI schema ran (``schema_checked``), a language tag that breaks
  its ``language`` datatype (ALN104) and a missing header element (ALN111-113) are left to it, and
  the pipeline drops the schema's findings about a repeated xml:id (ALN109 reports those).
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterable, Iterator, NamedTuple

import regex
import unicodedata2
from lxml import etree

from ..text.scripts import char_script, script_runs
from .findings import Finding
from .langtags import malformed_reason, registered_form, unregistered, well_formed
from .positions import SourceMap
from .rules import EDITION_RULES

__all__ = ["check_edition", "Hit", "CHECKS", "POINTER_ATTRIBUTES", "expected_scripts"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_T = "{%s}" % TEI_NS
XML_LANG = "{%s}lang" % XML_NS
XML_ID = "{%s}id" % XML_NS

#: Attributes that tei_all 4.12 types as pointers (``anyURI``) on every element that has them, minus
#: those meant for outside resources (``url``, ``xml:base``, namespace names, data-category URIs).
#: ``from``/``to`` are dates on most elements, but a date never starts with ``#``, so checking every
#: ``#`` token is safe. A test keeps this list inside tei_all's anyURI attributes.
POINTER_ATTRIBUTES = frozenset(
    """active adj adjFrom adjTo ana calendar change children class code copyOf corresp datingMethod
    datingPoint decls domains edRef end exclude facs feats fVal follow from given hand inst lemmaRef
    location mergedIn mutual new next nymRef origin parent parts passive perf period prev ref
    rendition replyTo resp sameAs scheme scribeRef scriptRef select since source spanTo start synch
    target targetEnd to toWhom unitRef value where who wit""".split()
)

#: Elements whose text is a code, a name of markup, a formula or a deliberate error, not language.
_NOT_LANGUAGE = frozenset(_T + n for n in "idno code ident gi att val tag formula email ptr sic eg".split())

# -- scripts ------------------------------------------------------------------------------------

#: Usual script(s) of a language without a script subtag: ISO 15924 codes as the ``regex`` module
#: spells Unicode Script_Extensions values. From the IANA registry's Suppress-Script field, plus
#: the CJK languages that write more than one script.
_LATIN_LANGS = """af ast az br bs ca co cs cy da de en eo es et eu fi fil fo fr fy ga gd gl gv haw hr ht hu
    id is it kl la lb lt lv mg mi ms mt nb nl nn no oc pl pt rm ro sk sl sm so sq sv sw tl tn tr vi wa wo
    xh yo zu""".split()
_LANG_SCRIPTS: dict[str, tuple[str, ...]] = {
    **{lang: ("Latn",) for lang in _LATIN_LANGS},
    **{lang: ("Cyrl",) for lang in "ru uk be bg mk kk ky tg".split()},
    **{lang: ("Arab",) for lang in "ar fa ur ps".split()},
    **{lang: ("Hebr",) for lang in "he yi".split()},
    **{lang: ("Deva",) for lang in "hi mr ne sa".split()},
    "el": ("Grek",), "hy": ("Armn",), "ka": ("Geor",), "th": ("Thai",), "lo": ("Laoo",),
    "km": ("Khmr",), "my": ("Mymr",), "si": ("Sinh",), "am": ("Ethi",), "bn": ("Beng",),
    "ta": ("Taml",), "te": ("Telu",), "kn": ("Knda",), "ml": ("Mlym",), "gu": ("Gujr",),
    "pa": ("Guru",), "or": ("Orya",), "dv": ("Thaa",),
    "ko": ("Hang", "Hani"), "ja": ("Hira", "Kana", "Hani"), "zh": ("Hani", "Bopo"),
}
#: Script subtags that name a combination of Unicode scripts.
_SCRIPT_SUBTAGS: dict[str, tuple[str, ...]] = {
    "kore": ("Hang", "Hani"), "jpan": ("Hira", "Kana", "Hani"), "hrkt": ("Hira", "Kana"),
    "hans": ("Hani", "Bopo"), "hant": ("Hani", "Bopo"), "hanb": ("Hani", "Bopo"),
}
_SCRIPT_NAMES = {
    "Latn": "Latin", "Hang": "Hangul", "Hani": "Han", "Hira": "Hiragana", "Kana": "Katakana",
    "Cyrl": "Cyrillic", "Grek": "Greek", "Arab": "Arabic", "Hebr": "Hebrew", "Bopo": "Bopomofo",
}
_CONFUSABLE = ("Latn", "Cyrl", "Grek")


@functools.lru_cache(maxsize=1024)
def expected_scripts(tag: str) -> tuple[str, ...] | None:
    """Scripts (ISO 15924) that text tagged ``tag`` is written in, or ``None`` when we cannot tell.

    >>> expected_scripts("ko"), expected_scripts("ko-Latn"), expected_scripts("en-GB")
    (('Hang', 'Hani'), ('Latn',), ('Latn',))
    >>> expected_scripts("und") is None, expected_scripts("x-private") is None
    (True, True)
    """
    subtags = tag.lower().split("-")
    if not 2 <= len(subtags[0]) <= 3 or not subtags[0].isalpha():  # x-private, i-grandfathered, 4-8 letters
        return None
    for sub in subtags[1:]:
        if len(sub) == 1:  # extensions and private use follow; no script subtag seen
            break
        if len(sub) == 4 and sub.isalpha():
            if sub in _SCRIPT_SUBTAGS:
                return _SCRIPT_SUBTAGS[sub]
            code = sub.capitalize()
            return (code,) if _script_known(code) else None
    return _LANG_SCRIPTS.get(subtags[0])


@functools.lru_cache(maxsize=None)
def _script_known(code: str) -> bool:
    try:
        regex.compile(r"\p{scx=%s}" % code)
    except regex.error:
        return False
    return True


@functools.lru_cache(maxsize=None)
def _foreign_letters(scripts: tuple[str, ...]) -> regex.Pattern:
    """A pattern for a run of letters (with their marks) outside ``scripts`` and outside Common/Inherited."""
    allowed = "".join(r"\p{scx=%s}" % s for s in scripts)
    return regex.compile(r"(?:[\p{L}--[\p{sc=Zyyy}\p{sc=Zinh}%s]]\p{M}*)+" % allowed, regex.V1)


def _script_name(ch: str) -> str:
    """A script's English name for messages (``Hangul``, ``Latin``; else its ISO 15924 code)."""
    code = char_script(ch)
    return _SCRIPT_NAMES.get(code, code)


_URL = regex.compile(r"(?:https?|ftp)://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = regex.compile(r"[\p{L}\p{M}]+")
_BETWEEN_WORDS = regex.compile(r"\P{L}*")  # digits, spaces, punctuation, symbols: no letter
_LATIN_WORD = regex.compile(r"[\p{sc=Latn}\p{M}]+")
_GREEK_SYMBOL = regex.compile(r"\p{sc=Grek}\p{M}*")


def _tolerated_latin(tokens: list[str]) -> bool:
    """Short Latin words inside text of another script: abbreviations and unit symbols.

    >>> _tolerated_latin(["km"]), _tolerated_latin(["ICBM"]), _tolerated_latin(["UN", "WHO", "IMF"])
    (True, True, True)
    >>> _tolerated_latin(["United", "Nations"]), _tolerated_latin(["the", "UN", "is"])
    (False, False)
    """

    def letters(t: str) -> int:
        return sum(1 for c in t if c.isalpha())

    def acronym(t: str) -> bool:
        n, upper = letters(t), sum(1 for c in t if c.isupper())
        return 2 <= n <= 6 and upper >= 2 and 2 * upper >= n

    def short(t: str) -> bool:
        return letters(t) <= 3 or acronym(t)

    if all(acronym(t) for t in tokens):
        return True
    return len(tokens) <= 2 and all(short(t) for t in tokens)


# -- the document -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule broken at a place: a node, and in it an attribute (``attr``) or a text offset.

    ``part`` is ``"node"``, ``"attr"``, ``"text"`` or ``"tail"``.
    """

    rule: str
    node: Any
    message: str
    part: str = "node"
    attr: str = ""
    offset: int = 0


class _Str(NamedTuple):
    """A text or an attribute value, and where it stands (``attr`` in Clark notation, or "")."""

    node: Any
    part: str
    attr: str
    value: str
    owner: Any

    def where(self) -> str:
        if self.part == "attr":
            return f"attribute {_qname(self.owner, self.attr)} of <{_tag(self.owner)}>"
        return f"text of <{_tag(self.owner)}>"

    def hit(self, rule: str, message: str, offset: int) -> Hit:
        attr = _qname(self.owner, self.attr) if self.part == "attr" else ""
        return Hit(rule, self.node, message, self.part, attr, offset)


_PLAIN_ASCII = regex.compile(r"[\t\n\r\x20-\x7e]*")


class _Doc:
    """The tree and what several rules share, computed once.

    ``schema_checked``: the TEI schema ran on this tree too, so what it reports is not repeated.
    """

    def __init__(self, root, *, schema_checked: bool = False, unresolved_includes: bool = False):
        self.root = root
        self.schema_checked = schema_checked
        self.unresolved_includes = unresolved_includes
        self.elements = [el for el in root.iter() if isinstance(el.tag, str)]

    @cached_property
    def langs(self) -> dict[Any, tuple[str | None, Any]]:
        """Element -> (effective xml:lang, element that sets it)."""
        out: dict[Any, tuple[str | None, Any]] = {}
        for el in self.elements:
            own = el.get(XML_LANG)
            if own is not None:
                out[el] = (own.strip(), el)
            else:
                parent = el.getparent()
                out[el] = out[parent] if parent is not None else (None, None)
        return out

    @cached_property
    def ids(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for el in self.elements:
            value = el.get(XML_ID)
            if value is not None:
                out.setdefault(value, []).append(el)
        return out

    @cached_property
    def declared_langs(self) -> set[str] | None:
        """Lower-cased ``language/@ident`` of every ``langUsage``; ``None`` when there is no langUsage."""
        usages = self.root.findall(f".//{_T}teiHeader/{_T}profileDesc/{_T}langUsage")
        if not usages:
            return None
        return {lang.get("ident", "").strip().lower() for u in usages for lang in u.iterfind(_T + "language")}

    def texts(self) -> Iterator[tuple[Any, str, str, Any]]:
        """(node, "text"|"tail", text, element whose content it is) for every non-empty text."""
        for node in self.root.iter():
            if isinstance(node.tag, str) and node.text:
                yield node, "text", node.text, node
            if node is not self.root and node.tail:
                yield node, "tail", node.tail, node.getparent()

    def attributes(self) -> Iterator[tuple[Any, str, str]]:
        for el in self.elements:
            for name, value in el.attrib.items():
                yield el, name, value

    @cached_property
    def unusual_strings(self) -> list[_Str]:
        """Texts and attribute values that are not plain printable ASCII: all the character rules
        (ALN101-103) need to look at."""
        out = [_Str(node, part, "", text, el) for node, part, text, el in self.texts()
               if not _PLAIN_ASCII.fullmatch(text)]
        out += [_Str(el, "attr", name, value, el) for el, name, value in self.attributes()
                if not _PLAIN_ASCII.fullmatch(value)]
        return out


def _qname(el, name: str) -> str:
    """An attribute name as written: ``xml:lang``, ``target``, ``xlink:href``."""
    if not name.startswith("{"):
        return name
    ns, local = name[1:].split("}", 1)
    if ns == XML_NS:
        return "xml:" + local
    prefix = next((p for p, u in (el.nsmap or {}).items() if u == ns and p), None)
    return f"{prefix}:{local}" if prefix else local


def _tag(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else "node"


def _show(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cp(ch: str) -> str:
    name = unicodedata2.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _more(n: int, what: str) -> str:
    """``"; 2 more runs follow"``: one finding per text, saying how many it stands for."""
    if not n:
        return ""
    return f"; 1 more {what} follows" if n == 1 else f"; {n} more {what}s follow"


# -- character rules ----------------------------------------------------------------------------

_GRAPHEME = regex.compile(r"\X")
_FORBIDDEN = regex.compile(r"[\p{Cc}--[\t\n\r]]|\p{Co}|\p{Noncharacter_Code_Point}", regex.V1)
_COMPAT_JAMO = regex.compile(r"[\u3131-\u318E\uFFA0-\uFFDC]+")


def _nfc(s: str) -> str:
    return unicodedata2.normalize("NFC", s)


def check_nfc(doc: _Doc) -> Iterator[Hit]:
    """ALN101: text and attribute values are NFC (composed), so searching and comparing them works."""
    for st in doc.unusual_strings:
        value = st.value
        if value.isascii() or _nfc(value) == value:
            continue
        bad = [m for m in _GRAPHEME.finditer(value) if _nfc(m.group()) != m.group()]
        if not bad:  # a composition across cluster boundaries: report the whole string
            offset, cluster = 0, value
        else:
            offset, cluster = bad[0].start(), bad[0].group()
        codes = " ".join(f"U+{ord(c):04X}" for c in cluster[:8])
        fixed = " ".join(f"U+{ord(c):04X}" for c in _nfc(cluster)[:8])
        yield st.hit("ALN101", f"{st.where()} is not NFC: {_show(cluster)!r} ({codes}) should be "
                     f"{_nfc(cluster)!r} ({fixed}){_more(max(0, len(bad) - 1), 'place')}", offset)


def _strings_matching(doc: _Doc, pattern: regex.Pattern) -> Iterator[tuple[_Str, list[regex.Match]]]:
    for st in doc.unusual_strings:
        found = list(pattern.finditer(st.value))
        if found:
            yield st, found


def _declared_private_use(doc: _Doc) -> set[str]:
    """Private-use characters the document documents itself in a ``charDecl`` (a ``char`` or ``glyph``
    whose mapping or description holds it): MUFI-style editions use them on purpose."""
    out: set[str] = set()
    for decl in doc.root.iter(_T + "charDecl"):
        for text in decl.itertext():
            out.update(ch for ch in text if unicodedata2.category(ch) == "Co")
    return out


def check_forbidden_chars(doc: _Doc) -> Iterator[Hit]:
    """ALN102: control, private-use and noncharacters carry no meaning another reader can recover,
    unless the document declares its private-use characters in a ``charDecl``."""
    declared = _declared_private_use(doc) if doc.root.find(f".//{_T}charDecl") is not None else set()
    for st, found in _strings_matching(doc, _FORBIDDEN):
        found = [m for m in found if m.group() not in declared]
        if not found:
            continue
        ch = found[0].group()
        cat = unicodedata2.category(ch)
        kind = "control character" if cat == "Cc" else "private-use character" if cat == "Co" else "noncharacter"
        yield st.hit("ALN102", f"{kind} {_cp(ch)} in {st.where()}{_more(len(found) - 1, 'such character')}",
                     found[0].start())


def check_compat_jamo(doc: _Doc) -> Iterator[Hit]:
    """ALN103: compatibility and halfwidth jamo look like Hangul but don't compose, sort or search as it."""
    for st, found in _strings_matching(doc, _COMPAT_JAMO):
        run = found[0].group()
        yield st.hit("ALN103", f"compatibility jamo {run!r} ({_cp(run[0])}{', …' if len(run) > 1 else ''}) "
                     f"in {st.where()}{_more(len(found) - 1, 'run')}", found[0].start())


# -- languages ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def is_bcp47(tag: str) -> bool:
    """:func:`align.validate.langtags.well_formed`, remembered: a document repeats a handful of tags
    thousands of times."""
    return well_formed(tag)


def _lang_attributes(doc: _Doc) -> Iterator[tuple[Any, str, str]]:
    """(element, qname, tag) for every non-empty xml:lang and langUsage/language/@ident."""
    for el in doc.elements:
        value = el.get(XML_LANG)
        if value:
            yield el, "xml:lang", value
        if el.tag == _T + "language" and el.get("ident"):
            yield el, "ident", el.get("ident")


#: The XML Schema ``language`` type tei_all uses for these attributes: looser than BCP 47.
_XSD_LANGUAGE = regex.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*")


def check_bcp47(doc: _Doc) -> Iterator[Hit]:
    """ALN104: a malformed language tag defeats every tool that selects or renders by language.

    When the schema ran, tags that break its (looser) ``language`` type are left to it.
    """
    for el, name, value in _lang_attributes(doc):
        if doc.schema_checked and not _XSD_LANGUAGE.fullmatch(value):
            continue
        if not is_bcp47(value):
            yield Hit("ALN104", el, f"{name}={value!r} on <{_tag(el)}> is not a well-formed BCP 47 language tag: "
                      f"{malformed_reason(value)}", "attr", name)


def check_lang_registered(doc: _Doc) -> Iterator[Hit]:
    """ALN114: a well-formed tag whose subtags are not registered names a language no tool knows
    (``latpunic`` for Punic in Latin letters). One finding per tag, at its first use."""
    uses: dict[str, list[tuple[Any, str]]] = {}
    for el, name, value in _lang_attributes(doc):
        if is_bcp47(value) and unregistered(value):
            uses.setdefault(value.lower(), []).append((el, name))
    for places in uses.values():
        el, name = places[0]
        value = el.get(XML_LANG) if name == "xml:lang" else el.get("ident")
        bad = ", ".join(f"{kind} subtag {sub!r}" for kind, sub in unregistered(value))
        times = f"; used {len(places)} times" if len(places) > 1 else ""
        better = registered_form(value)
        instead = f"; the registered tag is {better!r}" if better else ""
        yield Hit("ALN114", el, f"{name}={value!r} is well-formed but not registered: the {bad} is not in the IANA "
                  f"Language Subtag Registry{instead}{times}", "attr", name)


def check_lang_declared(doc: _Doc) -> Iterator[Hit]:
    """ALN105: langUsage is the edition's inventory of languages; a tag used but not declared is a gap.

    One finding per undeclared tag, at its first use (malformed tags are ALN104's).
    """
    declared = doc.declared_langs
    uses: dict[str, list[Any]] = {}
    for el in doc.elements:
        value = (el.get(XML_LANG) or "").strip()
        if value and is_bcp47(value) and value.lower() not in (declared or ()):
            uses.setdefault(value.lower(), []).append(el)
    for tag, els in uses.items():
        value = els[0].get(XML_LANG)
        times = f"; used {len(els)} times" if len(els) > 1 else ""
        if declared is None:
            msg = f"xml:lang={value!r} is not declared: the teiHeader has no profileDesc/langUsage{times}"
        else:
            msg = f"xml:lang={value!r} is not declared in langUsage/language/@ident{times}"
        yield Hit("ALN105", els[0], msg, "attr", "xml:lang")


# -- scripts ------------------------------------------------------------------------------------


def _language_texts(doc: _Doc) -> Iterator[tuple[Any, str, str, Any]]:
    """Texts that are language (not codes, not deliberate errors, not other vocabularies)."""
    skip: set[Any] = set()
    for el in doc.elements:
        parent = el.getparent()
        if el.tag in _NOT_LANGUAGE or not el.tag.startswith(_T) or (parent is not None and parent in skip):
            skip.add(el)
    for node, part, text, el in doc.texts():
        if el not in skip:
            yield node, part, text, el


_IN_SCRIPT = {code: regex.compile(r"\p{sc=%s}" % code) for code in _SCRIPT_NAMES}
_CYRL_GREK = regex.compile(r"[\p{sc=Cyrl}\p{sc=Grek}]")


def _cyrl_grek_words(text: str) -> Iterator[regex.Match]:
    """Words (letters and marks) with a Cyrillic or Greek letter in them."""
    if _CYRL_GREK.search(text):
        for m in _WORD.finditer(text):
            if _CYRL_GREK.search(m.group()):
                yield m


#: Cyrillic and Greek letters that look like a Latin letter (from Unicode's confusables.txt, UTS #39),
#: by the Latin letter. Each entry is a class of look-alikes.
_LOOKALIKES = {
    "a": "аα", "c": "сϲ", "d": "ԁ", "e": "е", "h": "һ", "i": "іι", "j": "јϳ", "k": "κ", "l": "ӏ",
    "o": "оο", "p": "рρ", "q": "ԛ", "s": "ѕ", "u": "υ", "v": "νѵ", "w": "ԝ", "x": "хχ", "y": "уγ",
    "A": "АΑ", "B": "ВΒ", "C": "СϹ", "E": "ЕΕ", "H": "НΗ", "I": "ІΙӀ", "J": "Ј", "K": "КΚ", "M": "МΜ",
    "N": "Ν", "O": "ОΟ", "P": "РΡ", "S": "Ѕ", "T": "ТΤ", "X": "ХΧ", "Y": "ΥҮ", "Z": "Ζ",
}
_LOOKALIKE_CLASS = {ch: latin + others for latin, others in _LOOKALIKES.items() for ch in latin + others}
_SI_GREEK = regex.compile(r"[kMGTmnpμ]?Ω")  # kΩ: k looks like Greek kappa, but this is a unit


def _looks_like(ch: str, script: str) -> bool:
    """Whether ``ch`` looks like a letter of ``script`` (other than itself)."""
    return any(other != ch and _IN_SCRIPT[script].match(other) for other in _LOOKALIKE_CLASS.get(ch, ""))


class _Mixed(NamedTuple):
    """A mixed-script word: its match, its main script, and the offsets (in the word) of the odd letters."""

    match: regex.Match
    main: str
    odd: list[int]


def _confusable_words(text: str) -> Iterator[_Mixed]:
    """Words whose letters come from two of Latin, Cyrillic and Greek, where every letter outside the
    word's main script looks like a letter of it: an OCR slip, not notation (``Δt``, ``μm``, ``βcell``).

    The main script has the most letters; on a tie, the one with letters that look like nothing in the
    other script (``οf`` is Latin with a Greek omicron).
    """
    for m in _cyrl_grek_words(text):
        word = m.group()
        if sum(1 for code in _CONFUSABLE if _IN_SCRIPT[code].search(word)) < 2 or _SI_GREEK.fullmatch(word):
            continue
        letters: dict[str, list[int]] = {}
        for run in script_runs(word):
            if run.script in _CONFUSABLE:
                letters.setdefault(run.script, []).extend(range(run.start, run.end))

        def rank(script: str) -> tuple[int, int, int]:
            others = [s for s in letters if s != script]
            distinct = sum(not any(_looks_like(word[i], o) for o in others) for i in letters[script])
            return (len(letters[script]), distinct, -min(letters[script]))

        main = max(letters, key=rank)
        odd = sorted(i for s, idx in letters.items() if s != main for i in idx if word[i].isalpha())
        if odd and all(_looks_like(word[i], main) for i in odd):
            yield _Mixed(m, main, odd)


def check_script_lang(doc: _Doc) -> Iterator[Hit]:
    """ALN106: text in a script its xml:lang does not use is untagged language (or a wrong tag).

    Screen readers, hyphenation, search and the aligner all pick their behaviour from xml:lang.
    """
    langs = doc.langs
    for node, part, text, el in _language_texts(doc):
        lang, source = langs.get(el, (None, None))
        scripts = expected_scripts(lang) if lang else None
        if not scripts:
            continue
        pattern = _foreign_letters(scripts)
        tokens = list(pattern.finditer(text))
        if not tokens:
            continue
        skip = _skip_spans(text)
        tokens = [t for t in tokens if not any(a <= t.start() < b for a, b in skip)]
        runs = _group_runs(text, tokens)
        bad = [run for run in runs if not _tolerated_run([t.group() for t in run], scripts)]
        if not bad:
            continue
        first = bad[0]
        start, end = first[0].start(), first[-1].end()
        script = _script_name(text[start])
        origin = f"<{_tag(source)}> line {source.sourceline}" if source is not None else "an ancestor"
        yield Hit("ALN106", node,
                  f"{script} text {_show(text[start:end])!r} under xml:lang={lang!r} (set on {origin})"
                  f"{_more(len(bad) - 1, 'run')}",
                  part, "", start)


def _tolerated_run(words: list[str], scripts: tuple[str, ...]) -> bool:
    """Foreign letters that belong in any text: Latin abbreviations and units, and lone Greek letters
    used as symbols (α-helix, π, Δt)."""
    if all(_GREEK_SYMBOL.fullmatch(w) for w in words):
        return True
    return "Latn" not in scripts and all(_LATIN_WORD.fullmatch(w) for w in words) and _tolerated_latin(words)


def _skip_spans(text: str) -> list[tuple[int, int]]:
    """URLs, e-mail addresses, and the words ALN107 reports."""
    spans = [m.span() for m in _URL.finditer(text)]
    if not text.isascii():
        spans += [mixed.match.span() for mixed in _confusable_words(text)]
    return spans


def _group_runs(text: str, tokens: list) -> list[list]:
    """Foreign words separated only by spaces, digits or punctuation form one run."""
    runs: list[list] = []
    for tok in tokens:
        if runs and _BETWEEN_WORDS.fullmatch(text, runs[-1][-1].end(), tok.start()):
            runs[-1].append(tok)
        else:
            runs.append([tok])
    return runs


def check_mixed_script_words(doc: _Doc) -> Iterator[Hit]:
    """ALN107: a Cyrillic о in an English word looks right and breaks search, sorting and spelling."""
    for node, part, text, el in _language_texts(doc):
        if text.isascii():
            continue
        for m, main, odd in _confusable_words(text):
            word = m.group()
            odd_scripts = "/".join(sorted({_script_name(word[i]) for i in odd}))
            letters = "".join(word[i] for i in odd)
            yield Hit("ALN107", node,
                      f"word {word!r} mixes {_SCRIPT_NAMES[main]} with {odd_scripts} {letters!r} "
                      f"({', '.join(_cp(word[i]) for i in odd[:3])}): an OCR confusable?",
                      part, "", m.start() + odd[0])


# -- pointers and ids ---------------------------------------------------------------------------


def _prefix_defs(doc: _Doc) -> dict[str, list[tuple[regex.Pattern, str]]]:
    """``prefixDef/@ident`` -> (matchPattern, replacementPattern) pairs: the document's own private
    URI schemes, which turn ``psn:anna`` into a URI (sometimes a local ``#anna``)."""
    out: dict[str, list[tuple[regex.Pattern, str]]] = {}
    for pd in doc.root.iter(_T + "prefixDef"):
        ident, match, repl = pd.get("ident"), pd.get("matchPattern"), pd.get("replacementPattern")
        if not ident:
            continue
        entry = out.setdefault(ident.strip(), [])
        if match is not None and repl is not None:
            try:
                entry.append((regex.compile(match), regex.sub(r"\$(\d)", r"\\\1", repl)))
            except (regex.error, ValueError):
                pass  # a pattern we cannot read is the schema's business, not a reason to guess
    return out


def _local_pointers(doc: _Doc) -> Iterator[tuple[Any, str, str]]:
    """(element, attribute, id) for every same-document pointer of a pointer attribute: ``#id`` tokens
    (XPointer schemes skipped) and prefixed pointers whose ``prefixDef`` expands them to ``#id``."""
    prefixes = _prefix_defs(doc)
    for el in doc.elements:
        for name, value in el.attrib.items():
            if name not in POINTER_ATTRIBUTES:
                continue
            for token in value.split():
                if token.startswith("#"):
                    if "(" not in token:
                        yield el, name, token[1:]
                    continue
                prefix, colon, rest = token.partition(":")
                for pattern, replacement in prefixes.get(prefix, ()) if colon else ():
                    if pattern.fullmatch(rest):
                        target = pattern.sub(replacement, rest, count=1)
                        if target.startswith("#") and "(" not in target:
                            yield el, name, target[1:]
                        break


def _external_renditions(doc: _Doc) -> bool:
    """Whether ``@rendition`` pointers name definitions kept outside the file: the document defines no
    ``rendition`` of its own, or says where its renditions come from (``rendition/@source``, an
    ``xi:include`` in ``tagsDecl``). Projects share one stylesheet of renditions across many files."""
    local = [r for r in doc.root.iter(_T + "rendition") if r.get(XML_ID)]
    if not local:
        return True
    return any(r.get("source") for r in local) or any(
        isinstance(el.tag, str) and el.tag.endswith("}include") for t in doc.root.iter(_T + "tagsDecl") for el in t.iter())


def check_pointers(doc: _Doc) -> Iterator[Hit]:
    """ALN108: a pointer to no element is a link a reader follows into nothing.

    Pointers into definitions the document says are elsewhere are not reported: ``@rendition`` when its
    renditions are external (:func:`_external_renditions`), and every pointer when an ``xi:include``
    could not be followed (what it would have brought in is unknown).
    """
    ids = doc.ids
    if doc.unresolved_includes:
        return
    external_renditions: bool | None = None
    guesses: dict[str, str] = {}
    by_length: dict[int, list[str]] | None = None
    for el, name, ident in _local_pointers(doc):
        if ident in ids:
            continue
        if name == "rendition":
            if external_renditions is None:
                external_renditions = _external_renditions(doc)
            if external_renditions:
                continue
        guess = guesses.get(ident)
        if guess is None:  # one suggestion per missing id; looking for close ids is the slow part
            if by_length is None:
                by_length = {}
                for known in ids:
                    by_length.setdefault(len(known), []).append(known)
            # a ratio of 0.7 or more needs lengths within a factor of about 1.9 of each other
            near = [k for n in range(len(ident) * 10 // 19, len(ident) * 19 // 10 + 2) for k in by_length.get(n, ())]
            close = difflib.get_close_matches(ident, near, n=1, cutoff=0.7) if len(guesses) < 200 else []
            guess = guesses[ident] = f"; did you mean #{close[0]}?" if close else ""
        yield Hit("ALN108", el, f"@{name} of <{_tag(el)}> points at #{ident}, but no element has "
                  f"xml:id={ident!r}{guess}", "attr", name)


def check_unique_ids(doc: _Doc) -> Iterator[Hit]:
    """ALN109: an id used twice makes every pointer to it ambiguous."""
    for ident, els in doc.ids.items():
        for el in els[1:]:
            yield Hit("ALN109", el, f"xml:id={ident!r} is already used by <{_tag(els[0])}> on line "
                      f"{els[0].sourceline}", "attr", "xml:id")


def _primary(lang: str | None) -> str | None:
    return lang.split("-")[0].lower() if lang else None


def check_alignment_languages(doc: _Doc) -> Iterator[Hit]:
    """ALN110: an alignment link pairs a text with its translation; one language on both sides is a slip."""
    ids, langs = doc.ids, doc.langs
    for grp in doc.root.iter(_T + "linkGrp"):
        if grp.get("type") != "alignment":
            continue
        for link in grp.iterchildren(_T + "link"):
            targets = [t[1:] for t in link.get("target", "").split() if t.startswith("#") and "(" not in t]
            found = [(t, ids[t][0]) for t in targets if t in ids]
            if len(found) < 2:  # unresolved targets are ALN108's; fewer than two, Schematron's
                continue
            known = {p for p in (_primary(langs[el][0]) for _, el in found) if p is not None}
            if len(known) >= 2:
                continue
            unknown = [f"#{t}" for t, el in found if not langs[el][0]]
            shown = " ".join(f"#{t}" for t, _ in found[:4]) + (" …" if len(found) > 4 else "")
            if known:
                msg = f"alignment link ({shown}) joins only {sorted(known)[0]!r} segments"
            else:
                msg = f"alignment link ({shown}) joins segments with no xml:lang"
            if unknown and known:
                msg += f" ({', '.join(unknown[:3])} {'has' if len(unknown) == 1 else 'have'} no xml:lang)"
            yield Hit("ALN110", link, msg, "attr", "target")


# -- header -------------------------------------------------------------------------------------


def _has_text(el) -> bool:
    return el is not None and bool("".join(el.itertext()).strip())


#: Attributes through which an element without text still says something (a bibl that points at the
#: catalogue record, a publisher given by reference).
_CONTENT_ATTRIBUTES = ("target", "ref", "url", "corresp", "source", "sameAs", "key")


def _has_content(el) -> bool:
    """Text, or an element inside that points somewhere: not an empty field."""
    if _has_text(el):
        return True
    return el is not None and any(
        isinstance(d.tag, str) and any(d.get(a) for a in _CONTENT_ATTRIBUTES) for d in el.iter())


def _headers(doc: _Doc) -> Iterator[Any]:
    for el in [doc.root, *doc.root.iterdescendants(_T + "TEI", _T + "teiCorpus")]:
        if el.tag not in (_T + "TEI", _T + "teiCorpus"):
            continue
        header = el.find(_T + "teiHeader")
        yield el if header is None else header


# The schema requires teiHeader, fileDesc, titleStmt/title, publicationStmt and sourceDesc: when it ran,
# a missing one is its finding, and the header rules add what it cannot see (elements without text).


def check_header_title(doc: _Doc) -> Iterator[Hit]:
    """ALN111: an archive catalogues by title; an untitled file is lost in the catalogue."""
    for header in _headers(doc):
        if header.tag != _T + "teiHeader":
            if doc.schema_checked:
                continue
            yield Hit("ALN111", header, f"<{_tag(header)}> has no teiHeader: an archive needs a title, "
                      "a publication statement and a source description")
            continue
        fd = header.find(_T + "fileDesc")
        titles = [] if fd is None else fd.findall(f"{_T}titleStmt/{_T}title")
        if not any(_has_text(t) for t in titles) and (titles or not doc.schema_checked):
            what = "empty" if titles else "missing"
            yield Hit("ALN111", titles[0] if titles else (fd if fd is not None else header),
                      f"teiHeader/fileDesc/titleStmt/title is {what}")


def check_header_publication(doc: _Doc) -> Iterator[Hit]:
    """ALN112: who published (or that nobody did) is what an archive needs to cite and license a file."""
    wanted = {_T + n for n in ("publisher", "distributor", "authority", "p")}
    for header in _headers(doc):
        fd = header.find(_T + "fileDesc")
        if fd is None:
            continue
        stmt = fd.find(_T + "publicationStmt")
        if stmt is None:
            if not doc.schema_checked:
                yield Hit("ALN112", fd, "fileDesc has no publicationStmt")
        elif not any(_has_content(c) for c in stmt if c.tag in wanted):
            yield Hit("ALN112", stmt, "publicationStmt names no publisher, distributor or authority and has no "
                      "non-empty <p>")


def check_header_source(doc: _Doc) -> Iterator[Hit]:
    """ALN113: what the edition was made from is the first thing a scholar asks."""
    for header in _headers(doc):
        fd = header.find(_T + "fileDesc")
        if fd is None:
            continue
        src = fd.find(_T + "sourceDesc")
        if src is None:
            if not doc.schema_checked:
                yield Hit("ALN113", fd, "fileDesc has no sourceDesc")
        elif not _has_content(src):
            yield Hit("ALN113", src, "sourceDesc is empty")


#: Rule id -> check, in the order of :data:`align.validate.rules.EDITION_RULES`.
CHECKS: dict[str, Callable[[_Doc], Iterable[Hit]]] = {
    "ALN101": check_nfc,
    "ALN102": check_forbidden_chars,
    "ALN103": check_compat_jamo,
    "ALN104": check_bcp47,
    "ALN105": check_lang_declared,
    "ALN106": check_script_lang,
    "ALN107": check_mixed_script_words,
    "ALN108": check_pointers,
    "ALN109": check_unique_ids,
    "ALN110": check_alignment_languages,
    "ALN111": check_header_title,
    "ALN112": check_header_publication,
    "ALN113": check_header_source,
    "ALN114": check_lang_registered,
}
_HINTS = {r.id: r.hint for r in EDITION_RULES}


def check_edition(
    tree,
    *,
    path: str = "<tree>",
    source: bytes | None = None,
    enabled: Callable[[str], bool] | None = None,
    schema_checked: bool = False,
    unresolved_includes: bool = False,
    positions: SourceMap | None = None,
) -> list[Finding]:
    """Run the edition rules on ``tree`` (an lxml tree or element) and return findings, in rule order.

    ``source`` (the bytes the tree was parsed from) gives exact columns; ``enabled(rule_id)`` skips
    rules that are off; ``schema_checked`` says the TEI schema ran too (see :func:`check_bcp47`);
    ``unresolved_includes`` that an ``xi:include`` was not followed (see :func:`check_pointers`).
    """
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    doc = _Doc(root, schema_checked=schema_checked, unresolved_includes=unresolved_includes)
    positions = positions if positions is not None else SourceMap(root, source)
    findings = []
    for rule, check in CHECKS.items():
        if enabled is not None and not enabled(rule):
            continue
        for hit in check(doc):
            if hit.part == "attr":
                line, col = positions.attribute(hit.node, hit.attr)
            elif hit.part in ("text", "tail"):
                line, col = positions.text(hit.node, hit.offset, tail=hit.part == "tail")
            else:
                line, col = positions.node(hit.node)
            findings.append(Finding(path, line, col, "error", rule, hit.message, _HINTS[rule]))
    return findings

"""Script runs: split a text into maximal runs of one writing system (UAX #24), so each run can carry
an ``xml:lang`` taken from data rather than guessed.

The resolution rules, in the order they apply:

* Every character has a UAX #24 ``Script`` value (``char_script``). Letters of a specific script are
  *strong*; Common (``Zyyy``: spaces, digits, punctuation), Inherited (``Zinh``: combining marks,
  variation selectors, ZWJ) and Unknown (``Zzzz``: unassigned and private-use code points, so a
  private-use Hanja glyph does not split a Korean run) are *weak* and take the script of their context.
* Korean is one run: Hangul (syllables, conjoining and compatibility jamo, halfwidth forms, tone marks)
  and Han characters inside Korean text form a single run labelled ``Kore`` (Hang+Hani, ISO 15924).
  A run of Han with no Hangul in it stays ``Hani``; Han text that turns out to be followed by Hangul
  (``金正日 김정일``) is absorbed into the Korean run. Japanese (``Jpan`` = Hira+Kana+Hani) and
  Bopomofo (``Hanb`` = Bopo+Hani) are treated the same way, because ISO 15924 defines them alike.
* Script_Extensions: a character whose ``scx`` set contains a script of the current run stays in it
  (``。`` ``、`` ``・`` ``·`` in Korean text). A Common character whose ``scx`` excludes the current
  run but includes the next run's script (``Latin 。한국어``) goes with the next run.
* Weak characters at the very start take the script of the first strong character; a range with no
  strong character at all is one ``Zyyy`` run. Weak characters at a boundary between two scripts
  (spaces, digits, punctuation) stay with the run *before* the boundary ("trailing belongs to the
  run before"), with one exception:
* Brackets and quotation marks go with their content, as in ICU's script-run algorithm
  (``uscript_nextRun``): openers are kept on a stack; an opener still waiting for a strong character
  joins the run that strong character starts (``He said “김정일”`` -> ``He said `` + ``“김정일”``;
  ``김정일 (Kim Jong Il)`` -> ``김정일 `` + ``(Kim Jong Il)``), and a closer takes the script of its
  matching opener, starting a new run if that differs from the current one. Unlike ICU, a closer
  with no matching opener leaves the stack alone (so an apostrophe ``’`` cannot empty it), ``’``
  between two letters is an apostrophe, ASCII ``"`` and ``»`` ``›`` close a matching opener or
  else open (they serve both ways: ``»…«`` in German) while ``”`` and ``’`` only ever close,
  ``<`` and ``>`` are not brackets, and a blank line or U+2029 forgets unclosed openers (quotes
  rarely span paragraphs, and OCR leaves many unbalanced). A bracket pair that opens and closes
  with only weak characters inside is weak as a whole.
* A ``start``/``end`` range is resolved as a text of its own: brackets opened before ``start`` are
  not seen, so call on whole paragraphs when quotes matter.

Bracket pairs come from Unicode data (every ``Ps``/``Pi`` character paired with its ``Pe``/``Pf``
partner by name, ``LEFT``->``RIGHT``), plus the published quotation conventions of German, Polish
and Danish typography (``„“``, ``„”``, ``‚‘``, ``»«``).

Run labels are ISO 15924 codes. ``LanguageMap`` turns them into BCP 47 tags from data
(``DEFAULT_LANGUAGES``); ``is_bcp47`` checks tag syntax and is shared with other modules.

Speed: one pre-compiled ``regex`` scan splits the text into tokens (a whole stretch of Latin,
Hangul, Han, Cyrillic or Greek with its inner spaces and punctuation is one token; other scripts
come a word at a time), and only brackets, quotes and characters with Script_Extensions are looked
at one by one. Cost is linear in the text; ``scripts/bench_scripts.py`` measures it.
"""

from __future__ import annotations

import functools
import importlib.metadata
from collections import Counter
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Iterable, Mapping, cast

import regex
import unicodedata2

from ..errors import SegmentError
from ..model import Document, FrozenMap, Layer, Span

__all__ = [
    "ScriptRun",
    "script_runs",
    "char_script",
    "script_counts",
    "dominant_script",
    "DEFAULT_LANGUAGES",
    "LanguageMap",
    "is_bcp47",
    "script_layer",
    "script_spans",
    "segment_scripts",
    "UNICODE_VERSIONS",
    "WEAK_SCRIPTS",
    "UNION_SCRIPTS",
]


def _regex_unicode_version() -> str:
    """``regex`` states its Unicode version only in its package description."""
    try:
        md = importlib.metadata.metadata("regex")
        # the description is the message body, or a "Description" field once the importlib_metadata
        # backport is imported (Dask imports it): read both, so every process signs alike
        description = md.get_payload() or md.get("Description") or ""  # type: ignore[attr-defined]
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "unknown"
    m = regex.search(r"supports Unicode (\d+(?:\.\d+)*)", description)
    return m.group(1) if m else "unknown"


#: Which Unicode data decided the runs; goes into signatures and layer metadata. ``regex`` decides
#: Script and Script_Extensions; ``unicodedata2`` only supplies bracket names for pairing.
UNICODE_VERSIONS: Mapping[str, str] = MappingProxyType(
    {
        "regex": regex.__version__,
        "regex_unicode": _regex_unicode_version(),
        "unicodedata2": importlib.metadata.version("unicodedata2"),
        "unicodedata2_unicode": unicodedata2.unidata_version,
    }
)

#: Script values that never make a run of their own while a strong script is near.
WEAK_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})

#: ISO 15924 union codes: a run holding any member script is labelled with the union.
UNION_SCRIPTS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "Kore": frozenset({"Hang", "Hani"}),
        "Jpan": frozenset({"Hira", "Kana", "Hrkt", "Hani"}),
        "Hanb": frozenset({"Bopo", "Hani"}),
    }
)
# The script that makes a union (Han alone does not: a Han-only run stays Hani).
_UNION_OF = {"Hang": "Kore", "Hira": "Jpan", "Kana": "Jpan", "Hrkt": "Jpan", "Bopo": "Hanb"}


# --------------------------------------------------------------------------------------------------
# Unicode tables, built once on first use


def _script_codes() -> tuple[str, ...]:
    """ISO 15924 codes of every Script value ``regex`` knows, in its internal order.

    ``regex`` has no public list of property values; its C module's table is the one source that
    always matches the data it matches with. Each value has a long name and a 4-letter alias; the
    ``Qaa*`` private-use aliases (Qaai = Zinh, Qaac = Copt) are skipped.
    """
    from regex import _regex  # type: ignore[attr-defined]

    values = _regex.get_properties()["SCRIPT"][1]
    by_id: dict[int, list[str]] = {}
    for name, ident in values.items():
        by_id.setdefault(ident, []).append(name)
    codes = []
    for ident in sorted(by_id):
        four = [n for n in by_id[ident] if len(n) == 4 and n.isalpha() and not n.startswith("Q")]
        codes.append(four[-1].title())
    return tuple(codes)


def _bracket_pairs(chars: str) -> dict[str, frozenset[str]]:
    """Opener -> the closers that may end it: Unicode ``Ps``/``Pi`` paired by name, plus conventions."""
    names = (("LEFT", "RIGHT"), ("RIGHT", "LEFT"))  # RIGHT first in U+FD3F ORNATE RIGHT PARENTHESIS
    pairs: dict[str, set[str]] = {}
    for ch in regex.findall(r"[\p{Ps}\p{Pi}]", chars):
        name = unicodedata2.name(ch, "")
        partner = None
        for a, b in names:
            if a in name:
                try:
                    cand = unicodedata2.lookup(name.replace(a, b, 1))
                except KeyError:
                    continue
                if regex.match(r"[\p{Pe}\p{Pf}]", cand):
                    partner = cand
                    break
        if partner is None:
            nxt = chr(ord(ch) + 1)
            if regex.match(r"[\p{Pe}\p{Pf}]", nxt):
                partner = nxt
        if partner is not None:
            pairs.setdefault(ch, set()).add(partner)
    conventions = {
        "\u201e": "\u201c\u201d",  # „“ German, „” Polish/Hungarian
        "\u201a": "\u2018\u2019",  # ‚‘ ‚’
        "\u00bb": "\u00ab\u00bb",  # »« German/Danish, »» Swedish
        "\u203a": "\u2039\u203a",  # ›‹
        "\u201f": "\u201d",  # ‟…”
        "\u201b": "\u2019",  # ‛…’
        "\u301d": "\u301e\u301f",  # 〝〞 〝〟
        '"': '"',
        "\uff02": "\uff02",  # fullwidth "
    }
    for opener, closers in conventions.items():
        pairs.setdefault(opener, set()).update(closers)
    pairs.pop("\u2019", None)  # ’ is far more often an apostrophe than an opener
    return {k: frozenset(v) for k, v in pairs.items()}


# How a character left to the one-by-one path is treated
_STRONG, _WEAK, _SCX, _OPEN, _CLOSE, _BOTH = range(6)


@dataclass(frozen=True, slots=True)
class _Tables:
    codes: tuple[str, ...]
    script_re: regex.Pattern  # one named group per script: lastgroup is the code
    scx_res: tuple[tuple[str, regex.Pattern], ...]
    openers: frozenset[str]
    closes: Mapping[str, frozenset[str]]  # closer -> openers it can close
    token_re: regex.Pattern
    group_script: Mapping[str, str]
    strong_re: regex.Pattern
    paragraph_re: regex.Pattern


# Scripts whose stretches the token scan reads whole, weak characters included. Every branch adds
# to the cost of each match, so the list is short: the project's scripts and Latin's confusables;
# letters of other scripts come as plain letter runs and are split by script in Python.
_FAST = ("Latn", "Hang", "Hani", "Cyrl", "Grek")


def _char_class(chars) -> str:
    """A regex set for the given characters, as ranges (keeps the big token pattern quick to compile)."""
    ranges: list[list[int]] = []
    for cp in sorted({ord(c) for c in chars}):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(f"\\U{a:08X}" if a == b else f"\\U{a:08X}-\\U{b:08X}" for a, b in ranges)
    return f"[{body}]" if body else r"[^\s\S]"


@functools.cache
def _tables() -> _Tables:
    codes = _script_codes()
    script_re = regex.compile("|".join(rf"(?P<{c}>\p{{sc={c}}})" for c in codes))
    strong_codes = [c for c in codes if c not in WEAK_SCRIPTS]
    scx_res = tuple((c, regex.compile(rf"\p{{scx={c}}}")) for c in strong_codes)
    # Planes 0 and 1 hold every paired punctuation mark and every Common character with
    # Script_Extensions (2-3 are Han, 14 tags, 15-16 private use); a test checks the other planes.
    planes_0_1 = "".join(map(chr, range(0x20000)))
    pairs = _bracket_pairs(planes_0_1)
    closes: dict[str, set[str]] = {}
    for opener, closers in pairs.items():
        for c in closers:
            closes.setdefault(c, set()).add(opener)
    brackets = set(pairs) | set(closes)
    br = _char_class(brackets)
    # Common characters with Script_Extensions (。 · ー ...), and which scripts each may serve.
    scx_weak = "".join(regex.findall(r"[\p{sc=Zyyy}--\p{scx=Zyyy}]", planes_0_1, flags=regex.V1))
    serves: dict[str, set[str]] = {}
    for c in strong_codes:
        for ch in regex.findall(rf"\p{{scx={c}}}", scx_weak):
            serves.setdefault(c, set()).add(ch)
    # Weak characters that never need a decision: Common with no extensions, any Inherited, Unknown.
    weak = r"\p{scx=Zyyy}\p{sc=Zinh}\p{sc=Zzzz}"
    parts = [rf"(?P<_weak>[[{weak}]--{br}]+)"]
    group_script = {}
    for i, c in enumerate(_FAST):
        # A stretch of c with the weak characters inside it, including Common ones whose
        # extensions fit the run: one token, however long, so the Python loop sees few tokens.
        ok = set().union(*(serves.get(m, ()) for m in _members(_UNION_OF.get(c, c)))) - brackets
        inner = f"[[{weak}{_char_class(ok)[1:-1]}]--{br}]" if ok else f"[[{weak}]--{br}]"
        letters = rf"\p{{sc={c}}}"
        parts.append(rf"(?P<s{i}>{letters}+(?:{inner}+{letters}+)*)")
        group_script[f"s{i}"] = c
    fast = "".join(rf"\p{{sc={c}}}" for c in _FAST)
    parts.append(rf"(?P<_other>[^\p{{sc=Zyyy}}\p{{sc=Zinh}}\p{{sc=Zzzz}}{fast}]+)")
    parts.append(r"(?P<_one>.)")
    token_re = regex.compile("|".join(parts), regex.V1 | regex.DOTALL)
    return _Tables(
        codes=codes,
        script_re=script_re,
        scx_res=scx_res,
        openers=frozenset(pairs),
        closes=MappingProxyType({k: frozenset(v) for k, v in closes.items()}),
        token_re=token_re,
        group_script=MappingProxyType(group_script),
        strong_re=regex.compile(r"[^\p{sc=Zyyy}\p{sc=Zinh}\p{sc=Zzzz}]"),
        paragraph_re=regex.compile(r"\n[^\S\n\u2029]*\n|\u2029"),
    )


_SCRIPT_CACHE: dict[str, str] = {}


def char_script(ch: str) -> str:
    """The UAX #24 Script value of one character, as an ISO 15924 code (``"Hang"``, ``"Zyyy"``)."""
    try:
        return _SCRIPT_CACHE[ch]
    except KeyError:
        pass
    if not isinstance(ch, str) or len(ch) != 1:
        raise TypeError(f"char_script() takes one character, not {ch!r}")
    m = _tables().script_re.match(ch)
    code = m.lastgroup if m else "Zzzz"
    _SCRIPT_CACHE[ch] = code  # type: ignore[assignment]
    return code  # type: ignore[return-value]


@functools.lru_cache(maxsize=4096)
def _char_scx(ch: str) -> frozenset[str]:
    """Script_Extensions of one character, without the weak values."""
    return frozenset(c for c, pat in _tables().scx_res if pat.match(ch))


@functools.lru_cache(maxsize=4096)
def _slow_kind(ch: str) -> tuple[int, str, frozenset[str]]:
    """How the resolver treats a character that the token scan left for one-by-one handling."""
    t = _tables()
    sc = char_script(ch)
    opens, closes = ch in t.openers, ch in t.closes
    if opens and closes:
        return _BOTH, sc, frozenset()
    if opens:
        return _OPEN, sc, frozenset()
    if closes:
        return _CLOSE, sc, frozenset()
    if sc in ("Zinh", "Zzzz"):
        return _WEAK, sc, frozenset()
    scx = _char_scx(ch)
    if sc == "Zyyy":
        return (_SCX, sc, scx) if scx else (_WEAK, sc, frozenset())
    return _STRONG, sc, scx - {sc}


@functools.lru_cache(maxsize=None)
def _members(run: str) -> frozenset[str]:
    return UNION_SCRIPTS.get(run, frozenset({run}))


@functools.lru_cache(maxsize=None)
def _join(run: str, script: str) -> str | None:
    """The run's script after adding a strong ``script`` to it, or None when it must end."""
    new = _UNION_OF.get(script, script)
    if new == run:
        return run
    if script == "Hani" and "Hani" in _members(run):
        return run
    if run == "Hani" and "Hani" in _members(new):
        return new
    return None


# --------------------------------------------------------------------------------------------------
# Runs


@dataclass(frozen=True, slots=True)
class ScriptRun:
    """``text[start:end]`` is written in ``script`` (ISO 15924; ``Kore`` for Hangul with Hanja)."""

    start: int
    end: int
    script: str


_MAX_OPEN = 64  # unclosed openers remembered, as ICU keeps a bounded stack


class _Resolver:
    """The run state machine, fed one token at a time by :func:`script_runs`.

    Runs are ``[start, script]`` lists so that a run can still be relabelled (Hani -> Kore) after
    bracket entries have pointed at it.
    """

    __slots__ = ("text", "seg_start", "runs", "cur", "cands", "stack", "pend_openers", "checked", "paragraph")

    def __init__(self, text: str, seg_start: int, paragraph: regex.Pattern) -> None:
        self.text = text
        self.seg_start = seg_start
        self.paragraph = paragraph
        self.runs: list[list] = []
        self.cur: list | None = None  # the open run, or None before the first strong character
        self.cands: list[tuple[int, frozenset[str] | None]] = []  # where the next run may begin instead
        self.stack: list[list] = []  # open brackets: [opener, position, run or None while undecided]
        self.pend_openers: list[list] = []  # stack entries opened since the last strong character
        self.checked = seg_start  # paragraph breaks before this position have been applied

    def sync(self, pos: int) -> None:
        """Forget open brackets and candidates when a paragraph break lies between them and ``pos``."""
        if (self.stack or self.cands) and self.paragraph.search(self.text, self.checked, pos):
            self.stack.clear()
            self.pend_openers.clear()
            self.cands.clear()
        self.checked = pos

    def strong(self, pos: int, script: str) -> None:
        """A strong character at ``pos`` of ``script`` (a Script value or a run label)."""
        self.sync(pos)
        cur = self.cur
        if cur is None:
            cur = self.cur = [self.seg_start, _UNION_OF.get(script, script)]
            self.runs.append(cur)
        else:
            joined = _join(cur[1], script)
            if joined is not None:
                cur[1] = joined
            else:
                new = _UNION_OF.get(script, script)
                members = _members(new)
                at = pos
                for cpos, accept in self.cands:
                    if accept is None or accept & members:
                        at = cpos
                        break
                cur = self.cur = [at, new]
                self.runs.append(cur)
        if self.pend_openers:
            for entry in self.pend_openers:
                entry[2] = cur
            self.pend_openers.clear()
        if self.cands:
            self.cands.clear()

    def letters(self, pos: int, end: int, script: str) -> None:
        """A token of letters of ``script``; leading ones whose Script_Extensions include the current
        run stay in it (U+0660 ARABIC-INDIC DIGIT ZERO after Thaana)."""
        cur = self.cur
        if cur is not None and _join(cur[1], script) is None:
            members, p, text = _members(cur[1]), pos, self.text
            while p < end and _char_scx(text[p]) & members:
                p += 1
            if p > pos:
                self.strong(pos, cur[1])
                if p == end:
                    return
                pos = p
        self.strong(pos, script)

    def extended(self, pos: int, scx: frozenset[str]) -> None:
        """A Common character with Script_Extensions: stays if they fit the run, else may start the next."""
        self.sync(pos)
        if self.cur is not None and not (scx & _members(self.cur[1])):
            self.cands.append((pos, scx))

    def open(self, pos: int, ch: str) -> None:
        self.sync(pos)
        entry = [ch, pos, None]
        self.stack.append(entry)
        if len(self.stack) > _MAX_OPEN:
            del self.stack[0]
        self.pend_openers.append(entry)
        self.cands.append((pos, None))

    def close(self, pos: int, openers: frozenset[str]) -> bool:
        """Close the nearest matching opener; False when none is open (the stack is left alone)."""
        self.sync(pos)
        stack = self.stack
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] in openers:
                break
        else:
            return False
        entry = stack[k]
        popped = stack[k:]
        del stack[k:]
        if entry[2] is None:
            # Opened after the last strong character: the pair and all inside it are weak together.
            opos = entry[1]
            self.cands = [c for c in self.cands if c[0] < opos]
            self.pend_openers = [e for e in self.pend_openers if e[1] < opos]
            return True
        if self.pend_openers:  # all of them lie inside the pair just closed
            gone = {id(e) for e in popped}
            self.pend_openers = [e for e in self.pend_openers if id(e) not in gone]
            self.cands = [c for c in self.cands if c[1] is not None]
        self.strong(pos, entry[2][1])
        return True

    def result(self, stop: int) -> list[ScriptRun]:
        if not self.runs:
            return [ScriptRun(self.seg_start, stop, "Zyyy")]
        out: list[ScriptRun] = []
        bounds = [run[0] for run in self.runs[1:]] + [stop]
        for (begin, script), end in zip(self.runs, bounds):
            if out and out[-1].script == script:
                out[-1] = ScriptRun(out[-1].start, end, script)
            elif begin < end:
                out.append(ScriptRun(begin, end, script))
        return out


def _check_range(text: str, start: int, end: int | None) -> int:
    n = len(text)
    stop = n if end is None else end
    if not (isinstance(start, int) and isinstance(stop, int)) or not 0 <= start <= stop <= n:
        raise SegmentError(f"[A251] range ({start!r}, {end!r}) does not fit a text of {n} characters; need 0 <= start <= end <= {n}")
    return stop


def script_runs(text: str, start: int = 0, end: int | None = None) -> list[ScriptRun]:
    """Maximal runs of one script covering ``text[start:end]`` exactly, with absolute offsets.

    Adjacent runs always differ in script; an empty range gives no runs; a range without letters is
    one ``Zyyy`` run. See the module docstring for how spaces, punctuation and brackets are assigned.
    """
    stop = _check_range(text, start, end)
    if start == stop:
        return []
    t = _tables()
    # Most ranges (paragraphs) are in one script: then, whatever brackets and Script_Extensions say,
    # every run gets that script and the runs merge into one, found by two regex searches.
    first = t.strong_re.search(text, start, stop)
    if first is None:
        return [ScriptRun(start, stop, "Zyyy")]
    script = char_script(first.group())
    if _not_only(script).search(text, first.end(), stop) is None:
        return [ScriptRun(start, stop, _UNION_OF.get(script, script))]
    return _resolve(text, start, stop)


@functools.lru_cache(maxsize=None)
def _not_only(script: str) -> regex.Pattern:
    """A strong character of any script but ``script``."""
    return regex.compile(rf"[^\p{{sc={script}}}\p{{sc=Zyyy}}\p{{sc=Zinh}}\p{{sc=Zzzz}}]")


def _resolve(text: str, start: int, stop: int) -> list[ScriptRun]:
    """The runs of ``text[start:stop]`` by the full rules (script_runs without its one-script shortcut)."""
    t = _tables()
    group_script = t.group_script
    closes = t.closes
    r = _Resolver(text, start, t.paragraph_re)
    for m in t.token_re.finditer(text, start, stop):
        g = m.lastgroup
        if g == "_weak":
            continue
        pos = m.start()
        if g == "_other":
            _split_letters(r, text, pos, m.end())
            continue
        if g != "_one":
            r.letters(pos, m.end(), group_script[g])
            continue
        ch = text[pos]
        kind, sc, scx = _slow_kind(ch)
        if kind == _SCX:
            r.extended(pos, scx)
        elif kind == _OPEN:
            r.open(pos, ch)
        elif kind == _CLOSE:
            if ch == "\u2019" and start < pos < stop - 1 and text[pos - 1].isalpha() and text[pos + 1].isalpha():
                continue  # an apostrophe: Kim’s
            r.close(pos, closes[ch])
        elif kind == _BOTH:
            if not r.close(pos, closes[ch]):
                r.open(pos, ch)
        elif kind == _STRONG:  # not reached: letters come in tokens
            r.letters(pos, pos + 1, sc)
    return r.result(stop)


def _split_letters(r: _Resolver, text: str, pos: int, end: int) -> None:
    """Feed a run of letters of scripts without a token branch, one script at a time."""
    cache = _SCRIPT_CACHE
    i = pos
    sc = cache.get(text[i]) or char_script(text[i])
    for j in range(pos + 1, end):
        sj = cache.get(text[j]) or char_script(text[j])
        if sj != sc:
            r.letters(i, j, sc)
            i, sc = j, sj
    r.letters(i, end, sc)


def script_counts(text: str) -> dict[str, int]:
    """Characters per UAX #24 Script value (``Zyyy``, ``Zinh``, ``Zzzz`` included), largest first.

    Raw character scripts, so Korean text reports ``Hang`` and ``Hani`` separately: the measured
    shares a TEI header can state.
    """
    totals: Counter[str] = Counter()
    for ch, n in Counter(text).items():
        totals[char_script(ch)] += n
    return dict(totals.most_common())


_WEAK_STRETCH = regex.compile(r"[\p{sc=Zyyy}\p{sc=Zinh}\p{sc=Zzzz}]+")
@functools.cache
def _not_latin_or_hangul() -> regex.Pattern:
    """A strong character other than a Latin letter that no Korean run can keep (Script_Extensions
    without Hang or Hani) and a Hangul letter that no Latin run can keep (without Latn). With none
    in a range, every letter of it lies in a run of its own script (Latn, or Kore for Hangul),
    whatever the brackets and quotes around it, so counting letters by script counts them by run.

    ASCII is all Latin letters and Common characters, so the class leaves it out first (the scan
    is several times quicker); the letters that Script_Extensions would let another run keep are
    looked up in the data (none in the Unicode versions so far) and matched as well."""
    odd = regex.findall(
        r"[[\p{sc=Latn}&&[\p{scx=Hang}\p{scx=Hani}]][\p{sc=Hang}&&\p{scx=Latn}]]", "".join(map(chr, range(0x20000))), flags=regex.V1
    )
    plain = r"[^\x00-\x7f\p{sc=Zyyy}\p{sc=Zinh}\p{sc=Zzzz}\p{sc=Latn}\p{sc=Hang}]"
    return regex.compile(f"{plain}|{_char_class(odd)}" if odd else plain)


_NON_ASCII_LATIN = regex.compile(r"[^\x00-\x7f\P{sc=Latn}]+")
_HANGUL_STRETCH = regex.compile(r"\p{sc=Hang}+")
#: every byte but the ASCII letters: deleting them from ASCII bytes leaves the letters to count
_NOT_ASCII_LETTERS = bytes(c for c in range(256) if not (0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A))


#: Characters counted at a time, so that counting the letters of a whole book (the main language)
#: holds a bounded amount of bytes and matched stretches, not a copy of the text.
_COUNT_WINDOW = 1 << 18


def ascii_and_matched_letters(text: str, start: int, stop: int, others: Any, window: int = _COUNT_WINDOW) -> int:
    """The ASCII letters of ``text[start:stop]``, counted in bytes, plus the characters matched by
    ``others`` (a compiled pattern of stretches of non-ASCII letters of the kind counted), a window
    at a time: matching every stretch between letters (each space) costs several times more."""
    n = 0
    for a in range(start, stop, window):
        b = min(a + window, stop)
        n += len(text[a:b].encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
        n += sum(map(len, others.findall(text, a, b)))
    return n


def _latin_letters(text: str, start: int, stop: int, window: int = _COUNT_WINDOW) -> int:
    """Latin letters in ``text[start:stop]``: the ASCII ones counted in bytes, the others by regex."""
    return ascii_and_matched_letters(text, start, stop, _NON_ASCII_LATIN, window)


def _hangul_letters(text: str, start: int, stop: int, window: int = _COUNT_WINDOW) -> int:
    """Hangul letters in ``text[start:stop]``, a window at a time (see _latin_letters)."""
    n = 0
    for a in range(start, stop, window):
        n += sum(map(len, _HANGUL_STRETCH.findall(text, a, min(a + window, stop))))
    return n


def dominant_script(text: str, start: int = 0, end: int | None = None) -> str | None:
    """The run script with most letters in ``text[start:end]``; None when there are no letters.

    Letters are counted per run, so Hanja inside Korean text count for ``Kore``; a tie goes to the
    script that appears first.

    Speed: a range in one script, or in Latin and Hangul only (most blocks of mixed English and
    Korean text), needs no runs: its letters are counted by script with regex scans.
    """
    stop = _check_range(text, start, end)
    first = _tables().strong_re.search(text, start, stop) if start < stop else None
    if first is None:
        return None
    script = char_script(first.group())
    if _not_only(script).search(text, first.end(), stop) is None:
        return _UNION_OF.get(script, script)  # what script_runs' one-script shortcut gives
    if _not_latin_or_hangul().search(text, start, stop) is None:
        latin = _latin_letters(text, start, stop)
        hangul = _hangul_letters(text, start, stop)
        if latin != hangul:
            return "Latn" if latin > hangul else "Kore"
        return _UNION_OF.get(script, script)  # a tie: the script of the first letter
    runs = _resolve(text, start, stop)
    if len(runs) == 1:  # one run holds a strong character unless it is the no-letters Zyyy run
        return None if runs[0].script == "Zyyy" else runs[0].script
    counts: dict[str, int] = {}
    for run in runs:
        # strong characters = the run minus its weak ones; weak stretches (spaces, punctuation) are
        # far fewer matches than letters, so this is several times quicker than counting letters
        n = run.end - run.start - sum(map(len, _WEAK_STRETCH.findall(text, run.start, run.end)))
        if n:
            counts[run.script] = counts.get(run.script, 0) + n
    if not counts:
        return None
    return max(counts, key=counts.__getitem__)


# --------------------------------------------------------------------------------------------------
# Languages

# RFC 5646 section 2.1 syntax, case-insensitive. The primary language subtag is limited to the
# 2-3 letter form: 4- and 5-8-letter primary subtags are reserved and none is registered, and
# allowing them would accept names such as "english".
_ALNUM = "[a-z0-9]"
_LANGTAG = (
    r"(?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3})"  # language with up to three extlang subtags
    r"(?:-(?P<script>[a-z]{4}))?"
    r"(?:-(?P<region>[a-z]{2}|[0-9]{3}))?"
    rf"(?P<variants>(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*)"
    rf"(?P<extensions>(?:-[0-9a-wyz](?:-{_ALNUM}{{2,8}})+)*)"
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?"
)
_PRIVATE = rf"x(?:-{_ALNUM}{{1,8}})+"
_GRANDFATHERED = (
    "en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|"
    "i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|"
    "zh-min|zh-min-nan|zh-xiang"
)
_BCP47 = regex.compile(rf"(?:{_LANGTAG}|{_PRIVATE}|(?:{_GRANDFATHERED}))", regex.IGNORECASE | regex.ASCII)


def is_bcp47(tag: object) -> bool:
    """True when ``tag`` is a well-formed BCP 47 language tag (RFC 5646 syntax; no registry lookup).

    Duplicate variants or extension singletons are rejected too (RFC 5646 section 2.2.5, 2.2.6).
    """
    if not isinstance(tag, str):
        return False
    m = _BCP47.fullmatch(tag)
    if m is None:
        return False
    if m.group("language") is None:
        return True  # private use or grandfathered
    variants = [v.lower() for v in m.group("variants").split("-") if v]
    if len(variants) != len(set(variants)):
        return False
    ext = m.group("extensions").lower().split("-")
    singletons = [s for s in ext if len(s) == 1]
    return len(singletons) == len(set(singletons))


#: Script -> BCP 47 language for the bundled mixed English/Korean books. Hani alone is ``ko``
#: because Han characters in these texts are Hanja; pass a LanguageMap with ``"Hani": "zh"`` for
#: Chinese material. Scripts not listed get ``und-<Script>`` ("language unknown, written in ...").
DEFAULT_LANGUAGES: Mapping[str, str] = MappingProxyType({"Latn": "en", "Kore": "ko", "Hang": "ko", "Hani": "ko"})

_ISO15924 = regex.compile(r"[A-Z][a-z]{3}", regex.ASCII)


@dataclass(frozen=True)
class LanguageMap:
    """Which language a run of each script is in: the data behind ``xml:lang``.

    ``unknown`` is the tag for scripts not in ``languages``: a format string with ``{script}``, or
    None to give them no language. Weak scripts (Zyyy, Zinh, Zzzz: runs of digits and punctuation
    only) have no language unless the data names one, such as ``"Zyyy": "zxx"`` (no linguistic
    content).
    """

    languages: Mapping[str, str] = field(default_factory=lambda: DEFAULT_LANGUAGES)
    unknown: str | None = "und-{script}"

    def __post_init__(self) -> None:
        checked: dict[str, str] = {}
        # items typed object, not str: bad data (a number from JSON or TOML) must reach the checks
        # below even when mypyc compiles this module, which would refuse it at the loop otherwise
        items: Iterable[tuple[object, object]] = dict(self.languages).items()
        for script, tag in items:
            code = script.title() if isinstance(script, str) else script
            if not (isinstance(code, str) and _ISO15924.fullmatch(code)):
                raise SegmentError(f"[A252] {script!r} is not an ISO 15924 script code; use four letters such as 'Latn' or 'Kore'")
            if not is_bcp47(tag):
                raise SegmentError(
                    f"[A253] language for {code} is {tag!r}, not a well-formed BCP 47 tag; use a tag such as 'en', 'ko' or 'ko-Kore-KP'"
                )
            checked[code] = cast(str, tag)  # is_bcp47 is true of strings only
        object.__setattr__(self, "languages", MappingProxyType(checked))
        if self.unknown is not None:
            try:
                example = self.unknown.format(script="Latn")
            except (AttributeError, LookupError, ValueError):
                example = None
            if example is None or not is_bcp47(example):
                raise SegmentError(
                    f"[A253] unknown-script tag {self.unknown!r} does not give a BCP 47 tag; use e.g. 'und-{{script}}' or None"
                )

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str], *, unknown: str | None = "und-{script}") -> "LanguageMap":
        """Build from loaded data (a JSON or TOML table), checking every entry."""
        return cls(dict(mapping), unknown)

    def lang_of(self, script: str) -> str | None:
        """The BCP 47 tag for runs of ``script``, or None when they have no language."""
        tag = self.languages.get(script)
        if tag is not None:
            return tag
        if script in WEAK_SCRIPTS or self.unknown is None:
            return None
        return self.unknown.format(script=script)

    def to_dict(self) -> dict[str, str]:
        return dict(self.languages)

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.languages.items())), self.unknown))


_DEFAULT_MAP: LanguageMap | None = None


def _default_map() -> LanguageMap:
    global _DEFAULT_MAP
    if _DEFAULT_MAP is None:
        _DEFAULT_MAP = LanguageMap()
    return _DEFAULT_MAP


def script_spans(text: str, start: int = 0, end: int | None = None, languages: LanguageMap | None = None) -> list[Span]:
    """The spans of :func:`script_layer` for ``text[start:end]``: one per run, labelled with its
    script, ``attrs["lang"]`` when it has one. Spans of one script share one attrs mapping."""
    lm = languages or _default_map()
    attrs: dict[str, FrozenMap] = {}
    spans = []
    for run in script_runs(text, start, end):
        a = attrs.get(run.script)
        if a is None:
            lang = lm.lang_of(run.script)
            a = attrs[run.script] = FrozenMap({"lang": lang}) if lang else FrozenMap()
        spans.append(Span(run.start, run.end, run.script, a))
    return spans


def script_layer(doc: Document, *, start: int = 0, end: int | None = None, languages: LanguageMap | None = None) -> Layer:
    """Layer ``"script"``: one span per run, labelled with its script, ``attrs["lang"]`` when it has one."""
    lm = languages or _default_map()
    spans = script_spans(doc.text, start, end, lm)
    meta = {"unicode": dict(UNICODE_VERSIONS), "languages": lm.to_dict(), "unknown": lm.unknown}
    return Layer("script", tuple(spans), producer="align.text.scripts", meta=meta)


def segment_scripts(doc: Document, languages: LanguageMap | None = None) -> Document:
    """``doc`` with a ``"script"`` layer over its whole text."""
    return doc.with_layer(script_layer(doc, languages=languages))

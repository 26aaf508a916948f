"""Every rule ``align validate`` can report: id, default severity, what it means, how to fix it, who checks it.

The registry feeds ``--list-rules``, the README's rules table, config checking (a misspelled id is a
usage error, not a silent no-op) and the pipeline (a checker whose rules are all disabled is skipped).
The edition rules (``ALN1xx``) are defined here; the parse, schema and Schematron checkers publish
their own rule tuples, read lazily so that listing rules never compiles a schema.
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass

__all__ = ["RuleInfo", "EDITION_RULES", "CHECKERS", "PROFILES", "ALWAYS", "all_rules", "rule_ids", "get_rule",
           "rule_profiles", "selector_matches"]

#: What ``--profile`` names: ``tei`` holds for any TEI document, ``edition`` adds the rules of a
#: bilingual edition, ``auto`` picks one of the two per document (:mod:`align.validate.profiles`).
PROFILES = ("auto", "tei", "edition")
#: A rule in every profile that no selector turns off: a file that cannot be parsed, is unsafe or
#: is not TEI must never pass because a rule was left out.
ALWAYS = "always"
_BOTH = ("tei", "edition")

#: Checkers in pipeline order, with the module that runs each and the name of its rule tuple there.
CHECKERS = (
    ("parse", "align.validate.safeparse", "SAFEPARSE_RULES"),
    ("schema", "align.validate.schema", "SCHEMA_RULES"),
    ("schematron", "align.validate.schematron", "SCHEMATRON_RULES"),
    ("edition", "align.validate.rules", "EDITION_RULES"),
)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """One rule. ``checker`` is ``parse``, ``schema``, ``schematron`` or ``edition``."""

    id: str
    severity: str
    summary: str
    hint: str
    checker: str
    name: str = ""
    #: the profiles the rule belongs to (``("always",)``: every profile, cannot be turned off)
    profiles: tuple[str, ...] = _BOTH

    @property
    def always(self) -> bool:
        return ALWAYS in self.profiles


def _edition(id: str, name: str, summary: str, hint: str, profiles: tuple[str, ...] = _BOTH) -> RuleInfo:
    return RuleInfo(id=id, severity="error", summary=summary, hint=hint, checker="edition", name=name,
                    profiles=profiles)


_ED = ("edition",)


#: The rules a bilingual edition keeps beyond the TEI schema (implemented in :mod:`align.validate.edition`).
EDITION_RULES: tuple[RuleInfo, ...] = (
    _edition("ALN101", "text-nfc",
             "text and attribute values are in Unicode Normalization Form C",
             "normalize the file to NFC (e.g. `uconv -x any-nfc`, or unicodedata.normalize('NFC', s))"),
    _edition("ALN102", "forbidden-char",
             "no control characters (other than tab and newline), private-use characters or noncharacters",
             "delete the character or replace it with the character it stands for (a PUA glyph: use <g> and charDecl)"),
    _edition("ALN103", "compat-jamo",
             "no Hangul compatibility jamo (U+3131-318E) or halfwidth jamo (U+FFA0-FFDC)",
             "write the composed syllable (e.g. ㄱ+ㅏ -> 가) or, for a lone letter meant as such, "
             "conjoining jamo (U+1100-11FF) or disable ALN103 for texts about the alphabet", _ED),
    _edition("ALN104", "lang-bcp47",
             "every xml:lang (and langUsage/language/@ident) is a well-formed BCP 47 tag",
             "use a tag like en, ko, ko-Latn, ko-KP (language[-Script][-REGION]); see RFC 5646"),
    _edition("ALN105", "lang-declared",
             "every xml:lang is declared in teiHeader/profileDesc/langUsage/language/@ident",
             "add <language ident=\"TAG\">name</language> to profileDesc/langUsage", _ED),
    _edition("ALN106", "script-lang",
             "the script of the text matches its effective xml:lang (a script subtag decides; "
             "short Latin abbreviations and units are allowed in other scripts)",
             "wrap the run in an element with the right xml:lang (e.g. <foreign xml:lang=\"ko\">) "
             "or correct the xml:lang of the enclosing element", _ED),
    _edition("ALN107", "mixed-script-word",
             "no word mixes Latin, Cyrillic and Greek letters that look alike (an OCR confusable such as "
             "Cyrillic о in an English word)",
             "retype the odd letter in the script of the rest of the word"),
    _edition("ALN108", "pointer-target",
             "every local pointer (#id in @target, @corresp, @ref, @from/@to, @ana, @resp ...) names an existing xml:id",
             "correct the pointer, or add the xml:id to the element it should point at"),
    _edition("ALN109", "id-unique",
             "every xml:id is unique in the document",
             "rename one of the two elements' xml:id and update pointers to it"),
    _edition("ALN110", "alignment-languages",
             "each link of linkGrp[@type='alignment'] joins segments of at least two different languages",
             "point the link at the segments in each language, or give the segments the right xml:lang", _ED),
    _edition("ALN111", "header-title",
             "the teiHeader has a non-empty fileDesc/titleStmt/title",
             "add <title>the title of the edition</title> to fileDesc/titleStmt"),
    _edition("ALN112", "header-publication",
             "fileDesc/publicationStmt names a publisher, distributor or authority, or has a non-empty <p>",
             "add <publisher>, <distributor> or <authority> (or <p>Unpublished.</p>) to publicationStmt"),
    _edition("ALN113", "header-source",
             "fileDesc/sourceDesc is not empty",
             "describe the source in sourceDesc (a <bibl>, or <p>Born digital.</p>)"),
    _edition("ALN114", "lang-registered",
             "every well-formed language tag uses subtags registered in the IANA Language Subtag Registry "
             "(or private-use subtags after x-)",
             "use the registered subtag (e.g. xpu for Punic, la for Latin), or mark a project's own "
             "language as private use (e.g. la-x-punic, or qaa-qtz) and declare it in langUsage"),
)


def _load(checker: str, module: str, attr: str) -> tuple[RuleInfo, ...]:
    if module == __name__:
        return EDITION_RULES
    try:
        entries = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):  # a checker this checkout lacks contributes no rules
        return ()
    out = []
    for entry in entries:
        if isinstance(entry, RuleInfo):
            out.append(entry)
            continue
        rule, severity, summary, *rest = entry
        out.append(RuleInfo(id=rule, severity=severity, summary=summary, hint=rest[0] if rest else "",
                            checker=checker, profiles=tuple(rest[1]) if len(rest) > 1 else _BOTH))
    return tuple(out)


@functools.cache
def _registry() -> tuple[RuleInfo, ...]:
    return tuple(info for checker, module, attr in CHECKERS for info in _load(checker, module, attr))


def all_rules() -> list[RuleInfo]:
    """Every known rule, in pipeline order (parse, schema, Schematron, edition)."""
    return list(_registry())


def rule_ids() -> list[str]:
    return [r.id for r in all_rules()]


def get_rule(rule: str) -> RuleInfo | None:
    return next((r for r in all_rules() if r.id == rule), None)


@functools.cache
def _profiles_by_id() -> dict[str, tuple[str, ...]]:
    return {r.id: r.profiles for r in _registry()}


def rule_profiles(rule: str) -> tuple[str, ...]:
    """The profiles ``rule`` belongs to; a rule the registry does not know (a checker's ad-hoc id)
    is taken to hold for any TEI."""
    return _profiles_by_id().get(rule, _BOTH)


#: Characters after which an id prefix is a whole group: ``tei-sch`` + ``:`` covers ``tei-sch:*``.
SEPARATORS = "-:._/"


def selector_matches(selector: str, rule: str) -> bool:
    """Whether ``selector`` names ``rule``: the whole id, or a prefix that ends at a separator.

    ``tei-sch`` names ``tei-sch:s-noNestedS`` but not ``tei-schema``; ``xml`` names ``xml-unsafe``.
    Ids made of letters then digits (``ALN105``) group by their digits as in ruff: ``ALN``, ``ALN1``
    and ``ALN10`` name it, ``AL`` does not.
    """
    if not selector or not rule.startswith(selector):
        return False
    if len(rule) == len(selector) or selector[-1] in SEPARATORS or rule[len(selector)] in SEPARATORS:
        return True
    code = _CODE.fullmatch(rule)
    return code is not None and len(selector) >= len(code.group(1))


_CODE = re.compile(r"([A-Za-z]+)[0-9]+")

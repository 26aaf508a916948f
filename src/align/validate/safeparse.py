"""Parse a TEI file without trusting it: nothing outside the file is ever read, nothing is expanded.

Validation runs in CI on files anyone can commit, so the parser is configured for hostile input
(no DTD loading, no entity substitution, no network, libxml2's size limits kept) and every construct
that could make a parser reach outside the file or blow up in memory is *reported* rather than
followed: an internal DTD subset that declares entities, an external DTD subset, XInclude.

Rules reported here (see :data:`SAFEPARSE_RULES`): ``xml-unreadable``, ``xml-wellformed``,
``xml-unsafe``, ``xml-encoding``, ``tei-namespace``.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from align.validate.findings import Finding

__all__ = ["parse", "safe_parser", "unsafe_constructs", "SAFEPARSE_RULES", "TEI_NS"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
# libxml2 messages that mean "a safety limit stopped the parser", not "a typo in the markup"
_LIMIT_SIGNS = ("xml_parse_huge", "amplification", "entity reference loop", "huge input lookup")
_ID_ERRORS = frozenset({"DTD_ID_REDEFINED", "DTD_XMLID_VALUE"})
_XINCLUDE_NS = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")

# (rule id, default severity, one-line description, hint, profiles); "always": on in every profile
# and under every selection, since a file that cannot be checked must never pass
SAFEPARSE_RULES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("xml-unreadable", "error", "the file cannot be read (missing, a directory, no permission)",
     "named in each finding", ("always",)),
    ("xml-wellformed", "error", "the file is not well-formed XML", "named in each finding", ("always",)),
    ("xml-unsafe", "error",
     "DTD with entity declarations or an external subset, an XInclude that may not be followed (network, "
     "outside the root, too deep or too large, or --no-xinclude) and has no fallback, or a document past "
     "the parser's size limits: reported, never followed", "named in each finding", ("always",)),
    ("tei-namespace", "error", "the root element is not in the TEI namespace http://www.tei-c.org/ns/1.0",
     "named in each finding", ("always",)),
    ("xml-encoding", "error",
     "the XML declaration names an encoding other than UTF-8 (archives exchange UTF-8 only)",
     "named in each finding", ("edition",)),
    ("xml-xinclude-failed", "error",
     "an xi:include whose file is missing, unreadable or not well-formed, or whose xpointer selects nothing, "
     "and that has no xi:fallback", "named in each finding", ("always",)),
    ("xml-xinclude", "info",
     "what XInclude brought in: each included file, or the fallback used instead of an include that "
     "was not followed", "named in each finding", ("tei", "edition")),
)


def safe_parser(*, recover: bool = False) -> etree.XMLParser:
    """A fresh parser that never loads a DTD, substitutes an entity, touches the network or lifts limits.

    A new parser per document keeps its error log to that document alone. ``recover`` is only used to
    get past xml:id problems, which libxml2 reports as errors although the XML is well-formed.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_blank_text=False,
        recover=recover,
        # Never collect_ids=False: with lxml 6 / libxml2 2.14 it makes the parser load external DTDs.
    )


def parse(
    source: str | os.PathLike[str] | bytes, *, name: str | None = None, xinclude: bool = False
) -> tuple[etree._ElementTree | None, list[Finding]]:
    """Parse ``source`` (a path, or the file's bytes) safely.

    Returns ``(tree, findings)``. ``tree`` is ``None`` when the file must not be looked at further:
    unreadable, not well-formed, unsafe, or not TEI at all (one clear finding beats a cascade of schema
    errors). A non-UTF-8 declaration is reported but the tree is still returned, so the other checks run.
    ``name`` labels the findings (default: the path, or ``<bytes>``). ``xinclude=True``: the caller
    follows ``xi:include`` itself (:mod:`align.validate.xinclude`), so it is not reported here.
    """
    if isinstance(source, bytes):
        label = name or "<bytes>"
        data = source
    else:
        label = name or os.fspath(source)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            return None, [
                Finding(label, 0, 0, "error", "xml-unreadable", f"cannot read the file: {reason}",
                        "check the path and its permissions")
            ]

    parser = safe_parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        if not all(e.type_name in _ID_ERRORS for e in parser.error_log):
            return None, [_syntax_finding(label, parser, exc)]
        # A duplicate or non-NCName xml:id is well-formed XML: the schema and id checks report it.
        root = etree.fromstring(data, safe_parser(recover=True))
    tree = root.getroottree()

    unsafe = unsafe_constructs(label, tree, data, xinclude=not xinclude)
    if unsafe:
        return None, unsafe

    findings: list[Finding] = []
    encoding = (tree.docinfo.encoding or "UTF-8").upper()
    if encoding != "UTF-8":
        findings.append(
            Finding(label, 1, 1, "error", "xml-encoding",
                    f"the file is encoded as {tree.docinfo.encoding}, not UTF-8",
                    "re-encode the file as UTF-8 and write <?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        )

    namespace = etree.QName(root).namespace
    if namespace != TEI_NS:
        where = f"in namespace {namespace!r}" if namespace else "in no namespace"
        findings.append(
            Finding(label, root.sourceline or 1, 1, "error", "tei-namespace",
                    f"root element '{etree.QName(root).localname}' is {where}, not the TEI namespace",
                    f'declare xmlns="{TEI_NS}" on the root element')
        )
        return None, findings
    return tree, findings


def _syntax_finding(label: str, parser: etree.XMLParser, exc: etree.XMLSyntaxError) -> Finding:
    entries = [e for e in parser.error_log if e.level >= etree.ErrorLevels.ERROR] or list(parser.error_log)
    first = entries[0] if entries else None
    line = first.line if first is not None else (exc.lineno or 0)
    col = first.column if first is not None else (exc.offset or 0)
    message = (first.message if first is not None else str(exc)).strip()
    if any(sign in message.lower() for sign in _LIMIT_SIGNS):
        return Finding(label, line, col, "error", "xml-unsafe",
                       f"the document exceeds the parser's safety limits: {message}",
                       "remove entity declarations, split the file or reduce nesting; "
                       "limits are not lifted for untrusted input")
    return Finding(label, line, col, "error", "xml-wellformed", f"not well-formed XML: {message}",
                   "fix the markup at this place (an editor with XML support shows the error)")


def unsafe_constructs(label: str, tree: etree._ElementTree, data: bytes, *, xinclude: bool = True) -> list[Finding]:
    """DTDs that declare entities or point outside the file, and (``xinclude``) XInclude elements.

    Nothing here is resolved: the parser kept entity references as unexpanded nodes and never opened
    the external subset; we only read the declarations it recorded.
    """
    findings: list[Finding] = []
    info = tree.docinfo
    doctype_line = _line_of(data, b"<!DOCTYPE")
    if info.system_url or info.public_id:
        ident = info.system_url or info.public_id
        findings.append(
            Finding(label, doctype_line, 1, "error", "xml-unsafe",
                    f"the DOCTYPE names an external DTD ({ident}); it was not loaded",
                    "remove the DOCTYPE declaration: TEI P5 is validated with RELAX NG, not a DTD")
        )
    dtd = info.internalDTD
    if dtd is not None:
        entities = list(dtd.iterentities())
        if entities:
            external = [e.name for e in entities if e.system_url]
            kind = "external entities" if external else "entities"
            names = ", ".join(sorted({e.name for e in entities}))
            findings.append(
                Finding(label, doctype_line, 1, "error", "xml-unsafe",
                        f"the DOCTYPE declares {kind} ({names}); they were not expanded",
                        "remove the DOCTYPE and write the characters themselves (or numeric references)")
            )
    for el in tree.iter() if xinclude else ():
        if isinstance(el.tag, str) and etree.QName(el).namespace in _XINCLUDE_NS:
            findings.append(
                Finding(label, el.sourceline or 0, 1, "error", "xml-unsafe",
                        f"XInclude element '{etree.QName(el).localname}' (href={el.get('href')!r}) was not followed",
                        "include the content in the file itself, or let align validate follow local "
                        "includes (drop --no-xinclude)")
            )
    return findings


def _line_of(data: bytes, needle: bytes) -> int:
    pos = data.find(needle)
    if pos < 0:
        return 1
    return data.count(b"\n", 0, pos) + 1

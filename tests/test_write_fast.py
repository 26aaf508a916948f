"""The streaming encoder's direct serialiser (align.tei.write) against lxml itself.

``nodes_to_xml`` writes a Node tree as text without making lxml elements (issue 13: speed). It must
give the bytes lxml gives for the same tree, or decline (``None``) where lxml would refuse or write
something else. The reference here builds the elements with lxml in the plainest way (one element
per node, text and tails from the source less the omitted ranges) and serialises them.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from align.tei.tree import Node
from align.tei.write import _NOT_XML, escape_attr, escape_text, nodes_to_xml

TEI = "http://www.tei-c.org/ns/1.0"
XML = "http://www.w3.org/XML/1998/namespace"


def _kept(text: str, a: int, b: int, omit: list[tuple[int, int]]) -> str:
    """Characters of ``[a, b)`` outside every omitted range, one by one."""
    return "".join(text[i] for i in range(a, b) if not any(x <= i < y for x, y in omit))


def reference(children: list[Node], a: int, b: int, text: str, omit: list[tuple[int, int]]) -> str | None:
    root = etree.Element(f"{{{TEI}}}TEI", nsmap={None: TEI})
    holder = etree.SubElement(root, f"{{{TEI}}}TEI")

    def build(node: Node, el: etree._Element, start: int, end: int, kids: list[Node]) -> None:
        pos = start
        last = None
        for c in kids:
            s = _kept(text, pos, c.start, omit)
            if last is None:
                el.text = s or None
            else:
                last.tail = s or None
            child = etree.SubElement(el, f"{{{TEI}}}{c.tag}")
            for k, v in c.attrs.items():
                child.set(f"{{{XML}}}{k[4:]}" if k.startswith("xml:") else k, v)
            build(c, child, c.start, c.end, c.children)
            last = child
            pos = c.end
        s = _kept(text, pos, end, omit)
        if s:
            if last is None:
                el.text = s
            else:
                last.tail = s

    try:
        build(Node("TEI", a, b), holder, a, b, children)
    except ValueError:
        return None
    data = etree.tostring(holder, encoding="unicode")
    prefix = f'<TEI xmlns="{TEI}">'
    assert data.startswith(prefix) or data == f'<TEI xmlns="{TEI}"/>'
    return data[len(prefix) : -len("</TEI>")] if data.startswith(prefix) else ""


# text from an alphabet that holds everything the escaping treats apart, and characters lxml refuses
_CHARS = st.sampled_from(list("ab \n\t\r&<>\"'];가\u0301😀\u05d0*") + ["\x0b", "\ufffe", "\x85", "\u2028"])
_TAGS = st.sampled_from(["p", "s", "hi", "lb", "date", "foreign"])
_ATTRS = st.dictionaries(
    st.sampled_from(["xml:lang", "xml:id", "rend", "when", "n"]),
    st.text(alphabet=_CHARS, max_size=4),
    max_size=3,
)


@st.composite
def trees(draw):
    text = "".join(draw(st.lists(_CHARS, min_size=0, max_size=40)))
    n = len(text)
    a = draw(st.integers(0, n))
    b = draw(st.integers(a, n))

    def make(lo: int, hi: int, depth: int) -> list[Node]:
        """Non-overlapping children of [lo, hi), sorted, some empty (milestones)."""
        cuts = sorted(draw(st.lists(st.integers(lo, hi), max_size=6 if depth < 3 else 0)))
        out = []
        for i in range(0, len(cuts) - 1, 2):
            s, e = cuts[i], cuts[i + 1]
            node = Node(draw(_TAGS), s, e, draw(_ATTRS))
            if s < e:
                node.children = make(s, e, depth + 1)
            out.append(node)
        return out

    children = make(a, b, 0)
    # omitted ranges (markers, as align.text.markup.marker_ranges gives them): sorted, disjoint,
    # not empty, possibly touching, possibly reaching over a, b or an element's edge
    marks = sorted(set(draw(st.lists(st.integers(0, n), max_size=8))))
    omit = [(marks[i], marks[i + 1]) for i in range(0, len(marks) - 1, 2)]
    if len(marks) > 2 and draw(st.booleans()):
        omit.append((marks[-2], marks[-1]))  # touching the one before
        omit = sorted(set(omit))
        omit = [r for i, r in enumerate(omit) if i == 0 or r[0] >= omit[i - 1][1]]
    return children, a, b, text, omit


@settings(max_examples=600, deadline=None)
@given(trees())
def test_same_as_lxml_or_declines(case):
    children, a, b, text, omit = case
    ours = nodes_to_xml(children, a, b, text, omit)
    ref = reference(children, a, b, text, omit)
    if ours is None:  # declining is always safe, but only where lxml has a reason to refuse
        assert ref is None or _NOT_XML.search(text, a, b) is not None
    else:
        assert ours == ref


def test_declines_what_lxml_refuses():
    assert nodes_to_xml([], 0, 3, "a\x0bb") is None
    assert nodes_to_xml([Node("p", 0, 1, {"n": "\ufffe"})], 0, 1, "a") is None
    assert nodes_to_xml([Node("p", 0, 1, {"n": 3})], 0, 1, "a") is None  # type: ignore[dict-item]
    assert nodes_to_xml([Node("1p", 0, 1)], 0, 1, "a") is None  # not an XML name
    assert nodes_to_xml([Node("p", 0, 1, {"a b": "x"})], 0, 1, "a") is None


def test_refused_characters_are_lxmls():
    """_NOT_XML is exactly the set of characters lxml refuses in text (every code point)."""
    el = etree.Element("a")
    for cp in range(0x110000):
        ch = chr(cp)
        ours = _NOT_XML.match(ch) is not None
        if 0xD800 <= cp <= 0xDFFF:
            assert ours
            continue
        try:
            el.text = ch
            theirs = False
        except ValueError:
            theirs = True
        assert ours == theirs, hex(cp)


def test_escaping_examples():
    # what libxml2 writes, from the XML spec's rules and libxml2's choices (> and CR escaped too)
    assert escape_text('a&b<c>d\re"f\'g\th\n') == 'a&amp;b&lt;c&gt;d&#13;e"f\'g\th\n'
    assert escape_attr('a&b<c>d\re"f\'g\th\n') == "a&amp;b&lt;c&gt;d&#13;e&quot;f'g&#9;h&#10;"

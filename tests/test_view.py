"""align view: the side-by-side HTML page, checked as markup and in a real headless Chromium.

The browser tests use the system's Chromium (Debian's ``chromium``, with ``fonts-nanum`` for Hangul)
driven by playwright; no browser is ever downloaded. Without Chromium they skip, except under CI
(``CI=true``), where .ci/run installs it and a skip would hide a broken view: there they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree, html

from align.cli import main
from align.export import parse_aligned, read_aligned, sentence_ids
from align.export.view import to_html

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "tei" / "seventy-five-years.xml"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML = "{http://www.w3.org/XML/1998/namespace}"
CHROMIUM = os.environ.get("ALIGN_CHROMIUM", "/usr/bin/chromium")
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Material: an agreement whose English is wordier than its Korean, so the columns drift apart and
# levelling has work to do. Sentence shapes vary; some paragraphs have a sentence with no counterpart.
KO_PARTS = [
    "양측은 {n}조의 규정에 따라 필요한 조치를 취한다.",
    "이 조항은 서명한 날부터 효력을 발생하며 {n}년간 유효하다.",
    "당사국은 상호 협의하여 세부 사항을 정한다.",
    "분쟁은 외교 경로를 통하여 해결한다.",
    "위원회는 매년 {n}회 이상 회의를 개최한다.",
]
EN_PARTS = [
    "The Parties shall take the measures that are necessary under the provisions of Article {n}, in good faith "
    "and without undue delay.",
    "This Article shall enter into force on the date of its signature and shall remain in force for a period of "
    "{n} years, unless either Party gives notice of termination.",
    "The Contracting States shall determine the details by mutual consultation through the channels agreed "
    "between them.",
    "Any dispute arising out of the interpretation or application of this Agreement shall be settled through "
    "diplomatic channels.",
    "The Commission shall meet at least {n} times a year, alternately in the territory of each Party.",
]
HOSTILE = "Quoted markup stays text: </span></p><script>window.pwned = 1</script> & <b>bold</b> \"q\" 'a'."


def _treaty(paragraphs: int = 36) -> tuple[bytes, list[tuple[list[str], list[str]]]]:
    """TEI with paragraphs on both sides and an alignment; returns it and the beads as id lists."""
    tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    etree.SubElement(tei, f"{{{TEI_NS}}}teiHeader")
    text = etree.SubElement(tei, f"{{{TEI_NS}}}text")
    group = etree.SubElement(text, f"{{{TEI_NS}}}group")
    sides = []
    for sid, lang in (("ko", "ko"), ("en", "en")):
        t = etree.SubElement(group, f"{{{TEI_NS}}}text")
        t.set(XML + "id", sid)
        t.set(XML + "lang", lang)
        sides.append(etree.SubElement(t, f"{{{TEI_NS}}}body"))
    beads: list[tuple[list[str], list[str]]] = []
    count = {"ko": 0, "en": 0}

    def sent(parent: etree._Element, side: str, words: str) -> str:
        count[side] += 1
        s = etree.SubElement(parent, f"{{{TEI_NS}}}s")
        s.set(XML + "id", f"{side}{count[side]}")
        s.text = words
        s.tail = " "
        return f"{side}{count[side]}"

    for n in range(paragraphs):
        ko_p = etree.SubElement(sides[0], f"{{{TEI_NS}}}{'head' if n % 9 == 0 else 'p'}")
        en_p = etree.SubElement(sides[1], f"{{{TEI_NS}}}{'head' if n % 9 == 0 else 'p'}")
        if n % 9 == 0:
            beads.append(([sent(ko_p, "ko", f"제{n // 9 + 1}장")], [sent(en_p, "en", f"Chapter {n // 9 + 1}")]))
            continue
        a, b = KO_PARTS[n % 5].format(n=n), EN_PARTS[n % 5].format(n=n)
        if n % 7 == 3:  # 1-2: the English splits the sentence
            words = b.split()
            first, second = " ".join(words[: len(words) // 2]) + ".", " ".join(words[len(words) // 2 :])
            beads.append(([sent(ko_p, "ko", a)], [sent(en_p, "en", first), sent(en_p, "en", second)]))
        elif n % 7 == 5:  # 2-1: the English joins two
            beads.append(([sent(ko_p, "ko", a), sent(ko_p, "ko", "또한 그러하다.")], [sent(en_p, "en", b)]))
        else:
            beads.append(([sent(ko_p, "ko", a)], [sent(en_p, "en", b)]))
        if n % 8 == 4:  # a Korean note the translation leaves out: 1-0
            beads.append(([sent(ko_p, "ko", f"(비고: 제{n}항은 삭제되었다.)")], []))
        if n % 11 == 6:  # an English gloss with no Korean: 0-1
            beads.append(([], [sent(en_p, "en", HOSTILE if n == 6 else f"(Translator's note on paragraph {n}.)")]))
    standoff = etree.SubElement(tei, f"{{{TEI_NS}}}standOff")
    grp = etree.SubElement(standoff, f"{{{TEI_NS}}}linkGrp", type="alignment", corresp="#ko #en")
    for src, tgt in beads:
        link = etree.SubElement(grp, f"{{{TEI_NS}}}link")
        link.set("target", " ".join(f"#{i}" for i in (src or ["ko"]) + (tgt or ["en"])))
    return etree.tostring(tei, xml_declaration=True, encoding="UTF-8"), beads


@pytest.fixture(scope="module")
def treaty():
    data, beads = _treaty()
    return parse_aligned(data, name="treaty.xml"), beads


@pytest.fixture(scope="module")
def page(treaty):
    return to_html(treaty[0]).data


# ---------------------------------------------------------------- the markup


def test_view_is_one_self_contained_file(page):
    doc = html.fromstring(page)
    assert page.startswith(b"<!DOCTYPE html>")
    # nothing is fetched: no external script, style sheet, image, font or frame
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("src", "href", "srcset", "data", "poster"):
            assert el.get(attr) is None, (el.tag, attr, el.get(attr))
    css = "".join(s.text or "" for s in doc.iter("style"))
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    assert [s.get("src") for s in doc.iter("script")] == [None]
    assert "NanumGothic" in css and "Noto Sans CJK KR" in css


def test_view_every_sentence_once_with_its_beads(treaty, page):
    pair, beads = treaty
    doc = html.fromstring(page)
    for side, d in (("src", pair.src), ("tgt", pair.tgt)):
        spans = doc.xpath(f'//div[@data-side="{side}"]//span[@data-i]')
        assert [s.get("data-id") for s in spans] == sentence_ids(d)
    want = {}
    for n, (src, tgt) in enumerate(beads):
        for i in src + tgt:
            want.setdefault(i, []).append(str(n))
    got = {s.get("data-id"): s.get("data-b").split() for s in doc.xpath("//span[@data-i]")}
    assert got == want


def test_view_marks_null_beads(treaty, page):
    _, beads = treaty
    doc = html.fromstring(page)
    null_ids = {i for src, tgt in beads if not src or not tgt for i in src + tgt}
    marked = {s.get("data-id") for s in doc.xpath('//span[@data-i][contains(concat(" ", @class, " "), " null ")]')}
    assert marked == null_ids and len(null_ids) >= 6


def test_view_escapes_text_from_the_tei(page):
    doc = html.fromstring(page)
    hostile = [s for s in doc.xpath("//span[@data-i]") if "pwned" in s.text_content()]
    assert [s.text_content() for s in hostile] == [HOSTILE]
    assert len(doc.xpath("//script")) == 1 and len(doc.xpath("//b")) == 0


def test_view_shows_the_paragraphs_and_all_the_text(treaty, page):
    pair, _ = treaty
    doc = html.fromstring(page)
    for side, d in (("src", pair.src), ("tgt", pair.tgt)):
        blocks = doc.xpath(f'//div[@data-side="{side}"]/*')
        shown = "".join(b.text_content() for b in blocks)
        assert "".join(shown.split()) == "".join(d.text.split())  # every character but white space
        assert sum(1 for b in blocks if b.tag == "h3") == 4
        assert sum(1 for b in blocks if b.tag == "p") == 32


def test_view_marks_sentences_no_bead_names():
    data, _ = _treaty(4)
    data = data.replace(b'<link target="#ko2 #en2"/>', b"")
    doc = html.fromstring(to_html(parse_aligned(data, name="t.xml")).data)
    assert [s.get("data-id") for s in doc.xpath('//span[contains(@class, "unlinked")]')] == ["ko2", "en2"]


def test_view_cli_writes_the_book(tmp_path):
    out = tmp_path / "book.html"
    assert main(["view", str(BOOK), "-o", str(out)]) == 0
    doc = html.fromstring(out.read_bytes())
    assert len(doc.xpath('//div[@data-side="src"]//span[@data-i]')) == len(read_aligned(BOOK).src.layer("sentence"))


# ---------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def browser():
    ci = os.environ.get("CI", "").lower() == "true"
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[test]')"
    if reason is None and not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-nanum)"
    if reason:
        if ci:
            pytest.fail(f"the view's browser test must run in CI: {reason}")
        pytest.skip(reason)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield b
        b.close()


@pytest.fixture
def tab(browser, tmp_path, page):
    path = tmp_path / "view.html"
    path.write_bytes(page)
    context = browser.new_context(viewport={"width": 1280, "height": 760}, java_script_enabled=True)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(path.as_uri())
    pg.wait_for_load_state("load")
    yield pg
    assert errors == []
    assert [u for u in requests if not u.startswith("file:")] == []  # the page needed no network
    context.close()


def _box(pg, selector: str) -> dict:
    return pg.eval_on_selector(
        selector,
        """el => { const r = el.getBoundingClientRect(), p = el.closest('.scroll').getBoundingClientRect();
                   return {top: r.top, bottom: r.bottom, ptop: p.top, pbottom: p.bottom}; }""",
    )


def _wait_level(pg, a: str, b: str, tolerance: float = 3) -> None:
    """Wait (up to 3 s: the columns follow on the next animation frame) until two sentences are level."""
    js = """([a, b, tol]) => Math.abs(document.querySelector(`[data-id="${a}"]`).getBoundingClientRect().top -
                                    document.querySelector(`[data-id="${b}"]`).getBoundingClientRect().top) <= tol"""
    try:
        pg.wait_for_function(js, arg=[a, b, tolerance], timeout=3000)
    except Exception:  # playwright's TimeoutError: say where the two sentences are
        boxes = [_box(pg, '[data-id="%s"]' % x) for x in (a, b)]
        raise AssertionError(f"{a} and {b} not level: {boxes}") from None


def _classes(pg, selector: str) -> list[str]:
    return pg.eval_on_selector(selector, "el => Array.from(el.classList)")


def test_view_click_korean_lights_english_counterpart_in_view(tab, treaty, tmp_path):
    _, beads = treaty
    # a 1-2 bead far down the page: its English is far below where the Korean is
    n = next(k for k, (s, t) in enumerate(beads) if len(t) == 2 and k > len(beads) // 2)
    ko, en = beads[n][0][0], beads[n][1]
    tab.eval_on_selector(f'[data-id="{ko}"]', "el => el.scrollIntoView({block: 'start'})")
    tab.wait_for_timeout(100)
    tab.click(f'[data-id="{ko}"]')
    tab.wait_for_timeout(100)
    assert "sel" in _classes(tab, f'[data-id="{ko}"]')
    for e in en:
        assert "hit" in _classes(tab, f'[data-id="{e}"]')
    box, kbox = _box(tab, f'[data-id="{en[0]}"]'), _box(tab, f'[data-id="{ko}"]')
    assert box["ptop"] <= box["top"] and box["bottom"] <= box["pbottom"], box  # in view
    assert abs(box["top"] - kbox["top"]) <= 2  # and level with the Korean
    # nothing else is lit
    assert tab.eval_on_selector_all(".panes .hit", "els => els.length") == 2
    assert en[0] in tab.inner_text("#status")
    shot = tmp_path / "view-click.png"
    tab.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000


def test_view_scrolling_keeps_linked_sentences_level(tab, treaty):
    _, beads = treaty
    for n in (len(beads) // 3, 2 * len(beads) // 3):
        while not (beads[n][0] and beads[n][1]):
            n += 1
        ko, en = beads[n][0][0], beads[n][1][0]
        # put the Korean sentence on the levelling line (30% down the column), as a reader scrolling would
        tab.eval_on_selector(
            f'[data-id="{ko}"]',
            """el => { const p = el.closest('.scroll');
                       p.scrollTop += el.getBoundingClientRect().top - p.getBoundingClientRect().top - 0.3 * p.clientHeight; }""",
        )
        _wait_level(tab, ko, en)


def test_view_scrolling_the_english_moves_the_korean(tab, treaty):
    _, beads = treaty
    n = next(k for k, (s, t) in enumerate(beads) if s and t and k > len(beads) * 3 // 4)
    ko, en = beads[n][0][0], beads[n][1][0]
    tab.eval_on_selector(
        f'[data-id="{en}"]',
        """el => { const p = el.closest('.scroll');
                   p.scrollTop += el.getBoundingClientRect().top - p.getBoundingClientRect().top - 0.3 * p.clientHeight; }""",
    )
    _wait_level(tab, en, ko)


def test_view_keyboard_enter_and_bead_walking(tab, treaty):
    _, beads = treaty
    ko = beads[1][0][0]
    tab.focus(f'[data-id="{ko}"]')
    tab.keyboard.press("Enter")
    assert all("hit" in _classes(tab, f'[data-id="{e}"]') for e in beads[1][1])
    tab.keyboard.press("j")
    nxt = beads[2][0][0] if beads[2][0] else beads[2][1][0]
    assert "sel" in _classes(tab, f'[data-id="{nxt}"]')
    assert tab.evaluate("document.activeElement.getAttribute('data-id')") == nxt
    tab.keyboard.press("Escape")
    assert tab.eval_on_selector_all(".panes .sel, .panes .hit", "els => els.length") == 0


def test_view_null_bead_is_visibly_marked_and_says_so(tab, treaty):
    _, beads = treaty
    ko = next(s[0] for s, t in beads if s and not t)
    mark = tab.eval_on_selector(f'[data-id="{ko}"]', "el => getComputedStyle(el, '::before').content")
    assert "∅" in mark
    tab.click(f'[data-id="{ko}"]')
    assert "no counterpart" in tab.inner_text("#status")
    assert tab.eval_on_selector_all(".panes .hit", "els => els.length") == 0


def test_view_hostile_text_runs_no_script(tab):
    assert tab.evaluate("window.pwned === undefined")


def _nanum_installed() -> bool:
    try:
        out = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "Nanum" in out


def test_view_hangul_has_a_real_font(tab):
    if not _nanum_installed():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("fonts-nanum must be installed in CI (.ci/run)")
        pytest.skip("no Korean font (apt-get install fonts-nanum)")
    # a font the page names is used when a Hangul run measures differently from the fallback's
    widths = tab.evaluate(
        """() => { const c = document.createElement('canvas').getContext('2d'), t = '북남공동선언 평화적통일';
                   c.font = '20px NanumGothic, monospace'; const a = c.measureText(t).width;
                   c.font = '20px monospace'; const b = c.measureText(t).width; return [a, b]; }"""
    )
    assert widths[0] != widths[1]
    family = tab.eval_on_selector(".pane-src .s", "el => getComputedStyle(el).fontFamily")
    assert family.lower().startswith('"nanumgothic"') or family.lower().startswith("nanumgothic")


def test_view_blank_lines_part_paragraphs_inside_one_block(tmp_path):
    """``align pair --format tei`` of plain text keeps the text in one block: its blank lines still show."""
    ko, en = tmp_path / "ko.txt", tmp_path / "en.txt"
    ko.write_text("첫째 문단이다. 둘째 문장이다.\n\n셋째 문단이다.\n\n넷째 문단이다.\n", encoding="utf-8")
    en.write_text(
        "The first paragraph. The second sentence.\n\nThe third paragraph.\n\nThe fourth.\n", encoding="utf-8"
    )
    tei = tmp_path / "p.xml"
    assert main(["pair", str(ko), str(en), "--format", "tei", "-o", str(tei)]) == 0
    doc = html.fromstring(to_html(read_aligned(tei)).data)
    paras = doc.xpath('//div[@data-side="src"]/p')
    assert [len(p.xpath(".//span[@data-i]")) for p in paras] == [2, 1, 1]


def test_view_counts_characters_xml_forbids():
    from align import Alignment, Bead, Document, Layer, Span
    from align.export import AlignedPair

    ko = Document("가\x01나.\n", meta={"lang": "ko"}).with_layer(Layer("sentence", (Span(0, 4, "ko", {"id": "k"}),)))
    en = Document("A\x02b.\n", meta={"lang": "en"}).with_layer(Layer("sentence", (Span(0, 4, "en", {"id": "e"}),)))
    written = to_html(AlignedPair(ko, en, Alignment("ko", "en", (Bead((0,), (0,)),))))
    assert written.replaced == 2
    assert [s.text_content() for s in html.fromstring(written.data).xpath("//span[@data-i]")] == [
        "가\ufffd나.",
        "A\ufffdb.",
    ]


def test_view_line_breaks_of_the_tei_are_kept():
    tei = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><text xml:id="a" xml:lang="en"><body>
<lg><l><s xml:id="e1">Roses are red,<lb/>violets are blue.</s></l></lg>
<closer><signed><lb/>For the Republic<lb/>Kim</signed></closer></body></text>
<text xml:id="b" xml:lang="ko"><body><p><s xml:id="k1">장미는 붉고 제비꽃은 푸르다.</s></p></body></text>
<standOff><linkGrp type="alignment" corresp="#a #b"><link target="#e1 #k1"/></linkGrp></standOff></TEI>"""
    doc = html.fromstring(to_html(parse_aligned(tei.encode(), name="lb.xml")).data)
    sentence = doc.xpath('//span[@data-id="e1"]')[0]
    assert (
        [c.tag for c in sentence] == ["br"]
        and sentence.text == "Roses are red,"
        and sentence[0].tail == "violets are blue."
    )
    signed = doc.xpath('//p[contains(@class, "blk-signed")]')[0]
    assert [c.tag for c in signed] == ["br"]  # the one at the block's start draws no empty line
    assert signed.text_content() == "For the RepublicKim"

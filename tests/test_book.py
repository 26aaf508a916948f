"""The main job: the bundled book's edition is valid, lossless, reproducible and has its structure."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from align.tei.book import build_book
from align.tei.extract import restore_source, source_text
from align.text.markup import plain_text
from align.text.read import read
from align.resources import bundled_corpus_path

T = "{http://www.tei-c.org/ns/1.0}"
XML = "{http://www.w3.org/XML/1998/namespace}"
NS = {"t": T[1:-1]}
COMMITTED = Path(__file__).resolve().parents[1] / "tei" / "seventy-five-years.xml"


@pytest.fixture(scope="module")
def built() -> bytes:
    return build_book()


@pytest.fixture(scope="module")
def tree(built) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(built))


def test_book_corpus_is_the_shared_one_byte_for_byte():
    import hashlib

    digest = hashlib.sha256(bundled_corpus_path().read_bytes()).hexdigest()
    assert digest == "0f0510ed56cb8d093af9d6fd5d9144ad7e49326cf2da53912d8d1acdb029e548"


def test_book_is_valid_tei_all(tei_all, tree):
    assert tei_all.validate(tree), "\n".join(f"{e.line}: {e.message}" for e in tei_all.error_log)


def test_book_is_lossless(tree):
    source = read(bundled_corpus_path())
    assert source_text(tree) == plain_text(source)
    assert restore_source(tree) == source.text


def test_book_build_is_deterministic_and_committed(built):
    assert build_book() == built
    assert COMMITTED.exists(), "run 'align build' and commit tei/seventy-five-years.xml"
    assert COMMITTED.read_bytes() == built, "tei/seventy-five-years.xml is stale: run 'align build' and commit it"


def test_book_build_does_not_depend_on_the_hash_seed(tmp_path):
    # string sets and dicts iterate in a per-process order; the edition must not follow it
    import os
    import subprocess
    import sys

    for seed in ("1", "777"):
        out = tmp_path / f"book-{seed}.xml"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "align", "build", "-o", str(out)], env=env, capture_output=True, check=True)
        assert out.read_bytes() == COMMITTED.read_bytes(), f"PYTHONHASHSEED={seed}"


def test_book_structure(tree):
    root = tree.getroot()
    chapters = root.findall(".//t:body/t:div[@type='chapter']", NS)
    assert len(chapters) == 8  # the book's eight periods, October 1926 to "May 2016-"
    assert len(root.findall(".//t:body//t:div[@type='section']", NS)) == 5
    # 226 photographs: the six prose blocks that end in ':' or ',' (a sentence introducing the
    # points below it, and the points) are paragraphs, not captions
    assert len(root.findall(".//t:figure", NS)) == 226
    assert root.find(".//t:body//t:fw", NS) is not None and "".join(root.find(".//t:body//t:fw", NS).itertext()) == "3.2"
    sentences = root.findall(".//t:text//t:s", NS)
    langs = [s.get(XML + "id").split(".")[0] for s in sentences if not s.xpath("ancestor::*[@resp]")]
    assert (langs.count("en"), langs.count("ko")) == (165, 8)  # 159 before the six paragraphs above
    assert all(c.find("t:head[@type='sub']/t:date", NS) is not None for c in chapters)
    assert len(root.findall(".//t:front/t:titlePage", NS)) == 2
    figures_ko = [f for f in root.iter(T + "figure") if f.find(f"t:ab[@{{{XML[1:-1]}}}lang='ko']", NS) is not None]
    assert len(figures_ko) == 3
    assert len(root.findall(".//t:cit/t:bibl/t:author", NS)) == 2
    colophon = root.find(".//t:back/t:div[@type='colophon']", NS)
    assert colophon is not None and colophon.find(".//t:date[@when='2020']", NS) is not None


def test_book_declaration(tree):
    root = tree.getroot()
    (decl,) = root.findall(".//t:floatingText", NS)
    assert decl.get(XML + "lang") == "ko"
    body = decl.find("t:body", NS)
    assert "".join(body.find("t:head", NS).itertext()) == "북 남 공동 선언"
    items = body.findall("t:list/t:item", NS)
    assert [i.get("n") for i in items] == ["1", "2", "3", "4", "5"]
    assert body.find("t:closer/t:dateline/t:date", NS).get("when") == "2000-06-15"
    names = ["".join(p.itertext()) for p in body.findall("t:closer/t:signed/t:persName", NS)]
    assert names == ["김 정 일", "김 대 중"]


def test_book_alignment_links(tree):
    root = tree.getroot()
    ids = {e.get(XML + "id") for e in root.iter() if e.get(XML + "id")}
    grp = root.find(".//t:standOff/t:linkGrp[@type='alignment']", NS)
    assert grp is not None
    links = grp.findall("t:link", NS)
    ko = [s.get(XML + "id") for s in root.findall(".//t:floatingText//t:s", NS)]
    linked = [t[1:] for l in links for t in l.get("target").split()]
    assert set(linked) <= ids
    assert [x for x in linked if x.startswith("ko.")] == ko  # every Korean sentence once, in order
    assert all(len(l.get("target").split()) >= 2 for l in links)
    ref = root.find(".//t:standOff/t:linkGrp[@type='reference']/t:link", NS)
    src, tgt = (t[1:] for t in ref.get("target").split())
    assert tgt == "emb1"
    sentence = "".join(root.find(f".//t:s[@{{{XML[1:-1]}}}id='{src}']", NS).itertext())
    assert "Joint Declaration" in sentence


def test_book_committed_edition_passes_align_validate(capsys):
    from align.cli import main

    assert main(["validate", str(COMMITTED.parent)]) == 0, capsys.readouterr().out

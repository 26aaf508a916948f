"""``align pair`` and ``align eval`` from the command line: outputs and exit codes."""

from __future__ import annotations

import json

import pytest

from align.aligners.beadio import parse_beads
from align.cli import main

KO = "1945년 8월 15일 조선은 해방되었다.\n평양에서 김일성이 연설하였다.\n2000년 6월 15일 북남공동선언이 발표되었다.\n"
EN = "Korea was liberated on August 15, 1945.\nKim Il Sung spoke in Pyongyang.\nThe North-South Joint Declaration was issued on June 15, 2000.\n"

TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
<text><body>
<div xml:lang="ko"><p><s xml:id="ko.s1">1945년 8월 15일 조선은 해방되었다.</s> <s xml:id="ko.s2">평양에서 김일성이 연설하였다.</s></p></div>
<div xml:lang="en"><p><s xml:id="en.s1">Korea was liberated on <hi>August 15, 1945</hi>.</s>
<s xml:id="en.s2">Kim Il Sung spoke in Pyongyang.</s><s>no id: left out</s></p></div>
</body></text></TEI>
"""


@pytest.fixture
def texts(tmp_path):
    ko, en = tmp_path / "ko.txt", tmp_path / "en.txt"
    ko.write_text(KO, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return ko, en


def test_cli_pair_presegmented_beads(texts, capsys):
    ko, en = texts
    assert main(["pair", str(ko), str(en), "--presegmented", "--format", "beads"]) == 0
    assert capsys.readouterr().out == "[0]:[0]\n[1]:[1]\n[2]:[2]\n"


def test_cli_pair_beads_with_scores_to_file(texts, tmp_path, capsys):
    ko, en = texts
    out = tmp_path / "out.beads"
    assert main(["pair", str(ko), str(en), "--presegmented", "--format", "beads", "--scores", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    beads = parse_beads(out.read_text(encoding="utf-8"))
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    assert all(":" in line.split("]:[", 1)[1] for line in out.read_text(encoding="utf-8").splitlines())


def test_cli_pair_plain_text_is_split(tmp_path, capsys):
    ko, en = tmp_path / "ko.txt", tmp_path / "en.txt"
    ko.write_text(KO.replace("\n", " "), encoding="utf-8")  # one paragraph: the splitter finds the sentences
    en.write_text(EN.replace("\n", " "), encoding="utf-8")
    assert main(["pair", str(ko), str(en)]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "src\ttgt\tscore\tsrc_text\ttgt_text"
    assert [r.split("\t")[:2] for r in rows[1:]] == [["0", "0"], ["1", "1"], ["2", "2"]]
    assert rows[3].split("\t")[3].startswith("2000년 6월 15일")


def test_cli_pair_tei_input_uses_s_ids_and_languages(tmp_path, capsys):
    f = tmp_path / "book.xml"
    f.write_text(TEI, encoding="utf-8")
    assert main(["pair", str(f), str(f)]) == 0  # one file holding both languages
    rows = [r.split("\t") for r in capsys.readouterr().out.splitlines()]
    assert rows[0][:5] == ["src", "tgt", "score", "src_id", "tgt_id"]
    assert [r[3:5] for r in rows[1:]] == [["ko.s1", "en.s1"], ["ko.s2", "en.s2"]]
    assert rows[1][6] == "Korea was liberated on August 15, 1945."


def test_cli_pair_dictionary(texts, tmp_path, capsys):
    ko, en = texts
    d = tmp_path / "ko-en.dic"
    d.write_text("declaration @ 공동선언\nspoke @ 연설하다\n", encoding="utf-8")
    assert main(["pair", str(ko), str(en), "--presegmented", "--format", "beads", "--dictionary", str(d)]) == 0
    assert capsys.readouterr().out.count("\n") == 3


@pytest.mark.parametrize(
    "argv,code,message",
    [
        (["pair", "missing-ko.txt", "missing-en.txt"], 1, "A102"),
        (["pair", "{ko}", "{en}", "--dictionary", "missing.dic"], 1, "A613"),
        (["pair", "{ko}", "{en}", "--format", "pdf"], 2, "invalid choice"),
        (["pair", "{ko}"], 2, "required"),
        (["pair", "{ko}", "{en}", "--aligner", "magic"], 2, "invalid choice"),
    ],
)
def test_cli_pair_errors(texts, capsys, argv, code, message):
    ko, en = texts
    argv = [a.format(ko=ko, en=en) for a in argv]
    if code == 2:
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
    else:
        assert main(argv) == code
    assert message in capsys.readouterr().err


def test_cli_pair_tei_in_wrong_language(tmp_path, capsys):
    f = tmp_path / "book.xml"
    f.write_text(TEI, encoding="utf-8")
    assert main(["pair", str(f), str(f), "--tgt-lang", "fr"]) == 1
    assert "A642" in capsys.readouterr().err


def test_cli_pair_tei_output(texts, capsys):
    ko, en = texts
    assert main(["pair", str(ko), str(en), "--format", "tei"]) == 0
    out = capsys.readouterr().out
    assert 'type="alignment"' in out and out.count("<link ") == 3


def test_cli_pair_tei_output_from_tei_input(tmp_path, capsys):
    f = tmp_path / "book.xml"
    f.write_text(TEI, encoding="utf-8")
    assert main(["pair", str(f), str(f), "--format", "tei"]) == 0
    out = capsys.readouterr().out
    assert out.count("<link ") == 2 and "Korea was liberated on August 15, 1945." in out


# -- eval ----------------------------------------------------------------------------------------


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_eval_table_and_json(tmp_path, capsys):
    gold = _write(tmp_path / "gold", "[0]:[0]\n[1]:[1, 2]\n")
    test = _write(tmp_path / "test", "[0]:[0]\n[1]:[1]\n[]:[2]\n")
    assert main(["eval", gold, test]) == 0
    out = capsys.readouterr().out
    assert "1 document(s)" in out and "0.333" in out and "0.800" in out
    assert main(["eval", gold, test, "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["precision_strict"] == pytest.approx(1 / 3) and d["f1_lax"] == pytest.approx(0.8)
    assert d["counts"] == {"test": 3, "test_strict": 1, "test_lax": 2, "gold": 2, "gold_strict": 1, "gold_lax": 2}


def test_cli_eval_folders_and_pairs_micro_average(tmp_path, capsys):
    (tmp_path / "g").mkdir()
    (tmp_path / "t").mkdir()
    _write(tmp_path / "g" / "a", "[0]:[0]\n")
    _write(tmp_path / "t" / "a", "[0]:[0]\n")
    _write(tmp_path / "g" / "b", "[0]:[0]\n[1]:[1]\n[2]:[2]\n")
    _write(tmp_path / "t" / "b", "[0, 1, 2]:[0, 1, 2]\n")
    assert main(["eval", str(tmp_path / "g"), str(tmp_path / "t"), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["documents"] == 2 and d["precision_strict"] == 0.5 and d["recall_strict"] == 0.25
    pairs = [str(tmp_path / x / y) for y in "ab" for x in "gt"]
    assert main(["eval", *pairs, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["f1_strict"] == pytest.approx(d["f1_strict"])


def test_cli_eval_reads_our_tsv(texts, tmp_path, capsys):
    ko, en = texts
    tsv = tmp_path / "out.tsv"
    assert main(["pair", str(ko), str(en), "--presegmented", "-o", str(tsv)]) == 0
    gold = _write(tmp_path / "gold", "[0]:[0]\n[1]:[1]\n[2]:[2]\n")
    assert main(["eval", gold, str(tsv), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["f1_strict"] == 1.0


@pytest.mark.parametrize(
    "paths,message",
    [(["{g}"], "A621"), (["{g}", "{dir}"], "A622"), (["{g}", "{bad}"], "A601"), (["{g}", "{missing}"], "A603")],
)
def test_cli_eval_errors(tmp_path, capsys, paths, message):
    g = _write(tmp_path / "gold", "[0]:[0]\n")
    bad = _write(tmp_path / "bad", "0 - 0\n")
    fmt = dict(g=g, bad=bad, dir=str(tmp_path), missing=str(tmp_path / "nope"))
    assert main(["eval", *[p.format(**fmt) for p in paths]]) == 1
    assert message in capsys.readouterr().err


def test_cli_pair_output_does_not_depend_on_the_hash_seed(tmp_path):
    # sets and dicts of strings iterate in a per-process order; nothing we print may follow it
    import os
    import random
    import subprocess
    import sys

    rng = random.Random(4)
    vocab = [("평화", "peace"), ("통일", "reunification"), ("겨레", "nation"), ("회담", "talks"), ("경제", "economy"),
             ("협력", "cooperation"), ("문제", "question"), ("해결", "settlement"), ("교류", "exchanges"), ("자주", "independence"),
             ("발전", "development"), ("합의", "agreement"), ("방문", "visit"), ("선언", "declaration"), ("인민", "people")]  # fmt: skip
    names = [("평양", "Pyongyang"), ("서울", "Seoul"), ("김정일", "Kim Jong Il"), ("김대중", "Kim Dae-jung")]
    ko, en = [], []
    for k in range(90):
        words = rng.sample(vocab, rng.randint(2, 5))
        place = rng.choice(names)
        day = rng.randint(1, 28)
        ko.append(f"{place[0]}에서 6월 {day}일 " + " ".join(w for w, _ in words) + "에 대하여 론의하였다.")
        en.append(f"On June {day}, in {place[1]}, they discussed " + ", ".join(e for _, e in words) + ".")
        if k % 17 == 5:
            en.append("The delegations then rested.")  # an added sentence: a null bead
    (tmp_path / "ko.txt").write_text("\n".join(ko) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
    outs = []
    for seed in ("0", "1", "4242"):
        cmd = [sys.executable, "-m", "align", "pair", "ko.txt", "en.txt", "--presegmented", "--format", "tsv"]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outs.append(subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout)
    assert outs[0] == outs[1] == outs[2]
    assert outs[0].count("\n") >= 90  # (the pair bootstraps a lexicon of some 26 entries: both passes run)


def test_cli_pair_tei_of_two_latin_languages_tags_each_as_given(tmp_path, capsys):
    """German and French are both Latin script, which the script table calls English: each side is
    tagged in the language given for it (blocks, sentence ids), and the links join German with
    French (before: de/fr sides holding en sentences, and ALN110 from the checker)."""
    from lxml import etree

    from align.validate import validate_tree

    de = tmp_path / "a.de"
    fr = tmp_path / "a.fr"
    de.write_text("Unsere Schule hat wieder geöffnet.\nDie Kinder singen jeden Morgen.\n", encoding="utf-8")
    fr.write_text("Notre école a rouvert.\nLes enfants chantent chaque matin.\n", encoding="utf-8")
    out = tmp_path / "p.xml"
    assert main(["pair", str(de), str(fr), "--src-lang", "de", "--tgt-lang", "fr", "--format", "tei", "-o", str(out)]) == 0
    tree = etree.parse(str(out))
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    xml = "{http://www.w3.org/XML/1998/namespace}"
    for side, lang in (("src", "de"), ("tgt", "fr")):
        text = tree.find(f".//t:text[@{{http://www.w3.org/XML/1998/namespace}}id='{side}']", ns)
        assert text.get(xml + "lang") == lang
        assert {el.get(xml + "lang") for el in text.iter() if el.get(xml + "lang")} == {lang}
        assert all(s.get(xml + "id").startswith(f"{lang}.s") for s in text.iter("{http://www.tei-c.org/ns/1.0}s"))
    # the header is ours, in English: neither side's language reaches it (before: its resp, labels
    # and notes were German, from the source side's table)
    header = tree.find(".//t:teiHeader", ns)
    assert header.get(xml + "lang") == "en"
    assert [el.tag for el in header.iter() if el.get(xml + "lang") and el is not header] == []
    assert [f.rule for f in validate_tree(tree) if f.severity == "error"] == []


def test_cli_pair_tei_stated_korean_keeps_english_passages_english(tmp_path):
    """A Korean side quoting a long English paragraph (more Latin letters than Hangul): stating the
    side Korean must not make its English Korean; the table already knows both languages."""
    from lxml import etree

    ko = tmp_path / "a.ko"
    en = tmp_path / "a.en"
    quote = "We will never give up our position under any circumstances whatsoever, and the talks changed nothing at all."
    ko.write_text(f"김 위원장은 기자들에게 다음과 같이 말했다.\n\n{quote}\n\n회담은 끝났다.\n", encoding="utf-8")
    en.write_text(f"Chairman Kim told reporters the following.\n\n{quote}\n\nThe talks ended.\n", encoding="utf-8")
    out = tmp_path / "p.xml"
    assert main(["pair", str(ko), str(en), "--format", "tei", "-o", str(out)]) == 0
    tree = etree.parse(str(out))
    xml = "{http://www.w3.org/XML/1998/namespace}"
    side = tree.find(".//{http://www.tei-c.org/ns/1.0}text[@{http://www.w3.org/XML/1998/namespace}id='src']")
    english = [p for p in side.iter("{http://www.tei-c.org/ns/1.0}p") if "".join(p.itertext()).strip() == quote]
    assert len(english) == 1 and english[0].get(xml + "lang") == "en"


def test_cli_pair_tei_never_writes_a_sentence_around_verse_lines(tmp_path, capsys, tei_all):
    """A side's sentence joined across verse lines by emphasis would be an <s> holding <l>s: invalid
    TEI. The pair is written valid or refused with A401 and exit 1, never written invalid."""
    from lxml import etree

    en = tmp_path / "v.en"
    ko = tmp_path / "v.ko"
    en.write_text("Roses are **red,\nViolets are blue,**\nSugar is sweet,\nAnd so are you.\n", encoding="utf-8")
    ko.write_text("장미는 붉고 제비꽃은 푸르다.\n", encoding="utf-8")
    out = tmp_path / "p.xml"
    code = main(["pair", str(en), str(ko), "--src-lang", "en", "--tgt-lang", "ko", "--format", "tei", "-o", str(out)])
    if code == 0:
        assert tei_all.validate(etree.parse(str(out)))
    else:
        assert code == 1 and "A401" in capsys.readouterr().err and not out.exists()

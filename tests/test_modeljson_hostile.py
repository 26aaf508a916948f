"""Hostile model JSON: a real file with one or two values changed to the wrong type or out of range
is refused with one coded line (file:line:col of the bad value, what to do), never a traceback,
never a half-written output; or, where the change is harmless, it encodes as before."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import align
from align.cli import main
from align.errors import AlignError
from align.modeljson import _position, loads

# varied material: a heading with a period, dated prose, an embedded Korean passage, a list
TEXTS = {
    "annals": (
        "Chapter 3. The Harbour Years\n\n1905–1910\n\n"
        "On 12 March 1907 the harbour master wrote to the council. He asked for a new pier.\n\n"
        "서울에서 온 편지는 짧았다. 그는 곧 돌아온다고 썼다.\n\n"
        "The council met again in April 1908 and agreed.\n"
    ),
    "mixed": (
        "Notes on a Village School\n\n"
        "The teacher, Mr. Pak, kept a diary. 학생들은 아침 일찍 왔다. The roof leaked in June.\n\n"
        "- chalk and slates\n- a bell\n\n"
        "사랑하는 동생에게\n\n우리 학교는 다시 문을 열었다. 봄이 오면 꼭 만나자.\n\n"
        "It closed in 1950 and opened again on 3 October 1953.\n"
    ),
}

BAD = [5, None, [], {"a": 1}, "x", 1.5, True, -3, "", ["en"], {"Latn": 5}, {"Latn": "en", "Kore": None}]
MARK = "\u0000MUTATED\u0000"  # a string no file holds: where it lands in the dump is where the bad value is


LETTER = (
    "A Letter From the Archive\n\nThe archive holds a letter a teacher wrote in Korean in 1952.\n\n"
    "사랑하는 동생에게\n\n우리 학교는 다시 문을 열었다. 아이들이 매일 아침 노래를 부른다.\n\n봄이 오면 꼭 만나자.\n\n"
    "The family gave it to the archive in 1998.\n"
)
LETTER_EN = "To my dear younger sibling\n\nOur school has opened again. The children sing every morning.\n\nLet us meet when spring comes.\n"


@pytest.fixture(scope="module")
def bases(tmp_path_factory):
    d = tmp_path_factory.mktemp("bases")
    out = {}
    for name, text in TEXTS.items():
        src = d / f"{name}.txt"
        src.write_text(text, encoding="utf-8")
        js = d / f"{name}.json"
        assert main(["encode", str(src), "--format", "json", "-o", str(js)]) == 0
        out[name] = json.loads(js.read_text(encoding="utf-8"))
    # an edition with its translation: a Pair
    (d / "letter.txt").write_text(LETTER, encoding="utf-8")
    (d / "letter_en.txt").write_text(LETTER_EN, encoding="utf-8")
    js = d / "pair.json"
    assert main(["encode", str(d / "letter.txt"), "--translation", str(d / "letter_en.txt"), "--format", "json", "-o", str(js)]) == 0
    out["pair"] = json.loads(js.read_text(encoding="utf-8"))
    assert out["pair"]["format"] == "align-pair" and out["pair"]["alignment"]["beads"]
    return out


def _anywhere(doc, rnd: random.Random, n: int) -> dict:
    """``doc`` with ``n`` values anywhere in its tree (not format or version) set to hostile ones."""
    doc = json.loads(json.dumps(doc))
    for _ in range(n):
        paths, todo = [], [((), doc)]
        while todo:
            path, x = todo.pop()
            if path and path[0] not in ("format", "version"):
                paths.append(path)
            items = x.items() if isinstance(x, dict) else enumerate(x) if isinstance(x, list) else ()
            todo.extend((path + (k,), v) for k, v in items)
        _set(doc, rnd.choice(sorted(paths, key=repr)), rnd.choice(BAD + [10**9, "9"]))
    return doc


def _places(doc: dict, rnd: random.Random) -> tuple:
    """A path to a value a colleague's fuzzer changed: a span field or attr, a meta entry, a top-level field."""
    r = rnd.random()
    layers = [n for n in doc["layers"] if doc["layers"][n]["spans"]]
    if r < 0.55 and layers:
        name = rnd.choice(sorted(layers))
        i = rnd.randrange(len(doc["layers"][name]["spans"]))
        span = doc["layers"][name]["spans"][i]
        if span.get("attrs") and rnd.random() < 0.7:
            return ("layers", name, "spans", i, "attrs", rnd.choice(sorted(span["attrs"])))
        return ("layers", name, "spans", i, rnd.choice(["label", "start", "end", "attrs"]))
    if r < 0.8:
        return ("meta", rnd.choice(["languages", "lang", "title", "source", "italic", "x"]))
    return (rnd.choice(["id", "signatures", "provenance", "text", "layers", "meta"]),)


def _set(doc: dict, path: tuple, value) -> None:
    for k in path[:-1]:
        doc = doc[k]
    doc[path[-1]] = value


def _mutated(base: dict, seed: int, n: int) -> tuple[str, list[tuple]]:
    """Model JSON (indented, so positions span lines) with ``n`` values changed, and where each changed
    value lies in it (line, first column, past-last column), found from the text, not by the reader."""
    rnd = random.Random(seed)
    doc = json.loads(json.dumps(base))
    changes = []
    for _ in range(n):
        try:
            path = _places(doc, rnd)
            _set(doc, path, MARK)
        except (TypeError, KeyError, IndexError):  # an earlier change replaced a container
            continue
        changes.append((path, rnd.choice(BAD)))
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    where = []
    for path, value in changes:
        at = text.find(json.dumps(MARK))
        if at < 0:
            continue
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        where.append((line, col, col + len(json.dumps(value))))  # the value's line, first and past-last column
        text = text[:at] + json.dumps(value) + text[at + len(json.dumps(MARK)) :]
    return text, where


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(TEXTS)), seed=st.integers(0, 2**32 - 1), n=st.integers(1, 2))
def test_a_mutated_model_file_is_refused_with_its_place_or_encoded(bases, tmp_path, capsys, name, seed, n):
    text, where = _mutated(bases[name], seed, n)
    src = tmp_path / f"m{seed}.json"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / f"m{seed}.xml"
    out.unlink(missing_ok=True)
    capsys.readouterr()
    code = main(["encode", str(src), "-o", str(out)])  # an exception escaping here fails the test
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    if code == 0:
        etree.parse(str(out))  # whole, well-formed output
        return
    assert not out.exists(), "a failed encode left its output file"
    assert len(err) == 1, err
    assert f"{src}:" in err[0] and "[A" in err[0], err[0]
    line, col = err[0].split(f"{src}:", 1)[1].split(":")[:2]
    assert line.isdigit() and col.isdigit(), err[0]
    if n == len(where) == 1 and "[A416]" in err[0] and " must be " in err[0]:
        # the changed value itself, or a value inside it (a table put where a table of tables goes)
        assert int(line) == where[0][0] and where[0][1] <= int(col) < where[0][2], (err[0], where)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(TEXTS) + ["pair"]), seed=st.integers(0, 2**32 - 1), n=st.integers(1, 2))
def test_any_value_of_a_document_or_pair_changed_never_raises(bases, tmp_path, capsys, name, seed, n):
    src = tmp_path / f"g{seed}.json"
    src.write_text(json.dumps(_anywhere(bases[name], random.Random(seed), n), ensure_ascii=False, indent=1), encoding="utf-8")
    out = tmp_path / f"g{seed}.xml"
    out.unlink(missing_ok=True)
    capsys.readouterr()
    code = main(["encode", str(src), "-o", str(out)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    if code == 0:
        etree.parse(str(out))
        return
    assert not out.exists() and len(err) == 1 and "[A" in err[0], err
    if "[A41" in err[0]:  # the reader's refusals name the place; the encoder's (e.g. A405 on a scope) name none
        assert f"{src}:" in err[0] and err[0].split(f"{src}:", 1)[1].split(":")[0].isdigit(), err


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(TEXTS)), seed=st.integers(0, 2**32 - 1))
def test_from_json_raises_the_projects_error_only(bases, name, seed):
    text, _ = _mutated(bases[name], seed, 1)
    try:
        align.from_json(text)
    except AlignError as exc:
        assert exc.line is not None and exc.col is not None or "[A416]" not in exc.message, exc


@pytest.mark.parametrize(
    "path, value, says",
    [
        (("layers", "sentence", "spans", 0, "start"), "3", "must be a whole number"),
        (("layers", "sentence", "spans", 0, "start"), True, "not a boolean"),
        (("layers", "sentence", "spans", 0, "end"), 10**6, "past the end of the text"),
        (("layers", "sentence", "spans", 0, "label"), 5, "label must be a string"),
        (("layers", "sentence", "spans", 0, "attrs"), ["id"], "attrs must be a table"),
        (("layers", "sentence", "spans", 0, "attrs", "id"), 7, "attrs.id must be a string"),
        (("layers", "script", "spans", 0, "attrs", "lang"), "", "BCP 47"),
        (("meta", "lang"), "english language", "BCP 47"),
        (("meta", "languages"), {"Latn": 5}, "meta.languages.Latn"),
        (("meta", "languages"), {"Latin": "en"}, "ISO 15924"),
        (("meta", "italic"), "b", '"hi" or "title"'),
        (("signatures",), "x", "signatures must be a list of strings"),
        (("text",), ["a"], "text must be a string"),
    ],
)
def test_each_kind_of_bad_value_is_named(bases, path, value, says):
    doc = json.loads(json.dumps(bases["annals"]))
    _set(doc, path, value)
    with pytest.raises(AlignError) as info:
        loads(json.dumps(doc, indent=1), name="m.json")
    assert "[A416]" in info.value.message and says in info.value.message
    assert info.value.path == "m.json" and info.value.line and info.value.col


def test_a_pair_refuses_a_bead_past_its_sentences_and_a_sentence_without_id(bases):
    doc = json.loads(json.dumps(bases["pair"]))
    doc["alignment"]["beads"][0]["src"] = [len(doc["src"]["layers"]["sentence"]["spans"]) + 5] * len(doc["alignment"]["beads"][0]["src"])
    with pytest.raises(AlignError, match=r"\[A416\] alignment.beads\[0\].src\[0\] is sentence"):
        align.from_json(json.dumps(doc))
    doc = json.loads(json.dumps(bases["pair"]))
    del doc["tgt"]["layers"]["sentence"]["spans"][0]["attrs"]["id"]
    with pytest.raises(AlignError, match=r"tgt.layers.sentence.spans\[0\] needs attrs \"id\""):
        align.from_json(json.dumps(doc))


def test_structure_spans_that_cross_are_refused(bases):
    doc = json.loads(json.dumps(bases["annals"]))
    blocks = doc["layers"]["block"]["spans"]
    blocks[0]["end"] = blocks[1]["start"] + 1  # the first block now runs into the second
    with pytest.raises(AlignError, match=r"layers.block.spans\[1\] .* crosses layers.block.spans\[0\]"):
        loads(json.dumps(doc))


def test_spans_out_of_order_and_backwards_are_refused(bases):
    doc = json.loads(json.dumps(bases["annals"]))
    spans = doc["layers"]["sentence"]["spans"]
    spans[0], spans[1] = spans[1], spans[0]
    with pytest.raises(AlignError, match="out of order"):
        loads(json.dumps(doc))
    doc = json.loads(json.dumps(bases["annals"]))
    doc["layers"]["sentence"]["spans"][0]["start"] = doc["layers"]["sentence"]["spans"][0]["end"] + 1
    with pytest.raises(AlignError, match="before it starts"):
        loads(json.dumps(doc))


def test_values_the_pipeline_may_leave_empty_still_read(bases):
    # a period with an open end has "to": null; a document read from a string has no source
    doc = json.loads(json.dumps(bases["annals"]))
    doc["meta"]["source"] = None
    doc["layers"]["sentence"]["spans"][0].setdefault("attrs", {})["to"] = None
    doc["layers"]["sentence"]["spans"][0]["attrs"]["mine"] = {"any": ["json", 1, None]}  # a scholar's own attr
    assert loads(json.dumps(doc)).meta["source"] is None


@pytest.mark.parametrize(
    "text, path, at",
    [
        ('{"a": 1, "b": [10, {"c": 2}]}', ("b", 1, "c"), (1, 26)),
        ('{\n "a": {"x": 1},\n "a": {"x": 2}\n}', ("a", "x"), (3, 13)),  # the last of two equal keys, as json.loads keeps
        ('{"a":[ 1 ,\n  2 ]}', ("a", 1), (2, 3)),
        ('  {"k": "\\"}\\u00e9", "z": null}', ("z",), (1, 27)),
        ('{"a": 1}', (), (1, 1)),
    ],
)
def test_position_of_a_value_in_the_json_text(text, path, at):
    assert _position(text, path) == at


_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)),
    max_leaves=20,
)


def _paths(x, p=()):
    yield p
    items = x.items() if isinstance(x, dict) else enumerate(x) if isinstance(x, list) else ()
    for k, v in items:
        yield from _paths(v, p + (k,))


@settings(max_examples=200, deadline=None)
@given(_JSON, st.sampled_from([None, 0, 1, 3, "\t"]), st.booleans())
def test_position_points_at_the_value_in_any_json_layout(value, indent, ascii_only):
    # decoding from the reported line and column gives back the value at that path
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    lines = text.split("\n")
    for path in _paths(value):
        line, col = _position(text, path)
        at = sum(len(s) + 1 for s in lines[: line - 1]) + col - 1
        want = value
        for k in path:
            want = want[k]
        assert json.JSONDecoder().raw_decode(text, at)[0] == want


@pytest.mark.parametrize("ch", ["\x01", "\x00", "\ufffe", "\ud800"])
def test_a_model_text_holding_what_xml_cannot_is_refused_at_encode(tmp_path, capsys, ch):
    """The model carries any character (test_json), TEI does not: ``align encode`` of such a model
    says which character and where in the text, exits non-zero and writes nothing (before: lxml's
    traceback)."""
    src = tmp_path / "a.txt"
    src.write_text("Hello world. A second sentence.\n", encoding="utf-8")
    model = tmp_path / "a.json"
    assert main(["encode", str(src), "--format", "json", "-o", str(model)]) == 0
    data = json.loads(model.read_text(encoding="utf-8"))
    data["text"] = data["text"][:8] + ch + data["text"][9:]  # same length: the spans still fit
    model.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "a.xml"
    capsys.readouterr()
    assert main(["encode", str(model), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(model) in err[0] and (f"U+{ord(ch):04X}" in err[0] or ch == "\x00" and "NUL" in err[0])
    assert "line 1, column 9" in err[0]
    assert not out.exists()


def test_page_breaks_furniture_and_control_characters_in_attributes_are_refused(bases):
    """A review found these escaping the check: a block's ``breaks`` and ``furniture`` (read by the
    sentence splitter and the writer) of the wrong shape, and a control character in a value the
    writer puts in an attribute or the header (lxml's traceback)."""
    doc = json.loads(json.dumps(bases["annals"]))
    blocks = doc["layers"]["block"]["spans"]
    b = max(blocks, key=lambda s: s["end"] - s["start"])
    k = blocks.index(b)
    start, end = b["start"], b["end"]
    cases = [
        (("layers", "block", "spans", k, "attrs", "furniture"), "ab", "list of [from, to, type]"),
        (("layers", "block", "spans", k, "attrs", "breaks"), 5, "list of [from, to]"),
        (("layers", "block", "spans", k, "attrs", "breaks"), [[start]], "must be [from, to]"),
        (("layers", "block", "spans", k, "attrs", "furniture"), [[start, end + 99, "x"]], "inside its block"),
        (("layers", "block", "spans", k, "attrs", "furniture"), [[start, start, 5]], "must be a string"),
        (("meta", "source"), "src\x02.txt", "U+0002"),
    ]
    for path, value, says in cases:
        d = json.loads(json.dumps(doc))
        target = d
        for key in path[:-1]:
            target = target.setdefault(key, {}) if isinstance(target, dict) else target[key]
        target[path[-1]] = value
        with pytest.raises(AlignError) as info:
            loads(json.dumps(d, indent=1), name="m.json")
        assert "[A416]" in info.value.message and says in info.value.message, (path, value, info.value.message)
        assert info.value.line and info.value.col
    # and well-formed ones still read
    d = json.loads(json.dumps(doc))
    d["layers"]["block"]["spans"][k].setdefault("attrs", {})["furniture"] = [[start, start + 1, "header"]]
    loads(json.dumps(d))


def test_a_spoilt_model_file_is_refused_not_encoded_as_prose(tmp_path, capsys):
    """A model file that no longer parses (a trailing comma after an edit, nesting too deep) is still
    a model file: refused with A412 and its place, never encoded as if its JSON were the text."""
    src = tmp_path / "a.txt"
    src.write_text("Hello world. A second sentence.\n", encoding="utf-8")
    model = tmp_path / "a.json"
    assert main(["encode", str(src), "--format", "json", "-o", str(model)]) == 0
    spoilt = tmp_path / "b.json"
    spoilt.write_text(model.read_text(encoding="utf-8").rstrip().rstrip("}") + ",}\n", encoding="utf-8")
    deep = tmp_path / "c.json"
    deep.write_text('{"format": "align-document", "x": ' + "[" * 100000 + "]" * 100000 + "}", encoding="utf-8")
    for path in (spoilt, deep):
        out = tmp_path / (path.stem + ".xml")
        capsys.readouterr()
        assert main(["encode", str(path), "-o", str(out)]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "[A412]" in err[0] and str(path) in err[0]
        assert not out.exists()

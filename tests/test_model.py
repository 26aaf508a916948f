import json

import pytest

from align import Document, Layer, ModelError, Span


def _doc():
    d = Document("Hello 세계.", id="t")
    return d.with_layer(Layer("script", (Span(0, 6, "Latn"), Span(6, 9, "Hang")), producer="test"))


def test_model_round_trips_through_dict_and_json():
    d = _doc().with_layer(Layer("x", (Span(0, 5, "w", {"n": 1}),), producer="p", meta={"k": "v"}))
    back = Document.from_dict(json.loads(json.dumps(d.to_dict())))
    assert back == d
    assert back.layer("x")[0].attrs["n"] == 1


def test_model_with_layer_returns_new_document_and_logs_provenance():
    d = Document("abc")
    d2 = d.with_layer(Layer("l", (Span(0, 1),), producer="me"))
    assert "l" not in d.layers and "l" in d2.layers
    assert d2.provenance[-1] == "layer:l:me"


@pytest.mark.parametrize(
    "spans, code",
    [
        ((Span(0, 99),), "A004"),
        ((Span(2, 3), Span(0, 1)), "A005"),
    ],
)
def test_model_with_layer_rejects_bad_spans(spans, code):
    with pytest.raises(ModelError, match=code):
        Document("abcdef").with_layer(Layer("l", spans))


def test_model_rejects_duplicate_layer_unless_replacing():
    d = _doc()
    with pytest.raises(ModelError, match="A003"):
        d.with_layer(Layer("script"))
    assert len(d.with_layer(Layer("script"), replace_existing=True).layer("script")) == 0


def test_model_span_offsets_checked():
    with pytest.raises(ModelError):
        Span(3, 1)


def test_model_missing_layer_says_which_exist():
    with pytest.raises(ModelError, match="script"):
        _doc().layer("sentence")


def test_package_names_load_lazily_and_aligning_does_not_load_the_encoder():
    import subprocess
    import sys

    import align

    for name in align.__all__:
        assert getattr(align, name) is not None
        assert name in dir(align)
    with pytest.raises(AttributeError):
        align.no_such_name  # noqa: B018
    assert callable(align.read)  # the function, not the submodule of the same name
    code = "import sys, align.aligners; print(sorted(m for m in ('lxml', 'align.pipeline', 'align.tei.encode') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_sources_compile_without_warnings():
    # an invalid escape in a docstring is a DeprecationWarning now and a SyntaxError in later Pythons
    import warnings
    from pathlib import Path

    import align

    sources = sorted(Path(align.__file__).parent.rglob("*.py"))
    assert len(sources) > 30
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for path in sources:
            compile(path.read_text(encoding="utf-8"), str(path), "exec")


def test_scholars_api_reads_annotates_aligns_writes_and_validates(tmp_path):
    import align
    from lxml import etree

    ko = align.annotate("남과 북은 만났다. 그들은 선언하였다.\n\n둘째 문단.\n")
    en = align.annotate("The south and the north met. They declared.\n\nA second paragraph.\n")
    pair = align.align(ko, en)
    assert isinstance(pair, align.Pair) and [b.kind for b in pair.alignment][:2] == ["1-1", "1-1"]
    out = tmp_path / "pair.xml"
    out.write_bytes(align.to_tei(pair))
    assert [f for f in align.validate(out) if f.severity == "error"] == []
    assert align.from_json(align.to_json(pair)) == pair
    root = etree.fromstring(out.read_bytes())
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ko"
    # align.validate is both the checker's package and the function: either import order works
    import align.validate as pkg

    assert pkg.validate_file is not None and callable(align.validate)


def test_example_custom_layer_script_gets_its_layer_into_tei():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "example_custom_layer.py"
    code = [l for l in script.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith('"""')]
    assert len(code) <= 10
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True).stdout
    assert '<roleName type="honorific">President</roleName>' in out and '<roleName type="honorific">Chairman</roleName>' in out

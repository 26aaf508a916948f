"""A scholar's own layer, from annotator to TEI, in ten lines: honorifics (Comrade, President, ...) as <roleName>."""
import regex, align
from align.model import Layer, Span

@align.component("honorifics", requires=("sentence",), assigns=("honorific",))
def honorifics(doc):
    found = regex.finditer(r"\b(?:Comrade|President|Chairman|General)\b", doc.text)
    return doc.with_layer(Layer("honorific", tuple(Span(m.start(), m.end(), "honorific") for m in found), producer="example"))

align.register_element_map(align.ElementMap("honorific", "roleName", label="type"))
doc = align.annotate("President Kim Dae Jung met Chairman Kim Jong Il in Pyongyang.\n", pipeline=align.default_pipeline().add(honorifics))
print(align.to_tei(doc).decode().split("<text>")[1].split("</text>")[0])

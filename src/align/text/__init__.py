"""Stage 1–2, the text itself: read bytes into a Document, then find what its characters say.

``read`` decodes and checks the source; ``markup`` finds the light Markdown emphasis; ``scripts``
cuts Unicode script runs and tags their language; ``structure`` recovers blocks and divisions;
``sentences`` splits prose; ``dates`` parses calendar expressions; ``romanize`` holds the Korean
romanization systems that the aligner and the annotators share. Every function here is pure and
returns layers over the one text: nothing here writes XML.
"""

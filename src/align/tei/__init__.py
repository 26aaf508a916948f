"""The TEI edge: the data model written as TEI P5, and read back.

``encode`` is the one writer: it turns layers into elements (through the interval ``tree``), and
writes the header (``header`` describes it as plain data), an edition with its translations and a
parallel pair (``parallel`` and ``book`` only make the :class:`~align.model.Pair` values it writes).
``mapping`` is the declarative road from a scholar's own layer to an element, and ``extract`` reads
the source text back out of a TEI file to prove nothing was lost.
"""

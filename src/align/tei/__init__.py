"""The TEI edge: the data model written as TEI P5, and read back.

``encode`` turns layers into elements (through the interval ``tree``), ``header`` builds the
``teiHeader``, ``parallel`` writes a pair of aligned texts, ``book`` builds the bundled edition, and
``extract`` reads the source text back out of a TEI file to prove nothing was lost. Only this
package writes TEI.
"""

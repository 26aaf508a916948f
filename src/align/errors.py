"""Errors the library raises. Each message carries a code and says what to do next.

Library code never prints or exits; the CLI turns an :class:`AlignError` into one line on stderr
(``file:line:col: error [Axxx] message``) and a non-zero exit code.
"""

from __future__ import annotations

__all__ = [
    "CODES",
    "AlignError",
    "ModelError",
    "ReadError",
    "SegmentError",
    "AnnotationError",
    "AlignmentError",
    "EncodeError",
    "TeiInvalid",
    "ExportError",
]


class AlignError(Exception):
    """Base class; ``location`` is ``file[:line[:col]]`` when the problem has a place in a file."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, col: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col

    @property
    def location(self) -> str:
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        if self.path is None and self.line is None:
            return self.message
        return f"{self.location}: {self.message}"


class ModelError(AlignError, ValueError):
    """A span, layer or document breaks the data model's invariants."""


class ReadError(AlignError):
    """The input cannot be read as text (missing, binary, not in the stated encoding, empty)."""


class SegmentError(AlignError):
    """A segmenter or splitter could not produce spans that fit the text."""


class AnnotationError(AlignError):
    """An annotator failed or broke its contract; ``name`` is the annotator's name."""

    def __init__(self, name: str, message: str):
        super().__init__(f"[A301] annotator {name!r}: {message}")
        self.name = name


class AlignmentError(AlignError):
    """Sentence alignment could not be computed from the given inputs."""


class EncodeError(AlignError):
    """The model cannot be written as TEI (for instance, overlapping spans where TEI needs nesting)."""


class TeiInvalid(AlignError):
    """A TEI document failed validation; ``problems`` lists what was found."""

    def __init__(self, message: str, problems: list | None = None, **kw):
        super().__init__(message, **kw)
        self.problems = list(problems or [])


class ExportError(AlignError):
    """An aligned TEI file cannot be read for export, or the alignment cannot be written in a format."""


#: Every error code, with what it means and where it is raised: one catalogue, one meaning per code.
#: Codes come in blocks by stage: A0xx model and components, A1xx reading, A2xx segmentation and
#: structure, A3xx annotation, A4xx TEI writing, A5xx output files, A6xx alignment, A7xx validation
#: options, A8xx batch runs, A9xx exports. ``tests/test_errors.py`` checks it against the sources.
CODES: dict[str, tuple[str, str]] = {
    "A001": ("bad span offsets (…, …): need 0 <= start <= end", "model.py"),
    "A002": ("document … has no layer … (layers: …)", "model.py"),
    "A003": ("the layer already exists (replace_existing=True replaces it)", "model.py"),
    "A004": ("span …-… of layer … lies past the text end (…)", "model.py"),
    "A005": ("spans of layer … are not sorted by (start, -end) at …", "model.py"),
    "A006": ("bead …:… says kind … but is …", "model.py"),
    "A007": ("the beads cover … source and … target sentences, but the sides have … and …", "model.py"),
    "A010": ("italic must be 'hi' or 'title', not …", "pipeline.py"),
    "A011": ("--lang …: write SCRIPT=TAG, e.g. Hani=zh", "cli/cmd_encode.py"),
    "A020": ("no component (in the registry or the pipeline) of that name", "components.py"),
    "A021": ("component … requires layer …, which the document lacks", "components.py"),
    "A023": ("a component named … is already registered", "components.py"),
    "A024": ("component … returned …, not a Document", "components.py"),
    "A025": ("component … declares layer … but did not add it", "components.py"),
    "A026": ("give before= or after=, not both", "components.py"),
    "A027": ("--add …: cannot import … (…)", "cli/encode_model.py"),
    "A028": ("the [translation] table names no file", "cli/encode_model.py"),
    "A029": ("component … aligns two documents: call it with both, or use align.align(src, tgt)", "components.py"),
    "A030": ("sentences: blocks must be 'prose' or 'all', not …", "pipeline.py"),
    "A036": ("[translation] passage = …, but the text has … embedded text(s)", "editions.py"),
    "A101": ("bytes at offset … are not valid … (…)", "text/read.py"),
    "A102": ("no such file", "text/read.py"),
    "A103": ("the file is empty", "text/read.py"),
    "A104": ("NUL byte: this looks like a binary file, not text (nor UTF-16 or UTF-32)", "text/read.py"),
    "A105": ("unknown encoding …", "text/read.py"),
    "A106": ("character U+… is a control character or a noncharacter, not text", "text/read.py"),
    "A107": ("metadata file not found", "pipeline.py"),
    "A108": ("metadata is not UTF-8", "pipeline.py"),
    "A109": ("a --meta key is unknown or has the wrong type", "pipeline.py"),
    "A110": ("this file is … (it starts with a byte-order mark), not …", "text/read.py"),
    "A111": ("this file looks like … without a byte-order mark, not …", "text/read.py"),
    "A112": ("lone surrogate U+…: half of a UTF-16 pair, not a character (text decoded with", "text/read.py"),
    "A113": ("symbolic link loop (the link leads back to itself)", "text/read.py"),
    "A114": ("not a regular file (a device or a socket)", "text/read.py"),
    "A115": ("the file (… MB) does not fit in memory", "text/read.py"),
    "A220": ("bad range (…, …) for a text of length …", "text/sentences.py"),
    "A221": ("unknown sentence splitter …", "text/sentences.py"),
    "A222": ("the 'kiwi' sentence splitter needs kiwipiepy", "text/sentences.py"),
    "A223": ("sentence … from the backend is not in the text after offset …", "text/sentences.py"),
    "A224": ("splitter … returned span (…, …) that breaks the contract", "text/sentences.py"),
    "A251": ("range (…, …) does not fit a text of … characters", "text/scripts.py"),
    "A252": ("… is not an ISO 15924 script code", "text/scripts.py"),
    "A253": ("language for … is …, not a well-formed BCP 47 tag", "text/scripts.py"),
    "A260": ("unknown structure profile …", "text/profiles.py"),
    "A270": ("write 'kind<TAB>opening words of the block'", "text/structure_eval.py"),
    "A271": ("block … not found in the text after offset …", "text/structure_eval.py"),
    "A301": ("an annotator failed or broke its contract", "errors.py"),
    "A310": ("gazetteer file is not UTF-8", "annotate/gazetteer.py"),
    "A311": ("a gazetteer TSV header lacks a column", "annotate/gazetteer.py"),
    "A312": ("type …: use person, place or org", "annotate/gazetteer.py"),
    "A313": ("a gazetteer id is not an XML name", "annotate/gazetteer.py"),
    "A314": ("an entry needs at least one form in the ko or en column", "annotate/gazetteer.py"),
    "A315": ("position must be 'before' or 'after'", "annotate/gazetteer.py"),
    "A316": ("gazetteer path not found", "annotate/gazetteer.py"),
    "A330": ("entry … would merge … and …, two different people", "annotate/link.py"),
    "A340": ("not a TEI document with a <text> element", "annotate/teitree.py"),
    "A341": ("the TEI given to align annotate cannot be read", "annotate/core.py"),
    "A342": ("no such file", "cli/cmd_annotate.py"),
    "A343": ("--kiwi needs kiwipiepy: pip install 'align[kiwi]'", "cli/cmd_annotate.py"),
    "A401": ("cannot nest the layers: …", "tei/encode.py"),
    "A402": ("both sides of a pair are in the same language", "tei/encode.py"),
    "A403": ("a layer mapping names something that is not an XML name, or sets @resp", "tei/mapping.py"),
    "A404": ("layer … already maps to <…>", "tei/mapping.py"),
    "A405": ("translation … is aligned with …, which is neither the whole text nor an embedded text", "tei/encode.py"),
    "A410": ("only a Document or a Pair can be written as model JSON, not …", "modeljson.py"),
    "A411": ("the model holds a value JSON cannot carry (…)", "modeljson.py"),
    "A412": ("model JSON must be UTF-8", "modeljson.py"),
    "A413": ("not an align model file: give a JSON object with format … or …", "modeljson.py"),
    "A414": ("model JSON of a version this align cannot read", "modeljson.py"),
    "A415": ("model JSON does not fit the schema (…: …)", "modeljson.py"),
    "A416": ("a value in model JSON has the wrong type or lies out of range (…)", "modeljson.py"),
    "A420": ("internal: the serialiser dropped a split mark", "tei/stream.py"),
    "A421": ("sentence id … is not of the form KEY.sN", "tei/stream.py"),
    "A501": ("the output is a folder", "files.py"),
    "A502": ("standard output is closed", "files.py"),
    "A601": ("not a bead: …", "aligners/beadio.py"),
    "A602": ("bead score … is not a number", "aligners/beadio.py"),
    "A603": ("no such bead file", "aligners/beadio.py"),
    "A604": ("TSV alignment needs a header line starting 'src<TAB>tgt'", "aligners/beadio.py"),
    "A605": ("bad TSV bead row …", "aligners/beadio.py"),
    "A611": ("dictionary line … has no ' @ ' separator", "aligners/lexicon.py"),
    "A612": ("dictionary line … has an empty side (no words)", "aligners/lexicon.py"),
    "A613": ("no such dictionary file", "aligners/lexicon.py"),
    "A621": ("give GOLD TEST paths in pairs", "cli/cmd_eval.py"),
    "A622": ("GOLD and TEST must both be files or both be folders", "cli/cmd_eval.py"),
    "A623": ("test folder lacks … gold file(s), e.g. …", "cli/cmd_eval.py"),
    "A624": ("the gold folder holds no files", "cli/cmd_eval.py"),
    "A631": ("….align() needs a sequence of sentence strings on the … side", "aligners/base.py"),
    "A632": ("internal error: bead … breaks monotone coverage", "aligners/base.py"),
    "A633": ("unknown aligner name", "aligners/api.py"),
    "A634": ("unknown anchor kinds in the aligner settings", "aligners/dp.py"),
    "A635": ("a DPAligner setting is out of range", "aligners/dp.py"),
    "A641": ("not well-formed XML: …", "aligners/inputs.py"),
    "A642": ("no <s> elements with an xml:id in language …", "aligners/inputs.py"),
    "A650": ("a case line must start with '< ' (source), '> ' (target) or '#', or be blank", "aligners/casefile.py"),
    "A660": ("pair warning: the sentence counts differ by more than twice", "aligners/diagnose.py"),
    "A661": ("pair warning: more than 30 % of the sentences are unlinked", "aligners/diagnose.py"),
    "A662": ("pair warning: the mean cost of the linked beads is high (the texts may not be parallel)", "aligners/diagnose.py"),
    "A701": ("config file … does not exist", "validate/config.py"),
    "A702": ("option --engine: unknown engine …", "validate/config.py"),
    "A703": ("give at least one PATH (a TEI file, a folder or a glob)", "cli/cmd_validate.py"),
    "A704": ("no TEI files (*.xml, *.tei) found in … after excludes", "cli/cmd_validate.py"),
    "A801": ("… and … would both be written to …", "batch/jobs.py"),
    "A802": ("another align run is using this manifest", "batch/manifest.py"),
    "A803": ("cannot list this folder (…)", "batch/jobs.py"),
    "A804": ("no file matches this pattern", "batch/jobs.py"),
    "A805": ("no file named like it in …", "batch/jobs.py"),
    "A806": ("cannot read the pairs file (…)", "batch/jobs.py"),
    "A807": ("… writes one file per document: give an output folder with -o OUTDIR", "batch/cli.py"),
    "A808": ("give either --pairs TSV or SRC and TGT, not both", "cli/cmd_pair.py"),
    "A809": ("out of memory on this document", "batch/runner.py"),
    "A810": ("--scheduler runs the batch on Dask, which is not installed", "batch/distributed.py"),
    "A811": ("cannot reach the Dask scheduler at … (…)", "batch/distributed.py"),
    "A812": ("the Dask worker running this document failed", "batch/distributed.py"),
    "A813": ("a Dask worker cannot run align's tasks (…: …)", "batch/distributed.py"),
    "A899": ("internal error …: … (please report it)", "batch/runner.py"),
    "A900": ("no such file", "export/reader.py"),
    "A901": ("not well-formed XML: …", "export/reader.py"),
    "A902": ("the TEI holds no linkGrp type='alignment' to export", "export/reader.py"),
    "A903": ("… alignment groups (…)", "export/reader.py"),
    "A904": ("link target … is not a pointer into this file ('#id')", "export/reader.py"),
    "A905": ("the alignment group's corresp … does not name two elements of this file", "export/reader.py"),
    "A906": ("link target #… is not a sentence (<s xml:id>) of either side", "export/reader.py"),
    "A910": ("… sentence id … cannot be written: ids must be non-empty, without white space or '", "export/base.py"),
    "A911": ("TMX needs each side's language, found … and …", "export/tmx.py"),
    "A920": ("not an align export TSV: the first line must be …", "export/tsv.py"),
    "A921": ("unknown escape '…' in a TSV text cell", "export/tsv.py"),
    "A930": ("--documents goes with --format xces and an output file (-o OUT)", "cli/cmd_export.py"),
    "A931": ("a sentence document would overwrite the input", "cli/cmd_export.py"),
}

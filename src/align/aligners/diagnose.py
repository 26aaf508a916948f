"""Does an alignment look like a text and its translation? Findings for ``align pair`` to warn about.

An aligner always returns *some* alignment, even for two unrelated texts or a text paired with the
wrong file. Three numbers tell such cases apart (measured on the project's parallel sets and on the
same texts paired with the wrong partner; ``scripts/bench_align.py``):

- **sentence-count ratio**: translations have about as many sentences as their source (the
  parallel sets stay within 1.5×); 8 sentences against 426 cannot be a translation.
- **share of unlinked sentences**: sentences left in null beads, of all sentences. Parallel texts
  leave a few percent unlinked (a translation that leaves out a paragraph, say, a fifth); unrelated
  texts that happen to have similar lengths leave a third or more.
- **mean bead cost**: the mean :attr:`~align.model.Bead.score` of the linked beads, which is the
  aligner's cost: −log of the bead's prior and length probability, minus the evidence (numbers,
  dates, names, shared words) its two sides share. **Lower is better**; it is negative where
  evidence abounds. Parallel texts average below 0.5 (most below 0); texts that are not each
  other's translation average above 1, because nothing they share pays for their length
  differences.

Each check reports a :class:`Finding`; :func:`diagnose` returns those whose threshold is crossed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Alignment

__all__ = ["Finding", "Thresholds", "diagnose", "measures"]


@dataclass(frozen=True)
class Thresholds:
    """Where each finding starts; :func:`diagnose` takes others."""

    count_ratio: float = 2.0  # larger / smaller sentence count ...
    count_diff: int = 4  # ... and at least this many sentences apart (1 against 3 is no sign)
    unlinked: float = 0.3  # share of all sentences in null beads
    mean_cost: float = 1.0  # mean cost of the linked beads (lower is better) ...
    min_linked: int = 5  # ... judged only with at least this many linked beads


@dataclass(frozen=True)
class Finding:
    """One sign that the texts may not be parallel: an error code, the measure, its value and limit."""

    code: str
    measure: str
    value: float
    limit: float
    message: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


def measures(alignment: Alignment) -> dict[str, float]:
    """The three measures of an alignment: ``count_ratio``, ``unlinked`` and ``mean_cost`` (NaN
    without linked beads), with ``src``, ``tgt`` (sentence counts) and ``linked`` (linked beads)."""
    n = sum(len(b.src) for b in alignment)
    m = sum(len(b.tgt) for b in alignment)
    linked = [b for b in alignment if b.src and b.tgt]
    unlinked = sum(len(b.src) + len(b.tgt) for b in alignment if not (b.src and b.tgt))
    scored = [b.score for b in linked if b.score is not None]
    return {
        "src": float(n),
        "tgt": float(m),
        "linked": float(len(linked)),
        "count_ratio": max(n, m) / min(n, m) if min(n, m) else math.inf if max(n, m) else 1.0,
        "unlinked": unlinked / (n + m) if n + m else 0.0,
        "mean_cost": math.fsum(scored) / len(scored) if scored else math.nan,
    }


def diagnose(alignment: Alignment, thresholds: Thresholds = Thresholds()) -> list[Finding]:
    """Signs that the two texts of ``alignment`` are not a text and its translation (empty: none).

    >>> from align.model import Alignment, Bead
    >>> beads = (Bead((0,), (0,), -1.0),) + tuple(Bead((), (j,)) for j in range(1, 9))
    >>> [f.code for f in diagnose(Alignment("a", "b", beads, "sig"))]
    ['A660', 'A661']
    """
    t = thresholds
    got = measures(alignment)
    n, m = int(got["src"]), int(got["tgt"])
    out = []
    if got["count_ratio"] > t.count_ratio and abs(n - m) >= t.count_diff:
        out.append(Finding("A660", "count_ratio", got["count_ratio"], t.count_ratio,
                           f"{n} source sentences against {m} target sentences ({got['count_ratio']:.1f}×; "
                           f"a translation rarely differs by more than {t.count_ratio:g}×): are these the right two files?"))  # fmt: skip
    if got["unlinked"] > t.unlinked:
        out.append(Finding("A661", "unlinked", got["unlinked"], t.unlinked,
                           f"{got['unlinked']:.0%} of the sentences have no counterpart (above {t.unlinked:.0%}): "
                           "the texts may not be translations of each other, or one holds much the other lacks"))  # fmt: skip
    cost = got["mean_cost"]
    if got["linked"] >= t.min_linked and not math.isnan(cost) and cost > t.mean_cost:
        out.append(Finding("A662", "mean_cost", cost, t.mean_cost,
                           f"mean bead cost {cost:.2f} (lower is better; parallel texts stay below {t.mean_cost:g}): "
                           "little evidence that linked sentences translate each other"))  # fmt: skip
    return out

"""How a report names its ground truth: `truth_line` and the `interval_note` beside it.

Whoever reads an exposure figure must know whose member set it counts and
how far to trust it (F1, F2, F9; docs/audit.md "Ground truth"). Both take
``AuditTruth.to_json()`` as ``AuditReport.truth`` holds it; the terminal
table, the ``--html`` page and the demo's report say the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def truth_line(truth: Mapping[str, Any], *, describe: bool = True) -> str:
    """One sentence naming the truth: source, member count, and coverage when sampled.

    ``describe`` adds the truth's description (which file, evidence level or
    store, and the sample drawn); it names paths, so a report that must come
    out byte for byte the same from any folder (the demo's) leaves it out.
    """
    if not truth:
        return "Ground truth: labels table."
    sample = (
        f", a sample covering {truth['coverage']:.1%} of the members" if truth["sampled"] else ""
    )
    line = f"Ground truth: {truth['source']} ({truth['members']:,} members{sample})."
    return f"{line} {truth['description']}." if describe else line


def interval_note(truth: Mapping[str, Any]) -> str:
    """What the bracketed intervals mean under this truth (docs/audit.md "Rates")."""
    note = (
        "Bracketed ranges are 95% intervals of the probe sample, each probe account one "
        "sampling unit (docs/audit.md, Rates)"
    )
    if truth.get("sampled"):
        return (
            f"{note}; the truth is a sample, so the estimates scale the sampled hits by 1 / "
            f"{truth['coverage']:.1%} and widen the interval by the sample's standard error."
        )
    return f"{note}; the truth is the whole member set, so no estimate is needed."

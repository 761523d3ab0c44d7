"""`choose_truth`: which :class:`AuditTruth` an audit measures with (``--truth``).

``auto`` takes the best truth available, in this order: reviewer decisions
when a store is given (``--db``), else a labels file or the export's labels
table, else the scan's members. Asking for a truth that is not there is a
one-line error (docs/audit.md "Ground truth").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from netbrake.audit.truth import (
    AuditTruth,
    truth_from_labels,
    truth_from_labels_file,
    truth_from_reviews,
    truth_from_scan,
)
from netbrake.errors import InputError, Location
from netbrake.platform import Dataset
from netbrake.store import Store, normalise_url

#: ``--truth`` choices.
TRUTH_MODES = ("auto", "reviewers", "scan", "labels")


@dataclass(frozen=True)
class TruthRequest:
    """What the command line asked for: the mode and what each source needs."""

    mode: str = "auto"
    db_url: str | None = None
    labels_file: Path | None = None
    min_evidence: str = "flagged"
    sample: int | None = None
    seed: int = 0


def _reviews(db_url: str, results: Path, dataset: Dataset) -> AuditTruth:
    shown = normalise_url(db_url).render_as_string(hide_password=True)
    store = Store.open(db_url)
    try:
        return truth_from_reviews(store, results, dataset, where=shown)
    finally:
        store.close()


def _mode(request: TruthRequest, dataset: Dataset) -> str:
    if request.mode not in TRUTH_MODES:
        raise InputError(
            f"unknown truth {request.mode!r} (expected {', '.join(TRUTH_MODES)})",
            Location(field="--truth"),
        )
    if request.mode != "auto":
        return request.mode
    if request.db_url is not None:
        return "reviewers"
    if request.labels_file is not None or dataset.labels() is not None:
        return "labels"
    return "scan"


def choose_truth(request: TruthRequest, dataset: Dataset, results: Path) -> AuditTruth:
    """The truth ``request`` names on this export and scan, sampled when asked; never empty."""
    mode = _mode(request, dataset)
    if mode == "reviewers":
        if request.db_url is None:
            raise InputError("--truth reviewers needs a store (--db URL)", Location(field="--db"))
        truth = _reviews(request.db_url, results, dataset)
    elif mode == "labels":
        truth = (
            truth_from_labels_file(request.labels_file, dataset)
            if request.labels_file is not None
            else truth_from_labels(dataset)
        )
    else:
        truth = truth_from_scan(results, dataset, request.min_evidence)
    truth.require_members()
    if request.sample is not None:
        truth = truth.sample(request.sample, request.seed)
    return truth

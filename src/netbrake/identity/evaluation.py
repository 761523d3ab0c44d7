"""Pairwise precision and recall of same-person links against synthetic ground truth.

A predicted person with ``n`` accounts asserts ``n (n - 1) / 2`` same-person
pairs. Pairs are counted per cell of the contingency table (predicted person x
true person) instead of enumerated, so a million accounts cost two sorts:
true positives = sum over cells of C(cell, 2), predicted = sum over predicted
persons of C(size, 2), actual = sum over true persons of C(size, 2).
Evaluation code only: ``labels`` must never reach detection.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.identity.groups import encode


@dataclass(frozen=True)
class LinkScore:
    """Same-person pair counts and the precision/recall they give."""

    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    #: Predicted persons that join accounts of two or more true persons.
    merged_persons: int
    accounts: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    def to_json(self) -> dict[str, float | int]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall}


def _pairs(counts: npt.NDArray[np.int64]) -> int:
    return int((counts * (counts - 1) // 2).sum())


def _codes(values: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.int64]:
    return encode(values)[0]


def score_links(persons: pa.Table, labels: pa.Table) -> LinkScore:
    """Score predicted ``persons`` (account_id, person_id) against ``labels`` (account_id, person_id).

    Accounts present in the labels but absent from the prediction count as
    predicted singletons; accounts without labels are ignored.
    """
    truth = labels.select(["account_id", "person_id"]).rename_columns(["account_id", "true_person"])
    pred = persons.select(["account_id", "person_id"])
    joined = truth.join(pred, "account_id", join_type="left outer")
    pred_ids = pc.coalesce(
        joined.column("person_id"),
        pc.binary_join_element_wise("unlinked:", joined.column("account_id"), ""),
    )
    p = _codes(pred_ids)
    t = _codes(joined.column("true_person"))
    if p.size == 0:
        return LinkScore(0, 0, 0, 0, 0)
    width = int(t.max()) + 1
    cell_keys, cells = np.unique(p * width + t, return_counts=True)
    true_persons_per_pred = np.bincount(cell_keys // width)
    return LinkScore(
        true_pairs=_pairs(np.bincount(t).astype(np.int64)),
        predicted_pairs=_pairs(np.bincount(p).astype(np.int64)),
        correct_pairs=_pairs(cells.astype(np.int64)),
        merged_persons=int((true_persons_per_pred > 1).sum()),
        accounts=int(p.size),
    )


def score_links_reference(persons: pa.Table, labels: pa.Table) -> tuple[int, int, int]:
    """(true, predicted, correct) pair counts by enumerating pairs: the slow reference."""
    pred = dict(
        zip(
            persons.column("account_id").to_pylist(),
            persons.column("person_id").to_pylist(),
            strict=True,
        )
    )
    rows = list(
        zip(
            labels.column("account_id").to_pylist(),
            labels.column("person_id").to_pylist(),
            strict=True,
        )
    )
    true_pairs = predicted = correct = 0
    for i, (a, ta) in enumerate(rows):
        for b, tb in rows[i + 1 :]:
            same_pred = pred.get(a, "unlinked:" + a) == pred.get(b, "unlinked:" + b)
            true_pairs += ta == tb
            predicted += same_pred
            correct += same_pred and ta == tb
    return true_pairs, predicted, correct

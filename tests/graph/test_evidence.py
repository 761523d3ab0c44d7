"""`NodeEvidence`: validated per-node arrays in [0, 1]."""

from __future__ import annotations

import numpy as np
import pytest

from netbrake.errors import InputError
from netbrake.graph import NodeEvidence


def test_values_above_one_are_capped_and_missing_arrays_are_zero():
    ev = NodeEvidence.of(3, seller=np.array([0.0, 2.0, 0.5]))
    assert ev.seller.tolist() == [0.0, 1.0, 0.5]
    assert ev.watchdog.tolist() == [0.0, 0.0, 0.0]
    assert ev.n == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seller": np.array([-0.1, 0.0])}, "finite and in"),
        ({"trader": np.array([np.nan, 0.0])}, "finite and in"),
        ({"seller": np.zeros(3)}, "one entry per account"),
        ({"buyer": np.zeros(2)}, "unknown evidence: buyer"),
    ],
)
def test_bad_evidence_is_an_input_error(kwargs, message):
    with pytest.raises(InputError, match=message):
        NodeEvidence.of(2, **kwargs)


def test_notes_are_kept():
    zero = np.zeros(2)
    ev = NodeEvidence(zero, zero, zero, zero, zero, notes={1: ("bio: age claim 13 via 'chapter'",)})
    assert ev.notes[1] == ("bio: age claim 13 via 'chapter'",)

"""The rotation drill at test size: removed persons re-register while a reference
recommender serves viewers through the live guard (F6, F9).

The full size runs in ``python -m benchmarks live``.
"""

from __future__ import annotations

from pathlib import Path

from netbrake.live.rotation import run_rotation


def test_no_new_account_is_shown_after_its_first_linkable_event(tmp_path: Path) -> None:
    result = run_rotation(tmp_path, accounts=2_000, rotations=6, viewers=60, delay=2, seed=3)
    assert result.rotations == 6
    assert result.late_links == 3  # half share the value only after signing up clean
    assert result.linked == 6  # every new account ends suppressed
    for name, counts in result.by_recommender.items():
        assert counts.unguarded > 0, name  # the recommender does surface the new accounts
        assert counts.after == 0, name
    assert set(result.by_recommender) == {"PeopleYouMayKnow", "ItemCooccurrence"}

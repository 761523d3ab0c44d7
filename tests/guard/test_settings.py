"""The [guard] policy section: the default validates; bad files fail on the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

import netbrake.guard
from netbrake.errors import InputError
from netbrake.guard import Condition, GuardAction, GuardPolicy
from netbrake.guard.settings import SURFACES
from netbrake.policy import Policy

from .conftest import policy_file


def test_public_api_is_sorted_and_complete() -> None:
    order = sorted(netbrake.guard.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
    assert netbrake.guard.__all__ == order
    assert all(hasattr(netbrake.guard, name) for name in netbrake.guard.__all__)


def test_default_policy_has_every_surface_failing_closed() -> None:
    guard = GuardPolicy.from_policy(Policy.load())
    assert set(SURFACES) <= set(guard.surfaces)
    for surface in SURFACES:
        name, policy = guard.surface(surface)
        assert name == surface
        assert policy.child_safety
        assert policy.on_state_error == "closed"
        assert not policy.kill_switch
    assert guard.help_resources
    assert all(h.url.startswith("https://help.example/") for h in guard.help_resources)


def test_actions_are_ordered_by_severity() -> None:
    order = [GuardAction.ALLOW, GuardAction.DOWNRANK, GuardAction.NO_PROMOTE,
             GuardAction.INTERSTITIAL, GuardAction.DROP]  # fmt: skip
    assert [a.rank for a in order] == sorted(a.rank for a in order)
    assert GuardAction.DROP.rank == GuardAction.BLOCK.rank
    assert GuardAction.BLOCK.for_list() is GuardAction.DROP
    assert GuardAction.DROP.for_query() is GuardAction.BLOCK


def test_strictest_takes_each_condition_at_its_most_severe_action() -> None:
    guard = GuardPolicy.from_policy(Policy.load())
    strict = {r.when: r.action for r in guard.strictest().rules}
    # notifications no_promote high-risk accounts, other surfaces drop them: drop wins.
    assert strict[Condition.HIGH_RISK] is GuardAction.DROP
    assert all(r.state.value == "live" for r in guard.strictest().rules)


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("body", "needle", "field"),
    [
        (
            "[guard.surfaces.search]\nrules = [\n"
            '  { id = "ok.rule", when = "lexicon", action = "block" },\n'
            '  { id = "bad.rule", when = "lexicon", action = "explode" },\n]\n',
            'id = "bad.rule"',
            "surfaces.search.rules.1.action",
        ),
        (
            "[guard.surfaces.search]\nrules = [\n"
            '  { id = "soft", when = "lexicon", action = "interstitial" },\n]\n',
            "[guard.surfaces.search]",
            "surfaces.search",
        ),
        ("[guard]\nhigh_risk = 3.0\n", "high_risk", "high_risk"),
        (
            "[guard.surfaces.explore]\nkill_swich = true\n",
            "kill_swich",
            "surfaces.explore.kill_swich",
        ),
        (
            "[guard.surfaces.explore]\nrules = [\n"
            '  { id = "x", when = "vibes", action = "drop" },\n]\n',
            'id = "x"',
            "surfaces.explore.rules.0.when",
        ),
    ],
)
def test_bad_guard_sections_name_file_line_and_field(
    tmp_path: Path, body: str, needle: str, field: str
) -> None:
    path = policy_file(tmp_path, body)
    with pytest.raises(InputError) as caught:
        GuardPolicy.from_policy(Policy.load(path))
    where = caught.value.where
    assert Path(str(where.file)) == path
    assert where.row == _line_of(path, needle)
    assert where.field == field

"""Safety floors: limits a team's policy may tune towards, never past.

F10 and the floods and bystander bans that loose thresholds cause
on real graphs: the thresholds that keep mapping bounded by evidence, weak
indicators weak and the circuit breaker armed have floors (or ceilings). A
policy that sets one past its limit is refused with the file, the line and
the key, before any scan runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netbrake.errors import InputError, Location
from netbrake.policy.policy import Policy
from netbrake.policy.toml_lines import key_line


@dataclass(frozen=True)
class Floor:
    """``table.key`` must be at least ``low`` and at most ``high`` (either may be None)."""

    table: str
    key: str
    low: float | None
    high: float | None
    why: str


FLOORS = (
    Floor("graph", "min_links", 3, None, "users who touched a network are not members"),
    Floor("graph", "min_share", 0.1, None, "growth stays bounded by the evidence core"),
    Floor("graph", "near_share", 0.3, None, "growth stays bounded by the evidence core"),
    Floor("graph", "engaged_links", 3, None, "users who touched a network are not members"),
    Floor("graph", "cover_links", 2, None, "one contact into a network never makes a member"),
    Floor("graph", "cover_share", 0.3, None, "users who touched a network are not members"),
    Floor("graph", "min_in_links", 3, None, "being followed by a few members is not membership"),
    Floor("graph", "min_in_share", 0.3, None, "camouflage follows never make a member"),
    Floor("graph", "evidence_seed_min", 0.7, None, "only strong evidence starts a network"),
    Floor("graph", "watchdog_evidence_min", None, 0.7, "watchdogs are never members"),
    Floor("signals", "seed_min", 0.7, None, "only strong evidence starts a network"),
    Floor("signals", "weak_factor", None, 0.5, "weak indicators never decide alone"),
    Floor("signals", "payment_weight", None, 0.3, "weak indicators never decide alone"),
    Floor("signals", "menu_weight", None, 0.5, "weak indicators never decide alone"),
    Floor("enforce.breaker", "platform_share", None, 0.01, "the circuit breaker stays armed"),
    Floor("enforce.breaker", "network_share", None, 0.01, "the circuit breaker stays armed"),
    Floor("enforce.breaker", "min_accounts", None, 100_000, "the circuit breaker stays armed"),
)


def _value(sections: dict[str, Any], table: str, key: str) -> Any:
    node: Any = sections
    for part in table.split("."):
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node.get(key) if isinstance(node, dict) else None


def _where(policy: Policy, table: str, key: str) -> Location:
    """The last policy file that sets ``table.key``, with its line."""
    for source in reversed(policy.sources):
        path = Path(source)
        try:
            line = key_line(path.read_text(encoding="utf-8"), table, key)
        except OSError:
            continue
        if line is not None:
            return Location(file=path, row=line, field=f"{table}.{key}")
    return Location(field=f"{table}.{key}")


def check_floors(policy: Policy) -> None:
    """Raise a line-precise `InputError` (exit 2) for the first setting past its floor."""
    for floor in FLOORS:
        value = _value(policy.sections, floor.table, floor.key)
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if floor.low is not None and value < floor.low:
            limit = f"below its floor {floor.low:g}"
        elif floor.high is not None and value > floor.high:
            limit = f"above its ceiling {floor.high:g}"
        else:
            continue
        raise InputError(
            f"{floor.table}.{floor.key} = {value:g} is {limit}: a safety invariant ({floor.why})",
            _where(policy, floor.table, floor.key),
        )

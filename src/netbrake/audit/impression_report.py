"""`ImpressionAudit`: what the impression logs say about exposure to network members.

Answers "how often were members suggested, and to whom" from what the
surfaces actually showed (F1, F9), without any probe. Every figure is given
per arm: ``before`` counts every logged impression, ``after`` only those the
guard kept (``guard_action`` allow or downrank, or not logged); ``after``
exists only when the log has a ``guard_action`` column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Arms of the audit, and the surface/week value of a total over all of them.
BEFORE, AFTER, ALL = "before", "after", "all"


@dataclass(frozen=True)
class ExposureCell:
    """One arm, surface and ISO week (``all`` for totals).

    ``viewers_exposed``: distinct viewers outside the network shown a member;
    ``newcomers``: of those, the ones shown a member before any contact with
    the network (no edge with a member earlier than the impression);
    ``member_viewers``: members shown other members.
    """

    arm: str
    surface: str
    week: str
    impressions: int
    member_impressions: int
    viewers_exposed: int
    newcomers: int
    member_viewers: int

    @property
    def share(self) -> float:
        return self.member_impressions / self.impressions if self.impressions else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "arm": self.arm,
            "surface": self.surface,
            "week": self.week,
            "impressions": self.impressions,
            "member_impressions": self.member_impressions,
            "share": round(self.share, 6),
            "viewers_exposed": self.viewers_exposed,
            "newcomers": self.newcomers,
            "member_viewers": self.member_viewers,
        }


@dataclass(frozen=True)
class EntryPoint:
    """A member shown to viewers outside the network: how often, to whom, where."""

    arm: str
    member: str
    impressions: int
    viewers: int
    newcomers: int
    surfaces: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "arm": self.arm,
            "member": self.member,
            "impressions": self.impressions,
            "viewers": self.viewers,
            "newcomers": self.newcomers,
            "surfaces": list(self.surfaces),
        }


@dataclass(frozen=True)
class ImpressionAudit:
    """The impression-log audit of one log against one member set."""

    source: str
    members_from: str
    members: int
    rows: int
    quarantined: int
    guarded: bool
    cells: tuple[ExposureCell, ...] = ()
    #: arm -> week (``all`` for the whole log) -> viewers outside the network
    #: shown members on two or more surfaces.
    multi_surface: dict[str, dict[str, int]] = field(default_factory=dict)
    entry_points: tuple[EntryPoint, ...] = ()

    @property
    def arms(self) -> tuple[str, ...]:
        return (BEFORE, AFTER) if self.guarded else (BEFORE,)

    def cell(self, arm: str, surface: str = ALL, week: str = ALL) -> ExposureCell:
        for c in self.cells:
            if (c.arm, c.surface, c.week) == (arm, surface, week):
                return c
        raise KeyError((arm, surface, week))

    def surfaces(self) -> list[str]:
        return sorted({c.surface for c in self.cells if c.surface != ALL})

    def weeks(self) -> list[str]:
        return sorted({c.week for c in self.cells if c.week != ALL})

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "members_from": self.members_from,
            "members": self.members,
            "rows": self.rows,
            "quarantined": self.quarantined,
            "arms": list(self.arms),
            "cells": [c.to_json() for c in self.cells],
            "multi_surface": self.multi_surface,
            "entry_points": [e.to_json() for e in self.entry_points],
        }

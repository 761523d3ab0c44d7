"""What each scenario plants, as data: `PlantSize` (how many of each) and `ScenarioSpec`.

Every scenario plants one network (sellers, buyers, aggregators, traders,
backups) into a real backdrop together with the baseline's confounders
(touched users, watchdogs, ordinary users posting weak indicators, niche
hashtags shared with members). The variants change one thing each: no
text, missing edges, look-alike communities, scarce text, reports only, one
seed, weak-indicator floods and a pasted seed list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class SellerText(StrEnum):
    """What the sellers write."""

    STRONG = "strong"  # seller-ad tokens in bios and posts, as synth writes them
    FEW = "few"  # only a few sellers have any text (the rest: none at all)
    COMBINED = "combined"  # one in ten: disguised seller term + emoji + age + contact
    NONE = "none"


@dataclass(frozen=True)
class PlantSize:
    """How many accounts of each kind a scenario plants (clamped to the backdrop's size)."""

    sellers: int = 20
    buyers: int = 150
    aggregators: int = 5
    traders: int = 5
    backups: int = 2
    touched: int = 120
    watchdogs: int = 6
    lookalike_groups: int = 4
    lookalike_size: int = 30
    advocate_reports: int = 35
    brigade_reports: int = 300
    sockpuppets: int = 3
    few_sellers: int = 3
    #: Shares of ordinary backdrop accounts that post weak indicators / niche hashtags.
    weak_share: float = 0.08
    niche_share: float = 0.05
    flood_share: float = 0.5

    @classmethod
    def small(cls) -> PlantSize:
        """For the tiny networkx fallbacks (tens of accounts): the same shape, scaled down."""
        return cls(
            sellers=4,
            buyers=16,
            aggregators=1,
            traders=1,
            backups=1,
            touched=8,
            watchdogs=2,
            lookalike_groups=2,
            lookalike_size=5,
            advocate_reports=6,
            brigade_reports=10,
            few_sellers=1,
        )

    def fitted(self, backdrop_nodes: int) -> PlantSize:
        """This size with the backdrop-drawn groups shrunk to fit ``backdrop_nodes``."""
        room = max(backdrop_nodes // 4, 1)
        touched = min(self.touched, room)
        lookalike = min(self.lookalike_size, max(room // max(self.lookalike_groups, 1), 2))
        return replace(
            self,
            touched=touched,
            watchdogs=min(self.watchdogs, max(backdrop_nodes // 20, 1)),
            lookalike_size=lookalike,
            brigade_reports=min(self.brigade_reports, backdrop_nodes // 2),
        )


@dataclass(frozen=True)
class ScenarioSpec:
    """One scenario: what differs from the baseline.

    ``member_text``: whether members other than sellers write anything
    (aggregator reposts, trader links, buyers' weak emoji and niche tags,
    backups named in bios). ``network_edge_keep``: the share of edges among
    members kept. ``scan_seeds``: how many sellers are handed to the scan as
    ``--seeds``. ``advocates_report``: watchdogs report ~35 members each, and a
    brigade and sockpuppets file false reports; ``review``: the evaluation
    upholds the scan's report candidates that are true members and rescans
    with them as seeds. ``ordinary_seeds``: the share of ordinary backdrop accounts
    handed over as seeds too (a seed list pasted from a follower export).
    ``expect_breaker``: the circuit breaker should fire.
    """

    name: str
    description: str
    seller_text: SellerText = SellerText.STRONG
    member_text: bool = True
    network_edge_keep: float = 1.0
    lookalikes: bool = False
    flood: bool = False
    advocates_report: bool = False
    review: bool = False
    scan_seeds: int = 0
    ordinary_seeds: float = 0.0
    expect_breaker: bool = False


SCENARIOS: dict[str, ScenarioSpec] = {
    s.name: s
    for s in (
        ScenarioSpec(
            "baseline", "sellers advertise as synth's do; touched users, watchdogs, weak posters"
        ),
        ScenarioSpec(
            "textless",
            "only a few sellers write anything; the rest of the sellers have no text at all",
            seller_text=SellerText.FEW,
        ),
        ScenarioSpec(
            "missing_edges",
            "half of the edges among members are missing",
            network_edge_keep=0.5,
        ),
        ScenarioSpec(
            "lookalike",
            "benign tight communities with look-alike vocabulary (pediatrics, chess, maps, books)",
            lookalikes=True,
        ),
        ScenarioSpec(
            "scarce",
            "one seller in ten has a combined bio (seller term, emoji, age, contact); no other text",
            seller_text=SellerText.COMBINED,
            member_text=False,
        ),
        ScenarioSpec(
            "reports_only",
            "no member text; six advocates report ~35 members each, a brigade and sockpuppets lie",
            seller_text=SellerText.NONE,
            member_text=False,
            advocates_report=True,
            review=True,
        ),
        ScenarioSpec(
            "one_seed",
            "no member text; one or two sellers are given as seeds",
            seller_text=SellerText.NONE,
            member_text=False,
            scan_seeds=2,
        ),
        ScenarioSpec(
            "flood",
            "half of the ordinary accounts post weak emoji codes alone, beside a network",
            flood=True,
        ),
        ScenarioSpec(
            "bad_seeds",
            "two thirds of the ordinary accounts are handed over as seeds with one seller",
            scan_seeds=1,
            ordinary_seeds=0.67,
            expect_breaker=True,
        ),
    )
}

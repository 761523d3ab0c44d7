"""The embedded engine: DuckDB/Arrow for tables, NumPy/SciPy for graphs, all in-process."""

from __future__ import annotations

from collections.abc import Sequence

from netbrake.graph import Graph, build_graph
from netbrake.identity import LinkingRules, PersonLinker, PersonLinks
from netbrake.platform import Dataset
from netbrake.signals import AccountSignals, SignalParams, collect_signals
from netbrake.text import Matcher


class EmbeddedEngine:
    """The default engine (``--engine duckdb``)."""

    name = "duckdb"

    def account_signals(
        self, dataset: Dataset, matcher: Matcher, params: SignalParams
    ) -> AccountSignals:
        return collect_signals(
            dataset.table("accounts"),
            dataset.table("posts", ["post_id", "account_id", "text", "hashtags"]),
            dataset.table("reports"),
            matcher,
            params,
        )

    def graph(
        self, dataset: Dataset, kind_weights: dict[str, float], seeds: Sequence[str] = ()
    ) -> Graph:
        # The whole graph always fits in-process here; seeds are not needed.
        accounts = dataset.table("accounts", ["account_id"])
        edges = dataset.table("edges", ["src", "dst", "kind", "weight"])
        return build_graph(
            accounts.column("account_id"),
            edges.column("src"),
            edges.column("dst"),
            edges.column("kind"),
            kind_weights,
            edges.column("weight"),
        )

    def persons(
        self, dataset: Dataset, signals: AccountSignals, rules: LinkingRules
    ) -> PersonLinks:
        return PersonLinker(rules).link(
            dataset.table("accounts", ["account_id", "handle", "bio"]),
            dataset.table("identifiers"),
            signals.mentions,
        )

    def close(self) -> None:
        return None

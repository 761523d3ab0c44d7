"""The engine interface: the heavy batch stages of ``scan``, expressed once.

An engine turns an ingested dataset into the inputs of the in-process steps
(per-account evidence, the graph, persons). The embedded engine runs them in
DuckDB and NumPy; the Spark engine runs the same jobs as DataFrames. Network
mapping on the flagged neighbourhood and the enforcement plan are small and
run on the driver with the same code for both engines, so results agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from netbrake.graph import Graph
from netbrake.identity import LinkingRules, PersonLinks
from netbrake.platform import Dataset
from netbrake.signals import AccountSignals, SignalParams
from netbrake.text import Matcher


class Engine(Protocol):
    """The batch stages an engine provides."""

    name: str

    def account_signals(
        self, dataset: Dataset, matcher: Matcher, params: SignalParams
    ) -> AccountSignals: ...

    def graph(
        self, dataset: Dataset, kind_weights: dict[str, float], seeds: Sequence[str] = ()
    ) -> Graph:
        """The contact graph over all accounts. ``seeds`` (account ids) are where mapping
        starts: an engine may leave out edges far from them when the graph is too large
        for one machine (the Spark engine does, above its ``driver_edges``)."""
        ...

    def persons(
        self, dataset: Dataset, signals: AccountSignals, rules: LinkingRules
    ) -> PersonLinks: ...

    def close(self) -> None: ...

"""`NodeEvidence`: what each account's own content says, aligned with graph node ids.

The graph layer never reads text. The caller (the scan pipeline) turns text
signals, reports and identity links into one number per account and kind of
evidence, each in [0, 1] (0: nothing seen; 1: unambiguous), plus optional
human-readable notes that are copied into the account's reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pyarrow as pa

from netbrake.errors import InputError

if TYPE_CHECKING:
    from netbrake.graph._graph import Graph

_FIELDS = ("seller", "trader", "aggregator", "backup", "watchdog")


@dataclass(frozen=True, eq=False)
class NodeEvidence:
    """Per-node evidence arrays, each of length ``graph.n``, values in [0, 1].

    - ``seller``: strength of seller indicators in the account's bio and posts
      (age claims such as "chapter 14", content menus, payment methods,
      explicit or coded hashtags). Also adds the account to the restart
      distribution of the seed expansion when high.
    - ``trader``: links to off-platform trading or file-sharing sites.
    - ``aggregator``: meme/aggregator posting (re-posting and mentioning
      network accounts rather than selling).
    - ``backup``: the account is linked to a removed account of the same
      person (bio "backup" handles, identity linking).
    - ``watchdog``: the account is an advocate, researcher or reviewer:
      anti-exploitation wording in its profile, many child-safety reports
      filed. Such accounts are never members and their contact never
      spreads proximity.
    - ``notes``: optional reasons from the evidence per node id, e.g.
      ``{17: ("bio: age claim 13 via 'chapter'",)}``.
    """

    seller: np.ndarray
    trader: np.ndarray
    aggregator: np.ndarray
    backup: np.ndarray
    watchdog: np.ndarray
    notes: Mapping[int, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        sizes = {len(getattr(self, name)) for name in _FIELDS}
        if len(sizes) != 1:
            raise InputError("evidence arrays must all have one entry per account")
        for name in _FIELDS:
            values = np.asarray(getattr(self, name), dtype=np.float64)
            if values.size and not (np.all(np.isfinite(values)) and values.min() >= 0):
                raise InputError(f"evidence '{name}' must be finite and in [0, 1]")
            object.__setattr__(self, name, np.minimum(values, 1.0))

    @property
    def n(self) -> int:
        return len(self.seller)

    @classmethod
    def empty(cls, n: int) -> NodeEvidence:
        """No evidence for any of ``n`` accounts: graph structure alone decides."""
        zero = np.zeros(n)
        return cls(zero, zero, zero, zero, zero)

    @classmethod
    def of(cls, n: int, **arrays: np.ndarray) -> NodeEvidence:
        """Evidence for ``n`` accounts with only the named arrays given, the rest zero."""
        unknown = set(arrays) - set(_FIELDS)
        if unknown:
            raise InputError(f"unknown evidence: {', '.join(sorted(unknown))}")
        get = [arrays.get(name, np.zeros(n)) for name in _FIELDS]
        return cls(get[0], get[1], get[2], get[3], get[4])


class PerAccountEvidence(Protocol):
    """What :func:`node_evidence` reads: evidence arrays aligned with ``account_ids``
    (``netbrake.signals.AccountSignals`` is one; the graph layer never imports it)."""

    @property
    def account_ids(self) -> pa.Array: ...
    @property
    def seller(self) -> np.ndarray: ...
    @property
    def trader(self) -> np.ndarray: ...
    @property
    def aggregator(self) -> np.ndarray: ...
    @property
    def backup(self) -> np.ndarray: ...
    @property
    def watchdog(self) -> np.ndarray: ...
    @property
    def reasons(self) -> Mapping[int, tuple[str, ...]]: ...


def node_evidence(graph: Graph, evidence: PerAccountEvidence) -> NodeEvidence:
    """``evidence`` aligned with ``graph``'s node ids (built from the same accounts, same order)."""
    if graph.n != len(evidence.account_ids) or not graph.ids.equals(evidence.account_ids):
        raise ValueError("the graph must be built from the same accounts, in the same order")
    return NodeEvidence(
        evidence.seller,
        evidence.trader,
        evidence.aggregator,
        evidence.backup,
        evidence.watchdog,
        evidence.reasons,
    )

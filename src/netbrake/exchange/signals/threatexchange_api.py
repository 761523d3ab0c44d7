"""A python-threatexchange ``SignalExchangeAPI`` over netbrake's ``signals.jsonl`` (no network).

Lets a threatexchange setup (its CLI or Hasher-Matcher-Actioner) fetch
netbrake's shared signals like any other exchange: each record keeps its
opinion category and tags, and ``naive_convert_to_signal_type`` keeps only
the signal types the caller supports (netbrake-only types such as hashed
identifiers are skipped there).
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from netbrake.exchange.signals.exchange_format import TE_OPINIONS, read_signals, te_name
from netbrake.extras import require

# The module subclasses threatexchange's classes: without the extra it cannot exist,
# so importing it says which extra is missing instead of raising ModuleNotFoundError.
require("threatexchange", "exchange", "the threatexchange SignalExchangeAPI")

from threatexchange.exchanges import fetch_state as state  # noqa: E402
from threatexchange.exchanges.collab_config import CollaborationConfigWithDefaults  # noqa: E402
from threatexchange.exchanges.signal_exchange_api import (  # noqa: E402
    SignalExchangeAPIWithSimpleUpdates,
)
from threatexchange.signal_type.signal_base import SignalType  # noqa: E402


@dataclass
class NetbrakeSignalMetadata(state.FetchedSignalMetadata):
    """The opinions netbrake attached to one signal."""

    opinions: list[state.SignalOpinion] = field(default_factory=list)

    def get_as_opinions(self) -> t.Sequence[state.SignalOpinion]:
        return self.opinions


@dataclass
class _RequiredFields:
    filename: str = field(metadata={"help": "path of a netbrake signals.jsonl file"})


@dataclass
class NetbrakeCollabConfig(CollaborationConfigWithDefaults, _RequiredFields):
    """A collaboration reading one netbrake signals file."""


@dataclass
class NetbrakeSignalExchangeAPI(
    SignalExchangeAPIWithSimpleUpdates[
        NetbrakeCollabConfig, state.FetchCheckpointBase, NetbrakeSignalMetadata
    ]
):
    """Fetches a netbrake ``signals.jsonl`` in one delta."""

    collab: NetbrakeCollabConfig

    @staticmethod
    def get_config_cls() -> type[NetbrakeCollabConfig]:
        return NetbrakeCollabConfig

    @staticmethod
    def get_checkpoint_cls() -> type[state.FetchCheckpointBase]:
        return state.FetchCheckpointBase

    @staticmethod
    def get_record_cls() -> type[NetbrakeSignalMetadata]:
        return NetbrakeSignalMetadata

    @classmethod
    def for_collab(cls, collab: NetbrakeCollabConfig) -> NetbrakeSignalExchangeAPI:
        return cls(collab)

    def fetch_iter(
        self,
        _supported_signal_types: t.Sequence[type[SignalType]],
        checkpoint: state.FetchCheckpointBase | None,
    ) -> t.Iterator[
        state.FetchDelta[tuple[str, str], NetbrakeSignalMetadata, state.FetchCheckpointBase]
    ]:
        imported = read_signals(Path(self.collab.filename))
        updates: dict[tuple[str, str], NetbrakeSignalMetadata | None] = {}
        for signal in imported.signals:
            key = (te_name(signal.kind), signal.value)
            record = updates.get(key) or NetbrakeSignalMetadata()
            category = state.SignalOpinionCategory[TE_OPINIONS[signal.opinion]]
            record.opinions.append(state.SignalOpinion(True, category, set(signal.tags)))
            updates[key] = record
        yield state.FetchDelta(updates, state.FetchCheckpointBase())

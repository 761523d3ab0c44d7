"""Per-account evidence from text and reports: the bridge from `netbrake.text` to `netbrake.graph`."""

from netbrake.signals.account_signals import (
    HITS_SCHEMA,
    LINKING_RELATIONS,
    MENTIONS_SCHEMA,
    AccountSignals,
)
from netbrake.signals.collect import collect_signals
from netbrake.signals.params import PROTECTIVE_TERMS, SignalParams
from netbrake.signals.profile import PROFILE_FIELDS, post_texts, profile_texts

__all__ = [
    "HITS_SCHEMA",
    "LINKING_RELATIONS",
    "MENTIONS_SCHEMA",
    "PROFILE_FIELDS",
    "PROTECTIVE_TERMS",
    "AccountSignals",
    "SignalParams",
    "collect_signals",
    "post_texts",
    "profile_texts",
]

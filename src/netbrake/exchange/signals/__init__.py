"""Signal sharing: netbrake's signals as threatexchange files and STIX 2.1 bundles."""

from netbrake.exchange.signals.exchange_format import (
    SignalImport,
    read_signals,
    to_record,
    write_signals,
)
from netbrake.exchange.signals.extract import signals_from_results
from netbrake.exchange.signals.signal import OPINIONS, SIGNAL_KINDS, Signal, make_signal
from netbrake.exchange.signals.stix import bundle_for, signals_from_bundle

__all__ = [
    "OPINIONS",
    "SIGNAL_KINDS",
    "Signal",
    "SignalImport",
    "bundle_for",
    "make_signal",
    "read_signals",
    "signals_from_bundle",
    "signals_from_results",
    "to_record",
    "write_signals",
]

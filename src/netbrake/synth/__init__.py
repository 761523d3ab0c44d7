"""Synthetic platform exports with planted exploitation networks and ground-truth labels.

Real platform data will never be available to this project (part 4):
every test, benchmark and the demo use this generator. Fixtures carry
indicator tokens only and media hashes only, never media bytes.
"""

from netbrake.synth.columns import micros
from netbrake.synth.communities import FIRST_NAMES
from netbrake.synth.config import MIN_ACCOUNTS, SynthConfig, SynthSummary
from netbrake.synth.corrupt import CORRUPTIONS, corrupt
from netbrake.synth.export import generate, write, write_table
from netbrake.synth.impressions import (
    ImpressionMix,
    impression_batches,
    impressions_table,
    members_of,
    write_impressions,
)
from netbrake.synth.indicators import (
    DISGUISES,
    HARD_NEGATIVES,
    VOCABULARY,
    WORD_DISGUISES,
    Fragment,
    IndicatorKind,
    IndicatorWriter,
)
from netbrake.synth.platform import SynthPlatform, build

__all__ = [
    "CORRUPTIONS",
    "DISGUISES",
    "FIRST_NAMES",
    "HARD_NEGATIVES",
    "MIN_ACCOUNTS",
    "VOCABULARY",
    "WORD_DISGUISES",
    "Fragment",
    "ImpressionMix",
    "IndicatorKind",
    "IndicatorWriter",
    "SynthConfig",
    "SynthPlatform",
    "SynthSummary",
    "build",
    "corrupt",
    "generate",
    "impression_batches",
    "impressions_table",
    "members_of",
    "micros",
    "write",
    "write_impressions",
    "write_table",
]

"""Synthetic platform exports with planted exploitation networks and ground-truth labels.

Real platform data will never be available to this project (issue 2, part 4):
every test, benchmark and the demo use this generator. Fixtures carry
indicator tokens only and media hashes only, never media bytes.
"""

from netbrake.synth.config import MIN_ACCOUNTS, SynthConfig, SynthSummary
from netbrake.synth.corrupt import CORRUPTIONS, corrupt
from netbrake.synth.export import generate, write
from netbrake.synth.indicators import HARD_NEGATIVES, VOCABULARY, Fragment, IndicatorKind
from netbrake.synth.platform import SynthPlatform, build

__all__ = [
    "CORRUPTIONS",
    "HARD_NEGATIVES",
    "MIN_ACCOUNTS",
    "VOCABULARY",
    "Fragment",
    "IndicatorKind",
    "SynthConfig",
    "SynthPlatform",
    "SynthSummary",
    "build",
    "corrupt",
    "generate",
    "write",
]

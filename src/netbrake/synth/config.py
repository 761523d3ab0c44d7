"""What to generate: the parameters of a synthetic platform and the plan derived from them.

Defaults: several planted networks of different sizes
whose total is roughly 0.5-1% of accounts at a million accounts (a handful of
networks of 20-150 members at ten thousand), half of the members carrying a
text indicator, and watchdogs and "touched" users in proportion to size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from netbrake.errors import InputError

#: Fewest accounts that still leave room for two networks, watchdogs and a benign crowd.
MIN_ACCOUNTS = 1_000
FORMATS = ("parquet", "csv", "jsonl")


@dataclass(frozen=True)
class SynthConfig:
    """Parameters of one synthetic platform; the same config and seed give the same bytes.

    ``indicator_rate`` is the share of network members whose bio, posts or link
    carry any text indicator (0.01 is the hard scenario). ``edges_per_account``
    is the mean number of benign interactions each benign account makes.
    ``watchdogs``/``touched``/``networks`` of ``None`` scale with ``accounts``.
    """

    accounts: int
    seed: int = 0
    indicator_rate: float = 0.5
    edges_per_account: float = 20.0
    posts_per_account: float = 1.0
    networks: int | None = None
    watchdogs: int | None = None
    touched: int | None = None
    mass_reporters: int = 2
    #: Rows of the optional impressions table (0: none) and the share of member
    #: impressions its simulated guard log suppresses (None: no guard_action column).
    impressions: int = 0
    impression_guard_recall: float | None = 0.9

    def __post_init__(self) -> None:
        if self.accounts < MIN_ACCOUNTS:
            raise InputError(f"--accounts must be at least {MIN_ACCOUNTS:,}, got {self.accounts}")
        if not 0.0 <= self.indicator_rate <= 1.0:
            raise InputError(f"--indicator-rate must be between 0 and 1, got {self.indicator_rate}")
        if self.edges_per_account <= 0 or self.posts_per_account < 0:
            raise InputError("--edges-per-account must be > 0 and --posts-per-account >= 0")
        for name in ("networks", "watchdogs", "touched"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise InputError(f"--{name} must be at least 1, got {value}")
        if self.mass_reporters < 0:
            raise InputError(f"--mass-reporters must be >= 0, got {self.mass_reporters}")
        if self.impressions < 0:
            raise InputError(f"--impressions must be >= 0, got {self.impressions}")
        recall = self.impression_guard_recall
        if recall is not None and not 0.0 <= recall <= 1.0:
            raise InputError(f"--impression-guard-recall must be between 0 and 1, got {recall}")
        if self.seed < 0:
            raise InputError(f"--seed must be >= 0, got {self.seed}")

    @property
    def network_count(self) -> int:
        """How many networks to plant: 4 at 10k accounts, 6 at 100k, 8 at 1M."""
        if self.networks is not None:
            return self.networks
        return int(min(8, max(2, math.floor(4 + 2 * math.log10(self.accounts / 1e4) + 0.5))))

    @property
    def watchdog_count(self) -> int:
        return self.watchdogs if self.watchdogs is not None else max(4, self.accounts // 20_000)

    @property
    def touched_count(self) -> int:
        return self.touched if self.touched is not None else max(10, self.accounts // 500)

    def network_sizes(self) -> list[int]:
        """Member counts per network (backups included), smallest first, spread geometrically."""
        n = self.accounts
        # Past 100k accounts networks grow slower than the platform: 0.35% at 1M, under
        # the circuit breaker's default limits (netbrake.enforce.breaker), as on real platforms.
        hi = max(min(0.015 * n, 150.0), 0.0008 * n)
        lo = max(min(20.0, hi / 4), 0.0002 * n, 8.0)
        k = self.network_count
        if k == 1:
            return [round(hi)]
        return [round(lo * (hi / lo) ** (i / (k - 1))) for i in range(k)]


@dataclass(frozen=True)
class SynthSummary:
    """What a run produced: the folder, rows per table and the planted ground truth counts."""

    out: str
    format: str
    seed: int
    accounts: int
    rows: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    networks: dict[int, int] = field(default_factory=dict)
    planted_indicators: int = 0
    known_hashes: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "out": self.out,
            "format": self.format,
            "seed": self.seed,
            "accounts": self.accounts,
            "rows": self.rows,
            "roles": self.roles,
            "networks": {str(k): v for k, v in self.networks.items()},
            "planted_indicators": self.planted_indicators,
            "known_hashes": self.known_hashes,
        }

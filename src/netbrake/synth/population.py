"""Who is who: roles, networks, persons, communities and popularity of every account.

Accounts are numbered 0..N-1 (their position); roles are placed at random
positions so that an account's id says nothing about its role. A backup
account belongs to the same person as its primary (a seller or trader), which
is the ground truth identity linking must recover (F6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from netbrake.platform import ROLES
from netbrake.synth.communities import COMMUNITIES
from netbrake.synth.config import SynthConfig

IntArray = npt.NDArray[np.int64]
ROLE_CODE = {name: np.uint8(i) for i, name in enumerate(ROLES)}

#: Text-indicator strength of an account: none, weak (one ambiguous token) or strong.
NONE, WEAK, STRONG = 0, 1, 2
#: How much likelier each member role is to carry text indicators than a buyer.
CARRIER_WEIGHT = {"seller": 6.0, "aggregator": 6.0, "trader": 6.0, "backup": 3.0, "buyer": 1.0}


@dataclass(frozen=True)
class Network:
    """The positions of one planted network's accounts by role.

    ``primaries[i]`` is the seller or trader whose backup is ``backups[i]``.
    """

    network_id: int
    sellers: IntArray
    buyers: IntArray
    aggregators: IntArray
    traders: IntArray
    backups: IntArray
    primaries: IntArray

    @property
    def members(self) -> IntArray:
        return np.concatenate(
            [self.sellers, self.buyers, self.aggregators, self.traders, self.backups]
        )


@dataclass(frozen=True)
class Population:
    """Per-account arrays (index = account position) and the planted groups.

    ``weight`` is popularity: benign in-degree is proportional to it
    (power-law, Pareto tail). ``strength`` is the text-indicator strength;
    ``minor`` marks sellers whose text claims an age under 18.
    """

    role: npt.NDArray[np.uint8]
    network: npt.NDArray[np.int32]
    person: IntArray
    community: IntArray
    weight: npt.NDArray[np.float64]
    strength: npt.NDArray[np.int8]
    minor: npt.NDArray[np.bool_]
    networks: list[Network]
    watchdogs: IntArray
    touched: IntArray
    mass_reporters: IntArray

    @property
    def size(self) -> int:
        return int(self.role.shape[0])

    def has_role(self, *names: str) -> npt.NDArray[np.bool_]:
        return np.isin(self.role, [ROLE_CODE[n] for n in names])

    @property
    def is_member(self) -> npt.NDArray[np.bool_]:
        return self.network > 0


def _split(size: int, rng: np.random.Generator) -> dict[str, int]:
    sellers = max(2, round(0.22 * size))
    aggregators = max(1, round(0.05 * size))
    traders = max(1, round(0.05 * size))
    backups = max(1, round(0.35 * sellers * (0.8 + 0.4 * rng.random())))
    buyers = max(3, size - sellers - aggregators - traders - backups)
    return {
        "seller": sellers,
        "aggregator": aggregators,
        "trader": traders,
        "backup": backups,
        "buyer": buyers,
    }


def build_population(config: SynthConfig, rng: np.random.Generator) -> Population:
    """Place networks, watchdogs, touched users and mass reporters among N accounts."""
    n = config.accounts
    order = rng.permutation(n).astype(np.int64)
    role = np.full(n, ROLE_CODE["benign"], dtype=np.uint8)
    network = np.zeros(n, dtype=np.int32)
    person = np.arange(n, dtype=np.int64)
    cursor = 0

    def take(count: int) -> IntArray:
        nonlocal cursor
        out = order[cursor : cursor + count]
        cursor += count
        return out

    networks: list[Network] = []
    for net_id, size in enumerate(config.network_sizes(), start=1):
        parts = {name: take(count) for name, count in _split(size, rng).items()}
        for name, positions in parts.items():
            role[positions] = ROLE_CODE[name]
            network[positions] = net_id
        owners = np.concatenate([parts["seller"], parts["trader"]])
        primaries = rng.choice(owners, size=parts["backup"].shape[0], replace=True)
        person[parts["backup"]] = primaries
        networks.append(
            Network(
                net_id,
                parts["seller"],
                parts["buyer"],
                parts["aggregator"],
                parts["trader"],
                parts["backup"],
                primaries.astype(np.int64),
            )
        )
    watchdogs = take(config.watchdog_count)
    role[watchdogs] = ROLE_CODE["watchdog"]
    touched = take(config.touched_count)
    role[touched] = ROLE_CODE["touched"]
    mass_reporters = take(config.mass_reporters)
    if cursor > n // 2:
        raise ValueError(f"planted accounts ({cursor}) leave too few benign accounts in {n}")

    shares = np.array([c.weight for c in COMMUNITIES])
    community = rng.choice(len(COMMUNITIES), size=n, p=shares / shares.sum()).astype(np.int64)
    weight = rng.pareto(1.2, size=n) + 1.0
    strength, minor = _indicators(config, rng, role, network)
    return Population(
        role,
        network,
        person,
        community,
        weight,
        strength,
        minor,
        networks,
        watchdogs,
        touched,
        mass_reporters,
    )


def _indicators(
    config: SynthConfig,
    rng: np.random.Generator,
    role: npt.NDArray[np.uint8],
    network: npt.NDArray[np.int32],
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.bool_]]:
    """Choose exactly round(rate x members) carriers, favouring sellers, aggregators, traders."""
    n = role.shape[0]
    strength = np.zeros(n, dtype=np.int8)
    members = np.flatnonzero(network > 0)
    carriers_wanted = round(config.indicator_rate * members.shape[0])
    weights = np.zeros(members.shape[0])
    for name, w in CARRIER_WEIGHT.items():
        weights[role[members] == ROLE_CODE[name]] = w
    carriers = rng.choice(members, size=carriers_wanted, replace=False, p=weights / weights.sum())
    strong_share = np.where(role[carriers] == ROLE_CODE["buyer"], 0.0, 0.5)
    strength[carriers] = np.where(rng.random(carriers.shape[0]) < strong_share, STRONG, WEAK)
    minor = (role == ROLE_CODE["seller"]) & (rng.random(n) < 0.4)
    return strength, minor

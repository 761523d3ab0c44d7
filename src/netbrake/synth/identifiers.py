"""The ``identifiers`` table: raw synthetic emails, phones, devices, IPs, payments, cookies.

A backup always shares its primary's device and often the email, phone,
IP and payment handle: that is what identity linking joins on (F6). Two
traps for over-eager linking: many unrelated benign accounts share a few
carrier-grade NAT IPs, and a small device farm is shared by unrelated
benign accounts; neither means the accounts are one person. Values are raw
strings here; ingest HMAC-hashes them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.platform import TABLES
from netbrake.synth import columns
from netbrake.synth.population import ROLE_CODE, Population

IntArray = npt.NDArray[np.int64]
#: Chance that a backup reuses its primary's identifier of each kind (device: always).
BACKUP_SHARES = {
    "device": 1.0,
    "email": 0.6,
    "phone": 0.6,
    "ip": 0.5,
    "payment": 0.8,
    "cookie": 0.2,
}
CARRIER_IPS = 8
CARRIER_SHARE = 0.3
FARM_DEVICES = 2


def _owner_keys(
    pop: Population, accounts: IntArray, kind: str, rng: np.random.Generator
) -> IntArray:
    """The account whose value each account uses: its primary's for shared backup values."""
    person = pop.person[accounts]
    shared = (person != accounts) & (rng.random(accounts.shape[0]) < BACKUP_SHARES[kind])
    return np.where(shared, person, accounts)


def _ip(keys: IntArray) -> pa.Array:
    return columns.join(
        columns.numbered("10.", keys >> 16),
        columns.numbered("", (keys >> 8) & 255),
        columns.numbered("", keys & 255),
        separator=".",
    )


def build_identifiers(pop: Population, rng: np.random.Generator, account_ids: pa.Array) -> pa.Table:
    """One row per (account, identifier); rows sorted by account."""
    n = pop.size
    everyone = np.arange(n, dtype=np.int64)
    sellers = pop.has_role("seller", "trader", "backup")
    with_phone = everyone[(rng.random(n) < 0.3) | pop.is_member]
    with_payment = everyone[(rng.random(n) < 0.1) | sellers]
    parts: list[tuple[IntArray, str, pa.Array]] = []
    keys = _owner_keys(pop, everyone, "email", rng)
    parts.append((everyone, "email", columns.join(columns.numbered("user", keys), "@mail.example")))
    keys = _owner_keys(pop, everyone, "device", rng)
    parts.append((everyone, "device", columns.numbered("device-", keys * 7_919 + 1_000_003, 12)))
    keys = _owner_keys(pop, everyone, "cookie", rng)
    parts.append((everyone, "cookie", columns.numbered("ck_", keys, 9)))
    keys = _owner_keys(pop, everyone, "ip", rng)
    parts.append((everyone, "ip", _ip(keys)))
    keys = _owner_keys(pop, with_phone, "phone", rng)
    parts.append((with_phone, "phone", columns.numbered("+1555", keys, 7)))
    keys = _owner_keys(pop, with_payment, "payment", rng)
    parts.append((with_payment, "payment", columns.numbered("cashapp:$pay", keys)))
    parts += _shared_traps(pop, rng)
    account = np.concatenate([p[0] for p in parts])
    kind = pa.array(np.concatenate([np.full(p[0].shape[0], i) for i, p in enumerate(parts)]))
    names = pa.array([p[1] for p in parts], type=pa.string())
    value = pa.concat_arrays([p[2] for p in parts])
    order = pa.array(np.argsort(account, kind="stable"))
    table = pa.table(
        {
            "account_id": pc.take(account_ids, pa.array(account)),
            "kind": pc.take(names, kind),
            "value": value,
        }
    )
    return table.take(order).cast(TABLES["identifiers"].arrow_schema())


def _shared_traps(
    pop: Population, rng: np.random.Generator
) -> list[tuple[IntArray, str, pa.Array]]:
    """Carrier NAT IPs shared by many benign accounts, and a device farm shared by a few."""
    benign = np.flatnonzero(pop.role == ROLE_CODE["benign"])
    carrier = benign[rng.random(benign.shape[0]) < CARRIER_SHARE]
    pool = [f"100.64.0.{i}" for i in range(1, CARRIER_IPS + 1)]
    ips = columns.take(pool, rng.integers(0, CARRIER_IPS, size=carrier.shape[0]))
    farm = rng.choice(benign, size=min(benign.shape[0], max(20, pop.size // 20_000)), replace=False)
    devices = columns.take(
        [f"device-farm-{i:02d}" for i in range(FARM_DEVICES)],
        rng.integers(0, FARM_DEVICES, size=farm.shape[0]),
    )
    return [(carrier, "ip", ips), (farm.astype(np.int64), "device", devices)]

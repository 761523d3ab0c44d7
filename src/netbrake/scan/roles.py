"""Persons, not accounts (F6): accounts linked to a member become its backups.

Network mapping sees accounts; identity linking sees persons. An account
that the graph did not flag but that belongs to the same person as a member
(a shared device, a "backup @handle" in a bio) is that person's backup: it
gets the role, the member's network and a reason naming the link, so the
plan covers it before it is used.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from netbrake.identity import PersonLinks
from netbrake.platform import MEMBER_ROLES
from netbrake.scan.lookup import attach

#: Roles never overwritten by a person link (their own evidence decides).
KEEP_ROLES = ("watchdog",)
BACKUP_SCORE = 0.6


def apply_person_roles(mapped: pa.Table, persons: PersonLinks) -> pa.Table:
    """``mapped`` (account_id, score, member, role, network_id, reasons) with person_id
    and the backup role for non-member accounts of persons that have members."""
    joined = attach(mapped, persons.persons, "account_id", ["person_id"])
    roles = joined.column("role").to_pylist()
    person_ids = joined.column("person_id").to_pylist()
    networks = joined.column("network_id").to_pylist()
    member_of: dict[str, tuple[int | None, str]] = {}
    ids = joined.column("account_id").to_pylist()
    for account, role, pid, net in zip(ids, roles, person_ids, networks, strict=True):
        if role in MEMBER_ROLES and role != "backup" and pid is not None and pid not in member_of:
            member_of[pid] = (net, account)
    score = np.asarray(
        joined.column("score").to_numpy(zero_copy_only=False), dtype=np.float64
    ).copy()
    member = np.asarray(joined.column("member").to_numpy(zero_copy_only=False), dtype=bool).copy()
    reasons = joined.column("reasons").to_pylist()
    for i, (role, pid) in enumerate(zip(roles, person_ids, strict=True)):
        if pid is None or pid not in member_of or role in MEMBER_ROLES or role in KEEP_ROLES:
            continue
        net, via = member_of[pid]
        roles[i], networks[i], member[i] = "backup", net, True
        score[i] = max(score[i], BACKUP_SCORE)
        reasons[i] = [*(reasons[i] or []), f"same person as member {via} (identity link)"]
    return pa.table(
        {
            "account_id": joined.column("account_id"),
            "score": pa.array(score),
            "member": pa.array(member),
            "role": pa.array(roles, pa.string()),
            "network_id": pa.array(networks, pa.int64()),
            "person_id": joined.column("person_id"),
            "reasons": pa.array(reasons, pa.list_(pa.string())),
        }
    )


def member_count(table: pa.Table) -> int:
    return int(pc.sum(table.column("member")).as_py() or 0)

"""A plain-Python reference linker: every pair enumerated, no arrays.

It applies the same rules as :class:`~netbrake.identity.PersonLinker` to
identifiers, named handles and handle stems, the obvious way: a dict of groups,
all pairs inside each usable group, a set of weak kinds per pair, a
union-find. Tests check that the fast linker gives the same persons on random
small platforms. Too slow for anything but tests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pyarrow as pa

from netbrake.identity.components import connected_components_reference
from netbrake.identity.handles import LINKING_RELATIONS, handle_key, handle_stem
from netbrake.identity.identifiers import KINDS
from netbrake.identity.rules import STRONG_KINDS, LinkingRules


def _strings(fn: object, values: Sequence[str]) -> list[str]:
    return fn(pa.array(list(values), pa.string())).to_pylist()  # type: ignore[operator, no-any-return]


def link_reference(
    handles: dict[str, str],
    identifiers: Sequence[tuple[str, str, str | None]],
    mentions: Sequence[tuple[str, str, str]] = (),
    rules: LinkingRules | None = None,
) -> dict[str, str]:
    """account_id -> person_id from ``handles`` (account -> handle), identifier rows
    (account, kind, value) and mention rows (account, mentioned handle, relation)."""
    rules = rules or LinkingRules()
    ids = sorted(handles)
    index = {a: i for i, a in enumerate(ids)}
    strong: set[tuple[int, int]] = set()
    weak: dict[tuple[int, int], set[str]] = defaultdict(set)

    groups: dict[tuple[str, str], set[int]] = defaultdict(set)
    for account, kind, value in identifiers:
        if account in index and kind in KINDS and value is not None and value.strip():
            groups[(kind, value)].add(index[account])
    shared_ips: dict[tuple[int, int], int] = defaultdict(int)
    for (kind, _), members in groups.items():
        if len(members) > rules.cap(kind):
            continue
        for pair in combinations(sorted(members), 2):
            if kind in STRONG_KINDS:
                strong.add(pair)
            else:
                shared_ips[pair] += 1
    for pair, count in shared_ips.items():
        if count >= rules.ip_min_shared:
            strong.add(pair)
        elif rules.ip_weak:
            weak[pair].add("ip")

    keys = dict(zip(ids, _strings(handle_key, [handles[a] for a in ids]), strict=True))
    owner = {k: index[a] for a, k in sorted(keys.items(), reverse=True)}
    namers: dict[int, set[int]] = defaultdict(set)
    for account, named, relation in mentions:
        target = owner.get(_strings(handle_key, [named])[0])
        if account not in index or target is None or target == index[account]:
            continue
        if relation.lower() in LINKING_RELATIONS:
            namers[target].add(index[account])
        else:
            pair = (min(target, index[account]), max(target, index[account]))
            weak[pair].add("mention")
    for target, sources in namers.items():
        if len(sources) <= rules.mention_cap:
            strong.update((min(s, target), max(s, target)) for s in sources)

    for tight in (False, True):
        stems: dict[str, set[int]] = defaultdict(set)
        values = handle_stem(pa.array([handles[a] for a in ids], pa.string()), tight=tight)
        for i, stem in enumerate(values.to_pylist()):
            if stem is not None and len(stem) >= rules.min_stem_chars:
                stems[stem].add(i)
        for members in stems.values():
            if len(members) <= rules.weak_cap:
                for pair in combinations(sorted(members), 2):
                    weak[pair].add("handle_similarity")

    pairs = sorted(strong | {p for p, kinds in weak.items() if len(kinds) >= 2})
    a = np.array([p[0] for p in pairs], dtype=np.int64)
    b = np.array([p[1] for p in pairs], dtype=np.int64)
    labels = connected_components_reference(len(ids), a, b).tolist()
    sizes: dict[int, int] = defaultdict(int)
    for label in labels:
        sizes[label] += 1
    return {
        account: "p-"
        + (ids[labels[i]] if sizes[labels[i]] <= rules.max_person_accounts else account)
        for i, account in enumerate(ids)
    }

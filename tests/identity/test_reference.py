"""The fast PersonLinker and the plain-Python reference linker give the same persons."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from netbrake.identity import LinkingRules, PersonLinker
from netbrake.identity.reference import link_reference

HANDLES = [
    "anna",
    "anna_bk2",
    "Anna.new",
    "anna77",
    "bob_smith",
    "bob_smith9_bkp",
    "carla",
    "carla_alt3",
    "dmitri",
    "zed",
]
KINDS = ["device", "email", "phone", "ip", "payment", "cookie", "fax"]
VALUES = ["v1", "v2", "v3", "v4", "", " ", None]
# Small caps, so random platforms hit every cap.
RULES = LinkingRules(
    caps=MappingProxyType({"device": 2, "email": 3, "phone": 2, "payment": 3, "cookie": 2}),
    ip_cap=3,
    weak_cap=3,
    mention_cap=1,
    max_person_accounts=4,
)

platforms = st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from(HANDLES), min_size=n, max_size=n),
        st.lists(
            st.tuples(st.integers(0, n), st.sampled_from(KINDS), st.sampled_from(VALUES)),
            max_size=30,
        ),
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.sampled_from(HANDLES),
                st.sampled_from(["backup", "new", "mention"]),
            ),
            max_size=4,
        ),
    )
)


@settings(max_examples=150, deadline=None)
@given(platforms, st.booleans())
def test_fast_linker_agrees_with_reference(
    case: tuple[list[str], list[tuple[int, str, str | None]], list[tuple[int, str, str]]],
    ip_weak: bool,
) -> None:
    rules = replace(RULES, ip_weak=ip_weak)
    handle_list, id_rows, mention_rows = case
    handles = {
        f"a{i:02d}": h + ("" if i < len(HANDLES) else str(i)) for i, h in enumerate(handle_list)
    }
    # Handles are unique on a platform.
    handles = {
        a: h if list(handles.values()).count(h) == 1 else f"{h}_{a}" for a, h in handles.items()
    }
    identifiers = [(f"a{i:02d}", k, v) for i, k, v in id_rows]  # a{n} does not exist: skipped
    mentions = [(f"a{i:02d}", h, r) for i, h, r in mention_rows]
    accounts = pa.table({"account_id": list(handles), "handle": list(handles.values())})
    fast = PersonLinker(rules).link(
        accounts,
        pa.table(
            {
                "account_id": pa.array([r[0] for r in identifiers], pa.string()),
                "kind": pa.array([r[1] for r in identifiers], pa.string()),
                "value": pa.array([r[2] for r in identifiers], pa.string()),
            }
        ),
        pa.table(
            {
                "account_id": pa.array([m[0] for m in mentions], pa.string()),
                "mentioned_handle": pa.array([m[1] for m in mentions], pa.string()),
                "relation": pa.array([m[2] for m in mentions], pa.string()),
            }
        ),
    )
    assert fast.person_of() == link_reference(handles, identifiers, mentions, rules)

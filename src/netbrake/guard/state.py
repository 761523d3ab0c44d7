"""`GuardState`: the immutable snapshot every guard call reads, and how it is built.

Built from a scan's :class:`ResultsSnapshot` with the store's
:class:`StoreOverlay` on top (store decisions beat the scan: a manual or
overridden decision clears an account the scan flagged, a takedown flags one
the scan missed) and swapped in whole by the engine, so a request sees one
consistent state. The per-request path only does dictionary lookups: every
per-account condition is precomputed here as bits (:data:`FLAGGED`, ...).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from netbrake.guard.hashtags import HashtagState, hashtag_states
from netbrake.guard.overlay import StoreOverlay
from netbrake.guard.settings import GuardPolicy
from netbrake.guard.snapshot import ResultsSnapshot, normalise_handle, normalise_tag
from netbrake.platform import EDGE_KINDS
from netbrake.policy import State
from netbrake.text import Hit, Matcher

FLAGGED = 1
FLAGGED_PERSON = 2
NETWORK = 4
HIGH_RISK = 8
DOMINATED = 16
#: Weak network evidence (what a watchdog's contact must carry to be withheld from her followers).
EVIDENCE = 32
PROTECTED = 64
#: Most texts whose lexicon hits a state keeps.
TEXT_CACHE = 200_000
#: Accounts that count as network accounts for pairs, provenance and handles.
MEMBERISH = FLAGGED | FLAGGED_PERSON | NETWORK


@dataclass(frozen=True, slots=True)
class TextFacts:
    """What the text rules test about one string: live lexicon hits, the state of the
    hashtag it names (when not ``ok``) and the flagged account whose handle it is."""

    hits: tuple[Hit, ...]
    tag: HashtagState | None
    handle: str | None

    @property
    def clean(self) -> bool:
        return not self.hits and self.tag is None and self.handle is None


CLEAN = TextFacts((), None, None)


@dataclass(frozen=True, eq=False)
class GuardState:
    """Live state at one (policy version, store state version, results file)."""

    policy: GuardPolicy
    matcher: Matcher
    state_version: int
    results: ResultsSnapshot
    overlay: StoreOverlay
    #: Account id -> condition bits; accounts with no bit are absent.
    bits: dict[str, int]
    #: Account id -> bit -> why (for reasons), for accounts in ``bits``.
    detail: dict[str, dict[int, str]]
    #: Viewer -> protected (watchdog) accounts the viewer follows.
    follows_protected: dict[str, tuple[str, ...]]
    #: Protected account -> its contacts that carry network evidence.
    tainted_by: dict[str, frozenset[str]]
    #: Normalised handle -> account id, for flagged accounts.
    flagged_handles: dict[str, str]
    hashtags: dict[str, HashtagState]
    person_of: dict[str, str] = field(default_factory=dict)
    #: Text -> what the text guards need to know about it (:class:`TextFacts`): autocomplete
    #: and search see the same strings again and again (a platform's suggestions come from
    #: its own index). Per state, so a reload starts empty; bounded by :data:`TEXT_CACHE`.
    text_cache: dict[str, TextFacts] = field(default_factory=dict)

    def text_facts(self, text: str) -> TextFacts:
        """Live lexicon hits of ``text``, its hashtag state and flagged handle (cached)."""
        found = self.text_cache.get(text)
        if found is None:
            live = State.LIVE.value
            hits = tuple(h for h in self.matcher.lexicon_hits(text) if h.state == live)
            tag = self.hashtags.get(normalise_tag(text))
            found = TextFacts(
                hits,
                tag if tag is not None and tag.state != "ok" else None,
                self.flagged_handles.get(normalise_handle(text)),
            )
            if found.clean:
                found = CLEAN
            if len(self.text_cache) >= TEXT_CACHE:
                self.text_cache.clear()
            self.text_cache[text] = found
        return found

    def tainted(self, viewer: str) -> frozenset[str]:
        """Candidates the viewer would only reach through a followed watchdog's contact."""
        watched = self.follows_protected.get(viewer)
        if not watched:
            return frozenset()
        if len(watched) == 1:
            return self.tainted_by.get(watched[0], frozenset())
        return frozenset().union(*(self.tainted_by.get(w, frozenset()) for w in watched))


@dataclass
class _Build:
    """Working arrays over scan accounts plus store-only accounts."""

    ids: list[str]
    index: dict[str, int]
    flagged: np.ndarray
    cleared: np.ndarray
    network: np.ndarray
    risk: np.ndarray
    roles: list[str]
    persons: list[str | None]
    detail: dict[int, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))

    def note(self, i: int, bit: int, text: str) -> None:
        self.detail[i].setdefault(bit, text)


def _working(results: ResultsSnapshot, overlay: StoreOverlay) -> _Build:
    ids = list(results.ids)
    index = dict(results.index)
    extra = [a for a in overlay.accounts if a not in index]
    extra += [sid for kind, sid in overlay.holdings if kind == "account" and sid not in index]
    for account in dict.fromkeys(extra):
        index[account] = len(ids)
        ids.append(account)
    n, m = len(ids), results.size
    pad = n - m
    return _Build(
        ids=ids,
        index=index,
        flagged=np.zeros(n, dtype=bool),
        cleared=np.zeros(n, dtype=bool),
        network=np.concatenate([results.network >= 0, np.zeros(pad, dtype=bool)]),
        risk=np.concatenate([results.score, np.zeros(pad, dtype=np.float32)]),
        roles=[*results.role, *([""] * pad)],
        persons=[*results.person, *([None] * pad)],
    )


def build_state(
    results: ResultsSnapshot, overlay: StoreOverlay, policy: GuardPolicy, matcher: Matcher
) -> GuardState:
    """The live state: scan results, then the store's statuses and decisions on top."""
    b = _working(results, overlay)
    clearing = set(policy.clearing_actions)
    m = results.size
    scan_acting = ~np.isin(np.asarray(results.action, dtype=object), list(clearing))
    b.flagged[:m] = results.member | scan_acting
    for i in _where(b.flagged[:m]):
        net = f", network {results.network[i]}" if results.network[i] >= 0 else ""
        b.note(i, FLAGGED, f"scan: {results.role[i]}, action {results.action[i]}{net}")
    for i in _where(results.network >= 0):
        b.note(i, NETWORK, f"member of mapped network {results.network[i]}")
    store_flag = np.zeros(len(b.ids), dtype=bool)
    networks_of: dict[str, list[int]] = defaultdict(list)
    for i in _where(results.network >= 0):
        networks_of[str(results.network[i])].append(int(i))
    for account, row in overlay.accounts.items():
        i = b.index[account]
        if row.status not in policy.active_statuses:
            store_flag[i] = True
            b.note(i, FLAGGED, f"store: account status {row.status}")
        if row.risk_score is not None:
            b.risk[i] = row.risk_score
        if row.network_id is not None:
            b.network[i] = True
            networks_of[row.network_id].append(i)
            b.note(i, NETWORK, f"member of network {row.network_id} (store)")
        if row.role:
            b.roles[i] = row.role
        if row.person_id is not None:
            b.persons[i] = row.person_id
    flagged_persons = {p: f"person status {s}" for p, s in overlay.persons.items()
                       if s not in policy.active_statuses}  # fmt: skip
    cleared_persons: set[str] = set()
    for (kind, subject), held in overlay.holdings.items():
        decision = held.decision
        acting = decision is not None and decision.action not in clearing
        why = (
            f"store: {decision.action} ({held.basis} decision by {decision.decided_by})"
            if decision is not None
            else "store: reviewer override"
        )
        if kind == "account":
            i = b.index[subject]
            if acting:
                store_flag[i] = True
                b.note(i, FLAGGED, why)
            else:
                b.cleared[i] = True
        elif kind == "person":
            if acting:
                flagged_persons[subject] = why
            else:
                cleared_persons.add(subject)
        elif kind == "network" and acting:
            for i in networks_of.get(subject, ()):
                store_flag[i] = True
                b.note(i, FLAGGED, f"network {subject}: {why}")
    flagged = (b.flagged & ~b.cleared) | store_flag
    network = b.network & ~b.cleared
    for i in _where(flagged):
        person = b.persons[i]
        if person is not None and person not in cleared_persons:
            flagged_persons.setdefault(person, f"account {b.ids[i]} of the person is flagged")
    person_bit = np.fromiter(
        (p is not None and p in flagged_persons for p in b.persons), bool, len(b.ids)
    )
    person_bit &= ~b.cleared
    for i in _where(person_bit):
        person = b.persons[i] or ""
        b.note(i, FLAGGED_PERSON, f"person {person}: {flagged_persons[person]}")
    high = (b.risk >= policy.high_risk) & ~b.cleared
    for i in _where(high):
        b.note(i, HIGH_RISK, f"risk score {b.risk[i]:.2f} >= {policy.high_risk}")
    bad = flagged | network
    protected = np.fromiter((r in policy.protected_roles for r in b.roles), bool, len(b.ids))
    protected &= ~bad
    share, degree = neighbourhood_share(results, policy, bad, len(b.ids))
    enough = degree >= policy.dominance_min_contacts
    dominated = enough & (share >= policy.dominance_share) & ~bad & ~protected & ~b.cleared
    for i in _where(dominated):
        b.note(i, DOMINATED, f"{share[i]:.0%} of {degree[i]} contacts are flagged accounts")
    evidence = bad | high | dominated | (b.risk >= policy.evidence_risk)
    evidence |= enough & (share >= policy.evidence_share)
    evidence &= ~protected & ~b.cleared
    code = (
        flagged * FLAGGED
        + person_bit * FLAGGED_PERSON
        + network * NETWORK
        + high * HIGH_RISK
        + dominated * DOMINATED
        + evidence * EVIDENCE
        + protected * PROTECTED
    ).astype(np.int64)
    nonzero = _where(code)
    bits = {b.ids[i]: int(code[i]) for i in nonzero}
    detail = {b.ids[i]: dict(b.detail.get(int(i), {})) for i in nonzero}
    follows, tainted = _contamination(results, protected, evidence)
    handles = {h: results.ids[i] for h, i in results.handles.items() if code[i] & MEMBERISH}
    return GuardState(
        policy=policy,
        matcher=matcher,
        state_version=overlay.state_version,
        results=results,
        overlay=overlay,
        bits=bits,
        detail=detail,
        follows_protected=follows,
        tainted_by=tainted,
        flagged_handles=handles,
        hashtags=hashtag_states(results, overlay, policy, matcher, bad[: results.size]),
        person_of={b.ids[i]: p for i in nonzero if (p := b.persons[i]) is not None},
    )


def _where(mask: np.ndarray) -> list[int]:
    """Indices where ``mask`` is true (or non-zero), as Python ints."""
    return [int(i) for i in np.flatnonzero(mask)]


def neighbourhood_share(
    results: ResultsSnapshot, policy: GuardPolicy, bad: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per account: share of its distinct contacts (either direction) that are ``bad``, and
    how many distinct contacts it has. One sparse matrix-vector product."""
    kinds = tuple(EDGE_KINDS.index(k) for k in policy.dominance_kinds if k in EDGE_KINDS)
    adjacency = results.adjacency(kinds, n)
    degree = np.diff(adjacency.indptr)
    flagged = adjacency @ bad.astype(np.float32)
    share = np.divide(flagged, degree, out=np.zeros(n, dtype=np.float64), where=degree > 0)
    return share, degree


def _contamination(
    results: ResultsSnapshot, protected: np.ndarray, evidence: np.ndarray
) -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """Who follows a protected account; which of its contacts carry network evidence."""
    m = results.size
    guarded = protected[:m]
    follow = EDGE_KINDS.index("follow")
    ids = results.ids
    follows: dict[str, list[str]] = defaultdict(list)
    pick = (results.kind == follow) & guarded[results.dst]
    for s, d in zip(results.src[pick].tolist(), results.dst[pick].tolist(), strict=True):
        follows[ids[s]].append(ids[d])
    tainted: dict[str, set[str]] = defaultdict(set)
    pick = guarded[results.src] & evidence[:m][results.dst] & ~guarded[results.dst]
    for s, d in zip(results.src[pick].tolist(), results.dst[pick].tolist(), strict=True):
        tainted[ids[s]].add(ids[d])
    return (
        {v: tuple(dict.fromkeys(w)) for v, w in follows.items()},
        {w: frozenset(c) for w, c in tainted.items()},
    )

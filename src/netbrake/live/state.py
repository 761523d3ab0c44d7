"""`LiveState`: what each event changes, without a rescan (F6, F9, F10, F5).

One :meth:`LiveState.apply` per event, in log order:

- ``account`` / ``post``: the text signals of the account or post (the lexicon's
  live, standalone hits); recorded as signals, never a decision on their own;
- ``account`` / ``identifier``: person links. A strong identifier (device,
  email, phone, payment, cookie; under the linking cap) shared with a known
  account puts the new account in that person; when the person was removed,
  the account is suppressed at once with the re-registration reason (F6);
- ``edge``: network membership by the batch rules on a two-hop cut around the
  two endpoints (:func:`netbrake.graph.local_membership`), only when an
  endpoint touches the anchored evidence core or its members: no member
  without an anchor, watchdogs never join (F2);
- ``enforcement``: a removal made elsewhere suppresses every account of the
  person and anchors the removed account in the evidence core; ``clear``
  lifts what live mode laid on the accounts;
- ``report``: counted per target (a report alone decides nothing).

Every change to what the guards must do is kept in :attr:`LiveState.flags` and
laid on the guard state (:meth:`lay_on`), so guard endpoints answer from it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from netbrake.graph import local_membership
from netbrake.guard import (
    EVIDENCE,
    FLAGGED,
    FLAGGED_PERSON,
    NETWORK,
    GuardState,
    ResultsSnapshot,
    normalise_handle,
)
from netbrake.identity import STRONG_KINDS
from netbrake.live.contacts import Contacts
from netbrake.live.events import Event
from netbrake.live.log import Effect
from netbrake.scan import PipelineSettings
from netbrake.text import Matcher

#: Deciding reasons of the batch mapping that put an account in the evidence core.
CORE_REASONS = ("seed account", "anchor", "evidence core")
REMOVING = ("remove", "suspend")
#: Largest neighbourhood cut membership is judged on (larger: left to the full scan).
MAX_CUT = 20_000
#: Relative slack on the share thresholds of the pre-check before a cut is built.
SLACK = 1e-9
#: Rounds of judging a joiner's neighbours again after one edge (the rest waits for the scan).
CASCADE = 3


@dataclass(frozen=True, slots=True)
class Flag:
    """What live mode lays on one account for the guards: condition bits and why."""

    bits: int
    reason: str


@dataclass
class Counts:
    events: int = 0
    reregistrations: int = 0
    links: int = 0
    joins: int = 0
    unlinked: int = 0
    left: int = 0
    deferred: int = 0
    text_hits: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)


class LiveState:
    """Incremental accounts, persons, contacts, networks and guard flags."""

    def __init__(
        self,
        settings: PipelineSettings,
        matcher: Matcher,
        base: ResultsSnapshot | None = None,
        anchors: Iterable[str] = (),
    ):
        self.settings = settings
        self.matcher = matcher
        self.handles: dict[str, str] = {}
        self.person_of: dict[str, str] = {}
        self.accounts_of: dict[str, set[str]] = defaultdict(set)
        self.owners: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.removed: dict[str, str] = {}
        self.contacts = Contacts(settings.kind_weights)
        self.member: set[str] = set()
        self.core: set[str] = set()
        self.network_of: dict[str, str] = {}
        self.watchdogs: set[str] = set()
        self.signals: dict[str, set[str]] = defaultdict(set)
        self.reports: Counter[str] = Counter()
        self.flags: dict[str, Flag] = {}
        #: Account -> (the identifier it joined its person through, its person before).
        self.link_key: dict[str, tuple[tuple[str, str], str]] = {}
        #: Account -> the identifier its re-registration suppression rests on.
        self.rereg_key: dict[str, tuple[str, str]] = {}
        #: Accounts that joined a network live (not anchors, removals or scan members).
        self.joined: set[str] = set()
        #: Accounts whose live flags were withdrawn since :meth:`take_withdrawn` (the guard
        #: state must be rebuilt: laying on only adds).
        self.withdrawn: set[str] = set()
        self.counts = Counts()
        if base is not None:
            self._seed(base)
        for account in anchors:
            self.anchor(account)

    def know_identifiers(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Identifier hashes (account, kind, value) the scan's dataset holds: a sign-up that
        shares one with a scanned account is linked to its person (F6). Links among them are
        the scan's to make, so none is made here."""
        for account, kind, value in rows:
            self.owners[(kind, value)].add(account)

    def anchor(self, account: str) -> None:
        """Make ``account`` an anchor of the evidence core, as a seed of ``netbrake scan``
        is (F10: membership grows only around anchors)."""
        self.core.add(account)
        self.member.add(account)
        self.network_of.setdefault(account, f"live:{account}")
        self._flag(account, NETWORK, "live: seed account")

    def _seed(self, base: ResultsSnapshot) -> None:
        """Start from a scan: its persons, networks, evidence core, watchdogs and contacts."""
        for i, account in enumerate(base.ids):
            person = base.person[i]
            if person is not None:
                self._join_person(account, person)
            if base.role[i] == "watchdog":
                self.watchdogs.add(account)
            if base.network[i] >= 0:
                self.member.add(account)
                self.network_of[account] = str(int(base.network[i]))
                first = base.reasons[i][0] if base.reasons[i] else ""
                if first.startswith(CORE_REASONS):
                    self.core.add(account)
        for s, d, k in zip(base.src.tolist(), base.dst.tolist(), base.kind.tolist(), strict=True):
            from netbrake.platform import EDGE_KINDS

            self.contacts.add(base.ids[s], base.ids[d], EDGE_KINDS[k])

    # -- persons -----------------------------------------------------------------------

    def _join_person(self, account: str, person: str) -> None:
        old = self.person_of.get(account)
        if old is not None:
            self.accounts_of[old].discard(account)
        self.person_of[account] = person
        self.accounts_of[person].add(account)

    def person(self, account: str) -> str:
        found = self.person_of.get(account)
        if found is None:
            found = f"live:{account}"
            self._join_person(account, found)
        return found

    def _flag(self, account: str, bits: int, reason: str) -> bool:
        held = self.flags.get(account)
        if held is not None and held.bits & bits == bits:
            return False
        self.flags[account] = Flag(
            (held.bits if held else 0) | bits | EVIDENCE, held.reason if held else reason
        )
        return True

    def _identifier(self, offset: int, account: str, kind: str, value: str) -> list[Effect]:
        key = (kind, value)
        others = self.owners[key] - {account}
        self.owners[key].add(account)
        if kind not in STRONG_KINDS or not others:
            return []
        cap = self.settings.linking.cap(kind)
        if len(others) + 1 > cap:
            # A shared value (a family tablet, a café) links no one (F6 caps): neither the
            # new account nor those it linked while it was still under the cap, as the
            # scan, which sees every account of the value, would not link them.
            return self._withdraw(offset, key, cap)
        effects: list[Effect] = []
        for other in sorted(others):
            person = self.person(other)
            if self.person_of.get(account) == person:
                continue
            self.link_key[account] = (key, self.person(account))
            self._join_person(account, person)
            self.counts.links += 1
            why = f"{kind} shared with account {other} of person {person}"
            effects.append(Effect(offset, "person_link", account, why))
            if person in self.removed:
                reason = f"re-registration: {why}, removed ({self.removed[person]})"
                if self._flag(account, FLAGGED | FLAGGED_PERSON, reason):
                    self.counts.reregistrations += 1
                    self.rereg_key[account] = key
                    effects.append(Effect(offset, "reregistration", account, reason))
        return effects

    def _withdraw(self, offset: int, key: tuple[str, str], cap: int) -> list[Effect]:
        """Undo the person links (and re-registration suppressions) made through ``key``."""
        effects: list[Effect] = []
        why = f"{key[0]} shared by more than {cap} accounts links no one"
        for account in sorted(self.owners[key]):
            held = self.link_key.get(account)
            if held is None or held[0] != key:
                continue
            del self.link_key[account]
            self._join_person(account, held[1])
            self.counts.unlinked += 1
            effects.append(Effect(offset, "person_unlink", account, why))
            if self.rereg_key.get(account) == key:
                del self.rereg_key[account]
                self.flags.pop(account, None)
                self.withdrawn.add(account)
                if account in self.member:  # its membership stands on its own contacts
                    network = self.network_of.get(account, "")
                    self._flag(account, NETWORK, f"live: member of network {network}")
                effects.append(Effect(offset, "cleared", account, why))
        return effects

    # -- events ------------------------------------------------------------------------

    def apply(self, offset: int, event: Event) -> list[Effect]:
        """Apply one event; the durable effects it had (person links, joins, suppressions)."""
        self.counts.events += 1
        self.counts.by_kind[event.kind] += 1
        data = event.data
        if event.kind == "account":
            account = data["account_id"]
            self.handles[account] = data["handle"]
            self.person(account)
            texts = [data.get("handle"), data.get("display_name"), data.get("bio")]
            self._text(account, " ".join(t for t in texts if t))
            effects: list[Effect] = []
            for ident in data.get("identifiers") or ():
                effects += self._identifier(offset, account, ident["kind"], ident["value"])
            return effects
        if event.kind == "identifier":
            return self._identifier(offset, data["account_id"], data["kind"], data["value"])
        if event.kind == "post":
            tags = " ".join(f"#{t}" for t in data.get("hashtags") or ())
            self._text(data["account_id"], f"{data.get('text') or ''} {tags}")
            return []
        if event.kind == "report":
            self.reports[data["target_id"]] += 1
            return []
        if event.kind == "edge":
            self.contacts.add(data["src"], data["dst"], data["kind"])
            return self._membership(offset, data["src"], data["dst"])
        return self._enforcement(offset, data)

    def _text(self, account: str, text: str) -> None:
        if not text.strip():
            return
        for hit in self.matcher.scan(text).hits:
            if hit.state == "live" and hit.standalone:
                self.signals[account].add(hit.entry_id)
                self.counts.text_hits += 1

    def _enforcement(self, offset: int, data: dict[str, str]) -> list[Effect]:
        subject = data["subject_id"]
        person = self.person(subject) if data["subject_kind"] == "account" else subject
        accounts = sorted(
            self.accounts_of.get(person, set())
            | ({subject} if data["subject_kind"] == "account" else set())
        )
        if data["action"] == "clear":
            self.removed.pop(person, None)
            for account in accounts:
                if self.flags.pop(account, None) is not None:
                    self.withdrawn.add(account)
            return [
                Effect(offset, "cleared", a, f"cleared by {data['decided_by']}") for a in accounts
            ]
        why = f"{data['action']} by {data['decided_by']}" + (
            f": {data['reason']}" if data["reason"] else ""
        )
        effects: list[Effect] = []
        if data["action"] in REMOVING:
            self.removed[person] = why
            if data["subject_kind"] == "account":
                self.joined.discard(subject)
                # A removal decided by the platform is an anchor of its own: the accounts its
                # members seek out and reach can join around it, nothing joins without one.
                self.core.add(subject)
                self.member.add(subject)
                self.network_of.setdefault(subject, f"live:{subject}")
        for account in accounts:
            bits = FLAGGED | (FLAGGED_PERSON if data["action"] in REMOVING else 0)
            if self._flag(account, bits, f"live enforcement: {why}"):
                effects.append(Effect(offset, "suppressed", account, why))
        return effects

    def _membership(self, offset: int, src: str, dst: str) -> list[Effect]:
        effects = self._recheck(offset, src) if src in self.joined else []
        touches = src in self.member or src in self.core or dst in self.member or dst in self.core
        if not touches or (src in self.member and dst in self.member):
            return effects
        judged = [v for v in (src, dst) if v not in self.member and v not in self.watchdogs]
        for _ in range(CASCADE):
            if not judged:
                break
            found, joiners = self._judge(offset, judged)
            effects += found
            # A joiner is one more member contact for its neighbours: judge them again,
            # as the batch rule's next round would (bounded: the scan reconciles the rest).
            judged = sorted(
                {v for a in joiners for v in self.contacts.neighbours(a)}
                - self.member
                - self.watchdogs
            )
        return effects

    def _may_join(self, account: str) -> bool:
        """False when no membership rule can hold for ``account`` (throughput, F9).

        The counts and hub-damped shares every rule reads (contacts into the core and
        their share, member contacts and their share, members contacting it and their
        share) are computed here from the adjacency maps exactly as the cut's
        :class:`netbrake.graph.Graph` computes them, so the cut is built only for an
        account some rule may admit. Thresholds are met with a relative slack of
        :data:`SLACK`: rounding can only let more accounts through to the cut, where
        the batch rule itself decides. The rule needing a network's coverage is bounded
        by the core contacts (one network's core is part of the core).
        """
        p = self.settings.mapping
        contacts = self.contacts
        scale = contacts.scale
        core, member = self.core, self.member
        out_total = core_mass = member_mass = 0.0
        core_links = member_links = 0
        for v in contacts.out.get(account, ()):
            w = scale(v)
            out_total += w
            if v in core:
                core_links += 1
                core_mass += w
            if v in member:
                member_links += 1
                member_mass += w
        in_total = in_mass = 0.0
        in_links = 0
        for u in contacts.inn.get(account, ()):
            w = scale(u)
            in_total += w
            if u in member or u in core:
                in_links += 1
                in_mass += w
        keep = 1.0 - SLACK
        enough = out_total > 0 and core_mass >= p.min_share * keep * out_total
        least = min(p.min_links, p.engaged_links, p.cover_links)
        return (
            (core_links >= least and enough)
            or (
                core_links >= 1
                and member_links >= p.min_links
                and member_mass >= p.near_share * keep * out_total
            )
            or (
                in_links >= p.min_in_links
                and in_total > 0
                and in_mass >= p.min_in_share * keep * in_total
            )
        )

    def _judge(self, offset: int, judged: list[str]) -> tuple[list[Effect], list[str]]:
        """Judge ``judged`` on their two-hop cut; the effects and the accounts that joined."""
        judged = [v for v in judged if self._may_join(v)]
        if not judged:
            return [], []
        graph = self.contacts.cut(judged, self.settings.kind_weights, MAX_CUT)
        if graph is None:
            self.counts.deferred += 1
            return [], []
        ids = graph.ids.to_pylist()
        member = np.fromiter((v in self.member for v in ids), bool, len(ids))
        core = np.fromiter((v in self.core for v in ids), bool, len(ids))
        blocked = np.fromiter((v in self.watchdogs for v in ids), bool, len(ids))
        sought, reach = local_membership(graph, member, core, blocked, self.settings.mapping)
        effects: list[Effect] = []
        joiners: list[str] = []
        wanted = set(judged)
        for i in np.flatnonzero(sought | reach).tolist():
            account = ids[i]
            if account not in wanted:
                continue
            if self._watchdog_pattern(account) is not None:
                self.watchdogs.add(account)  # F2: a watchdog never joins
                continue
            if sought[i]:
                self.core.add(account)
            self.member.add(account)
            self.joined.add(account)
            joiners.append(account)
            network = self._network(account)
            self.network_of[account] = network
            self.counts.joins += 1
            how = "sought out by members" if sought[i] else "reaches the evidence core"
            reason = f"live: joined network {network} ({how})"
            self._flag(account, NETWORK, reason)
            effects.append(Effect(offset, "member", account, reason))
        return effects, joiners

    def _watchdog_pattern(self, account: str) -> str | None:
        """Why ``account``'s contacts are a watchdog's, as the scan's structural test
        (:func:`netbrake.graph.map_networks`): it contacts many members of one network,
        most of it, and few of them contact it back (F2). None when they are not."""
        p = self.settings.mapping
        out = [v for v in self.contacts.out.get(account, ()) if v in self.member]
        if len(out) < p.watchdog_min_contacts:
            return None
        network, contacted = Counter(self.network_of[v] for v in out).most_common(1)[0]
        back = sum(
            1
            for u in self.contacts.inn.get(account, ())
            if u in self.member and self.network_of.get(u) == network
        )
        size = sum(1 for v in self.member if self.network_of.get(v) == network)
        if (
            contacted < p.watchdog_min_contacts
            or contacted / max(size - 1, 1) < p.watchdog_min_coverage
            or back > p.watchdog_max_reciprocity * contacted
        ):
            return None
        return f"contacts {contacted} members of network {network}, {back} contact it back"

    def _recheck(self, offset: int, account: str) -> list[Effect]:
        """A live joiner whose contacts have become a watchdog's leaves its network (F2)."""
        why = self._watchdog_pattern(account)
        if why is None:
            return []
        self.joined.discard(account)
        self.member.discard(account)
        self.core.discard(account)
        self.network_of.pop(account, None)
        self.watchdogs.add(account)
        self.counts.left += 1
        held = self.flags.get(account)
        if held is not None and not held.bits & FLAGGED:  # a removal stays in force
            del self.flags[account]
            self.withdrawn.add(account)
        return [Effect(offset, "left", account, f"watchdog pattern: {why}")]

    def take_withdrawn(self) -> set[str]:
        """Accounts whose live flags were withdrawn since the last call (then forgotten)."""
        found, self.withdrawn = self.withdrawn, set()
        return found

    def _network(self, account: str) -> str:
        """The network the account has most contacts with among members."""
        votes = Counter(
            self.network_of[v] for v in self.contacts.neighbours(account) if v in self.network_of
        )
        return votes.most_common(1)[0][0] if votes else f"live:{account}"

    # -- guards ------------------------------------------------------------------------

    def lay_on(self, state: GuardState, accounts: list[str] | None = None) -> None:
        """Write live flags into ``state`` (all of them, or those of ``accounts``)."""
        changed = False
        for account in self.flags if accounts is None else accounts:
            flag = self.flags.get(account)
            if flag is None:
                continue
            state.bits[account] = state.bits.get(account, 0) | flag.bits
            detail = state.detail.setdefault(account, {})
            for bit in (FLAGGED, FLAGGED_PERSON, NETWORK, EVIDENCE):
                if flag.bits & bit:
                    detail.setdefault(bit, flag.reason)
            person = self.person_of.get(account)
            if person is not None:
                state.person_of.setdefault(account, person)
            handle = self.handles.get(account)
            if handle:
                state.flagged_handles[normalise_handle(handle)] = account
                changed = True
        if changed:
            state.text_cache.clear()  # a cached "clean" answer for a now-flagged handle

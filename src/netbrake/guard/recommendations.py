"""The recommendation guard: filter candidate accounts for one viewer.

Per surface, the ordered rules of the policy run against each candidate; the
first live rule that matches decides, shadow rules that match are recorded
only. The per-candidate cost of a clean candidate is one dictionary lookup:
every viewer-independent condition is a precomputed bit of
:attr:`GuardState.bits`, and only candidates with a bit (or a viewer with one)
go through the rules.

What the guard can know about contamination (F2): it sees the
viewer, the candidates and, when the recommender supplies it, each
candidate's provenance (``reached_via``: the accounts through which the
recommender reached it). With provenance, a candidate reached only through
protected (watchdog) accounts, or only through flagged ones, is dropped
whatever it is. Without provenance, it can only drop, for viewers who follow
a watchdog, candidates that watchdog contacted and that carry network
evidence (:data:`netbrake.guard.state.EVIDENCE`); a benign account a watchdog
contacted stays recommendable, and a recommender that learned from her
contact is not itself fixed: refuse those interactions with
:meth:`GuardEngine.admits`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from netbrake.guard.actions import Condition, GuardAction
from netbrake.guard.decision import Dropped, GuardResult, ShadowHit
from netbrake.guard.settings import Rule, SurfacePolicy
from netbrake.guard.state import (
    DOMINATED,
    FLAGGED,
    FLAGGED_PERSON,
    HIGH_RISK,
    MEMBERISH,
    NETWORK,
    PROTECTED,
    GuardState,
)
from netbrake.policy import State

#: Viewer-independent conditions and the state bit each one reads.
STATIC_BITS = {
    Condition.FLAGGED: FLAGGED,
    Condition.FLAGGED_PERSON: FLAGGED_PERSON,
    Condition.NETWORK_MEMBER: NETWORK,
    Condition.HIGH_RISK: HIGH_RISK,
    Condition.DOMINATED_NEIGHBOURHOOD: DOMINATED,
}
DESCRIPTIONS = {
    Condition.FLAGGED: "flagged account",
    Condition.FLAGGED_PERSON: "account of a flagged person",
    Condition.NETWORK_MEMBER: "member of a mapped network",
    Condition.HIGH_RISK: "high network risk",
    Condition.DOMINATED_NEIGHBOURHOOD: "neighbourhood dominated by flagged accounts",
    Condition.FLAGGED_PAIR: "flagged accounts are never recommended to each other",
    Condition.WATCHDOG_CONTACT: "reached only through a protected (watchdog) account's contact",
    Condition.FLAGGED_PROVENANCE: "reached only through flagged accounts",
}
Provenance = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class _Context:
    state: GuardState
    viewer_flagged: bool
    tainted: frozenset[str]
    reached_via: Provenance | None


def account_rules(surface: SurfacePolicy) -> tuple[Rule, ...]:
    """The surface's rules that apply to accounts and are not disabled, in order."""
    return tuple(r for r in surface.rules if not r.when.on_text and r.state is not State.DISABLED)


def _matches(rule: Rule, candidate: str, bits: int, ctx: _Context) -> str | None:
    """Why ``rule`` holds for ``candidate`` (a reason), or None."""
    when = rule.when
    state = ctx.state
    bit = STATIC_BITS.get(when)
    if bit is not None:
        return state.detail.get(candidate, {}).get(bit, "") if bits & bit else None
    if when is Condition.FLAGGED_PAIR:
        return (
            "viewer and candidate are flagged" if ctx.viewer_flagged and bits & MEMBERISH else None
        )
    via = ctx.reached_via.get(candidate) if ctx.reached_via is not None else None
    if when is Condition.WATCHDOG_CONTACT:
        if candidate in ctx.tainted:
            return "contacted by a watchdog the viewer follows"
        if via and all(state.bits.get(v, 0) & PROTECTED for v in via):
            return f"reached via {', '.join(via)}"
        return None
    if when is Condition.FLAGGED_PROVENANCE and via:
        return (
            f"reached via {', '.join(via)}"
            if all(state.bits.get(v, 0) & MEMBERISH for v in via)
            else None
        )
    return None


def _decide(
    rules: tuple[Rule, ...], default: GuardAction, name: str, candidate: str, bits: int, ctx: _Context,
    shadow: list[ShadowHit],
) -> Dropped | None:  # fmt: skip
    for rule in rules:
        detail = _matches(rule, candidate, bits, ctx)
        if detail is None:
            continue
        reason = rule.reason or DESCRIPTIONS[rule.when]
        reason = f"{reason}: {detail}" if detail else reason
        action = rule.action.for_list()
        if rule.state is State.SHADOW:
            shadow.append(ShadowHit(candidate, action, rule.id, reason))
            continue
        return None if action is GuardAction.ALLOW else Dropped(candidate, action, rule.id, reason)
    if default is GuardAction.ALLOW:
        return None
    return Dropped(
        candidate, default.for_list(), f"{name}.default", "no rule matched: surface default"
    )


def filter_candidates(
    state: GuardState,
    surface: str,
    viewer: str,
    candidates: Sequence[str],
    reached_via: Provenance | None = None,
) -> GuardResult:
    """Kept candidates (in order, downranked last) and the dropped ones with reasons."""
    name, policy = state.policy.surface(surface)
    version, sv = state.policy.version, state.state_version
    if policy.kill_switch:
        why = f"kill switch: surface {name} is switched off"
        gone = [Dropped(c, GuardAction.DROP, f"{name}.kill_switch", why) for c in candidates]
        return GuardResult([], gone, name, version, sv)
    rules = account_rules(policy)
    bits_of = state.bits
    ctx = _Context(
        state,
        bool(bits_of.get(viewer, 0) & (FLAGGED | NETWORK)),
        state.tainted(viewer)
        if any(r.when is Condition.WATCHDOG_CONTACT for r in rules)
        else frozenset(),
        reached_via or None,
    )
    mask = 0
    for rule in rules:
        mask |= STATIC_BITS.get(rule.when, 0)
        if rule.when is Condition.FLAGGED_PAIR and ctx.viewer_flagged:
            mask |= MEMBERISH
    # A candidate with none of the masked bits can only match a rule through the
    # viewer's watchdog contacts or the request's provenance; everything else is
    # kept without evaluating the rules (the common case, so p99 stays flat).
    every = policy.default is not GuardAction.ALLOW
    tainted, via = ctx.tainted, ctx.reached_via
    kept: list[str] = []
    down: list[Dropped] = []
    dropped: list[Dropped] = []
    shadow: list[ShadowHit] = []
    for candidate in candidates:
        bits = bits_of.get(candidate, 0)
        if not (
            bits & mask or every or candidate in tainted or (via is not None and candidate in via)
        ):
            kept.append(candidate)
            continue
        verdict = _decide(rules, policy.default, name, candidate, bits, ctx, shadow)
        if verdict is None:
            kept.append(candidate)
        elif verdict.action is GuardAction.DOWNRANK:
            down.append(verdict)
        else:
            dropped.append(verdict)
    kept.extend(d.id for d in down)
    return GuardResult(kept, dropped, name, version, sv, downranked=down, shadow=shadow)


def fail_closed(
    state_policy: SurfacePolicy, name: str, candidates: Sequence[str], allow: frozenset[str],
    version: str,
) -> GuardResult:  # fmt: skip
    """The answer when live state cannot be read: closed surfaces keep only the allow-list."""
    if state_policy.on_state_error == "open" and not state_policy.kill_switch:
        return GuardResult(list(candidates), [], name, version, -1, degraded=True)
    why = "live state unavailable: failing closed"
    kept = [c for c in candidates if c in allow and not state_policy.kill_switch]
    dropped = [
        Dropped(c, GuardAction.DROP, f"{name}.fail_closed", why)
        for c in candidates
        if c not in allow or state_policy.kill_switch
    ]
    return GuardResult(kept, dropped, name, version, -1, degraded=True)

"""Reference recommendation guard: every rule on every candidate, no shortcuts.

:func:`netbrake.guard.recommendations.filter_candidates` skips candidates
without a state bit and computes the viewer's tainted set once; this one
asks each question from scratch, and a test checks both agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from netbrake.guard.actions import Condition, GuardAction
from netbrake.guard.decision import Dropped, GuardResult, ShadowHit
from netbrake.guard.recommendations import DESCRIPTIONS
from netbrake.guard.state import (
    DOMINATED,
    FLAGGED,
    FLAGGED_PERSON,
    HIGH_RISK,
    NETWORK,
    PROTECTED,
    GuardState,
)
from netbrake.policy import State

_BIT = {
    Condition.FLAGGED: FLAGGED,
    Condition.FLAGGED_PERSON: FLAGGED_PERSON,
    Condition.NETWORK_MEMBER: NETWORK,
    Condition.HIGH_RISK: HIGH_RISK,
    Condition.DOMINATED_NEIGHBOURHOOD: DOMINATED,
}


def _has(state: GuardState, account: str, bit: int) -> bool:
    return bool(state.bits.get(account, 0) & bit)


def _member(state: GuardState, account: str) -> bool:
    return any(_has(state, account, b) for b in (FLAGGED, FLAGGED_PERSON, NETWORK))


def _detail(
    state: GuardState, when: Condition, viewer: str, candidate: str, via: Sequence[str] | None
) -> str | None:
    if when in _BIT:
        bit = _BIT[when]
        return state.detail.get(candidate, {}).get(bit, "") if _has(state, candidate, bit) else None
    if when is Condition.FLAGGED_PAIR:
        viewer_flagged = _has(state, viewer, FLAGGED) or _has(state, viewer, NETWORK)
        return (
            "viewer and candidate are flagged"
            if viewer_flagged and _member(state, candidate)
            else None
        )
    if when is Condition.WATCHDOG_CONTACT:
        for watchdog in state.follows_protected.get(viewer, ()):
            if candidate in state.tainted_by.get(watchdog, frozenset()):
                return "contacted by a watchdog the viewer follows"
        if via and all(_has(state, v, PROTECTED) for v in via):
            return f"reached via {', '.join(via)}"
        return None
    if when is Condition.FLAGGED_PROVENANCE and via and all(_member(state, v) for v in via):
        return f"reached via {', '.join(via)}"
    return None


def reference_filter(
    state: GuardState,
    surface: str,
    viewer: str,
    candidates: Sequence[str],
    reached_via: Mapping[str, Sequence[str]] | None = None,
) -> GuardResult:
    name, policy = state.policy.surface(surface)
    version = state.policy.version
    if policy.kill_switch:
        why = f"kill switch: surface {name} is switched off"
        return GuardResult([], [Dropped(c, GuardAction.DROP, f"{name}.kill_switch", why)
                                for c in candidates], name, version, state.state_version)  # fmt: skip
    kept: list[str] = []
    down: list[Dropped] = []
    dropped: list[Dropped] = []
    shadow: list[ShadowHit] = []
    for candidate in candidates:
        via = (reached_via or {}).get(candidate)
        verdict: Dropped | None = None
        decided = False
        for rule in policy.rules:
            if rule.when.on_text or rule.state is State.DISABLED:
                continue
            detail = _detail(state, rule.when, viewer, candidate, via)
            if detail is None:
                continue
            reason = rule.reason or DESCRIPTIONS[rule.when]
            reason = f"{reason}: {detail}" if detail else reason
            action = rule.action.for_list()
            if rule.state is State.SHADOW:
                shadow.append(ShadowHit(candidate, action, rule.id, reason))
                continue
            decided = True
            if action is not GuardAction.ALLOW:
                verdict = Dropped(candidate, action, rule.id, reason)
            break
        if not decided and policy.default is not GuardAction.ALLOW:
            verdict = Dropped(candidate, policy.default.for_list(), f"{name}.default",
                              "no rule matched: surface default")  # fmt: skip
        if verdict is None:
            kept.append(candidate)
        elif verdict.action is GuardAction.DOWNRANK:
            down.append(verdict)
        else:
            dropped.append(verdict)
    kept.extend(d.id for d in down)
    return GuardResult(
        kept, dropped, name, version, state.state_version, downranked=down, shadow=shadow
    )

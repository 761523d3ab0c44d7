"""Search, autocomplete and hashtag guards (items 4-5; F3, F4).

A query is judged by the surface's text rules: lexicon hits (through every
disguise the text layer folds: spacing, leetspeak, homoglyphs, appended
words), hashtags whose state forbids the surface, handles of flagged
accounts. A ``block`` answers with help resources and never with a
click-through. An autocomplete suggestion is judged on itself and on the
prefix joined to it (with and without a space), so a blocked name with
words appended, or split between prefix and suggestion, is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from netbrake.guard.actions import Condition, GuardAction
from netbrake.guard.decision import Dropped, GuardDecision, GuardResult, ShadowHit
from netbrake.guard.settings import Rule, SurfacePolicy
from netbrake.guard.snapshot import normalise_tag
from netbrake.guard.state import CLEAN, GuardState, TextFacts
from netbrake.policy import Severity, State

#: Longest query or suggestion judged (longer input is cut; the text layer caps too).
MAX_QUERY = 512


def text_rules(surface: SurfacePolicy, *, degraded: bool = False) -> tuple[Rule, ...]:
    """The surface's text rules; without live state only lexicon rules can run."""
    return tuple(
        r
        for r in surface.rules
        if r.when.on_text
        and r.state is not State.DISABLED
        and (not degraded or r.when is Condition.LEXICON)
    )


class _Text:
    """One text under judgement (and its other forms), with its facts looked up once.

    Facts are looked up form by form, only as far as the rules ask: a
    suggestion that hits the first rule on its own never has its joined forms
    read (their views cost most of an autocomplete call). Rules and forms are
    visited in the same order either way, so the decision is the same.
    """

    def __init__(self, state: GuardState, texts: Iterable[str]):
        self._forms = list(dict.fromkeys(t[:MAX_QUERY] for t in texts if t.strip()))
        self._lookup = state.text_facts
        self._known: list[TextFacts] = []

    def facts(self) -> Iterator[TextFacts]:
        """The facts of each form that has any, in order, each looked up once."""
        for k, form in enumerate(self._forms):
            if k == len(self._known):
                self._known.append(self._lookup(form))
            if self._known[k] is not CLEAN:
                yield self._known[k]

    def match(self, rule: Rule) -> str | None:
        """Why ``rule`` holds for this text, or None."""
        when = rule.when
        for facts in self.facts():
            if when is Condition.LEXICON:
                least = Severity(rule.min_severity).rank
                for hit in facts.hits:
                    if (
                        (hit.standalone or rule.weak)
                        and (not rule.categories or hit.category in rule.categories)
                        and Severity(hit.severity).rank >= least
                    ):
                        return (
                            f"matches lexicon entry {hit.entry_id} ({hit.category}, {hit.variant})"
                        )
            elif when is Condition.FLAGGED_HANDLE and facts.handle is not None:
                return f"handle of flagged account {facts.handle}"
            elif facts.tag is not None:
                tag = facts.tag
                if when is Condition.FLAGGED_HASHTAG and tag.state in ("blocked", "flagged"):
                    return f"hashtag #{tag.tag} is {tag.state}: {tag.reason}"
                if when is Condition.HASHTAG_REVIEW and tag.state == "review":
                    return f"hashtag #{tag.tag} awaits review before it is suggested: {tag.reason}"
        return None


def _judge(
    rules: tuple[Rule, ...], text: _Text, item: str
) -> tuple[Rule | None, str, list[ShadowHit]]:
    shadow: list[ShadowHit] = []
    for rule in rules:
        detail = text.match(rule)
        if detail is None:
            continue
        reason = f"{rule.reason}: {detail}" if rule.reason else detail
        if rule.state is State.SHADOW:
            shadow.append(ShadowHit(item, rule.action, rule.id, reason))
            continue
        return rule, reason, shadow
    return None, "", shadow


def decide_query(
    state: GuardState, surface: str, query: str, *, degraded: bool = False
) -> GuardDecision:
    """The decision on a search query (or a hashtag page's tag) on ``surface``."""
    policy = state.policy
    name, sp = policy.surface(surface)
    sv = -1 if degraded else state.state_version
    common = {"policy_version": policy.version, "surface": name, "state_version": sv,
              "degraded": degraded}  # fmt: skip
    if sp.kill_switch:
        return GuardDecision(GuardAction.BLOCK, f"{name}.kill_switch",
                             f"kill switch: surface {name} is switched off",
                             help=policy.help_resources, **common)  # type: ignore[arg-type]  # fmt: skip
    rule, reason, shadow = _judge(text_rules(sp, degraded=degraded), _Text(state, [query]), query)
    if rule is None:
        action, by, reason = sp.default.for_query(), f"{name}.default", "no rule matched"
    else:
        action, by = rule.action.for_query(), rule.id
    help_ = policy.help_resources if action is GuardAction.BLOCK else ()
    return GuardDecision(action, by, reason, help=help_, shadow=tuple(shadow), **common)  # type: ignore[arg-type]


def decide_hashtag(state: GuardState, tag: str, *, degraded: bool = False) -> GuardDecision:
    """The hashtag page decision, with the tag's state (usable, searchable, suggestible)."""
    decision = decide_query(state, "hashtag_page", tag if tag.startswith("#") else f"#{tag}",
                            degraded=degraded)  # fmt: skip
    found = None if degraded else state.hashtags.get(normalise_tag(tag))
    info = found.to_dict() if found is not None else {
        "tag": normalise_tag(tag), "state": "unknown", "usable": True, "searchable": True,
        "suggestible": True, "reason": "not seen in the scanned posts",
    }  # fmt: skip
    if decision.action is GuardAction.BLOCK:
        info = {**info, "searchable": False, "suggestible": False}
    return GuardDecision(**{**decision.__dict__, "hashtag": info})


def filter_suggestions(
    state: GuardState,
    prefix: str,
    suggestions: Sequence[str],
    surface: str = "autocomplete",
    *,
    degraded: bool = False,
) -> GuardResult:
    """Suggestions for a typed ``prefix`` that may be shown, and the dropped ones."""
    policy = state.policy
    name, sp = policy.surface(surface)
    sv = -1 if degraded else state.state_version
    if sp.kill_switch:
        why = f"kill switch: surface {name} is switched off"
        gone = [Dropped(s, GuardAction.DROP, f"{name}.kill_switch", why) for s in suggestions]
        return GuardResult([], gone, name, policy.version, sv, degraded=degraded)
    rules = text_rules(sp, degraded=degraded)
    kept: list[str] = []
    down: list[Dropped] = []
    dropped: list[Dropped] = []
    shadows: list[ShadowHit] = []
    base = prefix.strip()
    key = normalise_tag(base)
    plain = sp.default is GuardAction.ALLOW
    facts = state.text_facts
    for suggestion in suggestions:
        if not key or normalise_tag(suggestion).startswith(key):
            forms = [suggestion]
        else:
            forms = [suggestion, base + suggestion, f"{base} {suggestion}"]
        if plain and all(facts(f[:MAX_QUERY]) is CLEAN for f in forms):
            kept.append(suggestion)  # the common case: nothing known about any form
            continue
        rule, reason, shadow = _judge(rules, _Text(state, forms), suggestion)
        shadows.extend(shadow)
        action = sp.default.for_list() if rule is None else rule.action.for_list()
        by = f"{name}.default" if rule is None else rule.id
        if action is GuardAction.ALLOW:
            kept.append(suggestion)
        elif action is GuardAction.DOWNRANK:
            down.append(Dropped(suggestion, action, by, reason or "surface default"))
        else:
            dropped.append(Dropped(suggestion, action, by, reason or "surface default"))
    kept.extend(d.id for d in down)
    return GuardResult(kept, dropped, name, policy.version, sv, degraded, down, shadows)

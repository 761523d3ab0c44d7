"""The table "F1-F10: failure -> what netbrake measured here" (docs/failures.md).

Every row carries a figure from this run, or says it was not measured and why.
"""

from __future__ import annotations

from netbrake.audit import Rate
from netbrake.demo.findings import SHORT, DemoFindings, FailureRow


def _pct(rate: Rate) -> str:
    return f"{rate.value:.1%}"


def _arrow(unguarded: Rate, guarded: Rate) -> str:
    return f"{_pct(unguarded)} → {_pct(guarded)}"


def _not_measured(code: str, failure: str, answer: str, why: str, section: str) -> FailureRow:
    return FailureRow(code, failure, answer, f"not measured in this run: {why}", section, False)


def _f1(f: DemoFindings) -> FailureRow:
    failure = "Viewing one network account filled “suggested for you” with sellers and buyers."
    answer = "recommendation guard + safety audit"
    parts = []
    for rec in f.audit.recommenders:
        try:
            e = f.audit.exposure("view_one_member", rec, "suggested_accounts", 1)
        except KeyError:
            continue
        parts.append(
            f"{SHORT.get(rec, rec)} {_arrow(e.unguarded_suggestions, e.guarded_suggestions)}"
        )
    if not parts:
        return _not_measured("F1", failure, answer, "the view probe was not run", "exposure")
    return FailureRow(
        "F1",
        failure,
        answer,
        "suggestions that are members after viewing one member, without → with guards: "
        + "; ".join(parts),
        "exposure",
    )


def _f2(f: DemoFindings) -> FailureRow:
    failure = "A watchdog's brief contact got the offending account recommended to her followers."
    answer = "guard ignores watchdog contact"
    if not f.audit.contamination:
        why = "; ".join(f.audit.notes) or "the contamination probe was not run"
        return _not_measured("F2", failure, answer, why, "exposure")
    parts = [
        f"{SHORT.get(c.recommender, c.recommender)} {_arrow(c.unguarded, c.guarded)} "
        f"(before contact {_pct(c.before_contact)})"
        for c in f.audit.contamination
    ]
    return FailureRow(
        "F2",
        failure,
        answer,
        f"watchdog followers shown the touched member ({f.audit.contamination[0].watchdogs} "
        "watchdogs), without → with guards: " + "; ".join(parts),
        "exposure",
    )


def _surface(f: DemoFindings, name: str) -> tuple[Rate, Rate, Rate, int] | None:
    for t in f.audit.text_surfaces:
        if t.surface == name:
            return t.unguarded, t.guarded, t.leaked, t.probes
    return None


def _f3(f: DemoFindings) -> FailureRow:
    failure = "Explicit hashtags were searchable behind a “see results anyway” screen."
    answer = "search guard: block + help, no click-through"
    s = _surface(f, "search")
    if s is None:
        return _not_measured("F3", failure, answer, "no text probes", "search")
    u, g, leaked, n = s
    return FailureRow(
        "F3",
        failure,
        answer,
        f"{n} lexicon queries and variants: leading to members {_arrow(u, g)}; "
        f"queries served by the guard {_pct(leaked)}",
        "search",
    )


def _f4(f: DemoFindings) -> FailureRow:
    failure = "Autocomplete suggested variants of a blocked term with words appended."
    answer = "autocomplete guard robust to variants"
    s = _surface(f, "autocomplete")
    if s is None:
        return _not_measured("F4", failure, answer, "no text probes", "search")
    u, g, leaked, n = s
    return FailureRow(
        "F4",
        failure,
        answer,
        f"{n} typed prefixes showing a harmful completion {_arrow(u, g)}; "
        f"harmful completions kept {leaked.hits} of {leaked.trials}",
        "search",
    )


def _f5(f: DemoFindings) -> FailureRow:
    failure = "Coded language: explicit tags, emoji codes, “s3ller”, reversed ages, menus, payment."
    answer = "text signals: normalisation + lexicon + extractors"
    t = f.text
    if not t.categories:
        return _not_measured("F5", failure, answer, "the scan found no indicator", "text")
    variants = {v for c in t.categories for v, _ in c.variants}
    return FailureRow(
        "F5",
        failure,
        answer,
        f"{t.hits:,} indicator hits in {len(t.categories)} categories, in {len(variants)} "
        f"disguises; {t.minor_age_claims} stated minor ages ({t.minor_age_claims_members} on members)",
        "text",
    )


def _f6(f: DemoFindings) -> FailureRow:
    failure = "Penalties hit accounts, not people: backup accounts resumed after takedowns."
    answer = "identity linking, user-level enforcement"
    link, evasion = f.evaluation.get("linking"), f.evaluation.get("evasion")
    if not link and not evasion:
        return _not_measured("F6", failure, answer, "the scan wrote no persons", "linking")
    parts = []
    if link:
        parts.append(
            f"account→person linking precision {link['precision']:.3f}, recall {link['recall']:.3f}"
        )
    if evasion:
        parts.append(
            f"backups of actioned persons covered {evasion['covered']}/"
            f"{evasion['backups_of_actioned_persons']} ({evasion['share']:.1%})"
        )
    return FailureRow("F6", failure, answer, "; ".join(parts), "linking")


def _f7(f: DemoFindings) -> FailureRow:
    failure = "User reports went unanswered; a bug silently dropped many; wrong “no violation”."
    answer = "durable report pipeline, SLA, re-checks"
    r = f.reports
    if r is None:
        return _not_measured("F7", failure, answer, "the export has no reports table", "reports")
    figure = (
        f"{r.child_safety} child-safety reports about accounts; {r.child_safety_on_members} "
        f"name members, {r.child_safety_on_found} name accounts the scan found. "
        "Queue SLA and no-loss check: not measured in this run (they run in the console service)"
    )
    return FailureRow("F7", failure, answer, figure, "reports")


def _f8(f: DemoFindings) -> FailureRow:
    failure = "Hash matching finds only known images, not new material or its advertising."
    answer = "PDQ/MD5 matching plus network detection"
    h = f.hashes
    if h is None:
        return _not_measured("F8", failure, answer, "the export has no known_hashes.csv", "hashes")
    return FailureRow(
        "F8",
        failure,
        answer,
        f"of {h.members_with_media} members who posted media: hash matching found {h.hash_found}, "
        f"network detection {h.network_found} ({h.network_only} by the network only); "
        f"{h.benign_matched} false hash matches",
        "hashes",
    )


def _f9(f: DemoFindings) -> FailureRow:
    failure = "Recommendations rebuilt the network while it was being taken down."
    answer = "guards read live enforcement state; audit after takedown"
    rows = f.exposure_rows("after_takedown/")
    if not rows:
        return _not_measured("F9", failure, answer, "the takedown probe was not run", "exposure")
    label, e = rows[0]
    return FailureRow(
        "F9",
        failure,
        answer,
        f"after {f.audit.settings.get('takedown_removed', 0)} members were removed, {label}: "
        f"{_arrow(e.unguarded_suggestions, e.guarded_suggestions)} of suggestions are members",
        "exposure",
    )


def _f10(f: DemoFindings) -> FailureRow:
    failure = "Outsiders mapped a huge network quickly from a few seeds."
    answer = "network mapping from seeds"
    seeds = f.scan.get("seeds", {})
    m = f.evaluation["membership"]
    return FailureRow(
        "F10",
        failure,
        answer,
        f"from {seeds.get('used', 0)} seeds (text signals only) the scan mapped "
        f"{m['found_members']} accounts in {f.scan.get('networks', 0)} networks: "
        f"membership precision {m['precision']:.3f}, recall {m['recall']:.3f} "
        f"of {m['true_members']} planted members",
        "mapping",
    )


def failure_rows(f: DemoFindings) -> list[FailureRow]:
    """The ten rows, F1 to F10."""
    return [g(f) for g in (_f1, _f2, _f3, _f4, _f5, _f6, _f7, _f8, _f9, _f10)]

"""Shareable signals from a scan's decisions: what other platforms can match on.

Opinions follow what netbrake knows (python-threatexchange's categories):
media of decisions that removed content or were reported is ``positive``;
anything from a decision still awaiting review is an ``investigation_seed``,
as are keywords and hashed identifiers (indirect indicators); media of a
decision that found no violation is ``negative`` (a false-positive warning to
partners).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from netbrake.enforce import Decision
from netbrake.exchange import evidence as ev
from netbrake.exchange.results import Results
from netbrake.exchange.signals.signal import Opinion, Signal, SignalKind, value_problem


def _opinion(decision: Decision) -> Opinion:
    if set(decision.actions) <= {"none"}:
        return "negative"
    if decision.needs_human_review and not decision.reviewer_confirmed:
        return "investigation_seed"
    if set(decision.actions) & {"remove_content", "remove_account", "report_clearinghouse"}:
        return "positive"
    return "investigation_seed"


def _weaker(opinion: Opinion) -> Opinion:
    return "investigation_seed" if opinion == "positive" else opinion


def signals_of(decision: Decision) -> Iterable[tuple[SignalKind, str, Opinion, set[str]]]:
    opinion = _opinion(decision)
    tags = {t for t in (decision.role, decision.rule_id) if t}
    for media in ev.media_of(decision):
        kind_tag = {media.media_kind} if media.media_kind else set()
        if media.md5:
            yield "md5", media.md5, opinion, tags | kind_tag
        if media.pdq:
            yield "pdq", media.pdq, opinion, tags | kind_tag
    hosts = []
    for url in ev.urls_of(decision):
        yield "url", url, opinion, tags
        hosts.append(urlsplit(url).hostname)
    for host in dict.fromkeys([*hosts, *ev.domains_of(decision)]):
        if host:
            yield "domain", host, opinion, tags
    for term, category in ev.keywords_of(decision):
        yield "keyword", term, _weaker(opinion), tags | ({category} if category else set())
    for digest in ev.identifier_hashes_of(decision):
        yield "account_identifier_hash", digest, _weaker(opinion), tags


def signals_from_results(results: Results, provenance: str = "netbrake") -> list[Signal]:
    """Every valid signal in the decisions, merged by (type, value, opinion) with tags united."""
    merged: dict[tuple[str, str, str], set[str]] = {}
    for decision in results.decisions:
        for kind, value, opinion, tags in signals_of(decision):
            if value_problem(kind, value) is None:
                merged.setdefault((kind, value, opinion), set()).update(tags)
    return [
        Signal(kind, value, opinion, tuple(sorted(tags)), provenance)  # type: ignore[arg-type]
        for (kind, value, opinion), tags in sorted(merged.items())
    ]

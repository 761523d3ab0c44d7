"""``netbrake terms``: candidate new indicators from a scan's networks, and their review (F4).

``discover RESULTS`` ranks the candidates and leaves them in
``RESULTS/term_candidates.jsonl`` (the review queue); one JSON object per
candidate (``--json`` or ``--out FILE``, JSON lines) or a table.
``review RESULTS`` lists what is still to decide; ``approve RESULTS KEY``,
``reject RESULTS KEY`` and ``promote ENTRY_ID`` edit the team policy file
given with ``--policy`` and record each decision in the store's audit log.
Exit codes: 0 done; 2 bad input (missing results, no accounts.parquet, no
members, no candidates file, unknown candidate, no ``--policy``).
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from netbrake.cli.output import emit_jsonl, info, stages, stdout
from netbrake.cli.settings import Settings, settings
from netbrake.errors import InputError, Location

if TYPE_CHECKING:
    from netbrake.terms import Candidate, TermReview

terms_app = typer.Typer(
    help="Term discovery: new coded terms from the network.", no_args_is_help=True
)


@terms_app.command("discover")
def discover_command(
    ctx: typer.Context,
    results: Annotated[Path, typer.Argument(help="A scan's RESULTS folder.")],
    top: Annotated[int, typer.Option("--top", help="Candidates to propose.", min=1)] = 50,
    min_accounts: Annotated[
        int, typer.Option(help="Distinct member accounts a term needs.", min=1)
    ] = 3,
    include_known: Annotated[
        bool, typer.Option(help="Also list terms the lexicon already has (flagged known).")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the candidates as JSON lines here.")
    ] = None,
) -> None:
    """Terms network members use far more than the platform: candidates for the lexicon."""
    from netbrake.policy import Policy
    from netbrake.terms import DiscoverySettings, discover
    from netbrake.text import Matcher

    opts = settings(ctx)
    chosen = DiscoverySettings(
        top=top, min_member_accounts=min_accounts, include_known=include_known
    )
    with stages(opts) as progress:
        progress.start("terms")
        matcher = Matcher.from_policy(Policy.load(opts.policy))
        candidates = discover(results, matcher, chosen)
    from netbrake.terms import write_candidates

    queue = write_candidates(results, candidates)
    info(opts, f"review queue: {queue}")
    if out is not None:
        with out.open("w", encoding="utf-8") as f:
            for c in candidates:
                f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        info(opts, f"wrote {len(candidates)} candidates to {out}")
    if opts.json:
        for c in candidates:
            emit_jsonl(c.to_dict())
    elif out is None:
        _table("candidate terms", candidates)


def _table(title: str, candidates: list[Candidate]) -> None:
    table = Table(title=title, title_justify="left")
    for name in ("key", "members", "ordinary", "z", "with strong", "searches", "flags"):
        table.add_column(name, justify="left" if name in ("key", "flags") else "right")
    for c in candidates:
        table.add_row(
            c.key,
            f"{c.member_accounts:,}",
            f"{c.ordinary_accounts:,}",
            f"{c.z:.2f}",
            f"{c.cooccurrence:.0%}",
            f"{c.searches:,}",
            ",".join(c.flags),
        )
    stdout.print(table)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _review(opts: Settings) -> TermReview:
    from netbrake.store import Store
    from netbrake.terms import TermReview

    if opts.policy is None:
        raise InputError(
            "term review edits a team policy file: give --policy FILE", Location(field="--policy")
        )
    return TermReview(opts.policy, Store.open(opts.db_url))


def _candidate(results: Path, key: str) -> Candidate:
    from netbrake.terms import find_candidate

    return find_candidate(results, key)


Results = Annotated[Path, typer.Argument(help="A scan's RESULTS folder, after terms discover.")]
Key = Annotated[str, typer.Argument(help="The candidate's kind:term, as 'review' lists it.")]
Reason = Annotated[str, typer.Option("--reason", help="Why: kept in the audit log.")]


@terms_app.command("review")
def review_command(ctx: typer.Context, results: Results) -> None:
    """Candidates still to decide, and discovered entries waiting in shadow state."""
    from netbrake.terms import read_candidates

    opts = settings(ctx)
    review = _review(opts)
    try:
        queue = review.queue(read_candidates(results))
        waiting = [e for e in review.discovered() if e.state == "shadow"]
    finally:
        review.store.close()
    if opts.json:
        for c in queue:
            emit_jsonl({"queue": "candidate", **c.to_dict()})
        for e in waiting:
            emit_jsonl({"queue": "shadow", **e.model_dump(mode="json")})
        return
    _table(f"{len(queue)} candidates to review", queue)
    for e in waiting:
        stdout.print(f"shadow: {e.id} ({e.kind.value} {e.term!r}); promote to act on it")


@terms_app.command("approve")
def approve_command(
    ctx: typer.Context,
    results: Results,
    key: Key,
    reason: Reason,
    term: Annotated[
        str | None, typer.Option(help="Edit: the term as the lexicon writes it.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="Edit: hashtag, token, emoji, domain, phrase.")
    ] = None,
    severity: Annotated[str, typer.Option(help="low, medium, high or critical.")] = "high",
    category: Annotated[str, typer.Option(help="The entry's category.")] = "community_code",
    match: Annotated[
        str, typer.Option(help="whole_token, prefix or inside_hashtag.")
    ] = "whole_token",
) -> None:
    """Add a candidate to the policy in shadow state (hits recorded, nothing acted on)."""
    from netbrake.terms import Edit

    opts = settings(ctx)
    review = _review(opts)
    try:
        edit = Edit(term=term, kind=kind, severity=severity, category=category, match=match)
        entry = review.approve(_candidate(results, key), actor=_actor(), reason=reason, edit=edit)
    finally:
        review.store.close()
    info(opts, f"{entry.id}: shadow in {opts.policy} (promote it to act on it)")
    if opts.json:
        emit_jsonl(entry.model_dump(mode="json"))


@terms_app.command("reject")
def reject_command(ctx: typer.Context, results: Results, key: Key, reason: Reason) -> None:
    """Reject a candidate: discovery never proposes it again."""
    opts = settings(ctx)
    review = _review(opts)
    try:
        review.reject(_candidate(results, key), actor=_actor(), reason=reason)
    finally:
        review.store.close()
    info(opts, f"{key}: rejected in {opts.policy}")


@terms_app.command("promote")
def promote_command(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(help="A discovered entry's id (term.KIND.TERM).")],
    reason: Reason,
) -> None:
    """Switch an approved entry from shadow to live: scans and guards act on it."""
    opts = settings(ctx)
    review = _review(opts)
    try:
        entry = review.promote(entry_id, actor=_actor(), reason=reason)
    finally:
        review.store.close()
    info(opts, f"{entry.id}: live in {opts.policy}")
    if opts.json:
        emit_jsonl(entry.model_dump(mode="json"))


def register(app: typer.Typer) -> None:
    app.add_typer(terms_app, name="terms")

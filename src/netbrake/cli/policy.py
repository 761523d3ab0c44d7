"""``netbrake policy show`` / ``netbrake policy lint [PATH]``: the effective policy and its lint."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from netbrake.cli.output import emit_json, emit_jsonl, info, stdout
from netbrake.cli.settings import settings
from netbrake.policy import Policy, check_floors
from netbrake.text import lint_policy

policy_app = typer.Typer(help="The policy file: show it, lint its lexicon.", no_args_is_help=True)


@policy_app.command("show")
def show(ctx: typer.Context) -> None:
    """Print the effective policy's version, sources and entry counts as JSON."""
    policy = Policy.load(settings(ctx).policy)
    emit_json(
        {
            "name": policy.meta.name,
            "version": policy.version,
            "sources": list(policy.sources),
            "entries": len(policy.lexicon),
            "by_state": dict(Counter(e.state.value for e in policy.lexicon)),
            "by_kind": dict(Counter(e.kind.value for e in policy.lexicon)),
            "by_category": dict(Counter(e.category for e in policy.lexicon)),
            "combinations": len(policy.combinations),
            "sections": sorted(policy.sections),
        }
    )


@policy_app.command("lint")
def lint(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(help="Policy file to layer over the default (default: --policy)."),
    ] = None,
) -> None:
    """Flag lexicon entries likely to hit innocent text; exit 1 when any is an error.

    A setting past its safety floor is refused first (line-precise, exit 2), as a scan would.
    """
    opts = settings(ctx)
    policy = Policy.load(path or opts.policy)
    check_floors(policy)
    findings = lint_policy(policy)
    if opts.json:
        for finding in findings:
            emit_jsonl(finding.to_dict())
    else:
        for finding in findings:
            stdout.print(
                f"{finding.level:7} {finding.entry_id:32} {finding.code:15} {finding.message}",
                highlight=False,
                markup=False,
            )
    errors = sum(1 for f in findings if f.level == "error")
    info(opts, f"policy {policy.version}: {len(findings)} findings, {errors} errors")
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")

"""``netbrake terms discover RESULTS``: candidate new indicators from a scan's networks (F4).

One JSON object per candidate (``--json`` or ``--out FILE``, JSON lines) or a
table. Exit codes: 0 done; 2 bad input (missing results, no accounts.parquet,
no members).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from netbrake.cli.output import emit_jsonl, info, stages, stdout
from netbrake.cli.settings import settings

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
    if out is not None:
        with out.open("w", encoding="utf-8") as f:
            for c in candidates:
                f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        info(opts, f"wrote {len(candidates)} candidates to {out}")
    if opts.json:
        for c in candidates:
            emit_jsonl(c.to_dict())
    elif out is None:
        table = Table(title="candidate terms", title_justify="left")
        for name in ("term", "kind", "members", "ordinary", "z", "with strong", "flags"):
            table.add_column(name, justify="left" if name in ("term", "kind", "flags") else "right")
        for c in candidates:
            table.add_row(
                c.term,
                c.kind,
                f"{c.member_accounts:,}",
                f"{c.ordinary_accounts:,}",
                f"{c.z:.2f}",
                f"{c.cooccurrence:.0%}",
                ",".join(c.flags),
            )
        stdout.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(terms_app, name="terms")

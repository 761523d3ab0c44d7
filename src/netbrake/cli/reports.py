"""``netbrake reports ingest FILE`` / ``reports check`` / ``reports sla``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netbrake.cli.output import emit_json, info, key_value_table, stdout
from netbrake.cli.settings import settings
from netbrake.reports import adopt_orphans, backlog, check_consistency, ingest_file
from netbrake.store import Store

reports_app = typer.Typer(
    help="User reports: intake, the no-loss check, SLA.", no_args_is_help=True
)


@reports_app.command("ingest")
def ingest(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A reports table: Parquet, CSV or JSONL (.gz).")],
) -> None:
    """Store every valid report (idempotent by report_id); invalid rows are listed, not stored."""
    opts = settings(ctx)
    with Store.open(opts.db_url) as store:
        result = ingest_file(store, file)
    if opts.json:
        emit_json(
            {
                "rows": result.rows,
                "stored": result.stored,
                "repeated": result.repeated,
                "problems": [p.to_json() for p in result.problems],
            }
        )
    else:
        rows = {
            "rows": result.rows,
            "stored": result.stored,
            "already stored": result.repeated,
            "invalid": len(result.problems),
        }
        stdout.print(key_value_table(f"reports ingest {file}", rows))
        for problem in result.problems[:20]:
            info(opts, problem.one_line())
    if result.problems:
        raise typer.Exit(3)


@reports_app.command("check")
def check(
    ctx: typer.Context,
    repair: Annotated[
        bool, typer.Option("--repair", help="First put reports found outside any case into cases.")
    ] = False,
) -> None:
    """Prove every report is in an open case or a decided closed one; exit 1 listing orphans."""
    opts = settings(ctx)
    with Store.open(opts.db_url) as store:
        if repair:
            with store.write() as tx:
                info(opts, f"adopted {adopt_orphans(tx)} report(s) outside any case")
        with store.read() as session:
            result = check_consistency(session)
    if opts.json:
        emit_json(
            {
                "ok": result.ok,
                "reports": result.reports,
                "open_cases": result.open_cases,
                "closed_cases": result.closed_cases,
                "violations": [
                    {"rule": v.rule, "problem": v.problem, "ids": list(v.ids)}
                    for v in result.violations
                ],
            }
        )
    elif result.ok:
        rows = {
            "reports": result.reports,
            "open cases": result.open_cases,
            "closed cases": result.closed_cases,
        }
        stdout.print(key_value_table("every report is in exactly one case", rows))
    else:
        for v in result.violations:
            stdout.print(f"{v.rule}: {v.problem}: {', '.join(v.ids)}", highlight=False)
    if not result.ok:
        raise typer.Exit(1)


@reports_app.command("sla")
def sla(ctx: typer.Context) -> None:
    """The backlog of open cases by queue and age, and SLA breaches."""
    opts = settings(ctx)
    with Store.open(opts.db_url) as store, store.read() as session:
        state = backlog(session, store.now())
    if opts.json:
        emit_json(state.to_json())
        return
    for queue, ages in state.by_age.items():
        rows = {**ages, "SLA breached": state.breached[queue]}
        stdout.print(key_value_table(f"{queue} queue: open cases by age", rows))
    info(
        opts, f"{state.open_cases} open, {state.closed_cases} closed, {state.reports_total} reports"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(reports_app, name="reports")

"""``netbrake db upgrade``, ``netbrake audit-log verify``, ``netbrake apikey create``."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from netbrake.cli.output import emit_json, info, key_value_table, stdout
from netbrake.cli.settings import settings
from netbrake.store import Store, create_store_engine, migrate

db_app = typer.Typer(help="The operational store's schema.", no_args_is_help=True)
audit_log_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
apikey_app = typer.Typer(help="API keys for the service.", no_args_is_help=True)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Migrate the store (--db, NETBRAKE_DB, or the data directory's SQLite) to the latest schema."""
    opts = settings(ctx)
    engine = create_store_engine(opts.db_url)
    try:
        before = migrate.current_revision(engine)
        migrate.upgrade(engine)
        after = migrate.current_revision(engine)
    finally:
        engine.dispose()
    if opts.json:
        emit_json({"from": before, "to": after})
    else:
        info(opts, f"store schema: {before or 'empty'} -> {after}")


@audit_log_app.command("verify")
def audit_log_verify(ctx: typer.Context) -> None:
    """Walk the audit chain; exit 1 and name the first broken entry if it was tampered with."""
    opts = settings(ctx)
    with Store.open(opts.db_url) as store:
        result = store.verify_audit_log()
    if opts.json:
        emit_json(
            {
                "ok": result.ok,
                "entries": result.entries,
                "head_seq": result.head_seq,
                "head_hash": result.head_hash,
                "first_broken_seq": result.first_broken_seq,
                "problem": result.problem,
            }
        )
    elif result.ok:
        rows = {"entries": result.entries, "head hash": result.head_hash}
        stdout.print(key_value_table("audit log intact", rows))
    else:
        stdout.print(
            f"audit log BROKEN at seq {result.first_broken_seq}: {result.problem}", highlight=False
        )
    if not result.ok:
        raise typer.Exit(1)


@apikey_app.command("create")
def apikey_create(
    ctx: typer.Context,
    scope: Annotated[
        list[str], typer.Option("--scope", help="guard, review or admin; repeat for several.")
    ],
    label: Annotated[str, typer.Option(help="What the key is for (kept, unlike the key).")] = "",
) -> None:
    """Create an API key and print it once: only its hash is stored."""
    opts = settings(ctx)
    with Store.open(opts.db_url) as store:
        issued = store.create_api_key(scope, created_by=_actor(), label=label)
    if opts.json:
        emit_json(
            {
                "key": issued.secret,
                "key_id": issued.key.key_id,
                "scopes": sorted(s.value for s in issued.key.scopes),
            }
        )
        return
    typer.echo(issued.secret)
    info(opts, f"key {issued.key.key_id}: shown once, store it now; netbrake keeps only its hash")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(audit_log_app, name="audit-log")
    app.add_typer(apikey_app, name="apikey")

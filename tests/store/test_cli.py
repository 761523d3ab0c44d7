"""The store's commands, run through the real Typer app against a temporary database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from netbrake.cli.app import app
from netbrake.store import Scope, Store
from netbrake.store.migrate import head_revision


def run(store_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", store_url, *args])
    return result.exit_code, result.stdout


def test_db_upgrade_migrates_to_head(store_url: str) -> None:
    code, out = run(store_url, "--json", "db", "upgrade")
    assert code == 0
    head = head_revision()
    assert json.loads(out) == {"from": None, "to": head}
    code, out = run(store_url, "--json", "db", "upgrade")
    assert json.loads(out) == {"from": head, "to": head}


def test_apikey_create_prints_a_working_key_once(store_url: str) -> None:
    run(store_url, "db", "upgrade")
    code, out = run(store_url, "apikey", "create", "--scope", "review", "--label", "console")
    assert code == 0
    secret = out.strip()
    with Store.open(store_url) as store:
        assert store.verify_api_key(secret, Scope.REVIEW).label == "console"


def test_apikey_create_refuses_an_unknown_scope(store_url: str) -> None:
    run(store_url, "db", "upgrade")
    result = CliRunner().invoke(app, ["--db", store_url, "apikey", "create", "--scope", "root"])
    assert result.exit_code != 0
    assert "unknown scope 'root'" in str(result.exception)


def test_audit_log_verify_reports_intact_and_broken_chains(store_url: str) -> None:
    run(store_url, "db", "upgrade")
    with Store.open(store_url) as store:
        for n in range(4):
            store.append_audit_log("svc", "note", f"entry {n}")
    code, out = run(store_url, "--json", "audit-log", "verify")
    assert (code, json.loads(out)["entries"]) == (0, 4)
    with Store.open(store_url) as store, store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
        conn.exec_driver_sql("UPDATE audit_log SET reason = 'edited' WHERE seq = 2")
    code, out = run(store_url, "audit-log", "verify")
    assert code == 1
    assert "BROKEN at seq 2" in out


@pytest.mark.parametrize(
    "command", [["audit-log", "verify"], ["apikey", "create", "--scope", "guard"]]
)
def test_commands_on_an_unmigrated_postgres_store_say_what_to_run(
    store_url: str, command: list[str]
) -> None:
    if store_url.startswith("sqlite"):
        pytest.skip("an SQLite store migrates itself on open")
    result = CliRunner().invoke(app, ["--db", store_url, *command])
    assert result.exit_code != 0
    assert "netbrake db upgrade" in str(result.exception)

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from netbrake.cli.app import app
from netbrake.reports import Reviewer, authenticate
from netbrake.reports.reviewers import check_password, hash_password
from netbrake.store import Store
from netbrake.store.tables import ReviewerRow


def _url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def test_user_add_keeps_only_a_salted_hash(store: Store) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "--db",
            _url(store),
            "user",
            "add",
            "cara",
            "--role",
            "child_safety",
            "--password",
            "s3cret-pass",
        ],
    )
    assert result.exit_code == 0
    with store.read() as session:
        stored = session.execute(select(ReviewerRow.password_hash)).scalar_one()
    assert "s3cret-pass" not in stored
    assert stored.startswith("scrypt$")
    assert authenticate(store, "cara", "s3cret-pass") == Reviewer(
        "cara", frozenset({"child_safety"})
    )
    assert authenticate(store, "cara", "wrong-pass") is None
    assert authenticate(store, "nobody", "s3cret-pass") is None


def test_user_add_reads_the_password_from_stdin(store: Store) -> None:
    result = CliRunner().invoke(
        app, ["--db", _url(store), "user", "add", "lee", "--role", "lead"], input="from-stdin-pw\n"
    )
    assert result.exit_code == 0
    assert authenticate(store, "lee", "from-stdin-pw") is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bob", "--role", "superuser", "--password", "long-enough"], "unknown role"),
        (["bob", "--role", "reviewer", "--password", "short"], "at least 8"),
        (["bad name", "--role", "reviewer", "--password", "long-enough"], "user name"),
    ],
)
def test_user_add_refuses_bad_input_in_one_line(
    store: Store, args: list[str], message: str
) -> None:
    from netbrake.errors import NetbrakeError

    result = CliRunner().invoke(app, ["--db", _url(store), "user", "add", *args])
    assert isinstance(result.exception, NetbrakeError)
    assert message in result.exception.one_line()


def test_the_same_password_hashes_differently_each_time() -> None:
    first, second = hash_password("same password"), hash_password("same password")
    assert first != second
    assert check_password("same password", first)
    assert check_password("same password", second)
    assert not check_password("other password", first)


@pytest.mark.parametrize(
    ("roles", "queues"),
    [
        ({"reviewer"}, {"general"}),
        ({"child_safety"}, {"child_safety"}),
        ({"child_safety", "reviewer"}, {"child_safety"}),
        ({"lead"}, {"child_safety", "general"}),
    ],
)
def test_queues_by_role(roles: set[str], queues: set[str]) -> None:
    assert Reviewer("x", frozenset(roles)).queues == queues

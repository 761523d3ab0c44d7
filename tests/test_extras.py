"""Optional extras: a core install imports every module and runs every command's help;
a feature whose extra is missing says which one in one line."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.cli_process import run_netbrake, run_python

from netbrake.errors import InputError
from netbrake.extras import MissingExtra, available, require

ROOT = Path(__file__).resolve().parents[1]
_OPTIONAL = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
#: Each extra's top-level modules, from pyproject.toml (the dev tools are no runtime extra).
EXTRA_MODULES = {
    extra: sorted(re.split(r"[\[<>=!~ ]", req, maxsplit=1)[0].replace("-", "_") for req in reqs)
    for extra, reqs in _OPTIONAL.items()
    if extra != "dev"
}
#: Every module a core install lacks: the extras' own, and faiss (threatexchange brings it).
BLOCKED = sorted({m for modules in EXTRA_MODULES.values() for m in modules} | {"faiss"})
#: Modules that exist only to adapt an extra (they subclass its classes): importing one
#: without the extra raises MissingExtra; nothing else imports them.
ADAPTERS = {"netbrake.exchange.signals.threatexchange_api"}

_WALK = """
import importlib, json, pkgutil, sys

import typer.main
from typer.testing import CliRunner

import netbrake
from netbrake.cli import app
from netbrake.extras import MissingExtra

modules, needs_extra, failures = 0, [], {}
for info in pkgutil.walk_packages(netbrake.__path__, "netbrake."):
    if info.name.endswith("__main__") or ".migrations" in info.name:
        continue  # running the CLI / Alembic's scripts is not importing them
    modules += 1
    try:
        importlib.import_module(info.name)
    except MissingExtra:
        needs_extra.append(info.name)
    except Exception as exc:
        failures[info.name] = repr(exc)


def paths(command, prefix):
    yield prefix
    for name, sub in getattr(command, "commands", {}).items():
        yield from paths(sub, [*prefix, name])


commands = list(paths(typer.main.get_command(app), []))
for path in commands:
    result = CliRunner().invoke(app, [*path, "--help"])
    if result.exit_code != 0:
        failures[" ".join(["netbrake", *path])] = repr(result.exception) + result.output[-300:]
print(json.dumps({"modules": modules, "commands": len(commands), "needs_extra": needs_extra,
                  "failures": failures}))
"""


def test_the_blocked_modules_cover_every_extra() -> None:
    assert set(EXTRA_MODULES) >= {"exchange", "postgres", "spark", "video"}
    assert {"stix2", "xmlschema", "threatexchange", "pyspark", "psycopg", "vpdq"} <= set(BLOCKED)


def test_without_any_extra_every_module_imports_and_every_command_has_help(
    tmp_path: Path,
) -> None:
    script = tmp_path / "walk.py"
    script.write_text(_WALK, encoding="utf-8")
    proc = run_python(script, home=tmp_path, without=BLOCKED)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["failures"] == {}
    assert set(report["needs_extra"]) == ADAPTERS
    assert report["modules"] > 100
    assert report["commands"] > 40


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["export", "stix", "RESULTS", "--out", "OUT"], "exchange"),
        (["export", "cybertip", "RESULTS", "--out", "OUT"], "exchange"),
        (["--engine", "spark", "scan", "EXPORT", "--out", "OUT"], "spark"),
        (["scan", "EXPORT", "--out", "OUT", "--engine", "spark"], "spark"),
        (["--db", "postgresql://app@127.0.0.1:1/netbrake", "reports", "sla"], "postgres"),
    ],
)
def test_a_missing_extra_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str], extra: str
) -> None:
    (tmp_path / "EXPORT").mkdir()
    args = [str(tmp_path / a) if a in ("RESULTS", "EXPORT", "OUT") else a for a in args]
    proc = run_netbrake(*args, home=tmp_path, without=BLOCKED)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.endswith(f": needs the '{extra}' extra: pip install 'netbrake[{extra}]'\n")
    assert proc.stderr.startswith("netbrake: error: ")
    assert proc.stderr.count("\n") == 1


def test_the_export_names_the_command(tmp_path: Path) -> None:
    proc = run_netbrake(
        "export", "stix", str(tmp_path), "--out", str(tmp_path), home=tmp_path, without=BLOCKED
    )
    assert proc.stderr == (
        "netbrake: error: netbrake export stix: needs the 'exchange' extra: "
        "pip install 'netbrake[exchange]'\n"
    )


def test_require_returns_the_module() -> None:
    assert require("json", "none", "a test") is json


def test_require_names_feature_and_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "stix2", None)
    with pytest.raises(MissingExtra) as caught:
        require("stix2", "exchange", "STIX bundles")
    assert caught.value.one_line() == (
        "STIX bundles: needs the 'exchange' extra: pip install 'netbrake[exchange]'"
    )
    assert (caught.value.extra, caught.value.module, caught.value.exit_code) == (
        "exchange",
        "stix2",
        2,
    )
    assert isinstance(caught.value, InputError)


def test_a_missing_parent_package_is_a_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.delitem(sys.modules, "pyspark.sql", raising=False)
    with pytest.raises(MissingExtra, match=r"netbrake\[spark\]"):
        require("pyspark.sql", "spark", "the Spark engine")


def test_an_extra_that_cannot_load_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken_binding.py").write_text("raise ImportError('libav missing')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(InputError, match="installed but broken_binding cannot be imported") as e:
        require("broken_binding", "video", "video hashing")
    assert not isinstance(e.value, MissingExtra)


def test_available(monkeypatch: pytest.MonkeyPatch) -> None:
    assert available("json")
    assert not available("netbrake_no_such_module")
    monkeypatch.setitem(sys.modules, "vpdq", None)
    assert not available("vpdq")


def _stix_bundle() -> None:
    from datetime import UTC, datetime

    from netbrake.exchange.signals import stix

    stix.bundle_for([], datetime.now(UTC))


def _cybertip_validation() -> None:
    from netbrake.exchange import cybertip

    cybertip.validate(b"<report/>")


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """The cached STIX identity and XML schema, rebuilt under the test's sys.modules."""
    from netbrake.exchange import cybertip
    from netbrake.exchange.signals import stix

    for clear in (stix.producer.cache_clear, cybertip._schema.cache_clear):
        clear()
    yield
    for clear in (stix.producer.cache_clear, cybertip._schema.cache_clear):
        clear()


@pytest.mark.usefixtures("fresh_caches")
@pytest.mark.parametrize(
    ("blocked", "use"), [("stix2", _stix_bundle), ("xmlschema", _cybertip_validation)]
)
def test_library_functions_raise_missing_extra(
    monkeypatch: pytest.MonkeyPatch, blocked: str, use: Callable[[], None]
) -> None:
    monkeypatch.setitem(sys.modules, blocked, None)
    with pytest.raises(MissingExtra, match="'exchange' extra"):
        use()

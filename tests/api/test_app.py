"""The app skeleton other routers plug into: one list of routers, one auth dependency."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

import netbrake.api
from netbrake.api import ApiConfig, create_app, require_scope
from netbrake.api.app import ROUTERS
from netbrake.store import ApiKey, Store

from .conftest import Keys


def test_public_api_is_sorted_and_complete() -> None:
    # isort style, as ruff keeps it: CONSTANTS, Classes, functions.
    order = sorted(netbrake.api.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
    assert netbrake.api.__all__ == order
    assert all(hasattr(netbrake.api, name) for name in netbrake.api.__all__)


def test_every_listed_router_module_has_a_router() -> None:
    import importlib

    for name in ROUTERS:
        assert isinstance(importlib.import_module(name).router, APIRouter)


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [("guard", {"guard", "admin"}), ("review", {"review", "admin"}), ("admin", {"admin"})],
)
def test_require_scope_admits_the_scope_and_admin(
    store: Store, keys: Keys, scope: str, allowed: set[str]
) -> None:
    app = create_app(ApiConfig(store=store, session_secret=b"k" * 32, triage_interval=0))

    @app.get("/probe")
    def probe(key: ApiKey = Depends(require_scope(scope))) -> dict[str, str]:
        return {"key_id": key.key_id}

    with TestClient(app) as client:
        for name in ("guard", "review", "admin"):
            status = client.get("/probe", headers={"X-API-Key": getattr(keys, name)}).status_code
            assert status == (200 if name in allowed else 403)
        assert client.get("/probe").status_code == 401

"""Jinja2 rendering of console pages; autoescaping is on for every template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from netbrake.api import context
from netbrake.reports import Reviewer
from netbrake.web.session import Session

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.autoescape = True


def _when(value: Any) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M:%S UTC")


templates.env.filters["when"] = _when


def render(
    request: Request,
    name: str,
    reviewer: Reviewer | None,
    session: Session | None,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    values.update(reviewer=reviewer, csrf=session.csrf if session else "", page=name)
    # Unreadable scan results: the reader's one-line error, on every page a reviewer sees.
    values.setdefault("results_error", context(request).results.error)
    return templates.TemplateResponse(request, name, values, status_code=status_code)

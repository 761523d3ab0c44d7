"""Console login and logout (every sign-in, failed or not, goes to the audit log)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from netbrake.api import context
from netbrake.reports import authenticate
from netbrake.web.render import render
from netbrake.web.session import COOKIE, check_csrf, new_session, read_session, set_session

router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    session = read_session(request)
    fresh = session is None
    session = session or new_session(None)
    response = render(request, "login.html", None, session)
    if fresh:
        set_session(request, response, session)
    return response


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    session = read_session(request)
    check_csrf(session, csrf_token)
    store = context(request).store
    reviewer = authenticate(store, username, password)
    if reviewer is None:
        store.append_audit_log(f"user:{username}", "console.login_failed", "wrong name or password")
        return render(
            request,
            "login.html",
            None,
            session,
            status_code=401,
            error="Wrong user name or password.",
        )
    response = RedirectResponse("/console", status_code=303)
    set_session(request, response, new_session(reviewer.name))
    store.append_audit_log(f"reviewer:{reviewer.name}", "console.login", "signed in")
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(read_session(request), csrf_token)
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response

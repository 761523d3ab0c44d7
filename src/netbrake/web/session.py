"""Console sessions: a signed cookie (itsdangerous) holding the user name and a CSRF token.

Every form carries the session's CSRF token (synchronizer-token pattern,
OWASP CSRF cheat sheet); a POST whose token does not match answers 403. The
login form has a token too, from an anonymous session, against login CSRF.
Roles are re-read from the store on every request, so a disabled user or a
changed role takes effect at once.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from fastapi import HTTPException, Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from netbrake.api import context
from netbrake.reports import Reviewer, load_reviewer

COOKIE = "netbrake_session"


@dataclass(frozen=True)
class Session:
    """The decoded cookie: ``user`` (None before login) and its CSRF token."""

    user: str | None
    csrf: str


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.session_secret, salt="netbrake.console")


def read_session(request: Request) -> Session | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    max_age = int(context(request).config.limits.session_max_age.total_seconds())
    try:
        data = _serializer(request).loads(raw, max_age=max_age)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), str):
        return None
    user = data.get("u")
    return Session(user if isinstance(user, str) else None, data["c"])


def new_session(user: str | None) -> Session:
    """A fresh session with a fresh CSRF token (a login rotates both)."""
    return Session(user, secrets.token_urlsafe(32))


def set_session(request: Request, response: Response, session: Session) -> None:
    config = context(request).config
    response.set_cookie(
        COOKIE,
        _serializer(request).dumps({"u": session.user, "c": session.csrf}),
        max_age=int(config.limits.session_max_age.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=config.secure_cookies,
        path="/",
    )


def check_csrf(session: Session | None, token: str | None) -> None:
    if session is None or not token or not hmac.compare_digest(session.csrf, token):
        raise HTTPException(403, "missing or forged CSRF token; reload the page")


class LoginRequired(Exception):
    """Raised by :func:`signed_in` for an anonymous browser; answered with a redirect."""


def signed_in(request: Request) -> tuple[Reviewer, Session]:
    session = read_session(request)
    if session is None or session.user is None:
        raise LoginRequired
    reviewer = load_reviewer(context(request).store, session.user)
    if reviewer is None:
        raise LoginRequired
    return reviewer, session

"""The term review queue (F4): candidates from ``netbrake terms discover``, decided by reviewers.

Any reviewer approves (as written or edited) or rejects a candidate; an
approved candidate becomes a ``shadow`` entry of the team policy file the
service was started with (``--policy``), and a lead promotes it to ``live``,
the state the guards act on. Every decision goes through
:class:`netbrake.terms.TermReview`, the same code as ``netbrake terms``, so the
audit log records it with the policy version before and after.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from netbrake.api import context
from netbrake.errors import InputError
from netbrake.policy import MatchMode, Severity
from netbrake.reports import Reviewer
from netbrake.terms import CANDIDATES_FILE, Edit, TermReview, find_candidate, read_candidates
from netbrake.web.render import render
from netbrake.web.session import check_csrf, signed_in

router = APIRouter()
Csrf = Annotated[str, Form()]
Reason = Annotated[str, Form(min_length=1, max_length=4000)]
KINDS = ("hashtag", "token", "emoji", "domain", "phrase")
SEVERITIES = tuple(s.value for s in Severity)
MATCHES = tuple(m.value for m in MatchMode)


def _setup(request: Request) -> tuple[TermReview | None, Path | None, str]:
    """The review over the service's policy file, the results folder, and why either is missing."""
    config = context(request).config
    if config.policy_path is None:
        return None, config.results_dir, "start the service with --policy FILE to review terms"
    return TermReview(config.policy_path, context(request).store), config.results_dir, ""


def _done(message: str) -> RedirectResponse:
    return RedirectResponse(f"/console/terms?done={message}", status_code=303)


def _reviewing(request: Request, csrf_token: str) -> tuple[Reviewer, TermReview, Path]:
    reviewer, session = signed_in(request)
    check_csrf(session, csrf_token)
    review, results, why = _setup(request)
    if review is None:
        raise HTTPException(409, why)
    if results is None:
        raise HTTPException(409, "start the service with --results RESULTS to review terms")
    return reviewer, review, results


@router.get("/terms", response_class=HTMLResponse)
def terms(request: Request) -> Response:
    reviewer, session = signed_in(request)
    review, results, why = _setup(request)
    queue, shadow, problem = [], [], why
    if review is not None:
        shadow = [e for e in review.discovered() if e.state == "shadow"]
        if results is None:
            problem = "start the service with --results RESULTS to review terms"
        elif not (results / CANDIDATES_FILE).is_file():
            problem = f"no candidates yet: run 'netbrake terms discover {results}'"
        else:
            try:
                queue = review.queue(read_candidates(results))
            except InputError as exc:
                problem = str(exc)
    return render(
        request,
        "terms.html",
        reviewer,
        session,
        queue=queue,
        shadow=shadow,
        problem=problem,
        kinds=KINDS,
        severities=SEVERITIES,
        matches=MATCHES,
        may_promote=reviewer.handles_escalations,
        message=request.query_params.get("done"),
    )


@contextmanager
def _conflict() -> Iterator[None]:
    """A review the queue or the lexicon refuses (unknown key, entry in the wrong state): 409
    with the refusal's one line."""
    try:
        yield
    except InputError as exc:
        raise HTTPException(409, str(exc)) from None


@router.post("/terms/approve")
def approve(
    request: Request,
    key: Annotated[str, Form(max_length=300)],
    reason: Reason,
    term: Annotated[str, Form(max_length=200)] = "",
    kind: Annotated[str, Form(max_length=16)] = "",
    severity: Annotated[str, Form(max_length=16)] = Severity.HIGH.value,
    match: Annotated[str, Form(max_length=32)] = MatchMode.WHOLE_TOKEN.value,
    csrf_token: Csrf = "",
) -> Response:
    reviewer, review, results = _reviewing(request, csrf_token)
    if (kind and kind not in KINDS) or severity not in SEVERITIES or match not in MATCHES:
        raise HTTPException(422, "kind, severity or match is not one the lexicon knows")
    edit = Edit(term=term.strip() or None, kind=kind or None, severity=severity, match=match)
    with _conflict():
        entry = review.approve(
            find_candidate(results, key), actor=reviewer.name, reason=reason, edit=edit
        )
    return _done(f"{entry.id} approved: shadow")


@router.post("/terms/reject")
def reject(
    request: Request,
    key: Annotated[str, Form(max_length=300)],
    reason: Reason,
    csrf_token: Csrf = "",
) -> Response:
    reviewer, review, results = _reviewing(request, csrf_token)
    with _conflict():
        review.reject(find_candidate(results, key), actor=reviewer.name, reason=reason)
    return _done(f"{key} rejected")


@router.post("/terms/promote")
def promote(
    request: Request,
    entry_id: Annotated[str, Form(max_length=100)],
    reason: Reason,
    csrf_token: Csrf = "",
) -> Response:
    reviewer, review, _ = _reviewing(request, csrf_token)
    if not reviewer.handles_escalations:
        raise HTTPException(403, "entries are promoted to live by leads")
    with _conflict():
        entry = review.promote(entry_id, actor=reviewer.name, reason=reason)
    return _done(f"{entry.id} promoted: live")

"""Queues, the case page and the review actions: claim, release, decide."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from netbrake.api import context
from netbrake.reports import (
    ReviewError,
    can_see,
    case_file,
    claim,
    claim_next,
    decide,
    release,
    summary,
)
from netbrake.store import CaseRow
from netbrake.web.render import render
from netbrake.web.session import check_csrf, signed_in

router = APIRouter()
ACTIONS = ("remove", "restrict", "no_promote", "warn", "report_to_clearinghouse")
Csrf = Annotated[str, Form()]


@router.get("", response_class=HTMLResponse)
def queues(request: Request) -> Response:
    reviewer, session = signed_in(request)
    with context(request).store.read() as db:
        rows = db.execute(
            select(CaseRow)
            .where(CaseRow.status != "closed")
            .order_by(CaseRow.priority, CaseRow.sla_due_at, CaseRow.id)
            .limit(2000)
        ).scalars()
        cases = [summary(c) for c in rows if can_see(reviewer, c)]
    by_queue = {q: [c for c in cases if c.queue == q][:200] for q in sorted(reviewer.queues)}
    return render(
        request,
        "queues.html",
        reviewer,
        session,
        by_queue=by_queue,
        now=context(request).config.clock(),
    )


@router.post("/claim-next")
def claim_next_case(request: Request, csrf_token: Csrf = "") -> Response:
    reviewer, session = signed_in(request)
    check_csrf(session, csrf_token)
    ctx = context(request)
    with ctx.store.write() as tx:
        taken = claim_next(tx, reviewer, lease=ctx.config.limits.claim_lease)
    if taken is None:
        return RedirectResponse("/console?empty=1", status_code=303)
    return RedirectResponse(f"/console/cases/{taken.id}", status_code=303)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: int) -> Response:
    reviewer, session = signed_in(request)
    ctx = context(request)
    with ctx.store.read() as db:
        found = case_file(db, case_id, ctx.results)
    if found is None:
        raise HTTPException(404, f"no case {case_id}")
    if not can_see(reviewer, found.case):
        raise HTTPException(403, "this case is not in your queues")
    now = ctx.config.clock()
    held = (
        found.case.claimed_by == reviewer.name
        and found.case.status == "claimed"
        and found.case.lease_expires_at is not None
        and found.case.lease_expires_at > now
    )
    return render(
        request,
        "case.html",
        reviewer,
        session,
        file=found,
        held=held,
        actions=ACTIONS,
        now=now,
        message=request.query_params.get("done"),
    )


def _act(request: Request, case_id: int) -> RedirectResponse:
    return RedirectResponse(f"/console/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/claim")
def claim_case(request: Request, case_id: int, csrf_token: Csrf = "") -> Response:
    reviewer, session = signed_in(request)
    check_csrf(session, csrf_token)
    ctx = context(request)
    try:
        with ctx.store.write() as tx:
            claim(tx, reviewer, case_id, lease=ctx.config.limits.claim_lease)
    except ReviewError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    return _act(request, case_id)


@router.post("/cases/{case_id}/release")
def release_case(request: Request, case_id: int, csrf_token: Csrf = "") -> Response:
    reviewer, session = signed_in(request)
    check_csrf(session, csrf_token)
    try:
        with context(request).store.write() as tx:
            release(tx, reviewer, case_id)
    except ReviewError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    return _act(request, case_id)


@router.post("/cases/{case_id}/decide")
def decide_case(
    request: Request,
    case_id: int,
    verdict: Annotated[str, Form()],
    reason: Annotated[str, Form(max_length=4000)],
    rule_id: Annotated[str, Form(max_length=128)] = "",
    action: Annotated[str, Form(max_length=32)] = "remove",
    csrf_token: Csrf = "",
) -> Response:
    reviewer, session = signed_in(request)
    check_csrf(session, csrf_token)
    ctx = context(request)
    try:
        with ctx.store.write() as tx:
            outcome = decide(
                tx,
                reviewer,
                case_id,
                verdict=verdict,
                reason=reason,
                rule_id=rule_id or None,
                action=action if action in ACTIONS else None,
                results=ctx.results,
                policy_version=ctx.policy_version,
                quality_share=ctx.config.quality_share,
                rng=ctx.rng,
            )
    except ReviewError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    done = "closed" if outcome.closed else outcome.stage
    return RedirectResponse(f"/console/cases/{case_id}?done={done}", status_code=303)

"""Networks, the network graph, the audit log, metrics and appeals."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from netbrake.api import context
from netbrake.reports import ReviewError, backlog, resolve_appeal
from netbrake.store import AppealRow, AuditEntryRow, DecisionRow, to_entry
from netbrake.web.charts import bar_chart
from netbrake.web.graph import MAX_LABELS, network_drawing
from netbrake.web.render import render
from netbrake.web.session import check_csrf, signed_in

router = APIRouter()
PAGE = 100


@router.get("/networks", response_class=HTMLResponse)
def networks(request: Request) -> Response:
    reviewer, session = signed_in(request)
    results = context(request).results
    return render(request, "networks.html", reviewer, session, networks=results.networks)


@router.get("/networks/{network_id}", response_class=HTMLResponse)
def network(request: Request, network_id: str) -> Response:
    reviewer, session = signed_in(request)
    results = context(request).results
    if results.error is not None:
        # The reader's one-line error is on the page (base.html), not a server error.
        return render(request, "networks.html", reviewer, session, networks=[], status_code=503)
    members = results.network_members(network_id)
    if not members and results.network(network_id) is None:
        raise HTTPException(404, f"no network {network_id} in the scan results")
    drawing = network_drawing(results, network_id)
    # Safe inside <script type="application/json">: no "<", ">" or "&" survive as such.
    elements = (
        json.dumps(drawing.elements)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return render(
        request,
        "network.html",
        reviewer,
        session,
        network_id=network_id,
        network=results.network(network_id) or {},
        members=members,
        elements=elements,
        legend=drawing.legend,
        labelled=drawing.labelled,
        max_labels=MAX_LABELS,
    )


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, before: int | None = None) -> Response:
    reviewer, session = signed_in(request)
    query = select(AuditEntryRow).order_by(AuditEntryRow.seq.desc()).limit(PAGE)
    if before is not None:
        query = query.where(AuditEntryRow.seq < before)
    with context(request).store.read() as db:
        entries = [to_entry(row) for row in db.execute(query).scalars()]
    return render(request, "audit.html", reviewer, session, entries=entries)


@router.get("/metrics", response_class=HTMLResponse)
def metrics(request: Request) -> Response:
    reviewer, session = signed_in(request)
    ctx = context(request)
    with ctx.store.read() as db:
        state = backlog(db, ctx.config.clock())
    charts = [
        bar_chart(f"Open {queue.replace('_', ' ')} cases by age", ages)
        for queue, ages in state.by_age.items()
    ]
    charts.append(bar_chart("SLA breaches (open cases)", state.breached, color="#b03a2e"))
    charts.append(bar_chart("Review verdicts", state.decisions_by_verdict, color="#4a7a3a"))
    return render(request, "metrics.html", reviewer, session, state=state, charts=charts)


@router.get("/appeals", response_class=HTMLResponse)
def appeals(request: Request) -> Response:
    reviewer, session = signed_in(request)
    columns = (
        AppealRow.id,
        AppealRow.status,
        AppealRow.appellant_id,
        AppealRow.text,
        DecisionRow.id,
        DecisionRow.action,
        DecisionRow.decided_by,
        DecisionRow.subject_kind,
        DecisionRow.subject_id,
    )
    names = (
        "id",
        "status",
        "appellant_id",
        "text",
        "decision_id",
        "action",
        "decided_by",
        "subject_kind",
        "subject_id",
    )
    with context(request).store.read() as db:
        rows = [
            dict(zip(names, row, strict=True))
            for row in db.execute(
                select(*columns)
                .join(DecisionRow, DecisionRow.id == AppealRow.decision_id)
                .order_by(AppealRow.status != "open", AppealRow.id.desc())
                .limit(PAGE)
            )
        ]
    return render(request, "appeals.html", reviewer, session, rows=rows)


@router.post("/appeals/{appeal_id}/resolve")
def resolve(
    request: Request,
    appeal_id: int,
    outcome: Annotated[str, Form()],
    reason: Annotated[str, Form(max_length=4000)],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    reviewer, session = signed_in(request)
    check_csrf(session, csrf_token)
    if not reviewer.handles_escalations:
        raise HTTPException(403, "appeals are resolved by leads")
    try:
        with context(request).store.write() as tx:
            resolve_appeal(tx, reviewer, appeal_id, outcome, reason)
    except ReviewError as exc:
        raise HTTPException(exc.status, str(exc)) from None
    return RedirectResponse("/console/appeals", status_code=303)

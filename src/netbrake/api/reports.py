"""``/v1/reports``, ``/v1/appeals``, ``/v1/metrics``: the report pipeline over HTTP.

The answer to a report is sent only after its transaction committed (group
commit through the app's ``ReportWriter``): 201 for a new report, 200 with
the original receipt for a replayed ``report_id``, 429 over the reporter's
rate limit, 503 when the store could not commit (nothing acknowledged, retry).
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response
from pydantic import ValidationError
from starlette.applications import Starlette

from netbrake.api.auth import require_scope
from netbrake.api.context import AppContext, context
from netbrake.api.direct import DirectRoute
from netbrake.api.schemas import (
    AppealIn,
    BatchOut,
    ReceiptOut,
    RejectedOut,
    ReportBatchIn,
    ReportIn,
)
from netbrake.errors import NetbrakeError
from netbrake.reports import IncomingReport, Receipt, WriterStopped, backlog, file_appeal
from netbrake.store import ApiKey, Scope

router = APIRouter(prefix="/v1", tags=["reports"])
Intake = Annotated[ApiKey, Depends(require_scope("guard"))]
Reviewing = Annotated[ApiKey, Depends(require_scope("review"))]


async def _store(
    ctx: AppContext, reports: list[IncomingReport], recent: dict[str, int]
) -> list[Receipt]:
    try:
        return await ctx.writer.deliver(reports, recent)
    except WriterStopped as exc:
        raise HTTPException(503, "the report writer is not running; retry") from exc
    except NetbrakeError as exc:
        raise HTTPException(422, exc.one_line()) from exc
    except Exception as exc:  # the transaction did not commit: nothing was acknowledged
        raise HTTPException(503, f"report not stored ({type(exc).__name__}); retry") from exc


def _admit(
    ctx: AppContext, reports: list[ReportIn]
) -> tuple[list[IncomingReport], dict[str, int], list[RejectedOut]]:
    now = ctx.config.clock()
    admitted, recent, rejected = [], {}, []
    for report in reports:
        admission = ctx.limiter.admit(report.reporter_id, now)
        if admission.allowed:
            admitted.append(report.incoming())
            recent[report.reporter_id] = admission.recent
        else:
            ctx.rate_limited += 1
            rejected.append(
                RejectedOut(
                    report_id=report.report_id,
                    reason="rate_limited",
                    retry_after=round(admission.retry_after, 3),
                )
            )
    return admitted, recent, rejected


async def keep_one(ctx: AppContext, report: IncomingReport) -> tuple[int, ReceiptOut]:
    """Admit and store one report: 201 and its receipt, or 200 and the original receipt for a
    replayed id; HTTPException 429 over the reporter's limit, 503/422 if not stored."""
    admission = ctx.limiter.admit(report.reporter_id, ctx.config.clock())
    if not admission.allowed:
        ctx.rate_limited += 1
        raise HTTPException(
            429,
            "too many reports from this reporter",
            headers={"Retry-After": str(math.ceil(round(admission.retry_after, 3)))},
        )
    (receipt,) = await _store(ctx, [report], {report.reporter_id: admission.recent})
    return (201 if receipt.created else 200), ReceiptOut.of(receipt)


@router.post(
    "/reports",
    status_code=201,
    response_model=ReceiptOut,
    responses={
        200: {"description": "a replayed report id: the original receipt"},
        429: {"description": "over the reporter's rate limit"},
    },
)
async def post_report(
    report: ReportIn, request: Request, response: Response, _key: Intake
) -> ReceiptOut:
    """Keep one report durably, then acknowledge it."""
    response.status_code, receipt = await keep_one(context(request), report.incoming())
    return receipt


@router.post("/reports/batch", status_code=201, response_model=BatchOut)
async def post_reports(
    batch: ReportBatchIn, request: Request, response: Response, _key: Intake
) -> BatchOut:
    """Keep many reports (one platform flush); each gets its receipt or a rate-limit refusal."""
    ctx = context(request)
    if len(batch.reports) > ctx.config.limits.max_batch:
        raise HTTPException(413, f"more than {ctx.config.limits.max_batch} reports in one batch")
    admitted, recent, rejected = _admit(ctx, batch.reports)
    receipts = await _store(ctx, admitted, recent) if admitted else []
    if not any(r.created for r in receipts):
        response.status_code = 200
    return BatchOut(receipts=[ReceiptOut.of(r) for r in receipts], rejected=rejected)


@router.post("/appeals", status_code=201)
def post_appeal(appeal: AppealIn, request: Request, _key: Intake) -> dict[str, int]:
    """An appeal against a decision; a reviewer resolves it in the console."""
    with context(request).store.write() as tx:
        appeal_id = file_appeal(tx, appeal.decision_id, appeal.appellant_id, appeal.text)
    return {"appeal_id": appeal_id}


@router.get("/metrics")
def get_metrics(request: Request, _key: Reviewing) -> dict[str, Any]:
    """Backlog by age, SLA breaches, verdicts, intake counters."""
    ctx = context(request)
    with ctx.store.read() as session:
        result = backlog(session, ctx.config.clock()).to_json()
    result["intake"] = {
        "commits": ctx.writer.commits,
        "stored": ctx.writer.stored,
        "rate_limited": ctx.rate_limited,
    }
    return result


async def keep_direct(app: Starlette, body: bytes) -> tuple[int, bytes] | None:
    """:func:`post_report` for :class:`DirectRoute`: None for a body that does not validate."""
    try:
        report = ReportIn.model_validate_json(body).incoming()
    except (ValidationError, NetbrakeError):
        return None
    status, receipt = await keep_one(app.state.context, report)
    return status, receipt.model_dump_json().encode()


def mount(app: FastAPI) -> None:
    """Serve the common ``POST /v1/reports`` below the framework (see :mod:`.direct`)."""
    app.add_middleware(DirectRoute, path="/v1/reports", key_scope=Scope.GUARD, answer=keep_direct)

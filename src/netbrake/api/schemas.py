"""Request and response bodies of the report routes (pydantic; 422 names the failing field)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from netbrake.reports import MAX_ID, MAX_TARGET_ID, MAX_TEXT, IncomingReport, Receipt

TargetKind = Literal["account", "post", "hashtag"]
Reason = Literal["child_safety", "nudity", "spam", "harassment", "other"]


class ReportIn(BaseModel):
    """One user report (the platform ``reports`` table contract)."""

    model_config = ConfigDict(extra="forbid")

    report_id: str = Field(min_length=1, max_length=MAX_ID)
    reporter_id: str = Field(min_length=1, max_length=MAX_ID)
    target_kind: TargetKind
    target_id: str = Field(min_length=1, max_length=MAX_TARGET_ID)
    reason: Reason
    text: str | None = Field(default=None, max_length=MAX_TEXT)
    created_at: datetime | None = None

    def incoming(self) -> IncomingReport:
        return IncomingReport(**self.model_dump())


class ReportBatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reports: list[ReportIn] = Field(min_length=1)


class ReceiptOut(BaseModel):
    """The acknowledgement: sent only after the report's transaction committed."""

    report_id: str
    case_id: int
    created: bool
    received_at: datetime

    @classmethod
    def of(cls, receipt: Receipt) -> ReceiptOut:
        return cls(
            report_id=receipt.report_id,
            case_id=receipt.case_id,
            created=receipt.created,
            received_at=receipt.received_at,
        )


class RejectedOut(BaseModel):
    report_id: str
    reason: Literal["rate_limited"]
    retry_after: float


class BatchOut(BaseModel):
    receipts: list[ReceiptOut]
    rejected: list[RejectedOut]


class AppealIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision_id: int
    appellant_id: str = Field(min_length=1, max_length=MAX_ID)
    text: str | None = Field(default=None, max_length=MAX_TEXT)

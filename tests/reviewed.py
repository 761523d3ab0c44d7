"""Test helper: reviewers uphold child-safety reports on accounts through the console's workflow
(report, adopt into a case, claim, decide "violation"), the truth the audit reads from a store."""

from __future__ import annotations

import random
from collections.abc import Iterable

from netbrake.reports import Reviewer, adopt_orphans, claim_next, decide
from netbrake.store import Store

LEAD = Reviewer("lead", frozenset({"lead"}))


def uphold(url: str, accounts: Iterable[str]) -> None:
    store = Store.open(url)
    try:
        for i, account in enumerate(accounts):
            store.receive_report(
                report_id=f"r{i}", reporter_id=f"u{i}", target_kind="account",
                target_id=account, reason="child_safety",
            )  # fmt: skip
        with store.write() as tx:
            adopt_orphans(tx)
        while True:
            with store.write() as tx:
                case = claim_next(tx, LEAD)
                if case is None:
                    return
                decide(
                    tx, LEAD, case.id, verdict="violation", reason="indicators confirmed",
                    rule_id="cs.solicitation", quality_share=0.0, rng=random.Random(0),
                )  # fmt: skip
    finally:
        store.close()

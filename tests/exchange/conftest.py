"""Fixtures for exchange tests: RESULTS folders written as the scan writes them,
and a fake clearinghouse reporting API on 127.0.0.1 (never a real endpoint)."""

from __future__ import annotations

import copy
import io
import itertools
import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from netbrake.exchange.cybertip import schema_errors

Rows = list[dict[str, Any]]

PDQ_A = "f" * 48 + "0123456789abcdef"
PDQ_B = "e" * 64
MD5_A = "0123456789abcdef0123456789abcdef"
MD5_B = "fedcba9876543210fedcba9876543210"
ID_HASH = "ab" * 32


def decision(**overrides: Any) -> dict[str, Any]:
    """One decision line as the scan writes it (every field present)."""
    base: dict[str, Any] = {
        "decision_id": "dec-1",
        "subject_kind": "account",
        "subject_id": "acc_seller_1",
        "person_id": "person-7",
        "actions": ["remove_content", "report_clearinghouse", "safeguard"],
        "role": "seller",
        "reason": "Seller advertising a content menu; possible minor.",
        "rule_id": "role.seller",
        "policy_version": "2024.1",
        "confidence": 0.93,
        "needs_human_review": False,
        "evidence": {
            "reasons": ["menu_terms", "payment_in_bio"],
            "text_hits": [{"entry_id": "lex-12", "category": "sale", "term": "s3ller"}],
            "age_claim": 14,
            "network_id": 3,
            "linked_account_ids": ["acc_seller_1", "acc_seller_backup"],
            "handles": {
                "acc_seller_1": "@seller_handle_one",
                "acc_seller_backup": "@backup_handle",
            },
            "post_ids": ["post-1", "post-2"],
            "media": [
                {
                    "post_id": "post-1",
                    "md5": MD5_A,
                    "pdq": PDQ_A,
                    "media_kind": "image",
                    "matched": True,
                },
                {"post_id": "post-2", "md5": MD5_B, "media_kind": "video", "viewed_by_human": True},
            ],
            "urls": ["https://files.example/menu"],
            "identifier_hashes": [ID_HASH],
            "first_seen_at": "2024-05-01T10:00:00Z",
        },
        "created_at": "2024-05-01T12:30:00Z",
    }
    base.update(copy.deepcopy(overrides))
    return base


def default_decisions() -> Rows:
    return [
        decision(),
        decision(
            decision_id="dec-2",
            subject_id="acc_buyer_1",
            person_id="person-9",
            actions=["remove_account", "report_clearinghouse"],
            role="buyer",
            reason="Buyer following many sellers.",
            rule_id="role.buyer",
            evidence={
                "reasons": ["follows_sellers"],
                "network_id": 3,
                "linked_account_ids": ["acc_buyer_1"],
                "report_ids": ["rep-5"],
                "first_reported_at": "2024-05-01T08:00:00Z",
                "reviewer_confirmed": True,
            },
        ),
        decision(
            decision_id="dec-3",
            subject_id="acc_touched",
            person_id="person-11",
            actions=["none"],
            role="touched",
            reason="Touched the network once; no action.",
            rule_id="role.touched",
            evidence={"reasons": ["single_view"], "media": [{"md5": "1" * 32}]},
        ),
        decision(
            decision_id="dec-4",
            subject_id="acc_agg",
            person_id="person-12",
            actions=["restrict_discovery", "require_review"],
            role="aggregator",
            needs_human_review=True,
            reason="Aggregator awaiting review.",
            rule_id="role.aggregator",
            evidence={"reasons": ["reposts"]},
        ),
    ]


def default_accounts() -> Rows:
    return [
        {"account_id": "acc_seller_1", "score": 0.9, "role": "seller", "network_id": 3,
         "person_id": "person-7", "action": "remove_content", "reasons": ["menu_terms"]},
        {"account_id": "acc_seller_backup", "score": 0.7, "role": "backup", "network_id": 3,
         "person_id": "person-7", "action": "remove_account", "reasons": ["backup_handle"]},
        {"account_id": "acc_seller_third", "score": 0.6, "role": "backup", "network_id": 3,
         "person_id": "person-7", "action": "remove_account", "reasons": ["same_device"]},
        {"account_id": "acc_buyer_1", "score": 0.8, "role": "buyer", "network_id": 3,
         "person_id": "person-9", "action": "remove_account", "reasons": ["follows_sellers"]},
        {"account_id": "acc_plain", "score": 0.01, "role": "benign", "network_id": None,
         "person_id": "person-20", "action": "none", "reasons": []},
    ]  # fmt: skip


ResultsWriter = Callable[..., Path]


@pytest.fixture
def write_results(tmp_path: Path) -> ResultsWriter:
    """Write a RESULTS folder as `netbrake scan` does; ``None`` leaves a file out."""
    counter = itertools.count()

    def write(
        decisions: Rows | None = None,
        accounts: Rows | None = None,
        raw_lines: list[str] | None = None,
    ) -> Path:
        out = tmp_path / f"results-{next(counter)}"
        out.mkdir()
        rows = default_decisions() if decisions is None else decisions
        with (out / "enforcement.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            for line in raw_lines or []:
                fh.write(line + "\n")
        table = default_accounts() if accounts is None else accounts
        if table:
            pq.write_table(pa.Table.from_pylist(table), out / "accounts.parquet")
        (out / "networks.json").write_text(json.dumps([{"network_id": 3}]), encoding="utf-8")
        (out / "summary.json").write_text(json.dumps({"decisions": len(rows)}), encoding="utf-8")
        return out

    return write


# -- the fake clearinghouse ---------------------------------------------------


@dataclass
class FakeReport:
    report_id: str
    xml: bytes
    files: dict[str, bytes] = field(default_factory=dict)
    file_details: list[bytes] = field(default_factory=list)
    finished: bool = False
    retracted: bool = False


@dataclass
class FakeClearinghouse:
    """The fake's state: reports received, every request path, and a failure to inject."""

    url: str = ""
    reports: dict[str, FakeReport] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    fail_at: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, step: str, times: int = 1) -> None:
        """Answer HTTP 503 (before doing anything) the next ``times`` calls to ``/step``."""
        self.fail_at[step] = times


def _response(code: int, description: str, **fields: str) -> bytes:
    root = ET.Element("reportResponse")
    ET.SubElement(root, "responseCode").text = str(code)
    ET.SubElement(root, "responseDescription").text = description
    for key, value in fields.items():
        ET.SubElement(root, key).text = value
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _handler(state: FakeClearinghouse) -> type[BaseHTTPRequestHandler]:
    ids = itertools.count(1000)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            step = self.path.strip("/")
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                state.requests.append(step)
                if state.fail_at.get(step, 0) > 0:
                    state.fail_at[step] -= 1
                    self._send(503, b"unavailable")
                    return
                status, answer = self._handle(step, body)
            self._send(status, answer)

        def _form(self, body: bytes) -> dict[str, str]:
            return {k: v[0] for k, v in parse_qs(body.decode()).items()}

        def _handle(self, step: str, body: bytes) -> tuple[int, bytes]:
            if step in ("submit", "fileinfo"):
                errors = schema_errors([body])
                if errors:
                    return 400, _response(4100, errors[0])
            if step == "submit":
                report_id = str(next(ids))
                state.reports[report_id] = FakeReport(report_id, body)
                return 200, _response(0, "Success", reportId=report_id)
            if step == "upload":
                message = BytesParser(policy=HTTP).parsebytes(
                    f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + body
                )
                parts = {
                    p.get_param("name", header="content-disposition"): p
                    for p in message.iter_parts()
                }
                report = state.reports.get(str(parts["id"].get_content()).strip())
                if report is None:
                    return 400, _response(1019, "unknown report")
                file_id = f"file-{len(report.files) + 1}"
                report.files[file_id] = parts["file"].get_content()
                return 200, _response(0, "Success", reportId=report.report_id, fileId=file_id)
            if step == "fileinfo":
                report_id = ET.parse(io.BytesIO(body)).getroot().findtext("reportId") or ""
                report = state.reports.get(report_id)
                if report is None or report.finished:
                    return 400, _response(1019, "unknown or closed report")
                report.file_details.append(body)
                return 200, _response(0, "Success", reportId=report_id)
            if step in ("finish", "retract"):
                report = state.reports.get(self._form(body).get("id", ""))
                if report is None:
                    return 400, _response(1019, "unknown report")
                if report.finished or report.retracted:
                    return 400, _response(1021, "report already closed")
                if step == "finish":
                    report.finished = True
                else:
                    report.retracted = True
                return 200, _response(0, "Success", reportId=report.report_id)
            return 404, _response(404, "no such endpoint")

    return Handler


@pytest.fixture
def fake_clearinghouse() -> Iterator[FakeClearinghouse]:
    """A reporting API on 127.0.0.1 (ephemeral port) that validates XML with netbrake's XSD."""
    state = FakeClearinghouse()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def fx() -> Any:
    """Builders and constants for tests (importlib mode: tests cannot import conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        decision=decision,
        default_decisions=default_decisions,
        default_accounts=default_accounts,
        MD5_A=MD5_A,
        MD5_B=MD5_B,
        PDQ_A=PDQ_A,
        PDQ_B=PDQ_B,
        ID_HASH=ID_HASH,
    )


# -- a real scan ----------------------------------------------------------------


@pytest.fixture(scope="session")
def scanned_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A RESULTS folder from a real ``synth`` + ``scan`` (with the synthetic hash list)."""
    from netbrake.policy import Policy
    from netbrake.scan import ScanRequest, scan
    from netbrake.synth import SynthConfig, generate
    from netbrake.text import default_matcher

    tmp = tmp_path_factory.mktemp("real-scan")
    source, out = tmp / "export", tmp / "results"
    generate(SynthConfig(accounts=2000, seed=7), source)
    request = ScanRequest(
        source,
        out,
        Policy.load(),
        b"exchange-conformance",
        matcher=default_matcher(),
        hash_banks=(source / "known_hashes.csv",),
    )
    scan(request)
    return out

"""The submitter against a fake clearinghouse on 127.0.0.1: submit, upload, fileinfo, finish,
retract, retries, and resuming after a failure half-way without a duplicate report."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx
import pytest

from netbrake.exchange import (
    ClearinghouseError,
    CybertipClient,
    ReportedFile,
    RetryPolicy,
    SubmissionJournal,
    build_packages,
    read_results,
)


class PlatformMediaService:
    """Stands in for the platform's media store: it holds the files, not netbrake.

    The bytes are a synthetic placeholder derived from the hash (no media exists in tests).
    """

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.uploaded: list[str] = []

    def upload(self, report_id: str, file: ReportedFile) -> str:
        placeholder = f"synthetic placeholder for {file.key}".encode()
        reply = httpx.post(
            f"{self.base_url}/upload",
            data={"id": report_id},
            files={"file": ("placeholder.bin", placeholder)},
        )
        self.uploaded.append(file.key)
        return ET.fromstring(reply.content).findtext("fileId") or ""


@pytest.fixture
def seller_package(write_results):
    export = build_packages(read_results(write_results()))
    return next(p for p in export.packages if p.person_id == "person-7")


def _client(server, tmp_path, uploader=None, attempts=3):
    delays: list[float] = []
    client = CybertipClient(
        server.url,
        SubmissionJournal(tmp_path / "journal"),
        auth=("user", "pass"),
        uploader=uploader,
        retry=RetryPolicy(attempts=attempts, base_delay=0.01),
        timeout=5,
        sleep=delays.append,
    )
    return client, delays


def test_submit_upload_fileinfo_finish(fake_clearinghouse, seller_package, tmp_path):
    media = PlatformMediaService(fake_clearinghouse.url)
    client, _ = _client(fake_clearinghouse, tmp_path, media)
    with client:
        result = client.send(seller_package)
    (report,) = fake_clearinghouse.reports.values()
    assert result.report_id == report.report_id
    assert report.finished
    assert fake_clearinghouse.requests == [
        "submit",
        "upload",
        "fileinfo",
        "upload",
        "fileinfo",
        "finish",
    ]
    assert result.files_described == 2
    viewed = sorted(ET.fromstring(d).findtext("fileViewedByEsp") or "" for d in report.file_details)
    assert viewed == ["false", "true"]  # one file a reviewer viewed, one nobody viewed


def test_without_a_media_service_only_the_report_is_sent(
    fake_clearinghouse, seller_package, tmp_path
):
    client, _ = _client(fake_clearinghouse, tmp_path)
    with client:
        client.send(seller_package)
    assert fake_clearinghouse.requests == ["submit", "finish"]


def test_transient_5xx_is_retried_with_backoff(fake_clearinghouse, seller_package, tmp_path):
    fake_clearinghouse.fail("submit", times=2)
    client, delays = _client(fake_clearinghouse, tmp_path, attempts=3)
    with client:
        client.send(seller_package)
    assert len(fake_clearinghouse.reports) == 1
    assert delays == [0.01, 0.02]


def test_failure_half_way_resumes_the_same_report(fake_clearinghouse, seller_package, tmp_path):
    media = PlatformMediaService(fake_clearinghouse.url)
    fake_clearinghouse.fail("fileinfo", times=2)  # outlasts the first run's retries
    client, _ = _client(fake_clearinghouse, tmp_path, media, attempts=2)
    with client, pytest.raises(ClearinghouseError, match="fileinfo"):
        client.send(seller_package)
    (report,) = fake_clearinghouse.reports.values()
    assert not report.finished

    again, _ = _client(fake_clearinghouse, tmp_path, media, attempts=2)
    with again:
        result = again.send(seller_package)
    assert result.resumed
    assert list(fake_clearinghouse.reports) == [report.report_id]  # no duplicate report
    assert report.finished
    assert len(report.files) == 2  # the uploaded file was not uploaded twice
    assert len(report.file_details) == 2
    assert fake_clearinghouse.requests.count("submit") == 1


def test_sending_a_finished_package_again_does_nothing(
    fake_clearinghouse, seller_package, tmp_path
):
    client, _ = _client(fake_clearinghouse, tmp_path)
    with client:
        first = client.send(seller_package)
        second = client.send(seller_package)
    assert first.report_id == second.report_id
    assert fake_clearinghouse.requests == ["submit", "finish"]


def test_retract_an_unfinished_report(fake_clearinghouse, seller_package, tmp_path):
    fake_clearinghouse.fail("finish", times=1)
    client, _ = _client(fake_clearinghouse, tmp_path, attempts=1)
    with client:
        with pytest.raises(ClearinghouseError):
            client.send(seller_package)
        report_id = client.retract(seller_package)
    assert fake_clearinghouse.reports[report_id].retracted
    entry = SubmissionJournal(tmp_path / "journal").entries()[0]
    assert entry.retracted


def test_a_refusal_is_not_retried(fake_clearinghouse, seller_package, tmp_path):
    client, delays = _client(fake_clearinghouse, tmp_path)
    with client:
        client.send(seller_package)
        with pytest.raises(ClearinghouseError, match="already closed"):
            client.retract(seller_package)  # finished reports cannot be retracted
    assert delays == []


def test_server_validates_posted_xml_against_the_same_schema(fake_clearinghouse, tmp_path):
    reply = httpx.post(f"{fake_clearinghouse.url}/submit", content=b"<report><bogus/></report>")
    assert reply.status_code == 400
    assert ET.fromstring(reply.content).findtext("responseCode") == "4100"
    assert fake_clearinghouse.reports == {}


def test_unreachable_server_gives_up_after_the_retries(seller_package, tmp_path):
    client = CybertipClient(
        "http://127.0.0.1:9",  # discard port: nothing listens
        SubmissionJournal(tmp_path / "journal"),
        retry=RetryPolicy(attempts=2, base_delay=0.0),
        sleep=lambda _s: None,
        timeout=2,
    )
    with client, pytest.raises(ClearinghouseError, match="gave up after 2 attempts"):
        client.send(seller_package)
    assert SubmissionJournal(tmp_path / "journal").entries() == []

"""A client for the clearinghouse's reporting API: submit, upload, fileinfo, finish, retract.

The flow follows the public documentation of the ESP reporting web service:
``POST /submit`` with the ``<report>`` XML returns a report id; each file is
sent with ``POST /upload`` (the bytes) and described with ``POST /fileinfo``
(``<fileDetails>``); ``POST /finish`` closes the report; ``POST /retract``
withdraws an unfinished one. Responses are XML with a ``responseCode``
(0 means success).

What netbrake can and cannot send: netbrake never holds media bytes
(docs/failures.md), so it cannot call ``/upload`` itself. When the platform passes a
:class:`MediaUploader` (its media service, which holds the files and sends
them straight to the clearinghouse), netbrake asks it to upload each file by
hash and then sends ``fileDetails`` with the MD5, the PDQ and an honest
``fileViewedByEsp``. Without an uploader, the files are listed by hash in the
report text only.

Retries: 5xx answers and timeouts are retried with exponential backoff; the
:class:`~netbrake.exchange.journal.SubmissionJournal` records every step, so
a run that fails half-way resumes the same report instead of opening a
duplicate. One case remains ambiguous by nature: a ``/submit`` whose answer is
lost after the server accepted it. The API has no idempotency key, so the
retry opens a second report; the report text carries the package's key so the
two can be matched and the spare one retracted.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

import httpx

from netbrake.exchange.cybertip import ReportedFile, ReportPackage, build_file_details_xml
from netbrake.exchange.journal import JournalEntry, SubmissionJournal


class ClearinghouseError(Exception):
    """The clearinghouse refused a request, or stayed unavailable after every retry."""


class MediaUploader(Protocol):
    """The platform's media service: uploads one file (found by hash) and returns its file id."""

    def upload(self, report_id: str, file: ReportedFile) -> str: ...


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry 5xx answers and timeouts."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0

    def delay(self, attempt: int) -> float:
        return min(self.max_delay, self.base_delay * (1 << attempt))


@dataclass(frozen=True)
class Submission:
    """What one call to :meth:`CybertipClient.send` achieved."""

    person_id: str
    report_id: str
    files_described: int
    resumed: bool


class CybertipClient:
    """Sends :class:`ReportPackage` objects; resumable through a journal."""

    def __init__(
        self,
        base_url: str,
        journal: SubmissionJournal,
        *,
        auth: tuple[str, str] | None = None,
        uploader: MediaUploader | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ):
        self.journal = journal
        self.uploader = uploader
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), auth=auth, timeout=timeout, transport=transport
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CybertipClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport ------------------------------------------------------------

    def _post(
        self,
        path: str,
        *,
        xml: bytes | None = None,
        data: Mapping[str, str] | None = None,
    ) -> ET.Element:
        headers = {"Content-Type": "text/xml; charset=utf-8"} if xml is not None else None
        last: Exception | None = None
        for attempt in range(self.retry.attempts):
            try:
                response = self._http.post(path, content=xml, data=data, headers=headers)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                last = exc
            else:
                if response.status_code < 500:
                    return _parse(path, response)
                last = ClearinghouseError(f"{path}: HTTP {response.status_code}")
            if attempt + 1 < self.retry.attempts:
                self._sleep(self.retry.delay(attempt))
        raise ClearinghouseError(f"{path}: gave up after {self.retry.attempts} attempts: {last}")

    # -- steps ----------------------------------------------------------------

    def send(self, package: ReportPackage) -> Submission:
        """Submit, describe each file, finish; resumes from the journal after a failure."""
        entry = self.journal.load(package.idempotency_key, package.person_id)
        resumed = entry.report_id is not None
        if entry.report_id is None:
            reply = self._post("/submit", xml=package.report_xml)
            entry.report_id = _text(reply, "reportId")
            self.journal.save(entry)
        if not entry.finished:
            if self.uploader is not None:
                for file in package.files:
                    self._describe(entry, file)
            self._post("/finish", data={"id": entry.report_id})
            entry.finished = True
            self.journal.save(entry)
        return Submission(package.person_id, entry.report_id, len(entry.fileinfo_sent), resumed)

    def _describe(self, entry: JournalEntry, file: ReportedFile) -> None:
        assert entry.report_id is not None
        assert self.uploader is not None
        if file.key in entry.fileinfo_sent:
            return
        if file.key not in entry.file_ids:
            entry.file_ids[file.key] = self.uploader.upload(entry.report_id, file)
            self.journal.save(entry)
        details = build_file_details_xml(entry.report_id, entry.file_ids[file.key], file)
        self._post("/fileinfo", xml=details)
        entry.fileinfo_sent.append(file.key)
        self.journal.save(entry)

    def retract(self, package: ReportPackage) -> str:
        """Withdraw the package's report (only an unfinished report can be retracted)."""
        entry = self.journal.load(package.idempotency_key, package.person_id)
        if entry.report_id is None:
            raise ClearinghouseError("nothing to retract: the report was never opened")
        self._post("/retract", data={"id": entry.report_id})
        entry.retracted = True
        self.journal.save(entry)
        return entry.report_id


def _parse(path: str, response: httpx.Response) -> ET.Element:
    try:
        root = ET.fromstring(response.content)
    except ET.ParseError as exc:
        raise ClearinghouseError(
            f"{path}: answer is not XML (HTTP {response.status_code})"
        ) from exc
    code = _text(root, "responseCode")
    if response.status_code >= 400 or code != "0":
        description = root.findtext("responseDescription") or "no description"
        raise ClearinghouseError(f"{path}: refused (code {code}): {description}")
    return root


def _text(root: ET.Element, tag: str) -> str:
    value = root.findtext(tag)
    if not value:
        raise ClearinghouseError(f"answer has no <{tag}>")
    return value

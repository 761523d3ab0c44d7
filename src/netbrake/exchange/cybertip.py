"""CyberTipline report packages: one clearinghouse report per person, built from decisions.

The XML follows the public documentation of the clearinghouse's ESP reporting
web service (``/submit`` takes one ``<report>``, ``/fileinfo`` one
``<fileDetails>`` per uploaded file) and is validated against
``cybertip_report.xsd``, the schema netbrake keeps beside this module
(with ``xmlschema``, from the optional ``exchange`` extra).

What netbrake can say, and what it cannot (docs/failures.md, data-handling rule):
netbrake never holds media bytes, so a package carries files by hash only
(MD5 as ``originalFileHash``, PDQ in ``additionalInfo``). ``fileViewedByEsp``
is true only when the evidence says a human at the platform viewed the file
(a reviewer confirmed); otherwise it is false, as the law expects it to be
reported honestly. Uploading the file itself is the platform media service's
job (see :class:`netbrake.exchange.submitter.MediaUploader`).
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from netbrake.enforce import Decision
from netbrake.exchange import evidence as ev
from netbrake.exchange.results import Results
from netbrake.extras import require

#: The documented incident type for apparent child sexual abuse material.
INCIDENT_CSAM = "Child Pornography (possession, manufacture, and distribution)"
#: The documented incident type for enticement / grooming.
INCIDENT_ENTICEMENT = "Online Enticement of Children for Sexual Acts"
_ENTICEMENT_CATEGORIES = {"grooming", "enticement", "contact_offer"}


@dataclass(frozen=True)
class Reporter:
    """The platform filing the report (the ``<reporter>`` element)."""

    first_name: str = "Trust"
    last_name: str = "Safety"
    email: str = "trust-safety@platform.example"
    company: str = "netbrake synthetic platform"
    service: str = "photo sharing"
    terms_of_service: str | None = None


@dataclass(frozen=True)
class ReportedFile:
    """A file of the report, by hash; ``viewed_by_esp`` becomes ``fileViewedByEsp``."""

    md5: str | None
    pdq: str | None
    post_id: str | None
    account_id: str | None
    viewed_by_esp: bool

    @property
    def key(self) -> str:
        return self.md5 or self.pdq or ""


@dataclass(frozen=True)
class ReportPackage:
    """Everything sent for one person: the report XML and the files by hash."""

    person_id: str
    decision_ids: tuple[str, ...]
    report_xml: bytes
    files: tuple[ReportedFile, ...]
    account_ids: tuple[str, ...]

    @property
    def idempotency_key(self) -> str:
        """Same person + same decision set -> same key, so a retry resumes the same report."""
        return package_key(self.person_id, self.decision_ids)


def package_key(person_id: str, decision_ids: Iterable[str]) -> str:
    text = person_id + "\n" + "\n".join(sorted(decision_ids))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class CybertipExport:
    """The packages built from a RESULTS folder and the persons skipped, with why."""

    packages: list[ReportPackage] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attrs)
    if text is not None:
        # XML 1.0 cannot carry control characters; everything else (any script) is kept.
        child.text = _XML_INVALID.sub("\ufffd", text)
    return child


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _incident_type(decisions: Sequence[Decision]) -> str:
    categories = set().union(*(ev.categories_of(d) for d in decisions))
    has_media = categories & {"media_matched", "media_flagged"}
    if not has_media and categories & _ENTICEMENT_CATEGORIES:
        return INCIDENT_ENTICEMENT
    return INCIDENT_CSAM


def _files(decisions: Sequence[Decision]) -> list[ReportedFile]:
    found: dict[str, ReportedFile] = {}
    for decision in decisions:
        for media in ev.media_of(decision):
            seen = found.get(media.key)
            viewed = media.viewed_by_human or (seen.viewed_by_esp if seen else False)
            found[media.key] = ReportedFile(
                media.md5, media.pdq, media.post_id, media.account_id, viewed
            )
    return sorted(found.values(), key=lambda f: f.key)


def _accounts(person_id: str, decisions: Sequence[Decision], results: Results) -> list[str]:
    ids: dict[str, None] = {}
    for decision in decisions:
        if decision.subject_kind == "account":
            ids[decision.subject_id] = None
        ids.update(dict.fromkeys(ev.linked_accounts_of(decision)))
    ids.update(dict.fromkeys(results.accounts_of(person_id)))
    return list(ids)


def _summary_text(key: str, decisions: Sequence[Decision], files: Sequence[ReportedFile]) -> str:
    lines = [
        f"Report filed by netbrake for one person; {len(decisions)} decision(s), "
        f"{len(files)} file(s) identified by hash only (the platform holds the media). "
        f"Package key {key}.",
    ]
    for d in decisions:
        rule = d.rule_id or "unknown rule"
        lines.append(
            f"Decision {d.decision_id} ({rule}, policy {d.policy_version or '-'}): {d.reason}"
        )
    lines.extend(_evidence_lines(decisions))
    for f in files:
        hashes = ", ".join(
            x for x in (f"MD5 {f.md5}" if f.md5 else "", f"PDQ {f.pdq}" if f.pdq else "") if x
        )
        viewed = "viewed by platform staff" if f.viewed_by_esp else "not viewed by platform staff"
        lines.append(f"File {hashes}; {viewed}.")
    return "\n".join(lines)


#: Most text indicators listed in one report's summary (the rest are counted).
MAX_TEXT_LINES = 100


def _evidence_lines(decisions: Sequence[Decision]) -> list[str]:
    """The structured evidence (docs/results.md "Evidence") as sentences a reader can check."""
    hits: dict[tuple[Any, ...], Mapping[str, Any]] = {}
    placed: dict[str, Mapping[str, Any]] = {}
    identifiers: set[str] = set()
    for d in decisions:
        for hit in ev.text_hits_of(d):
            where = tuple(
                hit.get(k) for k in ("account_id", "entry_id", "term", "surface", "post_id")
            )
            hits.setdefault(where, hit)
        for graph in ev.graph_of(d):
            placed.setdefault(str(graph.get("account_id") or d.subject_id), graph)
        identifiers.update(ev.identifier_hashes_of(d))
    lines = []
    for hit in list(hits.values())[:MAX_TEXT_LINES]:
        term = f"'{hit['term']}'" if hit.get("term") else f"rule {hit.get('entry_id')}"
        post = f" {hit['post_id']}" if hit.get("post_id") else ""
        lines.append(
            f"Text indicator {term} ({hit.get('category')}, {hit.get('severity')}, "
            f"{hit.get('variant')}) in {hit.get('surface')}{post} of account {hit.get('account_id')}."
        )
    if len(hits) > MAX_TEXT_LINES:
        lines.append(f"{len(hits) - MAX_TEXT_LINES} more text indicator(s) in the scan results.")
    for account, graph in sorted(placed.items()):
        if graph.get("network_id") is None:
            continue
        how = "a seed account" if graph.get("seed") else "mapped"
        if graph.get("core_contacts") is not None:
            how += f", {graph['core_contacts']} contacts into the network's evidence core"
        lines.append(f"Account {account}: network {graph['network_id']}, {how}.")
    if identifiers:
        lines.append(f"{len(identifiers)} account identifier(s) linked, held by keyed hash only.")
    return lines


def build_report_xml(
    person_id: str,
    decisions: Sequence[Decision],
    accounts: Sequence[str],
    files: Sequence[ReportedFile],
    reporter: Reporter,
    account_actions: Mapping[str, str | None] | None = None,
) -> bytes:
    """The ``<report>`` document for one person (documented element order).

    ``account_actions`` (account id -> action from ``accounts.parquet``) says
    which accounts were removed; decisions on an account or on the whole
    person say it too.
    """
    first = min(decisions, key=lambda d: d.created_at)
    handles: dict[str, str] = {}
    urls: list[str] = []
    for d in decisions:
        handles.update(ev.handles_of(d))
        urls.extend(u for u in ev.urls_of(d) if u not in urls)
    root = ET.Element("report")
    summary = _el(root, "incidentSummary")
    _el(summary, "incidentType", _incident_type(decisions))
    _el(summary, "platform", reporter.service)
    if any("safeguard" in d.actions for d in decisions):
        _el(summary, "escalateToHighPriority", "A reported account may belong to a minor.")
    _el(summary, "incidentDateTime", _iso(first.created_at))
    _el(summary, "incidentDateTimeDescription", "Time of netbrake's first decision.")
    if urls:
        page = _el(_el(root, "internetDetails"), "webPageIncident")
        for url in urls:
            _el(page, "url", url)
    rep = _el(root, "reporter")
    person = _el(rep, "reportingPerson")
    _el(person, "firstName", reporter.first_name)
    _el(person, "lastName", reporter.last_name)
    _el(person, "email", reporter.email)
    _el(rep, "companyTemplate", reporter.company)
    if reporter.terms_of_service:
        _el(rep, "termsOfService", reporter.terms_of_service)
    removed = _removed_accounts(decisions, accounts, account_actions)
    user = _el(root, "personOrUserReported")
    primary, others = (accounts[0], accounts[1:]) if accounts else (None, [])
    if primary is not None:
        _el(user, "espIdentifier", primary)
    _el(user, "espService", reporter.service)
    if primary is not None and primary in handles:
        _el(user, "screenName", handles[primary])
    _el(user, "accountPermanentlyDisabled", _flag(primary in removed))
    for account in others:
        # associatedAccount has no disabled flag of its own: its status goes in additionalInfo.
        linked = _el(user, "associatedAccount")
        _el(linked, "espService", reporter.service)
        _el(linked, "espIdentifier", account)
        if account in handles:
            _el(linked, "screenName", handles[account])
        _el(linked, "additionalInfo", _status(account in removed))
    _el(
        user,
        "additionalInfo",
        f"All {len(accounts)} account(s) were linked to one person by netbrake.",
    )
    key = package_key(person_id, (d.decision_id for d in decisions))
    _el(root, "additionalInfo", _summary_text(key, decisions, files))
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def build_file_details_xml(report_id: str, file_id: str, file: ReportedFile) -> bytes:
    """The ``<fileDetails>`` document for one uploaded file, by hash."""
    root = ET.Element("fileDetails")
    _el(root, "reportId", report_id)
    _el(root, "fileId", file_id)
    _el(root, "fileViewedByEsp", _flag(file.viewed_by_esp))
    _el(root, "exifViewedByEsp", "false")
    _el(root, "fileRelevance", "Reported")
    if file.md5:
        _el(root, "originalFileHash", file.md5, hashType="MD5")
    if file.pdq:
        _el(root, "additionalInfo", f"PDQ {file.pdq}")
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


#: ``associatedAccount/additionalInfo`` for a removed account and for one left in place.
ACCOUNT_REMOVED = "Account permanently disabled by the platform."
ACCOUNT_KEPT = "Account not disabled."


def _status(removed: bool) -> str:
    return ACCOUNT_REMOVED if removed else ACCOUNT_KEPT


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _removed_accounts(
    decisions: Sequence[Decision],
    accounts: Sequence[str],
    account_actions: Mapping[str, str | None] | None,
) -> set[str]:
    removed = {a for a, action in (account_actions or {}).items() if action == "remove_account"}
    for d in decisions:
        if "remove_account" in d.actions:
            removed.update(accounts if d.subject_kind == "person" else [d.subject_id])
    return removed


def reportable(decision: Decision) -> bool:
    return "report_clearinghouse" in decision.actions


def build_packages(results: Results, reporter: Reporter | None = None) -> CybertipExport:
    """One package per person whose decisions say ``report_clearinghouse``.

    A person whose reportable decisions carry no evidence at all is skipped
    with a reason: a report to law enforcement must state facts.
    """
    reporter = reporter or Reporter()
    by_person: dict[str, list[Decision]] = defaultdict(list)
    for decision in results.decisions:
        if reportable(decision):
            by_person[decision.owner].append(decision)
    export = CybertipExport()
    for person_id in sorted(by_person):
        decisions = sorted(by_person[person_id], key=lambda d: (d.created_at, d.decision_id))
        with_evidence = [d for d in decisions if d.has_evidence]
        if not with_evidence:
            export.skipped[person_id] = "no decision carries evidence; not reportable"
            continue
        accounts = _accounts(person_id, with_evidence, results)
        files = _files(with_evidence)
        actions = {a.account_id: a.action for a in results.accounts if a.person_id == person_id}
        xml = build_report_xml(person_id, with_evidence, accounts, files, reporter, actions)
        validate(xml)
        export.packages.append(
            ReportPackage(
                person_id,
                tuple(d.decision_id for d in with_evidence),
                xml,
                tuple(files),
                tuple(accounts),
            )
        )
    return export


@cache
def _schema() -> Any:
    # Every report is validated before it is written: without xmlschema, no report.
    xmlschema = require("xmlschema", "exchange", "CyberTipline reports (schema validation)")
    source = resources.files("netbrake.exchange").joinpath("cybertip_report.xsd")
    return xmlschema.XMLSchema(source.read_text(encoding="utf-8"))


def validate(document: bytes) -> None:
    """Raise ``ValueError`` naming the first schema violation of a report or fileDetails."""
    errors = list(_schema().iter_errors(io.BytesIO(document)))
    if errors:
        raise ValueError(f"invalid CyberTipline XML: {errors[0].reason} at {errors[0].path}")


def schema_errors(documents: Iterable[bytes]) -> list[str]:
    """Every violation across documents, for tests and the fake server."""
    return [str(e.reason) for doc in documents for e in _schema().iter_errors(io.BytesIO(doc))]

"""DSA Article 17 statements of reasons, in the DSA Transparency Database API's form.

One statement per decision that restricts something (removal, account
termination, demotion); decisions that only queue a review, safeguard or
report restrict nothing the user sees and get no statement. Field names and
allowed values follow the public Transparency Database API documentation
(``POST /api/v1/statement`` for one, ``POST /api/v1/statements`` with
``{"statements": [...]}`` for a batch of at most 100).

No personal data: the database is public. A statement carries only a
platform unique id (PUID) derived one-way from the decision id, fixed
templated facts and codes; never an account id, handle, person id, name, bio
or the reviewer's free text (which may quote them).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from netbrake.enforce import Decision
from netbrake.exchange import evidence as ev
from netbrake.exchange.dsa_codes import EEA as EEA
from netbrake.exchange.dsa_codes import (
    LANGUAGES,
    AccountDecision,
    AccountType,
    AutomatedDecision,
    Category,
    ContentType,
    Country,
    Ground,
    Keyword,
    Monetary,
    Provision,
    SourceType,
    Visibility,
    YesNo,
)
from netbrake.exchange.results import Results

#: The batch endpoint accepts at most this many statements per request.
BATCH_LIMIT = 100

_DAY = r"^\d{4}-\d{2}-\d{2}$"
#: The database's date bounds (``after_or_equal`` / ``before_or_equal``), per date field.
DATE_BOUNDS: dict[str, tuple[date | None, date]] = {
    "content_date": (date(2000, 1, 1), date(2038, 1, 1)),
    "application_date": (date(2020, 1, 1), date(2038, 1, 1)),
    "end_date_account_restriction": (None, date(2038, 1, 1)),
    "end_date_monetary_restriction": (None, date(2038, 1, 1)),
    "end_date_service_restriction": (None, date(2038, 1, 1)),
    "end_date_visibility_restriction": (None, date(2038, 1, 1)),
}
_EAN_13 = re.compile(r"[0-9]{13}")


class StatementOfReasons(BaseModel):
    """One statement as the Transparency Database API expects it (the schema, as a model).

    Every field the database validates is here, with its codes, lengths,
    patterns and date bounds, and its rules across fields. Where the database
    silently drops a field (``exclude_unless``: the other ground's explanation,
    a source identity on a voluntary decision), the model refuses it instead,
    so nothing a platform means to publish is lost on the way (docs/exchange.md
    "DSA statements of reasons").
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    decision_visibility: list[Visibility] | None = None
    decision_visibility_other: str | None = Field(default=None, max_length=500)
    decision_monetary: Monetary | None = None
    decision_monetary_other: str | None = Field(default=None, max_length=500)
    decision_provision: Provision | None = None
    decision_account: AccountDecision | None = None
    account_type: AccountType | None = None
    decision_ground: Ground
    decision_ground_reference_url: str | None = Field(default=None, max_length=500)
    illegal_content_legal_ground: str | None = Field(default=None, max_length=500)
    illegal_content_explanation: str | None = Field(default=None, max_length=2000)
    incompatible_content_ground: str | None = Field(default=None, max_length=500)
    incompatible_content_explanation: str | None = Field(default=None, max_length=2000)
    incompatible_content_illegal: YesNo | None = None
    category: Category
    category_addition: list[Category] | None = None
    # The database allows none; netbrake always names at least one keyword.
    category_specification: list[Keyword] = Field(min_length=1)
    category_specification_other: str | None = Field(default=None, max_length=500)
    content_type: list[ContentType] = Field(min_length=1)
    content_type_other: str | None = Field(default=None, max_length=500)
    content_id: dict[str, str] | None = None
    content_id_ean: str | None = Field(default=None, pattern=r"^[0-9]{13}$")
    content_language: str | None = None
    content_date: str = Field(pattern=_DAY)
    application_date: str = Field(pattern=_DAY)
    end_date_account_restriction: str | None = Field(default=None, pattern=_DAY)
    end_date_monetary_restriction: str | None = Field(default=None, pattern=_DAY)
    end_date_service_restriction: str | None = Field(default=None, pattern=_DAY)
    end_date_visibility_restriction: str | None = Field(default=None, pattern=_DAY)
    # The database allows none; netbrake always states where the decision applies.
    territorial_scope: list[Country] = Field(min_length=1)
    decision_facts: str = Field(min_length=1, max_length=5000)
    source_type: SourceType
    source_identity: str | None = Field(default=None, max_length=500)
    automated_detection: YesNo
    automated_decision: AutomatedDecision
    puid: str = Field(min_length=1, max_length=500, pattern=r"^[a-zA-Z0-9_-]+$")

    @field_validator(*DATE_BOUNDS)
    @classmethod
    def _in_bounds(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A real calendar day inside the database's bounds for this field."""
        if value is None:
            return None
        name = str(info.field_name)
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} is not a calendar day (YYYY-MM-DD): {value}") from None
        low, high = DATE_BOUNDS[name]
        if (low is not None and day < low) or day > high:
            since = f"{low.isoformat()}.." if low else "up to "
            raise ValueError(f"{name} must be {since}{high.isoformat()}: {value}")
        return value

    @field_validator("content_id")
    @classmethod
    def _content_id(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        """The database knows one content id, ``EAN-13``: 13 digits."""
        for key, code in (value or {}).items():
            if key != "EAN-13":
                raise ValueError(f"content_id: unknown id {key!r} (the database knows EAN-13)")
            if not _EAN_13.fullmatch(code):
                raise ValueError(f"content_id EAN-13 must be 13 digits: {code!r}")
        return value

    @field_validator("content_language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and value not in LANGUAGES:
            raise ValueError(f"content_language is not an ISO 639-1 code (upper case): {value!r}")
        return value

    @field_validator("decision_ground_reference_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None:
            parts = urlsplit(value)
            if not (parts.scheme and parts.netloc) or any(c.isspace() for c in value):
                raise ValueError(f"decision_ground_reference_url is not a URL: {value!r}")
        return value

    @model_validator(mode="after")
    def _required_if(self) -> StatementOfReasons:
        """The database's rules across fields: a decision of some kind, the explanation
        its ground needs (and none for the other ground), "other" spelled out."""
        problem = _cross_field_problem(self)
        if problem:
            raise ValueError(problem)
        return self


_DECISIONS = ("decision_visibility", "decision_monetary", "decision_provision", "decision_account")
_GROUND_FIELDS = {
    "DECISION_GROUND_ILLEGAL_CONTENT": (
        "illegal_content_legal_ground",
        "illegal_content_explanation",
    ),
    "DECISION_GROUND_INCOMPATIBLE_CONTENT": (
        "incompatible_content_ground",
        "incompatible_content_explanation",
    ),
}


def _other_rule(present: bool, name: str, value: str | None, when: str) -> str | None:
    """``name`` is required when ``when`` holds, and only then (the database drops it otherwise)."""
    if present and not (value and value.strip()):
        return f"{name} is required when {when}"
    if not present and value is not None:
        return f"{name} is allowed only when {when}"
    return None


def _cross_field_problem(s: StatementOfReasons) -> str | None:
    """The first cross-field rule ``s`` breaks, as one line naming the fields."""
    if not any(getattr(s, name) for name in _DECISIONS):
        return "one of " + ", ".join(_DECISIONS) + " is required"
    for ground, needed in _GROUND_FIELDS.items():
        mine = s.decision_ground == ground
        for name in needed:
            value = getattr(s, name)
            if mine and not (value and value.strip()):
                return f"{name} is required when decision_ground is {ground}"
            if not mine and value is not None:
                return f"{name} is allowed only when decision_ground is {ground}"
    incompatible = s.decision_ground == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    if s.incompatible_content_illegal is not None and not incompatible:
        return (
            "incompatible_content_illegal is allowed only when decision_ground is "
            "DECISION_GROUND_INCOMPATIBLE_CONTENT"
        )
    visibility = s.decision_visibility or []
    rules = (
        (
            "DECISION_VISIBILITY_OTHER" in visibility,
            "decision_visibility_other",
            s.decision_visibility_other,
            "decision_visibility includes DECISION_VISIBILITY_OTHER",
        ),
        (
            s.decision_monetary == "DECISION_MONETARY_OTHER",
            "decision_monetary_other",
            s.decision_monetary_other,
            "decision_monetary is DECISION_MONETARY_OTHER",
        ),
        (
            "CONTENT_TYPE_OTHER" in s.content_type,
            "content_type_other",
            s.content_type_other,
            "content_type includes CONTENT_TYPE_OTHER",
        ),
    )
    for present, name, value, when in rules:
        problem = _other_rule(present, name, value, when)
        if problem:
            return problem
    if s.source_identity is not None and s.source_type == "SOURCE_VOLUNTARY":
        return "source_identity is allowed only when source_type is not SOURCE_VOLUNTARY"
    return None


@dataclass
class DsaExport:
    """Statements built from RESULTS, and the decisions that got none, with why."""

    statements: list[StatementOfReasons] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


_RESTRICTING = {"remove_account", "remove_content", "restrict_discovery"}
_ROLE_FACTS = {
    "seller": "The account advertised or offered material showing the sexual abuse of children.",
    "buyer": "The account sought or followed accounts offering material showing the sexual abuse of children.",
    "aggregator": "The account collected and promoted accounts offering child sexual abuse material.",
    "trader": "The account linked to off-platform services used to trade child sexual abuse material.",
    "backup": "The account is a replacement for an account already removed for child sexual exploitation.",
}


def pseudonymous_puid(decision_id: str, salt: str = "netbrake-dsa") -> str:
    """A PUID the platform can map back to its decision, which reveals nothing about the user."""
    digest = hashlib.sha256(f"{salt}\n{decision_id}".encode()).hexdigest()
    return f"nb-{digest[:40]}"


def _keywords(decision: Decision) -> list[Keyword]:
    categories = ev.categories_of(decision)
    found: list[Keyword] = []
    if categories & {"media_matched", "media_flagged", "csam", "sale", "menu", "seller"}:
        found.append("KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL")
    if categories & {"grooming", "enticement", "contact_offer"}:
        found.append("KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS")
    return found or ["KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"]


def _content_types(decision: Decision) -> tuple[list[ContentType], str | None]:
    kinds: list[ContentType] = []
    for media in ev.media_of(decision):
        kind: ContentType = (
            "CONTENT_TYPE_VIDEO" if media.media_kind == "video" else "CONTENT_TYPE_IMAGE"
        )
        if kind not in kinds:
            kinds.append(kind)
    if ev.text_hits_of(decision):
        kinds.append("CONTENT_TYPE_TEXT")
    if kinds:
        return kinds, None
    return ["CONTENT_TYPE_OTHER"], "account and its profile"


def _facts(decision: Decision) -> str:
    """Templated facts: the role, what was found (counts, categories) and the rule; no identifiers."""
    parts = [
        _ROLE_FACTS.get(
            decision.role or "", "The account took part in a child sexual exploitation network."
        )
    ]
    media = ev.media_of(decision)
    matched = sum(1 for m in media if m.matched_known)
    if matched:
        parts.append(
            f"{matched} media item(s) matched hashes of known child sexual abuse material."
        )
    if len(media) > matched:
        parts.append(
            f"{len(media) - matched} media item(s) were flagged as apparent abuse material."
        )
    categories = sorted(ev.categories_of(decision) - {"media_matched", "media_flagged"})
    if categories:
        parts.append("Text signals found: " + ", ".join(categories) + ".")
    if decision.rule_id:
        parts.append(
            f"Decided under rule {decision.rule_id} (policy {decision.policy_version or 'unversioned'})."
        )
    return " ".join(parts)


def statement_for(
    decision: Decision, territorial_scope: Sequence[Country] = EEA
) -> StatementOfReasons | str:
    """The statement for one decision, or the reason it gets none."""
    actions = set(decision.actions)
    if not actions & _RESTRICTING:
        return "no restriction applied (nothing to explain)"
    if decision.needs_human_review and not decision.reviewer_confirmed:
        return "awaiting human review; the restriction is not applied yet"
    visibility: list[Visibility] = []
    if "remove_content" in actions:
        visibility.append("DECISION_VISIBILITY_CONTENT_REMOVED")
    if "restrict_discovery" in actions:
        visibility.append("DECISION_VISIBILITY_CONTENT_DEMOTED")
    terminated = "remove_account" in actions
    # Illegal ground only on a match with known material; otherwise the platform's terms.
    illegal = any(m.matched_known for m in ev.media_of(decision))
    content_types, content_other = _content_types(decision)
    day = decision.created_at.date().isoformat()
    first = ev.first_signal_at(decision)
    return StatementOfReasons(
        decision_visibility=visibility or None,
        decision_provision="DECISION_PROVISION_TOTAL_TERMINATION" if terminated else None,
        decision_account="DECISION_ACCOUNT_TERMINATED" if terminated else None,
        decision_ground="DECISION_GROUND_ILLEGAL_CONTENT"
        if illegal
        else "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        illegal_content_legal_ground="Directive 2011/93/EU on combating the sexual abuse and sexual exploitation of children"
        if illegal
        else None,
        illegal_content_explanation="Media matched hashes of known child sexual abuse material."
        if illegal
        else None,
        incompatible_content_ground=None
        if illegal
        else "Child safety policy: child sexual exploitation",
        incompatible_content_explanation=None
        if illegal
        else "The platform's terms forbid any participation in the sexual exploitation of children.",
        incompatible_content_illegal=None if illegal else "Yes",
        category="STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
        category_specification=_keywords(decision),
        content_type=content_types,
        content_type_other=content_other,
        content_date=(first or decision.created_at).date().isoformat(),
        application_date=day,
        territorial_scope=list(territorial_scope),
        decision_facts=_facts(decision),
        source_type="SOURCE_ARTICLE_16" if ev.report_ids_of(decision) else "SOURCE_VOLUNTARY",
        automated_detection="Yes",
        automated_decision="AUTOMATED_DECISION_PARTIALLY"
        if decision.reviewer_confirmed
        else "AUTOMATED_DECISION_FULLY",
        puid=pseudonymous_puid(decision.decision_id),
    )


def build_statements(results: Results, territorial_scope: Sequence[Country] = EEA) -> DsaExport:
    """One statement per restricting decision of a RESULTS folder."""
    export = DsaExport()
    for decision in results.decisions:
        made = statement_for(decision, territorial_scope)
        if isinstance(made, str):
            export.skipped[decision.decision_id] = made
        else:
            export.statements.append(made)
    return export


def batches(
    statements: Iterable[StatementOfReasons], size: int = BATCH_LIMIT
) -> list[dict[str, list[dict[str, object]]]]:
    """Request bodies for the batch endpoint: ``{"statements": [...]}``, at most ``size`` each."""
    if not 1 <= size <= BATCH_LIMIT:
        raise ValueError(f"batch size must be 1..{BATCH_LIMIT}")
    items = [s.model_dump(exclude_none=True) for s in statements]
    return [{"statements": items[i : i + size]} for i in range(0, len(items), size)]

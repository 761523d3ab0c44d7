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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from netbrake.enforce import Decision
from netbrake.exchange import evidence as ev
from netbrake.exchange.results import Results

#: The batch endpoint accepts at most this many statements per request.
BATCH_LIMIT = 100

#: EU member states and the EEA countries (ISO 3166-1 alpha-2), the API's territorial scope values.
EEA = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip

Visibility = Literal[
    "DECISION_VISIBILITY_CONTENT_REMOVED",
    "DECISION_VISIBILITY_CONTENT_DISABLED",
    "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_LABELLED",
    "DECISION_VISIBILITY_OTHER",
]
Keyword = Literal[
    "KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS",
    "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL",
    "KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS",
    "KEYWORD_UNSAFE_CHALLENGES",
    "KEYWORD_OTHER",
]
ContentType = Literal[
    "CONTENT_TYPE_APP",
    "CONTENT_TYPE_AUDIO",
    "CONTENT_TYPE_IMAGE",
    "CONTENT_TYPE_PRODUCT",
    "CONTENT_TYPE_SYNTHETIC_MEDIA",
    "CONTENT_TYPE_TEXT",
    "CONTENT_TYPE_VIDEO",
    "CONTENT_TYPE_OTHER",
]


class StatementOfReasons(BaseModel):
    """One statement as the Transparency Database API expects it (the schema, as a model)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    decision_visibility: list[Visibility] | None = None
    decision_monetary: (
        Literal["DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION"] | None
    ) = None
    decision_provision: (
        Literal[
            "DECISION_PROVISION_PARTIAL_SUSPENSION",
            "DECISION_PROVISION_TOTAL_SUSPENSION",
            "DECISION_PROVISION_PARTIAL_TERMINATION",
            "DECISION_PROVISION_TOTAL_TERMINATION",
        ]
        | None
    ) = None
    decision_account: (
        Literal["DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"] | None
    ) = None
    account_type: Literal["ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"] | None = None
    decision_ground: Literal[
        "DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    ]
    illegal_content_legal_ground: str | None = Field(default=None, max_length=500)
    illegal_content_explanation: str | None = Field(default=None, max_length=2000)
    incompatible_content_ground: str | None = Field(default=None, max_length=500)
    incompatible_content_explanation: str | None = Field(default=None, max_length=2000)
    incompatible_content_illegal: Literal["Yes", "No"] | None = None
    category: Literal["STATEMENT_CATEGORY_PROTECTION_OF_MINORS"]
    category_specification: list[Keyword] = Field(min_length=1)
    category_specification_other: str | None = Field(default=None, max_length=500)
    content_type: list[ContentType] = Field(min_length=1)
    content_type_other: str | None = Field(default=None, max_length=500)
    content_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    application_date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    territorial_scope: list[str] = Field(min_length=1)
    decision_facts: str = Field(min_length=1, max_length=5000)
    source_type: Literal[
        "SOURCE_ARTICLE_16",
        "SOURCE_TRUSTED_FLAGGER",
        "SOURCE_TYPE_OTHER_NOTIFICATION",
        "SOURCE_VOLUNTARY",
    ]
    automated_detection: Literal["Yes", "No"]
    automated_decision: Literal[
        "AUTOMATED_DECISION_FULLY",
        "AUTOMATED_DECISION_PARTIALLY",
        "AUTOMATED_DECISION_NOT_AUTOMATED",
    ]
    puid: str = Field(min_length=1, max_length=500, pattern=r"^[a-zA-Z0-9_-]+$")

    @model_validator(mode="after")
    def _required_if(self) -> StatementOfReasons:
        """The database's rules across fields: a decision of some kind, the explanation
        its ground needs (and none for the other ground), "other" spelled out."""
        decided = (
            self.decision_visibility,
            self.decision_monetary,
            self.decision_provision,
            self.decision_account,
        )
        if not any(decided):
            raise ValueError(
                "one of decision_visibility, _monetary, _provision, _account is required"
            )
        illegal = (
            self.illegal_content_legal_ground,
            self.illegal_content_explanation,
        )
        incompatible = (
            self.incompatible_content_ground,
            self.incompatible_content_explanation,
        )
        if self.decision_ground == "DECISION_GROUND_ILLEGAL_CONTENT":
            if not all(illegal):
                raise ValueError("illegal content needs its legal ground and explanation")
            if any(incompatible) or self.incompatible_content_illegal is not None:
                raise ValueError("incompatible_content_* fields belong to the other ground")
        else:
            if not all(incompatible):
                raise ValueError("incompatible content needs its ground and explanation")
            if any(illegal):
                raise ValueError("illegal_content_* fields belong to the other ground")
        if ("CONTENT_TYPE_OTHER" in self.content_type) != bool(self.content_type_other):
            raise ValueError(
                "content_type_other is required with CONTENT_TYPE_OTHER, and only then"
            )
        return self


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
    decision: Decision, territorial_scope: Sequence[str] = EEA
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


def build_statements(results: Results, territorial_scope: Sequence[str] = EEA) -> DsaExport:
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

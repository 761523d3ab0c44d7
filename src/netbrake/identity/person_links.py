"""The result of identity linking: one person per account, the links, the suspicious clusters."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from netbrake.identity.rules import LinkingRules

#: Columns of :attr:`PersonLinks.persons`.
PERSONS_SCHEMA = pa.schema(
    [
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("person_id", pa.string(), nullable=False),
        pa.field("person_accounts", pa.int64(), nullable=False),
        pa.field("link_confidence", pa.float64(), nullable=False),
    ]
)

#: Columns of :attr:`PersonLinks.signatures`.
SIGNATURES_SCHEMA = pa.schema(
    [
        pa.field("account_id", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("value", pa.string(), nullable=False),
    ]
)


@dataclass(frozen=True)
class PersonLinks:
    """Accounts grouped into persons, with the evidence for every link.

    ``persons``: account_id, person_id ("p-" + the person's smallest account
    id: stable across runs while that account exists), person_accounts, and
    link_confidence (how sure we are that the account belongs to its person:
    the noisy-or of its links' confidences; 1.0 for a one-account person).
    ``links``: a, b, kind, detail, confidence; one row per piece of evidence
    (identifier groups are stored as star links to the group's smallest
    account). ``suspicious``: kind, value, account_count, reason for shared
    values and oversized components that were deliberately not linked.
    ``signatures``: the keys a later account can match (identifiers, handle
    keys and stems, normalised bios, profile images, handles named as
    backups), used by :func:`~netbrake.identity.check_reregistration`.
    """

    persons: pa.Table
    links: pa.Table
    suspicious: pa.Table
    signatures: pa.Table
    rules: LinkingRules = field(default_factory=LinkingRules)
    #: Identifier rows ignored for an empty value, unknown kind or unknown account.
    skipped_identifier_rows: int = 0

    @property
    def person_count(self) -> int:
        return int(pc.count_distinct(self.persons.column("person_id")).as_py())

    def person_of(self) -> dict[str, str]:
        """account_id -> person_id for every account (builds a dict: not for hot paths)."""
        return dict(
            zip(
                self.persons.column("account_id").to_pylist(),
                self.persons.column("person_id").to_pylist(),
                strict=True,
            )
        )

    def accounts_of(self, person_id: str) -> list[str]:
        """The person's accounts, sorted."""
        mask = pc.equal(self.persons.column("person_id"), person_id)
        return sorted(self.persons.filter(mask).column("account_id").to_pylist())

    def summary(self) -> dict[str, int]:
        """Counts for a run summary."""
        sizes = self.persons.column("person_accounts")
        return {
            "accounts": self.persons.num_rows,
            "persons": self.person_count,
            "accounts_in_multi_account_persons": int(pc.sum(pc.greater(sizes, 1)).as_py() or 0),
            "links": self.links.num_rows,
            "suspicious_clusters": self.suspicious.num_rows,
            "skipped_identifier_rows": self.skipped_identifier_rows,
        }

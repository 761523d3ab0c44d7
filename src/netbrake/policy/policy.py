"""The effective policy: the packaged default with an optional team file on top.

One TOML document with sections (docs/architecture.md): ``[meta]``
and ``[[lexicon]]`` are read here; every other top-level table (graph
thresholds, role -> action mappings, per-surface guard rules, added by later
subpackages) is kept verbatim in :attr:`Policy.sections` so that loading never
breaks on a section this module does not know.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from netbrake.policy.combination import Combination
from netbrake.policy.lexicon import LexiconEntry, State
from netbrake.policy.loader import DEFAULT_POLICY, layer, read_policy_file


class PolicyMeta(BaseModel):
    """Name and human version of a policy (``[meta]``); other keys are kept."""

    model_config = ConfigDict(frozen=True, extra="allow")

    name: str
    version: str
    description: str = ""


class Policy(BaseModel):
    """A validated, layered policy. ``version`` identifies it in every decision."""

    model_config = ConfigDict(frozen=True)

    meta: PolicyMeta
    lexicon: tuple[LexiconEntry, ...]
    sections: dict[str, Any] = {}
    sources: tuple[str, ...] = ()
    combinations: tuple[Combination, ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> Policy:
        """The default policy, with the file at ``path`` layered on top when given."""
        files = [read_policy_file(DEFAULT_POLICY)]
        if path is not None:
            files.append(read_policy_file(path))
        layered = layer(files)
        return cls(
            meta=PolicyMeta.model_validate(layered.meta),
            lexicon=layered.lexicon,
            sections=layered.sections,
            sources=layered.sources,
            combinations=layered.combinations,
        )

    @property
    def version(self) -> str:
        """Stable id: meta version + short hash of the effective content ("2026.11+3fa1c2d9e0")."""
        content = json.dumps(
            {
                "meta": self.meta.model_dump(mode="json"),
                "lexicon": [e.model_dump(mode="json") for e in self.lexicon],
                "sections": self.sections,
                "combinations": [c.model_dump(mode="json") for c in self.combinations],
            },
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]
        return f"{self.meta.version}+{digest}"

    def entries(self, *states: State) -> tuple[LexiconEntry, ...]:
        """Entries in the given states (default: live and shadow, the ones matched)."""
        wanted = states or (State.LIVE, State.SHADOW)
        return tuple(e for e in self.lexicon if e.state in wanted)

    def rules(self, *states: State) -> tuple[Combination, ...]:
        """Combination rules in the given states (default: live and shadow)."""
        wanted = states or (State.LIVE, State.SHADOW)
        return tuple(c for c in self.combinations if c.state in wanted)

    def entry(self, entry_id: str) -> LexiconEntry:
        """The entry with this id (KeyError when absent)."""
        for e in self.lexicon:
            if e.id == entry_id:
                return e
        raise KeyError(entry_id)

    def section(self, name: str) -> dict[str, Any]:
        """A top-level table owned by another subpackage (empty when absent)."""
        value = self.sections.get(name, {})
        return value if isinstance(value, dict) else {}

"""What the batch pipeline reads from the policy: edge weights and mapping thresholds.

Policy sections (docs/architecture.md): ``[graph]`` holds
``kind_weights`` (edge kind -> diffusion weight) and every field of
:class:`netbrake.graph.MappingParams`; ``[signals]`` the evidence weights
(:class:`netbrake.signals.SignalParams`); ``[identity]`` the linking rules;
``[enforce]`` the role -> action mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from netbrake.enforce import EnforcementRules
from netbrake.errors import InputError
from netbrake.graph import MappingParams
from netbrake.identity import LinkingRules
from netbrake.policy import Policy, check_floors
from netbrake.signals import SignalParams

#: Follows and messages tie accounts together; a view is the weakest contact
#: (one view must not make a member, F2).
DEFAULT_KIND_WEIGHTS = {
    "follow": 1.0,
    "message": 1.0,
    "comment": 0.7,
    "mention": 0.7,
    "like": 0.5,
    "view": 0.25,
}


@dataclass(frozen=True)
class PipelineSettings:
    """Every tunable of one scan, resolved from the effective policy."""

    policy_version: str
    kind_weights: dict[str, float]
    mapping: MappingParams
    signals: SignalParams
    linking: LinkingRules
    enforcement: EnforcementRules

    @classmethod
    def from_policy(cls, policy: Policy) -> PipelineSettings:
        check_floors(policy)
        graph = dict(policy.section("graph"))
        weights = dict(DEFAULT_KIND_WEIGHTS)
        custom = graph.pop("kind_weights", {})
        if not isinstance(custom, dict):
            raise InputError("policy [graph]: 'kind_weights' must be a table of edge kind = weight")
        weights.update({str(k): float(v) for k, v in custom.items()})
        return cls(
            policy_version=policy.version,
            kind_weights=weights,
            mapping=_mapping_params(graph),
            signals=SignalParams.from_policy(policy),
            linking=LinkingRules.from_mapping(policy.section("identity")),
            enforcement=EnforcementRules.from_mapping(
                policy.section("enforce"), version=policy.version
            ),
        )


def _mapping_params(values: dict[str, Any]) -> MappingParams:
    known = {f.name for f in fields(MappingParams)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise InputError(f"policy [graph]: unknown setting(s) {', '.join(unknown)}")
    try:
        return MappingParams(**values)
    except TypeError as exc:
        raise InputError(f"policy [graph]: {exc}") from exc

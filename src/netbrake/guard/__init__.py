"""Guards on the serving path (F1-F4, F9).

:class:`GuardEngine` reads live state (scan results, store decisions, the
policy lexicon and ``[guard]`` rules) into a :class:`GuardState`, reloads it
when the store's ``state_version`` or the policy file moves, and answers:
``filter_recommendations`` (kept and dropped candidates), ``check_search``,
``filter_autocomplete`` and ``check_hashtag`` (decisions citing the rule and
the policy version).
"""

from netbrake.guard.actions import Condition, GuardAction
from netbrake.guard.decision import Dropped, GuardDecision, GuardResult, ShadowHit
from netbrake.guard.engine import GuardEngine
from netbrake.guard.hashtags import HashtagState
from netbrake.guard.settings import SURFACES, GuardPolicy, HelpResource, Rule, SurfacePolicy
from netbrake.guard.snapshot import ResultsSnapshot, normalise_handle
from netbrake.guard.state import EVIDENCE, FLAGGED, FLAGGED_PERSON, NETWORK, GuardState, build_state
from netbrake.guard.status import AccountStatus

__all__ = [
    "EVIDENCE",
    "FLAGGED",
    "FLAGGED_PERSON",
    "NETWORK",
    "SURFACES",
    "AccountStatus",
    "Condition",
    "Dropped",
    "GuardAction",
    "GuardDecision",
    "GuardEngine",
    "GuardPolicy",
    "GuardResult",
    "GuardState",
    "HashtagState",
    "HelpResource",
    "ResultsSnapshot",
    "Rule",
    "ShadowHit",
    "SurfacePolicy",
    "build_state",
    "normalise_handle",
]

from __future__ import annotations

import pytest

from netbrake.policy import Policy
from netbrake.text import Matcher


@pytest.fixture(scope="session")
def policy() -> Policy:
    return Policy.load()


@pytest.fixture(scope="session")
def matcher(policy: Policy) -> Matcher:
    return Matcher.from_policy(policy)

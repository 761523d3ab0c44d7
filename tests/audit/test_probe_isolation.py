"""Probe isolation (docs/audit.md "Probe isolation"): a platform whose state changes in place
gives the branching reference's figures when it has a reset hook, and is named in the notes
when it has none (F1, F2, F9).

``InPlace`` is a platform's test environment in-process: a reference recommender whose state
changes in place, with a reset that restores the state without recorded interactions
(takedowns kept), as ``tests/audit/http_reference_server.py`` does over HTTP.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from netbrake.audit import (
    CallableRecommender,
    GraphRecommender,
    GuardedRecommender,
    HttpRecommender,
    Interaction,
    ProbeSettings,
    no_guard,
    run_audit,
)
from netbrake.errors import InputError

SETTINGS = ProbeSettings(
    view_probes=12,
    follow_probes=6,
    max_follows=3,
    watchdogs=4,
    followers_per_watchdog=10,
    probes=("view_one_member", "follow_members", "contamination", "after_takedown"),
)


class InPlace:
    """A reference recommender behind in-place test hooks; ``resets`` lists what reset got."""

    def __init__(self, rec: GraphRecommender) -> None:
        self.rec = self.clean = rec
        self.resets: list[list[str]] = []

    def suggest(self, viewer: str, n: int, surface: str) -> list[str]:
        return self.rec.recommend(viewer, n, surface=surface)

    def observe(self, interactions: Sequence[Interaction]) -> None:
        self.rec = self.rec.with_interactions(interactions)

    def take_down(self, ids: Collection[str]) -> None:
        was_clean = self.rec is self.clean
        self.rec = self.rec.without_accounts(ids)
        self.clean = self.rec if was_clean else self.clean.without_accounts(ids)

    def reset(self, accounts: list[str]) -> None:
        self.resets.append(accounts)
        self.rec = self.clean

    def recommender(self, *, with_reset: bool) -> CallableRecommender:
        reset = self.reset if with_reset else None
        return CallableRecommender(self.suggest, "platform", self.observe, self.take_down, reset)


def _figures(report: Any) -> dict[str, Any]:
    doc = report.to_json()
    strip = lambda rows: [{k: v for k, v in r.items() if k != "recommender"} for r in rows]  # noqa: E731
    return {k: strip(doc[k]) for k in ("exposures", "time_to_exposure", "contamination")}


@pytest.mark.parametrize("which", [0, 1], ids=["pymk", "itemcf"])
def test_an_in_place_platform_with_a_reset_gives_the_reference_figures(
    platform, references, oracle, which
):
    reference = run_audit(platform, [references[which]], oracle, probes=SETTINGS, seed=4)
    env = InPlace(references[which])
    inplace = run_audit(
        platform, [env.recommender(with_reset=True)], oracle, probes=SETTINGS, seed=4
    )
    assert _figures(inplace) == _figures(reference)
    assert reference.contamination[0].unguarded.trials > 0
    assert not [n for n in inplace.notes if "no reset hook" in n]
    # One reset per probe account after the first (both arms, both phases), per contamination
    # case and before its baseline, and before the takedown; only probe accounts are named.
    assert len(env.resets) >= 2 * (12 + 6) * 2
    assert all(a.startswith("netbrake-probe-") for r in env.resets for a in r)
    assert [] in env.resets  # a watchdog's contact names no probe account, yet is reset


def test_without_a_reset_probes_share_state_and_the_notes_say_so(platform, references, oracle):
    reference = run_audit(platform, [references[1]], oracle, probes=SETTINGS, seed=4)
    shared = run_audit(
        platform,
        [InPlace(references[1]).recommender(with_reset=False)],
        oracle,
        probes=SETTINGS,
        seed=4,
    )
    assert _figures(shared) != _figures(reference)
    assert [n for n in shared.notes if "no reset hook" in n] == [
        "platform changes in place and has no reset hook: each probe account saw the earlier "
        "probes' interactions, so its figures may differ from an isolated run (docs/audit.md "
        '"Probe isolation"; over HTTP give --reset-url)'
    ]


def test_a_branching_reference_needs_no_note_and_utility_alone_needs_none(platform, references):
    only_utility = ProbeSettings(utility_users=20, probes=("utility",))
    rec = InPlace(references[0]).recommender(with_reset=False)
    report = run_audit(platform, [references[0], rec], no_guard, probes=only_utility)
    assert not [n for n in report.notes if "no reset hook" in n]


def test_a_guarded_recommender_resets_its_inner_one(references):
    env = InPlace(references[0])
    guarded = GuardedRecommender(env.recommender(with_reset=True), no_guard)
    assert guarded.isolates_probes
    guarded.reset_probes()
    assert env.resets == []  # nothing recorded yet: no reset sent
    guarded.with_interactions(
        [Interaction("netbrake-probe-t-0", references[0].graph.ids[0], "view")]
    )
    guarded.reset_probes()
    assert env.resets == [["netbrake-probe-t-0"]]
    assert GuardedRecommender(references[0], no_guard).isolates_probes


def _client(answers: list[httpx.Response], seen: list[httpx.Request]) -> httpx.Client:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.pop(0)

    return httpx.Client(transport=httpx.MockTransport(answer))


def test_http_reset_names_the_probe_accounts_and_recreates_none_it_deleted():
    seen: list[httpx.Request] = []
    answers = [
        httpx.Response(200, json={"created": ["netbrake-probe-r-0"]}),
        httpx.Response(200),
        httpx.Response(200, json={"deleted": ["netbrake-probe-r-0"]}),
        httpx.Response(200),
        httpx.Response(200, json={"deleted": []}),
    ]
    with _client(answers, seen) as client:
        rec = HttpRecommender(
            "http://p.test/recommend", interactions_url="http://p.test/interactions",
            probes_url="http://p.test/probes", reset_url="http://p.test/reset", client=client,
        )  # fmt: skip
        assert rec.isolates_probes
        rec.reset_probes()  # nothing recorded: no request
        rec.with_interactions([Interaction("netbrake-probe-r-0", "a", "view")])
        rec.reset_probes()
        rec.with_interactions([Interaction("watchdog1", "a", "view")])
        rec.reset_probes()
        rec.reset_probes()
    assert [r.url.path for r in seen] == [
        "/probes",
        "/interactions",
        "/reset",
        "/interactions",
        "/reset",
    ]
    assert json.loads(seen[2].content) == {"accounts": ["netbrake-probe-r-0"]}
    assert json.loads(seen[4].content) == {"accounts": []}
    assert not HttpRecommender("http://p.test/recommend").isolates_probes


def test_http_reset_answer_outside_the_contract_names_the_field():
    seen: list[httpx.Request] = []
    answers = [httpx.Response(200), httpx.Response(200, json={"deleted": ["other"]})]
    with _client(answers, seen) as client:
        rec = HttpRecommender(
            "http://p.test/recommend", interactions_url="http://p.test/i",
            reset_url="http://p.test/reset", client=client,
        )  # fmt: skip
        rec.with_interactions([Interaction("netbrake-probe-s-0", "a", "view")])
        with pytest.raises(InputError, match=r"^http://p.test/reset, field 'deleted': "):
            rec.reset_probes()


def test_the_readme_test_server_honours_the_reset_hook():
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    code = next(b for b in readme.split("```python\n")[1:] if "class Contract" in b)
    code = code.split("```")[0].replace(
        'HTTPServer(("127.0.0.1", 8800), Contract).serve_forever()', ""
    )
    ns: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), ns)
    ns["engaged"].update({"x": {"y", "z"}, "y": {"z"}})
    server = ns["HTTPServer"](("127.0.0.1", 0), ns["Contract"])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        rec = HttpRecommender(
            f"{base}/recommend", interactions_url=f"{base}/interactions",
            probes_url=f"{base}/probes", reset_url=f"{base}/reset", api_key="test-key",
        )  # fmt: skip
        probe = "netbrake-probe-readme-0"
        assert rec.with_interactions([Interaction(probe, "x", "view")]).recommend(probe, 5) == [
            "y", "z"
        ]  # fmt: skip
        rec.reset_probes()
        assert rec.recommend(probe, 5) == []
        rec.close()
    finally:
        server.shutdown()
        server.server_close()

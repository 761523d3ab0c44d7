"""The small parts of an audit on a platform's truth: `AuditTruth`, `Estimate`, the HTTP client."""

from __future__ import annotations

import httpx
import pytest

from netbrake.audit import AuditTruth, Estimate, GroundTruth, HttpRecommender, Interaction
from netbrake.errors import InputError
from netbrake.platform import Dataset


def test_a_truth_sample_is_seeded_and_scales_the_coverage() -> None:
    truth = AuditTruth(
        frozenset(f"a{i}" for i in range(100)), "scan-members", "scan", roles={"a1": "seller"}
    )
    first, again = truth.sample(40, seed=3), truth.sample(40, seed=3)
    assert first.members == again.members
    assert first.members != truth.sample(40, seed=4).members
    assert len(first.members) == 40
    assert first.members <= truth.members
    assert first.sampled
    assert first.coverage == pytest.approx(0.4)
    # The sample counts its members; the frame and its placement (probe design) stay whole.
    assert first.frame == truth.members == truth.frame
    assert first.roles == truth.roles
    assert truth.sample(100) is truth
    assert first.to_json() == {
        "source": "scan-members", "description": first.description, "members": 40,
        "sampled": True, "coverage": 0.4,
    }  # fmt: skip


def test_an_empty_truth_is_an_input_error() -> None:
    with pytest.raises(InputError, match="ground truth is empty: nothing upheld"):
        AuditTruth(frozenset(), "reviewer-decisions", "nothing upheld").require_members()
    with pytest.raises(ValueError, match="unknown truth source"):
        AuditTruth(frozenset({"a"}), "oracle", "?")


def test_the_estimate_scales_by_the_coverage_and_widens_the_interval() -> None:
    full = Estimate.of([10, 5, 5], 100, 1.0)
    assert full.value == pytest.approx(0.2)
    half = Estimate.of([5, 5], 100, 0.5)
    assert half.value == pytest.approx(0.2)
    assert half.low < full.low
    assert half.high > full.high
    # One member shown 10 times is less certain than ten members shown once each.
    lumpy, even = Estimate.of([10], 100, 0.5), Estimate.of([1] * 10, 100, 0.5)
    assert lumpy.high - lumpy.low > even.high - even.low
    assert Estimate.of([], 100, 0.5).value == 0.0
    assert Estimate.of([], 0, 0.5).to_json()["trials"] == 0
    capped = Estimate.of([60], 100, 0.5)
    assert capped.value == 1.0
    assert capped.high == 1.0


def test_unplaced_members_form_networks_by_their_edges(
    platform: Dataset, truth: GroundTruth
) -> None:
    members = truth.members
    ground = GroundTruth.for_members(members, platform)
    assert ground.members == members
    assert set(ground.role_of.values()) == {"benign", "buyer"}
    assert not ground.with_role("watchdog")
    # Components never mix planted networks, and most of a network is one component.
    placed = {a: n for n, group in truth.networks().items() for a in group}
    for component in set(ground.network_of.values()):
        inside = [a for a, c in ground.network_of.items() if c == component]
        assert len({placed[a] for a in inside}) == 1
    for group in truth.networks().values():
        sizes = [
            sum(ground.network_of[a] == c for a in group)
            for c in {ground.network_of[a] for a in group}
        ]
        assert max(sizes) >= 0.8 * len(group)


def _recording(answers: list[httpx.Response], seen: list[httpx.Request]) -> httpx.Client:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.pop(0) if len(answers) > 1 else answers[0]

    return httpx.Client(transport=httpx.MockTransport(answer))


def test_http_sends_the_key_retries_busy_answers_and_creates_probes_once() -> None:
    seen: list[httpx.Request] = []
    answers = [
        httpx.Response(503),
        httpx.Response(200, json={"created": ["netbrake-probe-x-0"]}),
        httpx.Response(200),
    ]
    with _recording(answers, seen) as client:
        rec = HttpRecommender(
            "http://p.test/recommend", interactions_url="http://p.test/interactions",
            probes_url="http://p.test/probes", api_key="k1", api_key_header="X-Api-Key",
            backoff=0.01, client=client,
        )  # fmt: skip
        rec.with_interactions([Interaction("netbrake-probe-x-0", "a", "view")])
        rec.with_interactions([Interaction("netbrake-probe-x-0", "b", "follow")])
    assert [r.url.path for r in seen] == ["/probes", "/probes", "/interactions", "/interactions"]
    assert all(r.headers["X-Api-Key"] == "k1" for r in seen)


def test_http_bearer_key_and_an_off_contract_probe_answer() -> None:
    seen: list[httpx.Request] = []
    with _recording([httpx.Response(200, json={"made": []})], seen) as client:
        rec = HttpRecommender(
            "http://p.test/recommend", interactions_url="http://p.test/i",
            probes_url="http://p.test/probes", api_key="k2", client=client,
        )  # fmt: skip
        with pytest.raises(InputError, match=r"http://p.test/probes, field 'created'"):
            rec.with_interactions([Interaction("netbrake-probe-y-0", "a", "view")])
    assert seen[0].headers["Authorization"] == "Bearer k2"


def test_http_gives_up_after_the_retries_naming_the_url() -> None:
    seen: list[httpx.Request] = []
    with _recording([httpx.Response(429)], seen) as client:
        rec = HttpRecommender("http://p.test/recommend", retries=3, backoff=0.001, client=client)
        with pytest.raises(
            InputError, match=r"^http://p.test/recommend: .*after 4 attempts: answered 429"
        ):
            rec.recommend("v", 3)
    assert len(seen) == 4


def test_http_rate_limit_paces_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr("netbrake.audit.http_recommender.time.sleep", slept.append)
    seen: list[httpx.Request] = []
    with _recording([httpx.Response(200, json={"suggestions": []})], seen) as client:
        rec = HttpRecommender("http://p.test/recommend", rate_limit=2.0, client=client)
        for _ in range(3):
            rec.recommend("v", 3)
    # Two requests a second: the 2nd waits half a second, the 3rd a second (time stood still).
    assert slept == pytest.approx([0.5, 1.0], abs=0.05)

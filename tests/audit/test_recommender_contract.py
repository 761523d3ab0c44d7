"""Every recommender the audit can call meets the same contract (conformance classes).

Reference recommenders, a platform's in-process callable, a platform's HTTP
endpoint (a tiny server on 127.0.0.1 started here) and any recommender seen
through a guard all pass the same tests.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from tests.audit.http_reference_server import send_json

from netbrake.audit import (
    FEED,
    CallableRecommender,
    GraphRecommender,
    GroundTruth,
    GuardedRecommender,
    HttpRecommender,
    Interaction,
    ItemCooccurrence,
    PeopleYouMayKnow,
    Recommender,
    no_guard,
)
from netbrake.errors import InputError


class PlatformState:
    """A platform test environment: a reference recommender whose state changes in place."""

    def __init__(self, rec: Recommender) -> None:
        self.rec = rec
        self.lock = threading.Lock()

    def suggest(self, viewer: str, n: int, surface: str) -> list[str]:
        with self.lock:
            return self.rec.recommend(viewer, n, surface=surface)

    def observe(self, interactions: Sequence[Interaction]) -> None:
        with self.lock:
            self.rec = self.rec.with_interactions(interactions)

    def take_down(self, ids: Sequence[str]) -> None:
        with self.lock:
            self.rec = self.rec.without_accounts(ids)


def serve(state: PlatformState) -> tuple[ThreadingHTTPServer, str]:
    """Start the platform's recommendation endpoint on a free local port."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            answer: dict[str, Any] = {}
            if self.path == "/recommend":
                answer = {"suggestions": state.suggest(body["viewer"], body["n"], body["surface"])}
            elif self.path == "/interactions":
                state.observe([Interaction(**x) for x in body["interactions"]])
            elif self.path == "/takedown":
                state.take_down(body["removed"])
            else:
                self.send_response(500)
                self.end_headers()
                return
            send_json(self, 200, answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class RecommenderContract:
    """The contract; subclasses provide ``recommender`` (a fresh one per test)."""

    @pytest.fixture
    def recommender(self, references: list[GraphRecommender]) -> Iterator[Recommender]:
        raise NotImplementedError

    def test_is_a_recommender(self, recommender):
        assert isinstance(recommender, Recommender)
        assert recommender.name

    @pytest.mark.parametrize("n", [1, 5, 20])
    def test_at_most_n_distinct_never_the_viewer(self, recommender, truth, n):
        for viewer in truth.with_role("benign")[:5]:
            shown = recommender.recommend(viewer, n)
            assert 0 < len(shown) <= n
            assert len(set(shown)) == len(shown)
            assert viewer not in shown

    def test_deterministic(self, recommender, truth):
        viewer = truth.with_role("benign")[7]
        assert recommender.recommend(viewer, 10) == recommender.recommend(viewer, 10)

    def test_a_probe_that_views_one_seller_is_shown_members(self, recommender, truth):
        seller = truth.with_role("seller")[0]
        probe = f"contract-probe-{type(self).__name__}"
        state = recommender.with_interactions([Interaction(probe, seller, "view")])
        shown = state.recommend(probe, 10)
        assert sum(map(truth.is_member, shown)) >= 3, shown

    def test_followed_account_is_not_suggested_again(self, recommender, truth):
        probe = f"contract-follower-{type(self).__name__}"
        seller = truth.with_role("seller")[1]
        state = recommender.with_interactions([Interaction(probe, seller, "view")])
        first = state.recommend(probe, 5)[0]
        state = state.with_interactions([Interaction(probe, first, "follow")])
        assert first not in state.recommend(probe, 20)

    def test_taken_down_accounts_are_never_suggested(self, recommender, truth):
        seller = truth.with_role("seller")[2]
        probe = f"contract-takedown-{type(self).__name__}"
        state = recommender.with_interactions([Interaction(probe, seller, "view")])
        gone = state.recommend(probe, 5)
        after = state.without_accounts(gone)
        assert not set(after.recommend(probe, 50)) & set(gone)

    def test_feed_surface(self, recommender, truth):
        probe = f"contract-feed-{type(self).__name__}"
        seller = truth.with_role("seller")[3]
        state = recommender.with_interactions([Interaction(probe, seller, "follow")])
        shown = state.recommend(probe, 10, surface=FEED)
        assert shown
        assert seller not in shown


class TestPeopleYouMayKnow(RecommenderContract):
    @pytest.fixture
    def recommender(self, references):
        return next(r for r in references if isinstance(r, PeopleYouMayKnow))


class TestItemCooccurrence(RecommenderContract):
    @pytest.fixture
    def recommender(self, references):
        return next(r for r in references if isinstance(r, ItemCooccurrence))


class TestCallableRecommender(RecommenderContract):
    @pytest.fixture
    def recommender(self, references):
        state = PlatformState(references[0])
        return CallableRecommender(state.suggest, "platform", state.observe, state.take_down)


class TestHttpRecommender(RecommenderContract):
    @pytest.fixture
    def recommender(self, references):
        server, base = serve(PlatformState(references[1]))
        try:
            yield HttpRecommender(
                f"{base}/recommend",
                interactions_url=f"{base}/interactions",
                takedown_url=f"{base}/takedown",
            )
        finally:
            server.shutdown()
            server.server_close()


class TestUnguardedRecommender(RecommenderContract):
    @pytest.fixture
    def recommender(self, references):
        return GuardedRecommender(references[0], no_guard)


def test_http_recommender_reports_endpoint_errors_in_one_line(references):
    server, base = serve(PlatformState(references[0]))
    try:
        broken = HttpRecommender(f"{base}/nowhere")
        with pytest.raises(InputError, match="answered 500"):
            broken.recommend("acct0000001", 5)
        without = HttpRecommender(f"{base}/recommend")
        with pytest.raises(InputError, match="no interactions_url"):
            without.with_interactions([Interaction("p", "acct0000001", "view")])
        assert without.with_interactions([]) is without
    finally:
        server.shutdown()
        server.server_close()


def test_http_recommender_rejects_an_answer_without_suggestions():
    import httpx

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"accounts": ["a"]})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        rec = HttpRecommender("http://platform.test/recommend", client=client)
        with pytest.raises(InputError, match="no 'suggestions' list"):
            rec.recommend("viewer", 3)


def test_callable_recommender_needs_observe_for_probes():
    fixed: Callable[[str, int, str], list[str]] = lambda v, n, s: ["a", "b", "c"]  # noqa: E731
    rec = CallableRecommender(fixed)
    assert rec.recommend("v", 2) == ["a", "b"]
    with pytest.raises(InputError, match="cannot record probe interactions"):
        rec.with_interactions([Interaction("p", "a", "view")])
    with pytest.raises(InputError, match="cannot apply a takedown"):
        rec.without_accounts(["a"])


def test_reference_recommenders_reject_unknown_surfaces(references):
    with pytest.raises(ValueError, match="not 'hashtag'"):
        references[0].recommend("acct0000001", 5, surface="hashtag")


def test_an_unknown_viewer_gets_the_most_followed_accounts(references, truth: GroundTruth):
    shown = references[0].recommend("never-seen", 5)
    followers = references[0].graph.followers
    best = sorted(range(len(followers)), key=lambda i: (-followers[i], i))[:5]
    assert shown == [references[0].graph.ids[i] for i in best]

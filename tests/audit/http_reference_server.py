"""A platform's test environment over HTTP: a reference recommender behind the audit's contract.

Run as a child process by the HTTP audit tests::

    python tests/audit/http_reference_server.py DATASET --recommender pymk [--mode MODE]

It prints ``listening PORT`` once it accepts connections (port 0 picks a
free one). Routes follow docs/audit.md "HTTP contract": ``/recommend``,
``/interactions``, ``/takedown`` and the test hooks ``/probes`` and
``/reset``; the state changes in place, as a platform's does, and ``/reset``
takes it back to the platform as exported minus the takedowns (docs/audit.md
"Probe isolation"). An interaction from a probe account that ``/probes``
never created, or that ``/reset`` deleted, is refused (409), so the client's
use of the hooks is checked too. ``--mode`` makes it misbehave for the
bad-input tests: ``slow`` answers ``/recommend`` after 3 s, ``bad-shape``
answers without ``suggestions``, ``bad-reset`` answers ``/reset`` without
``deleted``, ``no-reset`` has no ``/reset`` route (404). With ``--api-key``
every request needs ``Authorization: Bearer KEY`` (401 otherwise).
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from netbrake.audit import PROBE_PREFIX, RECOMMENDERS, Interaction, reference_recommenders
from netbrake.platform import Dataset


class Platform:
    """The recommender's state, changed in place by interactions and takedowns.

    ``clean`` is the state without any recorded interaction (takedowns
    applied): what ``/reset`` restores.
    """

    def __init__(self, dataset: Path, recommender: str, reset: bool = True) -> None:
        wanted = RECOMMENDERS[recommender]
        self.rec = next(
            r for r in reference_recommenders(Dataset.open(dataset)) if r.name == wanted
        )
        self.clean = self.rec
        self.reset = reset
        self.created: set[str] = set()
        self.lock = threading.Lock()

    def answer(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            if path == "/recommend":
                shown = self.rec.recommend(body["viewer"], body["n"], surface=body["surface"])
                return 200, {"suggestions": shown}
            if path == "/probes":
                self.created.update(body["accounts"])
                return 200, {"created": sorted(body["accounts"])}
            if path == "/interactions":
                rows = [Interaction(**x) for x in body["interactions"]]
                unknown = [
                    x.src
                    for x in rows
                    if x.src.startswith(PROBE_PREFIX) and x.src not in self.created
                ]
                if unknown:
                    return 409, {"error": f"probe account {unknown[0]} was never created"}
                self.rec = self.rec.with_interactions(rows)
                return 200, {}
            if path == "/takedown":
                was_clean = self.rec is self.clean
                self.rec = self.rec.without_accounts(body["removed"])
                self.clean = self.rec if was_clean else self.clean.without_accounts(body["removed"])
                return 200, {}
            if path == "/reset" and self.reset:
                self.rec = self.clean
                self.created.difference_update(body["accounts"])
                return 200, {"deleted": sorted(body["accounts"])}
        return 404, {"error": f"no route {path}"}


def send_json(handler: BaseHTTPRequestHandler, status: int, answer: object) -> None:
    """Answer ``handler``'s request with ``answer`` as JSON."""
    data = json.dumps(answer).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def serve(platform: Platform, port: int, mode: str, api_key: str | None) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if api_key is not None and self.headers.get("Authorization") != f"Bearer {api_key}":
                status, answer = 401, {"error": "bad key"}
            else:
                status, answer = platform.answer(self.path, body)
            if self.path == "/recommend" and mode == "slow":
                time.sleep(3.0)
            if self.path == "/recommend" and mode == "bad-shape":
                answer = {"accounts": answer.get("suggestions")}
            if self.path == "/reset" and mode == "bad-reset":
                answer = {}
            send_json(self, status, answer)

        def log_message(self, *args: Any) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--recommender", default="pymk", choices=sorted(RECOMMENDERS))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--mode",
        default="ok",
        choices=("ok", "slow", "bad-shape", "bad-reset", "no-reset"),
    )
    parser.add_argument("--api-key")
    args = parser.parse_args()
    platform = Platform(args.dataset, args.recommender, reset=args.mode != "no-reset")
    server = serve(platform, args.port, args.mode, args.api_key)
    print(f"listening {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

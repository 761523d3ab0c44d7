"""Hash lookups over HTTP: HMA-compatible ``GET /m/lookup`` beside ``POST /v1/media/match``.

Part of ``python -m benchmarks match``: one ``netbrake serve`` process with a
bank of random PDQ hashes; the same queries (half near-duplicates of bank
hashes, half random) are sent one per request through each route over
keep-alive connections by a minimal HTTP/1.1 client (so the client's cost
stays small next to the server's), and batched through netbrake's route as
the anchor of what batching buys. A sample of queries is checked to give the
same matches through both routes. Prints, never asserts times.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from netbrake.media import BankLibrary, HashBank, Provenance
from netbrake.media.fingerprint import Words, pdq_hex

CONNECTIONS = 8
BATCH = 100


def _bank(folder: Path, bank_words: Words) -> None:
    bank = HashBank("BENCH_BANK")
    provenance = Provenance("bench", "random")
    for value in pdq_hex(bank_words):
        bank.add("pdq", value, provenance)
    BankLibrary(folder).save(bank)


def _get(path: str, key: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n\r\n"
    ).encode()


def _post(path: str, key: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {key}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def _send_all(port: int, requests: list[bytes]) -> float:
    queue = list(reversed(requests))

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while queue:
            writer.write(queue.pop())
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            if b" 200 " not in status:
                raise RuntimeError(f"lookup answered {status!r}")
        writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))
    return time.perf_counter() - start


def _lookup_get(url: str, key: str, value: str) -> set[int]:
    query = urllib.parse.urlencode({"signal": value, "signal_type": "pdq"})
    request = urllib.request.Request(f"{url}/m/lookup?{query}", headers={"X-API-Key": key})
    with urllib.request.urlopen(request) as answer:
        found = json.loads(answer.read())
    return {m["bank_content_id"] for hits in found.values() for m in hits}


def _match_post(url: str, key: str, value: str) -> set[int]:
    body = json.dumps({"hashes": [{"kind": "pdq", "value": value}]}).encode()
    headers = {"X-API-Key": key, "Content-Type": "application/json"}
    request = urllib.request.Request(f"{url}/v1/media/match", data=body, headers=headers)
    with urllib.request.urlopen(request) as answer:
        return {m["entry_id"] for m in json.loads(answer.read())["matches"]}


def http_rows(bank_words: Words, query_words: Words) -> list[list[object]]:
    """Rows (route, requests, hashes, requests/s, hashes/s, note) from one server process."""
    from netbrake.reports.drill import ServerProcess
    from netbrake.store import Store

    queries = pdq_hex(query_words)
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        url = f"sqlite:///{home / 'store.sqlite'}"
        _bank(home / "banks", bank_words)
        with Store.open(url, migrate_schema=True) as store:
            key = store.create_api_key(["guard"], created_by="bench").secret
        server = ServerProcess(
            url, home, extra=("--triage-interval", "0", "--banks", str(home / "banks"))
        )
        server.start()
        try:
            # first lookups compile the index; then every route answers the same matches
            sample = queries[:: max(1, len(queries) // 200)]  # near-duplicates and random
            same = all(
                _lookup_get(server.url, key, q) == _match_post(server.url, key, q) for q in sample
            )
            matched = sum(1 for q in sample if _lookup_get(server.url, key, q))
            lookups = [
                _get(
                    "/m/lookup?" + urllib.parse.urlencode({"signal": q, "signal_type": "pdq"}), key
                )
                for q in queries
            ]
            raw = [
                _get(
                    "/m/raw_lookup?" + urllib.parse.urlencode({"signal": q, "signal_type": "pdq"}),
                    key,
                )
                for q in queries
            ]
            singles = [
                _post(
                    "/v1/media/match",
                    key,
                    json.dumps({"hashes": [{"kind": "pdq", "value": q}]}).encode(),
                )
                for q in queries
            ]
            batches = [
                _post(
                    "/v1/media/match",
                    key,
                    json.dumps(
                        {"hashes": [{"kind": "pdq", "value": q} for q in queries[i : i + BATCH]]}
                    ).encode(),
                )
                for i in range(0, len(queries), BATCH)
            ]
            rows: list[list[object]] = []
            timed = {}
            for label, requests, per in (
                ("netbrake POST /v1/media/match (1 hash)", singles, 1),
                ("HMA-compatible GET /m/lookup", lookups, 1),
                ("HMA-compatible GET /m/raw_lookup", raw, 1),
                (f"netbrake POST /v1/media/match ({BATCH} hashes)", batches, BATCH),
            ):
                seconds = min(asyncio.run(_send_all(server.port, requests)) for _ in range(2))
                timed[label] = seconds
                hashes = min(len(queries), len(requests) * per)
                rows.append(
                    [label, len(requests), hashes, len(requests) / seconds, hashes / seconds]
                )
        finally:
            server.stop()
    base = timed["netbrake POST /v1/media/match (1 hash)"]
    for row in rows:
        row.append(f"{timed[str(row[0])] / base:.2f}x the time of netbrake's single-hash route")
    rows.append(
        [
            f"same matches through both routes ({len(sample)} queries, {matched} with a match)",
            len(sample),
            len(sample),
            0.0,
            0.0,
            str(same),
        ]
    )
    return rows

"""Signal sharing: extraction, threatexchange files and adapter, STIX bundles, quarantine."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import stix2
from threatexchange.exchanges import fetch_state
from threatexchange.exchanges.impl.file_api import (
    FileCollaborationConfig,
    LocalFileSignalExchangeAPI,
)
from threatexchange.signal_type.md5 import VideoMD5Signal
from threatexchange.signal_type.pdq.signal import PdqSignal
from threatexchange.signal_type.url import URLSignal

from netbrake.exchange import read_results
from netbrake.exchange.signals import (
    Signal,
    bundle_for,
    read_signals,
    signals_from_bundle,
    signals_from_results,
    write_signals,
)
from netbrake.exchange.signals.stix import pattern_for
from netbrake.exchange.signals.threatexchange_api import (
    NetbrakeCollabConfig,
    NetbrakeSignalExchangeAPI,
)

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def every_kind(fx) -> list[Signal]:
    return [
        Signal("pdq", fx.PDQ_A, "positive", ("seller",), "netbrake:role.seller"),
        Signal("md5", fx.MD5_A, "negative", (), "partner-x"),
        Signal("url", "https://files.example/menu?a=1&b='x'", "positive", ("trader",)),
        Signal("domain", "bücher.example", "investigation_seed"),
        Signal("keyword", "s3ller 🍕 «menu»", "investigation_seed", ("sale", "ünïcode")),
        Signal("account_identifier_hash", fx.ID_HASH, "positive", ("backup",)),
    ]


def test_signals_from_results_carry_opinions(write_results, fx):
    signals = {(s.kind, s.value): s for s in signals_from_results(read_results(write_results()))}
    assert signals[("md5", fx.MD5_A)].opinion == "positive"
    assert signals[("pdq", fx.PDQ_A)].tags == ("image", "role.seller", "seller")
    assert signals[("md5", "1" * 32)].opinion == "negative"  # the "none" decision: a false positive
    assert signals[("domain", "files.example")].opinion == "positive"
    assert signals[("keyword", "s3ller")].opinion == "investigation_seed"
    assert signals[("account_identifier_hash", fx.ID_HASH)].opinion == "investigation_seed"
    # raw account ids never become signals
    assert not any("acc_" in s.value for s in signals.values())


def test_jsonl_round_trip_loses_nothing(tmp_path, fx):
    original = every_kind(fx)
    jsonl, _ = write_signals(original, tmp_path)
    back = read_signals(jsonl)
    assert back.problems == []
    assert sorted(back.signals, key=repr) == sorted(original, key=repr)


def test_jsonl_uses_threatexchange_names(tmp_path, fx):
    jsonl, _ = write_signals(every_kind(fx), tmp_path)
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    names = {r["netbrake_type"]: r["signal_type"] for r in records}
    assert names["pdq"] == PdqSignal.get_name()
    assert names["md5"] == VideoMD5Signal.get_name()
    assert names["url"] == URLSignal.get_name()
    assert names["keyword"] == "raw_text"
    assert {r["opinion"] for r in records} == {c.name for c in fetch_state.SignalOpinionCategory}


def test_threatexchange_file_api_reads_the_positive_signals(tmp_path, fx):
    _, te_file = write_signals(every_kind(fx), tmp_path)
    api = LocalFileSignalExchangeAPI(FileCollaborationConfig(filename=str(te_file), name="nb"))
    (delta,) = api.fetch_iter([PdqSignal, VideoMD5Signal, URLSignal], None)
    assert set(delta.updates) == {
        ("pdq", fx.PDQ_A),
        ("url", "https://files.example/menu?a=1&b='x'"),
    }
    assert read_signals(te_file).signals[0].opinion == "positive"


def test_netbrake_exchange_adapter_keeps_opinions_and_tags(tmp_path, fx):
    jsonl, _ = write_signals(every_kind(fx), tmp_path)
    api = NetbrakeSignalExchangeAPI.for_collab(NetbrakeCollabConfig(filename=str(jsonl), name="nb"))
    (delta,) = api.fetch_iter([PdqSignal, VideoMD5Signal], None)
    md5 = delta.updates[("video_md5", fx.MD5_A)]
    assert md5.get_as_aggregate_opinion().category.name == "NEGATIVE_CLASS"
    pdq = delta.updates[("pdq", fx.PDQ_A)]
    assert pdq.get_as_opinions()[0].tags == {"seller"}
    by_type = NetbrakeSignalExchangeAPI.naive_convert_to_signal_type(
        [PdqSignal, VideoMD5Signal], api.collab, delta.updates
    )
    assert set(by_type) == {PdqSignal, VideoMD5Signal}


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        ('{"signal_type": "pdq", "signal": "xyz", "opinion": "POSITIVE_CLASS"}', "signal", "64"),
        ('{"signal_type": "video_md5", "signal": "ABC"}', "signal", "32"),
        ('{"signal_type": "url", "signal": "ftp://x.example/a"}', "signal", "http"),
        ('{"signal_type": "netbrake_domain", "signal": "no_dots"}', "signal", "domain"),
        ('{"signal_type": "raw_text", "signal": "bad\\u0007bell"}', "signal", "control"),
        (
            '{"signal_type": "raw_text", "signal": "ok", "opinion": "MAYBE"}',
            "opinion",
            "unknown opinion",
        ),
        ('{"signal_type": "raw_text", "signal": "ok", "tags": "one"}', "tags", "list"),
        ('{"signal_type": "hologram", "signal": "x"}', "signal_type", "unknown signal type"),
        ('{"signal_type": "pdq"}', "signal", "missing"),
        ("{broken", "signal", "not JSON"),
        ("pdq", "signal", "expected"),
    ],
)
def test_bad_lines_are_quarantined_with_line_field_and_reason(tmp_path, fx, line, column, reason):
    path = tmp_path / "in.jsonl"
    path.write_text(f"pdq {fx.PDQ_A}\n{line}\n", encoding="utf-8")
    imported = read_signals(path)
    assert [s.value for s in imported.signals] == [fx.PDQ_A]
    (problem,) = imported.problems
    assert (problem.table, problem.row, problem.column) == ("signals", 2, column)
    assert reason in problem.reason


def test_undecodable_line_is_quarantined(tmp_path, fx):
    path = tmp_path / "in.txt"
    path.write_bytes(b"url https://ok.example/\n\xff\xfe junk\n")
    imported = read_signals(path)
    assert len(imported.signals) == 1
    assert imported.problems[0].kind == "encoding"


def test_stix_bundle_validates_and_round_trips(fx):
    original = every_kind(fx)
    text = bundle_for(original, NOW)
    bundle = stix2.parse(json.loads(text), allow_custom=True)  # stix2 validates every object
    indicators = [o for o in bundle.objects if o["type"] == "indicator"]
    assert len(indicators) == len(original)
    assert all(o["spec_version"] == "2.1" for o in indicators)
    assert sorted(signals_from_bundle(text), key=repr) == sorted(original, key=repr)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("md5", "[file:hashes.MD5 = '0123456789abcdef0123456789abcdef']"),
        ("pdq", "[file:hashes.'x_pdq' = "),
        ("domain", "[domain-name:value = 'bücher.example']"),
        ("url", r"[url:value = 'https://files.example/menu?a=1&b=\'x\'']"),
    ],
)
def test_stix_patterns(fx, kind, expected):
    signal = next(s for s in every_kind(fx) if s.kind == kind)
    assert pattern_for(signal).startswith(expected)
    stix2.Indicator(pattern=pattern_for(signal), pattern_type="stix", valid_from=NOW)

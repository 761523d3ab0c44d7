"""Writing each interchange export of a RESULTS folder into an output folder.

One function per format, each returning a JSON-ready summary; the CLI only
parses arguments, calls one of them and prints the summary.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netbrake.exchange.cybertip import Reporter, build_packages
from netbrake.exchange.dsa import batches, build_statements
from netbrake.exchange.dsa_codes import EEA, Country
from netbrake.exchange.results import Results
from netbrake.exchange.signals import bundle_for, signals_from_results, write_signals


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _base(results: Results) -> dict[str, Any]:
    return {
        "decisions": len(results.decisions),
        "decisions_quarantined": len(results.problems),
        "problems": [p.one_line() for p in results.problems[:20]],
    }


def export_cybertip(
    results: Results, out: Path, reporter: Reporter | None = None
) -> dict[str, Any]:
    """``out/cybertip/<package key>.xml`` per person and a ``manifest.json``."""
    built = build_packages(results, reporter)
    folder = out / "cybertip"
    folder.mkdir(parents=True, exist_ok=True)
    manifest = []
    for package in built.packages:
        name = f"{package.idempotency_key[:24]}.xml"
        (folder / name).write_bytes(package.report_xml)
        manifest.append(
            {
                "file": name,
                "key": package.idempotency_key,
                "decision_ids": list(package.decision_ids),
                "accounts": len(package.account_ids),
                "files": [
                    {"md5": f.md5, "pdq": f.pdq, "file_viewed_by_esp": f.viewed_by_esp}
                    for f in package.files
                ],
            }
        )
    _write_json(folder / "manifest.json", {"reports": manifest, "skipped": built.skipped})
    return _base(results) | {
        "reports": len(built.packages),
        "skipped": len(built.skipped),
        "out": str(folder),
    }


def export_dsa(
    results: Results, out: Path, territorial_scope: tuple[Country, ...] = EEA
) -> dict[str, Any]:
    """``out/dsa/statements-NNNN.json`` request bodies for the batch endpoint."""
    built = build_statements(results, territorial_scope)
    folder = out / "dsa"
    folder.mkdir(parents=True, exist_ok=True)
    bodies = batches(built.statements)
    for number, body in enumerate(bodies, start=1):
        _write_json(folder / f"statements-{number:04d}.json", body)
    reasons: dict[str, int] = {}
    for reason in built.skipped.values():
        reasons[reason] = reasons.get(reason, 0) + 1
    return _base(results) | {
        "statements": len(built.statements),
        "batches": len(bodies),
        "skipped": reasons,
        "out": str(folder),
    }


def export_signals(results: Results, out: Path) -> dict[str, Any]:
    """``out/signals/signals.jsonl`` (lossless) and ``signals.te.txt`` (threatexchange file)."""
    signals = signals_from_results(results)
    jsonl, te = write_signals(signals, out / "signals")
    return _base(results) | {
        "signals": len(signals),
        "out": str(jsonl),
        "threatexchange_file": str(te),
    }


def export_stix(results: Results, out: Path, now: datetime | None = None) -> dict[str, Any]:
    """``out/stix/bundle.json``: one STIX 2.1 Indicator per signal."""
    signals = signals_from_results(results)
    path = out / "stix" / "bundle.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bundle_for(signals, now or datetime.now(UTC)), encoding="utf-8")
    return _base(results) | {"indicators": len(signals), "out": str(path)}


EXPORTS: dict[str, Callable[[Results, Path], dict[str, Any]]] = {
    "cybertip": export_cybertip,
    "dsa": export_dsa,
    "signals": export_signals,
    "stix": export_stix,
}

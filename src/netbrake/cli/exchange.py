"""``netbrake export``, ``netbrake import`` and ``netbrake metrics``: reports out, signals in."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from netbrake.cli.output import emit_json, info, key_value_table, stdout
from netbrake.cli.settings import settings
from netbrake.errors import InputError, Location, ThresholdExceeded
from netbrake.extras import require


class ExportKind(StrEnum):
    cybertip = "cybertip"
    dsa = "dsa"
    signals = "signals"
    stix = "stix"


class ImportKind(StrEnum):
    signals = "signals"


#: The optional extra each export needs beyond the core install: (module, extra).
EXPORT_EXTRAS: dict[ExportKind, tuple[str, str]] = {
    ExportKind.cybertip: ("xmlschema", "exchange"),  # every report is schema-validated
    ExportKind.stix: ("stix2", "exchange"),
}


def _show(ctx: typer.Context, title: str, summary: dict[str, Any]) -> None:
    opts = settings(ctx)
    if opts.json:
        emit_json(summary)
        return
    rows = {k: v for k, v in summary.items() if not isinstance(v, list | dict)}
    stdout.print(key_value_table(title, rows))
    for line in summary.get("problems", []):
        info(opts, f"quarantined: {line}")


def export(
    ctx: typer.Context,
    kind: Annotated[ExportKind, typer.Argument(help="cybertip, dsa, signals or stix.")],
    results: Annotated[Path, typer.Argument(help="RESULTS folder of `netbrake scan`.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")],
) -> None:
    """Build an interchange export (clearinghouse reports, DSA statements, signals, STIX)."""
    from netbrake.exchange import EXPORTS, read_results

    if kind in EXPORT_EXTRAS:
        require(*EXPORT_EXTRAS[kind], f"netbrake export {kind.value}")
    summary = EXPORTS[kind.value](read_results(results), out)
    _show(ctx, f"export {kind.value} {results} -> {out}", summary)


def import_(
    ctx: typer.Context,
    kind: Annotated[ImportKind, typer.Argument(help="What to import: signals.")],
    source: Annotated[Path, typer.Argument(help="signals.jsonl or a threatexchange signal file.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write clean signals and quarantine.jsonl here."),
    ] = None,
    max_bad_fraction: Annotated[
        float,
        typer.Option(help="Fail (exit 3) when the share of quarantined lines exceeds this."),
    ] = 0.01,
) -> None:
    """Import shared signals; bad lines go to quarantine with file, line, field and reason."""
    from netbrake.exchange import read_signals, write_signals

    if not source.is_file():
        raise InputError("signals file not found", Location(file=source))
    imported = read_signals(source)
    summary: dict[str, Any] = {
        "kind": kind.value,
        "signals": len(imported.signals),
        "quarantined": len(imported.problems),
        "problems": [p.one_line() for p in imported.problems[:20]],
    }
    if out is not None:
        write_signals(imported.signals, out)
        with (out / "quarantine.jsonl").open("w", encoding="utf-8") as fh:
            for problem in imported.problems:
                fh.write(json.dumps(problem.to_json(), ensure_ascii=False) + "\n")
        summary["out"] = str(out)
    _show(ctx, f"import signals {source}", summary)
    total = len(imported.signals) + len(imported.problems)
    if total and len(imported.problems) / total > max_bad_fraction:
        raise ThresholdExceeded(
            f"{source}: {len(imported.problems)} of {total} lines quarantined "
            f"(more than {max_bad_fraction:.1%})"
        )


def metrics(
    ctx: typer.Context,
    results: Annotated[Path, typer.Argument(help="RESULTS folder of `netbrake scan`.")],
    views: Annotated[
        Path | None, typer.Option("--views", help="View log (JSONL or Parquet) for prevalence.")
    ] = None,
    appeals: Annotated[
        Path | None, typer.Option("--appeals", help="Appeals JSONL: decision_id, outcome.")
    ] = None,
    sample: Annotated[int, typer.Option(min=1, help="Views to sample from the log.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Sampling seed (reproducible figures).")] = 0,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the charts as an HTML fragment.")
    ] = None,
) -> None:
    """Transparency figures: prevalence with a confidence interval, actions, proactive rate."""
    from netbrake.exchange import build_report, read_results, read_view_log

    loaded = read_results(results)
    log = read_view_log(views, loaded) if views is not None else None
    records = _read_appeals(appeals) if appeals is not None else None
    report = build_report(loaded, log, records, sample_size=sample, seed=seed)
    if html is not None:
        html.write_text("\n".join(report.svg_charts()) + "\n", encoding="utf-8")
    if settings(ctx).json:
        emit_json(report.to_json())
        return
    stdout.print(report.console_charts(), highlight=False)
    stdout.print(json.dumps(report.to_json(), ensure_ascii=False, indent=2), highlight=False)


def _read_appeals(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputError("appeals file not found", Location(file=path))
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", Location(path, number)) from exc
        if not isinstance(value, dict) or "decision_id" not in value:
            raise InputError(
                "expected an object with decision_id", Location(path, number, "decision_id")
            )
        records.append(value)
    return records


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_)
    app.command("metrics")(metrics)

"""``netbrake scan`` and ``netbrake eval``: the batch pipeline and its evaluation."""

from __future__ import annotations

import gc
import importlib
from pathlib import Path
from typing import Annotated, Any

import pyarrow.parquet as pq
import typer
from rich.table import Table

from netbrake.cli.output import emit_json, info, key_value_table, stages, stderr, stdout
from netbrake.cli.settings import Settings, settings
from netbrake.errors import InputError, Location
from netbrake.home import load_secret


def _engine(opts: Settings, spark_master: str | None) -> Any:
    if opts.engine == "spark":
        # The Spark engine is an optional extra (netbrake[spark]); imported only when asked for.
        spark = importlib.import_module("netbrake.engines.spark")
        return spark.SparkEngine.start(master=spark_master)
    from netbrake.engines import EmbeddedEngine

    return EmbeddedEngine()


def scan(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="Platform export folder: one file per table.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="RESULTS folder to write.")],
    seeds: Annotated[
        Path | None,
        typer.Option(help="Account ids known from elsewhere (hash match, report), one per line."),
    ] = None,
    max_bad_fraction: Annotated[
        float,
        typer.Option(help="Fail (exit 3) when a table's share of quarantined rows exceeds this."),
    ] = 0.01,
    hash_bank: Annotated[
        list[Path] | None,
        typer.Option(
            "--hash-bank",
            help="Known-content hash bank file (repeatable; e.g. the export's known_hashes.csv).",
        ),
    ] = None,
    spark_master: Annotated[
        str | None, typer.Option(help="Spark master URL with --engine spark (default local[2]).")
    ] = None,
) -> None:
    """Ingest, find indicators, map networks from seeds, link persons, plan enforcement."""
    from netbrake.policy import Policy
    from netbrake.scan import ScanRequest, read_seeds
    from netbrake.scan import scan as run_scan

    opts = settings(ctx)
    request = ScanRequest(
        source=source,
        out=out,
        policy=Policy.load(opts.policy),
        secret=load_secret(),
        seeds=read_seeds(seeds) if seeds else (),
        max_bad_fraction=max_bad_fraction,
        hash_banks=tuple(hash_bank or ()),
    )
    # The imports' long-lived objects are never garbage: frozen, the full collections that
    # millions of scan results trigger skip them (Python docs, gc.freeze).
    gc.freeze()
    with stages(opts) as progress:
        summary = run_scan(request, _engine(opts, spark_master), on_stage=progress.start)
    if opts.db is not None:
        summary["store"] = _record(opts.db_url, out)
    for line in summary.get("warnings", []):
        stderr.print(f"netbrake scan: {line}", markup=False, highlight=False)
    if opts.json:
        emit_json(summary)
        return
    rows = {
        "accounts": summary["accounts"],
        "members found": summary["members"],
        "networks": summary["networks"],
        "decisions": summary["decisions"],
        "seeds used": summary["seeds"]["used"],
        "known-content matches": summary["known_content_matches"],
        "rows quarantined": summary["ingest"]["rows_quarantined"],
    }
    rows.update({f"role {k}": v for k, v in summary["roles"].items() if k != "benign"})
    if "store" in summary:
        rows["decisions recorded in the store"] = summary["store"]["recorded"]
        rows["decisions already in the store"] = summary["store"]["unchanged"]
    stdout.print(key_value_table(f"scan {source} -> {out}", rows))
    info(opts, f"seconds per stage: {summary['seconds']}")


def _record(url: str, out: Path) -> dict[str, int]:
    """Record the plan's acting decisions in the configured store (guards and console read it)."""
    from netbrake.results import ScanResults
    from netbrake.scan import record_plan
    from netbrake.store import Store

    store = Store.open(url)
    try:
        done = record_plan(store, ScanResults.open(out).decisions())
    finally:
        store.close()
    return {"recorded": done.recorded, "unchanged": done.unchanged}


def _labels(source: Path, results: Path) -> Any:
    for candidate in (results / "dataset" / "labels.parquet", source / "labels.parquet"):
        if candidate.is_file():
            return pq.read_table(candidate)
    raise InputError("no labels found (only synthetic exports have ground truth)", Location(source))


def evaluate(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="The synthetic export the scan read.")],
    results: Annotated[Path, typer.Argument(help="The scan's RESULTS folder.")],
) -> None:
    """Compare scan results with the synthetic ground truth (labels)."""
    from netbrake.scan import evaluate as run_eval

    opts = settings(ctx)
    report = run_eval(_labels(source, results), results)
    if opts.json:
        emit_json(report)
        return
    m = report["membership"]
    rows: dict[str, Any] = {
        "membership precision": f"{m['precision']:.3f}",
        "membership recall": f"{m['recall']:.3f}",
        "membership F1": f"{m['f1']:.3f}",
        "watchdogs classed as members": report["watchdogs_as_members"],
    }
    rows.update({f"role accuracy {k}": f"{v:.3f}" for k, v in report["role_accuracy"].items()})
    if "linking" in report:
        rows["linking precision"] = f"{report['linking']['precision']:.3f}"
        rows["linking recall"] = f"{report['linking']['recall']:.3f}"
    if "evasion" in report:
        rows["backups of actioned persons covered"] = f"{report['evasion']['share']:.3f}"
    stdout.print(key_value_table(f"eval {results}", rows))
    table = Table(title="planted networks", title_justify="left")
    for col in ("planted", "size", "found as", "recall", "purity", "split into"):
        table.add_column(col, justify="right")
    for net in report["networks"]:
        table.add_row(
            str(net["planted_network"]),
            str(net["size"]),
            str(net["found_network"]),
            f"{net['recall']:.3f}",
            f"{net['purity']:.3f}",
            str(net["split_into"]),
        )
    stdout.print(table)


def register(app: typer.Typer) -> None:
    app.command()(scan)
    app.command("eval")(evaluate)

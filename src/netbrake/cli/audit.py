"""``netbrake audit DIR RESULTS``: recommendation safety audit, before and after the guards.

Prints the audit as tables and writes ``RESULTS/audit.json`` (and ``--html``).
The ground truth is chosen by ``--truth`` (docs/audit.md "Ground truth"); the
recommender is a reference one or the platform's own over HTTP
(``--recommender-url``, docs/audit.md "HTTP contract"). With ``--impressions``
(or ``--impressions-file PATH``) it audits the impression logs instead (the
export's ``impressions`` table, or PATH): ``RESULTS/impressions_audit.json``
and ``RESULTS/audit.html``, no probes.
Exit codes: 0 done; 1 with ``--fail-on-leak`` when any guarded figure is
above zero; 2 bad input (missing results, no or empty ground truth, unknown
option value, an endpoint that fails or answers outside the contract, no
impressions table); 3 too many bad impression rows (``--max-bad-fraction``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netbrake.cli.output import emit_json, info, stages, stdout
from netbrake.cli.settings import settings
from netbrake.errors import InputError, Location

if TYPE_CHECKING:
    from netbrake.audit import TruthRequest

#: The API key's environment variable (``netbrake.audit.API_KEY_ENV``; not imported
#: here so that ``netbrake --help`` does not load the audit).
API_KEY_ENV = "NETBRAKE_RECOMMENDER_API_KEY"


def _choices(value: str, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    picked = tuple(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    if picked in ((), ("all",)):
        return allowed
    for p in picked:
        if p not in allowed:
            raise InputError(
                f"unknown value {p!r} (expected {', '.join(allowed)} or all)",
                Location(field=option),
            )
    return picked


def audit(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="The synthetic export the scan read.")],
    results: Annotated[
        Path, typer.Argument(help="The scan's RESULTS folder (audit.json goes here).")
    ],
    recommender: Annotated[
        str, typer.Option(help="Reference recommender: pymk, itemcf or all (comma-separated).")
    ] = "all",
    probes: Annotated[
        str,
        typer.Option(
            help="Probes (comma-separated): view_one_member, follow_members, contamination, "
            "utility, after_takedown, or all."
        ),
    ] = "all",
    n: Annotated[int, typer.Option("--top", help="Suggestions per request (top-N).", min=1)] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the probe accounts' draw.", min=0)] = 0,
    fail_on_leak: Annotated[
        bool, typer.Option(help="Exit 1 when any guarded exposure, contamination or leak is > 0.")
    ] = False,
    truth: Annotated[
        str,
        typer.Option(
            help="Ground truth: auto (reviewers with --db, else labels, else scan), reviewers "
            "(upheld reviewer decisions in the store), scan (the scan's members) or labels."
        ),
    ] = "auto",
    min_evidence: Annotated[
        str, typer.Option(help="With --truth scan: flagged, confident or strong.")
    ] = "flagged",
    labels: Annotated[
        Path | None, typer.Option(help="CSV or Parquet of member account_id (optional role).")
    ] = None,
    truth_sample: Annotated[
        int | None, typer.Option(help="Measure with a random sample of N truth members.", min=1)
    ] = None,
    html: Annotated[Path | None, typer.Option(help="Also write the audit as HTML here.")] = None,
    recommender_url: Annotated[
        str | None,
        typer.Option(help="The platform's recommender endpoint (audited instead of pymk/itemcf)."),
    ] = None,
    interactions_url: Annotated[
        str | None, typer.Option(help="Endpoint that records probe interactions.")
    ] = None,
    takedown_url: Annotated[
        str | None, typer.Option(help="Endpoint that applies a takedown.")
    ] = None,
    probes_url: Annotated[
        str | None, typer.Option(help="Test hook that creates probe accounts.")
    ] = None,
    reset_url: Annotated[
        str | None,
        typer.Option(
            help="Test hook that forgets the probes' interactions, so each probe starts afresh."
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per request.", min=0.01)] = 10.0,
    retries: Annotated[
        int, typer.Option(help="Retries of a failed request (exponential backoff).", min=0)
    ] = 2,
    rate_limit: Annotated[
        float | None, typer.Option(help="At most this many requests per second.", min=0.01)
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            envvar=API_KEY_ENV, help="API key sent with every request.", show_default=False
        ),
    ] = None,
    api_key_header: Annotated[
        str, typer.Option(help="Header carrying the key (Authorization sends 'Bearer KEY').")
    ] = "Authorization",
    impressions: Annotated[
        bool,
        typer.Option(
            "--impressions",
            help="Audit impression logs instead of probing (the export's impressions table).",
        ),
    ] = False,
    impressions_file: Annotated[
        Path | None,
        typer.Option(
            "--impressions-file",
            metavar="PATH",
            help="Audit the impression log in PATH (implies --impressions).",
        ),
    ] = None,
    max_bad_fraction: Annotated[
        float,
        typer.Option(
            help="With --impressions-file: share of bad rows that fails the run (exit 3)."
        ),
    ] = 0.01,
) -> None:
    """Measure exposure to network members on recommendations, search and autocomplete."""
    if impressions or impressions_file is not None:
        from netbrake.audit import TruthRequest

        request = TruthRequest(
            mode=truth,
            db_url=settings(ctx).db,
            labels_file=labels,
            min_evidence=min_evidence,
            sample=truth_sample,
            seed=seed,
        )
        _impressions(ctx, source, results, impressions_file, max_bad_fraction, request)
        return
    from netbrake.audit import (
        AUDIT_FILE,
        PROBES,
        RECOMMENDERS,
        HttpRecommender,
        ProbeSettings,
        TruthRequest,
        audit_scan,
        audit_table,
        guarded_leaks,
        write_audit,
        write_audit_html,
    )

    opts = settings(ctx)
    settings_ = ProbeSettings(n=n, probes=_choices(probes, PROBES, "probes"))
    names = _choices(recommender, tuple(RECOMMENDERS), "recommender")
    request = TruthRequest(
        mode=truth,
        db_url=opts.db,
        labels_file=labels,
        min_evidence=min_evidence,
        sample=truth_sample,
        seed=seed,
    )
    platform = []
    if recommender_url is not None:
        platform.append(
            HttpRecommender(
                recommender_url,
                interactions_url=interactions_url,
                takedown_url=takedown_url,
                probes_url=probes_url,
                timeout=timeout,
                retries=retries,
                rate_limit=rate_limit,
                api_key=api_key,
                api_key_header=api_key_header,
                reset_url=reset_url,
            )
        )
    try:
        with stages(opts) as progress:
            progress.start("audit")
            report, guards = audit_scan(
                source,
                results,
                recommenders=names,
                probes=settings_,
                seed=seed,
                policy_path=opts.policy,
                truth=request,
                platform=platform,
            )
    finally:
        for rec in platform:
            rec.close()
    document = write_audit(report, guards, results)
    if html is not None:
        write_audit_html(report, guards.description, html)
    leaks = guarded_leaks(report)
    if opts.json:
        emit_json(document)
    else:
        stdout.print(audit_table(report))
        info(opts, f"guard: {guards.description}")
        info(opts, f"wrote {results / AUDIT_FILE}")
        if html is not None:
            info(opts, f"wrote {html}")
    if leaks:
        info(opts, f"guarded arm not at zero: {'; '.join(leaks)}")
        if fail_on_leak:
            raise typer.Exit(1)


def _impressions(
    ctx: typer.Context,
    source: Path,
    results: Path,
    log: Path | None,
    max_bad_fraction: float,
    truth: TruthRequest,
) -> None:
    from netbrake.audit import (
        IMPRESSIONS_AUDIT_FILE,
        IMPRESSIONS_HTML_FILE,
        audit_scan_impressions,
        impressions_audit_table,
        write_impressions_audit,
    )

    opts = settings(ctx)
    with stages(opts) as progress:
        progress.start("impression audit")
        report, notes = audit_scan_impressions(
            source, results, log, max_bad_fraction=max_bad_fraction, truth=truth
        )
    document = write_impressions_audit(report, results)
    for note in notes:
        info(opts, note)
    if opts.json:
        emit_json(document)
        return
    stdout.print(impressions_audit_table(report))
    info(opts, f"wrote {results / IMPRESSIONS_AUDIT_FILE} and {results / IMPRESSIONS_HTML_FILE}")


def register(app: typer.Typer) -> None:
    app.command()(audit)

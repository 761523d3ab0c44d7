"""``netbrake guard ...``: the guards' decisions offline, as the API gives them.

Live state comes from ``--results RESULTS`` (a scan), the store (``--db``,
with ``--store``), or both. Output is one JSON document: a decision
``{"action", "decided_by", "reason", "policy_version", ...}`` or a list
``{"kept": [...], "dropped": [{"id", "action", "decided_by", "reason"}], ...}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from netbrake.cli.output import emit_json
from netbrake.cli.settings import settings
from netbrake.errors import InputError, Location
from netbrake.guard import GuardEngine
from netbrake.store import Store

guard_app = typer.Typer(help="Guard decisions (search, autocomplete, recommendations, hashtags).",
                        no_args_is_help=True)  # fmt: skip

ResultsOption = Annotated[
    Path | None, typer.Option("--results", help="Scan results (netbrake scan --out).")
]
StoreOption = Annotated[
    bool,
    typer.Option(
        "--store/--no-store", help="Read live decisions from the store (implied by --db)."
    ),
]


def _engine(ctx: typer.Context, results: Path | None, use_store: bool) -> GuardEngine:
    opts = settings(ctx)
    use_store = use_store or opts.db is not None
    if results is None and not use_store:
        raise InputError("give --results RESULTS or --store (with --db)", Location(field="results"))
    store = Store.open(opts.db_url) if use_store else None
    engine = GuardEngine(results=results, store=store, policy_path=opts.policy)
    if engine.error:
        raise InputError(f"guard state unreadable: {engine.error}")
    return engine


def _lines(path: Path) -> list[str]:
    """Ids or suggestions from a file: a JSON array, or one per line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", Location(file=path)) from None
    if text.lstrip().startswith("["):
        try:
            values = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"invalid JSON: {exc.msg}", Location(file=path, row=exc.lineno)
            ) from None
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise InputError("expected a JSON array of strings", Location(file=path))
        return values
    return [line.strip() for line in text.splitlines() if line.strip()]


@guard_app.command("search")
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="The search query.")],
    results: ResultsOption = None,
    store: StoreOption = False,
    surface: Annotated[str, typer.Option(help="Surface policy to apply.")] = "search",
) -> None:
    """Decide a search query: block (with help resources), interstitial, ... or allow."""
    emit_json(_engine(ctx, results, store).check_search(query, surface).to_dict())


@guard_app.command("autocomplete")
def autocomplete(
    ctx: typer.Context,
    prefix: Annotated[str, typer.Argument(help="What the user typed.")],
    suggestions: Annotated[
        Path, typer.Option("--suggestions", help="Suggestions: JSON array or one per line.")
    ],
    results: ResultsOption = None,
    store: StoreOption = False,
    surface: Annotated[str, typer.Option(help="Surface policy to apply.")] = "autocomplete",
) -> None:
    """Filter autocomplete suggestions for a typed prefix."""
    engine = _engine(ctx, results, store)
    emit_json(engine.filter_autocomplete(prefix, _lines(suggestions), surface).to_dict())


@guard_app.command("recommend")
def recommend(
    ctx: typer.Context,
    viewer: Annotated[str, typer.Argument(help="The viewer's account id.")],
    candidates: Annotated[
        Path, typer.Option("--candidates", help="Candidate ids: JSON array or one per line.")
    ],
    results: ResultsOption = None,
    store: StoreOption = False,
    surface: Annotated[str, typer.Option(help="Surface policy to apply.")] = "suggested_accounts",
) -> None:
    """Filter recommendation candidates for a viewer: kept and dropped with reasons."""
    engine = _engine(ctx, results, store)
    emit_json(engine.filter_recommendations(viewer, _lines(candidates), surface).to_dict())


@guard_app.command("hashtag")
def hashtag(
    ctx: typer.Context,
    tag: Annotated[str, typer.Argument(help="The hashtag (with or without '#').")],
    results: ResultsOption = None,
    store: StoreOption = False,
) -> None:
    """A hashtag page decision and the tag's state (usable, searchable, suggestible)."""
    emit_json(_engine(ctx, results, store).check_hashtag(tag).to_dict())


def register(app: typer.Typer) -> None:
    app.add_typer(guard_app, name="guard")

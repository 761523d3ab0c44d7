"""``netbrake guard ...``: the guards' decisions offline, as the API gives them.

Live state comes from ``--results RESULTS`` (a scan), the store (``--db``,
with ``--store``), or both. Given neither, the default store is read when it
exists (``NETBRAKE_DB`` or the data directory's SQLite file); otherwise search,
autocomplete and hashtag decisions come from the policy alone (lexicon and help
resources need no scan), while ``recommend``, which is about accounts, asks
for state. Output is one JSON document: a decision
``{"action", "decided_by", "reason", "policy_version", ..., "state"}`` or a list
``{"kept": [...], "dropped": [{"id", "action", "decided_by", "reason"}], ..., "state"}``,
where ``state`` says what was read: ``policy-only``, ``results:PATH``,
``store:URL`` (password hidden) or ``results:PATH + store:URL``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import make_url

from netbrake.cli.output import emit_json
from netbrake.cli.settings import settings
from netbrake.errors import InputError, Location
from netbrake.guard import GuardEngine
from netbrake.home import existing_default_store
from netbrake.store import Store

guard_app = typer.Typer(help="Guard decisions (search, autocomplete, recommendations, hashtags).",
                        no_args_is_help=True)  # fmt: skip

#: What ``state`` says when neither results nor a store were read.
POLICY_ONLY = "policy-only"

ResultsOption = Annotated[
    Path | None, typer.Option("--results", help="Scan results (netbrake scan --out).")
]
StoreOption = Annotated[
    bool | None,
    typer.Option(
        "--store/--no-store",
        help="Read live decisions from the store (implied by --db; by default the store "
        "is read when it exists).",
        show_default=False,
    ),
]


def _store_url(ctx: typer.Context, results: Path | None, use_store: bool | None) -> str | None:
    """The store to read: asked for (--store, --db), else the default one when nothing is given."""
    opts = settings(ctx)
    if use_store or opts.db is not None:
        return opts.db_url
    if use_store is None and results is None:
        return existing_default_store()
    return None


def _described(results: Path | None, store_url: str | None) -> str:
    parts = [f"results:{results}"] if results is not None else []
    if store_url is not None:
        parts.append(f"store:{make_url(store_url).render_as_string(hide_password=True)}")
    return " + ".join(parts) or POLICY_ONLY


class _Guard:
    """The engine over the state a guard command reads, and how that state is described."""

    def __init__(
        self,
        ctx: typer.Context,
        results: Path | None,
        use_store: bool | None,
        *,
        needs_state: bool = False,
    ):
        store_url = _store_url(ctx, results, use_store)
        if needs_state and results is None and store_url is None:
            raise InputError(
                f"guard {ctx.info_name} decides about accounts and needs live state: "
                "give --results RESULTS or --db URL",
                Location(field="results"),
            )
        store = Store.open(store_url) if store_url is not None else None
        self.engine = GuardEngine(results=results, store=store, policy_path=settings(ctx).policy)
        if self.engine.error:
            raise InputError(f"guard state unreadable: {self.engine.error}")
        self.state = _described(results, store_url)

    def emit(self, answer: Any) -> None:
        emit_json({**answer.to_dict(), "state": self.state})


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
    store: StoreOption = None,
    surface: Annotated[str, typer.Option(help="Surface policy to apply.")] = "search",
) -> None:
    """Decide a search query: block (with help resources), interstitial, ... or allow."""
    guard = _Guard(ctx, results, store)
    guard.emit(guard.engine.check_search(query, surface))


@guard_app.command("autocomplete")
def autocomplete(
    ctx: typer.Context,
    prefix: Annotated[str, typer.Argument(help="What the user typed.")],
    suggestions: Annotated[
        Path, typer.Option("--suggestions", help="Suggestions: JSON array or one per line.")
    ],
    results: ResultsOption = None,
    store: StoreOption = None,
    surface: Annotated[str, typer.Option(help="Surface policy to apply.")] = "autocomplete",
) -> None:
    """Filter autocomplete suggestions for a typed prefix."""
    guard = _Guard(ctx, results, store)
    guard.emit(guard.engine.filter_autocomplete(prefix, _lines(suggestions), surface))


@guard_app.command("recommend")
def recommend(
    ctx: typer.Context,
    viewer: Annotated[str, typer.Argument(help="The viewer's account id.")],
    candidates: Annotated[
        Path, typer.Option("--candidates", help="Candidate ids: JSON array or one per line.")
    ],
    results: ResultsOption = None,
    store: StoreOption = None,
    surface: Annotated[str, typer.Option(help="Surface policy to apply.")] = "suggested_accounts",
) -> None:
    """Filter recommendation candidates for a viewer: kept and dropped with reasons."""
    guard = _Guard(ctx, results, store, needs_state=True)
    guard.emit(guard.engine.filter_recommendations(viewer, _lines(candidates), surface))


@guard_app.command("hashtag")
def hashtag(
    ctx: typer.Context,
    tag: Annotated[str, typer.Argument(help="The hashtag (with or without '#').")],
    results: ResultsOption = None,
    store: StoreOption = None,
) -> None:
    """A hashtag page decision and the tag's state (usable, searchable, suggestible)."""
    guard = _Guard(ctx, results, store)
    guard.emit(guard.engine.check_hashtag(tag))


def register(app: typer.Typer) -> None:
    app.add_typer(guard_app, name="guard")

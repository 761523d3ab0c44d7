"""Probe (e): search and autocomplete with the lexicon's variants (F3, F4).

The reference surfaces are what a platform builds from its posts: hashtag
search (a query finds the accounts that posted the hashtag) and hashtag
autocomplete (completions of a prefix, most used first). The probe queries
are lexicon terms and their variants (appended words, spacing, leetspeak),
given by the caller. A search decision of ``interstitial`` counts as served:
a warning with "See results anyway" is exactly the failure of F3.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pyarrow as pa

from netbrake.audit.ground_truth import GroundTruth
from netbrake.audit.rate import Rate
from netbrake.audit.report import TextSurfaceExposure
from netbrake.platform import Dataset
from netbrake.policy import Kind, Policy, State

#: ``query -> decision action`` (allow, downrank, no_promote, interstitial, block, drop).
SearchGuard = Callable[[str], str]
#: ``(prefix, completions) -> kept completions``.
AutocompleteGuard = Callable[[str, list[str]], list[str]]
#: Decisions under which search results are still shown.
SERVED = ("allow", "downrank", "no_promote", "interstitial")
#: Shortest prefix autocomplete is probed with.
MIN_PREFIX = 3


def normalise_tag(text: str) -> str:
    """A query or hashtag as the reference index keys it: casefolded, no '#', no spaces."""
    return "".join(text.casefold().split()).lstrip("#")


def allow_all(query: str) -> str:
    """The unguarded search: every query is served."""
    return "allow"


@dataclass(frozen=True, eq=False)
class HashtagIndex:
    """Who posted each hashtag, and how often each hashtag was used."""

    posters: Mapping[str, frozenset[str]]
    uses: Mapping[str, int]

    @classmethod
    def from_posts(cls, posts: pa.Table) -> HashtagIndex:
        posters: dict[str, set[str]] = {}
        uses: Counter[str] = Counter()
        if "hashtags" in posts.column_names:
            owners = posts.column("account_id").to_pylist()
            for owner, tags in zip(owners, posts.column("hashtags").to_pylist(), strict=True):
                for tag in {normalise_tag(t) for t in tags or ()}:
                    posters.setdefault(tag, set()).add(owner)
                    uses[tag] += 1
        return cls(
            MappingProxyType({t: frozenset(a) for t, a in posters.items()}),
            MappingProxyType(dict(uses)),
        )

    def search(self, query: str) -> frozenset[str]:
        """Accounts whose posts carry the queried hashtag."""
        return self.posters.get(normalise_tag(query), frozenset())

    def complete(self, prefix: str, n: int) -> list[str]:
        """Up to ``n`` hashtags starting with ``prefix``, most used first."""
        key = normalise_tag(prefix)
        found = [t for t in self.uses if t.startswith(key)]
        return sorted(found, key=lambda t: (-self.uses[t], t))[:n]


def search_probe(
    index: HashtagIndex,
    queries: Sequence[str],
    guard: SearchGuard,
    is_member: Callable[[str], bool],
) -> TextSurfaceExposure:
    """Share of probe queries whose served results show network accounts."""
    leads = [any(map(is_member, index.search(q))) for q in queries]
    served = [guard(q) in SERVED for q in queries]
    return TextSurfaceExposure(
        surface="search",
        probes=len(queries),
        unguarded=Rate(sum(leads), len(queries)),
        guarded=Rate(sum(a and b for a, b in zip(leads, served, strict=True)), len(queries)),
        leaked=Rate(sum(served), len(queries)),
    )


def prefixes(queries: Sequence[str]) -> list[str]:
    """Every prefix of every query from ``MIN_PREFIX`` characters on, in first-seen order."""
    return list(typed_by_query(queries))


def typed_by_query(queries: Sequence[str]) -> dict[str, str]:
    """Each typed prefix (as :func:`prefixes`) -> the query it was first typed for."""
    out: dict[str, str] = {}
    for q in queries:
        key = normalise_tag(q)
        for end in range(min(MIN_PREFIX, len(key)), len(key) + 1):
            out.setdefault(key[:end], key)
    return out


def autocomplete_probe(
    index: HashtagIndex,
    queries: Sequence[str],
    guard: AutocompleteGuard,
    is_harmful: Callable[[str], bool],
    n: int,
) -> TextSurfaceExposure:
    """Share of typed prefixes (every prefix of every probe query) whose shown
    completions include a harmful hashtag; ``leaked`` is per completion.

    The prefixes of one query are typed one after another and share their
    completions, so each query is one sampling unit of the rates (docs/audit.md
    "Rates")."""
    exposed: list[tuple[str, int, int]] = []
    exposed_kept: list[tuple[str, int, int]] = []
    leaked: list[tuple[str, int, int]] = []
    typed = typed_by_query(queries)
    for prefix, query in typed.items():
        completions = index.complete(prefix, n)
        kept = [c for c in guard(prefix, list(completions)) if c in completions]
        bad, bad_kept = sum(map(is_harmful, completions)), sum(map(is_harmful, kept))
        exposed.append((query, int(bad > 0), 1))
        exposed_kept.append((query, int(bad_kept > 0), 1))
        if bad:
            leaked.append((query, bad_kept, bad))
    return TextSurfaceExposure(
        surface="autocomplete",
        probes=len(typed),
        unguarded=Rate.of_units(exposed),
        guarded=Rate.of_units(exposed_kept),
        leaked=Rate.of_units(leaked),
    )


def lexicon_probe_queries(policy: Policy | None = None) -> tuple[str, ...]:
    """Probe queries from the policy lexicon (the default policy when none is given):
    every live explicit hashtag and off-platform service name, with their variants."""
    policy = policy or Policy.load()
    terms = [
        e.term
        for e in policy.entries(State.LIVE)
        if e.kind in (Kind.HASHTAG, Kind.KEYWORD, Kind.PHRASE)
        and e.category in ("explicit_tag", "offplatform")
    ]
    return tuple(probe_variants(terms))


def probe_variants(terms: Sequence[str], appended: Sequence[str] = ("vibes", "2024")) -> list[str]:
    """Lexicon terms with the F4 evasions a guard must survive: appended words,
    spacing, leetspeak. A stand-in until the text layer's lexicon supplies variants."""
    leet = str.maketrans({"e": "3", "a": "4", "o": "0", "i": "1"})
    out: dict[str, None] = {}
    for t in terms:
        for v in (t, *(t + w for w in appended), " ".join(t), t.translate(leet)):
            out.setdefault(v, None)
    return list(out)


@dataclass(frozen=True)
class TextProbes:
    """Probe (e) inputs: the probe queries (lexicon terms and variants) and the guards."""

    queries: tuple[str, ...]
    search_guard: SearchGuard = allow_all
    autocomplete_guard: AutocompleteGuard | None = None


def text_surfaces(
    dataset: Dataset, truth: GroundTruth, probes: TextProbes, n: int
) -> tuple[TextSurfaceExposure, ...]:
    """Search and autocomplete probes over the dataset's hashtags.

    A completion is harmful when most of the accounts that posted it are
    network members (ground truth), or when it is itself a probe query.
    """
    index = HashtagIndex.from_posts(dataset.table("posts", ["account_id", "hashtags"]))
    asked = {normalise_tag(q) for q in probes.queries}

    def harmful(tag: str) -> bool:
        posters = index.posters.get(tag, frozenset())
        members = sum(map(truth.counts, posters))
        return tag in asked or (bool(posters) and 2 * members > len(posters))

    keep_all: AutocompleteGuard = lambda prefix, completions: completions  # noqa: E731
    return (
        search_probe(index, probes.queries, probes.search_guard, truth.counts),
        autocomplete_probe(
            index, probes.queries, probes.autocomplete_guard or keep_all, harmful, n
        ),
    )

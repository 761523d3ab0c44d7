"""A synthetic scan RESULTS folder for term discovery's tests and benchmarks.

Ordinary accounts write everyday English words and common hashtags; network
members write the same (camouflage, such as "#nba") plus indicators: known
lexicon tags, and new coded tags the policy lacks (made-up strings with no
meaning, as F4's "new variations"). Texts carry indicator tokens only; ids
are generated, never real. :func:`write_synthetic_results` writes the parts of
RESULTS that :func:`netbrake.terms.discover` reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from netbrake.platform import TABLES

#: Hashtags ordinary users and members share (camouflage when members use them).
COMMON_TAGS = ("#nba", "#food", "#travel", "#music", "#love", "#photo", "#summer", "#fitness")
#: Known indicators of the default policy (F5) that members also use.
KNOWN_TAGS = ("#pedobait", "#mnsfw")
#: New coded tags the default policy lacks: meaningless made-up strings.
NEW_TAGS = ("#vlorpzone", "#kwazitrade", "#snibvault", "#qerbclub", "#drumlix")


@dataclass(frozen=True)
class SyntheticScan:
    """What was planted: ``new_tags`` the members' new code, ``common_tags`` shared tags."""

    accounts: int
    members: int
    new_tags: tuple[str, ...]
    common_tags: tuple[str, ...]
    known_tags: tuple[str, ...]


def _words(n: int) -> np.ndarray:
    from wordfreq import top_n_list

    return np.array([w for w in top_n_list("en", n * 2, wordlist="large") if w.isalpha()][:n])


def _everyday_texts(
    rng: np.random.Generator, accounts: int, posts_per_account: int
) -> tuple[list[pa.Array], np.ndarray]:
    """Six everyday words per text (a bio, then ``posts_per_account`` posts per account) as
    word columns, and each text's owning account."""
    words = _words(3000)
    n_texts = accounts * (1 + posts_per_account)
    picked = words[(rng.zipf(1.3, size=(n_texts, 6)) - 1) % len(words)]
    owner = np.tile(np.arange(accounts), 1 + posts_per_account)
    return [pa.array(picked[:, k]) for k in range(picked.shape[1])], owner


def _ids(prefix: str, n: int) -> pa.Array:
    return pc.binary_join_element_wise(prefix, pc.cast(pa.array(np.arange(n)), pa.string()), "")


def _where(mask: np.ndarray, values: np.ndarray) -> pa.Array:
    return pc.if_else(pa.array(mask), pa.array(values), pa.scalar(None, pa.string()))


def write_synthetic_results(
    out: Path,
    accounts: int = 2000,
    member_share: float = 0.02,
    posts_per_account: int = 2,
    new_tags: tuple[str, ...] = NEW_TAGS,
    seed: int = 0,
) -> SyntheticScan:
    """Write ``accounts.parquet``, ``hits.parquet`` and ``dataset/`` into ``out``.

    Each account has a bio and ``posts_per_account`` posts of six everyday
    words; 30% of ordinary texts and 60% of member texts add a common tag;
    members add a known tag to half their texts and a new coded tag to 70%.
    """
    rng = np.random.default_rng(seed)
    parts, owner = _everyday_texts(rng, accounts, posts_per_account)
    n_texts = owner.size
    member = np.zeros(accounts, dtype=bool)
    n_members = max(int(accounts * member_share), 3)
    member[rng.choice(accounts, n_members, replace=False)] = True
    is_member = member[owner]
    draws = rng.random((n_texts, 3))
    common = (draws[:, 0] < 0.3) | (is_member & (draws[:, 0] < 0.6))
    known = is_member & (draws[:, 1] < 0.5)
    coded = is_member & (draws[:, 2] < 0.7) & bool(new_tags)
    parts.append(_where(common, rng.choice(np.array(COMMON_TAGS), n_texts)))
    parts.append(_where(known, rng.choice(np.array(KNOWN_TAGS), n_texts)))
    parts.append(_where(coded, rng.choice(np.array(new_tags or ("",)), n_texts)))
    texts = pc.binary_join_element_wise(*parts, " ", null_handling="skip")
    ids = _ids("a", accounts)
    sources = pa.concat_arrays(
        [pa.array(["bio"] * accounts), _ids("post p", accounts * posts_per_account)]
    )
    at = np.flatnonzero(known)
    hits = pa.table(
        {
            "account_id": ids.take(pa.array(owner[at])),
            "source": sources.take(pa.array(at)),
            "severity": pa.array(["critical"] * at.size, pa.string()),
            "variant": pa.array(["exact"] * at.size, pa.string()),
        }
    )
    _write(out, ids, member, texts, owner, accounts, hits)
    return SyntheticScan(accounts, n_members, tuple(new_tags), COMMON_TAGS, KNOWN_TAGS)


def _write(
    out: Path,
    ids: pa.Array,
    member: np.ndarray,
    texts: pa.Array,
    owner: np.ndarray,
    accounts: int,
    hits: pa.Table,
) -> None:
    dataset = out / "dataset"
    dataset.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        pa.table({"account_id": ids, "member": pa.array(member)}), out / "accounts.parquet"
    )
    pq.write_table(hits, out / "hits.parquet")
    bios = pa.table({"account_id": ids, "handle": _ids("user", accounts), "bio": texts[:accounts]})
    pq.write_table(bios, dataset / "accounts.parquet")
    n_posts = len(texts) - accounts
    posts = pa.table(
        {
            "post_id": _ids("p", n_posts),
            "account_id": ids.take(pa.array(owner[accounts:])),
            "text": texts[accounts:],
            "hashtags": pa.nulls(n_posts, pa.list_(pa.string())),
        }
    )
    pq.write_table(posts, dataset / "posts.parquet")
    pq.write_table(TABLES["edges"].arrow_schema().empty_table(), dataset / "edges.parquet")


def write_tagged_results(
    out: Path,
    member: np.ndarray,
    tags: dict[str, np.ndarray],
    posts_per_account: int = 2,
    seed: int = 0,
) -> dict[str, int]:
    """One scan cycle's RESULTS for a fixed network: ``member[i]`` marks account ``i``.

    Every text (a bio and ``posts_per_account`` posts per account) has six
    everyday words; ``tags[tag][i]`` is the probability that a text of
    account ``i`` carries ``tag`` (a network's code, an ordinary trend that
    members join as camouflage, a small community's own tag). Returns how
    many member texts carry each tag: the uses a hashtag page could show.
    """
    rng = np.random.default_rng(seed)
    accounts = int(member.size)
    parts, owner = _everyday_texts(rng, accounts, posts_per_account)
    n_texts = owner.size
    is_member = member[owner]
    uses: dict[str, int] = {}
    for tag, share in tags.items():
        carries = rng.random(n_texts) < share[owner]
        uses[tag] = int((carries & is_member).sum())
        parts.append(_where(carries, np.full(n_texts, tag)))
    texts = pc.binary_join_element_wise(*parts, " ", null_handling="skip")
    hits = pa.table(
        {
            name: pa.array([], pa.string())
            for name in ("account_id", "source", "severity", "variant")
        }
    )
    _write(out, _ids("a", accounts), member, texts, owner, accounts, hits)
    return uses

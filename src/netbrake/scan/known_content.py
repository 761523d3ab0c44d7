"""Known content (F8): posts whose media matches a hash bank become seeds.

Hash matching finds only known material; the accounts that posted it are
strong seeds for the network mapping, which finds the rest (new material,
advertisements, buyers). Each match becomes a reason on the account.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from netbrake.errors import InputError, Location
from netbrake.media import HashBank, HashMatcher, import_bank, match_posts
from netbrake.platform import Dataset


def match_known_content(dataset: Dataset, banks: Sequence[Path]) -> pa.Table | None:
    """Matches of the dataset's post hashes against the bank files (None without banks)."""
    if not banks:
        return None
    loaded = []
    for path in banks:
        if not path.is_file():
            raise InputError("hash bank file not found", Location(path))
        bank = HashBank(path.stem)
        result = import_bank(path, bank)
        if result.problems and not result.added:
            first = result.problems[0]
            raise InputError(f"no usable hash in bank file ({first})", Location(path))
        loaded.append(bank)
    posts = dataset.table("posts", ["post_id", "account_id", "media_md5", "media_pdq"])
    return match_posts(posts, HashMatcher(loaded))


def match_reasons(matches: pa.Table | None) -> dict[str, list[str]]:
    """account id -> reasons such as "post p12 media matches known hash (bank known_hashes, distance 3)"."""
    out: dict[str, list[str]] = {}
    if matches is None:
        return out
    for row in matches.select(["post_id", "account_id", "kind", "bank", "distance"]).to_pylist():
        out.setdefault(row["account_id"], []).append(
            f"post {row['post_id']} media matches known {row['kind']} hash "
            f"(bank {row['bank']}, distance {row['distance']})"
        )
    return out

"""Terms of every bio and post, counted among members and among everyone else (DuckDB).

One tokeniser for both sides, so member and background counts are
comparable: hashtags, words (3-30 letters or digits, not all digits, fewer
than five digits: numbers and ids are not vocabulary), emoji runs and
off-platform domains, and two-word phrases (adjacent plain words: a coded phrase
can be two everyday words). Search and autocomplete queries (the optional
``searches`` table) are texts of their searcher, so disguised spellings people
look for once a term is blocked are counted too (F4). @mentions are dropped and words equal to a platform
handle are never proposed: a candidate must never be a raw identifier.
(Hashtags are read with an unbounded ``+`` and their length checked after:
RE2 compiles a bounded repeat of a Unicode class into an automaton that ran
16x slower.) Each
text counts a term once (a spammed post is one vote).
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

_W = r"[\p{L}\p{N}_]"
_URL = r"(?:https?://|www\.)[^\s]+"
_TLDS = "com|net|org|me|io|gg|ly|co|app|link|xyz|to|cc|ru|shop|site|store|top|club|info|biz|tv"
_DOMAIN = r"(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+(?:" + _TLDS + r"))(?:[/?#:\s]|$)"
_EMOJI_START = (
    r"\x{1F000}-\x{1FAFF}\x{2600}-\x{27BF}\x{2190}-\x{21FF}\x{2B00}-\x{2BFF}\x{23E9}-\x{23FA}"
)
_EMOJI = "[" + _EMOJI_START + "][" + _EMOJI_START + r"\x{FE0F}\x{200D}\x{1F3FB}-\x{1F3FF}]*"

#: (source, account_id, member, text) of every bio and post, lower-cased; post hashtags
#: joined in.
_TEXTS = """
CREATE TEMP TABLE texts AS
SELECT x.source, x.account_id, coalesce(m.member, false) AS member, x.t FROM (
    SELECT 'bio' AS source, account_id, lower(bio) AS t FROM accounts WHERE bio IS NOT NULL
    UNION ALL
    SELECT 'post ' || post_id, account_id,
           lower(coalesce(text, '') || ' ' || coalesce(array_to_string(
               list_transform(hashtags, lambda x: '#' || ltrim(x, '#')), ' '), ''))
    FROM posts
    UNION ALL
    SELECT surface || ' ' || row_number() OVER (), searcher_id, lower(query) FROM searches
) x LEFT JOIN members m USING (account_id)
"""

# One pass finds words, hashtags and @mentions ([#@]? then letters/digits); mentions are
# dropped. Emoji and domains are read only from texts that can hold them.
_TERMS = f"""
CREATE TEMP TABLE terms AS
WITH split AS (
    SELECT source, account_id, member,
           regexp_extract_all(regexp_replace(t, '{_URL}', ' ', 'g'), '[#@]?{_W}+') AS ws
    FROM texts
), words AS (
    SELECT source, account_id, member, unnest(ws) AS w FROM split
), pairs AS (
    SELECT source, account_id, member, unnest(list_filter(
        list_transform(range(1, len(ws)), lambda i: [ws[i], ws[i + 1]]),
        lambda p: length(p[1]) BETWEEN 2 AND 30 AND length(p[2]) BETWEEN 2 AND 30
             AND NOT regexp_matches(p[1] || p[2], '[#@0-9_]'))) AS p
    FROM split WHERE len(ws) > 1
), found AS (
    SELECT source, account_id, member, w AS term,
           CASE WHEN w[1] = '#' THEN 'hashtag' ELSE 'token' END AS kind
    FROM words WHERE w[1] <> '@'
    UNION ALL
    SELECT source, account_id, member, p[1] || ' ' || p[2], 'phrase' FROM pairs
    UNION ALL
    SELECT source, account_id, member,
           replace(unnest(regexp_extract_all(t, '{_EMOJI}')), chr(65039), ''), 'emoji'
    FROM texts WHERE strlen(t) <> length(t)
    UNION ALL
    SELECT source, account_id, member, unnest(regexp_extract_all(t, '{_DOMAIN}', 1)), 'domain'
    FROM texts WHERE contains(t, '.')
)
SELECT DISTINCT source, account_id, term, kind, member
FROM found
WHERE (kind = 'hashtag' AND length(term) BETWEEN 3 AND 41)
   OR kind IN ('emoji', 'domain', 'phrase')
   OR (kind = 'token' AND length(term) BETWEEN 3 AND 30
       AND NOT regexp_full_match(term, '[0-9_]+')
       AND length(regexp_replace(term, '[^0-9]', '', 'g')) < 5)
"""

_COUNTS = """
WITH per_account AS (
    SELECT term, kind, account_id, member, count(*) AS n,
           count(*) FILTER (WHERE source[1] IN ('s', 'a')) AS q
    FROM terms GROUP BY ALL
), vocab AS (
    SELECT term, kind FROM per_account WHERE member GROUP BY ALL HAVING count(*) >= $min
), handles AS (
    SELECT DISTINCT lower(handle) AS term FROM accounts WHERE handle IS NOT NULL
)
SELECT p.term, p.kind,
       coalesce(sum(n) FILTER (WHERE member), 0)::BIGINT AS member_count,
       coalesce(sum(n) FILTER (WHERE NOT member), 0)::BIGINT AS ordinary_count,
       count(*) FILTER (WHERE member) AS member_accounts,
       count(*) FILTER (WHERE NOT member) AS ordinary_accounts,
       sum(q)::BIGINT AS searches
FROM per_account p SEMI JOIN vocab v ON p.term = v.term AND p.kind = v.kind
WHERE (p.kind <> 'token' OR p.term NOT IN (SELECT term FROM handles))
  AND (p.kind <> 'phrase' OR (split_part(p.term, ' ', 1) NOT IN (SELECT term FROM handles)
                              AND split_part(p.term, ' ', 2) NOT IN (SELECT term FROM handles)))
GROUP BY ALL
"""

_STRONG = """
SELECT t.term, t.kind, count(*) AS strong
FROM terms t SEMI JOIN strong s ON t.account_id = s.account_id AND t.source = s.source
WHERE t.member GROUP BY ALL
"""


def tokenise(con: duckdb.DuckDBPyConnection, members: pa.Table) -> None:
    """Build the ``texts`` and ``terms`` tables on ``con`` (views ``accounts``, ``posts``
    of the dataset; ``members`` is account_id -> member)."""
    con.register("members", members)
    con.execute(_TEXTS)
    con.execute(_TERMS)


def totals(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Term occurrences (text, term) among members and among everyone else."""
    row = con.execute(
        "SELECT count(*) FILTER (WHERE member), count(*) FILTER (WHERE NOT member) FROM terms"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


#: The columns :func:`counts` returns, in order.
COUNT_COLUMNS = (
    "term",
    "kind",
    "member_count",
    "ordinary_count",
    "member_accounts",
    "ordinary_accounts",
    "searches",
)


def counts(con: duckdb.DuckDBPyConnection, min_member_accounts: int) -> list[dict[str, Any]]:
    """Per term used by at least ``min_member_accounts`` members: counts on both sides."""
    rows = con.execute(_COUNTS, {"min": min_member_accounts}).fetchall()
    return [dict(zip(COUNT_COLUMNS, row, strict=True)) for row in rows]


def strong_counts(con: duckdb.DuckDBPyConnection, strong: pa.Table) -> dict[tuple[str, str], int]:
    """Member texts per term that also hit a strong entry (``strong``: account_id, source)."""
    con.register("strong", strong)
    return {(t, k): int(n) for t, k, n in con.execute(_STRONG).fetchall()}


def example_texts(
    con: duckdb.DuckDBPyConnection, wanted: pa.Table, per_term: int
) -> dict[tuple[str, str], list[tuple[str, list[str]]]]:
    """Up to ``per_term`` member texts per wanted (term, kind), each with the terms it holds."""
    con.register("wanted", wanted)
    rows = con.execute(
        """
        WITH picked AS (
            SELECT t.term, t.kind, t.account_id, t.source,
                   row_number() OVER (PARTITION BY t.term, t.kind ORDER BY t.account_id, t.source) AS r
            FROM terms t SEMI JOIN wanted w ON t.term = w.term AND t.kind = w.kind
            WHERE t.member
        )
        SELECT p.term, p.kind, x.t, list(DISTINCT o.term)
        FROM picked p
        JOIN texts x ON x.account_id = p.account_id AND x.source = p.source
        JOIN terms o ON o.account_id = p.account_id AND o.source = p.source
        WHERE p.r <= $n AND (o.kind <> 'token'
            OR o.term NOT IN (SELECT lower(handle) FROM accounts WHERE handle IS NOT NULL))
        GROUP BY ALL ORDER BY p.term, p.kind
        """,
        {"n": per_term},
    ).fetchall()
    out: dict[tuple[str, str], list[tuple[str, list[str]]]] = {}
    for term, kind, text, held in rows:
        out.setdefault((term, kind), []).append((text, list(held)))
    return out

"""Text signals: throughput of normalise + match + extract, quality figures, and anchors.

Targets: >= 200,000 texts/s on one core for 80-character texts
(normalise + match + extract), recall >= 98% on the adversarial variant suite,
false-hit rate <= 0.05% on 300k common English words + 50k innocent hashtags.
Anchors measured side by side in the same run: a plain NFKC + casefold +
pyahocorasick pipeline, better_profanity, and one big ``re`` alternation.

    python -m benchmarks text                 # 100k texts, 5 repeats
    python -m benchmarks text --texts=20000 --repeat=1

Timings are CPU time of this process (``time.process_time``): on a shared
machine wall-clock time mostly measures the neighbours. Every ``scan_many``
run starts with a cold matcher (no remembered windows; the per-character
tables stay, as in any long run); the set-up objects are
frozen for the garbage collector first, as ``netbrake text scan`` and
``netbrake scan`` do.
"""

from __future__ import annotations

import gc
import random
import re
import statistics
import time
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks.measure import peak_rss_mb, print_table, timed

DEFAULT_TEXTS = 100_000
TEXT_LENGTH = 80
#: The corpus mix (share of texts with each feature; features combine independently).
MIX = {
    "bio (else caption)": 0.40,
    "hashtags (1-3)": 0.50,
    "emoji (1-3)": 0.35,
    "food/travel emoji 🍕 🗺️ (innocent use of the weak codes)": 0.02,
    "@mention": 0.15,
    "number or year": 0.25,
    "link (name.com, a.b/c)": 0.05,
    "price ($12, 5 usd)": 0.02,
    "'!' or '|'": 0.25,
    "indicator planted (synth fragment or adversarial variant)": 0.015,
}
_EMOJI = ["😀", "🎉", "❤️", "🔥", "✨", "😂", "🌍", "🙏", "👀", "💯"]
_TLDS = ["com", "net", "org", "io", "co.uk"]


def corpus(n: int, seed: int = 7) -> list[str]:
    """``n`` bios and captions of about 80 characters, mixed as :data:`MIX` states.

    Mostly benign; 1.5% carry one planted indicator: half the fragments the
    synthetic generator writes into network bios and posts (netbrake.synth),
    half the adversarial variants of the evaluation suite.
    """
    import numpy as np

    from netbrake.policy import Policy
    from netbrake.synth.indicators import IndicatorKind, IndicatorWriter
    from netbrake.text.dictionary import english_words
    from netbrake.text.evaluation import adversarial_cases

    rng = random.Random(seed)
    writer = IndicatorWriter(np.random.default_rng(seed))
    kinds = list(IndicatorKind)
    words = [w for w in english_words(5_000) if w.isalpha()]
    planted = [c.text for c in adversarial_cases(Policy.load())]
    out: list[str] = []
    for _ in range(n):
        bio = rng.random() < MIX["bio (else caption)"]
        parts: list[str] = []
        indicator = ""
        if rng.random() < MIX["indicator planted (synth fragment or adversarial variant)"]:
            if rng.random() < 0.5:
                indicator = writer.fragment(rng.choice(kinds)).text
            else:
                indicator = rng.choice(planted)
        if rng.random() < MIX["@mention"]:
            parts.append(
                "@" + rng.choice(words) + rng.choice(["", "_", "."]) + str(rng.randint(1, 99))
            )
        if rng.random() < MIX["number or year"]:
            parts.append(str(rng.choice([rng.randint(1, 99), rng.randint(1990, 2026)])))
        if rng.random() < MIX["link (name.com, a.b/c)"]:
            parts.append(f"{rng.choice(words)}.{rng.choice(_TLDS)}/{rng.choice(words)}")
        if rng.random() < MIX["price ($12, 5 usd)"]:
            parts.append(rng.choice([f"${rng.randint(5, 99)}", f"{rng.randint(5, 99)} usd"]))
        if rng.random() < MIX["emoji (1-3)"]:
            parts += rng.choices(_EMOJI, k=rng.randint(1, 3))
        if rng.random() < MIX["food/travel emoji 🍕 🗺️ (innocent use of the weak codes)"]:
            parts.append(rng.choice(["🍕", "🗺️"]))
        if rng.random() < MIX["hashtags (1-3)"]:
            parts += [
                "#" + rng.choice(words) + rng.choice(["", rng.choice(words)])
                for _ in range(rng.randint(1, 3))
            ]
        mark = rng.random() < MIX["'!' or '|'"]
        text: list[str] = []
        while sum(len(p) + 1 for p in text) < TEXT_LENGTH - sum(len(p) + 1 for p in parts):
            text.append(rng.choice(words))
            if mark and rng.random() < 0.15:
                text.append(" | " if bio else "!")
        body = text + parts
        rng.shuffle(body)
        benign = " ".join(body)
        if indicator:
            room = benign[: max(0, TEXT_LENGTH - len(indicator) - 1)].split(" ")
            room.insert(rng.randint(0, len(room)), indicator)
            benign = " ".join(room)
        out.append(benign[: max(TEXT_LENGTH, len(indicator))])
    return out


def _cpu_timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median CPU seconds of ``fn`` over ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        runs.append(time.process_time() - start)
    return statistics.median(runs)


def _rate(label: str, fn: Callable[[], Any], count: int, repeat: int) -> list[Any]:
    median = _cpu_timed(fn, repeat)
    return [label, count, median, count / median, 1e6 * median / count]


def main(argv: Sequence[str] | None = None) -> None:
    args = dict(a.lstrip("-").split("=", 1) for a in (argv or []) if "=" in a)
    n = int(args.get("texts", DEFAULT_TEXTS))
    repeat = int(args.get("repeat", 5))

    import ahocorasick

    from netbrake.policy import Kind, Policy
    from netbrake.text import Matcher
    from netbrake.text.evaluation import (
        adversarial_cases,
        common_words,
        innocent_hashtags,
        measure,
        naughty_strings,
    )

    policy = Policy.load()
    build = timed("build matcher", lambda: Matcher.from_policy(policy), 1)
    matcher: Matcher = build.result
    texts = corpus(n)
    queries = [t[:20] for t in texts[: min(n, 50_000)]]
    terms = [e.term.lower() for e in policy.entries() if e.kind is not Kind.EMOJI_CODE]

    auto = ahocorasick.Automaton()
    for term in terms:
        auto.add_word(term, term)
    auto.make_automaton()

    def plain_pipeline() -> int:
        found = 0
        for t in texts:
            s = unicodedata.normalize("NFKC", t).casefold()
            for _ in auto.iter(s):
                found += 1
        return found

    variants = sorted(
        {c.text.lower() for c in adversarial_cases(policy)} | set(terms), key=len, reverse=True
    )
    alternation = re.compile("|".join(re.escape(v) for v in variants), re.IGNORECASE)
    sample_re = texts[:5_000]

    from better_profanity import profanity  # type: ignore[import-untyped]

    profanity.load_censor_words(terms)
    sample_bp = texts[:300]

    def cold(fn: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            matcher.clear_cache()
            return fn()

        return run

    gc.freeze()
    rows = [
        _rate(
            "netbrake scan_many (normalise+match+extract)",
            cold(lambda: matcher.scan_many(texts)),
            n,
            repeat,
        ),
        _rate(
            "netbrake scan, one call per text",
            cold(lambda: [matcher.scan(t) for t in texts]),
            n,
            repeat,
        ),
        _rate(
            "netbrake matches, 20-char guard queries",
            cold(lambda: [matcher.matches(q) for q in queries]),
            len(queries),
            repeat,
        ),
        _rate("anchor: NFKC+casefold+pyahocorasick", plain_pipeline, n, repeat),
        _rate(
            "anchor: one big re alternation",
            lambda: [alternation.search(t) for t in sample_re],
            len(sample_re),
            1,
        ),
        _rate(
            "anchor: better_profanity",
            lambda: [profanity.contains_profanity(t) for t in sample_bp],
            len(sample_bp),
            1,
        ),
    ]
    print_table(
        f"text throughput, {TEXT_LENGTH}-char texts, one core (matcher build {build.median:.2f} s)",
        ["pipeline", "texts", "median CPU s", "texts/s", "us/text"],
        rows,
    )

    cases = adversarial_cases(policy)
    words, tags, naughty = common_words(policy), innocent_hashtags(policy), naughty_strings()
    figures = measure(matcher.scan_many, cases, words + tags + naughty)
    per_set = [
        [name, len(items), sum(1 for s in matcher.scan_many(items) if s.hits)]
        for name, items in (
            ("common English words", words),
            ("innocent hashtags", tags),
            ("naughty strings", naughty),
        )
    ]
    print_table(
        "corpus mix (share of texts)",
        ["feature", "share"],
        [[name, f"{share:.1%}"] for name, share in MIX.items()],
    )
    print_table(
        "quality (targets: recall >= 0.98, false-hit rate <= 0.0005)",
        ["measure", "count", "value"],
        [
            ["recall on variant cases", figures.variant_cases, f"{figures.recall:.4%}"],
            [
                "false-hit rate on innocent texts",
                figures.innocent_texts,
                f"{figures.false_hit_rate:.4%}",
            ],
            *[[f"  false hits: {name}", count, hit] for name, count, hit in per_set],
        ],
    )
    if figures.false_hits:
        print("false hits:", ", ".join(repr(t) for t in figures.false_hits[:10]))
    if figures.misses:
        print("misses:", ", ".join(f"{c.variant}:{c.text!r}" for c in figures.misses[:10]))
    print(f"peak memory {peak_rss_mb():.0f} MiB")

"""Every piece of text a scenario writes: innocent phrases, confounders and indicator tokens.

Data rules: scenario text is either an innocent phrase from the tables below
or an indicator token of the policy's lexicon (written by synth's
:class:`~netbrake.synth.indicators.IndicatorWriter`, which draws the
lexicon's hashtags, emoji codes, seller words, age claims, payment words,
menus and links, with their disguises), a handle or a link. There is no
descriptive text; ``tests/scenarios`` checks it by removing the phrases of
these tables and the spans the lexicon and extractors recognise, and
finding nothing left.

The confounders are those measured on real platforms: ordinary users
who write the weak indicators innocently, niche hashtags that members and
ordinary users share, and tight communities with look-alike vocabulary.
"""

from __future__ import annotations

from netbrake.synth import FIRST_NAMES

#: Bios of ordinary accounts (None: no bio) and their captions and hashtags.
BENIGN_BIOS = (
    "coffee first",
    "dog person",
    "amateur runner",
    "teacher | dad",
    "plants and books",
    "weekend hiker",
    "coder by day",
    "music nerd",
    "film photos",
    "gardener",
    "cyclist",
    "proud aunt",
    "nurse | night shift",
    "retired and loving it",
)
BENIGN_CAPTIONS = (
    "good morning",
    "new post",
    "weekend mood",
    "sunset walk",
    "made soup",
    "long week",
    "finally friday",
    "trying something new",
    "garden update",
    "concert last night",
    "rainy day",
    "new shoes",
)
BENIGN_TAGS = ("coffee", "running", "garden", "photography", "music", "hiking", "dogs", "cycling")
#: Innocent niche hashtags that members and ordinary accounts both use.
NICHE_TAGS = ("nba", "embroidery")
NICHE_CAPTIONS = ("what a game", "new hoop finished", "playoff mood", "stitch by stitch")

#: Ordinary posts with weak indicators used innocently: emoji codes, common seller
#: words, menus, chapter numbers ("pizza friday", "road trip", "book seller").
WEAK_INNOCENT = (
    "pizza friday 🍕",
    "road trip 🗺️",
    "book seller",
    "chess mate in 3",
    "pediatrics clinic",
    "on chapter 14 of my thesis",
    "new lunch menu",
    "faceless channel ideas",
    "venmo me for the pizza 🍕",
    "map of the trail 🗺️",
    "top seller this week",
    "selling my old bike",
)
#: The flood scenario's weak-only lines (emoji codes alone).
FLOOD_LINES = ("pizza night 🍕", "🍕", "🗺️", "next stop 🗺️", "🍕🍕", "weekend trip 🗺️")

#: Tight benign communities whose vocabulary looks like the lexicon.
LOOKALIKES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # name: (bios, captions, hashtags)
    "pediatrics": (
        ("pediatrics clinic", "pediatric nurse", "kids health team"),
        ("on chapter 14 of my thesis", "clinic open saturday", "flu shots today"),
        ("pediatrics", "nursing"),
    ),
    "chess": (
        ("chess club", "chess mate in 3", "blitz player"),
        ("mate in 3", "chess mate puzzle", "club night"),
        ("chess", "checkmate"),
    ),
    "maps": (
        ("map collector 🗺️", "old maps 🗺️", "cartography fan"),
        ("new map 🗺️", "price list for the fair", "map of 1820 🗺️"),
        ("maps", "cartography"),
    ),
    "books": (
        ("book seller", "used book seller", "rare books"),
        ("price list for the fair", "new stock in", "book seller of the year"),
        ("books", "rarebooks"),
    ),
}

#: Advocates and researchers who say so (protective wording) ...
WATCHDOG_BIOS = (
    "child safety advocate | reporting abuse",
    "researcher, online child protection",
    "trust & safety researcher",
)
#: ... and the half who do not (half of watchdogs have no protective bio).
REPORT_TEXTS = ("child safety concern", "please review")

#: How a primary names its backup in its bio (F6).
BACKUP_PHRASES = ("backup @{h}", "new acc @{h}")
BACKUP_SUFFIXES = ("_bkp{k}", "_backup{k}", ".new{k}")
#: Contact instructions for the scarce-text seller bios.
CONTACT = ("dm me", "kik me", "telegram me", "dm to buy")
#: Generic hashtags aggregators add to their reposts.
REPOST_TAGS = ("repost", "explore", "viral")
#: Off-platform trading sites of the lexicon (synthetic .example names).
TRADE_DOMAINS = ("tradeportal.example", "megalink-share.example")
#: Handle parts (synth's made-up first names): handles are never taken from a real graph.
HANDLE_WORDS = FIRST_NAMES


def static_phrases() -> tuple[str, ...]:
    """Every innocent phrase above, longest first (the no-descriptive-text test removes them)."""
    phrases: set[str] = {
        *BENIGN_BIOS,
        *BENIGN_CAPTIONS,
        *NICHE_CAPTIONS,
        *WEAK_INNOCENT,
        *FLOOD_LINES,
        *WATCHDOG_BIOS,
        *REPORT_TEXTS,
        *CONTACT,
        *(p.split(" @")[0] for p in BACKUP_PHRASES),
    }
    for bios, captions, _ in LOOKALIKES.values():
        phrases.update(bios)
        phrases.update(captions)
    return tuple(sorted(phrases, key=lambda s: (-len(s), s)))


def static_hashtags() -> frozenset[str]:
    """Every innocent hashtag above."""
    tags = {*BENIGN_TAGS, *NICHE_TAGS, *REPOST_TAGS}
    for _, _, hashtags in LOOKALIKES.values():
        tags.update(hashtags)
    return frozenset(tags)

"""The planted network: new accounts by role, their contacts and what they write.

Structure follows the roles of docs/failures.md: each buyer
follows 5-10 sellers and likes and comments on their posts, aggregators
repost sellers (mentions), traders link off-platform and message buyers, a
couple of backups are followed by their primary's followers and named in
its bio (F6). Every member also follows a few popular backdrop accounts
(camouflage). What members write depends on the scenario (`SellerText`,
``member_text``); indicator tokens come from synth's writer, which draws the
policy lexicon's vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from netbrake.scenarios.draft import ACTIVITY_FROM, ACTIVITY_TO, Draft
from netbrake.scenarios.spec import PlantSize, ScenarioSpec, SellerText
from netbrake.scenarios.vocabulary import (
    BACKUP_PHRASES,
    BACKUP_SUFFIXES,
    CONTACT,
    NICHE_CAPTIONS,
    NICHE_TAGS,
    REPOST_TAGS,
    TRADE_DOMAINS,
)
from netbrake.synth import DISGUISES, WORD_DISGUISES, IndicatorKind, IndicatorWriter

IntArray = npt.NDArray[np.int64]
NETWORK_ID = 1


@dataclass(frozen=True)
class Members:
    """Positions of the planted network's accounts by role; ``primaries[i]`` owns ``backups[i]``."""

    sellers: IntArray
    buyers: IntArray
    aggregators: IntArray
    traders: IntArray
    backups: IntArray
    primaries: IntArray

    @property
    def all(self) -> IntArray:
        return np.concatenate(
            [self.sellers, self.buyers, self.aggregators, self.traders, self.backups]
        )


def add_members(draft: Draft, size: PlantSize) -> Members:
    """The network's accounts, created in the draft (no edges or text yet)."""

    def add(count: int, role: str) -> IntArray:
        return draft.add_accounts(count, role, "planted", NETWORK_ID)

    sellers = add(size.sellers, "seller")
    buyers = add(size.buyers, "buyer")
    aggregators = add(size.aggregators, "aggregator")
    traders = add(size.traders, "trader")
    backups = add(size.backups, "backup")
    primaries = draft.rng.choice(sellers, size=backups.shape[0], replace=False)
    for backup, primary in zip(backups.tolist(), primaries.tolist(), strict=True):
        draft.person[backup] = draft.person[primary]
        suffix = BACKUP_SUFFIXES[int(draft.rng.integers(len(BACKUP_SUFFIXES)))]
        draft.handle[backup] = draft.handle[primary] + suffix.format(
            k=int(draft.rng.integers(2, 10))
        )
        # Backups are new: made during the activity window, after the primary.
        draft.created[backup] = int(draft.rng.integers(ACTIVITY_FROM, ACTIVITY_TO))
    return Members(sellers, buyers, aggregators, traders, backups, primaries.astype(np.int64))


def _pairs(
    rng: np.random.Generator, src: IntArray, dst: IntArray, p: float
) -> tuple[IntArray, IntArray]:
    """Each (src, dst) pair independently with probability ``p``."""
    if src.size == 0 or dst.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    rows, cols = np.nonzero(rng.random((src.shape[0], dst.shape[0])) < p)
    return src[rows], dst[cols]


def network_edges(draft: Draft, m: Members) -> None:
    """The contacts among members."""
    rng = draft.rng
    counts = np.minimum(m.sellers.shape[0], rng.integers(5, 11, size=m.buyers.shape[0]))
    rank = np.argsort(rng.random((m.buyers.shape[0], m.sellers.shape[0])), axis=1)
    rows, cols = np.nonzero(np.arange(m.sellers.shape[0])[None, :] < counts[:, None])
    b_src, b_dst = m.buyers[rows], m.sellers[rank[rows, cols]]
    draft.add_edges(b_src, b_dst, "follow")
    for kind, p in (("like", 0.6), ("comment", 0.25), ("view", 0.3), ("message", 0.05)):
        keep = rng.random(b_src.shape[0]) < p
        draft.add_edges(b_src[keep], b_dst[keep], kind)
    draft.add_edges(*_pairs(rng, m.buyers, m.aggregators, 0.4), "follow")
    t_src, t_dst = _pairs(rng, m.buyers, m.traders, 0.3)
    draft.add_edges(t_src, t_dst, "follow")
    ns = max(m.sellers.shape[0], 1)
    draft.add_edges(*_pairs(rng, m.sellers, m.sellers, min(1.0, 3 / ns)), "follow")
    draft.add_edges(*_pairs(rng, m.sellers, m.buyers, 0.03), "follow")
    draft.add_edges(*_pairs(rng, m.aggregators, m.sellers, 0.6), "mention")
    draft.add_edges(*_pairs(rng, m.aggregators, m.sellers, 0.8), "follow")
    draft.add_edges(*_pairs(rng, m.sellers, m.aggregators, 0.3), "follow")
    draft.add_edges(*_pairs(rng, m.traders, m.buyers, 0.1), "message")
    draft.add_edges(*_pairs(rng, m.traders, m.sellers, 0.3), "follow")
    f_src, f_dst = np.concatenate([b_src, t_src]), np.concatenate([b_dst, t_dst])
    for backup, primary in zip(m.backups.tolist(), m.primaries.tolist(), strict=True):
        followers = f_src[f_dst == primary]
        keep = followers[rng.random(followers.shape[0]) < 0.7]
        draft.add_edges(keep, np.full(keep.shape[0], backup), "follow")
        draft.add_edges([backup], [primary], "follow")


def camouflage(
    draft: Draft, m: Members, backdrop: IntArray, degree: npt.NDArray[np.float64]
) -> None:
    """Members follow and like 2-5 popular backdrop accounts (chosen by degree)."""
    rng = draft.rng
    members = m.all
    counts = rng.integers(2, 6, size=members.shape[0])
    src = np.repeat(members, counts)
    p = degree / degree.sum()
    dst = backdrop[rng.choice(backdrop.shape[0], size=src.shape[0], p=p)]
    draft.add_edges(src, dst, "follow")
    liked = rng.random(src.shape[0]) < 0.3
    draft.add_edges(src[liked], dst[liked], "like")
    draft.tag(np.unique(dst), "camouflage_target")


def _strong_text(writer: IndicatorWriter, minor: bool) -> str:
    return " ".join(f.text for f in writer.strong(minor=minor))


def combined_bio(draft: Draft, writer: IndicatorWriter) -> str:
    """The scarce-text seller bio: a disguised seller term, a coded emoji, an age claim
    and a contact instruction, nothing else."""
    rng = draft.rng
    disguise = WORD_DISGUISES[1 + int(rng.integers(len(WORD_DISGUISES) - 1))]
    seller = DISGUISES[disguise]("seller", rng)
    emoji = writer.fragment(IndicatorKind.EMOJI).text
    age = writer.fragment(IndicatorKind.AGE_CLAIM, minor=True).text
    contact = CONTACT[int(rng.integers(len(CONTACT)))]
    return f"{seller} {emoji} {age} {contact}"


def member_text(draft: Draft, m: Members, spec: ScenarioSpec, size: PlantSize) -> None:
    """Bios and posts of the members, as ``spec`` says; members without text still post
    (captionless posts), so that likes and comments have something to land on."""
    rng = draft.rng
    writer = IndicatorWriter(rng)
    sellers = m.sellers.tolist()
    order = rng.permutation(len(sellers)).tolist()
    writing: set[int] = set()
    if spec.seller_text is SellerText.STRONG:
        writing = set(sellers)
    elif spec.seller_text is SellerText.FEW:
        writing = {sellers[k] for k in order[: size.few_sellers]}
    for i in sellers:
        minor = bool(rng.random() < 0.4)
        if i in writing:
            draft.bio[i] = _strong_text(writer, minor)
        for _ in range(int(rng.integers(2, 6))):
            text = None
            if i in writing:
                frags = (
                    writer.strong(minor=minor) if rng.random() < 0.5 else writer.weak(minor=minor)
                )
                text = " ".join(f.text for f in frags)
            draft.add_post(i, text)
    if spec.seller_text is SellerText.COMBINED:
        carriers = [sellers[k] for k in order[: max(1, round(len(sellers) / 10))]]
        for i in carriers:
            draft.bio[i] = combined_bio(draft, writer)
        draft.tag(carriers, "combined_bio")
    _others(draft, m, writer, spec.member_text)


def _others(draft: Draft, m: Members, writer: IndicatorWriter, text: bool) -> None:
    rng = draft.rng
    handles = [draft.handle[s] for s in m.sellers.tolist()]
    for i in m.aggregators.tolist():
        for _ in range(int(rng.integers(4, 9))):
            if not text:
                draft.add_post(i, None)
                continue
            tags = [writer.fragment(IndicatorKind.HASHTAG).text for _ in range(2)]
            tags += ["#" + t for t in rng.choice(REPOST_TAGS, size=2, replace=False).tolist()]
            k = min(len(handles), int(rng.integers(3, 9)))
            mentions = ["@" + h for h in rng.choice(handles, size=k, replace=False).tolist()]
            draft.add_post(i, " ".join(tags + mentions))
    for i in m.traders.tolist():
        if text:
            domain = TRADE_DOMAINS[int(rng.integers(len(TRADE_DOMAINS)))]
            draft.url[i] = f"https://{domain}/r/{int(rng.integers(10**6)):06d}"
        for _ in range(int(rng.integers(1, 4))):
            draft.add_post(i, writer.fragment(IndicatorKind.LINK).text if text else None)
    for i in m.buyers.tolist():
        if text and rng.random() < 0.3:
            draft.bio[i] = " ".join(f.text for f in writer.weak(minor=False))
        if text and rng.random() < 0.2:
            tag = NICHE_TAGS[int(rng.integers(len(NICHE_TAGS)))]
            caption = NICHE_CAPTIONS[int(rng.integers(len(NICHE_CAPTIONS)))]
            draft.add_post(i, f"{caption} #{tag}")
            draft.tag([i], "niche_tag")
        elif rng.random() < 0.3:
            draft.add_post(i, None)
    for backup, primary in zip(m.backups.tolist(), m.primaries.tolist(), strict=True):
        draft.add_post(backup, None)
        if text:
            phrase = BACKUP_PHRASES[int(rng.integers(len(BACKUP_PHRASES)))]
            named = phrase.format(h=draft.handle[backup])
            draft.bio[primary] = f"{draft.bio[primary]} | {named}" if draft.bio[primary] else named


def identifiers(draft: Draft) -> None:
    """A device and an e-mail per person (backups share their primary's: F6)."""
    for i in range(draft.n):
        p = draft.person[i]
        draft.identifiers.append((i, "device", f"device-{p * 7_919 + 1_000_003:012d}"))
        draft.identifiers.append((i, "email", f"user{p}@mail.example"))

"""Lexicon lint: entries likely to flag innocent text (``netbrake policy lint``).

Rules: a term that normalises to a common English word, a term
under 4 letters without whole-token mode, and a term the matcher actually
hits inside innocent words of wordfreq's English list. A term that occurs
inside many common words is reported for information: it relies on anchoring.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from netbrake.policy import Kind, MatchMode, Policy
from netbrake.text.dictionary import english_words, folded
from netbrake.text.matcher import Matcher

#: How many common words count as "common English" for the first rule.
COMMON_WORDS = 50_000
#: How many words the matcher is run over for the innocent-hit rule.
INNOCENT_WORDS = 300_000


@dataclass(frozen=True)
class LintFinding:
    """One problem with one entry; ``level`` is "error", "warning" or "info"."""

    entry_id: str
    level: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {
            "entry_id": self.entry_id,
            "level": self.level,
            "code": self.code,
            "message": self.message,
        }


def lint_policy(policy: Policy, matcher: Matcher | None = None) -> list[LintFinding]:
    """Findings for every live or shadow text entry of ``policy``."""
    matcher = matcher or Matcher.from_policy(policy)
    common = {folded(w) for w in english_words(COMMON_WORDS)}
    words = english_words(INNOCENT_WORDS)
    entries = [e for e in policy.entries() if e.kind is not Kind.EMOJI_CODE]
    forms = {e.id: folded(e.term) for e in entries}
    findings: list[LintFinding] = []
    for entry in entries:
        form = forms[entry.id]
        whole = entry.match is MatchMode.WHOLE_TOKEN
        if form in common and entry.kind is not Kind.PHRASE:
            findings.append(
                LintFinding(
                    entry.id,
                    "warning" if whole else "error",
                    "common-word",
                    f"'{entry.term}' normalises to the common English word '{form}'"
                    + ("" if whole else '; use match = "whole_token"'),
                )
            )
        if len(form) < 4 and not whole:
            findings.append(
                LintFinding(
                    entry.id,
                    "error",
                    "too-short",
                    f"'{entry.term}' normalises to {len(form)} letters; use match = \"whole_token\"",
                )
            )
    innocent_hits: dict[str, list[str]] = defaultdict(list)
    inside: dict[str, int] = defaultdict(int)
    # Words with a dot are links and abbreviations ("paypal.me"), not innocent words.
    words = tuple(w for w in words if "." not in w)
    for word, scan in zip(words, matcher.scan_many(list(words)), strict=True):
        word_form = folded(word)
        for hit in scan.hits:
            own = forms.get(hit.entry_id)
            if own is not None and word_form not in (own, own + "s", own + "es"):
                innocent_hits[hit.entry_id].append(word)
        for entry_id, form in forms.items():
            if len(form) >= 3 and form in word_form and form != word_form:
                inside[entry_id] += 1
    for entry_id, hits in innocent_hits.items():
        examples = ", ".join(hits[:5])
        findings.append(
            LintFinding(
                entry_id,
                "error",
                "innocent-words",
                f"hits {len(hits)} innocent English words, e.g. {examples}; add them to allow",
            )
        )
    for entry_id, count in inside.items():
        if count:
            findings.append(
                LintFinding(
                    entry_id,
                    "info",
                    "inside-words",
                    f"occurs inside {count} common English words; anchoring keeps them innocent",
                )
            )
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: (order[f.level], f.entry_id, f.code))

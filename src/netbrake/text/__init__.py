"""Text signals: evasion-robust lexicon matching and extractors (F3-F5)."""

from netbrake.text.extract import (
    REVERSE_ARROWS,
    extract_age_claims,
    extract_all,
    extract_handle_mentions,
    extract_menu,
    extract_payments,
    extract_urls,
    normalise_domain,
)
from netbrake.text.lint import lint_policy
from netbrake.text.matcher import Matcher, default_matcher
from netbrake.text.scan import (
    AgeClaim,
    Extracted,
    HandleMention,
    Hit,
    Menu,
    PaymentMention,
    TextScan,
    UrlMention,
)
from netbrake.text.views import MAX_CHARS

__all__ = [
    "MAX_CHARS",
    "REVERSE_ARROWS",
    "AgeClaim",
    "Extracted",
    "HandleMention",
    "Hit",
    "Matcher",
    "Menu",
    "PaymentMention",
    "TextScan",
    "UrlMention",
    "default_matcher",
    "extract_age_claims",
    "extract_all",
    "extract_handle_mentions",
    "extract_menu",
    "extract_payments",
    "extract_urls",
    "lint_policy",
    "normalise_domain",
]

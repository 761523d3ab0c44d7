"""`render_page`: an audit HTML page from its Jinja2 template, autoescaped.

Shared by the probe audit's ``--html`` page and the impression audit's
``audit.html`` (F1, F9): the same filters, every value escaped, markup passed
through only as ``Markup`` the caller built with every label escaped.
"""

from __future__ import annotations

from typing import Any

import jinja2

from netbrake import __version__


def render_page(template: str, **context: Any) -> str:
    """``template`` rendered with ``context`` and ``version``; filters ``pct`` and ``num``."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["pct"] = lambda v: f"{v:.2%}"
    env.filters["num"] = lambda v: f"{v:,}"
    return env.from_string(template).render(version=__version__, **context)

"""The package's public surface is what ``__all__`` says, sorted and importable."""

from __future__ import annotations

import netbrake.media as media


def _isort_key(name: str) -> tuple[int, str]:
    # constants, then classes, then functions (ruff RUF022's "isort-style" order)
    kind = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return kind, name


def test_all_is_sorted_and_exported() -> None:
    assert media.__all__ == sorted(media.__all__, key=_isort_key)
    assert [n for n in media.__all__ if not hasattr(media, n)] == []


def test_no_stray_public_names() -> None:
    public = {n for n in dir(media) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(media, n)).__name__ == "module"}
    assert public - modules == set(media.__all__)

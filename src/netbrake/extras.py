"""Optional extras (``pip install 'netbrake[NAME]'``), imported only by the feature that uses them.

A core install (``pip install netbrake``) runs every command that needs no
extra. A feature that does need one imports it through :func:`require`, at the
moment it is used, so that a missing extra stops that feature alone with one
line naming the extra, never with a ``ModuleNotFoundError`` traceback on start-up.
The extras themselves are declared in ``pyproject.toml``
(``[project.optional-dependencies]``).
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from netbrake.errors import InputError


class MissingExtra(InputError):
    """A feature was used whose optional extra is not installed (exit code 2)."""

    def __init__(self, feature: str, extra: str, module: str):
        self.feature = feature
        self.extra = extra
        self.module = module
        super().__init__(f"{feature}: needs the '{extra}' extra: pip install 'netbrake[{extra}]'")


def available(module: str) -> bool:
    """Whether ``module`` can be imported (an extra's module is installed)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a parent package is missing, or blocked in sys.modules
        return False


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import ``module`` from optional ``extra`` for ``feature``, or raise :class:`MissingExtra`.

    A module that is installed but cannot load (a compiled library missing on
    the machine) is an :class:`InputError` naming the extra and the reason.
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        raise MissingExtra(feature, extra, module) from exc
    except ImportError as exc:
        raise InputError(
            f"{feature}: the '{extra}' extra is installed but {module} cannot be imported: {exc}"
        ) from exc

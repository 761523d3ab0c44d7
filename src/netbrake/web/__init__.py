"""The reviewer console, mounted in the service by ``netbrake.api.create_app``."""

from netbrake.web.console import mount, router

__all__ = ["mount", "router"]

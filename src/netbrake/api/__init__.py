"""The HTTP service: ``create_app(ApiConfig(...))`` -> FastAPI.

Routers are listed in :data:`netbrake.api.app.ROUTERS`; API-key routes depend
on :func:`require_scope` ("guard", "review" or "admin"). Routes reach the
store and the report writer through :func:`context`.
"""

from netbrake.api.app import ROUTERS, create_app
from netbrake.api.auth import require_scope
from netbrake.api.config import ApiConfig, Limits
from netbrake.api.context import AppContext, context

__all__ = ["ROUTERS", "ApiConfig", "AppContext", "Limits", "context", "create_app", "require_scope"]

"""The clinic staff area: sign-in, the triage queue, submissions, the dashboard,
exports, accounts and the audit log. Every page is behind one guard (blueprint.py)."""

# Each module adds its pages to the blueprint when imported.
from . import account_views  # noqa: F401
from . import admin_views  # noqa: F401
from . import dashboard_views  # noqa: F401
from . import export_views  # noqa: F401
from . import login  # noqa: F401
from . import queue_views  # noqa: F401
from . import submission_views  # noqa: F401
from .blueprint import admin_bp
from .blueprint import bp

bp.register_blueprint(admin_bp)

__all__ = ["bp"]

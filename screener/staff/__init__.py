"""The clinic staff area: sign-in, the triage queue, submissions, the dashboard,
exports, accounts and the audit log. Every page is behind one guard (blueprint.py).

The pages are in `views/`; what they do is here: signing in and sessions (`auth`),
passwords, one-time codes (`totp`), staff accounts (`accounts`) and the dashboard's
figures (`dashboard`). What staff do to submissions lives in `screener.submissions`.
"""

from . import views  # noqa: F401  (each module adds its pages to the blueprint)
from .blueprint import admin_bp
from .blueprint import bp

bp.register_blueprint(admin_bp)

__all__ = ["bp"]

"""count-dashboard: running counts for indicators new or changed in questions.yaml."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..db import get_session
from ..submissions import dashboard_recount
from ..web.extensions import current_questionnaire as questionnaire


@click.command("count-dashboard")
@with_appcontext
def count_dashboard_command() -> None:
    """After publishing a questions.yaml whose dashboard indicators are new or have a
    changed condition, count them over the stored submissions, so the dashboard stays
    fast. Safe to run at any time, also while patients send answers (it works a few
    weeks at a time); the dashboard's figures are right without it, only slower."""
    done = dashboard_recount.count_new(get_session(), questionnaire())
    click.echo(
        f"Counted {done.counted} new indicator{'s' if done.counted != 1 else ''} over "
        f"{done.submissions} submissions; forgot {done.forgotten} no longer listed."
    )

"""The dashboard: weekly arrivals, red flags, regions and each section's symptoms."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from flask import render_template
from flask import request

from ...db import get_session
from ...db.clock import utc_now
from ...web.extensions import current_questionnaire as questionnaire
from .. import dashboard
from ..blueprint import bp
from ..forms import LEVEL_LABELS


def _date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.get("/dashboard", endpoint="dashboard")
def dashboard_page() -> str:
    since, until = dashboard.window(
        _date("since"),
        _date("until"),
        today=utc_now().date(),
        default_weeks=current_app.config["DASHBOARD_WEEKS"],
    )
    figures = dashboard.build(get_session(), questionnaire(), since, until)
    return render_template(
        "staff/dashboard.html",
        figures=figures,
        chart_data=chart_data(figures),
    )


def chart_data(figures: dashboard.Dashboard) -> dict[str, object]:
    """What the charts draw; the tables on the page show the same numbers."""
    weeks = [week.starts.isoformat() for week in figures.weeks]
    return {
        "weekly": {
            "labels": weeks,
            "values": [week.submissions for week in figures.weeks],
        },
        "flags": {
            "labels": weeks,
            "series": [
                {
                    "name": LEVEL_LABELS[level],
                    "level": level,
                    "values": [w.flags[level] for w in figures.weeks],
                }
                for level in dashboard.FLAG_LEVELS
            ],
        },
        "regions": {
            "labels": [s.label for s in figures.regions],
            "values": [s.percent for s in figures.regions],
        },
        "sections": [
            {
                "title": title,
                "labels": [s.label for s in shares],
                "values": [s.percent for s in shares],
            }
            for title, shares in figures.sections
        ],
    }

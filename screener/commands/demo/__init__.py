"""seed-demo: made-up submissions for demonstrations and benchmarks."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from ...db import get_session
from ...web.extensions import current_questionnaire as questionnaire
from .bulk import seed as seed_demo


@click.command("seed-demo")
@click.option(
    "--count", type=click.IntRange(min=1), required=True, help="How many submissions."
)
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=730,
    show_default=True,
    help="Spread them over this many days back.",
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Random seed, for repeatable data.",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def seed_demo_command(count: int, days: int, seed: int, yes: bool) -> None:
    """Add made-up submissions that follow questions.yaml. Never on real data."""
    if not yes:
        database = make_url(current_app.config["DATABASE_URL"])
        where = database.render_as_string(hide_password=True)
        click.confirm(f"Add {count} made-up submissions to {where}?", abort=True)
    started = time.perf_counter()
    made = seed_demo(get_session(), questionnaire(), count, days, seed)
    seconds = time.perf_counter() - started
    click.echo(
        f"Added {made} submissions in {seconds:.1f} s ({made / seconds:,.0f} a second)."
    )

"""create-staff, set-password, deactivate-staff and list-staff."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import get_session
from ..db.models import ROLES
from ..staff import accounts as staff_accounts
from ..staff.passwords import hasher_for


def read_password() -> str:
    """Ask twice at a terminal; otherwise read two lines from standard input."""
    if sys.stdin.isatty():
        password: str = click.prompt(
            "Password", hide_input=True, confirmation_prompt="Password again"
        )
        return password
    first, second = (
        sys.stdin.readline().rstrip("\r\n"),
        sys.stdin.readline().rstrip("\r\n"),
    )
    if first != second:
        raise click.ClickException("The two passwords are different.")
    return first


def _fail(error: staff_accounts.StaffError) -> click.ClickException:
    return click.ClickException(str(error))


@click.command("create-staff")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="reviewer", show_default=True)
@with_appcontext
def create_staff_command(username: str, role: str) -> None:
    """Create a staff account; the password is asked for twice."""
    db = get_session()
    try:
        staff = staff_accounts.create(
            db, hasher_for(current_app), username, read_password(), role, "cli"
        )
    except staff_accounts.StaffError as error:
        raise _fail(error) from error
    db.commit()
    click.echo(f"Created {staff.role} {staff.username!r}.")


@click.command("set-password")
@click.argument("username")
@with_appcontext
def set_password_command(username: str) -> None:
    """Set a new password; this also unlocks the account and signs it out everywhere."""
    db = get_session()
    try:
        staff = staff_accounts.get(db, username)
        staff_accounts.set_password(
            db, hasher_for(current_app), staff, read_password(), "cli"
        )
    except staff_accounts.StaffError as error:
        raise _fail(error) from error
    db.commit()
    click.echo(f"Password changed for {staff.username!r}.")


@click.command("deactivate-staff")
@click.argument("username")
@with_appcontext
def deactivate_staff_command(username: str) -> None:
    """Deactivate an account and end its sessions at once."""
    db = get_session()
    try:
        staff = staff_accounts.get(db, username)
    except staff_accounts.StaffError as error:
        raise _fail(error) from error
    staff_accounts.deactivate(db, staff, "cli")
    db.commit()
    click.echo(f"Deactivated {staff.username!r}.")


@click.command("list-staff")
@with_appcontext
def list_staff_command() -> None:
    """List staff accounts."""
    for staff in staff_accounts.all_staff(get_session()):
        state = "active" if staff.active else "deactivated"
        factor = "authenticator" if staff.has_two_factor else "password only"
        click.echo(f"{staff.username}\t{staff.role}\t{state}\t{factor}")

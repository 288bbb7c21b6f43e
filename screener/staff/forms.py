"""Forms for the staff pages. CSRF is checked for every POST by CSRFProtect."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms import PasswordField
from wtforms import RadioField
from wtforms import SelectChoice
from wtforms import SelectField
from wtforms import StringField
from wtforms import TextAreaField
from wtforms.validators import DataRequired
from wtforms.validators import EqualTo
from wtforms.validators import Length
from wtforms.validators import Optional
from wtforms.validators import Regexp

from ..db.models import PRIORITY
from ..db.models import ROLES
from ..db.models import STATUSES
from ..languages.text import lazy_gettext
from ..questionnaire.levels import LABELS
from ..submissions.queue import QueueFilters
from ..triage.distribution import PATTERNS


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class FilterForm(FlaskForm):
    """Filters read from the query string (or an export's form).

    Every value is stripped, so `level=%20` means "any", like an empty one; a value
    that does not validate is shown with its error and left out by `value`, while the
    valid ones still apply.
    """

    class Meta:
        # A GET changes nothing; the export's POST is checked by CSRFProtect.
        csrf = False

        def bind_field(
            self, form: Any, unbound_field: Any, options: dict[str, Any]
        ) -> Any:
            filters = [_strip, *unbound_field.kwargs.get("filters", ())]
            return unbound_field.bind(form=form, **{**options, "filters": filters})

    def value(self, field: Any) -> Any:
        """The field's value, or None when it is empty or did not validate."""
        return None if field.errors or not field.data else field.data


def options(labels: Mapping[str, str]) -> list[SelectChoice]:
    """Choices for a select or radio field, from values to labels, in order."""
    return [SelectChoice(value, label) for value, label in labels.items()]


LEVEL_LABELS = LABELS
#: A label for each of STATUSES and ROLES (db.models), in their order.
STATUS_LABELS = {
    "new": lazy_gettext("New"),
    "reviewed": lazy_gettext("Reviewed"),
    "contacted": lazy_gettext("Contacted"),
    "closed": lazy_gettext("Closed"),
}
ROLE_LABELS = {"reviewer": lazy_gettext("Reviewer"), "admin": lazy_gettext("Admin")}
if (tuple(STATUS_LABELS), tuple(ROLE_LABELS)) != (STATUSES, ROLES):  # pragma: no cover
    raise RuntimeError("STATUS_LABELS and ROLE_LABELS must label every status and role")
#: The queue's orders (submissions/queue.py: SORT_KEYS), the default first.
ORDER_LABELS = {
    "triage": lazy_gettext("New first, most urgent first"),
    "newest": lazy_gettext("Newest first"),
    "urgent": lazy_gettext("Most urgent first, any status"),
}
#: "Any" at the top of a filter's choices.
ANY = lazy_gettext("Any")
#: Notes are free text about a patient's care, so they get the same guard as answers.
NO_CONTROL_CHARACTERS = Regexp(
    r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
    message=lazy_gettext("Remove special characters."),
)


class LoginForm(FlaskForm):
    username = StringField(
        lazy_gettext("Username"),
        validators=[
            DataRequired(lazy_gettext("Enter your username.")),
            Length(max=64),
            NO_CONTROL_CHARACTERS,
        ],
    )
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[
            DataRequired(lazy_gettext("Enter your password.")),
            Length(max=256),
        ],
    )


class CodeForm(FlaskForm):
    code = StringField(
        lazy_gettext("Code from your authenticator app"),
        validators=[
            DataRequired(lazy_gettext("Enter the 6-digit code.")),
            Length(max=16),
        ],
    )


class QueueFilterForm(FilterForm):
    since = DateField(lazy_gettext("From"), validators=[Optional()])
    until = DateField(lazy_gettext("To"), validators=[Optional()])
    level = SelectField(
        lazy_gettext("Red flag"),
        choices=options({"": ANY} | {level: LEVEL_LABELS[level] for level in PRIORITY}),
        validators=[Optional()],
    )
    region = SelectField(lazy_gettext("Body region"), validators=[Optional()])
    pattern = SelectField(
        lazy_gettext("Pattern (staff only)"),
        choices=options({"": ANY} | PATTERNS),
        validators=[Optional()],
    )
    status = SelectField(
        lazy_gettext("Status"),
        choices=options({"": ANY} | STATUS_LABELS),
        validators=[Optional()],
    )
    version = SelectField(
        lazy_gettext("Questionnaire version"), validators=[Optional()]
    )
    order = SelectField(
        lazy_gettext("Order"),
        choices=options(ORDER_LABELS),
        default=QueueFilters.order,
        validators=[Optional()],
    )


class StatusForm(FlaskForm):
    status = RadioField(
        lazy_gettext("Status"),
        choices=options(STATUS_LABELS),
        validators=[DataRequired(lazy_gettext("Choose a status."))],
    )


class NoteForm(FlaskForm):
    text = TextAreaField(
        lazy_gettext("Add a note"),
        validators=[
            DataRequired(lazy_gettext("Write the note first.")),
            Length(max=2000),
            NO_CONTROL_CHARACTERS,
        ],
    )


class PasswordForm(FlaskForm):
    current = PasswordField(
        lazy_gettext("Current password"),
        validators=[DataRequired(lazy_gettext("Enter your current password."))],
    )
    new = PasswordField(
        lazy_gettext("New password"),
        validators=[
            DataRequired(lazy_gettext("Enter a new password.")),
            Length(max=256),
        ],
    )
    confirm = PasswordField(
        lazy_gettext("New password again"),
        validators=[
            EqualTo("new", message=lazy_gettext("The two new passwords are different."))
        ],
    )


class CreateStaffForm(FlaskForm):
    username = StringField(
        lazy_gettext("Username"),
        validators=[
            DataRequired(lazy_gettext("Enter a username.")),
            Length(max=64),
            NO_CONTROL_CHARACTERS,
        ],
    )
    role = RadioField(
        lazy_gettext("Role"),
        choices=options(ROLE_LABELS),
        default="reviewer",
        validators=[DataRequired()],
    )
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[DataRequired(lazy_gettext("Enter a password.")), Length(max=256)],
    )
    confirm = PasswordField(
        lazy_gettext("Password again"),
        validators=[
            EqualTo(
                "password", message=lazy_gettext("The two passwords are different.")
            )
        ],
    )


class AuditFilterForm(FilterForm):
    actor = StringField(lazy_gettext("Who"), validators=[Optional(), Length(max=64)])
    action = SelectField(lazy_gettext("What"), validators=[Optional()])
    since = DateField(lazy_gettext("From"), validators=[Optional()])
    until = DateField(lazy_gettext("To"), validators=[Optional()])

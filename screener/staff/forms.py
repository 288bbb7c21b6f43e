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
STATUS_LABELS = {status: status.capitalize() for status in STATUSES}
ROLE_LABELS = {role: role.capitalize() for role in ROLES}
#: The queue's orders (submissions/queue.py: SORT_KEYS), the default first.
ORDER_LABELS = {
    "triage": "New first, most urgent first",
    "newest": "Newest first",
    "urgent": "Most urgent first, any status",
}
#: Notes are free text about a patient's care, so they get the same guard as answers.
NO_CONTROL_CHARACTERS = Regexp(
    r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$", message="Remove special characters."
)


class LoginForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[
            DataRequired("Enter your username."),
            Length(max=64),
            NO_CONTROL_CHARACTERS,
        ],
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password."), Length(max=256)]
    )


class CodeForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app",
        validators=[DataRequired("Enter the 6-digit code."), Length(max=16)],
    )


class QueueFilterForm(FilterForm):
    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])
    level = SelectField(
        "Red flag",
        choices=options(
            {"": "Any"} | {level: LEVEL_LABELS[level] for level in PRIORITY}
        ),
        validators=[Optional()],
    )
    region = SelectField("Body region", validators=[Optional()])
    pattern = SelectField(
        "Pattern (staff only)",
        choices=options({"": "Any"} | PATTERNS),
        validators=[Optional()],
    )
    status = SelectField(
        "Status",
        choices=options({"": "Any"} | STATUS_LABELS),
        validators=[Optional()],
    )
    version = SelectField("Questionnaire version", validators=[Optional()])
    order = SelectField(
        "Order",
        choices=options(ORDER_LABELS),
        default=QueueFilters.order,
        validators=[Optional()],
    )


class StatusForm(FlaskForm):
    status = RadioField(
        "Status",
        choices=options(STATUS_LABELS),
        validators=[DataRequired("Choose a status.")],
    )


class NoteForm(FlaskForm):
    text = TextAreaField(
        "Add a note",
        validators=[
            DataRequired("Write the note first."),
            Length(max=2000),
            NO_CONTROL_CHARACTERS,
        ],
    )


class PasswordForm(FlaskForm):
    current = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    new = PasswordField(
        "New password",
        validators=[DataRequired("Enter a new password."), Length(max=256)],
    )
    confirm = PasswordField(
        "New password again",
        validators=[EqualTo("new", message="The two new passwords are different.")],
    )


class CreateStaffForm(FlaskForm):
    username = StringField(
        "Username",
        validators=[
            DataRequired("Enter a username."),
            Length(max=64),
            NO_CONTROL_CHARACTERS,
        ],
    )
    role = RadioField(
        "Role",
        choices=options(ROLE_LABELS),
        default="reviewer",
        validators=[DataRequired()],
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Enter a password."), Length(max=256)]
    )
    confirm = PasswordField(
        "Password again",
        validators=[EqualTo("password", message="The two passwords are different.")],
    )


class AuditFilterForm(FilterForm):
    actor = StringField("Who", validators=[Optional(), Length(max=64)])
    action = SelectField("What", validators=[Optional()])
    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])

"""Flask commands: `flask --app screener <command>`.

check-questions is not listed here: it is a `flask.commands` plugin (see
pyproject.toml), so it still runs when the configured file is broken and the app
cannot start.
"""

from .dashboard import count_dashboard_command
from .database import init_db_command
from .database import purge_command
from .demo import seed_demo_command
from .export import export_csv_command
from .export import refresh_export_rows_command
from .fhir import export_fhir_questionnaire_command
from .migrations import db_group
from .redcap import export_redcap_command
from .staff import create_staff_command
from .staff import deactivate_staff_command
from .staff import list_staff_command
from .staff import set_password_command

app_commands = [
    init_db_command,
    db_group,
    purge_command,
    create_staff_command,
    set_password_command,
    deactivate_staff_command,
    list_staff_command,
    export_csv_command,
    refresh_export_rows_command,
    export_fhir_questionnaire_command,
    export_redcap_command,
    count_dashboard_command,
    seed_demo_command,
]

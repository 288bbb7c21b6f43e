"""The staff pages, one module per area; each adds its views to the staff blueprint
when imported."""

from . import account  # noqa: F401
from . import admin  # noqa: F401
from . import dashboard  # noqa: F401
from . import export  # noqa: F401
from . import fhir  # noqa: F401
from . import login  # noqa: F401
from . import queue  # noqa: F401
from . import redcap  # noqa: F401
from . import submission  # noqa: F401

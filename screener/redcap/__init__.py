"""A REDCap instrument built from questions.yaml, so that our CSV export imports into a
REDCap project made from it.

- template.py: the data dictionary's 18 columns, and one row (a field);
- text.py: our texts in REDCap's markup (piping brackets, choice separators);
- logic.py: show_if as branching logic, every operator;
- fields.py: the export's fixed columns and each question as fields, and why so;
- names.py: the names REDCap accepts, and the columns it makes of them;
- imports.py: the values REDCap's import takes in each field;
- dictionary.py: the whole dictionary, what it translated, and its CSV.
"""

from .dictionary import RedcapDictionary
from .dictionary import Translations
from .dictionary import build
from .fields import ANSWERS_FORM
from .fields import SUBMISSION_FORM
from .imports import MISSING_DATA_CODES
from .imports import left_blank_checkboxes
from .imports import refused
from .logic import BranchingLogic
from .logic import Unmapped
from .names import columns
from .names import problems
from .template import HEADER
from .template import Field
from .text import parse_choices

__all__ = [
    "ANSWERS_FORM",
    "HEADER",
    "MISSING_DATA_CODES",
    "SUBMISSION_FORM",
    "BranchingLogic",
    "Field",
    "RedcapDictionary",
    "Translations",
    "Unmapped",
    "build",
    "columns",
    "left_blank_checkboxes",
    "parse_choices",
    "problems",
    "refused",
]

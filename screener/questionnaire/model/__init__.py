"""The typed shape of questions.yaml.

Every model is frozen and forbids unknown keys, so a typo such as `requird:` fails
loudly instead of being ignored. Rules that need the whole file (references, order,
wording) live in `checks/`; this package only describes a well-formed file:
`base` (ids, texts), `conditions`, `questions`, and `file` (everything else).
"""

from .base import Identifier
from .base import Strict
from .base import Text
from .conditions import OPERATORS
from .conditions import AllOf
from .conditions import AnyOf
from .conditions import Comparison
from .conditions import Condition
from .file import DashboardIndicator
from .file import DashboardSection
from .file import Distribution
from .file import EducationModule
from .file import Finding
from .file import KeyPoint
from .file import LevelAdvice
from .file import Note
from .file import Page
from .file import Provenance
from .file import QuestionnaireFile
from .file import Recommendation
from .file import RedFlag
from .file import SafetyNet
from .file import Section
from .file import SummaryLayout
from .file import Synopsis
from .file import SynopsisLine
from .questions import AnyQuestion
from .questions import Choice
from .questions import ChoiceQuestionBase
from .questions import FreeTextQuestion
from .questions import MultipleChoiceQuestion
from .questions import NumberQuestion
from .questions import Question
from .questions import QuestionBase
from .questions import ScaleQuestion
from .questions import SingleChoiceQuestion

__all__ = [
    "OPERATORS",
    "AllOf",
    "AnyOf",
    "AnyQuestion",
    "Choice",
    "ChoiceQuestionBase",
    "Comparison",
    "Condition",
    "DashboardIndicator",
    "DashboardSection",
    "Distribution",
    "EducationModule",
    "Finding",
    "FreeTextQuestion",
    "Identifier",
    "KeyPoint",
    "LevelAdvice",
    "MultipleChoiceQuestion",
    "Note",
    "NumberQuestion",
    "Page",
    "Provenance",
    "Question",
    "QuestionBase",
    "QuestionnaireFile",
    "Recommendation",
    "RedFlag",
    "SafetyNet",
    "ScaleQuestion",
    "Section",
    "SingleChoiceQuestion",
    "Strict",
    "SummaryLayout",
    "Synopsis",
    "SynopsisLine",
    "Text",
]

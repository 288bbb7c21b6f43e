"""questions.yaml: its typed model, its checker and the loaded Questionnaire."""

from .conditions import Answers
from .conditions import AnswerValue
from .conditions import holds
from .document import PageRef
from .document import Questionnaire
from .loader import load_questionnaire
from .loader import load_snapshot
from .problems import Problem
from .problems import QuestionnaireError
from .wording import WordingRules

__all__ = [
    "AnswerValue",
    "Answers",
    "PageRef",
    "Problem",
    "Questionnaire",
    "QuestionnaireError",
    "WordingRules",
    "holds",
    "load_questionnaire",
    "load_snapshot",
]

"""The checker for questions.yaml. Each check returns problems rather than raising, so
authors see every problem at once; the loader runs them in this order, each only when
the ones before found nothing (later checks rely on a sound structure):

1. `duplicate_ids`, then `structure`: ids, choices, references, order (structure.py);
   red flags (red_flags.py); nothing that can never be shown (reach.py).
2. `voice`: who each text speaks to, and no hard-coded numbers (voice.py).
3. `wording`: no diagnosis, no label by implication, plain reading, in both voices.
"""

from __future__ import annotations

from ..document import Questionnaire
from ..problems import Problem
from .reach import reachable
from .red_flags import red_flags
from .structure import duplicate_ids
from .structure import structure as _references
from .voice import voice
from .wording import wording


def structure(q: Questionnaire) -> list[Problem]:
    problems = _references(q)
    if problems:
        return problems
    return red_flags(q) + reachable(q)


__all__ = ["duplicate_ids", "structure", "voice", "wording"]

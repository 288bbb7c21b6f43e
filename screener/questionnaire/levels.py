"""Red-flag levels: their codes, order, priority and staff labels, defined once.

questions.yaml gives each level its advice; the database sorts the queue on priority;
staff see the labels. A submission with no red flag has the level "none".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RedFlagLevel = Literal["emergency", "same_day", "within_days"]


@dataclass(frozen=True)
class Level:
    code: str
    #: What staff read, e.g. in the queue's tags and filters.
    label: str
    #: Higher is more urgent: the staff queue sorts on it.
    priority: int


#: Most urgent first. The order is part of the safety logic, not a display choice.
LEVELS = (
    Level("emergency", "Emergency", 3),
    Level("same_day", "Same day", 2),
    Level("within_days", "Within days", 1),
)
NONE = Level("none", "None", 0)

RED_FLAG_LEVELS: tuple[RedFlagLevel, ...] = ("emergency", "same_day", "within_days")
#: A submission's level: its most urgent red flag, or "none".
SUBMISSION_LEVELS: tuple[str, ...] = (*RED_FLAG_LEVELS, NONE.code)
PRIORITY: dict[str, int] = {level.code: level.priority for level in (*LEVELS, NONE)}
LABELS: dict[str, str] = {level.code: level.label for level in (*LEVELS, NONE)}

if tuple(level.code for level in LEVELS) != RED_FLAG_LEVELS:  # pragma: no cover
    raise RuntimeError("LEVELS and RED_FLAG_LEVELS must list the same levels")

"""What the checker reports: each problem names the file, the place and the fault."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    #: The item at fault, e.g. "question 'neck_turn'"; empty for the file as a whole.
    where: str
    message: str
    #: 1-based line in the file, when it is known.
    line: int | None = None

    def format(self, source: str) -> str:
        place = f"{source}, line {self.line}" if self.line else source
        return (
            f"{place}: {self.where}: {self.message}"
            if self.where
            else f"{place}: {self.message}"
        )


class QuestionnaireError(Exception):
    """questions.yaml cannot be used; the app must not start on it."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        heading = f"{self.source}: {count} problem{'s' if count != 1 else ''} found"
        return "\n".join(
            [heading, *(problem.format(self.source) for problem in self.problems)]
        )

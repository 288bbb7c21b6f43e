"""The REDCap data dictionary of a questionnaire: build it, count what it translated,
and write it as CSV the way every other download is written."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from ..questionnaire import Questionnaire
from ..questionnaire.conditions import describe
from ..questionnaire.model import ChoiceQuestionBase
from ..questionnaire.model import Condition
from ..submissions import export
from .fields import fixed_fields
from .fields import question_field
from .logic import BranchingLogic
from .logic import Unmapped
from .logic import both
from .names import problems
from .template import HEADER
from .template import Field


@dataclass
class Translations:
    """What became of the questionnaire's show_if conditions."""

    #: show_if conditions (on a section, page or question) in the file.
    conditions: int = 0
    #: Of those, the ones translated into branching logic.
    mapped: int = 0
    #: Those that could not be, each with where it is and why.
    unmapped: list[str] = dataclass_field(default_factory=list)
    #: Questions offering what was ticked earlier, given "something was ticked" too.
    offered_earlier: int = 0
    #: Conditions with no field to carry them (a page's guidance notes).
    not_carried: list[str] = dataclass_field(default_factory=list)


@dataclass(frozen=True)
class RedcapDictionary:
    fields: tuple[Field, ...]
    translations: Translations

    @property
    def forms(self) -> list[str]:
        return list(dict.fromkeys(field.form for field in self.fields))

    def rows(self) -> Iterator[list[export.Cell]]:
        for field in self.fields:
            yield field.row()

    def csv(self) -> Iterator[str]:
        """The CSV in chunks: UTF-8 with a byte-order mark, RFC 4180 line ends, the
        header neutralised like our other downloads (REDCap reads and writes its own
        dictionaries with the mark too)."""
        return export.write_csv(HEADER, self.rows())

    def problems(self) -> list[str]:
        """Names REDCap would refuse or mistake; empty for a dictionary it accepts."""
        return problems(self.fields)


def build(q: Questionnaire) -> RedcapDictionary:
    """The REDCap fields for the export's columns, with each question's show_if (its
    section's, its page's and its own together) as branching logic."""
    logic = BranchingLogic(q)
    done = Translations()

    def translated(where: str, condition: Condition | None) -> _Part:
        if condition is None:
            return _Part()
        done.conditions += 1
        try:
            said = logic.translate(condition)
        except Unmapped as problem:
            failure = f"{where}: {describe(condition)} ({problem})"
            done.unmapped.append(failure)
            return _Part(failure=failure)
        done.mapped += 1
        return _Part(logic=said)

    fields = fixed_fields(q)
    for section in q.file.sections:
        header = section.title
        in_section = translated(f"section '{section.id}'", section.show_if)
        for page in section.pages:
            on_page = translated(f"page '{page.id}'", page.show_if)
            for note in page.guidance:
                if not isinstance(note, str):
                    done.not_carried.append(
                        f"page '{page.id}': a guidance note shown if "
                        f"{describe(note.show_if)}"
                    )
            for question in page.questions:
                own = translated(f"question '{question.id}'", question.show_if)
                conditions = (in_section, on_page, own)
                parts = [part.logic for part in conditions if part.logic]
                if (
                    isinstance(question, ChoiceQuestionBase)
                    and question.choices_from
                    and not question.choices
                ):
                    # Ours is skipped when nothing was ticked to offer.
                    parts.append(logic.any_ticked(question.choices_from))
                    done.offered_earlier += 1
                # A condition left out shows the field more often than ours: say so
                # on the field, for whoever reads the instrument.
                failures = tuple(
                    f"Not translated: {part.failure}."
                    for part in conditions
                    if part.failure
                )
                fields.append(
                    question_field(
                        q,
                        question,
                        section_header=header,
                        branching=both(parts) if parts else "",
                        annotations=failures,
                    )
                )
                header = ""
    return RedcapDictionary(tuple(fields), done)


@dataclass(frozen=True)
class _Part:
    """One show_if as logic, or why it could not be."""

    logic: str = ""
    failure: str = ""

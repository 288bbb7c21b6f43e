"""The CSV export written the way a pandas user would: the peer bench/export measures
the app against.

Per chunk of 10,000 rows from `read_sql`: the answers' JSON spread into a frame; the
multiple-choice answers melted, `explode`d to one row per ticked box and made 0/1
columns with `get_dummies`; every `show_if` evaluated as column operations, so that a
question not on a patient's path is blank and one on it with no answer is `ASKU`, as
the app writes them; then `to_csv`. No Python code runs per output cell; the one
call per row is orjson decoding the answers, as the app does for rows it builds.

It writes the app's columns and cells (`bench/export --check` compares them), with
two differences, both sparing the peer work: no formula protection (no leading
apostrophes), and no per-option blanks for a multiple choice offering earlier
answers (`choices_from`; the shipped questionnaire has none). The app follows the
path of the questionnaire version each patient answered; the peer follows today's,
which is the same for seeded data.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator
from typing import Any

import numpy as np
import orjson
import pandas as pd

from screener.questionnaire import Questionnaire
from screener.questionnaire.model import AllOf
from screener.questionnaire.model import AnyOf
from screener.questionnaire.model import ChoiceQuestionBase
from screener.questionnaire.model import Condition
from screener.questionnaire.model import MultipleChoiceQuestion
from screener.questionnaire.model import NumberQuestion
from screener.questionnaire.model import ScaleQuestion
from screener.submissions import export

QUERY = (
    "SELECT reference, submitted_on, questionnaire_version, language, status, "
    "red_flag_level, distribution, answers FROM submission"
    " ORDER BY submitted_on DESC, id DESC"
)
FIXED = ["reference", "submitted_on", "questionnaire_version", "language", "status"]
LEFT_BLANK = export.LEFT_BLANK


class PandasExport:
    """The plan from the questionnaire, made once; `frame` turns a chunk into cells."""

    def __init__(self, q: Questionnaire) -> None:
        self.q = q
        self.columns = [col.name for col in export.columns(q)]
        questions = list(q.questions())
        self.multiple = [
            x.id for x in questions if isinstance(x, MultipleChoiceQuestion)
        ]
        self.numbers = {
            x.id for x in questions if isinstance(x, NumberQuestion | ScaleQuestion)
        }
        self.single = [x.id for x in questions if x.id not in self.multiple]
        #: Each 0/1 column, with the question it belongs to.
        self.options = [
            (col.name, col.question.id)
            for col in export.columns(q)
            if col.question is not None and col.code is not None
        ]

    def frame(self, chunk: pd.DataFrame) -> pd.DataFrame:
        """The export's rows for one chunk of the query."""
        # The records are flat (codes, numbers, lists of codes): json_normalize would
        # only walk each one looking for nested objects, twice as slowly.
        answers = pd.DataFrame.from_records(chunk["answers"].map(orjson.loads).tolist())
        answers = answers.reindex(columns=[x.id for x in self.q.questions()])
        long = answers[self.multiple].melt(
            var_name="question", value_name="code", ignore_index=False
        )
        long = long.dropna().explode("code")
        ticked = (
            pd.get_dummies(long["question"] + "___" + long["code"], dtype="int8")
            .groupby(level=0)
            .max()
            .reindex(index=range(len(answers)), fill_value=0)
        )
        ticked.index = answers.index
        asked = self.asked(answers, ticked)
        out: dict[str, Any] = {name: chunk[name].to_numpy() for name in FIXED}
        out["red_flag_level"] = chunk["red_flag_level"].to_numpy()
        out["distribution_pattern"] = chunk["distribution"].fillna("").to_numpy()
        regions = answers[self.q.file.regions_question]
        out["regions"] = np.where(
            regions.notna(),
            regions.str.join(";"),
            np.where(asked[self.q.file.regions_question], LEFT_BLANK, ""),
        )
        for qid in self.single:
            values = answers[qid]
            if qid in self.numbers:
                values = values.astype("Int64")
            missing = np.where(asked[qid], LEFT_BLANK, "")
            out[qid] = np.where(values.notna(), values.astype(object), missing)
        names = [name for name, _ in self.options]
        by_question = [qid for _, qid in self.options]
        boxes = ticked.reindex(columns=names, fill_value=0).to_numpy()
        answered = answers[by_question].notna().to_numpy()
        shown = asked[by_question].to_numpy()
        cells = np.where(
            answered, boxes.astype(object), np.where(shown, LEFT_BLANK, "")
        )
        out.update(zip(names, cells.T, strict=True))
        return pd.DataFrame(out, columns=self.columns)

    def asked(self, answers: pd.DataFrame, ticked: pd.DataFrame) -> pd.DataFrame:
        """One column per question: whether it was on each patient's path."""
        everyone = pd.Series(True, index=answers.index)
        shown: dict[str, pd.Series] = {}
        for ref in self.q.pages:
            page = functools.reduce(
                operator.and_,
                (
                    holds(c, answers, ticked)
                    for c in (ref.section.show_if, ref.page.show_if)
                    if c is not None
                ),
                everyone,
            )
            for question in ref.page.questions:
                test = page
                if question.show_if is not None:
                    test = test & holds(question.show_if, answers, ticked)
                if (
                    isinstance(question, ChoiceQuestionBase)
                    and question.choices_from
                    and not question.choices
                ):  # offers only earlier ticks: hidden when there were none
                    source = answers[question.choices_from]
                    test = test & source.str.len().gt(0).fillna(False)
                shown[question.id] = test
        return pd.DataFrame(shown)


def holds(condition: Condition, answers: pd.DataFrame, ticked: pd.DataFrame) -> Any:
    """A condition as a boolean column: as the app's, an unanswered question fails."""
    if isinstance(condition, AnyOf | AllOf):
        parts = condition.any if isinstance(condition, AnyOf) else condition.all
        join = operator.or_ if isinstance(condition, AnyOf) else operator.and_
        return functools.reduce(join, (holds(p, answers, ticked) for p in parts))
    value, operand = answers[condition.question], condition.operand
    boxes = [f"{condition.question}___{code}" for code in np.atleast_1d(operand)]
    match condition.operator:
        case "equals":
            return value.eq(operand)
        case "one_of":
            return value.isin(operand)
        case "not_one_of":
            return value.notna() & ~value.isin(operand)
        case "includes" | "includes_any":
            return ticked.reindex(columns=boxes, fill_value=0).eq(1).any(axis=1)
        case "selected_at_least":
            return value.str.len().ge(operand).fillna(False)
        case "at_least":
            return pd.to_numeric(value).ge(operand)
        case "at_most":
            return pd.to_numeric(value).le(operand)
    raise ValueError(condition.operator)


def csv_chunks(q: Questionnaire, connection: Any) -> Iterator[str]:
    """The whole export as CSV text, one chunk of rows at a time."""
    peer = PandasExport(q)
    for number, chunk in enumerate(pd.read_sql(QUERY, connection, chunksize=10_000)):
        frame = peer.frame(chunk)
        yield frame.to_csv(index=False, header=number == 0, lineterminator="\r\n")

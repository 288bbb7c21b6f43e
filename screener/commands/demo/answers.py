"""Made-up submissions for demonstrations and benchmarks, following questions.yaml.

Answers are drawn by walking the questionnaire as a patient would, so `show_if` is
respected: nothing is answered that would not have been asked. Answers that raise a
red flag are drawn rarely, as in real life. Rows are inserted in batches.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import orjson
from sqlalchemy import Connection
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from ...db import SKIP_FSYNC
from ...db.models import PRIORITY
from ...db.models import STATUSES
from ...db.models import Submission
from ...pathway import redflags
from ...pathway import route as flow
from ...questionnaire import AnswerValue
from ...questionnaire import Questionnaire
from ...questionnaire.conditions import comparisons
from ...questionnaire.model import AnyQuestion
from ...questionnaire.model import ChoiceQuestionBase
from ...questionnaire.model import FreeTextQuestion
from ...questionnaire.model import MultipleChoiceQuestion
from ...submissions import export
from ...submissions import snapshots
from ...submissions import tallies
from ...submissions.references import ALPHABET
from ...submissions.references import PREFIX

#: Chance of picking an answer that raises a red flag, where one is on offer.
RED_FLAG_CHANCE = 0.02
STATUS_WEIGHTS = (40, 30, 20, 10)
#: The tables seeding fills, analysed afterwards.
ANALYZED = ("submission", "submission_region", "submission_tally", "region_tally")
#: Distinct patients drawn; rows reuse them, so drawing never limits inserting.
POOL = 500
BATCH = 5000
FREE_TEXT = (
    "It is worse when I am tired.",
    "My neck has been like this for about two years.",
    "Writing is the hardest thing.",
    "=SUM(1+1)",  # a formula-like answer, so exports are exercised honestly
)


class AnswerMaker:
    """Draws one made-up patient's answers at a time."""

    def __init__(self, q: Questionnaire, rng: random.Random) -> None:
        self.q = q
        self.rng = rng
        self.flagged = {
            (test.question, code)
            for flag in q.file.red_flags
            for test in comparisons(flag.when)
            for code in _codes(test.operand)
        }

    def answers(self) -> dict[str, AnswerValue]:
        answers: dict[str, AnswerValue] = {}
        for ref in self.q.pages:
            for question in flow.visible_questions(self.q, ref, answers):
                value = self.answer(question, answers)
                if value is not None:
                    answers[question.id] = value
        return answers

    def answer(
        self, question: AnyQuestion, answers: dict[str, AnswerValue]
    ) -> AnswerValue | None:
        rng = self.rng
        if isinstance(question, FreeTextQuestion):
            return (
                rng.choice(FREE_TEXT)
                if question.required or rng.random() < 0.2
                else None
            )
        if not isinstance(question, ChoiceQuestionBase):  # a scale or a number
            return rng.randint(question.min, question.max)
        codes = [choice.code for choice in self.q.options(question, answers)]
        rare = [code for code in codes if (question.id, code) in self.flagged]
        usual = [code for code in codes if code not in rare] or codes
        if isinstance(question, MultipleChoiceQuestion):
            return self._ticked(question, codes, usual, rare, answers)
        if rare and rng.random() < RED_FLAG_CHANCE:
            return rng.choice(rare)
        return rng.choice(usual)

    def _ticked(
        self,
        question: MultipleChoiceQuestion,
        codes: list[str],
        usual: list[str],
        rare: list[str],
        answers: dict[str, AnswerValue],
    ) -> list[str]:
        rng = self.rng
        exclusive = [c.code for c in self.q.options(question, answers) if c.exclusive]
        exclusive = [code for code in exclusive if code in usual]
        if exclusive and rng.random() < 0.5:
            return exclusive[:1]
        plain = [code for code in usual if code not in exclusive] or usual
        picked = set(rng.sample(plain, k=min(len(plain), rng.choice((1, 1, 2, 3)))))
        if rare and rng.random() < RED_FLAG_CHANCE:
            picked = {rng.choice(rare)}
        return [code for code in codes if code in picked]


def _codes(operand: Any) -> list[str]:
    if isinstance(operand, str):
        return [operand]
    return (
        [code for code in operand if isinstance(code, str)]
        if isinstance(operand, list)
        else []
    )


#: The submission columns seeding writes, in this order: four per row, then the
#: ones a patient's answers fix.
COLUMNS = (
    "id",
    "reference",
    "submitted_on",
    "status",
    "questionnaire_version",
    "questionnaire_hash",
    "answers",
    "red_flag_level",
    "priority",
    "red_flags",
    "export_cells",
    "export_hash",
)


@dataclass
class Patient:
    """One made-up patient: the column values their answers fix, encoded once."""

    values: tuple[Any, ...]
    regions: list[str]

    @cached_property
    def copy_text(self) -> str:
        """The values in PostgreSQL's COPY text format."""
        return "\t".join(_copy_field(value) for value in self.values)


#: reference, date sent, status, patient.
Row = tuple[str, dt.date, str, Patient]


def _copy_field(value: Any) -> str:
    if value is None:
        return "\\N"
    text = str(value)
    return (
        text.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _patient(q: Questionnaire, answers: dict[str, AnswerValue]) -> Patient:
    flags = redflags.raised(q, answers)
    level = redflags.highest_level(flags) or "none"
    regions = answers.get(q.file.regions_question)
    values = (
        q.version,
        q.content_hash,
        orjson.dumps(answers).decode(),
        level,
        PRIORITY[level],
        orjson.dumps([flag.id for flag in flags]).decode(),
        export.stored_cells(q, answers),
        export.cells_key(q),
    )
    return Patient(values, list(regions) if isinstance(regions, list) else [])


def rows(
    q: Questionnaire,
    count: int,
    days: int,
    seed: int,
    taken: Iterable[str] = (),
) -> Iterator[Row]:
    """Yield `count` made-up submissions, drawn from a pool of patients, with
    reference codes unlike each other and unlike any in `taken`."""
    rng = random.Random(seed)  # noqa: S311  (made-up data, not a secret)
    maker = AnswerMaker(q, rng)
    pool = [_patient(q, maker.answers()) for _ in range(min(count, POOL))]
    today = dt.datetime.now(dt.UTC).date()
    references = set(taken)
    for _ in range(count):
        day = today - dt.timedelta(days=rng.randrange(days))
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        yield (
            _unique_reference(rng, references),
            day,
            status,
            pool[rng.randrange(len(pool))],
        )


def _unique_reference(rng: random.Random, used: set[str]) -> str:
    while True:
        code = "".join(rng.choices(ALPHABET, k=8))
        reference = f"{PREFIX}-{code[:4]}-{code[4:]}"
        if reference not in used:
            used.add(reference)
            return reference


def seed(
    session: Session, q: Questionnaire, count: int, days: int = 730, seed: int = 1
) -> int:
    """Insert `count` made-up submissions in batches, with each engine's fastest bulk
    path; return how many."""
    engine = session.get_bind().dialect.name
    # Seeding again, even with the same seed, must not draw a code already stored.
    taken = set(session.scalars(select(Submission.reference)))
    session.commit()  # each batch opens its own transaction, with its own options
    made = 0
    batch: list[Row] = []
    for row in rows(q, count, days, seed, taken):
        batch.append(row)
        if len(batch) == BATCH:
            made += _insert(session, engine, batch)
            batch = []
    if batch:
        made += _insert(session, engine, batch)
    tallies.rebuild(session)  # one pass over the table beats an upsert per row
    snapshots.remember(session, q, dt.datetime.now(dt.UTC).date())
    session.commit()
    # Fresh statistics for the query planner: without them PostgreSQL may scan a
    # million rows for what an index answers at once, until autovacuum catches up.
    for table in ANALYZED:
        session.execute(text(f"ANALYZE {table}"))
    session.commit()
    return made


def _insert(session: Session, engine: str, batch: list[Row]) -> int:
    # Made-up data need not survive a power cut: SQLite may skip the fsync on commit.
    connection = session.connection(execution_options={SKIP_FSYNC: True})
    numbered = list(
        zip(_reserve_ids(connection, engine, len(batch)), batch, strict=True)
    )
    if engine == "postgresql":
        _copy(
            connection,
            "submission",
            COLUMNS,
            (
                f"{id_}\t{reference}\t{day.isoformat()}\t{status}\t{patient.copy_text}\n"
                for id_, (reference, day, status, patient) in numbered
            ),
        )
    else:
        _insert_many(
            connection,
            "submission",
            COLUMNS,
            [
                (id_, reference, day.isoformat(), status, *patient.values)
                for id_, (reference, day, status, patient) in numbered
            ],
        )
    regions = [
        (id_, region)
        for id_, (_, _, _, patient) in numbered
        for region in patient.regions
    ]
    if engine == "postgresql":
        _copy(
            connection,
            "submission_region",
            ("submission_id", "region"),
            (f"{i}\t{r}\n" for i, r in regions),
        )
    elif regions:
        _insert_many(
            connection, "submission_region", ("submission_id", "region"), regions
        )
    session.commit()
    return len(batch)


def _reserve_ids(connection: Connection, engine: str, count: int) -> list[int]:
    """Take ids for a batch up front, so its regions need no read-back of the rows."""
    if engine == "postgresql":
        # The sequence hands out ids that no concurrent insert will also get.
        taken = connection.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence('submission', 'id')) "
                "FROM generate_series(1, :count)"
            ),
            {"count": count},
        )
        return list(taken.scalars())
    # SQLite: this transaction began IMMEDIATE, holding the only write lock until the
    # batch commits, so no one else can take these ids meanwhile.
    highest = connection.execute(text("SELECT coalesce(max(id), 0) FROM submission"))
    start = int(highest.scalar_one()) + 1
    return list(range(start, start + count))


def _insert_many(
    connection: Connection,
    table: str,
    names: tuple[str, ...],
    values: list[tuple[Any, ...]],
) -> None:
    marks = ", ".join("?" for _ in names)
    # Table and column names are this module's constants; the values are bound.
    statement = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})"  # noqa: S608
    connection.exec_driver_sql(statement, values)


def _copy(
    connection: Connection, table: str, names: tuple[str, ...], lines: Iterable[str]
) -> None:
    """PostgreSQL's COPY, fed text in its own format: many times faster than INSERT."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
        copy.write("".join(lines))

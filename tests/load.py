"""Many patients completing the screener at once against gunicorn; nothing may be lost.

Shared by tests/test_load.py (a few patients, on every run) and bench/load.py (200).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy import select

from screener.db.models import Submission
from screener.questionnaire import Questionnaire
from screener.questionnaire import load_questionnaire

from .http_client import HttpClient
from .patient_walk import PatientWalk
from .server import ROOT
from .server import running_server


@dataclass
class LoadResult:
    patients: int
    completed: int
    stored: int
    duplicates: int
    server_errors: int
    locked: int
    tracebacks: int
    requests: int
    seconds: float

    @property
    def lossless(self) -> bool:
        return (
            self.completed == self.stored == self.patients
            and self.duplicates == 0
            and self.server_errors == 0
            and self.locked == 0
            and self.tracebacks == 0
        )


def _patient(url: str, q: Questionnaire, number: int) -> tuple[str | None, list[int]]:
    client = HttpClient(url)
    try:
        walker = PatientWalk(client, q)  # type: ignore[arg-type]  (the HTTP stand-in)
        codes = [choice.code for choice in q.regions]
        regions = {codes[number % len(codes)], codes[(number * 3 + 1) % len(codes)]}
        reference: str | None = walker.complete(
            {q.file.regions_question: sorted(regions, key=codes.index)}
        )
    except (AssertionError, ValueError, KeyError):
        reference = None
    finally:
        client.close()
    return reference, client.statuses


def run_load(
    database_url: str,
    patients: int,
    workers: int,
    questions: Path = ROOT / "questions.yaml",
) -> LoadResult:
    q = load_questionnaire(questions)
    with running_server(
        database_url, workers=workers, SCREENER_QUESTIONS_PATH=str(questions)
    ) as server:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=patients) as pool:
            outcomes = list(
                pool.map(lambda n: _patient(server.url, q, n), range(patients))
            )
        seconds = time.perf_counter() - started
        log = server.log()
    references = [reference for reference, _ in outcomes if reference]
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            stored = list(connection.scalars(select(Submission.reference)))
    finally:
        engine.dispose()
    statuses = [status for _, seen in outcomes for status in seen]
    return LoadResult(
        patients=patients,
        completed=len(references),
        stored=len(set(stored) & set(references)),
        duplicates=len(stored) - len(set(stored)),
        server_errors=sum(1 for status in statuses if status >= 500),
        locked=log.count("database is locked"),
        tracebacks=log.count("Traceback"),
        requests=len(statuses),
        seconds=seconds,
    )

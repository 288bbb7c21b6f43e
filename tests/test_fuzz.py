"""Every route, patient and staff, fed valid, invalid and hostile input: never a 5xx,
and a request the app refuses changes nothing stored.

Hypothesis draws each request: who sends it (a patient part-way through, a signed-in
reviewer, a signed-in admin, or nobody), a route from `app.url_map`, one of its
methods, its path values, a query string, and a body (a form, or JSON, multipart or
text that no page sends). The examples are fixed by the code (`derandomize`), so a
run on CI is the run a developer repeats; the count is bounded so that the test adds
well under a minute on each engine.
"""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.models import Base
from screener.questionnaire import Questionnaire
from screener.questionnaire.model import ChoiceQuestionBase
from screener.staff.views.admin import ACCOUNT_ACTIONS

from .conftest import STAFF_PASSWORD
from .conftest import StaffFactory
from .conftest import SubmissionFactory
from .conftest import sign_in
from .patient_walk import PatientWalk

#: Examples for each route and method: about 1,000 requests in all.
EXAMPLES_PER_ROUTE = 30

#: Values no form offers: blanks, control characters, markup, numbers out of range,
#: dates at the ends of the calendar, paths, very long text.
HOSTILE = [
    "",
    " ",
    "\t",
    "\x00",
    "\r\n",
    "'",
    '"',
    "<script>alert(1)</script>",
    "%",
    "%00",
    "=1+1",
    "-1",
    "0",
    "9" * 30,
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "../../etc/passwd",
    "\u202e",
    "x" * 3000,
    "[]",
    "{}",
    "DYS-AAAA-AAAA",
]
#: Staff and filter fields, beside the questionnaire's own question ids.
STAFF_FIELDS = [
    "since",
    "until",
    "level",
    "region",
    "status",
    "version",
    "order",
    "after",
    "reference",
    "before",
    "actor",
    "action",
    "labels",
    "username",
    "password",
    "code",
    "current",
    "new",
    "confirm",
    "role",
    "text",
    "change",
    "next",
    "skip",
]
#: Tables a refused request may still touch: a signed-in session's last-seen time.
UNTRACKED = {"staff_session"}


def stored(db: Session) -> str:
    """A fingerprint of everything stored, to tell whether a request changed it."""
    digest = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        if table.name not in UNTRACKED:
            for row in db.execute(select(table).order_by(*table.primary_key)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_no_input_gives_a_5xx_or_changes_data_when_refused(
    app: Flask,
    db: Session,
    questionnaire: Questionnaire,
    make_staff: StaffFactory,
    make_submission: SubmissionFactory,
) -> None:
    reference = make_submission().reference
    make_staff("reviewer1")
    make_staff("admin1", role="admin")
    clients: dict[str, FlaskClient] = {"nobody": app.test_client()}
    for name in ("reviewer1", "admin1"):
        clients[name] = app.test_client()
        sign_in(clients[name], name, STAFF_PASSWORD)
    patient = PatientWalk(app.test_client(), questionnaire)
    patient.start()
    patient.walk(stop_after="safety_check")
    clients["patient"] = patient.client

    question_ids = [question.id for question in questionnaire.questions()]
    codes = sorted(
        {
            choice.code
            for question in questionnaire.questions()
            if isinstance(question, ChoiceQuestionBase)
            for choice in questionnaire.options(question)
        }
    )
    valid = {
        "page_id": [ref.id for ref in questionnaire.pages],
        "reference": [reference, reference.lower()],
        "username": ["reviewer1", "admin1"],
        "action": [*ACCOUNT_ACTIONS, "role"],
        "filename": ["css/screener.css", "js/screener.js"],
    }
    rules = [
        (rule, method)
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        # Signing out or starting again would only end the very sessions fuzzed.
        if rule.endpoint not in ("staff.logout", "patient.start_again")
    ]
    value = st.one_of(
        st.sampled_from(codes + HOSTILE), st.text(max_size=40), st.integers().map(str)
    )

    def fields(names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
        return st.dictionaries(
            st.sampled_from(names),
            st.one_of(value, st.lists(value, min_size=2, max_size=3)),
            max_size=5,
        )

    @st.composite
    def requests(draw: st.DrawFn, rule: Any, method: str) -> dict[str, Any]:
        path_values = {
            name: draw(st.sampled_from(valid.get(name, []) + HOSTILE[:12]))
            for name in rule.arguments
        }
        # The route's own fields, mostly, so that its form meets them.
        names = STAFF_FIELDS if rule.endpoint.startswith("staff.") else question_ids
        body_kind = draw(st.sampled_from(BODY_KINDS))
        return {
            "who": draw(st.sampled_from(sorted(clients))),
            "rule": rule,
            "method": method,
            "path": path_values,
            "query": draw(fields(names + STAFF_FIELDS)),
            "body": draw(fields(names)),
            "raw": draw(st.sampled_from(RAW_JSON)),
            "body_kind": body_kind,
        }

    seen: list[tuple[str, int]] = []

    def one_request(request: dict[str, Any]) -> None:
        rule = request["rule"]
        try:
            path = rule.build(request["path"], append_unknown=False)[1]
        except Exception:  # a path value the route cannot hold: nothing to send
            return
        before = stored(db)
        response = clients[request["who"]].open(
            path,
            method=request["method"],
            query_string=request["query"],
            **_body(request["body_kind"], request["body"], request["raw"]),
        )
        seen.append((rule.endpoint, response.status_code))
        where = f"{request['method']} {path} as {request['who']}"
        assert response.status_code < 500, f"{where}: {response.status_code}"
        if response.status_code >= 400:
            assert stored(db) == before, f"{where}: refused, yet data changed"

    # Each route and method gets its own examples, so none is left to chance.
    for rule, method in rules:
        settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )(given(requests(rule, method))(one_request))()
    # Not vacuous: every route was reached, and many requests got through.
    assert {endpoint for endpoint, _ in seen} == {rule.endpoint for rule, _ in rules}
    assert sum(status < 400 for _, status in seen) >= len(seen) // 10


#: JSON no form could be read from: a list, a string, a nested object, deep nesting.
RAW_JSON = ["[1,2,3]", '"x"', '{"username":{"a":1}}', "[" * 5000 + "]" * 5000, "{"]


BODY_KINDS = ["form", "form", "json", "raw json", "multipart", "file", "text"]


def _body(kind: str, fields: dict[str, Any], raw: str) -> dict[str, Any]:
    if kind == "form":
        return {"data": fields}
    if kind == "json":
        return {"data": json.dumps(fields), "content_type": "application/json"}
    if kind == "raw json":
        return {"data": raw, "content_type": "application/json"}
    if kind == "multipart":
        return {"data": fields, "content_type": "multipart/form-data"}
    if kind == "file":  # every field sent as a file part
        files = {
            name: (io.BytesIO(str(value).encode()), "answer.txt")
            for name, value in fields.items()
        }
        return {"data": files, "content_type": "multipart/form-data"}
    return {"data": str(fields), "content_type": "text/plain"}

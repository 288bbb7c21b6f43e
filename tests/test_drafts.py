"""Drafts and sending: tokens, expiry, saving, flags advised once, sending once."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db import get_session
from screener.db.clock import utc_now
from screener.db.models import Draft
from screener.db.models import Submission
from screener.questionnaire import Questionnaire
from screener.submissions import drafts
from screener.submissions import submit as submitting
from screener.submissions.references import PATTERN
from screener.submissions.references import new_reference

COMPLETE = {
    "safety_now": ["none"],
    "who_answering": "self",
    "body_regions": ["neck"],
    "neck_turn": "no",
    "age_now": 52,
}


@pytest.fixture
def session(minimal_app: Flask):
    with minimal_app.app_context():
        yield get_session()


def test_expiry_is_rounded_up_to_the_hour() -> None:
    now = dt.datetime(2026, 11, 20, 9, 41, 17)
    assert drafts.expiry_after(24, now) == dt.datetime(2026, 11, 21, 10, 0)
    assert drafts.expiry_after(24, dt.datetime(2026, 11, 20, 9, 0)) == dt.datetime(
        2026, 11, 21, 9, 0
    )


def test_expired_drafts_are_not_found_and_are_purged(session: Session) -> None:
    draft = drafts.start_draft(session, 24)
    assert drafts.find_draft(session, draft.token) == draft
    draft.expires_at = utc_now() - dt.timedelta(hours=1)
    drafts.store(session, draft)
    session.commit()
    assert drafts.find_draft(session, draft.token) is None
    assert drafts.purge_expired_drafts(session) == 1
    assert session.scalar(select(func.count()).select_from(Draft)) == 0


def test_a_new_draft_purges_expired_ones(session: Session) -> None:
    old = drafts.start_draft(session, 24)
    old.expires_at = utc_now() - dt.timedelta(minutes=1)
    drafts.store(session, old)
    session.commit()
    drafts.start_draft(session, 24)
    assert session.get(Draft, old.token) is None


def test_tokens_are_long_and_random(session: Session) -> None:
    tokens = {drafts.start_draft(session, 24).token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(token) >= 43 for token in tokens)


def test_submitting_claims_the_draft_once(
    session: Session, minimal_questionnaire: Questionnaire
) -> None:
    draft = drafts.start_draft(session, 24)
    draft.answers = dict(COMPLETE)
    first = submitting.submit(session, minimal_questionnaire, draft)
    second = submitting.submit(session, minimal_questionnaire, draft)
    session.commit()
    assert first == second
    assert session.scalar(select(func.count()).select_from(Submission)) == 1
    # The draft is gone once sent: nothing links the reference to when it expired.
    assert session.get(Draft, draft.token) is None
    sent = submitting.find_sent(session, draft.token)
    assert sent is not None
    assert sent.reference == first
    assert draft.token not in repr(sent.summary_key)  # only its hash is kept


def test_a_stale_copy_of_the_draft_cannot_submit_again(
    minimal_app: Flask, minimal_questionnaire: Questionnaire
) -> None:
    # Two requests loaded the same draft before either submitted (a double click):
    # the second still holds a copy that says "not sent yet".
    factory = minimal_app.extensions["screener.db"]
    with minimal_app.app_context():
        with factory() as setup:
            token = drafts.start_draft(setup, 24).token
            setup.get(Draft, token).answers = dict(COMPLETE)
            setup.commit()
        with factory() as second:
            stale = second.get(Draft, token)
            second.commit()  # the copy outlives its transaction, as across requests
            with factory() as first:
                reference = submitting.submit(
                    first, minimal_questionnaire, first.get(Draft, token)
                )
                first.commit()
            assert submitting.submit(second, minimal_questionnaire, stale) == reference
            second.commit()
            assert second.scalar(select(func.count()).select_from(Submission)) == 1


def test_an_incomplete_draft_cannot_be_submitted(
    session: Session, minimal_questionnaire: Questionnaire
) -> None:
    draft = drafts.start_draft(session, 24)
    draft.answers = {"safety_now": ["none"]}
    with pytest.raises(submitting.IncompleteAnswers):
        submitting.submit(session, minimal_questionnaire, draft)


def test_saving_returns_only_new_red_flags(
    session: Session, minimal_questionnaire: Questionnaire
) -> None:
    draft = drafts.start_draft(session, 24)
    flags = drafts.save_answers(
        minimal_questionnaire, draft, {"safety_now": ["breathing"]}
    )
    assert [flag.id for flag in flags] == ["breathing"]
    assert (
        drafts.save_answers(minimal_questionnaire, draft, {"safety_now": ["breathing"]})
        == []
    )


def test_a_flag_withdrawn_and_raised_again_is_advised_again(
    session: Session, minimal_questionnaire: Questionnaire
) -> None:
    draft = drafts.start_draft(session, 24)
    q = minimal_questionnaire
    assert drafts.save_answers(q, draft, {"safety_now": ["breathing"]})
    assert drafts.save_answers(q, draft, {"safety_now": ["none"]}) == []
    again = drafts.save_answers(q, draft, {"safety_now": ["breathing"]})
    assert [flag.id for flag in again] == ["breathing"]


def test_a_blank_optional_answer_removes_the_old_one(
    session: Session, minimal_questionnaire: Questionnaire
) -> None:
    draft = drafts.start_draft(session, 24)
    draft.answers = dict(COMPLETE, other="Earlier words")
    drafts.save_answers(minimal_questionnaire, draft, {"age_now": 52, "other": None})
    assert "other" not in draft.answers


def test_reference_codes_are_easy_to_read_aloud() -> None:
    codes = {new_reference() for _ in range(500)}
    assert len(codes) == 500
    assert all(PATTERN.match(code) for code in codes)
    assert not any(char in "".join(codes) for char in "01ILOU")


def test_storing_writes_only_a_changed_draft(session: Session) -> None:
    draft = drafts.start_draft(session, 24)
    session.commit()
    updates: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("UPDATE"):
            updates.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        drafts.store(session, draft)  # nothing changed: no statement at all
        assert updates == []
        draft.answers["safety_now"] = ["none"]  # changed in place
        drafts.store(session, draft)
        session.commit()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(updates) == 1
    assert session.scalar(select(Draft.answers)) == {"safety_now": ["none"]}

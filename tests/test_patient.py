"""The patient's path through the test client, on the shipped questionnaire."""

from __future__ import annotations

import datetime as dt
import html

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from screener.db.clock import utc_now
from screener.db.models import Draft
from screener.db.models import Submission
from screener.pathway import route as flow
from screener.questionnaire import Questionnaire
from screener.web.templating import long_date

from .conftest import TEST_CLINIC
from .conftest import session_cookie
from .patient_walk import PatientWalk

# Pages of the shipped questions.yaml that these tests walk through.
BODY_MAP = "about_person_page"
NECK_MODULE = "neck_module"
HAND_MODULE = "arm_hand_module"
WHO_PAGE = "who_page"


def stored(db: Session) -> list[Submission]:
    db.expire_all()
    return list(db.scalars(select(Submission)))


def test_the_start_page_says_what_the_tool_cannot_do(
    client: FlaskClient, questionnaire: Questionnaire
) -> None:
    page = client.get("/").get_data(as_text=True)
    assert (
        "It cannot tell you whether you have dystonia or any other condition." in page
    )
    assert "This is not for emergencies." in page
    assert 'call <a class="phone-link" href="tel:999">999</a> now' in page
    assert "This is draft content." in page  # no review is claimed
    assert "Content reviewed by" not in page
    assert "not the time" in page
    assert "kept for 1 year" in page
    assert f"Questionnaire version {questionnaire.version}" in page
    assert "Start now" in page


def test_the_routine_path_stores_one_submission(
    patient: PatientWalk, db: Session, questionnaire: Questionnaire
) -> None:
    reference = patient.complete({"body_regions": ["neck", "arm_hand"]})

    (submission,) = stored(db)
    assert submission.reference == reference
    assert submission.answers == flow.prune(questionnaire, patient.answers)
    assert submission.questionnaire_version == questionnaire.version
    assert submission.questionnaire_hash == questionnaire.content_hash
    assert submission.submitted_on == dt.datetime.now(dt.UTC).date()
    assert submission.red_flag_level == "none"
    assert submission.region_codes == ["arm_hand", "neck"]
    # Staff only: neck and arm do not touch (the shoulder is between them).
    assert submission.distribution == "multifocal"
    assert submission.status == "new"
    assert patient.advice_pages == []


def test_the_first_question_page_is_the_safety_check(patient: PatientWalk) -> None:
    assert patient.start().headers["Location"] == "/continue"
    assert patient.get("/continue").headers["Location"] == "/questions/safety_check"


def test_skipped_branches_are_never_stored(
    patient: PatientWalk, db: Session, questionnaire: Questionnaire
) -> None:
    patient.start()
    patient.walk({"body_regions": ["neck"]}, stop_after=BODY_MAP)
    # Answer the neck questions, then go back and say it is the hand instead.
    assert patient.walk(stop_after=NECK_MODULE) != "/check-answers"
    neck_questions = [q.id for q in questionnaire.page(NECK_MODULE).page.questions]
    assert patient.answer(BODY_MAP, {"body_regions": ["arm_hand"]}).status_code == 302
    for question_id in neck_questions:
        patient.answers.pop(question_id, None)
    patient.walk()
    patient.post("/submit")

    (submission,) = stored(db)
    assert not set(neck_questions) & set(submission.answers)
    assert HAND_MODULE in patient.pages


def test_back_links_follow_the_patients_own_path(patient: PatientWalk) -> None:
    patient.start()
    patient.walk({"body_regions": ["eyes"]}, stop_after=BODY_MAP)
    nxt = patient.get("/continue").headers["Location"]
    page = patient.get(nxt).get_data(as_text=True)
    assert f'href="/questions/{BODY_MAP}"' in page
    assert ">Back<" in page
    first = patient.get("/questions/safety_check").get_data(as_text=True)
    assert 'class="back-link" href="/"' in first


def test_change_from_check_answers_returns_there(patient: PatientWalk) -> None:
    patient.start()
    patient.walk({"body_regions": ["eyes"]})
    check = patient.get("/check-answers").get_data(as_text=True)
    assert f"/questions/{BODY_MAP}?change=1" in check
    response = patient.answer(BODY_MAP, {"body_regions": ["eyes"]})
    # Without ?change=1 the normal next page follows; with it, back to the check page.
    assert response.headers["Location"] != "/check-answers"
    data = patient.form_data(BODY_MAP, {"body_regions": ["eyes"]})
    response = patient.post(f"/questions/{BODY_MAP}?change=1", data)
    assert response.headers["Location"] == "/check-answers"


def test_a_change_that_opens_new_questions_asks_them_first(
    patient: PatientWalk,
) -> None:
    patient.start()
    patient.walk({"body_regions": ["eyes"]})
    data = patient.form_data(BODY_MAP, {"body_regions": ["eyes", "neck"]})
    location = patient.post(f"/questions/{BODY_MAP}?change=1", data).headers["Location"]
    assert location.startswith("/questions/")
    assert location.endswith("?change=1")
    page = patient.get(location).get_data(as_text=True)
    assert "to check your answers" in page  # the Back link leads to the check page


def test_a_missing_answer_shows_the_error_summary_and_keeps_the_rest(
    patient: PatientWalk,
) -> None:
    patient.start()
    patient.walk(stop_after="safety_check")
    location = patient.get("/continue").headers["Location"]
    page_id = location.rsplit("/", 1)[1]
    data = patient.form_data(page_id, {})
    dropped = next(iter(data))
    kept = dict(list(data.items())[1:])
    response = patient.post(location, kept)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert f'href="#{dropped}-input"' in page
    assert f'id="{dropped}-error"' in page
    assert "<title>Error:" in page
    for value in kept.values():
        first = value[0] if isinstance(value, list) else value
        assert f'value="{first}" checked' in page or f'value="{first}"' in page


def test_a_choice_that_was_not_offered_is_refused(
    patient: PatientWalk, db: Session
) -> None:
    patient.start()
    response = patient.post(
        "/questions/safety_check", {"safety_now": ["none", "made_up"]}
    )
    assert response.status_code == 200
    assert "Tick only the answers shown." in response.get_data(as_text=True)
    assert db.scalar(select(Draft.answers)) == {}


def test_none_of_these_cannot_be_ticked_with_another_answer(
    patient: PatientWalk,
) -> None:
    patient.start()
    response = patient.post(
        "/questions/safety_check", {"safety_now": ["none", "breathing"]}
    )
    assert "cannot be ticked together with other answers" in response.get_data(
        as_text=True
    )


def test_a_number_out_of_range_or_not_a_number_is_explained(
    minimal_patient: PatientWalk,
) -> None:
    minimal_patient.start()
    minimal_patient.walk({"body_regions": ["arm_hand"]}, stop_after="body_map")
    for bad, message in (
        ("200", "Enter a number from 0 to 120."),
        ("twelve", "Enter a whole number"),
    ):
        response = minimal_patient.post("/questions/anything_else", {"age_now": bad})
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert message in page
        assert f'value="{bad}"' in page  # what was typed is kept, to correct it


def test_tampered_posts_are_refused_without_saving(
    patient: PatientWalk, db: Session
) -> None:
    patient.start()
    unknown = patient.post(
        "/questions/safety_check", {"safety_now": ["none"], "is_staff": "1"}
    )
    assert unknown.status_code == 400
    assert "is not a question on this page" in unknown.get_data(as_text=True)
    twice = patient.post(
        f"/questions/{WHO_PAGE}", {"who_answering": ["self", "carer_adult"]}
    )
    assert twice.status_code in (302, 400)  # who_page is not reachable yet: sent back
    assert db.scalar(select(Draft.answers)) == {}


def test_a_single_answer_sent_twice_is_refused(patient: PatientWalk) -> None:
    patient.start()
    patient.walk(stop_after="safety_check")
    location = patient.get("/continue").headers["Location"]
    page_id = location.rsplit("/", 1)[1]
    data = patient.form_data(page_id, {})
    single = next(name for name, value in data.items() if isinstance(value, str))
    data[single] = [data[single], data[single]]
    response = patient.post(location, data)
    assert response.status_code == 400
    assert "was answered more than once" in response.get_data(as_text=True)


def test_a_box_ticked_twice_is_refused_and_nothing_is_stored(
    patient: PatientWalk, db: Session
) -> None:
    # Found by an attack: `safety_now=none&safety_now=none` (or a region twice) was
    # stored as it came, and a repeated region then made every /submit fail with 500.
    patient.start()
    response = patient.post("/questions/safety_check", {"safety_now": ["none", "none"]})
    assert response.status_code == 400
    assert "ticked more than once" in response.get_data(as_text=True)
    assert db.scalar(select(Draft.answers)) == {}


def test_unknown_and_unreachable_pages(
    patient: PatientWalk, questionnaire: Questionnaire
) -> None:
    patient.start()
    assert patient.get("/questions/no_such_page").status_code == 404
    last = questionnaire.pages[-1].id
    assert patient.get(f"/questions/{last}").headers["Location"] == "/continue"
    assert (
        patient.post(f"/questions/{last}", {"anything_else": "x"}).headers["Location"]
        == "/continue"
    )
    patient.walk({"body_regions": ["eyes"]}, stop_after=BODY_MAP)
    assert (
        patient.get("/questions/motor_neck").status_code == 404
    )  # neck not ticked: never asked


def test_no_page_needs_a_draft_to_fail_gracefully(client: FlaskClient) -> None:
    for url in (
        "/questions/safety_check",
        "/continue",
        "/advice",
        "/check-answers",
        "/summary",
        "/summary/preview",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"] == "/", url
    assert client.post("/submit").headers["Location"] == "/"
    assert "We could not find your answers" in client.get("/").get_data(as_text=True)


def test_check_answers_needs_every_page_done(patient: PatientWalk) -> None:
    patient.start()
    assert patient.get("/check-answers").headers["Location"] == "/continue"
    assert patient.post("/submit").headers["Location"] == "/continue"


def test_sending_twice_stores_one_submission(patient: PatientWalk, db: Session) -> None:
    patient.start()
    patient.walk()
    first = patient.post("/submit")
    second = patient.post("/submit")
    assert first.headers["Location"] == second.headers["Location"] == "/summary"
    assert db.scalar(select(func.count()).select_from(Submission)) == 1
    # Once sent, the questions lead to the summary instead of a second draft.
    assert patient.get("/questions/safety_check").headers["Location"] == "/summary"


def test_the_preview_shows_the_summary_and_stores_nothing(
    patient: PatientWalk, db: Session
) -> None:
    patient.start()
    patient.walk({"body_regions": ["neck"]})
    page = patient.get("/summary/preview").get_data(as_text=True)
    assert "Summary of your answers — this is not a diagnosis" in page
    assert "These answers have not been sent to the clinic" in page
    assert "there is no reference code yet" in page
    assert "DYS-" not in page
    # The recommendation never points at a reference a preview does not have.
    assert "reference code on this summary" not in page
    assert stored(db) == []


def test_the_summary_after_sending(
    patient: PatientWalk, questionnaire: Questionnaire
) -> None:
    reference = patient.complete({"body_regions": ["neck"]})
    page = html.unescape(patient.get("/summary").get_data(as_text=True))
    assert "Summary of your answers — this is not a diagnosis" in page
    assert reference in page
    assert questionnaire.file.recommendation.title in page
    for item in questionnaire.file.recommendation.bring:
        assert item in page
    assert questionnaire.file.safety_net.title in page


def test_the_summary_reads_in_the_order_a_doctor_reads_it(
    patient: PatientWalk, questionnaire: Questionnaire
) -> None:
    patient.complete({"body_regions": ["neck"]})
    page = html.unescape(patient.get("/summary").get_data(as_text=True))
    file = questionnaire.file
    order = [
        'class="summary-meta"',
        file.summary.key_points_title,
        file.recommendation.title,
        file.recommendation.film_title,
        file.safety_net.title,
        "Information for you",
        "What you told us",
    ]
    places = [page.index(marker) for marker in order]
    assert places == sorted(places)
    for step in file.recommendation.film:
        assert step in page


def test_the_table_of_answers_leaves_out_none_and_never_unless_asked(
    patient: PatientWalk, questionnaire: Questionnaire
) -> None:
    patient.complete({"body_regions": ["neck"], "tiredness": "never"})
    compact = html.unescape(patient.get("/summary").get_data(as_text=True))
    every = html.unescape(patient.get("/summary?answers=all").get_data(as_text=True))
    tiredness = questionnaire.question("tiredness").label

    table = compact[compact.index('class="answers__tables"') :]
    assert tiredness not in table
    assert "None of these" not in table
    assert 'href="/summary?answers=all#answers-title"' in compact
    all_table = every[every.index('class="answers__tables"') :]
    assert tiredness in all_table
    assert "None of these" in all_table
    assert 'href="/summary#answers-title"' in every
    # Never in the key points either, as they restate only what they list.
    assert "Tiredness and sleep" in compact


def test_the_summary_says_when_which_version_and_whom_to_call(
    patient: PatientWalk, questionnaire: Questionnaire
) -> None:
    reference = patient.complete({"body_regions": ["neck"]})
    page = html.unescape(patient.get("/summary").get_data(as_text=True))
    meta = page[page.index('class="summary-meta"') : page.index("</dl>")]
    assert reference in meta
    assert f"<dt>Version</dt><dd>{questionnaire.version} of the questionnaire" in meta
    assert TEST_CLINIC["CLINIC_NAME"] in meta
    assert TEST_CLINIC["CLINIC_PHONE"] in meta
    assert long_date(utc_now().date()) in meta
    # Print and PDF work without JavaScript: a plain link.
    assert 'href="/summary.pdf"' in page


def test_start_again_asks_then_deletes_the_draft(
    patient: PatientWalk, db: Session
) -> None:
    patient.start()
    patient.walk(stop_after="safety_check")
    assert "Do you want to start again?" in patient.get("/start-again").get_data(
        as_text=True
    )
    assert patient.post("/start-again").headers["Location"] == "/"
    assert db.scalar(select(func.count()).select_from(Draft)) == 0
    assert patient.get("/continue").headers["Location"] == "/"


def test_start_again_ends_the_summary_for_every_copy_of_the_cookie(
    app: Flask, patient: PatientWalk, db: Session
) -> None:
    # Found by an attack: a cookie copied before "Start again" held the reference and
    # opened the whole summary, free text included, for the cookie's 31-day life.
    reference = patient.complete({"anything_else": "private words"})
    assert db.scalar(select(func.count()).select_from(Draft)) == 0  # gone once sent
    copied = app.test_client()
    with app.test_request_context():
        interface = app.session_interface
        serializer = interface.get_signing_serializer(app)  # type: ignore[attr-defined]
        held = serializer.loads(session_cookie(patient.client))
    assert set(held) <= {"draft", "csrf_token"}  # no reference code
    copied.set_cookie(app.config["SESSION_COOKIE_NAME"], session_cookie(patient.client))
    assert reference in copied.get("/summary").get_data(as_text=True)
    assert patient.get("/questions/safety_check").headers["Location"] == "/summary"
    patient.post("/start-again")
    gone = copied.get("/summary")
    assert gone.status_code == 302
    assert gone.headers["Location"] == "/"
    assert "private words" not in copied.get("/").get_data(as_text=True)


def test_the_start_page_offers_to_continue_a_draft(patient: PatientWalk) -> None:
    patient.start()
    patient.walk(stop_after="safety_check")
    page = patient.get("/").get_data(as_text=True)
    assert "Continue where you left off" in page
    assert patient.post("/start").headers["Location"] == "/continue"
    assert patient.get("/continue").headers["Location"] != "/questions/safety_check"


def test_the_footer_tells_the_truth_about_review(
    client: FlaskClient, minimal_app: Flask
) -> None:
    draft = client.get("/").get_data(as_text=True)
    assert "This content is a draft." in draft
    assert "A clinician has not reviewed it yet." in draft
    assert "reviewed by" not in draft
    reviewed = minimal_app.test_client().get("/").get_data(as_text=True)
    assert "Content reviewed by Test reviewer on 1 November 2026." in reviewed
    assert "draft" not in reviewed.lower()


def test_before_sending_the_patient_learns_what_happens_next(
    patient: PatientWalk,
) -> None:
    patient.start()
    patient.walk()
    page = html.unescape(patient.get("/check-answers").get_data(as_text=True))
    assert "Nobody reads the answers straight away." in page
    assert "usually looks at them within 10 working days" in page
    assert "cannot contact you" in page
    assert "If things get worse, don't wait:" in page
    for number in ("tel:999", "tel:111", "tel:+44-20-7946-0000"):
        assert f'href="{number}"' in page
    summary = patient.get("/summary/preview").get_data(as_text=True)
    assert 'href="tel:+44-20-7946-0000"' in summary


def test_a_page_of_optional_questions_can_be_skipped(patient: PatientWalk) -> None:
    patient.start()
    patient.walk(stop_after="care_so_far")
    page = patient.get("/questions/anything_else_page").get_data(as_text=True)
    assert "Skip this page" in page
    skipped = patient.post(
        "/questions/anything_else_page", {"anything_else": "typed", "skip": "1"}
    )
    assert skipped.headers["Location"] == "/check-answers"
    assert patient.get("/check-answers").status_code == 200
    required = patient.get("/questions/safety_check").get_data(as_text=True)
    assert "Skip this page" not in required


def test_a_scale_reads_each_anchor_once(
    patient: PatientWalk, questionnaire: Questionnaire
) -> None:
    """0 and 10 are explained once, under the buttons, and that text is the
    fieldset's description: neither repeated in a hint nor hidden from readers."""
    patient.start()
    patient.walk({"body_regions": ["neck"]}, stop_after="wellbeing_page")
    page = html.unescape(patient.get("/questions/daily_life_page").get_data(True))
    overall = questionnaire.question("impact_overall")
    anchor = f"{overall.min} means {overall.min_label}."

    assert page.count(anchor) == 1
    assert page.count(f"{overall.max} means") == 1
    assert f'id="{overall.id}-anchors"' in page
    fieldset = page[: page.index(f'id="{overall.id}-input"')]
    fieldset = fieldset[fieldset.rindex("<fieldset") :]
    assert f"{overall.id}-anchors" in fieldset  # aria-describedby
    assert 'aria-hidden="true"' not in fieldset

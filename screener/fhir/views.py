"""GET /fhir/Questionnaire/<version>: the questionnaire as a FHIR R4 Questionnaire.

Public and read-only: it holds the questions, never an answer, so it needs no sign-in.
The version in force comes from the app (with its translations); an older one from
the versions patients answered, stored in questionnaire_snapshot (in the clinic's
language only: its translations were not stored). Any other version is 404, as a
FHIR OperationOutcome.
"""

from __future__ import annotations

import hashlib

from fhir.resources.R4B.operationoutcome import OperationOutcome
from flask import Blueprint
from flask import Response
from flask import current_app
from flask import request
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import read_session
from ..db.models import QuestionnaireSnapshot
from ..questionnaire import Questionnaire
from ..submissions import snapshots
from ..web.extensions import QUESTIONNAIRE
from ..web.extensions import QUESTIONNAIRES
from .questionnaire import fhir_questionnaire
from .questionnaire import to_json

bp = Blueprint("fhir", __name__, url_prefix="/fhir")

MEDIA_TYPE = "application/fhir+json"
#: app.extensions: the JSON of the version in force, made on first request.
_CURRENT = "screener.fhir.questionnaire"


def stored_version(session: Session, version: str) -> Questionnaire | None:
    """The questionnaire patients answered under this version, or None.

    A version's text may have been changed without a new version number: the one
    used most recently under it is taken.
    """
    current: Questionnaire = current_app.extensions[QUESTIONNAIRE]
    content_hash = session.scalars(
        select(QuestionnaireSnapshot.content_hash)
        .where(QuestionnaireSnapshot.version == version)
        .order_by(
            QuestionnaireSnapshot.first_used_on.desc(),
            QuestionnaireSnapshot.content_hash,
        )
        .limit(1)
    ).first()
    if content_hash is None:
        return None
    return snapshots.as_answered(session, content_hash, current)


def questionnaire_json(session: Session, version: str) -> str | None:
    """The FHIR JSON of this version, or None if there is no such version."""
    current: Questionnaire = current_app.extensions[QUESTIONNAIRE]
    base = current_app.config["FHIR_BASE_URL"]
    if version == current.version:
        cached: tuple[str, str] | None = current_app.extensions.get(_CURRENT)
        if cached is None or cached[0] != current.content_hash:
            translations = current_app.extensions[QUESTIONNAIRES]
            made = to_json(fhir_questionnaire(current, base, translations))
            cached = (current.content_hash, made)
            current_app.extensions[_CURRENT] = cached
        return cached[1]
    found = stored_version(session, version)
    if found is None:
        return None
    return to_json(fhir_questionnaire(found, base))


@bp.get("/Questionnaire/<version>")
def questionnaire(version: str) -> Response:
    body = questionnaire_json(read_session(), version)
    if body is None:
        return _not_found()
    response = Response(body, content_type=f"{MEDIA_TYPE}; charset=utf-8")
    response.set_etag(hashlib.sha256(body.encode("utf-8")).hexdigest())
    response.make_conditional(request)
    return response


def _not_found() -> Response:
    outcome = OperationOutcome.model_validate(
        {
            "resourceType": "OperationOutcome",
            "issue": [
                {
                    "severity": "error",
                    "code": "not-found",
                    "diagnostics": "There is no questionnaire with this version.",
                }
            ],
        }
    )
    return Response(
        outcome.model_dump_json(),
        status=404,
        content_type=f"{MEDIA_TYPE}; charset=utf-8",
    )

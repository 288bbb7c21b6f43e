"""The REDCap data dictionary: the instrument a REDCap project needs so that our CSV
export imports into it. Audited like the other data dictionary, as that action with
`format: redcap`, so the log's list of actions stays the same."""

from __future__ import annotations

from flask import Response

from ... import redcap
from ...db import audit
from ...db import get_session
from ...web.extensions import current_questionnaire as questionnaire
from ..blueprint import bp
from ..blueprint import current_staff
from .export import _csv_response  # the same headers as every other CSV download


@bp.get("/redcap-dictionary.csv")
def redcap_dictionary() -> Response:
    db = get_session()
    audit.record(db, current_staff().username, "data_dictionary", format="redcap")
    db.commit()
    q = questionnaire()
    chunks = redcap.build(q).csv()
    return _csv_response(chunks, f"screener-redcap-dictionary-{q.version}.csv")

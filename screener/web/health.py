"""/healthz, for load balancers and monitors: 200 when the database answers, 503 when
it does not, and no details either way."""

from __future__ import annotations

from flask import Blueprint
from flask import Response
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..db import engine_of

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    try:
        with engine_of(current_app).connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return Response("unavailable\n", status=503, mimetype="text/plain")
    return Response("ok\n", mimetype="text/plain")

"""Every questionnaire version patients have answered, so old submissions stay readable
with the questions exactly as they were asked."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from .base import Base


class QuestionnaireSnapshot(Base):
    __tablename__ = "questionnaire_snapshot"

    #: sha256 of the file, as stored with each submission.
    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    #: The questions.yaml text itself.
    content: Mapped[str] = mapped_column(Text)
    first_used_on: Mapped[dt.date] = mapped_column(Date)

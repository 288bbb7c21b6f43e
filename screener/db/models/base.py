"""The declarative base shared by every model, and small helpers for constraints."""

from __future__ import annotations

from typing import Any
from typing import ClassVar

from sqlalchemy import JSON
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {dict[str, Any]: JSON, list[str]: JSON}


def one_of(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CHECK that a column holds one of the given strings."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"

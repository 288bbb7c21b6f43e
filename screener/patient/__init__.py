"""The patient's side: the blueprint's views and the forms built from questions.yaml."""

from .views import bp

__all__ = ["bp"]

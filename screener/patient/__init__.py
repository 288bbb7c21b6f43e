"""The patient's side: the blueprint, its pages, and the forms built from the file."""

# Each module adds its pages to the blueprint when imported.
from . import controls  # noqa: F401
from . import question_pages  # noqa: F401
from . import resume_views  # noqa: F401
from . import summary_views  # noqa: F401
from . import views  # noqa: F401
from .blueprint import bp

__all__ = ["bp"]

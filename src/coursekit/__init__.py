"""coursekit: the package behind the course on the IRGC, the Quds Force and their partners."""

from .knowledge.problems import CourseDataError, InputError, Problem

__version__ = "0.1.0"

__all__ = ["CourseDataError", "InputError", "Problem", "__version__"]

"""coursekit: the package behind the course on the IRGC, the Quds Force and their partners."""

from .problems import CourseDataError, Problem

__version__ = "0.1.0"

__all__ = ["CourseDataError", "Problem", "__version__"]

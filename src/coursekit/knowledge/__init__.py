"""The course's knowledge base: schema, loading, cross-record links, problems and their report.

=================  ===========================================================================
module             what it holds
=================  ===========================================================================
``schema``         every record kind (pydantic models), the shared field types, closed choices
``loader``         :func:`load_course`: every data file into a :class:`Course`, with lines
``links``          :func:`check_links`: ids and reference keys that point at nothing
``references``     the BibTeX reader, source tiers, and the one reference label formatter
``ledger``         the claims ledger's counts for prose (the ``{ledger}`` role), in digits or words
``yamlio``         YAML with line numbers
``problems``       :class:`Problem` values, :class:`CourseDataError`, :class:`InputError`
``report``         printing problems and stats
``paths``          the package's data folder (``importlib.resources``)
=================  ===========================================================================

``coursekit.check`` orchestrates these for ``coursekit check``; ``coursekit.data`` (the student
API) builds on them and never on ``check``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .paths import data_dir_for, package_data_dir
from .problems import CourseDataError, InputError, Problem, problem

if TYPE_CHECKING:
    from .links import check_links
    from .loader import FILES, Course, load_course

# pydantic and the loaders are imported on first use, so ``import coursekit`` stays light
_LAZY = {"check_links": "links", "FILES": "loader", "Course": "loader", "load_course": "loader"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["FILES", "Course", "CourseDataError", "InputError", "Problem", "check_links",
           "data_dir_for", "load_course", "package_data_dir", "problem"]

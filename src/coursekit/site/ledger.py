"""The site's ledger part: the ``{ledger}`` role, a count of the claims ledger as text.

``{ledger}`incorrect``` on a page becomes the number of claims the ledger marks incorrect, taken
from the course data when the page is read (:mod:`coursekit.knowledge.ledger` has the keys and the
forms). The data is the book's own (``src/coursekit/data`` beside ``_config.yml``), else the
installed package's, as for ``coursekit check``. A page using the role is read again when
``claims.yaml`` changes. A role that names no count is a warning at the page and line, so the
strict build (``-W``) fails on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from ..knowledge.ledger import LedgerError, course_counts, text_of
from ..knowledge.paths import data_dir_for
from ..knowledge.problems import CourseDataError

logger = logging.getLogger(__name__)
NB_LINES = 10000  # myst-nb: the lines of a notebook's cell n (from 1) are numbered from n * 10000


def _counts(app: Any) -> dict[str, int]:
    """The ledger's counts, read once per build (and per process of a parallel build)."""
    found = getattr(app, "_coursekit_ledger_counts", None)
    if found is None:
        try:
            found = course_counts(data_dir_for(Path(app.srcdir)))
        except CourseDataError as exc:
            raise ExtensionError(f"coursekit.ledger: the course data is invalid:\n{exc}") from None
        app._coursekit_ledger_counts = found
    return found


class LedgerRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        app = self.env.app
        self.env.note_dependency(str(data_dir_for(Path(app.srcdir)) / "claims.yaml"))
        try:
            text = text_of(self.text, _counts(app))
        except LedgerError as exc:
            logger.warning(f"{self._cell()}{exc}", location=self.get_location(), type="coursekit",
                           subtype="ledger")
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        return [nodes.Text(text)], []

    def _cell(self) -> str:
        """``"cell 12: "`` in a notebook (the cells counted from 1, as in the student form)."""
        if Path(str(self.env.doc2path(self.env.docname))).suffix != ".ipynb" or self.lineno < NB_LINES:
            return ""
        return f"cell {self.lineno // NB_LINES}: "


def _forget(app: Any) -> None:
    app._coursekit_ledger_counts = None


def setup(app: Any) -> None:
    app.add_role("ledger", LedgerRole())
    app.connect("builder-inited", _forget)

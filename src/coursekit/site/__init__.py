"""The course site: one Sphinx extension, ``coursekit.site``, made of parts.

=================  ===========================================================================
part               what it does to the built site
=================  ===========================================================================
``page``           self-contained, light, accessible pages: theme templates, thebe and unused
                   sphinx-design assets dropped, citation roles, the site stylesheet
``bibliography``   the references with their titles as written (pybtex style ``coursekit``)
``icons``          the icon fonts cut down to the icons the site uses (byte-identical builds)
``maps``           Leaflet and the map runtime served from the site, once per page
``quiz``           the quiz script and stylesheet, on pages with a quiz
``claimreview``    the claims ledger as ClaimReview JSON-LD (its page and ``claimreview.jsonld``)
``ledger``         the ``{ledger}`` role: a count of the claims ledger, from the data, as text
=================  ===========================================================================

Every part ships its package files with the one file helper (:mod:`.files`). The extension also
sets up :mod:`coursekit.execution` (the execution cache follows data and package; a notebook that
fails fails the build). In ``_config.yml``::

    sphinx:
      extra_extensions: [coursekit.site]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import bibliography, claimreview, icons, ledger, maps, page, quiz
from .page import assets_dir, templates_dir

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PARTS = (page, bibliography, icons, maps, quiz, claimreview, ledger)

__all__ = ["PARTS", "assets_dir", "setup", "templates_dir"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("coursekit.execution")
    for part in PARTS:
        part.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "3"}

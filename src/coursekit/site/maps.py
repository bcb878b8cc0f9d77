"""The site's maps part: maps load Leaflet and the runtime from the site, once per page.

A map's notebook output inlines its assets (so it works in JupyterLab with no network). For each
HTML page, this extension replaces the first inlined copy of each asset with a link to the copy
shipped into ``<site>/_coursekit/maps/`` (the URL is computed per page with ``pathto``) and drops
the later copies, so a page with several maps loads Leaflet once, from the site itself. The assets
are not put in ``_static``: Jupyter Book would then add them to every page. (The link goes where
the first inlined copy was, not into the page head, because the map code that follows it runs at
once; the notebook output inlines the assets so that it works in JupyterLab with no network.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx

from ..maps.render import ASSET_EXTRAS, ASSETS, asset_path
from ..templating import ENV
from .files import copy_files, is_html

ASSET_DIR = "_coursekit/maps"
LICENCES = ("leaflet/LICENSE",)
_INLINED = re.compile(r'<(style|script) data-coursekit-asset="([\w./-]+)">.*?</\1>', re.DOTALL)
_KINDS = dict(ASSETS)


def link_assets(body: str, pathto: Callable[..., str]) -> str:
    """``body`` with inlined map assets replaced by one link each (``pathto`` makes the URL)."""
    seen: set[str] = set()
    template = ENV.get_template("maps/asset-link.html.j2")

    def replace(match: re.Match) -> str:
        name = match.group(2)
        if name not in _KINDS:
            return match.group(0)
        if name in seen:
            return ""
        seen.add(name)
        return template.render(kind=_KINDS[name], name=name,
                               url=pathto(f"{ASSET_DIR}/{name}", 1)).strip()

    return _INLINED.sub(replace, body)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict,
                  doctree: Node | None) -> None:
    body = context.get("body")
    if body and "data-coursekit-asset" in body:
        context["body"] = link_assets(body, context["pathto"])


def copy_assets(outdir: Path) -> list[Path]:
    """Copy the map assets (with their licences) into ``outdir/_coursekit/maps``."""
    names = [n for n, _ in ASSETS] + list(ASSET_EXTRAS) + list(LICENCES)
    return copy_files(outdir, [(asset_path(name), f"{ASSET_DIR}/{name}") for name in names])


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and is_html(app):
        copy_assets(Path(app.outdir))


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)

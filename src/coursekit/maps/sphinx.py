"""Sphinx extension: on the built site, maps load Leaflet and the runtime from the site, once per page.

A map's notebook output inlines its assets (so it works in JupyterLab with no network). For each
HTML page, this extension replaces the first inlined copy of each asset with a link to the copy
shipped into ``<site>/_coursekit/maps/`` (the URL is computed per page with ``pathto``) and drops
the later copies, so a page with several maps loads Leaflet once, from the site itself. The assets
are not put in ``_static``: Jupyter Book would then add them to every page.

Use it in ``_config.yml``::

    sphinx:
      extra_extensions: [coursekit.maps.sphinx]
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx

from ..templating import ENV
from .render import ASSET_EXTRAS, ASSETS, asset_path

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
    written = []
    for name in [n for n, _ in ASSETS] + list(ASSET_EXTRAS) + list(LICENCES):
        target = outdir / ASSET_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with asset_path(name).open("rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        written.append(target)
    return written


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        copy_assets(Path(app.outdir))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

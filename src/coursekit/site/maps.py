"""The site's maps part: maps load Leaflet and the runtime from the site, once per page.

A map's notebook output inlines its assets, each in a ``<style>`` or ``<script>`` marked
``data-coursekit-asset`` (so it works in JupyterLab with no network). On the site, a post-transform
takes those elements out of the page's HTML output nodes (:func:`strip_inlined`, with the standard
library's HTML parser; the rest of each output is kept byte for byte) and notes on the document
which assets they were; in ``html-page-context`` the page then links each of them once, in the
page head and in :data:`~coursekit.maps.render.ASSETS` order, with ``app.add_css_file`` /
``app.add_js_file``. The files are copied into ``_static/coursekit-maps/`` when the builder starts,
so Sphinx finds them when it writes a page and adds its ``?v=<checksum>`` to each link.

Head scripts without ``defer`` run before the body is parsed, so ``L`` and ``coursekitMaps`` exist
when each map's own script runs. ``amd-hide.js`` comes before Leaflet: on a page that also loads
require.js (Jupyter widgets), Leaflet would otherwise register as an AMD module instead of setting
``window.L``; the runtime puts ``define`` back.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..maps.render import ASSET_EXTRAS, ASSETS, asset_path
from .files import STATIC, copy_files, is_html

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ASSET_DIR = "coursekit-maps"  # under the site's _static
LICENCES = ("leaflet/LICENSE",)
MARKER = "data-coursekit-asset"
DOCUMENT_KEY = "coursekit_map_assets"
_KINDS = dict(ASSETS)


class _InlinedAssets(HTMLParser):
    """Finds the character spans of the ``<style>``/``<script>`` elements marked with a known
    asset name (an unknown name is left alone)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.spans: list[tuple[int, int]] = []
        self.names: list[str] = []
        self._open: tuple[str, int] | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = dict(attrs).get(MARKER)
        if tag in ("style", "script") and name in _KINDS and self._open is None:
            self._open = (tag, self._offset())
            self.names.append(name)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[0] == tag:
            end = self.text.index(">", self._offset()) + 1
            self.spans.append((self._open[1], end))
            self._open = None


def strip_inlined(html: str) -> tuple[str, list[str]]:
    """``html`` without its inlined map assets, and the names of the assets it held (in order)."""
    if MARKER not in html:
        return html, []
    parser = _InlinedAssets(html)
    parser.feed(html)
    parser.close()
    kept, at = [], 0
    for start, end in parser.spans:
        kept.append(html[at:start])
        at = end
    kept.append(html[at:])
    return "".join(kept), parser.names


def linked(names: list[str] | set[str]) -> list[tuple[str, str]]:
    """``(path under the asset folder, kind)`` of each asset in ``names``, in the order a page
    must load them."""
    return [(name, kind) for name, kind in ASSETS if name in names]


class StripInlinedAssets(SphinxPostTransform):
    """Take the inlined map assets out of each HTML output and note their names on the document."""

    default_priority = 900  # after myst-nb has chosen each output's mime type
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        found: set[str] = set()
        for node in list(self.document.findall(nodes.raw)):
            if "html" not in node.get("format", "").split() or MARKER not in node.astext():
                continue
            text, names = strip_inlined(node.astext())
            node.replace(node[0], nodes.Text(text))
            found.update(names)
        if found:
            self.document[DOCUMENT_KEY] = sorted(found)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict,
                  doctree: nodes.document | None) -> None:
    names = doctree.get(DOCUMENT_KEY) if doctree is not None else None
    for name, kind in linked(names or []):
        if kind == "css":
            app.add_css_file(f"{ASSET_DIR}/{name}")
        else:
            app.add_js_file(f"{ASSET_DIR}/{name}")


def copy_assets(folder: Path) -> list[Path]:
    """Copy the map assets, the images Leaflet's CSS uses and Leaflet's licence into ``folder``
    (keeping their relative paths); the paths written."""
    names = [n for n, _ in ASSETS] + list(ASSET_EXTRAS) + list(LICENCES)
    return copy_files(folder, [(asset_path(name), name) for name in names])


def _copy_assets(app: Sphinx) -> None:
    if is_html(app):
        copy_assets(Path(app.outdir) / STATIC / ASSET_DIR)


def setup(app: Sphinx) -> None:
    app.add_post_transform(StripInlinedAssets)
    app.connect("builder-inited", _copy_assets)
    app.connect("html-page-context", _page_context)

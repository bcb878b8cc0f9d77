"""The site's page part: self-contained, light and accessible pages.

What it does to every HTML page, and why:

- **thebe**: Jupyter Book 1 always loads sphinx-thebe, which adds a script pointing at a CDN (whether
  or not thebe is used) and, under Sphinx 7.4, adds its inline script twice ("Identifier
  'THEBE_JS_URL' has already been declared"). Its scripts and stylesheet are dropped, and so are
  duplicate scripts.
- **theme templates** (``site/templates/``, put first on ``templates_path``): the theme's
  ``fontawesome.js`` (1.5 MB) is not loaded, since the icons render from the web fonts in the theme's
  CSS; Sphinx's search scripts and the search index load only on ``search.html``; the search button
  and the colour-mode switch no longer carry a label that contradicts their visible content. Each
  template is a copy of the theme's with one change; ``tests/test_site.py`` compares them.
- **sphinx-design** assets load only on pages whose body uses its ``sd-`` classes.
- **bibliography**: docutils marks citations ``role="doc-biblioentry"``, a deprecated role that is
  not allowed inside the ``role="list"`` around them; they become list items.
- **one small stylesheet** (``site/assets/coursekit-site.css``) on every page, for what the web-font
  icons need that the theme's icon script used to do.
- the **icon fonts** are cut down to the icons used (:mod:`.icons`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import STATIC, copy_files, is_html, package_files

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.config import Config

_THEBE_MARKERS = ("thebe", "THEBE_JS_URL")
SPHINX_DESIGN_ASSETS = ("sphinx-design.min.css", "design-tabs.js")
_SD_CLASS = re.compile(r'class="(?:[^"]*\s)?sd-[\w-]')
_CITATION_ROLE = re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"')


def templates_dir() -> Path:
    """The folder of theme overrides that the extension puts first on ``templates_path``."""
    return Path(str(package_files("coursekit.site", "templates")))


def assets_dir() -> Path:
    """Package files for the site's printable version (stylesheet, assembling script)."""
    return Path(str(package_files("coursekit.site", "assets")))


# -- scripts and stylesheets on each page ---------------------------------------------------------


def _filename(asset: Any) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _body(asset: Any) -> str:
    return str((getattr(asset, "attributes", None) or {}).get("body", ""))


def _is_thebe(asset: Any) -> bool:
    text = _filename(asset) + _body(asset)
    return any(marker in text for marker in _THEBE_MARKERS)


def clean_assets(assets: list[Any]) -> list[Any]:
    """Assets without thebe's, and without exact duplicates (same file and same inline body)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for asset in assets:
        key = (_filename(asset), _body(asset))
        if _is_thebe(asset) or key in seen:
            continue
        seen.add(key)
        kept.append(asset)
    return kept


def uses_sphinx_design(body: str) -> bool:
    """Whether a page body has an element with a sphinx-design (``sd-``) class."""
    return bool(_SD_CLASS.search(body))


def page_assets(assets: list[Any], body: str) -> list[Any]:
    """:func:`clean_assets`, and sphinx-design's files only when the body uses them."""
    kept = clean_assets(assets)
    if uses_sphinx_design(body):
        return kept
    return [a for a in kept if _filename(a).rsplit("/", 1)[-1] not in SPHINX_DESIGN_ASSETS]


def fix_citation_roles(body: str) -> str:
    """Citations as list items of the citation list (docutils gives them a deprecated role)."""
    return _CITATION_ROLE.sub(r'\1 role="listitem"', body)


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: Node | None) -> None:
    body = context.get("body") or ""
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = page_assets(list(context[key]), body)
    if "doc-biblioentry" in body:
        context["body"] = fix_citation_roles(body)


# -- setup ----------------------------------------------------------------------------------------


SITE_STYLESHEET = "coursekit-site.css"


def _copy_stylesheet(app: Sphinx) -> None:
    if is_html(app):
        copy_files(Path(app.outdir), [(assets_dir() / SITE_STYLESHEET, f"{STATIC}/{SITE_STYLESHEET}")])


def _on_config_inited(app: Sphinx, config: Config) -> None:
    folder = str(templates_dir())
    config.templates_path = [folder] + [p for p in config.templates_path if p != folder]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _copy_stylesheet)
    app.add_css_file(SITE_STYLESHEET)
    app.connect("html-page-context", _on_page_context, priority=900)

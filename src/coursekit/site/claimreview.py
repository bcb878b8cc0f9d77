"""The site's claimreview part: publish the claims ledger as ``ClaimReview`` JSON-LD.

- The page that discusses the ledger (``coursekit_claimreview_page``, by default
  ``chapters/09-reading-the-source``) carries the whole ledger in a
  ``<script type="application/ld+json">`` element, added the Sphinx way (``add_js_file`` with a
  body, on that page only) and escaped by :func:`coursekit.claimreview.script_json`.
- The same records are written to ``<site>/claimreview.jsonld`` (``coursekit_claimreview_file``)
  when the build finishes.
- The page is rebuilt when ``claims.yaml`` or ``references.bib`` changes, even if its notebook
  did not.

URLs are relative to the page (embedded) or to the site root (the file) unless ``html_baseurl`` is
set, in which case they are absolute. A book without the ledger sets ``coursekit_claimreview_page``
to ``""`` (in ``sphinx: config:``), which turns the part off.
"""

from __future__ import annotations

from pathlib import Path
from posixpath import basename
from typing import Any
from urllib.parse import urljoin

from sphinx.errors import ExtensionError

from ..claimreview import claim_reviews, file_json, script_json
from .files import is_html

DEFAULT_PAGE = "chapters/09-reading-the-source"
DEFAULT_FILE = "claimreview.jsonld"
JSON_LD = "application/ld+json"


def _course():
    from .. import data
    from ..knowledge.problems import CourseDataError

    try:
        return data.course()
    except CourseDataError as exc:
        raise ExtensionError(f"coursekit.claimreview: the course data is invalid:\n{exc}") from None


def _page_url(app: Any, *, from_root: bool) -> str:
    target = app.builder.get_target_uri(app.config.coursekit_claimreview_page)
    if app.config.html_baseurl:
        return urljoin(app.config.html_baseurl.rstrip("/") + "/", target)
    return target if from_root else basename(target)


def _author(app: Any) -> str:
    return app.config.author or app.config.project or "coursekit"


def _note_dependencies(app: Any, doctree: Any) -> None:
    if not app.config.coursekit_claimreview_page or app.env.docname != app.config.coursekit_claimreview_page:
        return
    from ..knowledge.paths import package_data_dir

    for name in ("claims.yaml", "references.bib"):
        app.env.note_dependency(str(package_data_dir() / name))


def _embed(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if not app.config.coursekit_claimreview_page or pagename != app.config.coursekit_claimreview_page \
            or not is_html(app):
        return
    document = claim_reviews(_course(), url=_page_url(app, from_root=False), author=_author(app))
    app.add_js_file(None, body=script_json(document), type=JSON_LD)


def _write_file(app: Any, exception: Exception | None) -> None:
    if exception is not None or not is_html(app) or not app.config.coursekit_claimreview_page:
        return
    if app.config.coursekit_claimreview_page not in app.env.all_docs:
        raise ExtensionError(f"coursekit.claimreview: no page {app.config.coursekit_claimreview_page!r} "
                             "in the book (set coursekit_claimreview_page in _config.yml)")
    document = claim_reviews(_course(), url=_page_url(app, from_root=True), author=_author(app))
    target = Path(app.outdir) / app.config.coursekit_claimreview_file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(file_json(document), encoding="utf-8")


def setup(app: Any) -> None:
    app.add_config_value("coursekit_claimreview_page", DEFAULT_PAGE, "html", [str])
    app.add_config_value("coursekit_claimreview_file", DEFAULT_FILE, "html", [str])
    app.connect("doctree-read", _note_dependencies)
    app.connect("html-page-context", _embed)
    app.connect("build-finished", _write_file)

"""The site's quiz part: serve the quiz script and stylesheet, and load them only on pages with a quiz.

The two files in ``coursekit/quiz/assets/static`` are copied to the site's ``_static`` (as
``coursekit-quiz.js`` and ``coursekit-quiz.css``) when the build starts (:mod:`.files`), and a
page links them only when its body contains a quiz. Nothing is fetched from another host.

When the book loads no ipywidgets JavaScript (``nb_ipywidgets_js: {}``), nothing on the site can
use the widget state that myst-nb embeds in a page (some 30 kB for a quiz), so on quiz pages that
state is left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .files import STATIC, copy_files, is_html, on_pages_with, package_files

MARKER = "data-coursekit-quiz="
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
SCRIPT = "coursekit-quiz.js"
STYLESHEET = "coursekit-quiz.css"


def static_dir() -> Path:
    return Path(str(package_files("coursekit.quiz", "assets", "static")))


def _copy_assets(app: Any) -> None:
    if is_html(app):
        copy_files(Path(app.outdir), [(static_dir() / name, f"{STATIC}/{name}")
                                      for name in (SCRIPT, STYLESHEET)])


def _drop_unused_widget_state(app: Any, pagename: str, templatename: str, context: dict,
                              doctree: Any) -> None:
    if MARKER not in context.get("body", "") or getattr(app.config, "nb_ipywidgets_js", None):
        return
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [js for js in scripts
                                   if getattr(js, "attributes", {}).get("type") != WIDGET_STATE]


def setup(app: Any) -> None:
    app.connect("builder-inited", _copy_assets)
    on_pages_with(app, MARKER, css=[STYLESHEET], js=[(SCRIPT, {"defer": "defer"})])
    app.connect("html-page-context", _drop_unused_widget_state, priority=900)  # after myst-nb's

"""Sphinx extension: serve the quiz script and stylesheet, and load them only on pages with a quiz.

Add ``coursekit.quiz.sphinx`` to ``sphinx: extra_extensions`` in ``_config.yml``. The two files
in ``assets/static`` are copied to the site's ``_static`` (as ``coursekit-quiz.js`` and
``coursekit-quiz.css``) when the build starts, overwriting older copies, so an edited asset reaches
the site on the next build; a page gets them only when its body contains a quiz. Nothing is fetched
from another host.

When the book loads no ipywidgets JavaScript (``nb_ipywidgets_js: {}``), nothing on the site can
use the widget state that myst-nb embeds in a page (some 30 kB for a quiz), so on quiz pages that
state is left out.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path
from typing import Any

MARKER = "data-coursekit-quiz="
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
SCRIPT = "coursekit-quiz.js"
STYLESHEET = "coursekit-quiz.css"


def static_dir() -> Path:
    return Path(str(resources.files("coursekit.quiz").joinpath("assets").joinpath("static")))


def _copy_assets(app: Any) -> None:
    if getattr(app.builder, "format", None) != "html":
        return
    target = Path(app.outdir) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    for name in (SCRIPT, STYLESHEET):
        shutil.copyfile(static_dir() / name, target / name)


def _add_assets(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if MARKER in context.get("body", ""):
        app.add_css_file(STYLESHEET)
        app.add_js_file(SCRIPT, defer="defer")


def _drop_unused_widget_state(app: Any, pagename: str, templatename: str, context: dict,
                              doctree: Any) -> None:
    if MARKER not in context.get("body", "") or getattr(app.config, "nb_ipywidgets_js", None):
        return
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [js for js in scripts
                                   if getattr(js, "attributes", {}).get("type") != WIDGET_STATE]


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _copy_assets)
    app.connect("html-page-context", _add_assets)
    app.connect("html-page-context", _drop_unused_widget_state, priority=900)  # after myst-nb's
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

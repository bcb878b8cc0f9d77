"""The one way the site's parts ship package files: copied into the built site, and linked per page
the Sphinx way (``app.add_css_file``/``app.add_js_file`` in ``html-page-context``), so a page loads
a part's script and stylesheet only when its body uses that part.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC = "_static"


def package_files(package: str, *parts: str) -> Traversable:
    """A folder of package files (``importlib.resources``), e.g. ``("coursekit.quiz", "assets")``."""
    folder = resources.files(package)
    for part in parts:
        folder = folder.joinpath(part)
    return folder


def is_html(app: Sphinx) -> bool:
    return getattr(app.builder, "format", None) == "html"


def copy_files(outdir: Path, files: Iterable[tuple[Traversable | Path, str]]) -> list[Path]:
    """Copy each ``(source, path in the site)`` into ``outdir``, overwriting older copies (so an
    edited asset reaches the site on the next build); the paths written."""
    written = []
    for source, name in files:
        target = Path(outdir) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        written.append(target)
    return written


def on_pages_with(app: Sphinx, marker: str, *, css: Sequence[str] = (),
                  js: Sequence[tuple[str, dict[str, Any]]] = ()) -> None:
    """Link ``css`` and ``js`` (files under ``_static``, with their attributes) on the pages whose
    body contains ``marker``, and only there."""

    def add(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
        if marker in (context.get("body") or ""):
            for name in css:
                app.add_css_file(name)
            for name, attributes in js:
                app.add_js_file(name, **attributes)

    app.connect("html-page-context", add)

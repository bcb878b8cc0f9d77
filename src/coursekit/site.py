"""Sphinx extension for the course site: keep every page self-contained and free of errors.

Jupyter Book 1 always loads sphinx-thebe, which adds a script pointing at a CDN (whether or not
thebe is used) and, under Sphinx 7.4, adds its inline script twice, so every page logs
"Identifier 'THEBE_JS_URL' has already been declared". This extension removes thebe's scripts and
stylesheet from pages (the course does not use thebe) and drops duplicate scripts.

Enable it in ``_config.yml``::

    sphinx:
      extra_extensions: [coursekit.site]
"""

from __future__ import annotations

from typing import Any

_THEBE_MARKERS = ("thebe", "THEBE_JS_URL")


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


def _on_page_context(app, pagename, templatename, context, doctree) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = clean_assets(list(context[key]))


def setup(app) -> dict[str, Any]:
    app.connect("html-page-context", _on_page_context, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

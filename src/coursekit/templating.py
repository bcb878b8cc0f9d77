"""The one rendering stack for every piece of HTML and JavaScript the package writes.

- One Jinja environment, :data:`ENV`: sandboxed (a template could never reach Python internals
  even if one were ever user-supplied), autoescaping on for every template, and an undefined
  variable is an error, not an empty string. Templates are package files, found by the package
  that owns them: ``ENV.get_template("maps/figure.html.j2")`` is
  ``coursekit/maps/templates/figure.html.j2``.
- One escaper for JSON inside ``<script>``: Jinja's ``tojson`` filter
  (:func:`jinja2.utils.htmlsafe_json_dumps`: ``<``, ``>``, ``&`` and ``'`` become ``\\u`` escapes,
  and every non-ASCII character too, so U+2028/U+2029 travel as escapes). In Python, call
  :func:`script_json`, which is the same function.

Author text reaches a page only as a context variable (escaped by the template) or as JSON data
(escaped by ``tojson``); it is never part of any template's source.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

_HERE = Path(__file__).resolve().parent
PACKAGES = ("maps", "quiz", "figures", "exercises")  # each keeps its templates in <package>/templates
# Stable output: sorted keys, no spaces, and refuse NaN (not JSON).
JSON_OPTIONS: dict[str, Any] = {"sort_keys": True, "separators": (",", ":"), "allow_nan": False}

ENV = ImmutableSandboxedEnvironment(
    loader=PrefixLoader({package: FileSystemLoader(_HERE / package / "templates")
                         for package in PACKAGES}),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
ENV.policies["json.dumps_kwargs"] = dict(JSON_OPTIONS)


def script_json(value: Any) -> Markup:
    """``value`` as JSON that is safe inside an HTML ``<script>`` (the ``tojson`` filter)."""
    return htmlsafe_json_dumps(value, **JSON_OPTIONS)


def render(name: str, **context: Any) -> str:
    """Render the package template ``name`` (``"<package>/<file>"``) with ``context``."""
    return ENV.get_template(name).render(**context)


def macro(name: str, macro_name: str) -> Callable[..., Markup]:
    """A macro of a package template, as a callable returning escaped :class:`Markup`."""
    return getattr(ENV.get_template(name).module, macro_name)

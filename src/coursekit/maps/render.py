"""Turn a built Folium map into the HTML a notebook cell shows: map, caption, text alternative.

The output is one self-contained block: Leaflet and the coursekit runtime are inlined (marked
with ``data-coursekit-asset``), so a map works in JupyterLab with no network. On the built site,
``coursekit.maps.sphinx`` swaps those inlined assets for one site-relative link per page.

Ids are deterministic: every Folium element is renumbered under a prefix taken from a hash of
the map's content, so building the same map twice gives the same bytes.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from typing import Any, Literal

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Environment, PackageLoader, select_autoescape

# Inlined in this order: Leaflet's CSS, ours, the AMD guard, Leaflet, the runtime (restores AMD).
ASSETS: tuple[tuple[str, Literal["css", "js"]], ...] = (
    ("leaflet/leaflet.css", "css"),
    ("coursekit-maps.css", "css"),
    ("amd-hide.js", "js"),
    ("leaflet/leaflet.js", "js"),
    ("coursekit-maps.js", "js"),
)
# Shipped beside the assets on the site (referenced by leaflet.css).
ASSET_EXTRAS = ("leaflet/images/layers.png", "leaflet/images/layers-2x.png")
RUNTIME_CALLS = ("markers", "links", "legend", "story")

_UNSAFE_IN_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                 "\u2029": "\\u2029"}


def safe_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>``: sorted keys, ``<``, ``>``, ``&`` escaped."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)


ENV = Environment(
    loader=PackageLoader("coursekit.maps", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
ENV.filters["safe_json"] = safe_json


@dataclass(frozen=True)
class Asset:
    name: str
    kind: Literal["css", "js"]
    text: str


def asset_path(name: str):
    return files("coursekit.maps").joinpath("assets", *name.split("/"))


@cache
def assets() -> tuple[Asset, ...]:
    out = []
    for name, kind in ASSETS:
        text = asset_path(name).read_text(encoding="utf-8")
        if _UNSAFE_IN_SCRIPT.search(text) or re.search(r"</style", text, re.IGNORECASE):
            raise RuntimeError(f"asset {name} cannot be inlined: it contains a closing tag")
        out.append(Asset(name, kind, text))
    return tuple(out)


class Runtime(MacroElement):
    """A call into the coursekit runtime (``coursekit-maps.js``) on the parent layer or map.

    ``payload`` is plain data (text stays text: the runtime uses textContent).
    """

    _template = ENV.get_template("runtime.js.j2")

    def __init__(self, call: str, payload: Any):
        super().__init__()
        if call not in RUNTIME_CALLS:
            raise ValueError(f"unknown runtime call {call!r}")
        self._name = "Runtime"
        self.call = call
        self.payload = payload


@dataclass(frozen=True)
class AltText:
    """The text alternative shown below a map: what is on it, as a table."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    intro: str | None = None
    note: str | None = None


def _elements(root: Element):
    yield root
    for child in root._children.values():
        yield from _elements(child)


def _renumber(root: Element, prefix: str) -> None:
    for index, element in enumerate(_elements(root)):
        element._id = f"{prefix}{index}"


def _map_script(fmap: folium.Map, prefix: str) -> tuple[str, str]:
    """The map's JavaScript, with ids under ``prefix``; renders a copy (Folium's render adds
    elements to the tree it renders, so rendering the original twice would repeat them)."""
    fmap = copy.deepcopy(fmap)
    _renumber(fmap, prefix)
    figure = Figure()
    figure.add_child(fmap)
    figure.render()
    script = figure.script.render()
    if _UNSAFE_IN_SCRIPT.search(script):
        raise RuntimeError("map script contains '</script' or '<!--': unescaped text reached it")
    return "\n".join(line.rstrip() for line in script.splitlines() if line.strip()), fmap.get_name()


@dataclass
class MapFigure:
    """A built map: ``_repr_html_`` shows it (with caption and text alternative) in a notebook.

    ``folium`` is the underlying :class:`folium.Map`, ``alt`` the text alternative,
    ``data_size`` the bytes of this map's own HTML (without the shared Leaflet/runtime assets).
    """

    folium: folium.Map
    caption: str
    alt: AltText
    kind: str
    story_first: str | None = None

    @cached_property
    def digest(self) -> str:
        draft, _ = _map_script(self.folium, "0")
        content = safe_json([self.kind, self.caption, self.alt.__dict__, self.story_first, draft])
        return hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]

    def _render(self, with_assets: bool) -> str:
        script, map_id = _map_script(self.folium, f"{self.digest}_")
        fid = f"ck-map-{self.digest}"
        story = {"first": self.story_first} if self.story_first is not None else None
        return ENV.get_template("figure.html.j2").render(
            kind=self.kind, fid=fid, map_id=map_id, caption=self.caption,
            alt=self.alt, story=story, script=script,
            assets=assets() if with_assets else ())

    @cached_property
    def html(self) -> str:
        return self._render(with_assets=True)

    @cached_property
    def data_size(self) -> int:
        return len(self._render(with_assets=False).encode("utf-8"))

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<MapFigure {self.kind}: {self.caption}>"

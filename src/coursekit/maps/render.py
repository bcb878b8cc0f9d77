"""Turn a built Folium map into the HTML a notebook cell shows: map, caption, text alternative.

The output is one self-contained block: Leaflet and the coursekit runtime are inlined (marked
with ``data-coursekit-asset``), so a map works in JupyterLab with no network. On the built site,
``coursekit.site.maps`` swaps those inlined assets for one site-relative link per page.

Ids are deterministic: every Folium element is renumbered under a prefix taken from a hash of
the map's content, so building the same map twice gives the same bytes.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import TemplateError

from ..templating import ENV

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
RUNTIME_CALLS = ("outlines", "markers", "links", "legend", "story", "overlay", "layers", "frame")

_UNSAFE_IN_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)
# Jinja's default delimiters: branca compiles every macro's output with jinja2.Template(), so a
# string holding one of these would be template code.
_JINJA_DELIMITERS = ("{{", "{%", "{#")
# A text with none of these characters can do nothing in a template, a script or markup.
_ACTIVE = re.compile("[{}<>\\`\"'\n\r\u2028\u2029]")


class MapRenderError(RuntimeError):
    """Author text reached a string that branca compiles as a template (the build stops)."""

@dataclass(frozen=True)
class Asset:
    name: str
    kind: Literal["css", "js"]
    text: str


def asset_path(name: str) -> Traversable:
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

    ``payload`` is plain data (the only place author text lives in a map's Folium tree). It never
    reaches a template: when the map is rendered, every payload goes into the map's JSON data
    block and the script branca writes sees only its index, ``ck.<call>(<parent>, <index>)``.
    ``refs`` are other elements of the tree the call needs (passed by their JS variable names).
    """

    _template = ENV.get_template("maps/runtime.js.j2")

    def __init__(self, call: str, payload: Any, refs: tuple[Element, ...] = ()):
        super().__init__()
        if call not in RUNTIME_CALLS:
            raise ValueError(f"unknown runtime call {call!r}")
        self._name = "Runtime"
        self.call = call
        self.payload = payload
        self.refs = tuple(refs)
        self.target = ""  # the parent's JS name and the payload's index, set by _map_script
        self.key = -1


@dataclass(frozen=True)
class AltText:
    """The text alternative shown below a map: what is on it, as a table."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    intro: str | None = None
    note: str | None = None
    noun: str = "row"  # what a row is, for the folded table's summary ("12 events")

    @property
    def count(self) -> str:
        n = len(self.rows)
        return f"{n} {self.noun}{'' if n == 1 else 's'}"


def _elements(root: Element) -> Iterator[Element]:
    yield root
    for child in root._children.values():
        yield from _elements(child)


def _renumber(root: Element, prefix: str) -> None:
    for index, element in enumerate(_elements(root)):
        element._id = f"{prefix}{index}"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item)


def _active_texts(data: Any) -> set[str]:
    """The strings of the data block that could mean something to Jinja, JS or HTML."""
    return {text for text in _strings(data) if _ACTIVE.search(text)}


def _reaching(texts: set[str], haystack: str) -> str | None:
    for text in texts:
        if text in haystack or json.dumps(text)[1:-1] in haystack:
            return text
    return None


def _check_tree(root: Element, texts: set[str]) -> None:
    """Before branca renders: no element's attributes (but a Runtime's payload) hold author text."""
    for element in _elements(root):
        for name, value in vars(element).items():
            if name in ("_children", "_parent", "_template") or (
                    isinstance(element, Runtime) and name == "payload"):
                continue
            for found in _strings(value):
                text = _reaching(texts, found)
                if text is not None:
                    raise MapRenderError(f"author text {text!r} reached {type(element).__name__}."
                                         f"{name}, which branca renders as a template")


def _check_compiled(figure: Figure, texts: set[str]) -> None:
    """After branca compiled the macros' output: each string it compiled is plain text to Jinja."""
    for section in (figure.header, figure.html, figure.script):
        for child in section._children.values():
            source = getattr(child, "_template_str", None) or ""
            if any(d in source for d in _JINJA_DELIMITERS):
                raise MapRenderError(f"the map's {child.get_name()} holds template code")
            text = _reaching(texts, source)
            if text is not None:
                raise MapRenderError(f"author text {text!r} reached {child.get_name()}, which "
                                     "branca compiles as a template")


def _map_script(fmap: folium.Map, prefix: str) -> tuple[str, str, list[Any]]:
    """The map's JavaScript (ids under ``prefix``), its JS name, and its data block.

    Renders a copy (Folium's render adds elements to the tree it renders, so rendering the
    original twice would repeat them). Fails with :class:`MapRenderError` if any author text
    would reach a string branca compiles as a Jinja template.
    """
    fmap = copy.deepcopy(fmap)
    _renumber(fmap, prefix)
    data: list[Any] = []
    for element in _elements(fmap):
        if isinstance(element, Runtime):
            assert element._parent is not None  # _elements walks down from the map
            element.key, element.target = len(data), element._parent.get_name()
            data.append(element.payload)
    texts = _active_texts(data)
    _check_tree(fmap, texts)
    figure = Figure()
    figure.add_child(fmap)
    try:
        figure.render()
    except TemplateError as exc:  # pragma: no cover - _check_tree stops author text before this
        raise MapRenderError(f"a map element failed to compile as a template: {exc}") from None
    _check_compiled(figure, texts)
    script = figure.script.render()
    if _UNSAFE_IN_SCRIPT.search(script):
        raise MapRenderError("map script contains '</script' or '<!--': unescaped text reached it")
    lines = "\n".join(line.rstrip() for line in script.splitlines() if line.strip())
    return lines, fmap.get_name(), data


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
    frame: Any = None  # the maps.frame.Frame the map opens on (its area of interest), from the data

    @cached_property
    def digest(self) -> str:
        draft, _, data = _map_script(self.folium, "0")
        content = json.dumps([self.kind, self.caption, self.alt.__dict__, self.story_first, data, draft],
                             sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]

    def _render(self, with_assets: bool) -> str:
        script, map_id, data = _map_script(self.folium, f"{self.digest}_")
        fid = f"ck-map-{self.digest}"
        story = {"first": self.story_first} if self.story_first is not None else None
        return ENV.get_template("maps/figure.html.j2").render(
            kind=self.kind, fid=fid, map_id=map_id, caption=self.caption,
            alt=self.alt, story=story, script=script, data=data,
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

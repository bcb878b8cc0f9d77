"""The map every builder starts from: offline outlines, an opt-in online layer, a layer control.

- The default base layer is the shipped country outlines (``basemap``): nothing is fetched.
- OpenStreetMap is a second base layer, listed in the layer control but not added to the map, so
  Leaflet requests no tile until a reader chooses it.
- Countries a map is about are an overlay above either base layer.

No author text enters the Folium tree: the outlines carry only numbers and a flag, layers have
no Folium name, and the names shown in the layer control travel as data (``Runtime``), written
by the runtime with ``textContent``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import folium

from . import style
from .basemap import Bounds, basemap
from .frame import Frame
from .render import Runtime

OUTLINES = "Country outlines (offline)"
ONLINE = "OpenStreetMap (online)"  # tiles from tile.openstreetmap.org, fetched only when chosen


def _inert(collection: dict) -> dict:
    """The outlines with no text at all: a numeric id and the ``course`` flag per feature."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": index, "properties": {"course": bool(f["properties"]["course"])},
         "geometry": f["geometry"]} for index, f in enumerate(collection["features"])]}


def new_map(boundaries: Mapping[str, Mapping[str, Any]], view: Bounds, *,
            highlight: Iterable[str] = (), highlight_colour: str = style.HIGHLIGHT) -> folium.Map:
    fmap = folium.Map(location=None, tiles=None, zoom_control=True, scroll_wheel_zoom=False,
                      prefer_canvas=False, zoom_snap=0.25)
    layers = basemap(boundaries, view, highlight)
    # the outlines travel in the map's compact data block and are drawn by the runtime: the
    # offline base layer (land, course land) and, above either base layer, the highlighted countries
    outline = {"color": style.BORDER, "fillOpacity": 1, "weight": 0.8}
    fmap.add_child(Runtime("outlines", {
        "context": _inert(layers.context),
        "land": {**outline, "fillColor": style.LAND}, "course": {**outline, "fillColor": style.COURSE_LAND},
        "highlight": _inert(layers.highlight) if layers.highlight["features"] else None,
        "highlighted": {"fillColor": highlight_colour, "fillOpacity": 0.75, "color": style.BORDER,
                        "weight": 1.5}}))
    folium.TileLayer("OpenStreetMap", overlay=False, control=False, show=False).add_to(fmap)
    return fmap


def layer(fmap: folium.Map, name: str, order: int | None = None) -> folium.FeatureGroup:
    """An overlay listed in the layer control under ``name`` (shown as text), at ``order``."""
    group = folium.FeatureGroup(overlay=True, control=False, show=True)
    group.add_to(fmap)
    group.add_child(Runtime("overlay", {"name": name} if order is None else {"name": name, "order": order}))
    return group


def finish(fmap: folium.Map, view: Frame, legend: dict | None = None) -> folium.Map:
    """Legend, layer control and the initial view: the frame's area of interest (see ``frame``)."""
    if legend:
        fmap.add_child(Runtime("legend", legend))
    # the layer control, after every overlay has registered its name: the two base layers (the
    # outlines the runtime drew, and the tile layer)
    tiles = next(c for c in fmap._children.values() if isinstance(c, folium.TileLayer))
    fmap.add_child(Runtime("layers", {"base": [OUTLINES, ONLINE], "collapsed": False,
                                      "position": "bottomright"}, refs=(tiles,)))
    # the runtime fits the view to the area of interest (clear of the legend and layer control
    # along the bottom edge), lists what lies outside it, and keeps markers and labels apart
    fmap.add_child(Runtime("frame", view.payload()))
    return fmap

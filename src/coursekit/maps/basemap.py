"""The offline basemap: the shipped country outlines, cut down to what one map shows.

The countries whose outline reaches into the map's view (plus a margin) are kept at the detail of
that view, the rest of the world as coarsely as a whole-world view needs, with just the properties
the map uses, and coordinates rounded to what the scale can show. That keeps one map's data within
its weight budget (250 kB) while no marker, however far, sits in blank sea.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Bounds = tuple[float, float, float, float]  # south, west, north, east


@dataclass(frozen=True)
class Basemap:
    context: dict     # FeatureCollection: every country in view that is not highlighted
    highlight: dict   # FeatureCollection: the countries the map is about (may be empty)


def bounds_of(points: Iterable[tuple[float, float]], *, pad: float = 0.15, minimum: float = 4.0) -> Bounds:
    """Bounds around (lat, lon) points, padded by ``pad`` of their span and at least ``minimum``°."""
    pts = list(points)
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    dlat = max((north - south) * pad, (minimum - (north - south)) / 2, 0.5)
    dlon = max((east - west) * pad, (minimum - (east - west)) / 2, 0.5)
    return (max(south - dlat, -85.0), max(west - dlon, -180.0), min(north + dlat, 85.0),
            min(east + dlon, 180.0))


def union(a: Bounds, b: Bounds) -> Bounds:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def feature_bounds(feature: Mapping[str, Any]) -> Bounds:
    coords = [pt for ring in _rings(feature["geometry"]) for pt in ring]
    return (min(c[1] for c in coords), min(c[0] for c in coords), max(c[1] for c in coords),
            max(c[0] for c in coords))


def _overlaps(a: Bounds, b: Bounds) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def precision_for(view: Bounds) -> int:
    """Decimal places worth keeping: about a pixel at the zoom that fits ``view`` in ~700 px."""
    span = max(view[2] - view[0], view[3] - view[1])
    return 3 if span <= 12 else 2 if span <= 60 else 1


def tolerance_for(view: Bounds) -> float:
    """Degrees a line may move when simplified: about one pixel with ``view`` ~600 px wide.

    (The world beyond a map's view is drawn at three times the whole world's tolerance: it is only
    seen when a reader pans or zooms far out.)"""
    return max(view[2] - view[0], view[3] - view[1]) / 600


def _simplify(points: list[list[float]], tolerance: float) -> list[list[float]]:
    """Douglas–Peucker (iterative), keeping both ends; distances in degrees."""
    if len(points) < 3 or tolerance <= 0:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                dist = ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            else:
                dist = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
            if dist > worst:
                worst, index = dist, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


Window = tuple[Bounds, float] | None  # the detailed window and the tolerance beyond it


def _simplified(points: list[list[float]], tolerance: float, window: Window) -> list[list[float]]:
    """Douglas-Peucker at ``tolerance`` inside ``window``'s bounds, at its coarser one outside.

    The ring is cut into runs of points inside and outside the window; each run is simplified
    on its own (its two ends kept), so one country's outline (Russia's) is detailed where the
    map looks and coarse where it does not."""
    if window is None:
        return _simplify(points, tolerance)
    (south, west, north, east), coarse = window
    inside = [south <= lat <= north and west <= lon <= east for lon, lat in points]
    out: list[list[float]] = []
    start = 0
    for i in range(1, len(points) + 1):
        if i == len(points) or inside[i] != inside[start]:
            run = points[start:min(i + 1, len(points))]
            part = _simplify(run, tolerance if inside[start] else coarse)
            out += part if not out else part[1:] if out[-1] == part[0] else part
            start = i
    return out


def _round_ring(ring: list[list[float]], digits: int, tolerance: float = 0.0,
                window: Window = None) -> list[list[float]] | None:
    out: list[list[float]] = []
    for lon, lat in _simplified([list(p) for p in ring], tolerance, window):
        point = [round(lon, digits), round(lat, digits)]
        if not out or point != out[-1]:
            out.append(point)
    if len(out) > 1 and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def _round_geometry(geometry: Mapping[str, Any], digits: int, tolerance: float = 0.0,
                    window: Window = None) -> dict | None:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    if window is None and tolerance > 0 and len(polygons) > 1:
        # coarse: islands smaller than a few pixels go (the largest part always stays)
        def span(polygon: list) -> float:
            lons, lats = [p[0] for p in polygon[0]], [p[1] for p in polygon[0]]
            return max(max(lons) - min(lons), max(lats) - min(lats))
        largest = max(polygons, key=span)
        polygons = [p for p in polygons if p is largest or span(p) > 4 * tolerance]
    kept = []
    for polygon in polygons:
        rings = [r for r in (_round_ring(ring, digits, tolerance, window) for ring in polygon) if r]
        if rings and len(rings[0]) >= 4:
            kept.append(rings)
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


# Countries beyond the view (and its margin) are drawn too, so a marker far away (Washington,
# Buenos Aires) never sits in blank sea: coarsely, as a whole-world view would show them.
WORLD_VIEW: Bounds = (-85.0, -180.0, 85.0, 180.0)
MAX_MARGIN = 8.0  # degrees of detail kept around the view, at most
WORLD_COARSENESS = 3  # beyond it, this many whole-world pixels (seen only when panned or zoomed out)
SMALL_COUNTRY = 2.5  # degrees: a course country smaller than this keeps ~1 km detail near the view


def basemap(boundaries: Mapping[str, Mapping[str, Any]], view: Bounds,
            highlight: Iterable[str] = ()) -> Basemap:
    """Every country, split into context and highlight, at the detail the map needs.

    Outlines within ``view`` (and a margin of a quarter of its size, at most 8°) are simplified to
    about a
    pixel of that view (:func:`tolerance_for`, :func:`precision_for`); the rest of the world,
    and the parts of an outline beyond that margin, to about a pixel of a whole-world view.
    Features keep only ``iso3`` and ``course``.
    """
    chosen = set(highlight)
    margin_lat = min((view[2] - view[0]) / 4, MAX_MARGIN)
    margin_lon = min((view[3] - view[1]) / 4, MAX_MARGIN)
    wide = (view[0] - margin_lat, view[1] - margin_lon, view[2] + margin_lat, view[3] + margin_lon)
    far = (precision_for(WORLD_VIEW), WORLD_COARSENESS * tolerance_for(WORLD_VIEW), None)
    near = (precision_for(view), tolerance_for(view), (wide, far[1]))
    context: list[dict] = []
    highlighted: list[dict] = []
    for iso3 in sorted(boundaries):
        feature = boundaries[iso3]
        box = feature_bounds(feature)
        digits, tolerance, window = near if _overlaps(box, wide) else far
        if window is not None and feature["properties"].get("course") and \
                max(box[2] - box[0], box[3] - box[1]) < SMALL_COUNTRY:
            # a small course country (Bahrain, Lebanon, Qatar) keeps its shape, so its coastal
            # places stay on land at any scale
            digits, tolerance = 3, min(tolerance, 0.01)
        geometry = _round_geometry(feature["geometry"], digits, tolerance, window)
        if geometry is None and window is not None:  # never drop a country near the view
            geometry = _round_geometry(feature["geometry"], 3, tolerance / 4)
        if geometry is None:
            continue
        slim = {"type": "Feature",
                "properties": {"iso3": iso3, "course": bool(feature["properties"].get("course"))},
                "geometry": geometry}
        (highlighted if iso3 in chosen else context).append(slim)
    return Basemap(_collection(context), _collection(highlighted))


def country_name(boundaries: Mapping[str, Mapping[str, Any]], iso3: str) -> str:
    feature = boundaries.get(iso3)
    return str(feature["properties"].get("name") or iso3) if feature else iso3

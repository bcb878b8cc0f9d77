"""Where a map opens: the area of interest computed from the data, and what lies outside it.

A map's story sits in a few countries; a handful of its markers may be far away (two US
designations placed in Washington, a bombing in Buenos Aires). Fitting the view to every
marker would shrink the story to a patch. So the view is fitted to the *area of interest*: the
countries the map is about, plus the points that cluster around the story, found with a robust
rule (distance from the weighted median centre, compared with the median distance). Points
outside stay on the map, are listed in an overview box on the map with a count ("2 events in
Washington (United States)") and, as every point, in the text alternative.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .basemap import Bounds, bounds_of, union

# A point is far (outside the area of interest) when it lies more than FAR_FACTOR times the
# weighted median distance from the weighted median centre, and more than FAR_MIN_KM from it.
FAR_FACTOR = 4.0
FAR_MIN_KM = 1500.0


@dataclass(frozen=True)
class Point:
    """A place a map shows: where, how much of the map it carries, and how to name it outside."""

    lat: float
    lon: float
    weight: float = 1.0
    key: str = ""          # groups points for the overview (a place id)
    label: str = ""        # where it is, as the overview names it ("Washington (United States)")
    noun: str = "place"    # what it counts ("event": "2 events in Washington (United States)")
    extent: Bounds | None = None  # a country: its bounds join the focus when the point is kept
    area: str = ""         # its country's name: several places of one country outside are one entry

    @property
    def text(self) -> str:
        if not self.noun:
            return self.label
        count = round(self.weight)
        return f"{count} {self.noun}{'' if count == 1 else 's'} in {self.label}"


@dataclass(frozen=True)
class Frame:
    """The initial view (``focus``), and the points outside it (``outside``)."""

    focus: Bounds
    outside: list[Point] = field(default_factory=list)

    def payload(self) -> dict:
        return {"focus": [round(v, 4) for v in self.focus],
                "outside": [{"lat": p.lat, "lon": p.lon, "text": p.text} for p in self.outside]}


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _weighted_median(values: Sequence[float], weights: Sequence[float]) -> float:
    pairs = sorted(zip(values, weights, strict=True))
    half = sum(weights) / 2
    running = 0.0
    for value, weight in pairs:
        running += weight
        if running >= half:
            return value
    return pairs[-1][0]


def _inside(bounds: Bounds, lat: float, lon: float) -> bool:
    return bounds[0] <= lat <= bounds[2] and bounds[1] <= lon <= bounds[3]


def frame(points: Iterable[Point], core: Bounds | None = None, *, pad: float = 0.15,
          minimum: float = 4.0) -> Frame:
    """The area of interest of ``points`` (and of the ``core`` countries, always inside it).

    The centre is the weighted median of the points (the core's centre counts as heavily as all
    points together, at distance 0); a point is in the area when it is within
    ``max(FAR_MIN_KM, FAR_FACTOR * weighted median distance)`` of that centre, or inside the core.
    The focus is the box around the kept points and the core, padded by ``pad`` of its span.
    """
    pts = list(points)
    if not pts and core is None:
        raise ValueError("a map needs at least one point or country to frame")
    lats = [p.lat for p in pts]
    lons = [p.lon for p in pts]
    weights = [max(p.weight, 0.0) or 1.0 for p in pts]
    if core is not None:
        lats.append((core[0] + core[2]) / 2)
        lons.append((core[1] + core[3]) / 2)
        weights.append(sum(weights) or 1.0)
    centre = (_weighted_median(lats, weights), _weighted_median(lons, weights))
    distances = [distance_km(centre, (p.lat, p.lon)) for p in pts]
    # the core (if any) counts at distance 0, with its weight: a map about Iraq is framed on Iraq
    # even when most of its points are far away
    spread = _weighted_median(distances + [0.0] * (len(weights) - len(pts)), weights) if pts else 0.0
    limit = max(FAR_MIN_KM, FAR_FACTOR * spread)
    kept: list[Point] = []
    outside: list[Point] = []
    for p, dist in zip(pts, distances, strict=True):
        near = dist <= limit or (core is not None and _inside(core, p.lat, p.lon))
        (kept if near else outside).append(p)
    corners = [(p.lat, p.lon) for p in kept]
    for p in kept:
        if p.extent is not None:
            corners += [(p.extent[0], p.extent[1]), (p.extent[2], p.extent[3])]
    if core is not None:
        corners += [(core[0], core[1]), (core[2], core[3])]
    focus = bounds_of(corners, pad=pad, minimum=minimum)
    # a far point that still falls inside the padded box is shown there: it is not "outside"
    outside = [p for p in outside if not _inside(focus, p.lat, p.lon)]
    return Frame(focus, _grouped(outside))


def _merge(points: list[Point], key: str, label: str) -> Point:
    first = points[0]
    return Point(first.lat, first.lon, sum(p.weight for p in points), key, label, first.noun,
                 area=first.area)


def _grouped(points: list[Point]) -> list[Point]:
    """One overview entry per place (its count summed), or per country when several of its places
    are outside; the most counted first, then by text."""
    by_key: dict[str, list[Point]] = {}
    for p in points:
        by_key.setdefault(p.key or f"{p.lat},{p.lon}", []).append(p)
    places = [_merge(group, key, group[0].label) for key, group in by_key.items()]
    by_area: dict[str, list[Point]] = {}
    for p in places:
        by_area.setdefault(p.area if p.noun and p.area else p.key, []).append(p)
    out = [group[0] if len(group) == 1 else _merge(group, area, area) for area, group in by_area.items()]
    return sorted(out, key=lambda p: (-p.weight, p.text))


def core_of(bounds: Iterable[Bounds]) -> Bounds | None:
    """The union of some countries' bounds, or None if there are none."""
    out = None
    for b in bounds:
        out = b if out is None else union(out, b)
    return out

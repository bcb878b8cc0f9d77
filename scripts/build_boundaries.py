#!/usr/bin/env python3
"""Build ``src/coursekit/data/boundaries.geojson`` from Natural Earth admin-0 countries.

The course draws its maps offline from this file; nothing is downloaded at run time. The source is
Natural Earth 4.1.0 "Admin 0 - Countries" at 1:50m (public domain), as redistributed in TopoJSON by
the npm package ``world-atlas`` 2.0.2 (ISC licence). See ``src/coursekit/data/BOUNDARIES.md``.

How to regenerate (from the repository root; stdlib-only Python 3.11, no dependencies)::

    npm install --prefix /tmp/wa world-atlas@2.0.2
    python scripts/build_boundaries.py --prefix /tmp/wa
    python scripts/build_boundaries.py --prefix /tmp/wa --check   # stats, city tests, up to date?

``--prefix P`` reads ``P/node_modules/world-atlas/countries-50m.json``; a path to a world-atlas
countries JSON may be given instead as the positional argument. The output is deterministic:
re-running on the same input gives a byte-identical file.

Method, in short:

1. Decode the quantized, delta-encoded TopoJSON arcs.
2. Select the countries (``COUNTRIES`` below). Natural Earth's de facto units that have no ISO 3166
   code are dissolved into the ISO country that contains them (``MERGE``): Somaliland into Somalia,
   Northern Cyprus into Cyprus. The shared arcs between them disappear (a topological merge).
   Siachen Glacier, which no one ISO country can take without taking a side, stays a unit of its
   own under the code ``XSG``, from ISO 3166-1's user-assigned range (``NO_ISO``).
3. Drop small islands: a polygon whose outline is all coastline and whose area is below the
   country's threshold (course and context countries differ); a country's largest polygon is
   always kept, and so are enclaves and holes.
4. Simplify every arc once with Douglas-Peucker (distance in km on a local equirectangular
   projection), with the finest tolerance of the countries that use it. Arc end points (the
   nodes where three or more boundaries meet, or where a ring starts) are never moved, so shared
   borders stay identical between neighbours and no gaps or overlaps appear.
5. Round to 3 decimals (about 100 m), rebuild the rings, orient them as RFC 7946 asks (exterior
   counter-clockwise, holes clockwise), cut Russia at 90 E (``CLIP_EAST``: it would otherwise
   cross the antimeridian) and write compact JSON sorted by ``iso3``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

WORLD_ATLAS_VERSION = "2.0.2"
NATURAL_EARTH_VERSION = "4.1.0"

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "coursekit" / "data" / "boundaries.geojson"
DEFAULT_REL = Path("node_modules") / "world-atlas" / "countries-50m.json"

# Douglas-Peucker tolerances, in km of maximum deviation, and island thresholds in km^2.
COURSE, NEAR, FAR = "course", "near", "far"
TOLERANCE_KM = {COURSE: 0.5, NEAR: 2.0, FAR: 6.0}
MIN_ISLAND_KM2 = {COURSE: 10.0, NEAR: 200.0, FAR: 2000.0}
# Countries this small keep every island (Bahrain, Qatar, Lebanon, Kuwait, Palestine...).
SMALL_COUNTRY_KM2 = 30_000.0
DECIMALS = 3

# world-atlas id (ISO 3166-1 numeric, a string) -> (ISO 3166-1 alpha-3, English short name, tier).
COUNTRIES: dict[str, tuple[str, str, str]] = {
    # Course countries.
    "004": ("AFG", "Afghanistan", COURSE),
    "032": ("ARG", "Argentina", COURSE),
    "048": ("BHR", "Bahrain", COURSE),
    "275": ("PSE", "Palestine", COURSE),  # world-atlas "Palestine": West Bank and Gaza
    "364": ("IRN", "Iran", COURSE),
    "368": ("IRQ", "Iraq", COURSE),
    "376": ("ISR", "Israel", COURSE),
    "400": ("JOR", "Jordan", COURSE),
    "414": ("KWT", "Kuwait", COURSE),
    "422": ("LBN", "Lebanon", COURSE),
    "512": ("OMN", "Oman", COURSE),
    "586": ("PAK", "Pakistan", COURSE),
    "634": ("QAT", "Qatar", COURSE),
    "682": ("SAU", "Saudi Arabia", COURSE),
    "729": ("SDN", "Sudan", COURSE),
    "760": ("SYR", "Syria", COURSE),
    "784": ("ARE", "United Arab Emirates", COURSE),
    "792": ("TUR", "Turkey", COURSE),
    "887": ("YEM", "Yemen", COURSE),
    # Context: neighbours, so that maps do not float in a void.
    "031": ("AZE", "Azerbaijan", NEAR),
    "051": ("ARM", "Armenia", NEAR),
    "050": ("BGD", "Bangladesh", FAR),
    "064": ("BTN", "Bhutan", FAR),
    "068": ("BOL", "Bolivia", NEAR),
    "076": ("BRA", "Brazil", FAR),
    "100": ("BGR", "Bulgaria", NEAR),
    "140": ("CAF", "Central African Republic", NEAR),
    "148": ("TCD", "Chad", NEAR),
    "152": ("CHL", "Chile", NEAR),
    "156": ("CHN", "China", FAR),
    "196": ("CYP", "Cyprus", NEAR),
    "231": ("ETH", "Ethiopia", NEAR),
    "232": ("ERI", "Eritrea", NEAR),
    "238": ("FLK", "Falkland Islands", NEAR),
    "262": ("DJI", "Djibouti", NEAR),
    "268": ("GEO", "Georgia", NEAR),
    "300": ("GRC", "Greece", NEAR),
    "356": ("IND", "India", FAR),
    "398": ("KAZ", "Kazakhstan", FAR),
    "417": ("KGZ", "Kyrgyzstan", NEAR),
    "434": ("LBY", "Libya", NEAR),
    "600": ("PRY", "Paraguay", NEAR),
    "524": ("NPL", "Nepal", FAR),
    "604": ("PER", "Peru", FAR),
    "643": ("RUS", "Russia", FAR),
    "706": ("SOM", "Somalia", NEAR),
    "728": ("SSD", "South Sudan", NEAR),
    "762": ("TJK", "Tajikistan", NEAR),
    "795": ("TKM", "Turkmenistan", NEAR),
    "818": ("EGY", "Egypt", NEAR),
    "858": ("URY", "Uruguay", NEAR),
    "860": ("UZB", "Uzbekistan", NEAR),
}

# Natural Earth units without an ISO 3166 code (no id in world-atlas), by world-atlas name -> the
# world-atlas id of the ISO 3166 country they are dissolved into.
MERGE: dict[str, str] = {
    "Somaliland": "706",
    "N. Cyprus": "196",
}

# Natural Earth units without an ISO 3166 code that no single ISO country can take without taking a
# side: kept as units of their own, by world-atlas name -> (code, name, tier). The code comes from
# the range ISO 3166-1 leaves to users (XAA-XZZ), so it can never collide with a country's.
# Siachen Glacier lies between Pakistan, India and China; leaving it out would leave a hole next to
# Pakistan.
NO_ISO: dict[str, tuple[str, str, str]] = {
    "Siachen Glacier": ("XSG", "Siachen Glacier", FAR),
}

# Units cut at a meridian (world-atlas id -> easternmost longitude kept). Russia crosses the
# antimeridian (Chukotka, Wrangel Island), which a plain lon/lat plot would draw as a stripe across
# the map; the course needs only its south-west, so it is cut at 90 E (east of the Altai, where the
# Kazakhstan-Russia border ends; no border with another country kept here is cut).
CLIP_EAST: dict[str, float] = {
    "643": 90.0,
}

# Known cities for the sanity check (--check): (iso3, city, lon, lat).
CITIES: list[tuple[str, str, float, float]] = [
    ("AFG", "Kabul", 69.178, 34.528),
    ("ARE", "Abu Dhabi", 54.377, 24.454),
    ("ARE", "Dubai", 55.296, 25.276),
    ("ARG", "Buenos Aires", -58.382, -34.604),
    ("BHR", "Manama", 50.586, 26.228),
    ("IRN", "Tehran", 51.389, 35.689),
    ("IRN", "Kerman", 57.079, 30.283),
    ("IRQ", "Baghdad", 44.366, 33.315),
    ("ISR", "Tel Aviv", 34.781, 32.085),
    ("JOR", "Amman", 35.930, 31.950),
    ("KWT", "Kuwait City", 47.978, 29.376),
    ("LBN", "Beirut", 35.502, 33.894),
    ("OMN", "Muscat", 58.405, 23.588),
    ("PAK", "Islamabad", 73.048, 33.684),
    ("PSE", "Gaza City", 34.467, 31.502),
    ("PSE", "Ramallah", 35.204, 31.902),
    ("QAT", "Doha", 51.531, 25.286),
    ("SAU", "Riyadh", 46.675, 24.713),
    ("SDN", "Khartoum", 32.560, 15.501),
    ("SYR", "Damascus", 36.292, 33.513),
    ("TUR", "Ankara", 32.854, 39.920),
    ("TUR", "Istanbul", 28.978, 41.008),
    ("YEM", "Sanaa", 44.191, 15.369),
    ("EGY", "Cairo", 31.236, 30.044),
    ("CYP", "Nicosia", 33.382, 35.186),
    ("SOM", "Mogadishu", 45.318, 2.047),
]

NEAR_CITY_KM = 3.0
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320

Point = tuple[float, float]


# --------------------------------------------------------------------------------------------
# TopoJSON


def decode_arcs(topo: dict) -> list[list[Point]]:
    """The topology's arcs as lists of (lon, lat), undoing quantization and delta encoding."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def arc_index(ref: int) -> int:
    return ref if ref >= 0 else ~ref


def oriented(arcs: list[list[Point]], ref: int) -> list[Point]:
    return arcs[ref] if ref >= 0 else arcs[~ref][::-1]


def ring_points(arcs: list[list[Point]], ring: list[int]) -> list[Point]:
    """Concatenate a ring's arcs; each arc starts where the previous one ends."""
    out: list[Point] = []
    for ref in ring:
        pts = oriented(arcs, ref)
        out.extend(pts if not out else pts[1:])
    return out


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    raise ValueError(f"unexpected geometry type {geometry['type']}")


# --------------------------------------------------------------------------------------------
# Plane geometry on (lon, lat)


def signed_area_deg(points: list[Point]) -> float:
    """Shoelace area in square degrees; positive when counter-clockwise."""
    s = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        s += x1 * y2 - x2 * y1
    return s / 2.0


def area_km2(points: list[Point]) -> float:
    """Approximate area of a closed ring (local equirectangular projection)."""
    lat0 = sum(p[1] for p in points) / len(points)
    kx = KM_PER_DEG_LON * math.cos(math.radians(lat0))
    return abs(signed_area_deg(points)) * kx * KM_PER_DEG_LAT


def point_in_ring(pt: Point, ring: list[Point]) -> bool:
    x, y = pt
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def point_in_geometry(pt: Point, geometry: dict) -> bool:
    coords = geometry["coordinates"]
    polys = [coords] if geometry["type"] == "Polygon" else coords
    for rings in polys:
        if point_in_ring(pt, rings[0]) and not any(point_in_ring(pt, h) for h in rings[1:]):
            return True
    return False


def distance_to_boundary_km(pt: Point, geometry: dict) -> float:
    """Shortest distance from a point to any ring of a geometry (local equirectangular)."""
    kx = KM_PER_DEG_LON * math.cos(math.radians(pt[1]))
    px, py = pt[0] * kx, pt[1] * KM_PER_DEG_LAT
    coords = geometry["coordinates"]
    polys = [coords] if geometry["type"] == "Polygon" else coords
    best = math.inf
    for rings in polys:
        for ring in rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
                ax, ay, bx, by = x1 * kx, y1 * KM_PER_DEG_LAT, x2 * kx, y2 * KM_PER_DEG_LAT
                dx, dy = bx - ax, by - ay
                length2 = dx * dx + dy * dy
                t = (
                    0.0
                    if length2 == 0.0
                    else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
                )
                best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def clip_east(ring: list[Point], lon_max: float) -> list[list[Point]]:
    """Clip a closed counter-clockwise ring (no holes) to lon <= lon_max.

    The part west of the meridian may fall into several pieces; each is returned as a closed
    counter-clockwise ring. Points where the ring crosses the meridian are rounded to DECIMALS.
    Longitudes west of 90 W count as east of the antimeridian (lon + 360), for Chukotka.
    """

    def east(lon: float) -> float:
        return lon + 360.0 if lon < -90.0 else lon

    pts = [(east(x), y) for x, y in ring[:-1]]
    if all(x <= lon_max for x, _ in pts):
        return [ring]
    start = next((k for k, (x, _) in enumerate(pts) if x < lon_max), None)
    if start is None:
        return []
    pts = pts[start:] + pts[:start]

    def crossing(a: Point, b: Point) -> Point:
        t = (lon_max - a[0]) / (b[0] - a[0])
        return (lon_max, round(a[1] + t * (b[1] - a[1]), DECIMALS) + 0.0)

    # Chains of the ring inside the half-plane, each from an entry to an exit on the meridian.
    chains: list[list[Point]] = [[pts[0]]]
    inside = True
    for a, b in zip(pts, pts[1:] + pts[:1], strict=True):
        b_in = b[0] < lon_max
        if inside and b_in:
            chains[-1].append(b)
        elif inside:
            chains[-1].append(crossing(a, b))
            inside = False
        elif b_in:
            chains.append([crossing(a, b), b])
            inside = True
    # The walk ended back at pts[0], inside: the last chain runs on into the first.
    last = chains.pop()
    chains[0] = last[:-1] + chains[0] if len(chains) else last
    if not chains:
        return [ring]
    # Counter-clockwise with the inside to the west: from an exit, the meridian runs inside the
    # polygon northwards up to the next entry.
    entries = sorted(range(len(chains)), key=lambda k: chains[k][0][1])
    pieces = []
    done: set[int] = set()
    for first in range(len(chains)):
        if first in done:
            continue
        piece: list[Point] = []
        k = first
        while k not in done:
            done.add(k)
            piece.extend(chains[k])
            exit_lat = chains[k][-1][1]
            k = next(j for j in entries if chains[j][0][1] > exit_lat)
        piece.append(piece[0])
        out = [p for i, p in enumerate(piece) if i == 0 or p != piece[i - 1]]
        if len(out) >= 4:
            pieces.append(out)
    return pieces


# --------------------------------------------------------------------------------------------
# Merging (dissolving) polygons that share arcs


def merge_polygons(
    arcs: list[list[Point]], polygons: list[list[list[int]]]
) -> list[list[list[int]]]:
    """Dissolve polygons into one another: drop arcs used twice, stitch the rest into rings.

    All input rings must follow one orientation convention (as in a TopoJSON built from a
    shapefile); the stitched rings keep it, so exteriors and holes can be told apart by the sign
    of their area.
    """
    refs = [ref for poly in polygons for ring in poly for ref in ring]
    uses = Counter(arc_index(ref) for ref in refs)
    free = [ref for ref in refs if uses[arc_index(ref)] == 1]
    exterior_sign = math.copysign(1.0, signed_area_deg(ring_points(arcs, polygons[0][0])))

    def start(ref: int) -> Point:
        return oriented(arcs, ref)[0]

    def end(ref: int) -> Point:
        return oriented(arcs, ref)[-1]

    by_start: dict[Point, list[int]] = defaultdict(list)
    for ref in free:
        by_start[start(ref)].append(ref)
    used: set[int] = set()
    rings: list[list[int]] = []
    for first in free:
        if first in used:
            continue
        ring = [first]
        used.add(first)
        while end(ring[-1]) != start(first):
            candidates = [r for r in by_start[end(ring[-1])] if r not in used]
            if not candidates:
                raise ValueError("cannot stitch merged ring")
            ring.append(candidates[0])
            used.add(candidates[0])
        rings.append(ring)

    exteriors = [r for r in rings if signed_area_deg(ring_points(arcs, r)) * exterior_sign > 0]
    holes = [r for r in rings if r not in exteriors]
    merged = [[r] for r in exteriors]
    for hole in holes:
        probe = ring_points(arcs, hole)[0]
        for poly in merged:
            if point_in_ring(probe, ring_points(arcs, poly[0])):
                poly.append(hole)
                break
        else:
            raise ValueError("hole outside every merged exterior")
    return merged


# --------------------------------------------------------------------------------------------
# Simplification


def douglas_peucker(points: list[Point], tolerance_km: float) -> list[Point]:
    """Douglas-Peucker on a local equirectangular projection; keeps both end points."""
    n = len(points)
    if n <= 2:
        return list(points)
    lat0 = sum(p[1] for p in points) / n
    kx = KM_PER_DEG_LON * math.cos(math.radians(lat0))
    xy = [(lon * kx, lat * KM_PER_DEG_LAT) for lon, lat in points]
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        (ax, ay), (bx, by) = xy[i], xy[j]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        best, best_k = -1.0, -1
        for k in range(i + 1, j):
            px, py = xy[k]
            if length2 == 0.0:
                d = math.hypot(px - ax, py - ay)
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
                d = math.hypot(px - ax - t * dx, py - ay - t * dy)
            if d > best:
                best, best_k = d, k
        if best > tolerance_km:
            keep[best_k] = True
            stack.append((i, best_k))
            stack.append((best_k, j))
    return [p for p, k in zip(points, keep, strict=True) if k]


def rounded(points: list[Point]) -> list[Point]:
    """Round to DECIMALS and drop consecutive duplicates (normalising -0.0)."""
    out: list[Point] = []
    for lon, lat in points:
        p = (round(lon, DECIMALS) + 0.0, round(lat, DECIMALS) + 0.0)
        if not out or p != out[-1]:
            out.append(p)
    return out


def simplify_arc(points: list[Point], tolerance_km: float) -> list[Point]:
    closed = points[0] == points[-1]
    tol = tolerance_km
    while True:
        out = rounded(douglas_peucker(points, tol))
        # A closed arc is a whole ring (an island): keep it a ring, not a sliver.
        if not closed or len(out) >= 4 or tol < 1e-3:
            return out
        tol /= 4.0


# --------------------------------------------------------------------------------------------
# Build


def build(topo: dict) -> tuple[list[dict], dict[str, int]]:
    arcs = decode_arcs(topo)
    geometries = topo["objects"]["countries"]["geometries"]
    world_uses = Counter(
        arc_index(ref)
        for g in geometries
        for poly in polygons_of(g)
        for ring in poly
        for ref in ring
    )

    # Output units: ISO countries by world-atlas id, and the NO_ISO units by world-atlas name.
    units = dict(COUNTRIES) | NO_ISO

    # Group source geometries by output unit.
    sources: dict[str, list[dict]] = defaultdict(list)
    for g in geometries:
        gid = g.get("id")
        name = g["properties"]["name"]
        if gid in COUNTRIES:
            sources[gid].append(g)
        elif gid is None and name in MERGE:
            sources[MERGE[name]].append(g)
        elif gid is None and name in NO_ISO:
            sources[name].append(g)
    codes = [code for code, _, _ in units.values()]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate iso3 codes")
    missing = sorted(set(units) - set(sources))
    if missing:
        raise SystemExit(f"world-atlas has no geometry for ids {missing}")
    for name, target in MERGE.items():
        if len(sources[target]) != 2:
            raise SystemExit(
                f"expected to merge {name!r} into {target}, found {len(sources[target])} parts"
            )

    countries: dict[str, list[list[list[int]]]] = {}
    for gid, parts in sources.items():
        polys = [p for g in parts for p in polygons_of(g)]
        countries[gid] = merge_polygons(arcs, polys) if len(parts) > 1 else polys

    # Drop small islands.
    for gid, polys in countries.items():
        _, _, tier = units[gid]
        areas = [area_km2(ring_points(arcs, p[0])) for p in polys]
        if sum(areas) < SMALL_COUNTRY_KM2:
            continue
        largest = max(range(len(polys)), key=areas.__getitem__)
        kept = []
        for k, poly in enumerate(polys):
            coastal_only = all(world_uses[arc_index(ref)] == 1 for ref in poly[0])
            if k == largest or not coastal_only or areas[k] >= MIN_ISLAND_KM2[tier]:
                kept.append(poly)
        countries[gid] = kept

    # Simplify each arc once, with the finest tolerance among the countries that use it.
    tolerance: dict[int, float] = {}
    for gid, polys in countries.items():
        tol = TOLERANCE_KM[units[gid][2]]
        for poly in polys:
            for ring in poly:
                for ref in ring:
                    i = arc_index(ref)
                    tolerance[i] = min(tol, tolerance.get(i, tol))
    simple = {i: simplify_arc(arcs[i], tol) for i, tol in sorted(tolerance.items())}

    def assemble(ring: list[int]) -> list[Point]:
        out: list[Point] = []
        for ref in ring:
            pts = simple[arc_index(ref)] if ref >= 0 else simple[arc_index(ref)][::-1]
            for p in pts:
                if not out or p != out[-1]:
                    out.append(p)
        return out

    features = []
    stats: dict[str, int] = {}
    for gid, polys in countries.items():
        iso3, name, tier = units[gid]
        out_polys = []
        for poly in polys:
            rings = []
            for k, ring in enumerate(poly):
                pts = assemble(ring)
                if len(pts) < 4 or pts[0] != pts[-1] or signed_area_deg(pts) == 0.0:
                    if k == 0:
                        break  # the exterior collapsed: drop the polygon
                    continue  # a collapsed hole
                want_ccw = k == 0
                if (signed_area_deg(pts) > 0) != want_ccw:
                    pts = pts[::-1]
                rings.append([[lon, lat] for lon, lat in pts])
            if rings and gid in CLIP_EAST:
                if len(rings) > 1:
                    raise SystemExit(f"{name}: clipping a polygon with holes is not supported")
                pieces = clip_east([tuple(p) for p in rings[0]], CLIP_EAST[gid])
                out_polys.extend([[[lon, lat] for lon, lat in piece]] for piece in pieces)
            elif rings:
                out_polys.append(rings)
        if not out_polys:
            raise SystemExit(f"{name}: every polygon collapsed")
        out_polys.sort(key=lambda rings: -abs(signed_area_deg([tuple(p) for p in rings[0]])))
        if len(out_polys) == 1:
            geometry = {"type": "Polygon", "coordinates": out_polys[0]}
        else:
            geometry = {"type": "MultiPolygon", "coordinates": out_polys}
        features.append(
            {
                "type": "Feature",
                "properties": {"iso3": iso3, "name": name, "course": tier == COURSE},
                "geometry": geometry,
            }
        )
        stats[iso3] = sum(len(r) - 1 for rings in out_polys for r in rings)
    features.sort(key=lambda f: f["properties"]["iso3"])
    return features, stats


def dumps(features: list[dict]) -> str:
    return (
        json.dumps(
            {"type": "FeatureCollection", "features": features},
            separators=(",", ":"),
            ensure_ascii=False,
        )
        + "\n"
    )


# --------------------------------------------------------------------------------------------
# Checks


def check(features: list[dict], stats: dict[str, int], text: str, out: Path) -> int:
    problems = []
    by_iso3 = {f["properties"]["iso3"]: f for f in features}
    source = f"Natural Earth {NATURAL_EARTH_VERSION} admin 0, 1:50m"
    print(f"source: {source}, via world-atlas {WORLD_ATLAS_VERSION}")
    print(f"{'iso3':<5}{'course':<8}{'parts':>6}{'vertices':>10}  name")
    for f in features:
        p = f["properties"]
        g = f["geometry"]
        parts = 1 if g["type"] == "Polygon" else len(g["coordinates"])
        vertices = stats[p["iso3"]]
        course = str(p["course"]).lower()
        print(f"{p['iso3']:<5}{course:<8}{parts:>6}{vertices:>10}  {p['name']}")
    course = sum(v for k, v in stats.items() if by_iso3[k]["properties"]["course"])
    print(f"vertices: {sum(stats.values())} ({course} in course countries)")
    size = len(text.encode("utf-8"))
    print(f"bytes: {size}")
    if size > 300_000:
        problems.append(f"file is {size} bytes, over the 300 kB budget")
    for f in features:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for rings in polys:
            for k, ring in enumerate(rings):
                pts = [tuple(p) for p in ring]
                if pts[0] != pts[-1] or len(pts) < 4:
                    problems.append(f"{f['properties']['name']}: ring not closed or too short")
                if (signed_area_deg(pts) > 0) != (k == 0):
                    problems.append(f"{f['properties']['name']}: ring {k} wrongly oriented")
    # A coastal city can sit a few hundred metres off a 1:50m coastline, so a city outside every
    # polygon passes when the nearest outline is the expected country's and within NEAR_CITY_KM.
    for iso3, city, lon, lat in CITIES:
        hits = [
            f["properties"]["iso3"]
            for f in features
            if point_in_geometry((lon, lat), f["geometry"])
        ]
        if hits == [iso3]:
            print(f"ok    {city} ({lon}, {lat}) inside {iso3}")
            continue
        if not hits:
            dist = {
                f["properties"]["iso3"]: distance_to_boundary_km((lon, lat), f["geometry"])
                for f in features
            }
            nearest = min(dist, key=dist.__getitem__)
            if nearest == iso3 and dist[nearest] <= NEAR_CITY_KM:
                off = f"{dist[nearest]:.1f} km off the {iso3} outline (coast)"
                print(f"ok    {city} ({lon}, {lat}) {off}")
                continue
            hits = [f"{nearest}, {dist[nearest]:.1f} km away"]
        print(f"FAIL  {city} ({lon}, {lat}) in {hits}, expected {iso3}")
        problems.append(f"{city} found in {hits}, expected {iso3}")
    if out.exists():
        same = out.read_text(encoding="utf-8") == text
        print(f"{out}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        if not same:
            problems.append(f"{out} is not what this script builds")
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument(
        "--prefix", type=Path, default=Path("."), help="npm --prefix of the world-atlas install"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--check",
        action="store_true",
        help="print vertex counts, bytes and city tests; write nothing",
    )
    args = parser.parse_args(argv)

    source = args.source or args.prefix / DEFAULT_REL
    package = source.parent / "package.json"
    if package.exists():
        version = json.loads(package.read_text(encoding="utf-8")).get("version")
        if version != WORLD_ATLAS_VERSION:
            print(
                f"warning: world-atlas {version}, this script is pinned to {WORLD_ATLAS_VERSION}",
                file=sys.stderr,
            )
    topo = json.loads(source.read_text(encoding="utf-8"))
    features, stats = build(topo)
    text = dumps(features)
    if args.check:
        return check(features, stats, text, args.out)
    args.out.write_text(text, encoding="utf-8")
    size = len(text.encode("utf-8"))
    vertices = sum(stats.values())
    print(f"wrote {args.out} ({size} bytes, {len(features)} units, {vertices} vertices)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

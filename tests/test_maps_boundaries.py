"""The shipped country outlines (``boundaries.geojson``): budget, orientation, places on land.

The file is built by ``scripts/build_boundaries.py`` (mapshaper over Natural Earth, see
``src/coursekit/data/BOUNDARIES.md``); these checks run over the file as shipped.
"""

from __future__ import annotations

import json
import math
from itertools import pairwise

import pytest

from coursekit import data
from coursekit.knowledge.paths import package_data_dir

PATH = package_data_dir() / "boundaries.geojson"
FILE_BUDGET = 350_000     # bytes of the whole file (each map cuts it down, to <= 250 kB a map)
COAST_KM = 5.0            # a coastal place may lie this far outside its country's outline
# Known, documented exceptions (src/coursekit/data/BOUNDARIES.md), each checked for what it is:
STRAITS_KM = {"strait-of-hormuz": 30.0, "bab-el-mandeb": 30.0}  # a strait's point is at sea
DE_FACTO = {"golan-heights": "ISR"}   # Natural Earth draws the de facto line: inside Israel's outline


@pytest.fixture(scope="module")
def shipped():
    return json.loads(PATH.read_text(encoding="utf-8"))


def polygons(feature):
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def signed_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def inside_ring(lon, lat, ring) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def inside(lon, lat, feature) -> bool:
    return any(inside_ring(lon, lat, poly[0]) and not any(inside_ring(lon, lat, h) for h in poly[1:])
               for poly in polygons(feature))


def km_to_outline(lon, lat, feature) -> float:
    """Distance to the nearest segment of the outline (local equirectangular km)."""
    kx, ky = 111.32 * math.cos(math.radians(lat)), 110.57
    best = math.inf
    for poly in polygons(feature):
        for ring in poly:
            for (x1, y1), (x2, y2) in pairwise(ring):
                ax, ay, bx, by = (x1 - lon) * kx, (y1 - lat) * ky, (x2 - lon) * kx, (y2 - lat) * ky
                dx, dy = bx - ax, by - ay
                t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
                best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


def test_the_file_is_within_its_budget_and_covers_the_world(shipped):
    assert PATH.stat().st_size <= FILE_BUDGET
    codes = [f["properties"]["iso3"] for f in shipped["features"]]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    assert len(codes) >= 170                                  # every country (Natural Earth 1:110m)
    assert {"USA", "AUT", "GBR", "ARG", "IRN"} <= set(codes)


def test_rings_are_closed_and_oriented_as_rfc_7946_asks(shipped):
    for feature in shipped["features"]:
        for poly in polygons(feature):
            assert all(ring[0] == ring[-1] and len(ring) >= 4 for ring in poly), feature["properties"]
            code = feature["properties"]["iso3"]
            assert signed_area(poly[0]) > 0, f"{code}: exterior not counter-clockwise"
            assert all(signed_area(h) < 0 for h in poly[1:]), f"{feature['properties']['iso3']}: hole"


def test_no_ring_jumps_across_the_antimeridian(shipped):
    for feature in shipped["features"]:
        for poly in polygons(feature):
            for ring in poly:
                assert all(abs(a[0] - b[0]) <= 180 for a, b in pairwise(ring)), feature["properties"]


def test_names_are_short_english_names_not_abbreviations(shipped):
    names = {f["properties"]["iso3"]: f["properties"]["name"] for f in shipped["features"]}
    assert names["USA"] == "United States" and names["AUT"] == "Austria" and names["PSE"] == "Palestine"
    assert [n for n in names.values() if "." in n] == []


def test_every_place_is_inside_its_country_or_within_a_few_km_of_its_coast(shipped):
    by_code = {f["properties"]["iso3"]: f for f in shipped["features"]}
    course = data.course()
    wrong = []
    for place in course.places.values():
        feature = by_code.get(place.country)
        if feature is None:
            wrong.append(f"{place.id}: no outline for {place.country}")
        elif place.id in DE_FACTO:
            if not inside(place.lon, place.lat, by_code[DE_FACTO[place.id]]):
                wrong.append(f"{place.id}: not inside {DE_FACTO[place.id]} any more: update BOUNDARIES.md")
        elif not inside(place.lon, place.lat, feature):
            km = km_to_outline(place.lon, place.lat, feature)
            if km > STRAITS_KM.get(place.id, COAST_KM):
                wrong.append(f"{place.id} ({place.country}): {km:.1f} km outside")
    assert wrong == []


def test_the_check_itself_finds_a_place_at_sea():
    feature = {"geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}}
    assert inside(0.5, 0.5, feature) and not inside(1.5, 0.5, feature)
    assert km_to_outline(1.5, 0.5, feature) == pytest.approx(55.7, rel=0.01)


def drawn_points(figure) -> tuple[list[dict], list[tuple[float, float, str]]]:
    """The outlines a map draws (from its data block) and the (lat, lon, name) of its markers."""
    from coursekit.maps.render import _map_script

    _, _, blocks = _map_script(figure.folium, "x")
    outlines = next(b for b in blocks if isinstance(b, dict) and "context" in b)
    features = outlines["context"]["features"] + ((outlines["highlight"] or {}).get("features") or [])
    points = []
    for block in blocks:
        if isinstance(block, dict):
            block = block.get("stops", [])
        items = block if isinstance(block, list) else []
        points += [(i["lat"], i["lon"], i["name"]) for i in items if "lat" in i]
    return features, points


def test_every_marker_of_every_course_map_is_on_a_drawn_outline_or_its_coast():
    """As the reader sees it: the simplified outlines each map draws, not the shipped file."""
    from scripts.map_layout import chapter_maps

    from .conftest import ROOT

    at_sea = {data.course().places[p].name: km for p, km in STRAITS_KM.items()}
    wrong = []
    for known in chapter_maps(ROOT):
        features, points = drawn_points(known.figure)
        assert points, known.notebook
        for lat, lon, name in points:
            if not any(inside(lon, lat, f) for f in features):
                km = min(km_to_outline(lon, lat, f) for f in features)
                allowed = next((v for k, v in at_sea.items() if name.startswith(k)), COAST_KM)
                if km > allowed:
                    wrong.append(f"{known.notebook} {known.figure.kind}: {name}: {km:.1f} km at sea")
    assert wrong == []

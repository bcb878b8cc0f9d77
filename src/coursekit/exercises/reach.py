"""Checks for exercise 1, *How far does the Quds Force reach?* (chapters 3 and 8).

Expected answers are computed from the knowledge base, never stored.
"""

from __future__ import annotations

import math

from .. import data
from .answers import ids, listing, mapping, number, same_ids
from .feedback import Wrong, task

EXERCISE = "ex1-reach"
EARTH_RADIUS_KM = 6371.0
TOLERANCE = 0.01  # 1 %: Earth radii between 6357 and 6378 km are all accepted


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float,
                 radius: float = EARTH_RADIUS_KM) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def _partners() -> list[str]:
    return sorted({r.target for r in data.relations(type="supports", source="quds-force")})


def _bases() -> dict[str, str]:
    return {a: data.actor(a).home for a in _partners() if data.actor(a).home}


def _distances() -> dict[str, float]:
    tehran = data.place("tehran")
    out = {}
    for actor, home in _bases().items():
        place = data.place(home)
        out[actor] = haversine_km(tehran.lat, tehran.lon, place.lat, place.lon)
    return out


@task(EXERCISE, 1)
def task1(partners):
    given = ids(partners, "`partners`")
    expected = set(_partners())
    others = {r.target for r in data.relations(type="supports")} - expected
    linked = {r.target for r in data.relations(source="quds-force")} - expected
    wrong_source = sorted(set(given) & others)
    if wrong_source:
        raise Wrong(f"{listing(wrong_source)} appear(s) in 'supports' relations whose source is another "
                    "actor. Keep only relations with `source='quds-force'`.")
    wrong_type = sorted(set(given) & linked)
    if wrong_type:
        raise Wrong(f"{listing(wrong_type)} is linked to the Quds Force by another kind of relation "
                    "(for example 'part-of'). Keep only `type='supports'`.")
    same_ids(given, expected, "`partners`",
             missing_hint="Every status counts here (established, alleged and contested); did you filter "
             "on status?")
    return f"The Quds Force supports {len(expected)} actors in the data, whatever the status of the link."


@task(EXERCISE, 2)
def task2(bases):
    given = mapping(bases, "`bases`")
    expected = _bases()
    empty = sorted(k for k, v in given.items() if not v)
    if empty:
        raise Wrong(f"{listing(empty)} has no home place in the data, so it cannot be placed on a map: leave "
                    "it out of `bases` instead of storing an empty value.")
    same_ids(list(given), expected, "The keys of `bases`",
             extra_hint="Keys should be the partners from task 1.",
             missing_hint="Include every partner from task 1 that has a home place.")
    wrong = sorted(k for k in expected if given[k] != expected[k])
    if wrong:
        first = wrong[0]
        more = f" {len(wrong) - 1} more are wrong." if len(wrong) > 1 else ""
        raise Wrong(f"The home of {first!r} is not {given[first]!r}. Read it from "
                    f"`data.actor({first!r}).home` (a place id, not a place name).{more}")
    missing = sorted(set(_partners()) - set(expected))
    if not missing:
        return f"All {len(expected)} partners have a home place."
    return (f"{len(expected)} partners have a home place; {listing(missing)} has none in the data "
            "and stays off the map.")


def _diagnose(actor: str, got: float, expected: float) -> str:
    tehran = data.place("tehran")
    place = data.place(_bases()[actor])
    ratio = got / expected if expected else math.inf
    if abs(ratio * 1.609344 - 1) < TOLERANCE:
        return f"{actor!r}: your distance looks like miles. Give kilometres (Earth's radius 6371 km)."
    if abs(ratio / 1000 - 1) < TOLERANCE:
        return f"{actor!r}: your distance looks like metres. Give kilometres."
    degrees = math.dist((tehran.lat, tehran.lon), (place.lat, place.lon))
    flat_km = degrees * 111.32
    if abs(got - degrees) < 0.005 * max(degrees, 1) or abs(got - flat_km) < 0.005 * flat_km:
        return (f"{actor!r}: this is a straight line on a flat lat/lon grid. Use the haversine formula for "
                "a great-circle distance.")
    no_radians = 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(
        math.sin((place.lat - tehran.lat) / 2) ** 2
        + math.cos(tehran.lat) * math.cos(place.lat) * math.sin((place.lon - tehran.lon) / 2) ** 2)))
    if abs(got - no_radians) < 0.01 * max(no_radians, 1):
        return f"{actor!r}: the trigonometric functions take radians; convert degrees with `math.radians`."
    swapped = haversine_km(tehran.lon, tehran.lat, place.lon, place.lat)
    if abs(got - swapped) < TOLERANCE * swapped:
        return f"{actor!r}: latitude and longitude seem swapped. Latitude is `lat` (north-south)."
    direction = "too large" if got > expected else "too small"
    return (f"{actor!r}: {got:,.0f} km is {direction} by {abs(ratio - 1):.0%}. Check the formula: "
            "a = sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2), distance = 2R · asin(√a).")


@task(EXERCISE, 3)
def task3(distances):
    given = mapping(distances, "`distances`")
    expected = _distances()
    same_ids(list(given), expected, "The keys of `distances`",
             extra_hint="Use the same keys as `bases` (partners with a home place).",
             missing_hint="Compute a distance for every key of `bases`.")
    values = {k: number(v, f"The distance for {k!r}") for k, v in given.items()}
    wrong = [k for k in sorted(expected) if abs(values[k] - expected[k]) > TOLERANCE * expected[k] + 0.5]
    if wrong:
        more = f" ({len(wrong) - 1} other value(s) are also off.)" if len(wrong) > 1 else ""
        raise Wrong(_diagnose(wrong[0], values[wrong[0]], expected[wrong[0]]) + more)
    near, far = min(expected.values()), max(expected.values())
    return f"All {len(expected)} great-circle distances are right (from {near:,.0f} to {far:,.0f} km)."


@task(EXERCISE, 4)
def task4(by_distance):
    given = ids(by_distance, "`by_distance`")
    expected = _distances()
    same_ids(given, expected, "`by_distance`", missing_hint="Rank every partner that has a distance.")
    for before, after in zip(given, given[1:], strict=False):
        if expected[before] > expected[after] + 1e-6:
            raise Wrong(f"{before!r} comes before {after!r}, but it is farther from Tehran. Sort by the "
                        "values of `distances`, nearest first.")
    return (f"Nearest: {given[0]}; farthest: {given[-1]}. Partners sharing a home place are tied, "
            "in any order.")

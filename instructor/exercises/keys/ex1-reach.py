"""Grading key for ex1-reach: the right answers and the known mistakes. Instructors only.

Each ``taskN()`` returns a Solution: the right answer computed from the knowledge base, and the
wrong answers of common mistakes with the message a student then gets. ``coursekit release``
ships salted prints of these (never the values); ``coursekit grade`` computes them afresh.
"""

from __future__ import annotations

import math

from coursekit import data
from coursekit.exercises.keys import Solution
from coursekit.exercises.reach import EARTH_RADIUS_KM, ranking

HUB = "quds-force"


def haversine_km(lat1, lon1, lat2, lon2, radius=EARTH_RADIUS_KM):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


def partners(status=None):
    return sorted({r.target for r in data.relations(type="supports", source=HUB)
                   if status is None or r.status == status})


def bases():
    return {a: data.actor(a).home for a in partners() if data.actor(a).home}


def distances(formula=haversine_km):
    tehran = data.place("tehran")
    out = {}
    for actor, home in bases().items():
        place = data.place(home)
        out[actor] = formula(tehran.lat, tehran.lon, place.lat, place.lon)
    return out


def _no_radians(lat1, lon1, lat2, lon2):
    a = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _flat_km(lat1, lon1, lat2, lon2):
    return math.dist((lat1, lon1), (lat2, lon2)) * 111.32


def _flat_degrees(lat1, lon1, lat2, lon2):
    return math.dist((lat1, lon1), (lat2, lon2))


def _swapped(lat1, lon1, lat2, lon2):
    return haversine_km(lon1, lat1, lon2, lat2)


def task1():
    return Solution(partners(), {
        "Every status counts here (established, alleged and contested): you kept only the established "
        "links; did you filter on status?": partners("established"),
    })


def task2():
    return Solution(bases())


def task3():
    km = distances()
    flat = ("This is a straight line on a flat lat/lon grid. Use the haversine formula for a great-circle "
            "distance.")
    return Solution(km, {
        "Your distances look like miles. Give kilometres (Earth's radius 6371 km).":
            {k: v / 1.609344 for k, v in km.items()},
        "Your distances look like metres. Give kilometres.": {k: v * 1000 for k, v in km.items()},
        flat: distances(_flat_km),
        flat + " (These are even in degrees.)": distances(_flat_degrees),
        "The trigonometric functions take radians; convert degrees with `math.radians`.":
            distances(_no_radians),
        "Latitude and longitude seem swapped. Latitude is `lat` (north-south).": distances(_swapped),
    })


def task4():
    km = distances()
    order = sorted(km, key=km.get)
    return Solution(ranking(order), {
        "This is farthest first; the task asks for the nearest first.": ranking(order[::-1]),
    })

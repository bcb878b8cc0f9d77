"""Checks for exercise 1, *How far does the Quds Force reach?* (chapters 3 and 8).

The right answers are not in this module: the grading key (``instructor/exercises/keys/``)
computes them, and the checks compare with its prints (:mod:`coursekit.exercises.keys`).
"""

from __future__ import annotations

from .. import data
from .answers import ids, listing, mapping, number
from .feedback import Wrong, task
from .keys import Compare

EXERCISE = "ex1-reach"
EARTH_RADIUS_KM = 6371.0
TOLERANCE = 0.01  # 1 %: Earth radii between 6357 and 6378 km are all accepted


def ranking(given: list[str]) -> list[list[str]]:
    """A ranking as groups of partners sharing a home place (tied, so sorted within the group)."""
    groups: list[list[str]] = []
    last = object()
    for actor in given:
        home = data.actor(actor).home if actor in _actor_ids() else None
        if groups and home is not None and home == last:
            groups[-1].append(actor)
        else:
            groups.append([actor])
        last = home
    return [sorted(g) for g in groups]


def _actor_ids() -> set[str]:
    return {a.id for a in data.actors()}


@task(EXERCISE, 1, compare=Compare("set"))
def task1(partners, expect):
    given = ids(partners, "`partners`")
    unknown = [i for i in given if i not in _actor_ids()]
    if unknown:
        raise Wrong(f"{unknown[0]!r} is not an actor id; use the `target` of the relations.")
    by_quds = {r.target for r in data.relations(source="quds-force")}
    supported = {r.target for r in data.relations(type="supports")}
    wrong_source = sorted(i for i in given if i in supported and i not in by_quds)
    if wrong_source:
        raise Wrong(f"{listing(wrong_source)} appear(s) in 'supports' relations whose source is another "
                    "actor. Keep only relations with `source='quds-force'`.")
    expect(given, "`partners`", extra="Keep only `type='supports'` relations from the Quds Force.",
           missing="Every status counts here (established, alleged and contested); did you filter "
           "on status?")
    return f"The Quds Force supports {len(given)} actors in the data, whatever the status of the link."


@task(EXERCISE, 2, compare=Compare("map"))
def task2(bases, expect):
    given = mapping(bases, "`bases`")
    empty = sorted(str(k) for k, v in given.items() if not v)
    if empty:
        raise Wrong(f"{listing(empty)} has no home place in the data, so it cannot be placed on a map: leave "
                    "it out of `bases` instead of storing an empty value.")
    expect(given, "`bases`", extra="Keys should be the partners from task 1.",
           missing="Include every partner from task 1 that has a home place.",
           wrong=lambda k: f"The home of {k!r} is not {given[k]!r}. Read it from `data.actor({k!r}).home` "
           "(a place id, not a place name).")
    return f"All {len(given)} partners with a home place are placed."


@task(EXERCISE, 3, compare=Compare("map", rel=TOLERANCE))
def task3(distances, expect):
    given = mapping(distances, "`distances`")
    values = {k: number(v, f"The distance for {k!r}") for k, v in given.items()}
    expect(values, "`distances`", extra="Use the same keys as `bases` (partners with a home place).",
           missing="Compute a distance for every key of `bases`.",
           wrong=lambda k: f"The distance for {k!r} is not right. Check the formula: a = sin²(Δφ/2) + "
           "cos φ1 · cos φ2 · sin²(Δλ/2), distance = 2R · asin(√a), with angles in radians and R = 6371 km.")
    near, far = min(values.values()), max(values.values())
    return f"All {len(values)} great-circle distances are right (from {near:,.0f} to {far:,.0f} km)."


@task(EXERCISE, 4, compare=Compare("value"))
def task4(by_distance, expect):
    given = ids(by_distance, "`by_distance`")
    earlier = expect.task(3)
    stray = [g for g in given if not earlier.contains(g)]
    if stray:
        raise Wrong(f"{stray[0]!r} has no distance in task 3; rank the keys of `distances`.")
    if len(given) != earlier.size:
        raise Wrong("Rank every partner that has a distance (the keys of `distances`).")
    expect(ranking(given), "`by_distance`",
           wrong="The order is not nearest first. Sort the keys of `distances` by their values, smallest "
           "first.")
    return (f"Nearest: {given[0]}; farthest: {given[-1]}. Partners sharing a home place are tied, "
            "in any order.")

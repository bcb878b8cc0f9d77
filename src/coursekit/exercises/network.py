"""Checks for exercise 5, *Mapping one network* (chapter 8): the Quds Force and its Iraqi partners.

This is the exercise that uses ``coursekit.maps`` (its public API only) and Folium directly. The
right answers live in the grading key; the checks compare with its prints (:mod:`.keys`).
"""

from __future__ import annotations

from .. import data
from .answers import ids, mapping, number
from .feedback import Wrong, task
from .keys import Compare
from .values import Figure, LineMap, type_name

EXERCISE = "ex5-network"
HUB = "quds-force"
UMBRELLA = "popular-mobilization-forces"
COUNTRY = "IRQ"


def home_point(actor: str) -> tuple[float, float]:
    """(lat, lon) of an actor's home place."""
    home_id = data.actor(actor).home
    if home_id is None:
        raise LookupError(f"actor {actor!r} has no home place in the course data")
    home = data.place(home_id)
    return (home.lat, home.lon)


def line_form(lines) -> list[list]:
    """The lines of a map as (start, end, dashed) triples, rounded to 4 decimals: what task 4 compares."""
    out = []
    for line in lines:
        start, end = (tuple(round(v, 4) for v in p) for p in (line.locations[0], line.locations[-1]))
        out.append([list(start), list(end), bool(line.dash)])
    return sorted(out)


@task(EXERCISE, 1, compare=Compare("set"))
def task1(factions, expect):
    given = ids(factions, "`factions`")
    parts_of_umbrella = {r.source for r in data.relations(type="part-of", target=UMBRELLA)}
    parts_of_other = {r.source for r in data.relations(type="part-of")} - parts_of_umbrella
    stray = sorted(set(given) & parts_of_other)
    if stray:
        raise Wrong(f"{stray[0]!r} is part of another body, not of the Popular Mobilization Forces. "
                    f"Filter on `target={UMBRELLA!r}`.")
    if UMBRELLA in given:
        raise Wrong("The umbrella itself is not one of its factions; list only the actors that are part "
                    "of it.")
    expect(given, "`factions`", missing="Use every 'part-of' relation whose target is the PMF.")
    return f"Right: {len(given)} factions are recorded as part of the PMF."


@task(EXERCISE, 2, compare=Compare("set"))
def task2(links, expect):
    given = ids(links, "`links`")
    known = {r.id: r for r in data.relations()}
    unknown = [i for i in given if i not in known]
    if unknown:
        raise Wrong(f"{unknown[0]!r} is not a relation id. A relation's id is 'source--type--target', "
                    "the `id` property of a relation record.")
    not_hub = [i for i in given if known[i].source != HUB]
    if not_hub:
        raise Wrong(f"{not_hub[0]!r} starts from {known[not_hub[0]].source!r}; keep relations whose source "
                    f"is {HUB!r}.")
    abroad = [i for i in given if data.actor(known[i].target).country != COUNTRY]
    if abroad:
        raise Wrong(f"{abroad[0]!r} leads to an actor outside Iraq; check the target actor's `country`.")
    expect(given, "`links`", missing="Keep every relation type and every status.")
    return f"Right: {len(given)} links from the Quds Force into Iraq."


@task(EXERCISE, 3, compare=Compare("map"))
def task3(link_status, expect):
    given = mapping(link_status, "`link_status`")
    values = {k: number(v, f"The count for {k!r}") for k, v in given.items()}
    values = {k: v for k, v in values.items() if v}  # a status counted zero times may be left out
    expect(values, "The statuses in `link_status`", extra="Count only the links of task 2.",
           wrong=lambda k: f"The count for {k!r} is not right; count the links of task 2 by their `status`.")
    return ("Right. Alleged links rest on one party's word (often a government designation); the map "
            "should show that difference.")


@task(EXERCISE, 4, compare=Compare("value"))
def task4(own_map, expect):
    if not isinstance(own_map, LineMap):
        raise Wrong(f"`own_map` should be a folium.Map, not a {type_name(own_map)}.")
    if own_map.tiles:
        raise Wrong("The map loads tiles from the internet; create it with `tiles=None` so it works offline.")
    links = expect.task(2).size
    if len(own_map.lines) != links:
        raise Wrong(f"The map has {len(own_map.lines)} line(s); draw one line per link of task 2 ({links}).")
    hub = tuple(round(v, 4) for v in home_point(HUB))
    for start, end, _ in line_form(own_map.lines):
        if tuple(start) != hub:
            raise Wrong(f"A line runs from {tuple(start)} to {tuple(end)}. Each line should start at the "
                        "Quds Force's home place and end at the partner's home place (lat, lon).")
    expect(line_form(own_map.lines), "`own_map`",
           wrong="Each line should end at the home place (lat, lon) of a partner from task 2, and be dashed "
           "exactly when its link is not established (`dash_array='6 6'`).")
    return "Right: an offline map whose line style says how well each link is established."


@task(EXERCISE, 5)
def task5(course_map):
    if not isinstance(course_map, Figure):
        raise Wrong(f"`course_map` should be what `maps.network_map(...)` returns, not a "
                    f"{type_name(course_map)}.")
    if course_map.kind != "network":
        raise Wrong(f"This is a {course_map.kind} map; use `maps.network_map`.")
    if len(course_map.caption.split()) < 5:
        raise Wrong("Write a caption of at least one full sentence saying what the map shows.")
    return "Right. Compare the two maps: what does the course map show that yours leaves out?"

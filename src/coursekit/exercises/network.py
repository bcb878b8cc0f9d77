"""Checks for exercise 5, *Mapping one network* (chapter 8): the Quds Force and its Iraqi partners.

This is the exercise that uses ``coursekit.maps`` (its public API only) and Folium directly.
"""

from __future__ import annotations

from collections import Counter

from .. import data
from .answers import ids, mapping, number, same_ids
from .feedback import Wrong, task

EXERCISE = "ex5-network"
HUB = "quds-force"
UMBRELLA = "popular-mobilization-forces"
COUNTRY = "IRQ"


def _factions() -> list[str]:
    return sorted(r.source for r in data.relations(type="part-of", target=UMBRELLA))


def _links():
    return sorted((r for r in data.relations(source=HUB) if data.actor(r.target).country == COUNTRY),
                  key=lambda r: r.id)


def _link_status() -> dict[str, int]:
    return dict(Counter(r.status for r in _links()))


def _point(actor: str) -> tuple[float, float]:
    place = data.place(data.actor(actor).home)
    return (place.lat, place.lon)


@task(EXERCISE, 1)
def task1(factions):
    given = ids(factions, "`factions`")
    parts_of_other = {r.source for r in data.relations(type="part-of")} - set(_factions())
    stray = sorted(set(given) & parts_of_other)
    if stray:
        raise Wrong(f"{stray[0]!r} is part of another body, not of the Popular Mobilization Forces. "
                    f"Filter on `target={UMBRELLA!r}`.")
    if UMBRELLA in given:
        raise Wrong("The umbrella itself is not one of its factions; list only the actors that are part "
                    "of it.")
    same_ids(given, _factions(), "`factions`", missing_hint="Use every 'part-of' relation whose target is "
             "the PMF.")
    return f"Right: {len(given)} factions are recorded as part of the PMF."


@task(EXERCISE, 2)
def task2(links):
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
    same_ids(given, [r.id for r in _links()], "`links`",
             missing_hint="Keep every relation type and every status.")
    return f"Right: {len(given)} links from the Quds Force into Iraq."


@task(EXERCISE, 3)
def task3(link_status):
    given = mapping(link_status, "`link_status`")
    expected = _link_status()
    same_ids([str(k) for k in given if given[k]], expected, "The statuses in `link_status`",
             extra_hint="Count only the links of task 2.")
    wrong = [k for k in expected if number(given[k], f"The count for {k!r}") != expected[k]]
    if wrong:
        raise Wrong(f"The count for {wrong[0]!r} is not right; count the links of task 2 by their `status`.")
    return ("Right. Alleged links rest on one party's word (often a government designation); the map "
            "should show that difference.")


def _lines(fmap) -> list:
    import folium

    found = []
    stack = list(fmap._children.values())  # noqa: SLF001 - branca's tree of map elements
    while stack:
        child = stack.pop()
        if isinstance(child, folium.PolyLine):
            found.append(child)
        stack.extend(getattr(child, "_children", {}).values())
    return found


@task(EXERCISE, 4)
def task4(own_map):
    import folium

    if not isinstance(own_map, folium.Map):
        raise Wrong(f"`own_map` should be a folium.Map, not a {type(own_map).__name__}.")
    if any(isinstance(c, folium.TileLayer) for c in own_map._children.values()):  # noqa: SLF001
        raise Wrong("The map loads tiles from the internet; create it with `tiles=None` so it works offline.")
    lines = _lines(own_map)
    links = _links()
    if len(lines) != len(links):
        raise Wrong(f"The map has {len(lines)} line(s); draw one line per link of task 2 ({len(links)}).")
    hub, ends = _point(HUB), {_point(r.target) for r in links}
    for line in lines:
        start, end = (tuple(round(v, 4) for v in p) for p in (line.locations[0], line.locations[-1]))
        points = {tuple(round(v, 4) for v in p) for p in ends}
        if start != tuple(round(v, 4) for v in hub) or end not in points:
            raise Wrong(f"A line runs from {start} to {end}. Each line should start at the Quds Force's home "
                        "place and end at the partner's home place (lat, lon).")
    dashed = sum(bool(line.options.get("dashArray")) for line in lines)
    uncertain = sum(r.status != "established" for r in links)
    if dashed != uncertain:
        raise Wrong(f"{dashed} line(s) are dashed, but {uncertain} link(s) are not established. Dash exactly "
                    "those (`dash_array='6 6'`), so the map shows what is alleged.")
    return "Right: an offline map whose line style says how well each link is established."


@task(EXERCISE, 5)
def task5(course_map):
    from .. import maps

    if not isinstance(course_map, maps.MapFigure):
        raise Wrong(f"`course_map` should be what `maps.network_map(...)` returns, not a "
                    f"{type(course_map).__name__}.")
    if course_map.kind != "network":
        raise Wrong(f"This is a {course_map.kind} map; use `maps.network_map`.")
    if len(course_map.caption.split()) < 5:
        raise Wrong("Write a caption of at least one full sentence saying what the map shows.")
    return "Right. Compare the two maps: what does the course map show that yours leaves out?"

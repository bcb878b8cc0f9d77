"""Checks across records: every id a record names exists, every reference key resolves."""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any

from .loader import Course
from .problems import Problem, problem


def _field(path: Sequence[Any]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


class Anything:
    """Stands for the ids of a file that could not be read: every id may be in it."""

    def __contains__(self, item: object) -> bool:
        return True


def _known(course: Course, kind: str, records: dict) -> Container:
    if kind in course.unreadable:
        return Anything()
    return set(records) | course.broken.get(kind, set())


def check_links(course: Course) -> list[Problem]:
    """Problems with ids and keys that point at nothing."""
    problems: list[Problem] = []

    def unknown(kind: str, rid: str, path: list, value: Any, known: Container, what: str) -> None:
        _unknown(course, problems, kind, rid, path, value, known, what)

    def each(kind: str, rid: str, name: str, values: list, known: Container, what: str) -> None:
        for index, value in enumerate(values):
            unknown(kind, rid, [name, index], value, known, what)

    refs = Anything() if "references" in course.unreadable else course.references
    places = _known(course, "places", course.places)
    actors = _known(course, "actors", course.actors)
    for place in course.places.values():
        each("places", place.id, "refs", place.refs, refs, "reference key")
    for actor in course.actors.values():
        each("actors", actor.id, "refs", actor.refs, refs, "reference key")
        unknown("actors", actor.id, ["home"], actor.home, places, "place")
        for index, role in enumerate(actor.roles):
            unknown("actors", actor.id, ["roles", index, "of"], role.of, actors, "actor")
    for rel in course.relations:
        each("relations", rel.id, "refs", rel.refs, refs, "reference key")
        unknown("relations", rel.id, ["source"], rel.source, actors, "actor")
        unknown("relations", rel.id, ["target"], rel.target, actors, "actor")
    for event in course.events:
        each("events", event.id, "refs", event.refs, refs, "reference key")
        each("events", event.id, "places", event.places, places, "place")
        each("events", event.id, "actors", event.actors, actors, "actor")
        if event.end and event.end < event.date:
            display, line = course.where("events", event.id, "end")
            problems.append(problem(display, f"ends ({event.end}) before it starts ({event.date})",
                                    line=line, record=event.id, field="end"))
    problems += _story_links(course, refs, places, actors)
    for claim in course.claims:
        each("claims", claim.id, "refs", claim.refs, refs, "reference key")
    problems += _figure_links(course, refs)
    problems += _view_links(course, places, actors)
    return problems


def _unknown(course: Course, problems: list[Problem], kind: str, rid: str, path: list, value: Any,
             known: Container, what: str) -> None:
    if value is not None and value not in known:
        display, line = course.where(kind, rid, *path)
        problems.append(problem(display, f"unknown {what} {value!r}", line=line, record=rid,
                                field=_field(path)))


def _story_links(course: Course, refs: Container, places: Container, actors: Container) -> list[Problem]:
    """Unknown actors, places and reference keys of the stories, and stops out of date order."""
    problems: list[Problem] = []
    for story in course.stories.values():
        def unknown(path: list, value: Any, known: Container, what: str, sid: str = story.id) -> None:
            _unknown(course, problems, "stories", sid, path, value, known, what)

        unknown(["actor"], story.actor, actors, "actor")
        for index, stop in enumerate(story.stops):
            unknown(["stops", index, "place"], stop.place, places, "place")
            for ref_index, key in enumerate(stop.refs):
                unknown(["stops", index, "refs", ref_index], key, refs, "reference key")
        dates = [stop.date for stop in story.stops]
        if dates != sorted(dates):
            display, line = course.where("stories", story.id, "stops")
            problems.append(problem(display, "stops are not in date order", line=line,
                                    record=story.id, field="stops"))
    return problems


def _figure_links(course: Course, refs: Container) -> list[Problem]:
    """Unknown events and reference keys of the casualty figures, and periods that end first."""
    problems: list[Problem] = []
    events = _known(course, "events", {e.id: e for e in course.events})
    for fig in course.figures:
        _unknown(course, problems, "figures", fig.id, ["event"], fig.event, events, "event")
        _unknown(course, problems, "figures", fig.id, ["source"], fig.source, refs, "reference key")
        if fig.to < fig.from_:
            display, line = course.where("figures", fig.id, "to")
            problems.append(problem(display, f"the period ends ({fig.to}) before it starts "
                                    f"({fig.from_})", line=line, record=fig.id, field="to"))
    return problems


def _view_links(course: Course, places: Container, actors: Container) -> list[Problem]:
    """Unknown countries, places, events and actors of the views, and periods that end first."""
    problems: list[Problem] = []
    events = _known(course, "events", {e.id: e for e in course.events})
    countries: Container = set(course.boundaries) if course.boundaries else Anything()
    for view in course.views.values():
        def unknown(path: list, value: Any, known: Container, what: str, vid: str = view.id) -> None:
            _unknown(course, problems, "views", vid, path, value, known, what)

        for index, code in enumerate(view.countries):
            unknown(["countries", index], code, countries, "country")
        unknown(["country"], view.country, countries, "country")
        for index, pid in enumerate(view.places):
            unknown(["places", index], pid, places, "place")
        for index, eid in enumerate(view.events):
            unknown(["events", index], eid, events, "event")
        unknown(["source"], view.source, actors, "actor")
        for index, period in enumerate(view.periods):
            if period.end < period.start:
                display, line = course.where("views", view.id, "periods", index, "end")
                problems.append(problem(display, f"the period ends ({period.end}) before it "
                                        f"starts ({period.start})", line=line, record=view.id,
                                        field=f"periods[{index}].end"))
    return problems

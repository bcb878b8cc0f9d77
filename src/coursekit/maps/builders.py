"""The four map builders a chapter cell calls: region, events, network and story maps.

Each checks its inputs (raising :class:`MapInputError` quoting the bad value), reads the
knowledge base (``course``, default :func:`coursekit.data.course`), and returns a
:class:`MapFigure`. Names and descriptions from the data reach the map only as data for the
runtime (shown with textContent) or through autoescaped templates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple, get_args

from ..data import select_events
from ..knowledge.loader import Course
from ..knowledge.references import labels
from ..knowledge.schema import Event, EventStatus, Place, PlaceKind
from . import inputs, style
from .basemap import country_name, feature_bounds
from .canvas import finish, layer, new_map
from .frame import Frame, Point, frame
from .inputs import MapInputError
from .network import build_network
from .render import AltText, MapFigure, Runtime
from .story import build_story

PLACE_KINDS: tuple[str, ...] = get_args(PlaceKind)
STATUSES: tuple[str, ...] = get_args(EventStatus)


class Stop(NamedTuple):
    """One stop of a story map: where, when, what happened there (and, from the data, its sources)."""

    place: str
    date: str
    text: str
    refs: tuple[str, ...] = ()


def _course(course: Course | None) -> Course:
    if course is not None:
        return course
    from .. import data

    return data.course()


def _references(course: Course, keys: Sequence[str]) -> str:
    return labels(course.references, keys)


def _place_line(place: Place, boundaries: dict[str, Any]) -> str:
    return f"{place.name} ({country_name(boundaries, place.country)})"


def _outside_note(view: Frame, note: str | None = None) -> str | None:
    """The table's note naming what the map's initial view leaves out (it is in the table too)."""
    if not view.outside:
        return note
    where = "; ".join(p.text for p in view.outside)
    said = f"Outside the map's initial view (listed on the map, and in this table): {where}."
    return f"{note} {said}" if note else said


# ----------------------------------------------------------------------------- region map

def region_map(countries: Sequence[str], places: Sequence[str] | None = None, *, caption: str,
               highlight: str = style.HIGHLIGHT, course: Course | None = None) -> MapFigure:
    """The countries of a chapter, highlighted, with its places labelled by name.

    >>> region_map(["IRQ", "SYR"], places=["baghdad", "damascus"],
    ...            caption="Iraq and Syria.")  # doctest: +SKIP
    """
    caption = inputs.caption(caption)
    highlight = style.fill_colour(highlight)
    course = _course(course)
    codes = inputs.countries(countries, course.boundaries)
    chosen = [inputs.lookup(course.places, pid, "place")
              for pid in inputs.id_list(places if places is not None else [], "place", allow_empty=True)]

    points = [Point(p.lat, p.lon, key=p.id, label=_place_line(p, course.boundaries),
                    area=country_name(course.boundaries, p.country)) for p in chosen]
    for code in codes:
        box = feature_bounds(course.boundaries[code])
        points.append(Point((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, key=code, noun="",
                            label=country_name(course.boundaries, code), extent=box))
    view = frame(points, pad=0.05)
    fmap = new_map(course.boundaries, view.focus, highlight=codes, highlight_colour=highlight)
    kinds = [k for k in PLACE_KINDS if any(p.kind == k for p in chosen)]
    symbols = {s.label: s for s in style.symbols(kinds)}
    if chosen:
        group = layer(fmap, "Places")
        items = []
        for place in chosen:
            rank = PLACE_KINDS.index(place.kind) if place.kind in PLACE_KINDS else len(PLACE_KINDS)
            rows = [["Kind", place.kind], ["Country", country_name(course.boundaries, place.country)]]
            if place.approximate:
                rows.append(["Location", f"approximate: {place.note}"])
            rows.append(["Reference", _references(course, place.refs)])
            items.append({"lat": place.lat, "lon": place.lon, "name": place.name, "label": place.name,
                          "rank": rank,
                          **symbols[place.kind].marker(),
                          "popup": {"title": place.name, "entries": [{"rows": rows}]}})
        group.add_child(Runtime("markers", items))
    legend = {"title": "Places", "items": [symbols[k].legend("marker") for k in kinds]} if kinds else None
    finish(fmap, view, legend)

    names = ", ".join(country_name(course.boundaries, c) for c in codes)
    alt = AltText(
        title="Places on the map",
        intro=f"Highlighted: {names}.",
        columns=["Place", "Kind", "Country", "Note"],
        rows=[[p.name, p.kind, country_name(course.boundaries, p.country),
               f"approximate: {p.note}" if p.approximate else ""] for p in chosen],
        note=_outside_note(view, "No places are marked on this map." if not chosen else None),
        noun="place",
    )
    return MapFigure(fmap, caption, alt, "region", frame=view)


# ----------------------------------------------------------------------------- events map

def _periods(periods: Sequence[tuple[str, str, str]] | None, selected: list[Event]):
    """(label, start, end) periods; by default the decades the events fall in."""
    if periods is None:
        decades = sorted({e.date[:3] for e in selected})
        return [(f"{d}0s", f"{d}0", f"{d}9") for d in decades]
    out = []
    for period in periods:
        if not isinstance(period, (tuple, list)) or len(period) != 3:
            raise MapInputError(f"invalid period {period!r}: give (label, start, end)")
        label = inputs.text(period[0], "a period label")
        span = inputs.between((period[1], period[2]))
        assert span is not None  # between() returns None only when given None
        out.append((label, *span))
    return sorted(out, key=lambda p: (p[1], p[2]))  # date order, in the legend and layer control


def _period_of(event: Event, periods: list[tuple[str, str, str]]) -> str:
    for label, start, end in periods:
        if start <= event.date[:len(start)] and event.date[:len(end)] <= end:
            return label
    raise MapInputError(f"event {event.id!r} ({event.date}) falls in none of the periods "
                        f"{', '.join(p[0] for p in periods)}")


def events_map(*, between: tuple[str, str] | None = None, country: str | None = None,
               actor: str | None = None, events: Sequence[str] | None = None,
               group_by: Literal["period", "attribution"] = "period",
               periods: Sequence[tuple[str, str, str]] | None = None,
               colours: dict[str, str] | None = None, caption: str,
               course: Course | None = None) -> MapFigure:
    """Events as markers with popups (date, what happened, attribution, reference), in layers.

    Select with ``between`` (inclusive date prefixes), ``country`` (ISO3), ``actor`` (an actor
    id) or an explicit list of ``events`` ids. ``group_by="period"`` puts each decade (or each of
    ``periods``: ``(label, start, end)``) in its own layer; ``"attribution"`` groups by status
    (established, alleged, contested).
    """
    caption = inputs.caption(caption)
    inputs.choice(group_by, ("period", "attribution"), "group_by")
    course = _course(course)
    span = inputs.between(between)
    if country is not None:
        inputs.countries([country], course.boundaries)
    if actor is not None:
        inputs.lookup(course.actors, actor, "actor")
    if events is not None:
        table = {e.id: e for e in course.events}
        selected = [inputs.lookup(table, eid, "event") for eid in inputs.id_list(events, "event")]
        matching = select_events(course, between=span, country=country, actor=actor)
        selected = [e for e in selected if e in matching]
    else:
        selected = select_events(course, between=span, country=country, actor=actor)
    if not selected:
        asked = {k: v for k, v in (("between", between), ("country", country), ("actor", actor),
                                   ("events", events)) if v is not None}
        raise MapInputError(f"empty selection: no events match {asked!r}")

    if group_by == "period":
        bands = _periods(periods, selected)
        group_of = {e.id: _period_of(e, bands) for e in selected}
        labels = [b[0] for b in bands if b[0] in group_of.values()]
    else:
        group_of = {e.id: e.status for e in selected}
        labels = [s for s in STATUSES if s in group_of.values()]
    symbols = {s.label: s for s in style.symbols(labels, colours)}

    places = {pid: course.places[pid] for e in selected for pid in e.places}
    view = frame([Point(places[pid].lat, places[pid].lon, key=pid, noun="event",
                        label=_place_line(places[pid], course.boundaries),
                        area=country_name(course.boundaries, places[pid].country))
                  for e in selected for pid in e.places],
                 core=feature_bounds(course.boundaries[country]) if country else None)
    fmap = new_map(course.boundaries, view.focus, highlight=[country] if country else ())
    for order, label in enumerate(labels):
        at_place: dict[str, list[Event]] = defaultdict(list)
        for event in selected:
            if group_of[event.id] == label:
                for pid in event.places:
                    at_place[pid].append(event)
        items = []
        for pid, found in at_place.items():
            place = places[pid]
            entries = [{"heading": e.title, "rows": [
                ["Date", e.date + (f" to {e.end}" if e.end else "")],
                ["What happened", e.summary],
                ["Attribution", f"{e.status}: {e.attribution}"],
                ["Reference", _references(course, e.refs)]]} for e in found]
            count = f"{len(found)} event{'s' if len(found) > 1 else ''}"
            items.append({"lat": place.lat, "lon": place.lon, **symbols[label].marker(),
                          "name": f"{_place_line(place, course.boundaries)}, {label}: {count}",
                          "popup": {"title": f"{place.name}: {label}", "entries": entries}})
        layer(fmap, label, order).add_child(Runtime("markers", items))
    heading = "Period" if group_by == "period" else "Attribution"
    finish(fmap, view, {"title": heading, "items": [symbols[k].legend("marker") for k in labels]})

    by_period = group_by == "period"
    alt = AltText(
        title="Events on the map",
        columns=["Date", "Event", "Place", *(["Period"] if by_period else []), "Status", "Attribution",
                 "References"],
        rows=[[e.date, e.title, "; ".join(_place_line(places[p], course.boundaries) for p in e.places),
               *([group_of[e.id]] if by_period else []), e.status, e.attribution,
               _references(course, e.refs)] for e in selected],
        note=_outside_note(view),
        noun="event",
    )
    return MapFigure(fmap, caption, alt, "events", frame=view)


# ----------------------------------------------------------------------------- network map

def network_map(source: str = "iran", *, types: Sequence[str] = ("supports", "founded"),
                styles: dict[str, dict[str, str]] | None = None, caption: str,
                course: Course | None = None) -> MapFigure:
    """Links from ``source`` (and the bodies that are part of it) to the groups it backs.

    Each relation type has its own colour and dash pattern (``styles`` overrides them:
    ``{"supports": {"colour": "#0b5d9c", "dash": "dashed"}}``); the legend names them.
    """
    caption = inputs.caption(caption)
    course = _course(course)
    return build_network(course, source, types, styles, caption)


# ----------------------------------------------------------------------------- story map

def _actor_stops(course: Course, aid: str) -> list[Stop]:
    actor = course.actors[aid]
    stops: list[Stop] = []
    if actor.home and actor.start and actor.home in course.places:
        what = "Born" if actor.kind == "person" else "Founded"
        stops.append(Stop(actor.home, actor.start, f"{what}: {actor.name}."))
    for role in actor.roles:
        where = course.actors[role.of].home if role.of in course.actors else actor.home
        if role.start and where in course.places:
            stops.append(Stop(where, role.start, f"Becomes {role.title}."))
    for event in course.events:
        if aid in event.actors:
            stops.append(Stop(event.places[0], event.date, f"{event.title}."))
    return sorted(stops, key=lambda s: s.date)


def story_map(stops: Sequence[Stop | tuple[str, str, str]] | str, *, caption: str,
              course: Course | None = None) -> MapFigure:
    """An ordered sequence of stops a reader steps through with Next and Previous.

    ``stops`` is a story id from ``stories.yaml``, a list of ``(place id, date, text)``, or an
    actor id, whose birth (or founding), dated roles and events make the stops, in date order.
    """
    caption = inputs.caption(caption)
    course = _course(course)
    if isinstance(stops, str) and stops in getattr(course, "stories", {}):
        resolved = [Stop(s.place, s.date, s.text, tuple(s.refs)) for s in course.stories[stops].stops]
    elif isinstance(stops, str):
        known = {**course.actors, **getattr(course, "stories", {})}
        inputs.lookup(known, stops, "story or actor")
        resolved = _actor_stops(course, stops)
        if not resolved:
            raise MapInputError(f"empty selection: actor {stops!r} has no dated place to show")
    else:
        if not isinstance(stops, Sequence) or not stops:
            raise MapInputError(f"empty selection: expected a list of stops or an actor id, got {stops!r}")
        resolved = []
        for item in stops:
            if not isinstance(item, (tuple, list)) or len(item) != 3:
                raise MapInputError(f"invalid stop {item!r}: give (place id, date, text)")
            place, when, what = item
            inputs.lookup(course.places, place, "place")
            resolved.append(Stop(place, inputs.date(when), inputs.text(what, "a stop's text")))
    return build_story(course, resolved, caption)

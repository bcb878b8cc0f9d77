"""The network map: links from one actor (and the bodies that are part of it) to those it backs.

Actors are drawn at their ``home`` place, on land. Several groups often share a home (Baghdad,
Tehran): the runtime draws them as one marker that lists them (as it does for any markers that
would overlap), and several links between the same two points are drawn as arcs bending
different ways, so none hides another. The caption's
text alternative says which actors have no home in the data and so are listed but not drawn.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import get_args

from ..knowledge.loader import Course
from ..knowledge.references import labels
from ..knowledge.schema import PART_OF, Relation, RelationType
from . import inputs, style
from .basemap import country_name
from .canvas import finish, layer, new_map
from .frame import Point, frame
from .inputs import MapInputError
from .render import AltText, MapFigure, Runtime

LINK_TYPES: tuple[str, ...] = tuple(t for t in get_args(RelationType) if t != PART_OF)


def side_of(course: Course, source: str) -> list[str]:
    """``source`` and every actor that is (transitively) part of it, in a stable order."""
    side = [source]
    changed = True
    while changed:
        changed = False
        for rel in sorted(course.relations, key=lambda r: r.id):
            if rel.type == "part-of" and rel.target in side and rel.source not in side:
                side.append(rel.source)
                changed = True
    return side


def _arc(a: tuple[float, float], b: tuple[float, float], bend: float, steps: int = 16):
    """Points of a quadratic curve from a to b whose middle is pushed sideways by ``bend``."""
    (lat1, lon1), (lat2, lon2) = a, b
    mid_lat, mid_lon = (lat1 + lat2) / 2, (lon1 + lon2) / 2
    dlat, dlon = lat2 - lat1, lon2 - lon1
    ctrl = (mid_lat + bend * -dlon, mid_lon + bend * dlat)
    if bend == 0:
        return [[round(lat1, 4), round(lon1, 4)], [round(lat2, 4), round(lon2, 4)]]
    out = []
    for i in range(steps + 1):
        t = i / steps
        lat = (1 - t) ** 2 * lat1 + 2 * (1 - t) * t * ctrl[0] + t ** 2 * lat2
        lon = (1 - t) ** 2 * lon1 + 2 * (1 - t) * t * ctrl[1] + t ** 2 * lon2
        out.append([round(lat, 4), round(lon, 4)])
    return out


def _styles(present: list[str], styles: dict | None) -> dict[str, style.Symbol]:
    styles = dict(styles or {})
    for rtype, given in styles.items():
        if rtype not in present:
            raise MapInputError(f"style given for relation type {rtype!r}, which is not on the map "
                                f"(types shown: {', '.join(present)})")
        if not isinstance(given, dict) or set(given) - {"colour", "dash"}:
            raise MapInputError(f"invalid style {given!r} for {rtype!r}: use {{'colour': '#rrggbb', "
                                "'dash': 'solid'|'dashed'|'dotted'|'dashdot'}")
    out = {}
    for symbol in style.symbols(present, kind="line"):
        given = styles.get(symbol.label, {})
        colour = style.marker_colour(given["colour"], f"colour of {symbol.label!r}") \
            if "colour" in given else symbol.colour
        dash = style.dash(given["dash"]) if "dash" in given else symbol.dash
        out[symbol.label] = style.Symbol(symbol.label, colour, dash=dash)
    return out


def _row(course: Course, rel: Relation, drawn: bool) -> list[str]:
    src, dst = course.actors[rel.source], course.actors[rel.target]
    home = course.places.get(dst.home or "")
    where = f"{home.name} ({country_name(course.boundaries, home.country)})" if home and drawn \
        else "not on the map (no home place in the data)"
    since = rel.start or ""
    if rel.end:
        since = f"{since} to {rel.end}"
    return [src.name, rel.type, dst.name, where, rel.status, rel.attribution, since]


def build_network(course: Course, source: str, types: Sequence[str], styles: dict | None,
                  caption: str) -> MapFigure:
    inputs.lookup(course.actors, source, "actor")
    kinds = inputs.id_list(types, "relation type")
    for kind in kinds:
        inputs.choice(kind, LINK_TYPES, "relation type")
    side = side_of(course, source)
    relations = sorted((r for r in course.relations
                        if r.source in side and r.type in kinds and r.target not in side),
                       key=lambda r: (kinds.index(r.type), r.target, r.source))
    if not relations:
        raise MapInputError(f"empty selection: no {'/'.join(kinds)} relations from {source!r}")
    present = [k for k in kinds if any(r.type == k for r in relations)]
    symbols = _styles(present, styles)

    def home(aid: str):
        place = course.places.get(course.actors[aid].home or "")
        return (place.lat, place.lon) if place else None

    drawable = [r for r in relations if home(r.source) and home(r.target)]
    if not drawable:
        raise MapInputError(f"empty selection: none of the actors linked to {source!r} has a home place")
    targets = sorted({r.target for r in drawable})
    sources = sorted({r.source for r in drawable}, key=side.index)
    def point(aid: str) -> Point:
        place = course.places[course.actors[aid].home or ""]
        return Point(place.lat, place.lon, key=place.id, noun="actor",
                     label=f"{place.name} ({country_name(course.boundaries, place.country)})",
                     area=country_name(course.boundaries, place.country))

    view = frame([point(a) for a in targets + sources])
    position = {aid: home(aid) for aid in targets + sources}

    fmap = new_map(course.boundaries, view.focus)
    seen_pairs: dict[tuple, int] = defaultdict(int)
    for order, kind in enumerate(present):
        items = []
        for rel in (r for r in drawable if r.type == kind):
            a, b = position[rel.source], position[rel.target]
            nth = seen_pairs[(a, b)]
            seen_pairs[(a, b)] += 1
            bend = 0.0 if nth == 0 else (0.12 * ((nth + 1) // 2)) * (1 if nth % 2 else -1)
            src, dst = course.actors[rel.source], course.actors[rel.target]
            name = f"{src.label} {rel.type} {dst.label} ({rel.status})"
            items.append({"points": _arc(a, b, bend), **symbols[kind].line(),
                          "weight": 3 if rel.status == "established" else 2, "name": name,
                          "popup": {"title": name, "entries": [{"rows": [
                              ["Since", rel.start or "not recorded"], ["Status", rel.status],
                              ["Attribution", rel.attribution],
                              ["Reference", labels(course.references, rel.refs, titles=False)]]}]}})
        layer(fmap, f"{kind} links", order).add_child(Runtime("links", items))

    source_symbol = style.Symbol(f"{course.actors[source].label} and its bodies", style.CATEGORICAL[0],
                                 "star")
    target_symbol = style.Symbol("actor it backs", style.CATEGORICAL[1], "circle")
    # label ranks: the source first, then the groups with the most links
    links_of: dict[str, int] = defaultdict(int)
    for rel in drawable:
        links_of[rel.target] += 1
    markers = [{"lat": position[a][0], "lon": position[a][1], **source_symbol.marker(), "size": 26,
                "name": course.actors[a].name, "label": course.actors[a].label, "rank": -1000}
               for a in sources[:1]]
    markers += [{"lat": position[a][0], "lon": position[a][1], **target_symbol.marker(),
                 "name": course.actors[a].name, "label": course.actors[a].label, "rank": -links_of[a]}
                for a in targets]
    layer(fmap, "actors", len(present)).add_child(Runtime("markers", markers))
    legend = {"title": "Links", "items": [symbols[k].legend("line") for k in present]
              + [source_symbol.legend("marker"), target_symbol.legend("marker")]}
    finish(fmap, view, legend)

    missing = sorted({course.actors[a].name for r in relations for a in (r.source, r.target)
                      if not home(a)})
    alt = AltText(
        title=f"Links from {course.actors[source].name}",
        intro=(f"{course.actors[source].name} and the bodies that are part of it "
               f"({', '.join(course.actors[a].name for a in side[1:]) or 'none recorded'}) are drawn "
               f"at {course.places[home_id].name}."
               if (home_id := course.actors[source].home) in course.places else None),
        columns=["From", "Relation", "To", "Where", "Status", "Attribution", "Since"],
        rows=[_row(course, r, r in drawable) for r in relations],
        note=("Groups that share a home place are drawn as one marker there, which lists them. Not on "
              f"the map (no home place in the data): {', '.join(missing)}." if missing else
              "Groups that share a home place are drawn as one marker there, which lists them.")
        + ("" if not view.outside else " Outside the map's initial view (listed on the map): "
           + "; ".join(p.text for p in view.outside) + "."),
        noun="link",
    )
    return MapFigure(fmap, caption, alt, "network", frame=view)

"""The story map: numbered stops joined by a path, stepped through with Next and Previous.

The stepping is done by ``coursekit-maps.js`` (plain JS shipped with the package), so it works on
the static site and in a kernel alike. The current stop's text is in an ``aria-live`` region;
every stop is also listed in the text alternative below the map.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..knowledge.loader import Course
from ..knowledge.references import labels
from . import style
from .basemap import country_name
from .canvas import finish, new_map
from .frame import Point, frame
from .render import AltText, MapFigure, Runtime


def _references(course: Course, keys: Sequence[str]) -> str:
    return labels(course.references, keys)

if TYPE_CHECKING:
    from .builders import Stop


def build_story(course: Course, stops: Sequence[Stop], caption: str) -> MapFigure:
    places = [course.places[s.place] for s in stops]
    view = frame([Point(p.lat, p.lon, key=p.id, noun="stop",
                        label=f"{p.name} ({country_name(course.boundaries, p.country)})",
                        area=country_name(course.boundaries, p.country)) for p in places])
    fmap = new_map(course.boundaries, view.focus)
    symbol = style.Symbol("stop (numbered in order)", style.CATEGORICAL[0], "circle")
    items = [{"lat": p.lat, "lon": p.lon, "name": p.name, "date": s.date, "text": s.text,
              **symbol.marker(),
              "popup": {"title": f"{s.date}, {p.name}", "entries": [{"rows": [["What", s.text]] + (
                  [["Reference", _references(course, s.refs)]] if s.refs else [])}]}}
             for s, p in zip(stops, places, strict=True)]
    fmap.add_child(Runtime("story", {"stops": items, "path": style.CATEGORICAL[0]}))
    finish(fmap, view, {"title": "Story", "items": [symbol.legend("marker")]})
    first = f"Stop 1 of {len(stops)}: {stops[0].date}, {places[0].name}. {stops[0].text}"
    alt = AltText(
        title="The stops, in order",
        columns=["Stop", "Date", "Place", "What"],
        rows=[[str(i + 1), s.date, f"{p.name} ({country_name(course.boundaries, p.country)})", s.text]
              for i, (s, p) in enumerate(zip(stops, places, strict=True))],
        note=("Outside the map's initial view (listed on the map): "
              + "; ".join(p.text for p in view.outside) + ".") if view.outside else None,
        noun="stop",
    )
    return MapFigure(fmap, caption, alt, "story", story_first=first, frame=view)

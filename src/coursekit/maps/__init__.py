"""Maps of the course's knowledge base, one call from a chapter cell.

>>> from coursekit import maps
>>> maps.figure("ch09-article-places")   # a view defined in data/views.yaml  # doctest: +SKIP
>>> maps.region_map(["IRQ", "SYR"], places=["baghdad", "damascus"],
...                 caption="Iraq and Syria, with their capitals.")   # doctest: +SKIP

Every map works offline (Leaflet ships with the package; the basemap is drawn from the shipped
country outlines; OpenStreetMap is an opt-in layer), renders the same bytes on every build, and
carries a text alternative below it. See ``README.md`` in this folder for the design.
"""

from ..views import map_figure as figure
from .builders import Stop, events_map, network_map, region_map, story_map
from .inputs import MapInputError
from .render import MapFigure

__all__ = ["MapFigure", "MapInputError", "Stop", "events_map", "figure", "network_map", "region_map",
           "story_map"]

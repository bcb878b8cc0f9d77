"""Charts of the knowledge base, drawn as accessible inline SVG (no plotting library, no network).

>>> from coursekit import figures
>>> figures.figure("timeline-by-status")   # a view defined in data/views.yaml  # doctest: +SKIP
>>> figures.timeline(by="status", caption="Every event, by status.")  # doctest: +SKIP
"""

from ..views import timeline_figure as figure
from .timeline import TimelineFigure, timeline

__all__ = ["TimelineFigure", "figure", "timeline"]

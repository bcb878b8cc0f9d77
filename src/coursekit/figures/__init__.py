"""Charts of the knowledge base, drawn as accessible inline SVG (no plotting library, no network).

>>> from coursekit import figures
>>> figures.timeline(by="status", caption="Every event, by status.")  # doctest: +SKIP
"""

from .timeline import TimelineFigure, timeline

__all__ = ["TimelineFigure", "timeline"]

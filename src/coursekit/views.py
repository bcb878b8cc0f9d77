"""The course's figures and map views, defined in ``data/views.yaml`` and shown by id.

A chapter cell names a view, ``maps.figure("ch09-article-places")`` (a map) or
``figures.figure("timeline-by-status")`` (a timeline); the countries, places, events, periods and
caption it shows are data, checked by ``coursekit check``. The builders keep their own signatures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .knowledge.loader import Course
from .knowledge.problems import InputError, did_you_mean
from .knowledge.schema import View


def view(vid: object, course: Course | None = None) -> View:
    """The view ``vid`` of ``views.yaml``, or an error naming the id with the close ones."""
    if course is None:
        from . import data

        course = data.course()
    if isinstance(vid, str) and vid in course.views:
        return course.views[vid]
    raise InputError(f"unknown view id {vid!r} in views.yaml{did_you_mean(vid, course.views)}")


def map_figure(vid: str, *, course: Course | None = None) -> Any:
    """The map of view ``vid`` (a region, events or network view)."""
    from .maps import builders

    draw: dict[str, Callable[..., Any]] = {"region": builders.region_map, "events": builders.events_map,
                                          "network": builders.network_map}
    record = view(vid, course)
    if record.builder not in draw:
        raise InputError(f"view {vid!r} is a {record.builder}, not a map: show it with "
                         f"figures.figure({vid!r})")
    return draw[record.builder](**record.arguments(), course=course)


def timeline_figure(vid: str, *, course: Course | None = None) -> Any:
    """The timeline of view ``vid``."""
    from .figures.timeline import timeline

    record = view(vid, course)
    if record.builder != "timeline":
        raise InputError(f"view {vid!r} is a {record.builder} map, not a timeline: show it with "
                         f"maps.figure({vid!r})")
    return timeline(**record.arguments(), course=course)

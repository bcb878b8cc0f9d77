"""A timeline chart: one row per group (status or country), one mark per event, by date.

Marks differ by shape as well as colour (circle: established, diamond: default judgment,
triangle: alleged, square: contested), every mark has a tooltip title, and a summary table below
the chart gives the same information as text, so nothing depends on seeing the chart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import get_args

from .. import inputs
from ..knowledge.loader import Course
from ..knowledge.problems import InputError
from ..knowledge.schema import Event, EventStatus, TimelineBy
from ..templating import render

STATUSES: tuple[str, ...] = get_args(EventStatus)
# Colours with at least 4.5:1 contrast on white (WCAG AA for text, well above 3:1 for graphics).
COLOURS = {"established": "#1b5e20", "default-judgment": "#0d47a1", "alleged": "#8a4b00",
           "contested": "#6a1b9a"}
SHAPES = {"established": "circle", "default-judgment": "diamond", "alleged": "triangle",
          "contested": "square"}

WIDTH, LEFT, RIGHT, TOP, ROW, BOTTOM = 820, 170, 20, 16, 30, 40

def _year_fraction(date: str) -> float:
    parts = [int(p) for p in date.split("-")]
    year, month, day = parts[0], (parts[1] if len(parts) > 1 else 7), (parts[2] if len(parts) > 2 else 1)
    start = dt.date(year, 1, 1)
    return year + (dt.date(year, month, day) - start).days / 365.25


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    status: str
    colour: str
    shape: str
    title: str


@dataclass(frozen=True)
class TimelineFigure:
    fid: str
    caption: str
    by: str
    rows: list[str]
    marks: list[Mark]
    ticks: list[tuple[float, str]]
    height: int
    summary: list[tuple]  # group, count, first, last, then one count per status

    def _repr_html_(self) -> str:
        return render("figures/timeline.html.j2", figure=self, width=WIDTH, left=LEFT, top=TOP,
                      row=ROW, colours=COLOURS, shapes=SHAPES, statuses=STATUSES)


def _group(event: Event, by: str, course: Course) -> str:
    if by == "status":
        return event.status
    place = course.places.get(event.places[0])
    if place is None:
        return "elsewhere"
    feature = course.boundaries.get(place.country)
    return feature["properties"].get("name", place.country) if feature else place.country


def timeline(*, between: tuple[str, str] | None = None, country: str | None = None,
             by: TimelineBy = "status", caption: str, course: Course | None = None) -> TimelineFigure:
    """Events of the chronology on a time axis, one row per status or per country.

    ``between`` and ``country`` select events as in :func:`coursekit.data.events` (and are checked
    the same way); a bad argument raises :class:`~coursekit.knowledge.problems.InputError` quoting it.
    """
    from .. import data

    by = inputs.choice(by, TimelineBy, "by", optional=False)
    if not isinstance(caption, str) or not caption.strip():
        raise InputError(f"a chart needs a caption (a sentence saying what it shows), got {caption!r}")
    if course is not None and not isinstance(course, Course):
        raise InputError(f"course must be a Course (from coursekit.knowledge.load_course), got {course!r}")
    course = course or data.course()
    events = data.select_events(course, between=between, country=country)
    if not events:
        raise InputError(f"empty selection: no events match between={between!r}, country={country!r}")

    groups = [g for g in STATUSES if any(e.status == g for e in events)] if by == "status" else \
        [g for g, _ in Counter(_group(e, by, course) for e in events).most_common()]
    first = int(_year_fraction(events[0].date))
    last = int(_year_fraction(events[-1].date)) + 1
    span = max(last - first, 1)
    scale = (WIDTH - LEFT - RIGHT) / span

    def x_of(value: float) -> float:
        return round(LEFT + (value - first) * scale, 1)

    marks = []
    for event in events:
        row = groups.index(_group(event, by, course))
        marks.append(Mark(x_of(_year_fraction(event.date)), TOP + row * ROW + ROW / 2, event.status,
                          COLOURS[event.status], SHAPES[event.status],
                          f"{event.date}: {event.title} ({event.status})"))
    step = 5 if span > 15 else (2 if span > 6 else 1)
    ticks = [(x_of(year), str(year)) for year in range(first - first % step + step * (first % step > 0),
                                                       last + 1, step)]
    summary = []
    for group in groups:
        chosen = [e for e in events if _group(e, by, course) == group]
        counts: Counter[str] = Counter(e.status for e in chosen)
        summary.append((group, len(chosen), chosen[0].date[:4], chosen[-1].date[:4],
                        *(counts[status] for status in STATUSES)))
    digest = hashlib.sha256(repr((caption, by, [e.id for e in events])).encode()).hexdigest()[:12]
    return TimelineFigure(f"ck-fig-{digest}", caption.strip(), by, groups, marks, ticks,
                          TOP + len(groups) * ROW + BOTTOM, summary)

"""Where maps open: the area of interest from the data, and what lies outside it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from coursekit import data, maps
from coursekit.maps.frame import Point, distance_km, frame

BAGHDAD, BASRA, MOSUL, ERBIL = (33.31, 44.36), (30.51, 47.78), (36.34, 43.13), (36.19, 44.01)
WASHINGTON = (38.90, -77.04)


def iraq_points(washington: int = 2) -> list[Point]:
    here = [Point(*p, key=k, noun="event", label=k, area="Iraq")
            for k, p in (("baghdad", BAGHDAD), ("basra", BASRA), ("mosul", MOSUL), ("erbil", ERBIL))]
    return here * 3 + [Point(*WASHINGTON, key="washington", noun="event", label="Washington (USA)",
                             area="USA")] * washington


def inside(bounds, point) -> bool:
    return bounds[0] <= point[0] <= bounds[2] and bounds[1] <= point[1] <= bounds[3]


def test_far_outliers_are_left_out_of_the_view_and_counted():
    view = frame(iraq_points())
    assert all(inside(view.focus, p) for p in (BAGHDAD, BASRA, MOSUL, ERBIL))
    assert not inside(view.focus, WASHINGTON)
    assert [p.text for p in view.outside] == ["2 events in Washington (USA)"]
    assert view.focus[3] - view.focus[1] < 15                       # Iraq, not the Atlantic


def test_points_that_belong_together_are_all_in_view():
    view = frame(iraq_points(washington=0))
    assert view.outside == []
    assert all(inside(view.focus, p) for p in (BAGHDAD, BASRA, MOSUL, ERBIL))


def test_the_core_countries_are_always_in_view_and_points_in_them_never_outside():
    core = (29.0, 38.8, 37.4, 48.6)                                 # about Iraq's box
    view = frame([Point(*WASHINGTON, key="w", noun="event", label="Washington")] * 5
                 + [Point(*BAGHDAD, key="b", noun="event", label="Baghdad")], core=core)
    assert inside(view.focus, (core[0], core[1])) and inside(view.focus, (core[2], core[3]))
    assert [p.text for p in view.outside] == ["5 events in Washington"]


def test_several_outside_places_of_one_country_make_one_entry():
    far = [Point(-34.60, -58.38, key="buenos-aires", noun="event", label="Buenos Aires", area="Argentina"),
           Point(-34.60, -58.39, key="amia", noun="event", label="AMIA building", area="Argentina")]
    view = frame(iraq_points(washington=1) + far)
    assert [p.text for p in view.outside] == ["2 events in Argentina", "1 event in Washington (USA)"]


def test_a_frame_needs_something_to_show():
    with pytest.raises(ValueError, match="at least one point"):
        frame([])


def test_distance_is_great_circle_km():
    assert distance_km(BAGHDAD, WASHINGTON) == pytest.approx(10_000, rel=0.05)
    assert distance_km(BAGHDAD, BAGHDAD) == 0


def test_the_iraq_chapter_map_opens_on_iraq_and_lists_the_washington_designations():
    figure = maps.events_map(between=("2003", "2019"), country="IRQ", group_by="attribution",
                             caption="Iraq, 2003-2019.")
    south, west, north, east = figure.frame.focus
    assert west > 30 and east < 60 and south > 20 and north < 45    # the Middle East, not the world
    assert [p.text for p in figure.frame.outside] == ["2 events in Washington, DC (United States)"]
    block = BeautifulSoup(figure._repr_html_(), "html.parser")
    alt = block.select_one("details.ck-map__alt")
    rows = alt.select("tbody tr")
    assert alt.summary.get_text() == f"Events on the map: a table of {len(rows)} events"
    assert "Washington" in " ".join(r.get_text() for r in rows)      # outside, still in the table
    assert "Outside the map's initial view" in alt.get_text()


def test_every_point_of_every_course_map_is_in_view_or_listed_outside():
    course = data.course()
    figures = [maps.events_map(group_by="period", caption="All."),
               maps.network_map("iran", caption="Network."),
               maps.story_map("soleimani-career", caption="Story.")]
    for figure in figures:
        listed = sum(round(p.weight) for p in figure.frame.outside)
        places = {(p.lat, p.lon) for p in course.places.values()}
        assert listed < len(places)
        assert figure.frame.focus[3] - figure.frame.focus[1] < 90, figure

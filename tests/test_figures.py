"""The timeline chart: rows, marks, text alternative, escaping, determinism, bad input."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup

from coursekit import InputError, figures
from coursekit.knowledge.loader import load_course

from .conftest import DATA


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The valid fixture data set plus two events, one with HTML in its title."""
    folder = tmp_path_factory.mktemp("data")
    shutil.copytree(DATA / "knowledge" / "valid", folder, dirs_exist_ok=True)
    with (folder / "events.yaml").open("a", encoding="utf-8") as f:
        f.write((DATA / "figures" / "more-events.yaml").read_text(encoding="utf-8"))
    loaded, problems = load_course(folder)
    assert problems == []
    return loaded


def soup(fig) -> BeautifulSoup:
    return BeautifulSoup(fig._repr_html_(), "html.parser")


def test_rows_by_status_and_a_mark_per_event(course):
    page = soup(figures.timeline(by="status", caption="All events.", course=course))
    assert [t.get_text() for t in page.select("svg > text[text-anchor=end]")] == ["established", "alleged"]
    assert len(page.select("svg g")) == 3
    assert {s.name for s in page.select("svg g > circle, svg g > path, svg g > rect")} == {"circle", "path"}
    assert page.select_one("figcaption").get_text() == "All events."
    assert page.select_one("svg")["role"] == "img"


def test_rows_by_country_and_the_summary_table(course):
    page = soup(figures.timeline(by="country", caption="By country.", course=course))
    rows = [[c.get_text() for c in tr.select("th, td")] for tr in page.select("table tbody tr")]
    # Iran has an outline (so its name); Iraq has none in the fixture (so its code)
    assert rows[0][:2] == ["IRQ", "2"] and rows[1][:2] == ["Iran", "1"]


def test_selection_applies_to_any_course(course):
    fig = figures.timeline(between=("2020", "2020"), caption="2020 only.", course=course)
    assert len(fig.marks) == 1


def test_author_text_is_escaped(course):
    html = figures.timeline(caption="<b>caption</b>", course=course)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>caption</b>" not in html


def test_same_input_same_bytes(course):
    make = lambda: figures.timeline(by="country", caption="Same.", course=course)._repr_html_()  # noqa: E731
    assert make() == make()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"by": "decade", "caption": "x"}, "invalid by 'decade': use one of 'status' or 'country'"),
    ({"caption": "  "}, "a chart needs a caption"),
    ({"between": ("1900", "1901"), "caption": "x"}, "no events match between=('1900', '1901')"),
])
def test_bad_input_is_one_clear_error(course, kwargs, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        figures.timeline(course=course, **kwargs)

"""The figures and map views of ``data/views.yaml``, as the chapter cells show them by id."""

from __future__ import annotations

import json
import re

import pytest

from coursekit import InputError, data, figures, maps
from coursekit.figures import TimelineFigure
from coursekit.maps import MapFigure

from .conftest import ROOT

CALL = re.compile(r"\b(maps|figures)\.figure\(\"([a-z0-9-]+)\"\)")


def shown() -> dict[str, str]:
    """Every view id a chapter or back-matter cell shows, with the module that shows it."""
    out = {}
    for path in sorted([*(ROOT / "chapters").glob("*.ipynb"), *(ROOT / "back").glob("*.ipynb")]):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                out.update({vid: module for module, vid in CALL.findall("".join(cell["source"]))})
    return out


def test_every_view_is_shown_by_a_notebook_and_every_shown_view_exists():
    views = data.course().views
    assert set(shown()) == set(views)


def test_each_view_is_shown_by_the_module_of_its_builder():
    views = data.course().views
    for vid, module in shown().items():
        assert (module == "figures") == (views[vid].builder == "timeline"), vid


def test_a_view_renders_what_its_builder_draws_from_the_same_arguments():
    by_id = maps.figure("ch09-article-places")
    view = data.course().views["ch09-article-places"]
    direct = maps.region_map(view.countries, places=view.places, caption=view.caption)
    assert isinstance(by_id, MapFigure)
    assert by_id._repr_html_() == direct._repr_html_()
    periods = maps.figure("ch06-syria-periods")
    assert periods._repr_html_() == maps.events_map(
        between=("2011", "2024"), country="SYR", group_by="period", caption=data.course().views[
            "ch06-syria-periods"].caption,
        periods=[("2011–2014: uprising and civil war", "2011", "2014"),
                 ("2015–2019: Russia and Iran turn the war", "2015", "2019"),
                 ("2020–2024: strikes and collapse", "2020", "2024")])._repr_html_()
    assert isinstance(figures.figure("timeline-by-status"), TimelineFigure)


def test_an_unknown_view_id_is_one_line_naming_it_with_a_suggestion():
    with pytest.raises(InputError) as caught:
        maps.figure("ch09-article-place")
    message = str(caught.value)
    assert "\n" not in message
    assert "'ch09-article-place'" in message and "did you mean 'ch09-article-places'" in message
    with pytest.raises(InputError, match="unknown view id 42"):
        figures.figure(42)  # type: ignore[arg-type]


def test_a_view_shown_by_the_wrong_module_says_which_to_use():
    with pytest.raises(InputError, match=r"show it with figures\.figure\('timeline-by-status'\)"):
        maps.figure("timeline-by-status")
    with pytest.raises(InputError, match=r"show it with maps\.figure\('ch08-iran-network'\)"):
        figures.figure("ch08-iran-network")


def test_claims_by_paragraph_keep_the_claims_located_there():
    found = data.claims(paragraphs=[24, 25, 26])
    assert found
    assert all(any(loc.split(".")[0] in ("P24", "P25", "P26") for loc in c.locations) for c in found)
    rest = [c for c in data.claims() if c not in found]
    assert not any(loc.split(".")[0] in ("P24", "P25", "P26") for c in rest for loc in c.locations)
    assert data.claims(paragraphs=[2]) == []  # the byline paragraph carries no claim


@pytest.mark.parametrize("bad", ["24", 24, [0], [True], ["P24"], []])
def test_claims_by_paragraph_refuse_what_is_not_a_list_of_paragraph_numbers(bad):
    with pytest.raises(InputError):
        data.claims(paragraphs=bad)

"""Stable output, weight, assets, and the Sphinx extension's asset links."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from coursekit import maps
from coursekit.knowledge.loader import load_course
from coursekit.knowledge.paths import package_data_dir
from coursekit.maps import render
from coursekit.maps.basemap import basemap, bounds_of
from coursekit.site.maps import copy_assets, linked, strip_inlined
from coursekit.templating import script_json

from .conftest import DATA, ROOT

BUDGET = 250_000


@pytest.fixture(scope="module")
def course():
    return load_course(DATA / "maps")[0]


def build_all(course):
    return [
        maps.region_map(["IRQ", "SYR"], places=["baghdad", "damascus"], caption="Region.", course=course),
        maps.events_map(group_by="attribution", caption="Events.", course=course),
        maps.network_map("iran", caption="Network.", course=course),
        maps.story_map("qasem-soleimani", caption="Story.", course=course),
    ]


def test_the_same_map_built_twice_is_byte_identical(course):
    first = [f._repr_html_() for f in build_all(course)]
    second = [f._repr_html_() for f in build_all(course)]
    assert first == second
    assert len(set(first)) == 4                                  # and different maps differ


def test_output_is_identical_across_interpreters():
    code = ("import hashlib; from tests.test_maps_render import build_all;"
            "from coursekit.knowledge.loader import load_course; from tests.conftest import DATA;"
            "c = load_course(DATA / 'maps')[0];"
            "print(hashlib.sha256(''.join(f.html for f in build_all(c)).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(digests) == 1


def test_ids_derive_from_content(course):
    figure = build_all(course)[0]
    page = BeautifulSoup(figure.html, "html.parser")
    assert page.select_one(".ck-map")["id"] == f"ck-map-{figure.digest}"
    assert page.select_one(".ck-map__canvas")["id"] == f"map_{figure.digest}_0"


def test_map_data_within_budget_on_the_shipped_boundaries():
    """Even a map spanning the course's widest extent (Buenos Aires to Kandahar) stays in budget."""
    full = load_course(package_data_dir())[0]
    if len(full.boundaries) < 20:
        pytest.skip("shipped boundaries.geojson not there yet")
    for view in (bounds_of([(-34.6, -58.4), (31.6, 65.7)]), bounds_of([(29, 35), (37, 48)])):
        layers = basemap(full.boundaries, view, highlight=["IRQ"])
        size = len(script_json([layers.context, layers.highlight]).encode())
        assert size < BUDGET * 0.8, (view, size)


def test_every_map_fits_the_weight_budget(course):
    for figure in build_all(course):
        assert figure.data_size < BUDGET


def test_assets_ship_with_licences_and_inline_safely():
    assert [a.name for a in render.assets()][3] == "leaflet/leaflet.js"
    licence = render.asset_path("leaflet/LICENSE").read_text(encoding="utf-8")
    assert "BSD 2-Clause" in licence
    for asset in render.assets():
        assert "</script" not in asset.text.lower() and "</style" not in asset.text.lower()


def test_the_site_takes_the_inlined_assets_out_and_keeps_the_rest_byte_for_byte(course):
    figures = [f.html for f in build_all(course)[:2]]
    body = "<p>text</p>" + "".join(figures)
    out, names = strip_inlined(body)
    # every asset of both maps found, in the order they were inlined
    assert names == [n for n, _ in render.ASSETS] * 2
    page = BeautifulSoup(out, "html.parser")
    assert page.select("[data-coursekit-asset]") == []
    map_scripts = page.select(".ck-map > script:not([type])")
    assert len(map_scripts) == 2                                                 # map scripts kept
    assert len(page.select(".ck-map > script.ck-map__data")) == 2                  # and their data
    assert len(out) < len(body) - 300_000
    # nothing but the asset elements went: the input less each inlined element, as written
    expected = body
    for asset in render.assets():
        tag = "style" if asset.kind == "css" else "script"
        element = f'<{tag} data-coursekit-asset="{asset.name}">{asset.text}</{tag}>'
        assert body.count(element) == 2
        expected = expected.replace(element, "")
    assert out == expected
    assert strip_inlined(out) == (out, [])
    # the order a page loads them in: CSS, the AMD guard, Leaflet, the runtime
    assert linked(set(names)) == list(render.ASSETS)


def test_an_unknown_asset_name_and_html_without_assets_are_left_alone():
    odd = '<script data-coursekit-asset="other.js">x()</script><style>p{}</style>'
    assert strip_inlined(odd) == (odd, [])
    text = "<p>no map here</p>\n<script>var a = '</p>';</script>"
    assert strip_inlined(text) == (text, [])
    marked = ('<div>\n<script data-coursekit-asset="amd-hide.js">if (a < b) {}</script>'
              '<b>kept</b></div>')
    assert strip_inlined(marked) == ("<div>\n<b>kept</b></div>", ["amd-hide.js"])


def test_copy_assets_writes_every_linked_file(tmp_path):
    written = copy_assets(Path(tmp_path))
    names = {p.relative_to(tmp_path).as_posix() for p in written}
    assert {n for n, _ in render.ASSETS} <= names
    assert {"leaflet/LICENSE", "leaflet/images/layers.png"} <= names


def test_author_text_in_the_data_reaches_the_page_as_data_only(course):
    """A place name with template code shows as itself: nothing evaluates it (it did, as 49)."""
    from coursekit.maps.render import _JINJA_DELIMITERS

    place = course.places["baghdad"].model_copy(update={"name": "{{ 7*7 }} {% if x %} {# c"})
    changed = copy.copy(course)
    changed.places = {**course.places, "baghdad": place}
    figure = maps.region_map(["IRQ"], places=["baghdad"], caption="c", course=changed)
    page = BeautifulSoup(figure.html, "html.parser")
    data = json.loads(page.select_one("script.ck-map__data").string)
    assert next(d for d in data if isinstance(d, list))[0]["name"] == "{{ 7*7 }} {% if x %} {# c"
    script = page.select(".ck-map > script:not([data-coursekit-asset]):not([type])")[-1].string
    assert not any(d in script for d in _JINJA_DELIMITERS) and "49 " not in figure.html
    assert page.select_one(".ck-map__alt td").get_text() == "{{ 7*7 }} {% if x %} {# c"


@pytest.mark.parametrize("name", ["{{ 7*7 }}", "</script><script>x()</script>", "a\" + x() + \""])
def test_the_guard_stops_author_text_that_reaches_a_string_branca_compiles(course, name):
    import folium

    figure = maps.region_map(["IRQ"], places=["baghdad"], caption="c", course=course)
    figure.folium.add_child(render.Runtime("overlay", {"name": name}))
    folium.Tooltip(name).add_to(figure.folium)           # author text handed to Folium itself
    with pytest.raises(render.MapRenderError, match="reached Tooltip"):
        figure.html  # noqa: B018


def test_the_guard_stops_template_code_in_what_branca_compiles(course, monkeypatch):
    figure = maps.region_map(["IRQ"], caption="c", course=course)
    monkeypatch.setattr(render, "_active_texts", lambda data: set())   # a guard blind to the data
    figure.folium.add_child(render.Runtime("overlay", {"name": "x"}))
    import folium

    folium.Tooltip("{{ 7*7 }}").add_to(figure.folium)
    with pytest.raises(render.MapRenderError, match="holds template code"):
        figure.html  # noqa: B018

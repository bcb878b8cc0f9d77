"""The map builders on the fixture data set ``tests/data/maps`` (not the real course data).

Output is checked by structure (BeautifulSoup), and the data each map hands to the runtime is
read back from the map script, so the tests see what the browser will draw.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from coursekit import maps
from coursekit.knowledge.loader import load_course
from coursekit.maps import MapInputError

from .conftest import DATA

XSS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


@pytest.fixture(scope="module")
def course():
    loaded, problems = load_course(DATA / "maps")
    assert problems == []
    return loaded


def soup(figure) -> BeautifulSoup:
    return BeautifulSoup(figure._repr_html_(), "html.parser")


def map_script(figure) -> str:
    return soup(figure).select(".ck-map > script:not([data-coursekit-asset]):not([type])")[-1].string


def map_data(figure) -> list:
    """The map's JSON data block: every text the runtime shows comes from here."""
    return json.loads(soup(figure).select_one(".ck-map > script.ck-map__data").string)


def runtime_calls(figure) -> dict[str, list]:
    """The data of every ``ck.<call>(layer, index)`` in the map's script, from the data block."""
    data = map_data(figure)
    calls: dict[str, list] = {}
    for name, key in re.findall(r"^\s*ck\.(\w+)\(\w+, (\d+)[,)]", map_script(figure), re.M):
        calls.setdefault(name, []).append(data[int(key)])
    return calls


def alt_rows(figure) -> list[list[str]]:
    return [[td.get_text() for td in tr.find_all("td")]
            for tr in soup(figure).select(".ck-map__alt tbody tr")]


# ------------------------------------------------------------------ the figure every map shares

def test_figure_has_map_caption_and_text_alternative_below(course):
    figure = maps.region_map(["IRQ"], places=["baghdad"], caption="Iraq.", course=course)
    page = soup(figure)
    block = page.select_one(".ck-map")
    canvas = block.select_one(".ck-map__canvas")
    assert canvas["role"] == "region" and canvas["aria-label"] == "Map: Iraq."
    assert block.select_one("figure figcaption").get_text() == "Iraq."
    alt = block.select_one(".ck-map__alt")
    assert canvas["aria-describedby"] == alt["id"]
    # the text alternative comes after the figure, so it reads (and prints) below the map
    assert block.find_all(recursive=False).index(alt) > block.find_all(recursive=False).index(
        block.select_one("figure"))
    assert alt.select_one("table caption").get_text() == "Places on the map"


def test_assets_are_inlined_for_jupyter_with_no_cdn(course):
    html = maps.region_map(["IRQ"], caption="Iraq.", course=course)._repr_html_()
    names = [tag["data-coursekit-asset"] for tag in soup_of(html).select("[data-coursekit-asset]")]
    assert names == ["leaflet/leaflet.css", "coursekit-maps.css", "amd-hide.js", "leaflet/leaflet.js",
                     "coursekit-maps.js"]
    for host in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "bootstrapcdn",
                 "fontawesome"):
        assert host not in html
    assert "jquery" not in html.lower() and "$(" not in map_script_of(html)


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def map_script_of(html: str) -> str:
    return soup_of(html).select(".ck-map > script:not([data-coursekit-asset]):not([type])")[-1].string


def test_online_tiles_are_an_unselected_base_layer(course):
    figure = maps.region_map(["IRQ"], caption="Iraq.", course=course)
    script = map_script(figure)
    tile = re.search(r"var (tile_layer_\w+) = L\.tileLayer\(\s*\"https://tile\.openstreetmap\.org/", script)
    assert tile, "OpenStreetMap is offered"
    assert f"{tile.group(1)}.addTo(" not in script, "but not added until a reader chooses it"
    # the layer control offers both base layers, named in the data block
    base = re.search(r"ck\.layers\(map_\w+, \d+, \[(tile_layer_\w+)\]\)", script)
    assert base and base.group(1) == tile.group(1)           # with the outlines the runtime drew
    assert runtime_calls(figure)["layers"][0]["base"] == ["Country outlines (offline)",
                                                         "OpenStreetMap (online)"]


# ------------------------------------------------------------------ region map

def test_region_map_highlights_countries_and_labels_places(course):
    figure = maps.region_map(["IRQ", "SYR"], places=["baghdad", "damascus", "img-base"],
                             caption="Iraq and Syria.", course=course)
    script = map_script(figure)
    outlines = runtime_calls(figure)["outlines"][0]
    assert outlines["highlighted"]["fillColor"] == "#f3d9a4"  # Iraq and Syria, highlighted
    assert len(outlines["highlight"]["features"]) == 2
    assert "L.geoJson" not in script and "geo_json" not in script  # drawn by the runtime, from data
    markers = runtime_calls(figure)["markers"][0]
    assert [m["label"] for m in markers] == ["Baghdad", "Damascus", "<img src=x onerror=alert(1)>"]
    # capitals and bases differ in shape, not only in colour
    assert {m["shape"] for m in markers} == {"circle", "square"}
    assert alt_rows(figure)[0] == ["Baghdad", "capital", "Iraq", ""]
    assert "Highlighted: Iraq, Syria." in soup(figure).select_one(".ck-map__alt").get_text()


def test_region_map_basemap_draws_the_world_in_detail_only_near_the_view(course):
    from coursekit.maps.basemap import basemap, feature_bounds

    figure = maps.region_map(["LBN"], caption="Lebanon.", course=course)
    view = feature_bounds(course.boundaries["LBN"])
    kept = {f["properties"]["iso3"]: f for f in basemap(course.boundaries, view, ["LBN"]).context["features"]}
    assert set(kept) == set(course.boundaries) - {"LBN"}        # no marker anywhere sits in blank sea

    def points(f):
        return [p for poly in f["geometry"]["coordinates"] for ring in (poly if f["geometry"]["type"] ==
                "MultiPolygon" else [poly]) for p in ring]

    def decimals(f):
        return max(len(repr(c).split(".")[1]) if "." in repr(c) else 0 for p in points(f) for c in p)

    from coursekit import data

    shipped = data.course().boundaries
    near = {f["properties"]["iso3"]: f for f in basemap(shipped, view, ["LBN"]).context["features"]}
    assert decimals(near["SYR"]) == 3 and decimals(near["ARG"]) == 1  # near: fine; far: coarse
    detailed = basemap(shipped, feature_bounds(shipped["ARG"]), []).context["features"]
    assert len(points(near["ARG"])) * 5 < len(points(next(f for f in detailed
                                                             if f["properties"]["iso3"] == "ARG")))
    outlines = runtime_calls(figure)["outlines"][0]["context"]
    assert 0 < len(outlines["features"]) == len(course.boundaries) - 1
    # the outlines Folium draws carry no text: a numeric id and the course flag
    assert all(set(f["properties"]) == {"course"} and isinstance(f["id"], int)
               for f in outlines["features"])


# ------------------------------------------------------------------ events map

def test_events_map_groups_by_attribution_with_popups_and_legend(course):
    figure = maps.events_map(between=("2003", "2020"), group_by="attribution", caption="Events.",
                             course=course)
    calls = runtime_calls(figure)
    assert [item["label"] for item in calls["legend"][0]["items"]] == ["established", "alleged",
                                                                       "contested"]
    assert len({item["shape"] for item in calls["legend"][0]["items"]}) == 3
    assert len(calls["markers"]) == 3                           # one layer per attribution
    alleged = calls["markers"][1]
    rows = dict(alleged[0]["popup"]["entries"][0]["rows"])
    assert rows["Date"] == "2007-01-20"
    assert rows["What happened"].startswith("A test summary")
    assert rows["Attribution"].startswith("alleged: Alleged by a test military")
    assert rows["Reference"] == "Author 2016, A Book; A Gazetteer 2026, Places"
    assert [r[0] for r in alt_rows(figure)] == ["2003-03-20", "2007-01-20", "2011-03", "2020-01-03"]


def test_events_map_groups_by_decade_and_filters_by_country(course):
    figure = maps.events_map(country="IRQ", caption="Events in Iraq.", course=course)
    layers = [item["label"] for item in runtime_calls(figure)["legend"][0]["items"]]
    assert layers == ["2000s", "2020s"]
    assert [r[1] for r in alt_rows(figure)] == ["Invasion of Iraq", "An attack in Iraq", "A test event"]


def test_events_map_takes_named_periods(course):
    figure = maps.events_map(periods=[("Before 2003", "1979", "2002"), ("After", "2003", "2020")],
                             caption="Two periods.", course=course)
    assert [i["label"] for i in runtime_calls(figure)["legend"][0]["items"]] == ["Before 2003", "After"]


# ------------------------------------------------------------------ network map

def test_network_map_links_iran_to_the_groups_it_backs(course):
    figure = maps.network_map("iran", caption="Network.", course=course)
    calls = runtime_calls(figure)
    supports, founded = calls["links"]
    assert {link["dash"] for link in supports} == {None}
    assert {link["dash"] for link in founded} == {"10 6"}      # types differ in dash pattern too
    names = [link["name"] for link in supports + founded]
    assert "Quds Force supports KH (alleged)" in names
    assert not any(name.startswith("KH") for name in names)   # not from the Iranian side
    rows = alt_rows(figure)
    assert ["Iran", "supports", "Group With No Home", "not on the map (no home place in the data)",
            "contested", "Test attribution.", ""] in rows
    # Badr and KH share Baghdad: both drawn there, on land (the runtime groups them into one
    # marker that lists both); their links from the same source bend different ways
    targets = {m["name"]: (m["lat"], m["lon"]) for m in calls["markers"][0]}
    baghdad = course.places["baghdad"]
    assert targets["Badr Organization"] == targets["Kata'ib Hezbollah"] == (baghdad.lat, baghdad.lon)
    to_baghdad = [link["points"] for link in supports + founded
                  if link["points"][-1] == [baghdad.lat, baghdad.lon]]
    assert len(to_baghdad) >= 2 and len({str(p) for p in to_baghdad}) == len(to_baghdad)
    assert "drawn as one marker there, which lists them" in soup(figure).select_one(".ck-map__alt").get_text()


def test_network_map_from_the_quds_force_only(course):
    figure = maps.network_map("quds-force", types=["supports"], caption="Quds Force.", course=course)
    assert {r[0] for r in alt_rows(figure)} == {"Quds Force"}


# ------------------------------------------------------------------ story map

def test_story_map_from_explicit_stops(course):
    figure = maps.story_map([("kerman", "1957", "Born."), ("baghdad-airport", "2020-01-03", "Killed.")],
                            caption="Two stops.", course=course)
    page = soup(figure)
    story = page.select_one(".ck-story")
    assert [b.get_text() for b in story.find_all("button")] == ["Previous stop", "Next stop"]
    assert story.select_one("[aria-live=polite]").get_text().startswith("Stop 1 of 2: 1957, Kerman.")
    stops = runtime_calls(figure)["story"][0]["stops"]
    assert [s["text"] for s in stops] == ["Born.", "Killed."]
    assert alt_rows(figure)[1] == ["2", "2020-01-03", "Baghdad International Airport (Iraq)", "Killed."]


def test_story_map_from_a_story_in_the_data(course):
    figure = maps.story_map("test-career", caption="A career.", course=course)
    stops = runtime_calls(figure)["story"][0]["stops"]
    assert [s["name"] for s in stops] == ["Kerman", "Damascus", "Baghdad International Airport"]
    assert dict(stops[1]["popup"]["entries"][0]["rows"])["Reference"] == \
        "Author 2016, A Book; A Gazetteer 2026, Places"
    assert alt_rows(figure)[0][3] == "Born <b>here</b>."


def test_story_map_from_an_actor_uses_birth_roles_and_events_in_date_order(course):
    figure = maps.story_map("qasem-soleimani", caption="A career.", course=course)
    assert [r[1] for r in alt_rows(figure)] == ["1957-03-11", "1998", "2011-03", "2020-01-03"]
    assert alt_rows(figure)[1][3] == "Becomes Commander of the Quds Force."


# ------------------------------------------------------------------ bad input

BAD = [
    ("region_map", dict(countries=["IRQ", "XYZ"], caption="c"), "'XYZ'"),
    ("region_map", dict(countries=["iraq"], caption="c"), "'iraq'"),
    ("region_map", dict(countries=[], caption="c"), "empty selection"),
    ("region_map", dict(countries="IRQ", caption="c"), "'IRQ'"),
    ("region_map", dict(countries=["IRQ"], places=["atlantis"], caption="c"), "'atlantis'"),
    ("region_map", dict(countries=["IRQ"], caption=""), "caption"),
    ("region_map", dict(countries=["IRQ"], highlight="tomato", caption="c"), "'tomato'"),
    ("region_map", dict(countries=["IRQ"], highlight="#000000", caption="c"), "'#000000'"),
    ("events_map", dict(country="IRQ", actor="nobody", caption="c"), "'nobody'"),
    ("events_map", dict(between=("2030", "2040"), caption="c"), "empty selection"),
    ("events_map", dict(between=("2011", "2003"), caption="c"), "end is before"),
    ("events_map", dict(between=("last year", "2003"), caption="c"), "'last year'"),
    ("events_map", dict(group_by="colour", caption="c"), "'colour'"),
    ("events_map", dict(group_by="attribution", colours={"alleged": "#zzz"}, caption="c"), "'#zzz'"),
    ("events_map", dict(group_by="attribution", colours={"alleged": "#fafafa"}, caption="c"),
     "'#fafafa' has contrast"),
    ("events_map", dict(group_by="attribution", colours={"rumoured": "#0b5d9c"}, caption="c"),
     "'rumoured'"),
    ("events_map", dict(events=["2003-invasion", "no-such-event"], caption="c"), "'no-such-event'"),
    ("network_map", dict(source="narnia", caption="c"), "'narnia'"),
    ("network_map", dict(source="iran", types=["bribes"], caption="c"), "'bribes'"),
    ("network_map", dict(source="hezbollah", types=["opposes"], caption="c"), "empty selection"),
    ("network_map", dict(source="iran", styles={"supports": {"dash": "wavy"}}, caption="c"), "'wavy'"),
    ("network_map", dict(source="iran", styles={"supports": {"colour": "red"}}, caption="c"), "'red'"),
    ("story_map", dict(stops=[], caption="c"), "empty selection"),
    ("story_map", dict(stops=[("atlantis", "2000", "x")], caption="c"), "'atlantis'"),
    ("story_map", dict(stops=[("kerman", "the fifties", "x")], caption="c"), "'the fifties'"),
    ("story_map", dict(stops=[("kerman", "1957")], caption="c"), "invalid stop"),
    ("story_map", dict(stops="nobody", caption="c"), "unknown story or actor id 'nobody'"),
]


@pytest.mark.parametrize(("builder", "kwargs", "quoted"), BAD,
                         ids=[f"{b}-{i}" for i, (b, _, _) in enumerate(BAD)])
def test_bad_input_raises_a_one_line_error_quoting_the_value(course, builder, kwargs, quoted):
    with pytest.raises(MapInputError) as caught:
        getattr(maps, builder)(**kwargs, course=course)
    message = str(caught.value)
    assert quoted in message
    assert "\n" not in message
    assert isinstance(caught.value, ValueError)


# ------------------------------------------------------------------ escaping

@pytest.mark.parametrize("build", [
    lambda c: maps.region_map(["SYR", "IRQ"], places=["script-town", "img-base"], caption=XSS[0], course=c),
    lambda c: maps.events_map(caption=XSS[1], course=c),
    lambda c: maps.events_map(periods=[(XSS[1], "1979", "2026")], caption="c", course=c),
    lambda c: maps.network_map("iran", caption="Network.", course=c),
    lambda c: maps.story_map("qasem-soleimani", caption="Story.", course=c),
], ids=["region", "events", "events-period-label", "network", "story"])
def test_markup_in_data_never_reaches_the_page_as_markup(course, build):
    figure = build(course)
    html = figure._repr_html_()
    page = soup_of(html)
    # the only elements are ours: no <img>, and no <script> but the assets and the map script
    assert page.find("img") is None
    scripts = page.find_all("script")
    assert len(scripts) == 5 and all(s.get("data-coursekit-asset") for s in scripts[:3])
    assert scripts[3]["type"] == "application/json"
    script = map_script_of(html)
    assert "<" not in script.replace("\\u003c", "")           # no raw "<" from the data in JS
    # no template literals or jQuery (Folium's popups and tooltips put text in `...` and $(...))
    assert "`<" not in script and "$(" not in script
    for payload in (p for calls in runtime_calls(figure).values() for p in calls):
        assert isinstance(payload, (dict, list))           # data text travels as JSON data
    assert not any(x in script or x.replace("<", "\\u003c") in script for x in XSS)
    # the text alternative shows the markup as text
    text = page.select_one(".ck-map__alt").get_text() + page.select_one("figcaption").get_text()
    assert any(x in text for x in XSS)


def test_layer_names_travel_as_data_not_in_the_script(course):
    figure = maps.events_map(periods=[(XSS[1], "1979", "2026")], caption="c", course=course)
    # the runtime writes the name as text into Leaflet's layer control
    assert runtime_calls(figure)["overlay"] == [{"name": XSS[1], "order": 0}]
    assert "onerror" not in map_script(figure)


def test_text_with_js_syntax_travels_as_data(course):
    figure = maps.events_map(between=("2011", "2011"), caption="c", course=course)
    rows = dict(runtime_calls(figure)["markers"][0][0]["popup"]["entries"][0]["rows"])
    assert rows["Attribution"] == 'contested: ${alert(1)} `backticks` and "quotes".'

"""Maps on a built site, in a real browser: Chromium (Playwright), third-party network blocked.

The fixture book ``tests/books/maps`` (one page with a region, an events, a network and a story
map, drawn from ``tests/data/maps``) is built once per module with ``jupyter-book build``.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from scripts.fixture_book import FixtureBookFailed, build_fixture_book

from .browser_support import PageWatch, draw_maps, serve
from .conftest import DATA

pytestmark = pytest.mark.browser

BOOK = Path(__file__).resolve().parent / "books" / "maps"
PAGE = "chapters/maps.html"
def errors(watch: PageWatch) -> list[str]:
    return watch.page_errors + watch.console_errors


def build_book(dest: Path) -> Path:
    """The fixture book (with the map test data beside it), built strictly into ``dest``."""
    try:
        return build_fixture_book("maps", dest)
    except FixtureBookFailed as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    html = build_book(tmp_path_factory.mktemp("maps-book") / "book")
    with serve(html) as origin:
        yield origin


@pytest.fixture
def page(site, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    watch = PageWatch(page, site)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{site}/{PAGE}", wait_until="load")
    assert draw_maps(page) == 4
    yield page, watch, dialogs
    page.close()


def test_every_map_renders_its_features(page):
    page, watch, _ = page
    maps = page.locator(".ck-map")
    assert maps.count() == 4
    for i in range(4):
        container = maps.nth(i).locator(".leaflet-container")
        # country outlines and links are SVG paths; markers are Leaflet marker icons
        assert container.locator("path").count() >= 3, i
        assert container.locator(".leaflet-marker-icon").count() >= 3, i
        assert container.locator(".ck-legend").count() == 1, i
        # the text alternative is on the page, below the map
        assert maps.nth(i).locator(".ck-map__alt table tbody tr").count() >= 3, i
    assert errors(watch) == []


def test_no_third_party_request_and_leaflet_loaded_once_from_the_site(page, site):
    page, watch, _ = page
    page.wait_for_load_state("networkidle")
    assert watch.third_party == []
    sources = page.eval_on_selector_all("script[src*='leaflet.js']", "els => els.map(e => e.src)")
    assert len(sources) == 1
    assert sources[0].startswith(f"{site}/_static/coursekit-maps/leaflet/leaflet.js?v=")
    assert page.locator("[data-coursekit-asset]").count() == 0  # every inlined copy taken out


def test_the_map_assets_are_linked_once_in_the_head_in_load_order_with_checksums(page, site):
    page, watch, _ = page
    head = page.eval_on_selector_all(
        "head script[src*='coursekit-maps/'], head link[href*='coursekit-maps/']",
        "els => els.map(e => [e.tagName, e.src || e.href, Boolean(e.defer || e.async)])")
    folder = f"{site}/_static/coursekit-maps/"
    assert [(tag, url.split("?")[0].removeprefix(folder), late) for tag, url, late in head] == [
        ("LINK", "leaflet/leaflet.css", False), ("LINK", "coursekit-maps.css", False),
        ("SCRIPT", "amd-hide.js", False), ("SCRIPT", "leaflet/leaflet.js", False),
        ("SCRIPT", "coursekit-maps.js", False)]
    assert all(re.search(r"\?v=[0-9a-f]{8}$", url) for _, url, _ in head)
    # the same five nowhere else on the page
    everywhere = page.eval_on_selector_all("script[src*='coursekit-maps/'], link[href*='coursekit-maps/']",
                                           "els => els.length")
    assert everywhere == 5
    # Leaflet's stylesheet finds its images beside it (the layer control's icon)
    assert page.request.get(f"{folder}leaflet/images/layers.png").ok
    assert errors(watch) == []


def test_online_tiles_are_fetched_only_when_chosen(page):
    page, watch, _ = page
    region = page.locator(".ck-map").first
    region.get_by_label("OpenStreetMap (online)").check()
    page.wait_for_timeout(300)
    assert watch.third_party, "choosing the online layer requests tiles (blocked in this test)"
    assert all(url.startswith("https://tile.openstreetmap.org/") for url in watch.third_party)
    # the tiles cannot load: the map says so, and says what to do
    notice = region.locator(".ck-notice")
    notice.wait_for(state="visible", timeout=5000)
    assert notice.get_attribute("role") == "status"
    assert "could not load" in notice.inner_text() and "Country outlines (offline)" in notice.inner_text()
    region.get_by_label("Country outlines (offline)").check()
    assert notice.count() == 0


def test_the_text_alternative_is_folded_with_its_count_and_printed_unfolded(page):
    page, watch, _ = page
    alt = page.locator(".ck-map").nth(1).locator("details.ck-map__alt")
    rows = alt.locator("tbody tr")
    summary = alt.locator("summary").inner_text()
    assert summary == f"Events on the map: a table of {rows.count()} events"
    assert alt.get_attribute("open") is None and not rows.first.is_visible()
    alt.locator("summary").press("Enter")                       # opens from the keyboard
    assert rows.first.is_visible()
    alt.locator("summary").click()
    assert not rows.first.is_visible()
    page.emulate_media(media="print")
    assert rows.first.is_visible(), "printed (and in the PDF) unfolded"
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert alt.get_attribute("open") == ""
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert alt.get_attribute("open") is None
    assert errors(watch) == []


def test_layer_control_and_legend_list_the_groups_in_one_order(page):
    page, _, _ = page
    for i in range(page.locator(".ck-map").count()):
        block = page.locator(".ck-map").nth(i)
        legend = block.locator(".ck-legend__items li").all_inner_texts()
        names = block.locator(".leaflet-control-layers-overlays label").all_inner_texts()
        overlays = [t.strip() for t in names]
        in_legend = [name for name in overlays if name in legend]
        assert in_legend == [name for name in legend if name in overlays], i


def test_grouped_markers_list_every_member_and_hidden_labels_show_on_focus(page):
    page, watch, _ = page
    groups = page.locator(".ck-marker--group")
    assert groups.count() >= 1, "the fixture has markers that share a place"
    group = groups.first
    label = group.get_attribute("aria-label")
    count = int(label.split(" ")[0])
    assert count >= 2 and label.count(";") == count - 1
    group.press("Enter")
    popup = page.locator(".leaflet-popup-content").first
    assert f"{count} markers here" in popup.inner_text()
    assert errors(watch) == []


def test_a_label_with_no_room_is_hidden_and_shows_on_keyboard_focus(browser, tmp_path):
    from coursekit import maps
    from coursekit.knowledge.loader import load_course

    course = load_course(DATA / "maps")[0]
    # six places in a row across Iraq, ~40 px apart at the initial view: the markers do not touch,
    # but there is no room for every label right of, left of, above or below its marker
    base = course.places["baghdad"]
    row = {f"row-{i}": base.model_copy(update={"id": f"row-{i}", "name": f"Row place {i}", "lat": 33.0,
                                               "lon": 40.5 + 1.15 * i}) for i in range(6)}
    crowded = copy.copy(course)
    crowded.places = {**course.places, **row}
    figure = maps.region_map(["IRQ"], places=list(row), caption="A row of places.", course=crowded)
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>map</title></head>"
        f"<body><div style='width: 600px'>{figure._repr_html_()}</div></body></html>", encoding="utf-8")
    with serve(tmp_path) as origin:
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        watch = PageWatch(page, origin)
        page.goto(f"{origin}/index.html", wait_until="load")
        assert draw_maps(page) == 1
        owners = page.locator(".leaflet-marker-icon[data-ck-label='hidden']")
        assert page.locator(".ck-marker--group").count() == 0
        assert owners.count() >= 1, "some label has no room"
        shown = page.locator(".ck-label[data-ck-hidden='true']:visible")
        assert shown.count() == 0
        owners.first.focus()
        assert shown.count() == 1
        owners.first.blur()
        assert shown.count() == 0
        assert watch.page_errors == [] and watch.console_errors == []
        page.close()


def test_markup_in_the_data_shows_as_text_and_runs_nothing(page):
    page, watch, dialogs = page
    region = page.locator(".ck-map").first
    labels = region.locator(".ck-label").all_inner_texts()
    assert "<script>alert(1)</script>" in labels
    assert "<img src=x onerror=alert(1)>" in labels
    # open the popup of the place whose name is an <img onerror> tag
    region.get_by_role("button", name="<img src=x onerror=alert(1)>").press("Enter")  # keyboard
    popup = region.locator(".leaflet-popup-content")
    assert "<img src=x onerror=alert(1)>" in popup.inner_text()
    assert page.locator(".ck-map img[src='x']").count() == 0
    assert page.locator(".ck-map__alt").first.get_by_text("<script>alert(1)</script>").count() == 1
    page.wait_for_timeout(200)
    assert dialogs == []
    assert errors(watch) == []


def test_notebook_output_works_alone_with_no_network(browser, tmp_path):
    """The HTML a notebook cell shows (assets inlined), twice on one page, as in JupyterLab."""
    from coursekit import maps
    from coursekit.knowledge.loader import load_course

    course = load_course(DATA / "maps")[0]
    outputs = [maps.story_map("qasem-soleimani", caption="Story.", course=course)._repr_html_(),
               maps.network_map("iran", caption="Network.", course=course)._repr_html_()]
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>outputs</title></head><body>"
        + "".join(f"<div class='output'>{html}</div>" for html in outputs) + "</body></html>",
        encoding="utf-8")
    with serve(tmp_path) as origin:
        page = browser.new_page()
        watch = PageWatch(page, origin)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{origin}/index.html", wait_until="networkidle")
        assert draw_maps(page) == 2
        assert page.locator(".leaflet-container .leaflet-marker-icon").count() >= 8
        page.get_by_role("button", name="Next stop").click()
        assert "Stop 2 of 4" in page.locator(".ck-story__status").inner_text()
        assert requests == [f"{origin}/index.html"] and watch.third_party == []
        assert watch.page_errors == [] and watch.console_errors == []
        page.close()

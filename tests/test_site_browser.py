"""The built site in a real browser (Chromium driven by Playwright)."""

from __future__ import annotations

import pytest

from .browser_support import PageWatch, draw_maps

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(built_site):
    return built_site


def test_about_page_renders_its_text_table_map_and_quiz(site, browser):
    page = browser.new_page()
    watch = PageWatch(page, site)
    page.goto(f"{site}/chapters/01-about.html", wait_until="networkidle")
    assert draw_maps(page) == 1
    assert page.locator("h1").first.inner_text().startswith("About this course")
    # the knowledge-base summary table, produced by executing the notebook
    summary = page.locator("table", has_text="claims").first
    assert summary.is_visible() and "places" in summary.inner_text()
    # the map drew its country outlines and markers, and its text alternative is on the page
    assert page.locator(".leaflet-container path").count() > 5
    assert page.locator("table", has_text="Places on the map").count() == 1
    # the quiz is the static rendering, answerable without a kernel
    assert page.locator("[data-coursekit-quiz] fieldset").count() >= 8
    # citations resolved to the bibliography
    assert page.locator("a[href*='bibliography']").count() >= 3
    assert watch.third_party == []
    assert watch.page_errors == []
    page.close()

"""The built site in a real browser (Chromium driven by Playwright)."""

from __future__ import annotations

import pytest

from .browser_support import PageWatch, launch, require_site, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site():
    folder = require_site()
    with serve(folder) as origin:
        yield origin


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


def test_about_page_renders_its_text_and_table(site, browser):
    page = browser.new_page()
    watch = PageWatch(page, site)
    page.goto(f"{site}/chapters/01-about.html", wait_until="load")
    assert page.locator("h1").first.inner_text().startswith("About this course")
    # the knowledge-base summary table, produced by executing the notebook
    table = page.locator("table").first
    assert table.is_visible()
    assert "places" in table.inner_text()
    # citations resolved to the bibliography
    assert page.locator("a[href*='bibliography']").count() >= 3
    assert watch.page_errors == []
    page.close()

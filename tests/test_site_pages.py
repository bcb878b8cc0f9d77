"""Every page of the built site (``_build/html``) in Chromium, with third-party network blocked.

Each page is loaded once, in a fresh browser context, and checked for: third-party requests, console
errors, axe-core violations (none critical or serious), headings in order, images with alt text and
maps with a text alternative. axe-core comes from ``tests/js`` (``npm ci --prefix tests/js``).
A few checks then use the site as a reader would: icons draw, search finds a word, the colour-mode
switch changes the mode.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

from .browser_support import SITE, PageWatch, draw_maps, require_site

pytestmark = pytest.mark.browser

JS = Path(__file__).resolve().parent / "js"
AXE = JS / "node_modules" / "axe-core" / "axe.min.js"
AUDIT = JS / "audit.js"
BLOCKING = ("critical", "serious")
SKIPPED_FOLDERS = {"_static", "_sources", "_images", "_coursekit", "reports"}


def site_pages(site: Path = SITE) -> list[str]:
    """Every HTML page of the site (not assets, not generated reports), as paths relative to it."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not SKIPPED_FOLDERS.intersection(p.relative_to(site).parts))


PAGES = site_pages() or ["index.html"]  # no site yet: one case, which fails saying how to build it


@pytest.fixture(scope="module")
def origin(built_site):
    return built_site


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run 'npm ci --prefix tests/js'", pytrace=False)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def visits(origin, browser, axe_source):
    """Load each page at most once and remember what was seen."""
    seen: dict[str, dict] = {}

    def visit(page_path: str) -> dict:
        if page_path not in seen:
            context = browser.new_context()
            page = context.new_page()
            watch = PageWatch(page, origin)
            page.goto(f"{origin}/{page_path}", wait_until="load")
            draw_maps(page)  # maps are drawn as they near the viewport: draw them all, then audit
            page.wait_for_timeout(200)  # let deferred scripts report errors
            audit = page.evaluate(AUDIT.read_text(encoding="utf-8"))
            page.add_script_tag(content=axe_source)
            audit["violations"] = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
                " targets: v.nodes.map(n => n.target.join(' '))}))")
            audit["third_party"] = list(watch.third_party)
            audit["errors"] = watch.console_errors + watch.page_errors
            seen[page_path] = audit
            context.close()
        return seen[page_path]

    return visit


def test_the_site_has_its_pages():
    pages = site_pages(require_site())
    assert "index.html" in pages and "search.html" in pages
    assert any(p.startswith("chapters/") for p in pages)


@pytest.mark.parametrize("page_path", PAGES)
def test_no_third_party_requests(visits, page_path):
    assert visits(page_path)["third_party"] == []


@pytest.mark.parametrize("page_path", PAGES)
def test_no_console_errors(visits, page_path):
    assert visits(page_path)["errors"] == []


@pytest.mark.parametrize("page_path", PAGES)
def test_axe_finds_no_critical_or_serious_violation(visits, page_path):
    blocking = [v for v in visits(page_path)["violations"] if v["impact"] in BLOCKING]
    report = [f"{v['impact']} {v['id']} ({v['help']}): {', '.join(v['targets'][:5])}" for v in blocking]
    assert not report, "axe violations:\n" + "\n".join(report)


@pytest.mark.parametrize("page_path", PAGES)
def test_headings_start_at_h1_and_skip_no_level(visits, page_path):
    headings = visits(page_path)["headings"]
    assert headings and headings[0]["level"] == 1, headings[:1]
    assert [h for h in headings if h["level"] == 1] == headings[:1], "more than one h1"
    skips = [f"h{a['level']} '{a['text']}' -> h{b['level']} '{b['text']}'"
             for a, b in itertools.pairwise(headings) if b["level"] > a["level"] + 1]
    assert not skips, "skipped heading levels:\n" + "\n".join(skips)


@pytest.mark.parametrize("page_path", PAGES)
def test_images_have_alt_text(visits, page_path):
    assert visits(page_path)["imagesWithoutAlt"] == []


@pytest.mark.parametrize("page_path", PAGES)
def test_maps_and_frames_have_text_alternatives(visits, page_path):
    seen = visits(page_path)
    assert seen["mapsWithoutText"] == []
    assert seen["framesWithoutTitle"] == []


def test_some_page_has_a_map_so_the_map_check_means_something(visits):
    assert any(visits(p)["maps"] for p in PAGES if p.startswith("chapters/"))


@pytest.mark.parametrize("page_path", PAGES)
def test_map_assets_are_linked_once_on_pages_with_maps_and_on_no_other(page_path):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((require_site() / page_path).read_text(encoding="utf-8"), "html.parser")
    linked = [e.get("src") or e.get("href") for e in
              page.select("script[src*='coursekit-maps/'], link[href*='coursekit-maps/']")]
    in_head = page.head.select("script[src*='coursekit-maps/'], link[href*='coursekit-maps/']")
    assert page.select("[data-coursekit-asset]") == []
    if page.select("div.ck-map"):
        assert len(linked) == len(in_head) == 5, linked
        assert all((require_site() / page_path).parent.joinpath(u.split("?")[0]).is_file()
                   for u in linked)
    else:
        assert linked == []


# -- as a reader would ----------------------------------------------------------------------------


@pytest.fixture
def page(browser, origin):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = PageWatch(page, origin)
    yield page
    context.close()


def _a_chapter() -> str:
    return next((p for p in PAGES if p.startswith("chapters/")), PAGES[0])


def test_icons_draw_from_the_subset_web_font(page, origin):
    page.goto(f"{origin}/{_a_chapter()}", wait_until="load")
    page.evaluate("document.fonts.ready")
    widths = page.eval_on_selector_all(
        ".article-header-buttons i.fa-solid, .search-button-field i.fa-solid",
        "icons => icons.filter(i => i.offsetParent).map(i => i.getBoundingClientRect().width)")
    assert widths and min(widths) > 5, widths
    assert page.evaluate("document.fonts.check('900 16px \"Font Awesome 6 Free\"', '\\uf002')")


def test_search_from_a_chapter_finds_a_word(page, origin):
    page.goto(f"{origin}/{_a_chapter()}", wait_until="load")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.fill("Soleimani")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=Soleimani*")
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    assert page.locator("#search-results ul.search li").count() >= 3
    assert page.watch.third_party == [] and page.watch.page_errors == []


def test_the_colour_mode_switch_changes_the_mode(page, origin):
    page.goto(f"{origin}/{_a_chapter()}", wait_until="load")
    button = page.locator(".article-header-buttons .theme-switch-button")
    state = "[document.documentElement.dataset.mode, document.documentElement.dataset.theme]"
    seen = [tuple(page.evaluate(state))]
    for _ in range(3):
        button.click()
        seen.append(tuple(page.evaluate(state)))
    assert {mode for mode, _ in seen} == {"light", "dark", "auto"}, seen
    assert ("dark", "dark") in seen and ("light", "light") in seen, seen


# -- the printable book ---------------------------------------------------------------------------


def _script(name: str):
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_print_styles_show_maps_as_their_text_alternative_and_hide_navigation(page, origin):
    from coursekit.site import assets_dir

    map_page = next(p for p in PAGES if p.startswith("chapters/"))
    page.goto(f"{origin}/{map_page}", wait_until="load")
    page.add_style_tag(path=str(assets_dir() / "print.css"))
    page.emulate_media(media="print")
    shown = "sel => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).display !== 'none')"
    assert page.evaluate(f"({shown})('.ck-map__alt')") and all(page.evaluate(f"({shown})('.ck-map__alt')"))
    assert not any(page.evaluate(f"({shown})('.ck-map__canvas, .bd-sidebar-primary, .bd-header-article')"))


def test_the_book_prints_to_one_pdf_in_toc_order(browser, tmp_path):
    printed = _script("build_pdf").build_pdf(require_site(), tmp_path / "book.pdf", browser=browser)
    assert printed.path.read_bytes().startswith(b"%PDF")
    assert printed.pages[0] == "/index.html"
    assert printed.pages.index("/chapters/01-about.html") < printed.pages.index("/chapters/10-epilogue.html")
    assert printed.sheets > 2 * len(printed.pages)

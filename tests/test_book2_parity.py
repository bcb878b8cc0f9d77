"""The Jupyter Book 2 site (``make book2``) against the JB1 site (``make book``), and in Chromium.

Parity, page by page of the toc: the same pages, the same quizzes and questions (by id), the same
maps with the same data (a digest of each map's markup minus the asset links, which are per site).
Then the JB2 site as a reader meets it, every page in Chromium with third-party requests blocked:
no third-party request, no console error, axe-core finds nothing critical or serious, headings in
order; a quiz answers, maps draw, citations and glossary terms lead to their entries, and no
exercise page carries solution text. (The JB1 site's own checks are in ``test_site_pages.py``.)

Run with ``make book2-parity`` (part of ``make test``), which builds both sites first.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from coursekit import project

from .browser_support import PageWatch, draw_maps, serve
from .conftest import ROOT
from .test_exercises_release import SOURCES, artifact_text, fingerprints
from .test_site_pages import AUDIT, BLOCKING, axe_source  # noqa: F401 - axe_source is a fixture

pytestmark = pytest.mark.book2

JB1 = ROOT / "_build" / "html"
JB2 = ROOT / "_build" / "book2" / "html"


def _require(site: Path, how: str) -> Path:
    if not (site / "index.html").is_file():
        pytest.fail(f"no built site at {site}: run `{how}` first", pytrace=False)
    return site


def toc_files() -> list[str]:
    entries, problems = project.toc_entries(ROOT)
    assert not problems
    return [project.resolve(ROOT, entry).relative_to(ROOT).as_posix() for entry, _ in entries]


def jb1_page(file: str) -> Path:
    return JB1 / (Path(file).with_suffix(".html").as_posix())


def jb2_pages() -> dict[str, str]:
    """Source file -> the page's folder in the JB2 site ("" for the landing page)."""
    site = _require(JB2, "make book2")
    index = json.loads((site / "config.json").read_text(encoding="utf-8"))["projects"][0]["index"]
    pages = {}
    for data_file in site.glob("*.json"):
        data = json.loads(data_file.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "location" in data and "slug" in data:
            pages[data["location"].lstrip("/")] = "" if data["slug"] == index else data["slug"]
    return pages


def jb2_page(folder: str) -> Path:
    return JB2 / folder / "index.html"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def quiz_ids(page: BeautifulSoup) -> list[tuple[str, list[str]]]:
    return [(quiz.get("id"), [q.get("id") for q in quiz.select("li.ck-q")])
            for quiz in page.select("section.ck-quiz")]


def map_digests(page: BeautifulSoup) -> list[tuple[str, str]]:
    out = []
    for element in page.select("div.ck-map"):
        element = copy.copy(element)
        for asset in element.select("[data-coursekit-asset]"):
            asset.decompose()
        out.append((element.get("id"), hashlib.sha256(str(element).encode()).hexdigest()[:16]))
    return out


# -- parity ---------------------------------------------------------------------------------------

def test_both_sites_have_exactly_the_toc_pages():
    _require(JB1, "make book")
    files = toc_files()
    assert [f for f in files if not jb1_page(f).is_file()] == []
    pages = jb2_pages()
    assert sorted(pages) == sorted(files)
    assert [f for f in files if not jb2_page(pages[f]).is_file()] == []


@pytest.mark.parametrize("file", toc_files())
def test_the_same_quizzes_and_maps_on_each_page(file):
    _require(JB1, "make book")
    one, two = soup(jb1_page(file)), soup(jb2_page(jb2_pages()[file]))
    assert quiz_ids(two) == quiz_ids(one)
    assert map_digests(two) == map_digests(one)


def test_the_parity_check_compares_something():
    pages = jb2_pages()
    quizzes = sum(len(quiz_ids(soup(jb2_page(p)))) for p in pages.values())
    maps = sum(len(map_digests(soup(jb2_page(p)))) for p in pages.values())
    assert quizzes >= 10 and maps >= 10, (quizzes, maps)


def test_every_bibliography_entry_is_listed_as_on_the_jb1_site():
    bib = soup(jb2_page(jb2_pages()["back/bibliography.md"]))
    keys = {li["id"].removeprefix("ref-") for li in bib.select("ol.ck-bibliography > li")}
    from coursekit.knowledge.references import load_references

    refs, problems = load_references(ROOT / "references.bib", "references.bib")
    assert not problems and keys == set(refs)


def _target_ids(url: str, base: str) -> tuple[Path, str]:
    """The page file and the fragment a relative link of page folder ``base`` leads to."""
    resolved = urlparse(urljoin(f"http://site/{base}/" if base else "http://site/", url))
    return JB2 / resolved.path.lstrip("/") / "index.html", resolved.fragment


@pytest.mark.parametrize("selector", ["a.ck-cite", "a.ck-xref", "nav a", "a[href^='.']"])
def test_citations_terms_and_page_links_lead_to_their_targets(selector):
    pages, ids_of = jb2_pages(), {}
    checked = 0
    for folder in pages.values():
        for link in soup(jb2_page(folder)).select(selector):
            href = link["href"]
            if href.startswith(("http:", "https:", "mailto:")) or "_coursekit" in href:
                continue
            target, fragment = _target_ids(href, folder)
            assert target.is_file(), f"{folder or 'index'}: {href} leads nowhere"
            if fragment:
                if target not in ids_of:
                    ids_of[target] = {e["id"] for e in soup(target).select("[id]")}
                assert fragment in ids_of[target], f"{folder or 'index'}: {href} has no target"
            checked += 1
    assert checked > 10


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_exercise_pages_show_the_student_version(source):
    prints = fingerprints(source)
    assert prints
    artifacts = [p for p in JB2.rglob("*") if p.suffix in (".html", ".json", ".ipynb")]
    for path in artifacts:
        text = artifact_text(path)
        leaked = [p for p in prints if p in text]
        assert not leaked, f"{path.relative_to(JB2)} contains solution text of {source.name}"
    page = soup(jb2_page(jb2_pages()[f"exercises/{source.name}"]))
    assert page.select("pre.ck-source"), "the exercise page shows its code cells"


def test_myst_yml_in_the_site_matches_the_repository():
    staged = yaml.safe_load((JB2.parent / "src" / "myst.yml").read_text(encoding="utf-8"))
    committed = yaml.safe_load((ROOT / "myst.yml").read_text(encoding="utf-8"))
    assert staged["project"] == committed["project"]


# -- the JB2 site in Chromium ---------------------------------------------------------------------

PAGES = sorted(jb2_pages().values()) if (JB2 / "config.json").is_file() else [""]


@pytest.fixture(scope="module")
def origin():
    with serve(_require(JB2, "make book2")) as url:
        yield url


@pytest.fixture(scope="module")
def visits(origin, browser, axe_source):  # noqa: F811 - the fixture imported above
    seen: dict[str, dict] = {}

    def visit(folder: str) -> dict:
        if folder not in seen:
            context = browser.new_context()
            page = context.new_page()
            watch = PageWatch(page, origin)
            page.goto(f"{origin}/{folder}{'/' if folder else ''}", wait_until="load")
            drawn = draw_maps(page)
            page.wait_for_timeout(200)
            audit = page.evaluate(AUDIT.read_text(encoding="utf-8"))
            page.add_script_tag(content=axe_source)
            audit["violations"] = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
                " targets: v.nodes.map(n => n.target.join(' '))}))")
            audit["third_party"] = list(watch.third_party)
            audit["errors"] = watch.console_errors + watch.page_errors
            audit["drawn"] = drawn
            audit["quizzes_ready"] = page.locator("section.ck-quiz.ck-quiz--ready").count()
            seen[folder] = audit
            context.close()
        return seen[folder]

    return visit


@pytest.mark.parametrize("folder", PAGES, ids=lambda f: f or "index")
def test_a_jb2_page_is_offline_error_free_and_accessible(visits, folder):
    seen = visits(folder)
    assert seen["third_party"] == []
    assert seen["errors"] == []
    blocking = [f"{v['impact']} {v['id']} ({v['help']}): {', '.join(v['targets'][:5])}"
                for v in seen["violations"] if v["impact"] in BLOCKING]
    assert not blocking, "axe violations:\n" + "\n".join(blocking)
    headings = seen["headings"]
    assert headings and headings[0]["level"] == 1
    assert [h for h in headings if h["level"] == 1] == headings[:1]
    assert all(b["level"] <= a["level"] + 1 for a, b in itertools.pairwise(headings))
    assert seen["mapsWithoutText"] == [] and seen["imagesWithoutAlt"] == []


@pytest.mark.parametrize("folder", PAGES, ids=lambda f: f or "index")
def test_every_map_draws_and_every_quiz_starts(visits, folder):
    page = soup(jb2_page(folder))
    seen = visits(folder)
    assert seen["drawn"] == len(page.select("div.ck-map"))
    assert seen["quizzes_ready"] == len(page.select("section.ck-quiz"))


def test_a_quiz_answers_with_no_kernel(browser, origin):
    folder = jb2_pages()["chapters/09-reading-the-source.ipynb"]
    context = browser.new_context()
    page = context.new_page()
    watch = PageWatch(page, origin)
    page.goto(f"{origin}/{folder}/", wait_until="load")
    page.wait_for_selector("section.ck-quiz.ck-quiz--ready")
    first = page.locator("li.ck-q[data-question='incorrect-count']")  # numeric: the ledger's count
    first.get_by_role("button", name="Check question 1").click()
    assert first.locator(".ck-q__feedback").inner_text() == "Type a number first."
    from coursekit import data

    first.get_by_label("Your answer").fill(str(len(data.claims(verdict="incorrect"))))
    first.get_by_role("button", name="Check question 1").click()
    assert first.locator(".ck-q__feedback").inner_text().startswith("Correct.")
    assert "(1 answered)" in page.locator(".ck-quiz__score").inner_text()
    assert watch.third_party == [] and watch.page_errors == []
    context.close()

"""The claims ledger as schema.org ClaimReview JSON-LD: the records, the escaping, the built site.

Google's fact-check documentation requires ``claimReviewed``, ``reviewRating`` (with
``alternateName``) and ``url`` on every ClaimReview, and recommends ``author``, ``itemReviewed``
(a ``Claim`` with ``appearance`` and ``author``) and, on the rating, ``ratingValue``,
``bestRating`` and ``worstRating``; the tests hold every record to those, and to the course's fixed
verdict-to-rating scale. The site tests read ``_build/html`` (built by ``make test`` before the unit
tests) and skip when there is no built site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coursekit import data
from coursekit.claimreview import BEST, RATINGS, WORST, claim_reviews, file_json, script_json
from coursekit.knowledge.loader import Course
from coursekit.knowledge.references import Reference
from coursekit.knowledge.schema import Article, Claim
from coursekit.source import read_sentences

from .conftest import ROOT
from .test_ledger import SOURCE

SITE = ROOT / "_build" / "html"
PAGE = "chapters/09-reading-the-source"
AUTHOR = "The coursekit authors"   # _config.yml's author
REQUIRED = ("claimReviewed", "reviewRating", "url")
RECOMMENDED = ("author", "itemReviewed")
ORDER = ["incorrect", "unverifiable", "contested", "imprecise", "corroborated"]


@pytest.fixture(scope="module")
def course():
    return data.course()


@pytest.fixture(scope="module")
def document(course):
    return json.loads(script_json(claim_reviews(course, url="09-reading-the-source.html",
                                                author=AUTHOR)))


def reviews(document) -> list[dict]:
    assert document["@context"] == "https://schema.org"
    return document["@graph"]


# -- the mapping ----------------------------------------------------------------------------------


def test_every_verdict_has_one_rating_and_the_scale_orders_them():
    assert set(RATINGS) == set(ORDER)
    assert [RATINGS[v].value for v in ORDER] == list(range(WORST, BEST + 1))
    assert len({r.label for r in RATINGS.values()}) == len(RATINGS)


def test_the_documented_mapping_is_the_one_in_the_code():
    text = (ROOT / "guide" / "instructors.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| *(\w+) *\| *(\d) *\| *([\w ]+?) *\|", text, re.MULTILINE)
    assert {verdict: (int(value), label) for verdict, value, label in rows} == \
        {verdict: (r.value, r.label) for verdict, r in RATINGS.items()}


# -- the records ----------------------------------------------------------------------------------


def test_every_claim_appears_once_in_ledger_order(course, document):
    assert [r["identifier"] for r in reviews(document)] == [c.id for c in course.claims]
    ids = [r["@id"] for r in reviews(document)]
    assert len(set(ids)) == len(ids)


def test_required_and_recommended_properties(document):
    for review in reviews(document):
        assert review["@type"] == "ClaimReview"
        for name in REQUIRED + RECOMMENDED:
            assert review.get(name), f"{review['identifier']}: no {name}"
        assert review["reviewRating"]["alternateName"]
        assert review["author"]["name"] == AUTHOR
        assert review["url"] == "09-reading-the-source.html"
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["author"]["name"] and item["appearance"]


def test_ratings_follow_the_mapping(course, document):
    verdicts = {c.id: c for c in course.claims}
    for review in reviews(document):
        claim, rating = verdicts[review["identifier"]], review["reviewRating"]
        expected = RATINGS[claim.verdict]
        assert (rating["ratingValue"], rating["alternateName"]) == (expected.value, expected.label)
        assert (rating["bestRating"], rating["worstRating"]) == (BEST, WORST)
        assert rating.get("ratingExplanation") == claim.correction


def test_claims_keep_the_ledger_text_kind_and_claimant(course, document):
    for claim, review in zip(course.claims, reviews(document), strict=True):
        assert review["claimReviewed"] == claim.claim
        assert review["reviewBody"] == claim.explanation
        assert review["itemReviewed"]["genre"] == claim.kind
        assert review["itemReviewed"]["author"]["name"] == claim.claimant


def test_appearances_are_the_claims_locations_in_the_article(course, document):
    article = course.article
    for claim, review in zip(course.claims, reviews(document), strict=True):
        parts = review["itemReviewed"]["appearance"]
        assert [p["position"] for p in parts] == claim.locations
        for part in parts:
            assert part["isPartOf"]["name"] == article.title
            assert part["isPartOf"]["publisher"]["name"] == article.publisher
            assert part["isPartOf"]["datePublished"] == article.date


def test_appearances_point_at_real_sentences(document):
    if not SOURCE.exists():
        pytest.skip(f"the source article is not at {SOURCE} (set COURSEKIT_SOURCE)")
    sentences = {s.location for s in read_sentences(SOURCE)}
    positions = {p["position"] for r in reviews(document) for p in r["itemReviewed"]["appearance"]}
    assert positions <= sentences, sorted(positions - sentences)


def test_citations_are_the_claims_references(course, document):
    for claim, review in zip(course.claims, reviews(document), strict=True):
        cited = review["citation"]
        assert [c["identifier"] for c in cited] == claim.refs
        for entry in cited:
            ref = course.references[entry["identifier"]]
            assert entry["name"] == ref.title
            assert entry.get("url") == ref.url


def test_absolute_urls_when_given(course):
    doc = claim_reviews(course, url="https://example.org/course/chapters/09.html", author=AUTHOR)
    first = doc["@graph"][0]
    assert first["url"] == "https://example.org/course/chapters/09.html"
    assert first["@id"] == f"https://example.org/course/chapters/09.html#claim-{first['identifier']}"


# -- escaping -------------------------------------------------------------------------------------

HOSTILE = "</script><script>alert(1)</script> \u2028 <!-- & 'quoted'"


def hostile_course() -> Course:
    ref = Reference(key="k2020", type="misc", line=1, authors="Doe, Jane", title=HOSTILE, year="2020",
                    where="", url=None)
    claim = Claim(id="hostile", locations=["P1.S1"], claim=HOSTILE, kind="fact", claimant=HOSTILE,
                  verdict="incorrect", correction=HOSTILE, explanation=HOSTILE, refs=["k2020"])
    article = Article(title=HOSTILE, publisher=HOSTILE, date="2019-12-21", refs=["k2020"])
    return Course(claims=[claim], article=article, references={"k2020": ref})


def test_author_text_cannot_close_the_script_element_and_survives_intact():
    text = script_json(claim_reviews(hostile_course(), url="page.html", author=HOSTILE))
    assert not re.search(r"[<>&']", text)
    review = json.loads(text)["@graph"][0]
    assert review["claimReviewed"] == review["reviewBody"] == HOSTILE
    assert review["reviewRating"]["ratingExplanation"] == HOSTILE
    assert review["itemReviewed"]["appearance"][0]["isPartOf"]["name"] == HOSTILE


def test_the_file_form_is_the_same_document():
    doc = claim_reviews(hostile_course(), url="page.html", author="A")
    assert json.loads(file_json(doc)) == json.loads(script_json(doc)) == doc


# -- the built site -------------------------------------------------------------------------------


def built(path: str) -> Path:
    """``path`` in the built site; skips when there is no built site at all (a missing file in a
    built site is a failure)."""
    if not (SITE / "index.html").exists():
        pytest.skip(f"no built site ({SITE}): run `make book`")
    return SITE / path


def ld_json_scripts(html: str) -> list[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return [s.string or "" for s in soup.find_all("script", type="application/ld+json")]


def test_the_reading_the_source_page_carries_the_ledger(course):
    scripts = ld_json_scripts(built(f"{PAGE}.html").read_text(encoding="utf-8"))
    assert len(scripts) == 1, f"{len(scripts)} JSON-LD scripts on the page"
    embedded = json.loads(scripts[0])
    assert embedded == claim_reviews(course, url="09-reading-the-source.html", author=AUTHOR)


def test_no_other_page_carries_it():
    built(f"{PAGE}.html")
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in SITE.rglob("*.html")
             if p != SITE / f"{PAGE}.html"}
    others = [p for p, text in texts.items() if "ld+json" in text and ld_json_scripts(text)]
    assert others == []


def test_the_site_publishes_the_ledger_as_a_file(course):
    published = json.loads(built("claimreview.jsonld").read_text(encoding="utf-8"))
    assert published == claim_reviews(course, url=f"{PAGE}.html", author=AUTHOR)
    assert (SITE / published["@graph"][0]["url"]).exists()


# -- in a browser ---------------------------------------------------------------------------------


@pytest.mark.browser
def test_chromium_reads_the_embedded_ledger_and_the_file(built_site, browser, course):
    from .browser_support import PageWatch

    page = browser.new_page()
    watch = PageWatch(page, built_site)
    page.goto(f"{built_site}/{PAGE}.html", wait_until="load")
    embedded = page.evaluate("""() => [...document.querySelectorAll('script[type="application/ld+json"]')]
                                .map(s => JSON.parse(s.textContent))""")
    assert len(embedded) == 1
    assert [r["identifier"] for r in embedded[0]["@graph"]] == [c.id for c in course.claims]
    published = page.evaluate("""async () => (await (await fetch('../claimreview.jsonld')).json())""")
    assert len(published["@graph"]) == len(course.claims)
    assert watch.third_party == [] and watch.page_errors == []
    page.close()

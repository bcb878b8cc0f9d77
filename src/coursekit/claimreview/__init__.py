"""The claims ledger as open data: schema.org ``ClaimReview`` records in JSON-LD.

One ``ClaimReview`` per claim of ``claims.yaml``, in ledger order, inside one JSON-LD document
(``{"@context": "https://schema.org", "@graph": [...]}``). Each record carries:

- ``claimReviewed``: the ledger's paraphrase of the claim (the course's words, not the article's);
- ``reviewRating``: the verdict on the fixed scale in :data:`RATINGS` (``ratingValue``,
  ``bestRating`` 5, ``worstRating`` 1, ``alternateName`` and ``name`` the verdict's label), with the
  ledger's correction as ``ratingExplanation`` when there is one;
- ``reviewBody``: the ledger's explanation;
- ``itemReviewed``: a ``Claim`` whose ``author`` is the claimant as the ledger records it, whose
  ``genre`` is the claim's kind (fact, allegation, opinion), and whose ``appearance`` lists one
  ``CreativeWork`` per location in the article (``position`` ``P4.S1`` = paragraph 4, sentence 1,
  numbered as in :mod:`coursekit.source`), each ``isPartOf`` the article. ``firstAppearance`` is
  not given: the article often repeats claims made earlier by others;
- ``citation``: the claim's references (title, year, authors as ``creditText``, and URL when the
  bibliography has one; ``identifier`` is the BibTeX key);
- ``url``: the page that publishes the checks, and ``@id`` that page with ``#claim-<id>``.

The numbers order the verdicts by how far accountable sources support the claim, from contradicted
(1) to supported (5); they are not a probability, and 2 ("unverifiable": nothing found either way)
does not mean "mostly false". Only Google's required properties (``claimReviewed``,
``reviewRating`` with ``alternateName``, ``url``) and the recommended ones the ledger can fill are
given; the ledger records no review date, so ``datePublished`` is left out.

:func:`claim_reviews` builds the document; :func:`script_json` serialises it for a
``<script type="application/ld+json">`` element (``<``, ``>``, ``&`` and ``'`` escaped, so no text
can close the element); :func:`file_json` writes the downloadable file. The Sphinx hook is
:mod:`coursekit.site.claimreview`.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from jinja2.utils import htmlsafe_json_dumps

from ..knowledge.loader import Course
from ..knowledge.schema import Claim, Verdict

CONTEXT = "https://schema.org"


class Rating(NamedTuple):
    value: int
    label: str
    meaning: str


RATINGS: dict[Verdict, Rating] = {
    "corroborated": Rating(5, "Corroborated", "accountable sources support the claim as stated"),
    "imprecise": Rating(4, "Imprecise", "broadly right, but wrong in a detail that matters; "
                                        "the review gives the correction"),
    "contested": Rating(3, "Contested", "credible sources disagree, and the record does not settle it"),
    "unverifiable": Rating(2, "Unverifiable", "no accountable source found either supports or "
                                              "refutes it"),
    "incorrect": Rating(1, "Incorrect", "accountable sources contradict it; the review gives the "
                                        "correction"),
}
BEST, WORST = 5, 1


def rating(claim: Claim) -> dict[str, Any]:
    """The ``reviewRating`` of a claim: its verdict on the fixed scale."""
    scale = RATINGS[claim.verdict]
    out: dict[str, Any] = {"@type": "Rating", "ratingValue": scale.value, "bestRating": BEST,
                           "worstRating": WORST, "alternateName": scale.label, "name": scale.label}
    if claim.correction:
        out["ratingExplanation"] = claim.correction
    return out


def _article(course: Course) -> dict[str, Any]:
    article = course.article
    if article is None:
        raise ValueError("the claims ledger has no article header")
    out: dict[str, Any] = {"@type": "CreativeWork", "name": article.title,
                           "publisher": {"@type": "Organization", "name": article.publisher},
                           "datePublished": article.date}
    urls = [course.references[k].url for k in article.refs if k in course.references]
    if any(urls):
        out["url"] = next(u for u in urls if u)
    return out


def _appearance(location: str, article: dict[str, Any]) -> dict[str, Any]:
    paragraph, sentence = location[1:].split(".S")
    return {"@type": "CreativeWork", "position": location,
            "name": f"paragraph {paragraph}, sentence {sentence}", "isPartOf": article}


def _citation(course: Course, key: str) -> dict[str, Any]:
    ref = course.references[key]
    out: dict[str, Any] = {"@type": "CreativeWork", "identifier": key, "name": ref.title or ref.full}
    if ref.year:
        out["datePublished"] = ref.year
    if ref.authors:
        out["creditText"] = ref.authors
    if ref.url:
        out["url"] = ref.url
    return out


def claim_review(course: Course, claim: Claim, *, url: str, author: str) -> dict[str, Any]:
    """One claim of the ledger as a ``ClaimReview`` published at ``url`` by ``author``."""
    article = _article(course)
    return {
        "@type": "ClaimReview",
        "@id": f"{url}#claim-{claim.id}",
        "identifier": claim.id,
        "url": url,
        "author": {"@type": "Organization", "name": author},
        "inLanguage": "en",
        "claimReviewed": claim.claim,
        "reviewRating": rating(claim),
        "reviewBody": claim.explanation,
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": claim.claimant},
            "datePublished": article["datePublished"],
            "genre": claim.kind,
            "appearance": [_appearance(loc, article) for loc in claim.locations],
        },
        "citation": [_citation(course, key) for key in claim.refs if key in course.references],
    }


def claim_reviews(course: Course, *, url: str, author: str) -> dict[str, Any]:
    """Every claim of the ledger as a JSON-LD document of ``ClaimReview`` records."""
    return {"@context": CONTEXT,
            "@graph": [claim_review(course, c, url=url, author=author) for c in course.claims]}


def script_json(document: dict[str, Any]) -> str:
    """``document`` as JSON that is safe as the content of a ``<script>`` element."""
    return str(htmlsafe_json_dumps(document, ensure_ascii=False, separators=(",", ":")))


def file_json(document: dict[str, Any]) -> str:
    """``document`` as an indented JSON-LD file (UTF-8, stable key order)."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


__all__ = [
    "BEST",
    "RATINGS",
    "WORST",
    "Rating",
    "claim_review",
    "claim_reviews",
    "file_json",
    "rating",
    "script_json",
]

"""The claims ledger covers every sentence of the source article.

The article is not redistributed with the course; it lives in the workspace's shared/source/
folder beside the repository (or wherever $COURSEKIT_SOURCE points).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coursekit import data
from coursekit.source import read_sentences, sentences

from .conftest import ROOT

SOURCE = Path(os.environ.get("COURSEKIT_SOURCE", ROOT.parent / "shared" / "source"
                             / "track-persia-2019-12-21-quds-force.txt"))


@pytest.fixture(scope="module")
def article():
    if not SOURCE.exists():
        pytest.skip(f"the source article is not at {SOURCE} (set COURSEKIT_SOURCE)")
    return read_sentences(SOURCE)


def test_sentence_numbering_is_stable():
    found = sentences("Heading\n\nOne claim. Another ‘quoted’ one? Yes!\n\nA caption. (Photo)")
    assert [s.location for s in found] == ["P1.S1", "P2.S1", "P2.S2", "P2.S3", "P3.S1", "P3.S2"]
    assert found[2].text == "Another ‘quoted’ one?"


def test_every_sentence_is_a_claim_or_explained(article):
    course = data.course()
    claimed = {loc for claim in course.claims for loc in claim.locations}
    uncovered = {u.location for u in course.uncovered}
    locations = {s.location for s in article}
    missing = sorted(locations - claimed - uncovered)
    assert missing == [], f"sentences with no claim and no reason: {missing}"
    assert sorted((claimed | uncovered) - locations) == [], "locations that are not in the article"
    assert sorted(claimed & uncovered) == [], "sentences both claimed and listed as uncovered"


def test_wrong_claims_carry_corrections_and_the_known_errors_are_caught():
    wrong = data.claims(verdict="incorrect") + data.claims(verdict="imprecise")
    assert wrong and all(c.correction for c in wrong)
    corrected = " ".join(c.correction for c in data.claims(verdict="incorrect"))
    assert "Khamenei" in corrected  # the article's "Ali Khomeini" for 1990

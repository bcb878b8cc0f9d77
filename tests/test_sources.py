"""Source tiers: no statement rests on weak sources alone, and Iran's own voices are present.

A chapter statement is one citation group (``{cite:p}`a,b```); an event is one record of
events.yaml. Each must cite at least one reference whose tier is not weak (advocacy, aggregator;
``coursekit.knowledge.references.WEAK_TIERS``). Iranian-origin references (``origin = {IRN}``) are counted.
"""

from __future__ import annotations

import pytest

from coursekit import data
from coursekit.knowledge.references import TIERS, WEAK_TIERS

from .test_chapters import CHAPTERS, CITE, markdown, narrative

MIN_IRANIAN = 25


def weak_only_groups(text: str, references) -> list[str]:
    """Citation groups in ``text`` whose every key has a weak tier (unknown keys are left to the
    chapter tests)."""
    found = []
    for match in CITE.finditer(text):
        keys = [k.strip() for k in match.group(1).split(",")]
        tiers = [references[k].tier for k in keys if k in references]
        if tiers and all(t in WEAK_TIERS for t in tiers):
            para = text.rfind("\n\n", 0, match.start())
            start = 0 if para < 0 else para + 2
            found.append(f"{match.group(1)} ({' '.join(text[start:match.start()].split())[-90:]!r})")
    return found


@pytest.fixture(scope="module")
def references():
    return data.course().references


def test_the_rule_catches_a_statement_resting_on_an_advocacy_source(references):
    advocacy = next(k for k, r in references.items() if r.tier == "advocacy")
    solid = next(k for k, r in references.items() if r.tier == "court")
    planted = f"A claim {{cite:p}}`{advocacy}`.\n\nAnother {{cite:p}}`{advocacy},{solid}`."
    assert weak_only_groups(planted, references) == [f"{advocacy} ('A claim')"]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_no_chapter_statement_rests_only_on_weak_sources(path, references):
    # The narrative's statements; a further-reading list may name a party's own account, annotated as such.
    weak = weak_only_groups(narrative(path), references)
    assert weak == [], f"citation groups resting only on {sorted(WEAK_TIERS)} sources: {weak}"


def test_no_event_rests_only_on_weak_sources(references):
    weak = [e.id for e in data.events() if all(references[k].tier in WEAK_TIERS for k in e.refs)]
    assert weak == [], f"events whose references are all {sorted(WEAK_TIERS)}: {weak}"


def test_every_reference_has_a_known_tier(references):
    assert {r.tier for r in references.values()} <= set(TIERS)


def test_iranian_voices_are_cited(references):
    iranian = sorted(k for k, r in references.items() if r.origin == "IRN")
    assert len(iranian) >= MIN_IRANIAN, f"{len(iranian)} references of Iranian origin: {iranian}"
    cited = " ".join(markdown(p) for p in CHAPTERS)
    uncited = [k for k in iranian if k not in cited]
    assert len(iranian) - len(uncited) >= MIN_IRANIAN, f"not cited in any chapter: {uncited}"

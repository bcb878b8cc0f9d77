"""What the knowledge base holds: record counts by kind (``coursekit check``, ``data.summary()``)."""

from __future__ import annotations

from collections import Counter

from .loader import Course
from .references import TIERS

_PLURAL = {"person": "people", "organisation": "organisations", "state": "states"}


def stats_of(course: Course) -> dict[str, int]:
    verdicts = Counter(c.verdict for c in course.claims)
    kinds = Counter(a.kind for a in course.actors.values())
    course_countries = [f for f in course.boundaries.values() if f["properties"].get("course")]
    stats = {
        "places": len(course.places),
        "countries with boundaries": len(course_countries),
        "actors": len(course.actors),
        **{f"  {_PLURAL[kind]}": n for kind, n in sorted(kinds.items())},
        "relations": len(course.relations),
        "events": len(course.events),
        "stories": len(course.stories),
        "claims": len(course.claims),
        **{f"  {verdict}": n for verdict, n in sorted(verdicts.items())},
        "article sentences without a claim": len(course.uncovered),
        "casualty figures": len(course.figures),
        "references": len(course.references),
        **{f"  {tier}": n for tier, n in _tier_mix(course)},
        "references of Iranian origin": sum(r.origin == "IRN" for r in course.references.values()),
    }
    return stats


def _tier_mix(course: Course) -> list[tuple[str, int]]:
    """Reference counts per source tier, in the order of ``references.TIERS``."""
    tiers = Counter(r.tier for r in course.references.values())
    return [(f"tier {tier}", tiers[tier]) for tier in TIERS if tiers[tier]]

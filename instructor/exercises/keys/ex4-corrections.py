"""Grading key for ex4-corrections: the right answers and the known mistakes. Instructors only.

The claim studied is the one in which the article names the Supreme Leader of 1990 wrongly.
"""

from __future__ import annotations

from coursekit import data
from coursekit.exercises.corrections import YEAR
from coursekit.exercises.keys import Solution

CLAIM = "khamenei-misnamed-ali-khomeini"


def claim():
    return next(c for c in data.claims() if c.id == CLAIM)


def leader_event():
    """The latest event before 1990 that names a new Supreme Leader."""
    return [e for e in data.events(between=("1979", "1989")) if "Supreme Leader" in e.title][-1]


def leader():
    """The person in that event still alive in 1990."""
    people = [data.actor(a) for a in leader_event().actors]
    return next(p.id for p in people if p.kind == "person" and not (p.end and p.end < YEAR))


def labels(keys):
    return {k: data.reference(k).short for k in dict.fromkeys(keys)}


def task1():
    return Solution([c.id for c in data.claims() if c.verdict in ("imprecise", "incorrect")], {
        "Imprecise claims carry a correction too (see FORMAT.md: `correction` is required for imprecise "
        "and incorrect). Include them.": [c.id for c in data.claims(verdict="incorrect")],
    })


def task2():
    return Solution(CLAIM, {
        "That one is a spelling slip about one man's name; look for a claim in which two different people "
        "are merged into one name.": "soleimani-name-misspelled",
        "That one misquotes a document; look for a claim about a person's name.":
            "constitution-irgc-task-quotation",
        "That one is a typing slip in an ordinary word; look for a claim in which two different people are "
        "merged into one name.": "anti-iranian-misspelled",
    })


def task3():
    return Solution(leader())


def task4():
    claim_refs, event_refs = claim().refs, leader_event().refs
    return Solution(labels(claim_refs + event_refs), {
        "You have the claim's references; add those of the event from task 3.": labels(claim_refs),
        "You have the event's references; add those of the claim from task 2.": labels(event_refs),
    })

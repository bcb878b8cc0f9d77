"""Checks for exercise 3, *The claims ledger in numbers* (chapter 9).

The right answers live in the grading key; the checks compare with its prints (:mod:`.keys`).
"""

from __future__ import annotations

from typing import get_args

from .. import data
from ..knowledge.problems import CourseDataError
from ..knowledge.schema import ClaimKind, Verdict
from .answers import claim_verdicts, ids, mapping, number
from .feedback import Wrong, task
from .keys import Compare

EXERCISE = "ex3-ledger"
VERDICTS: tuple[str, ...] = get_args(Verdict)
KINDS: tuple[str, ...] = get_args(ClaimKind)


@task(EXERCISE, 1, compare=Compare("map"))
def task1(verdict_counts, expect):
    given = mapping(verdict_counts, "`verdict_counts`")
    stray = [k for k in given if k not in VERDICTS]
    if stray:
        raise Wrong(f"{stray[0]!r} is not a verdict. The verdicts are {', '.join(VERDICTS)}.")
    values = {k: number(v, f"The count for {k!r}") for k, v in given.items()}
    total, size = sum(values.values()), len(data.claims())
    expect(values, "`verdict_counts`", missing="Give a count for every verdict.",
           wrong=lambda k: f"The count for {k!r} is not right (your counts add up to {total:g}; the ledger "
           f"holds {size} claims).")
    return f"Right: {size} claims in the ledger."


@task(EXERCISE, 2, compare=Compare("set"))
def task2(incorrect, expect):
    given = ids(incorrect, "`incorrect`")
    verdict = claim_verdicts(given)
    other = [i for i in given if verdict[i] != "incorrect"]
    if other:
        raise Wrong(f"{other[0]!r} is judged {verdict[other[0]]!r}, not 'incorrect'. An imprecise claim "
                    "has a correction too, but it is not wrong outright.")
    expect(given, "`incorrect`", missing="Keep every claim whose verdict is 'incorrect'.")
    return f"Right: only {len(given)} claims are wrong outright. Read their corrections."


@task(EXERCISE, 3, compare=Compare("value", abs=0.005))
def task3(share_corroborated, expect):
    value = number(share_corroborated, "`share_corroborated`")
    if expect.right(value / 100):
        raise Wrong("That looks like a percentage; give a fraction between 0 and 1.")
    if not 0 <= value <= 1:
        raise Wrong(f"A share lies between 0 and 1; {value:g} does not.")
    expect(value, "`share_corroborated`",
           wrong="Not right: divide the number of corroborated claims by the number of claims.")
    return f"Right: about {value:.0%} of the article's claims are corroborated."


@task(EXERCISE, 4, compare=Compare("map", abs=0.005))
def task4(by_kind, expect):
    given = mapping(by_kind, "`by_kind`")
    stray = [k for k in given if k not in KINDS]
    if stray:
        raise Wrong(f"{stray[0]!r} is not a kind of claim. The kinds are {', '.join(KINDS)}.")
    values = {k: number(v, f"The share for {k!r}") for k, v in given.items()}
    if any(v > 1 for v in values.values()):
        raise Wrong("Give fractions between 0 and 1, not percentages.")
    expect(values, "`by_kind`", missing=f"Give a share for each kind ({', '.join(KINDS)}).",
           wrong=lambda k: f"The share for {k!r} is not right.")
    best = max(values, key=values.get)
    return f"Right: claims of kind {best!r} are the most often corroborated."


@task(EXERCISE, 5, compare=Compare("set"))
def task5(most_cited, expect):
    if not isinstance(most_cited, str):
        raise Wrong(f"`most_cited` should be one reference key (a string), not a "
                    f"{type(most_cited).__name__}.")
    citing = sum(most_cited in c.refs for c in data.claims())  # for this key only
    if not citing:
        try:
            data.reference(most_cited)
        except (CourseDataError, TypeError):
            raise Wrong(f"{most_cited!r} is not a reference key of the course.") from None
        raise Wrong(f"{most_cited!r} is a reference of the course, but no claim cites it.")
    if not expect.contains(most_cited):  # the key lists every source tied for the most citations
        raise Wrong(f"{most_cited!r} is cited by {citing} claims; another source is cited by "
                    "more. Count each claim's references, then take the largest count.")
    ref = data.reference(most_cited)
    return f"Right: {ref.short} is cited by {citing} claims."

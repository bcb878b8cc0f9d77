"""Checks for exercise 4, *Correcting the article* (chapter 9).

The claim studied is the one in which the article gives the Supreme Leader of 1990 the wrong name.
The right answers live in the grading key; the checks compare with its prints (:mod:`.keys`).
"""

from __future__ import annotations

from .. import data
from .answers import claim_verdicts, ids, mapping
from .feedback import Wrong, task
from .keys import Compare

EXERCISE = "ex4-corrections"
YEAR = "1990"
WRONG_NAME = "Ali Khomeini"


@task(EXERCISE, 1, compare=Compare("set"))
def task1(needs_correction, expect):
    given = ids(needs_correction, "`needs_correction`")
    verdict = claim_verdicts(given)
    other = [i for i in given if verdict[i] not in ("imprecise", "incorrect")]
    if other:
        raise Wrong(f"{other[0]!r} is judged {verdict[other[0]]!r}; the ledger gives no correction for that "
                    "verdict.")
    expect(given, "`needs_correction`", missing="Look at every verdict that comes with a correction.")
    return f"Right: {len(given)} claims carry a correction."


@task(EXERCISE, 2, compare=Compare("value"))
def task2(misnamed, expect):
    if not isinstance(misnamed, str):
        raise Wrong(f"`misnamed` should be one claim id (a string), not a {type(misnamed).__name__}.")
    verdict = claim_verdicts([misnamed])
    expect(misnamed, "`misnamed`", wrong=f"{misnamed!r} is judged {verdict[misnamed]!r}. Look among the "
           "claims judged 'incorrect' and read their corrections.")
    return "Right: the article merges two men's names into one."


@task(EXERCISE, 3, compare=Compare("value"))
def task3(leader_1990, expect):
    if not isinstance(leader_1990, str):
        raise Wrong(f"`leader_1990` should be an actor id (a string), not a {type(leader_1990).__name__}.")
    actors = {a.id: a for a in data.actors()}
    if leader_1990 not in actors:
        by_name = [a.id for a in actors.values() if a.name == leader_1990]
        nudge = " Give the actor's id (a lowercase slug), not the name." if by_name else ""
        raise Wrong(f"{leader_1990!r} is not an actor id.{nudge}")
    actor = actors[leader_1990]
    if not expect.right(leader_1990):
        if actor.end and actor.end < YEAR:
            raise Wrong(f"{actor.name} died on {actor.end}, before {YEAR}. Who succeeded him? Look at the "
                        "events of that year.")
        if actor.kind != "person":
            raise Wrong(f"{actor.name} is not a person; the question is who held the office.")
        raise Wrong(f"{actor.name} did not hold the office in {YEAR}. Find the event before {YEAR} in which "
                    "a new Supreme Leader took office.")
    took = [e for e in data.events(actor=leader_1990) if "Supreme Leader" in e.title]
    since = f", in office from {took[0].date} (event {took[0].id!r})" if took else ""
    return f"Right: {actor.name}{since}."


@task(EXERCISE, 4, compare=Compare("map"))
def task4(evidence, expect):
    given = mapping(evidence, "`evidence`")
    expect(given, "`evidence`", extra="Use only the `refs` of the claim (task 2) and of the event (task 3).",
           missing="Use the `refs` of both the claim and the event.",
           wrong=lambda k: f"The label for {k!r} should be its author-year label; use "
           f"`data.reference({k!r}).short`.")
    return f"Right: {len(given)} sources, each with a label you can cite."


@task(EXERCISE, 5, compare=None)
def task5(correction, expect):
    if not isinstance(correction, str) or not correction.strip():
        raise Wrong("`correction` should be a sentence (a non-empty string).")
    text = correction.lower()
    named = [a for a in data.actors() if a.kind == "person" and a.name.lower() in text]
    if not any(expect.task(3).right(a.id) for a in named):
        if WRONG_NAME.lower() in text:
            raise Wrong("Your sentence repeats the article's error; name the man who held the office.")
        raise Wrong("Name the Supreme Leader of 1990 in full (first name and surname, as in the data).")
    if YEAR not in correction:
        raise Wrong(f"Say which year the correction is about ({YEAR}).")
    sources = expect.task(4)
    if not any(ref.short in correction and sources.has_entry(key, ref.short)
               for key, ref in data.course().references.items()):
        raise Wrong("Cite at least one source by its author-year label from `evidence`, e.g. in brackets.")
    if len(correction.split()) > 60:
        raise Wrong("Keep the correction to one or two sentences (under 60 words).")
    return "A clear correction with a citation. Compare it with the ledger's own `correction` field."

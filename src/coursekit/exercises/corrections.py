"""Checks for exercise 4, *Correcting the article* (chapter 9).

The claim studied is the one in which the article gives the Supreme Leader of 1990 the wrong name;
the checks find everything else (the leader, the event, the sources) in the knowledge base.
"""

from __future__ import annotations

from .. import data
from .answers import claim_verdicts, ids, mapping, same_ids
from .feedback import Wrong, task

EXERCISE = "ex4-corrections"
CLAIM = "khamenei-misnamed-ali-khomeini"
YEAR = "1990"
WRONG_NAME = "Ali Khomeini"
WHY_NOT = {
    "soleimani-name-misspelled": "That one is a spelling slip about one man's name; look for a claim in "
                                 "which two different people are merged into one name.",
    "constitution-irgc-task-quotation": "That one misquotes a document; look for a claim about a person's "
                                        "name.",
    "anti-iranian-misspelled": "That one is a typing slip in an ordinary word; look for a claim in which "
                               "two different people are merged into one name.",
}


def _needs_correction() -> list[str]:
    return [c.id for c in data.claims() if c.verdict in ("imprecise", "incorrect")]


def _claim():
    return next(c for c in data.claims() if c.id == CLAIM)


def _leader_event():
    """The latest event before 1990 that names a new Supreme Leader."""
    found = [e for e in data.events(between=("1979", "1989")) if "Supreme Leader" in e.title]
    return found[-1]


def _leader() -> str:
    """The person in that event still alive in 1990."""
    people = [data.actor(a) for a in _leader_event().actors]
    return next(p.id for p in people if p.kind == "person" and not (p.end and p.end < YEAR))


def _evidence() -> dict[str, str]:
    keys = list(dict.fromkeys(_claim().refs + _leader_event().refs))
    return {k: data.reference(k).short for k in keys}


@task(EXERCISE, 1)
def task1(needs_correction):
    given = ids(needs_correction, "`needs_correction`")
    verdict = claim_verdicts(given)
    other = [i for i in given if verdict[i] not in ("imprecise", "incorrect")]
    if other:
        raise Wrong(f"{other[0]!r} is judged {verdict[other[0]]!r}; the ledger gives no correction for that "
                    "verdict.")
    if set(given) == {c.id for c in data.claims(verdict="incorrect")}:
        raise Wrong("Imprecise claims carry a correction too (see FORMAT.md: `correction` is required for "
                    "imprecise and incorrect). Include them.")
    same_ids(given, _needs_correction(), "`needs_correction`")
    return f"Right: {len(given)} claims carry a correction."


@task(EXERCISE, 2)
def task2(misnamed):
    if not isinstance(misnamed, str):
        raise Wrong(f"`misnamed` should be one claim id (a string), not a {type(misnamed).__name__}.")
    verdict = claim_verdicts([misnamed])
    if misnamed in WHY_NOT:
        raise Wrong(WHY_NOT[misnamed])
    if misnamed != CLAIM:
        raise Wrong(f"{misnamed!r} is judged {verdict[misnamed]!r}. Look among the claims judged 'incorrect' "
                    "and read their corrections.")
    return "Right: the article merges two men's names into one."


@task(EXERCISE, 3)
def task3(leader_1990):
    if not isinstance(leader_1990, str):
        raise Wrong(f"`leader_1990` should be an actor id (a string), not a {type(leader_1990).__name__}.")
    actors = {a.id: a for a in data.actors()}
    if leader_1990 not in actors:
        by_name = [a.id for a in actors.values() if a.name == leader_1990]
        nudge = " Give the actor's id (a lowercase slug), not the name." if by_name else ""
        raise Wrong(f"{leader_1990!r} is not an actor id.{nudge}")
    expected = _leader()
    actor = actors[leader_1990]
    if leader_1990 != expected:
        if actor.end and actor.end < YEAR:
            raise Wrong(f"{actor.name} died on {actor.end}, before {YEAR}. Who succeeded him? Look at the "
                        "events of that year.")
        if actor.kind != "person":
            raise Wrong(f"{actor.name} is not a person; the question is who held the office.")
        raise Wrong(f"{actor.name} did not hold the office in {YEAR}. Find the event before {YEAR} in which "
                    "a new Supreme Leader took office.")
    event = _leader_event()
    return f"Right: {actor.name}, in office from {event.date} (event {event.id!r})."


@task(EXERCISE, 4)
def task4(evidence):
    given = mapping(evidence, "`evidence`")
    expected = _evidence()
    claim_refs, event_refs = set(_claim().refs), set(_leader_event().refs)
    missing = set(expected) - set(given)
    if missing and missing <= event_refs - claim_refs:
        raise Wrong("You have the claim's references; add those of the event from task 3.")
    if missing and missing <= claim_refs - event_refs:
        raise Wrong("You have the event's references; add those of the claim from task 2.")
    same_ids(list(given), expected, "The keys of `evidence`",
             missing_hint="Use the `refs` of both the claim and the event.")
    wrong = [k for k in expected if given[k] != expected[k]]
    if wrong:
        raise Wrong(f"The label for {wrong[0]!r} should be its author-year label; use "
                    f"`data.reference({wrong[0]!r}).short`.")
    return f"Right: {len(expected)} sources, each with a label you can cite."


@task(EXERCISE, 5)
def task5(correction):
    if not isinstance(correction, str) or not correction.strip():
        raise Wrong("`correction` should be a sentence (a non-empty string).")
    leader = data.actor(_leader())
    if WRONG_NAME.lower() in correction.lower() and leader.name.lower() not in correction.lower():
        raise Wrong("Your sentence repeats the article's error; name the man who held the office.")
    if leader.name.lower() not in correction.lower():
        raise Wrong("Name the Supreme Leader of 1990 in full (first name and surname, as in the data).")
    if YEAR not in correction:
        raise Wrong(f"Say which year the correction is about ({YEAR}).")
    labels = [label for label in _evidence().values() if label in correction]
    if not labels:
        raise Wrong("Cite at least one source by its author-year label from `evidence`, e.g. in brackets.")
    if len(correction.split()) > 60:
        raise Wrong("Keep the correction to one or two sentences (under 60 words).")
    return "A clear correction with a citation. Compare it with the ledger's own `correction` field."

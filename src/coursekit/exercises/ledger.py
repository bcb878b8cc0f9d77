"""Checks for exercise 3, *The claims ledger in numbers* (chapter 9)."""

from __future__ import annotations

from collections import Counter

from .. import data
from .answers import claim_verdicts, ids, mapping, number, same_ids
from .feedback import Wrong, task

EXERCISE = "ex3-ledger"
VERDICTS = ("corroborated", "contested", "imprecise", "incorrect", "unverifiable")
KINDS = ("fact", "allegation", "opinion")


def _verdict_counts() -> dict[str, int]:
    counts = Counter(c.verdict for c in data.claims())
    return {v: counts.get(v, 0) for v in VERDICTS}


def _share(claims) -> float:
    claims = list(claims)
    return sum(c.verdict == "corroborated" for c in claims) / len(claims) if claims else 0.0


def _by_kind() -> dict[str, float]:
    return {k: _share(data.claims(kind=k)) for k in KINDS}


def _citations() -> Counter:
    return Counter(key for c in data.claims() for key in set(c.refs))


@task(EXERCISE, 1)
def task1(verdict_counts):
    given = mapping(verdict_counts, "`verdict_counts`")
    expected = _verdict_counts()
    same_ids([str(k) for k in given], VERDICTS, "The keys of `verdict_counts`",
             extra_hint=f"The verdicts are {', '.join(VERDICTS)}.",
             missing_hint="Give a count for every verdict.")
    values = {k: number(v, f"The count for {k!r}") for k, v in given.items()}
    sentences = Counter(c.verdict for c in data.claims() for _ in c.locations)
    if all(values[v] == sentences.get(v, 0) for v in VERDICTS) and values != expected:
        raise Wrong("You counted sentences (locations), not claims: a claim spanning two sentences "
                    "counts once.")
    wrong = [v for v in VERDICTS if values[v] != expected[v]]
    if wrong:
        total, size = sum(values.values()), len(data.claims())
        raise Wrong(f"The count for {wrong[0]!r} is not right (your counts add up to {total:g}; the ledger "
                    f"holds {size} claims).")
    return f"Right: {len(data.claims())} claims in the ledger."


@task(EXERCISE, 2)
def task2(incorrect):
    given = ids(incorrect, "`incorrect`")
    verdict = claim_verdicts(given)
    other = [i for i in given if verdict[i] != "incorrect"]
    if other:
        raise Wrong(f"{other[0]!r} is judged {verdict[other[0]]!r}, not 'incorrect'. An imprecise claim "
                    "has a correction too, but it is not wrong outright.")
    same_ids(given, [c.id for c in data.claims(verdict="incorrect")], "`incorrect`")
    return f"Right: only {len(given)} claims are wrong outright. Read their corrections."


@task(EXERCISE, 3)
def task3(share_corroborated):
    value = number(share_corroborated, "`share_corroborated`")
    expected = _share(data.claims())
    if abs(value / 100 - expected) < 0.005:
        raise Wrong("That looks like a percentage; give a fraction between 0 and 1.")
    if not 0 <= value <= 1:
        raise Wrong(f"A share lies between 0 and 1; {value:g} does not.")
    if abs(value - _share(data.claims(kind="fact"))) < 1e-9 and abs(value - expected) > 1e-9:
        raise Wrong("That is the share among facts only; divide by all the claims in the ledger.")
    verdicts = _verdict_counts()
    judged = sum(verdicts.values()) - verdicts["unverifiable"]
    if judged and abs(value - verdicts["corroborated"] / judged) < 1e-9 and abs(value - expected) > 1e-9:
        raise Wrong("You left out the unverifiable claims; they are claims of the article too.")
    if abs(value - expected) > 0.005:
        raise Wrong("Not right: divide the number of corroborated claims by the number of claims.")
    return f"Right: about {expected:.0%} of the article's claims are corroborated."


@task(EXERCISE, 4)
def task4(by_kind):
    given = mapping(by_kind, "`by_kind`")
    expected = _by_kind()
    same_ids([str(k) for k in given], KINDS, "The keys of `by_kind`",
             extra_hint=f"The kinds are {', '.join(KINDS)}.")
    values = {k: number(v, f"The share for {k!r}") for k, v in given.items()}
    size = len(data.claims())
    of_all = {k: sum(c.verdict == "corroborated" for c in data.claims(kind=k)) / size for k in KINDS}
    if all(abs(values[k] - of_all[k]) < 1e-9 for k in KINDS):
        raise Wrong("You divided by all the claims; divide each kind's corroborated claims by the number "
                    "of claims of that kind.")
    if any(values[k] > 1 for k in KINDS):
        raise Wrong("Give fractions between 0 and 1, not percentages.")
    wrong = [k for k in KINDS if abs(values[k] - expected[k]) > 0.005]
    if wrong:
        raise Wrong(f"The share for {wrong[0]!r} is not right.")
    best = max(expected, key=expected.get)
    return f"Right: claims of kind {best!r} are the most often corroborated."


@task(EXERCISE, 5)
def task5(most_cited):
    if not isinstance(most_cited, str):
        raise Wrong(f"`most_cited` should be one reference key (a string), not a "
                    f"{type(most_cited).__name__}.")
    counts = _citations()
    if most_cited not in counts:
        try:
            data.reference(most_cited)
        except Exception:
            raise Wrong(f"{most_cited!r} is not a reference key of the course.") from None
        raise Wrong(f"{most_cited!r} is a reference of the course, but no claim cites it.")
    top = max(counts.values())
    if counts[most_cited] != top:
        raise Wrong(f"{most_cited!r} is cited by {counts[most_cited]} claims; another source is cited by "
                    "more. Count each claim's references, then take the largest count.")
    ref = data.reference(most_cited)
    return f"Right: {ref.short} is cited by {top} claims."

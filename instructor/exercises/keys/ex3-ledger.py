"""Grading key for ex3-ledger: the right answers and the known mistakes. Instructors only."""

from __future__ import annotations

from collections import Counter

from coursekit import data
from coursekit.exercises.keys import Solution
from coursekit.exercises.ledger import KINDS, VERDICTS


def verdict_counts(per_location=False):
    counts = Counter(c.verdict for c in data.claims() for _ in (c.locations if per_location else [0]))
    return {v: counts.get(v, 0) for v in VERDICTS}


def share(claims, of=None):
    claims = list(claims)
    total = len(of if of is not None else claims)
    return sum(c.verdict == "corroborated" for c in claims) / total if total else 0.0


def task1():
    counts = verdict_counts()
    sentences = verdict_counts(per_location=True)
    return Solution(counts, {} if sentences == counts else {
        "You counted sentences (locations), not claims: a claim spanning two sentences counts once.":
            sentences,
    })


def task2():
    return Solution([c.id for c in data.claims(verdict="incorrect")])


def task3():
    claims = data.claims()
    judged = [c for c in claims if c.verdict != "unverifiable"]
    return Solution(share(claims), {
        "That is the share among facts only; divide by all the claims in the ledger.":
            share(data.claims(kind="fact")),
        "You left out the unverifiable claims; they are claims of the article too.": share(judged),
    })


def task4():
    return Solution({k: share(data.claims(kind=k)) for k in KINDS}, {
        "You divided by all the claims; divide each kind's corroborated claims by the number of claims "
        "of that kind.": {k: share(data.claims(kind=k), of=data.claims()) for k in KINDS},
    })


def task5():
    counts = Counter(key for c in data.claims() for key in set(c.refs))
    top = max(counts.values())
    return Solution(sorted(k for k, n in counts.items() if n == top))  # any of them is right

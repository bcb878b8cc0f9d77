"""Grading key for ex5-network: the right answers and the known mistakes. Instructors only."""

from __future__ import annotations

from collections import Counter

from coursekit import data
from coursekit.exercises.keys import Solution
from coursekit.exercises.network import COUNTRY, HUB, UMBRELLA, home_point, line_form
from coursekit.exercises.values import Line


def links():
    return sorted((r for r in data.relations(source=HUB) if data.actor(r.target).country == COUNTRY),
                  key=lambda r: r.id)


def lines(dashed=True):
    return line_form(Line((home_point(r.source), home_point(r.target)),
                          "6 6" if dashed and r.status != "established" else None) for r in links())


def task1():
    return Solution(sorted(r.source for r in data.relations(type="part-of", target=UMBRELLA)))


def task2():
    return Solution([r.id for r in links()])


def task3():
    return Solution(dict(Counter(r.status for r in links())))


def task4():
    return Solution(lines(), {
        "Some links are not established: dash exactly those (`dash_array='6 6'`), so the map shows what "
        "is alleged.": lines(dashed=False),
    })

"""Grading key for ex2-chronology: the right answers and the known mistakes. Instructors only."""

from __future__ import annotations

from collections import Counter

from coursekit import data
from coursekit.exercises.chronology import PERIOD, RECENT, STATUSES
from coursekit.exercises.keys import Solution


def status_counts(events):
    counts = Counter(e.status for e in events)
    return {s: counts.get(s, 0) for s in STATUSES}


def task1():
    return Solution([e.id for e in data.events(between=PERIOD, country="IRQ")])


def task2():
    return Solution(status_counts(data.events()), {
        "These are the counts for Iraq only; this task asks about the whole chronology.":
            status_counts(data.events(country="IRQ")),
        "These are the counts for your task 1 selection; count every event in the chronology.":
            status_counts(data.events(between=PERIOD, country="IRQ")),
    })


def task3():
    return Solution(dict(sorted(Counter(int(e.date[:3]) * 10 for e in data.events()).items())))


def task4():
    recent = data.events(between=(RECENT, "9999"))
    return Solution([e.id for e in recent if e.status != "established"], {
        "Both 'alleged' and 'contested' count as disputed: you kept only the contested ones.":
            [e.id for e in recent if e.status == "contested"],
        "Both 'alleged' and 'contested' count as disputed: you kept only the alleged ones.":
            [e.id for e in recent if e.status == "alleged"],
    })

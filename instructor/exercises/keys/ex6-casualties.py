"""Grading key for ex6-casualties: the right answers and the known mistakes. Instructors only."""

from __future__ import annotations

from collections import defaultdict

from coursekit.exercises.casualties import PROTESTS
from coursekit.exercises.figures import figures
from coursekit.exercises.keys import Solution


def by_event(measure=None):
    out = defaultdict(list)
    for fig in figures(measure=measure):
        out[fig.event].append(fig)
    return dict(out)


def ranges(measure="killed"):
    return {e: (min(f.value for f in fs), max(f.value for f in fs)) for e, fs in by_event(measure).items()}


def task1():
    right = ranges()
    return Solution(right, {
        "Wounded figures are mixed in: take the smallest and largest 'killed' value of each event.":
            {e: r for e, r in ranges(None).items() if e in right},
        "Each pair is the wrong way round: (lowest, highest).":
            {e: (hi, lo) for e, (lo, hi) in right.items()},
    })


def task2():
    ratio = {e: hi / lo for e, (lo, hi) in ranges().items() if lo}
    top = max(ratio.values())
    gaps = {e: hi - lo for e, (lo, hi) in ranges().items()}
    widest_gap = max(gaps, key=gaps.get)
    mistakes = {} if abs(ratio.get(widest_gap, 0) - top) < 1e-9 else {
        "That event has the largest difference (highest minus lowest). Compare ratios (highest divided by "
        "lowest) instead, so that large and small events are comparable.": [widest_gap]}
    return Solution(sorted(e for e, r in ratio.items() if abs(r - top) < 1e-9), mistakes)


def task3():
    out = {}
    for event, found in by_event("killed").items():
        if len(found) < 2:
            continue
        varies = []
        if len({f.group for f in found}) > 1:
            varies.append("group")
        if len({(f.from_, f.to) for f in found}) > 1:
            varies.append("period")
        out[event] = sorted(varies)
    return Solution(out)


def task4():
    groups = defaultdict(set)
    for fig in figures():
        groups[(fig.event, fig.measure, fig.group, fig.from_, fig.to)].add(fig.value)
    return Solution(sorted([k[0], k[1]] for k, values in groups.items() if len(values) > 1))


def task5():
    killed = figures(event=PROTESTS, measure="killed")
    return Solution({f.id: f.value / f.days for f in killed}, {
        "Count both the first and the last day of the period (use the `days` column).":
            {f.id: f.value / max(f.days - 1, 1) for f in killed},
    })

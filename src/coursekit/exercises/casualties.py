"""Checks for exercise 6, *Counting the dead* (chapters 5 and 7): casualty figures across sources.

The figures are in ``figures.yaml`` (see :mod:`coursekit.exercises.figures`). The right answers
live in the grading key; the checks compare with its prints (:mod:`.keys`).
"""

from __future__ import annotations

from .answers import listing, mapping, number
from .feedback import Wrong, task
from .figures import figures
from .keys import Compare

EXERCISE = "ex6-casualties"
PROTESTS = "2019-tishreen-protests"
SCOPE = ("group", "period")


def _killed_events() -> set[str]:
    return {f.event for f in figures(measure="killed")}


@task(EXERCISE, 1, compare=Compare("map"))
def task1(killed_range, expect):
    given = mapping(killed_range, "`killed_range`")
    pairs = {}
    for event, pair in given.items():
        if isinstance(pair, (str, bytes)) or not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise Wrong(f"The value for {event!r} should be a pair (lowest, highest), not {pair!r}.")
        pairs[event] = tuple(number(v, f"A figure for {event!r}") for v in pair)

    def wrong(event):
        if expect.has_entry(event, pairs[event][::-1]):
            return f"For {event!r} the pair is the wrong way round: (lowest, highest)."
        return (f"The range for {event!r} is not right. Take the smallest and largest 'killed' value of that "
                "event.")

    expect(pairs, "`killed_range`", extra="Use only figures whose measure is 'killed'.",
           missing="Include every event that has a 'killed' figure.", wrong=wrong)
    return f"Right: {len(pairs)} events with killed figures."


@task(EXERCISE, 2, compare=Compare("set"))
def task2(widest, expect):
    if not isinstance(widest, str):
        raise Wrong(f"`widest` should be one event id (a string), not a {type(widest).__name__}.")
    if widest not in _killed_events():
        raise Wrong(f"{widest!r} is not an event with killed figures; pick a key of `killed_range`.")
    known = expect.mistake([widest])
    if known:
        raise Wrong(known)
    if not expect.contains(widest):  # the key lists every event tied for the widest spread
        values = [f.value for f in figures(event=widest, measure="killed")]
        spread = f"the highest figure is {max(values) / min(values):.1f} times the lowest" if min(values) \
            else "the lowest figure is zero"
        raise Wrong(f"For {widest!r} {spread}; another event spreads more.")
    return "Right. Now ask whether its figures count the same thing (task 3)."


@task(EXERCISE, 3, compare=Compare("map"))
def task3(scope_varies, expect):
    given = mapping(scope_varies, "`scope_varies`")
    fields = {}
    for event, got in given.items():
        got = [got] if isinstance(got, str) else list(got) if isinstance(got, (list, tuple, set)) else [got]
        bad = [f for f in got if f not in SCOPE]
        if bad:
            raise Wrong(f"{bad[0]!r} is not one of the fields asked about ({', '.join(SCOPE)}).")
        fields[event] = sorted(got)
    expect(fields, "`scope_varies`", missing="Include every event with at least two 'killed' figures.",
           extra="Leave out events with a single 'killed' figure.",
           wrong=lambda e: f"For {e!r}, look again at which of group and period differ between its figures "
           f"(you listed {listing(fields[e]) if fields[e] else 'none'}). An empty list is a possible answer.")
    return "Right. When group or period differ, the figures do not contradict each other: they count "\
        "different things."


@task(EXERCISE, 4, compare=Compare("set"))
def task4(disagree, expect):
    if isinstance(disagree, (str, bytes)) or not isinstance(disagree, (list, tuple, set)):
        raise Wrong("`disagree` should be a list of (event, measure) pairs.")
    pairs = []
    for item in disagree:
        if isinstance(item, (str, bytes)) or not isinstance(item, (list, tuple)) or len(item) != 2:
            raise Wrong(f"{item!r} is not an (event, measure) pair.")
        pairs.append([str(item[0]), str(item[1])])
    expect(pairs, "`disagree`", extra="Their figures differ in group or period (or do not differ at all): "
           "that is not a disagreement between sources.",
           missing="Compare figures with the same event, measure, group and period.")
    return "Right: here the sources really disagree; the explanation lies in how and when each counted."


@task(EXERCISE, 5, compare=Compare("map", rel=0.01))
def task5(per_day, expect):
    given = mapping(per_day, "`per_day`")
    rates = {k: number(v, f"The rate for {k!r}") for k, v in given.items()}
    expect(rates, "`per_day`", extra=f"Use only the 'killed' figures of {PROTESTS!r}.",
           missing=f"Include every 'killed' figure of {PROTESTS!r}, by figure id.",
           wrong=lambda k: f"The rate for {k!r} is not right: divide the figure by the number of days it "
           "covers.")
    fastest = max(rates, key=rates.get)
    return (f"Right: {fastest!r} has the highest rate. Figures over different periods only become "
            "comparable per day.")

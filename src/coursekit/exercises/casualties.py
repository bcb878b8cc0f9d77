"""Checks for exercise 6, *Counting the dead* (chapters 5 and 7): casualty figures across sources.

The figures are in ``figures.yaml`` (see :mod:`coursekit.exercises.figures`).
"""

from __future__ import annotations

from collections import defaultdict

from .answers import listing, mapping, number, same_ids
from .feedback import Wrong, task
from .figures import figures

EXERCISE = "ex6-casualties"
PROTESTS = "2019-tishreen-protests"
SCOPE = ("group", "period")


def _killed() -> dict[str, list]:
    out: dict[str, list] = defaultdict(list)
    for fig in figures(measure="killed"):
        out[fig.event].append(fig)
    return dict(out)


def _range() -> dict[str, tuple[int, int]]:
    return {e: (min(f.value for f in fs), max(f.value for f in fs)) for e, fs in _killed().items()}


def _widest() -> list[str]:
    ratio = {e: hi / lo for e, (lo, hi) in _range().items() if lo}
    top = max(ratio.values())
    return sorted(e for e, r in ratio.items() if abs(r - top) < 1e-9)


def _scope() -> dict[str, list[str]]:
    out = {}
    for event, found in _killed().items():
        if len(found) < 2:
            continue
        varies = []
        if len({f.group for f in found}) > 1:
            varies.append("group")
        if len({(f.from_, f.to) for f in found}) > 1:
            varies.append("period")
        out[event] = varies
    return out


def _disagree() -> set[tuple[str, str]]:
    groups: dict[tuple, set[int]] = defaultdict(set)
    for fig in figures():
        groups[(fig.event, fig.measure, fig.group, fig.from_, fig.to)].add(fig.value)
    return {(k[0], k[1]) for k, values in groups.items() if len(values) > 1}


def _per_day() -> dict[str, float]:
    return {f.id: f.value / f.days for f in figures(event=PROTESTS, measure="killed")}


@task(EXERCISE, 1)
def task1(killed_range):
    given = mapping(killed_range, "`killed_range`")
    expected = _range()
    same_ids([str(k) for k in given], expected, "The keys of `killed_range`",
             extra_hint="Use only figures whose measure is 'killed'.",
             missing_hint="Include every event that has a 'killed' figure.")
    for event, (lo, hi) in expected.items():
        pair = given[event]
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise Wrong(f"The value for {event!r} should be a pair (lowest, highest), not {pair!r}.")
        low, high = (number(v, f"A figure for {event!r}") for v in pair)
        if (low, high) == (lo, hi):
            continue
        if (low, high) == (hi, lo):
            raise Wrong(f"For {event!r} the pair is the wrong way round: (lowest, highest).")
        wounded = {f.value for f in figures(event=event, measure="wounded")}
        extra = " Wounded figures are mixed in." if {low, high} & wounded else ""
        raise Wrong(f"The range for {event!r} is not right.{extra} Take the smallest and largest "
                        "'killed' value of that event.")
    return f"Right: {len(expected)} events with killed figures."


@task(EXERCISE, 2)
def task2(widest):
    if not isinstance(widest, str):
        raise Wrong(f"`widest` should be one event id (a string), not a {type(widest).__name__}.")
    ranges = _range()
    if widest not in ranges:
        raise Wrong(f"{widest!r} is not an event with killed figures; pick a key of `killed_range`.")
    expected = _widest()
    if widest not in expected:
        lo, hi = ranges[widest]
        gaps = {e: h - lo_ for e, (lo_, h) in ranges.items()}
        if gaps[widest] == max(gaps.values()):
            raise Wrong("That event has the largest difference (highest minus lowest). Compare ratios "
                        "(highest divided by lowest) instead, so that large and small events are comparable.")
        raise Wrong(f"For {widest!r} the highest figure is {hi / lo:.1f} times the lowest; another event "
                    "spreads more.")
    return "Right. Now ask whether its figures count the same thing (task 3)."


@task(EXERCISE, 3)
def task3(scope_varies):
    given = mapping(scope_varies, "`scope_varies`")
    expected = _scope()
    same_ids([str(k) for k in given], expected, "The keys of `scope_varies`",
             missing_hint="Include every event with at least two 'killed' figures.",
             extra_hint="Leave out events with a single 'killed' figure.")
    for event, fields in expected.items():
        got = given[event]
        got = [got] if isinstance(got, str) else list(got)
        bad = [f for f in got if f not in SCOPE]
        if bad:
            raise Wrong(f"{bad[0]!r} is not one of the fields asked about ({', '.join(SCOPE)}).")
        if sorted(got) != sorted(fields):
            listed = listing(got) if got else "none"
            raise Wrong(f"For {event!r}, look again at which of group and period differ between its figures "
                        f"(you listed {listed}). An empty list is a possible answer.")
    return "Right. When group or period differ, the figures do not contradict each other: they count "\
        "different things."


@task(EXERCISE, 4)
def task4(disagree):
    if isinstance(disagree, (str, bytes)) or not hasattr(disagree, "__iter__"):
        raise Wrong("`disagree` should be a list of (event, measure) pairs.")
    pairs = []
    for item in disagree:
        if isinstance(item, (str, bytes)) or len(item) != 2:
            raise Wrong(f"{item!r} is not an (event, measure) pair.")
        pairs.append((str(item[0]), str(item[1])))
    expected = _disagree()
    extra = sorted(set(pairs) - expected)
    if extra:
        raise Wrong(f"For {extra[0]}, the figures differ in group or period (or do not differ at all): that "
                    "is not a disagreement between sources.")
    missing = sorted(expected - set(pairs))
    if missing:
        raise Wrong(f"{len(missing)} pair(s) missing. Compare figures with the same event, measure, group "
                    "and period.")
    return "Right: here the sources really disagree; the explanation lies in how and when each counted."


@task(EXERCISE, 5)
def task5(per_day):
    given = mapping(per_day, "`per_day`")
    expected = _per_day()
    same_ids([str(k) for k in given], expected, "The keys of `per_day`",
             extra_hint=f"Use only the 'killed' figures of {PROTESTS!r}.",
             missing_hint=f"Include every 'killed' figure of {PROTESTS!r}, by figure id.")
    for key, rate in expected.items():
        got = number(given[key], f"The rate for {key!r}")
        fig = next(f for f in figures() if f.id == key)
        if abs(got - fig.value / max(fig.days - 1, 1)) < 1e-6 and abs(got - rate) > 1e-6:
            raise Wrong(f"For {key!r} count both the first and the last day of the period (use the `days` "
                        "column).")
        if abs(got - rate) > 0.01 * rate:
            raise Wrong(f"The rate for {key!r} is not right: divide the figure by the number of days it "
                        "covers.")
    fastest = max(expected, key=expected.get)
    return (f"Right: {fastest!r} has the highest rate. Figures over different periods only become "
            "comparable per day.")

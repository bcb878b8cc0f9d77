"""Checks for exercise 2, *Reading the chronology* (chapters 5 and 7)."""

from __future__ import annotations

from collections import Counter

from .. import data
from .answers import ids, mapping, number, same_ids
from .feedback import Wrong, task

EXERCISE = "ex2-chronology"
STATUSES = ("established", "default-judgment", "alleged", "contested")
PERIOD = ("2003", "2011")
RECENT = "2019"


def _iraq_period() -> list[str]:
    return [e.id for e in data.events(between=PERIOD, country="IRQ")]


def _status_counts(events=None) -> dict[str, int]:
    counts = Counter(e.status for e in (events if events is not None else data.events()))
    return {s: counts.get(s, 0) for s in STATUSES}


def _per_decade() -> dict[int, int]:
    return dict(sorted(Counter(int(e.date[:3]) * 10 for e in data.events()).items()))


def _disputed_recent() -> list[str]:
    return [e.id for e in data.events(between=(RECENT, "9999")) if e.status != "established"]


@task(EXERCISE, 1)
def task1(iraq_events):
    given = ids(iraq_events, "`iraq_events`")
    known = {e.id: e for e in data.events()}
    unknown = [i for i in given if i not in known]
    if unknown:
        raise Wrong(f"{unknown[0]!r} is not an event id in the chronology; use the `id` field of the events.")
    late = [i for i in given if known[i].date[:4] > PERIOD[1]]
    early = [i for i in given if known[i].date[:4] < PERIOD[0]]
    if late or early:
        first = (late or early)[0]
        raise Wrong(f"{first!r} is dated {known[first].date}, outside {PERIOD[0]} to {PERIOD[1]}. Filter on "
                    "the period (both ends included).")
    iraq = {e.id for e in data.events(country="IRQ")}
    outside = [i for i in given if i not in iraq]
    if outside:
        raise Wrong(f"{outside[0]!r} took place outside Iraq: none of its places has country 'IRQ'.")
    same_ids(given, _iraq_period(), "`iraq_events`",
             missing_hint=f"Is {PERIOD[1]} itself included? `between` compares date prefixes, so "
             f"('{PERIOD[0]}', '{PERIOD[1]}') covers every day of {PERIOD[1]}.")
    dates = [known[i].date for i in given]
    if dates != sorted(dates):
        raise Wrong("The right events, but not in date order. Keep the order `data.events` returns.")
    return f"{len(given)} events in Iraq from {PERIOD[0]} to {PERIOD[1]}, in date order."


@task(EXERCISE, 2)
def task2(status_counts):
    given = mapping(status_counts, "`status_counts`")
    expected = _status_counts()
    if all(str(k) in STATUSES for k in given):  # a right subset counted? Say which, before asking for zeros
        filled = {s: given.get(s, 0) for s in STATUSES}
        if filled == _status_counts(data.events(country="IRQ")) != expected:
            raise Wrong("These are the counts for Iraq only; this task asks about the whole chronology.")
    same_ids([str(k) for k in given], STATUSES, "The keys of `status_counts`",
             extra_hint=f"The statuses are {', '.join(STATUSES)}.",
             missing_hint="Give a count for each status, even if it is zero.")
    values = {k: number(v, f"The count for {k!r}") for k, v in given.items()}
    if values == _status_counts(data.events(country="IRQ")):
        raise Wrong("These are the counts for Iraq only; this task asks about the whole chronology.")
    if values == _status_counts(data.events(between=PERIOD, country="IRQ")):
        raise Wrong("These are the counts for your task 1 selection; count every event in the chronology.")
    wrong = [s for s in STATUSES if values[s] != expected[s]]
    if wrong:
        total = sum(values.values())
        size = len(data.events())
        scope = f" Your counts add up to {total:g}, but the chronology holds {size} events." \
            if total != size else " The total is right, so some events are counted under the wrong status."
        raise Wrong(f"The count for {wrong[0]!r} is not right.{scope}")
    share = expected["established"] / sum(expected.values())
    return (f"Right: {share:.0%} of the events are established; the rest rest on default judgments, "
            "or are alleged or contested.")


@task(EXERCISE, 3)
def task3(per_decade):
    given = mapping(per_decade, "`per_decade`")
    expected = _per_decade()
    if any(isinstance(k, str) for k in given):
        raise Wrong("Use the first year of each decade as an integer key (for example 1990, not '1990s').")
    keys = [int(number(k, "A key of `per_decade`")) for k in given]
    if any(k % 10 for k in keys):
        raise Wrong(f"{next(k for k in keys if k % 10)} is not the first year of a decade: these look like "
                    "counts per year. Group the years by decade (year // 10 * 10).")
    same_ids([str(k) for k in keys], [str(k) for k in expected], "The decades of `per_decade`",
             missing_hint="Every decade that has events should appear.")
    values = {int(k): number(v, f"The count for {k}") for k, v in given.items()}
    wrong = [k for k in expected if values[k] != expected[k]]
    if wrong:
        raise Wrong(f"The count for the {wrong[0]}s is {values[wrong[0]]:g}, which is not right. Count each "
                    "event once, by the year of its (start) date.")
    busiest = max(expected, key=expected.get)
    return (f"Right. The {busiest}s hold the most events; ask whether that reflects history or the "
            "course's focus.")


@task(EXERCISE, 4)
def task4(disputed_recent):
    given = ids(disputed_recent, "`disputed_recent`")
    known = {e.id: e for e in data.events()}
    unknown = [i for i in given if i not in known]
    if unknown:
        raise Wrong(f"{unknown[0]!r} is not an event id in the chronology.")
    settled = [i for i in given if known[i].status == "established"]
    if settled:
        raise Wrong(f"{settled[0]!r} is established; keep only events whose status is alleged or contested.")
    early = [i for i in given if known[i].date[:4] < RECENT]
    if early:
        raise Wrong(f"{early[0]!r} is dated {known[early[0]].date}, before {RECENT}.")
    same_ids(given, _disputed_recent(), "`disputed_recent`",
             missing_hint="Both 'alleged' and 'contested' count as disputed, in every country.")
    return f"{len(given)} events since {RECENT} are still disputed: who did (or decided) them is not settled."


@task(EXERCISE, 5)
def task5(chart):
    if type(chart).__name__ != "Styler":
        raise Wrong(f"`chart` should be a pandas Styler (what `.style.bar(...)` returns), not a "
                    f"{type(chart).__name__}.")
    frame = chart.data
    numeric = frame.select_dtypes("number")
    if numeric.shape[1] == 0:
        raise Wrong("The styled table has no numeric column to draw bars for.")
    column = numeric.iloc[:, 0]
    expected = _per_decade()
    got = {int(k): float(v) for k, v in column.items() if str(k).lstrip("-").isdigit()}
    if got != {k: float(v) for k, v in expected.items()}:
        raise Wrong("The table is not the count of events per decade from task 3. Build it from "
                    "`per_decade` (a Series, then `.to_frame()`).")
    if not chart._todo:  # noqa: SLF001 - pandas keeps the pending styles here
        raise Wrong("The table is right but has no bars yet: call `.style.bar()` on it.")
    return "A bar chart without matplotlib: the bars are drawn in the table's cells."



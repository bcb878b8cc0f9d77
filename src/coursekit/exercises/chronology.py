"""Checks for exercise 2, *Reading the chronology* (chapters 5 and 7).

The right answers live in the grading key; the checks compare with its prints (:mod:`.keys`).
"""

from __future__ import annotations

from typing import get_args

from .. import data
from ..knowledge.schema import EventStatus
from .answers import ids, mapping, number
from .feedback import Wrong, task
from .keys import Compare
from .values import Styled, type_name

EXERCISE = "ex2-chronology"
STATUSES: tuple[str, ...] = get_args(EventStatus)
PERIOD = ("2003", "2011")
RECENT = "2019"


@task(EXERCISE, 1, compare=Compare("set"))
def task1(iraq_events, expect):
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
    expect(given, "`iraq_events`",
           missing=f"Is {PERIOD[1]} itself included? `between` compares date prefixes, so "
           f"('{PERIOD[0]}', '{PERIOD[1]}') covers every day of {PERIOD[1]}.")
    dates = [known[i].date for i in given]
    if dates != sorted(dates):
        raise Wrong("The right events, but not in date order. Keep the order `data.events` returns.")
    return f"{len(given)} events in Iraq from {PERIOD[0]} to {PERIOD[1]}, in date order."


@task(EXERCISE, 2, compare=Compare("map"))
def task2(status_counts, expect):
    given = mapping(status_counts, "`status_counts`")
    stray = [k for k in given if k not in STATUSES]
    if stray:
        raise Wrong(f"{stray[0]!r} is not a status. The statuses are {', '.join(STATUSES)}.")
    values = {k: number(v, f"The count for {k!r}") for k, v in given.items()}
    total, size = sum(values.values()), len(data.events())
    scope = f" Your counts add up to {total:g}, but the chronology holds {size} events." \
        if total != size else " The total is right, so some events are counted under the wrong status."
    known = expect.mistake({s: values.get(s, 0) for s in STATUSES})  # a subset's counts leave out zeros
    if known and not expect.right(values):
        raise Wrong(known)
    expect(values, "`status_counts`", missing="Give a count for each status, even if it is zero.",
           wrong=lambda k: f"The count for {k!r} is not right.{scope}")
    share = values["established"] / total
    return (f"Right: {share:.0%} of the events are established; the rest rest on default judgments, "
            "or are alleged or contested.")


@task(EXERCISE, 3, compare=Compare("map"))
def task3(per_decade, expect):
    given = mapping(per_decade, "`per_decade`")
    if any(isinstance(k, str) for k in given):
        raise Wrong("Use the first year of each decade as an integer key (for example 1990, not '1990s').")
    keys = [int(number(k, "A key of `per_decade`")) for k in given]
    if any(k % 10 for k in keys):
        raise Wrong(f"{next(k for k in keys if k % 10)} is not the first year of a decade: these look like "
                    "counts per year. Group the years by decade (year // 10 * 10).")
    values = {int(k): number(v, f"The count for {k}") for k, v in given.items()}
    expect(values, "`per_decade`", missing="Every decade that has events should appear.",
           wrong=lambda k: f"The count for the {k}s is {values[k]:g}, which is not right. Count each "
           "event once, by the year of its (start) date.")
    busiest = max(values, key=values.get)
    return (f"Right. The {busiest}s hold the most events; ask whether that reflects history or the "
            "course's focus.")


@task(EXERCISE, 4, compare=Compare("set"))
def task4(disputed_recent, expect):
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
    expect(given, "`disputed_recent`",
           missing="Both 'alleged' and 'contested' count as disputed, in every country.")
    return f"{len(given)} events since {RECENT} are still disputed: who did (or decided) them is not settled."


@task(EXERCISE, 5, compare=None)
def task5(chart, expect):
    if not isinstance(chart, Styled):
        raise Wrong(f"`chart` should be a pandas Styler (what `.style.bar(...)` returns), not a "
                    f"{type_name(chart)}.")
    table = chart.table
    numeric = [name for name, dtype in table.dtypes.items() if dtype.startswith(("int", "float", "uint"))]
    if not numeric:
        raise Wrong("The styled table has no numeric column to draw bars for.")
    column = dict(zip(table.index, table.column(numeric[0]), strict=True))
    got = {int(k): v for k, v in column.items() if str(k).lstrip("-").isdigit()}
    if len(got) != len(column) or not expect.task(3).right(got):
        raise Wrong("The table is not the count of events per decade from task 3. Build it from "
                    "`per_decade` (a Series, then `.to_frame()`).")
    if not chart.styled:
        raise Wrong("The table is right but has no bars yet: call `.style.bar()` on it.")
    return "A bar chart without matplotlib: the bars are drawn in the table's cells."

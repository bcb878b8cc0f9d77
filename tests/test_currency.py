"""The course's currency label: the epilogue says how far the chronology goes and when its sources
were last checked, in one place, and the label agrees with the data.

The label is the epilogue's warning admonition, "Events to <date>; checked <date>". Its first date
must be the latest fully dated event in ``events.yaml``; its second must not precede the first or
lie in the future. No other chapter, data file or chapter notebook for students may carry a check
date of its own ("checked 2 December 2026", "last checked ..."): they refer to the epilogue, so a
re-check changes one line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

EPILOGUE = ROOT / "chapters" / "10-epilogue.ipynb"
EVENTS = ROOT / "src" / "coursekit" / "data" / "events.yaml"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DATE = r"(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})"
LABEL = re.compile(r"^:::\{admonition\} Events to " + DATE + r"; checked " + DATE + r"\s*$",
                   re.MULTILINE)
LABEL_TEXT = re.compile(r"Events to " + DATE + r"; checked " + DATE)  # also in the student form
CHECK_DATE = re.compile(r"\bchecked(?: again)?(?: on)? " + DATE, re.IGNORECASE)


def as_date(day: str, month: str, year: str) -> dt.date:
    return dt.date(int(year), MONTHS.index(month) + 1, int(day))


def markdown_of(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def label() -> tuple[dt.date, dt.date]:
    found = LABEL.findall(markdown_of(EPILOGUE))
    assert len(found) == 1, (f"{EPILOGUE.name}: expected one admonition titled 'Events to <date>; "
                             f"checked <date>', found {len(found)}")
    g = found[0]
    return as_date(*g[:3]), as_date(*g[3:])


def test_the_label_names_the_latest_event_in_the_chronology():
    events_to, _ = label()
    dated = [dt.date.fromisoformat(e["date"]) for e in yaml.safe_load(EVENTS.read_text("utf-8"))
             if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(e["date"]))]
    assert events_to == max(dated), (f"the epilogue says events to {events_to}, the latest event "
                                     f"in events.yaml is {max(dated)}")


def test_the_check_date_is_not_before_the_events_nor_in_the_future():
    events_to, checked = label()
    assert events_to <= checked <= dt.date.today()


def places_that_might_repeat_a_check_date() -> list[Path]:
    data = sorted((ROOT / "src" / "coursekit" / "data").glob("**/*.yaml"))
    chapters = sorted((ROOT / "chapters").glob("*.ipynb"))
    students = sorted((ROOT / "notebooks" / "chapters").glob("*.ipynb"))
    return data + chapters + students


@pytest.mark.parametrize("path", places_that_might_repeat_a_check_date(),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_other_place_keeps_its_own_check_date(path):
    text = markdown_of(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
    if path.name == EPILOGUE.name:  # the label itself, in the chapter or its student copy
        text = LABEL_TEXT.sub("", text, count=1)
    repeats = [" ".join(m.groups()) for m in CHECK_DATE.finditer(text)]
    assert not repeats, (f"{path.relative_to(ROOT)} gives its own check date {repeats}: refer to "
                         f"the epilogue's label instead")


def test_the_rule_catches_a_repeated_check_date():
    assert CHECK_DATE.search("sources end in early July 2026 (last checked 2 December 2026).")
    assert CHECK_DATE.search("Checked again on 2 December 2026, its sources report nothing.")
    assert not CHECK_DATE.search("the check dated at the head of this chapter")

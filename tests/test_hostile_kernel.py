"""The hostile-text corpus in a live kernel: the HTML of every map, quiz (the static view and the
widgets' HTML), chart, table and feedback output holds every payload as text and none as markup.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient

from . import hostile

SETUP = """\
import os
from pathlib import Path
from IPython.display import display
from coursekit import figures, maps, quiz
from coursekit.data import _frame
from coursekit.exercises.feedback import Feedback, task, Wrong
from coursekit.knowledge.loader import load_course
course, problems = load_course(Path({data!r}))
assert problems == [], problems
"""
CELLS = {
    "maps": """\
display(maps.region_map(["IRQ"], places=list(course.places), caption="Places.", course=course))
display(maps.events_map(group_by="attribution", caption="Events.", course=course))
display(maps.network_map("hostile-source", types=["supports"], caption="Relations.", course=course))
display(maps.story_map("hostile-story", caption="Stops.", course=course))
display(maps.story_map("actor-0-a", caption="An actor.", course=course))""",
    "quizzes": """\
for bank in sorted(Path({banks!r}).glob("*.yaml"), key=lambda p: int(p.stem.split("-")[1])):
    shown = quiz.show(bank, save_progress=False)
    for view in shown.widget.views.values():
        view.check()  # nothing chosen: the widget's message
    display(shown)""",
    "charts": """\
display(figures.timeline(by="status", caption="By status.", course=course))
display(figures.timeline(by="country", caption="By country.", course=course))
import pandas as pd
pd.set_option("display.max_colwidth", None)
display(_frame(course.claims)[["claim", "claimant", "correction", "explanation"]])""",
    "feedback": """\
@task("ex0-hostile", 1)
def check(answer):
    raise Wrong(f"{answer} is not right: look again.")
for event in course.events:
    display(Feedback("ex0-hostile", 1, "incorrect", event.summary, 0.0))
    display(check(event.title))""",
}
# a map's own text alternative is a <details> directly under its .ck-map (one per map, checked below)
PLANTED = ("img, iframe, details:not(.ck-map > details.ck-map__alt), object, embed, a[href], [onerror], "
           "[onload], [onmouseover], [ontoggle], svg[onload]")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-kernel")
    data = hostile.write_course(folder / "data")
    hostile.write_banks(data / "quizzes")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP.format(data=str(data)))] + [
        nbformat.v4.new_code_cell(source.replace("{banks!r}", repr(str(data / "quizzes"))))
        for source in CELLS.values()]
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    found = {}
    for name, cell in zip(CELLS, nb.cells[1:], strict=True):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors == [], errors
        found[name] = [o.data["text/html"] for o in cell.outputs if "text/html" in o.get("data", {})]
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    found["widgets"] = [m["state"]["value"] for m in state.values() if m["model_name"] == "HTMLModel"]
    found["widget-text"] = [json.dumps(m["state"]) for m in state.values()]
    return found


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def inert_text(fragment: str) -> str:
    """The text a fragment shows (and the text its JSON data blocks carry), after checking that
    nothing in it is markup or script a payload could have made."""
    soup = BeautifulSoup(fragment, "html.parser")
    assert soup.select(PLANTED) == [], soup.select(PLANTED)[:3]
    assert len(soup.select("details")) <= len(soup.select(".ck-map")), "a payload became a <details>"
    for tag in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in tag.attrs), tag.attrs
        assert "javascript:" not in " ".join(str(v) for v in tag.attrs.values()).lower()
    for style in soup.find_all("style"):  # ours, or pandas' own table style: never a payload's
        assert style.get("data-coursekit-asset") or (".dataframe" in style.string
                                                     and "display" not in style.string), style
    texts = [soup.get_text()]
    for script in soup.find_all("script"):
        if script.get("data-coursekit-asset"):
            continue
        if script.get("type") == "application/json":
            texts += list(_strings(json.loads(script.string)))
            continue
        assert "coursekitMaps.figure" in script.string, script.string[:200]  # the map script only
        for entry in hostile.accepted("everywhere"):
            if any(c in entry.text for c in "{}<>\"'`\\"):
                assert entry.text not in script.string and json.dumps(entry.text)[1:-1] not in script.string
    return "\n".join(texts)


def test_every_map_output_holds_the_payloads_as_text_only(outputs):
    assert len(outputs["maps"]) == 5
    shown = [inert_text(html) for html in outputs["maps"]]
    for entry in hostile.accepted("everywhere"):
        for output in shown[:4]:
            assert entry.text in output, entry.id


def test_every_quiz_output_holds_the_payloads_as_text_only(outputs):
    entries = hostile.accepted("quiz")
    assert len(outputs["quizzes"]) == len(entries)
    for entry, html in zip(entries, outputs["quizzes"], strict=True):
        assert entry.text in inert_text(html), entry.id
    widget_html = "\n".join(inert_text(value) for value in outputs["widgets"])
    for entry in entries:
        assert entry.text in widget_html, entry.id  # prompts, titles, intros and feedback
    assert "Choose an answer first." in widget_html


def pandas_shown(text: str) -> str:
    """How a pandas table shows a text: tabs and line feeds as backslash escapes."""
    return text.replace("\t", "\\t").replace("\n", "\\n")


def test_every_chart_table_and_feedback_output_holds_the_payloads_as_text_only(outputs):
    charts = [inert_text(html) for html in outputs["charts"]]
    feedback = "\n".join(inert_text(html) for html in outputs["feedback"])
    for entry in hostile.accepted("everywhere"):
        assert entry.text in charts[0] + charts[1], entry.id          # mark titles, country rows
        assert pandas_shown(entry.text) in charts[2], entry.id                     # the claims table
        assert entry.text in feedback, entry.id
        assert f"{entry.text} is not right: look again." in feedback, entry.id

"""The student's JupyterLab, in Chromium: every notebook of the student form runs and reads well.

One JupyterLab server (the pinned one, from the environment `make lab` uses, opened on a copy of
notebooks/ as `make lab` opens it) serves every notebook in turn. For each: *Run All Cells*, then
no error or warning output, every widget rendered, every map drawn once scrolled into view, no raw
MyST in the rendered Markdown, and no request to any host but the server. In each chapter one quiz
question is answered and the feedback comes back from the kernel.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from scripts.map_layout import MEASURE, chapter_maps, problems

from .conftest import ROOT
from .env_support import Lab, answer_first_question, run_notebook

pytestmark = pytest.mark.browser
FORM = ROOT / "notebooks"
NOTEBOOKS = sorted(p.relative_to(FORM).as_posix() for p in FORM.rglob("*.ipynb"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    base = tmp_path_factory.mktemp("lab")
    shutil.copytree(FORM, base / "notebooks")  # runs save nothing into the repository
    (base / "home").mkdir()
    server = Lab(Path(sys.executable).parent, base / "notebooks", base / "home").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def figures():
    """The course's maps, built from the chapters' own cells (the student form has the same cells)."""
    return {m.id: m.figure for m in chapter_maps(ROOT)}


@pytest.fixture(scope="module")
def page(browser, lab):
    from .browser_support import PageWatch

    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.watch = PageWatch(tab, lab.origin)
    yield tab
    tab.close()


def test_the_pinned_jupyterlab_and_extensions_serve_the_form(lab):
    from importlib.metadata import version

    lines = (ROOT / "constraints.txt").read_text().splitlines()
    pins = dict(line.split("==") for line in lines if "==" in line)
    for name in ("jupyterlab", "jupyterlab_myst", "jupyterlab_widgets"):
        assert version(name) == pins[name], name


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_the_notebook_runs_and_reads_well_in_jupyterlab(page, lab, path, figures):
    watch = page.watch
    before = (len(watch.third_party), len(watch.console_errors), len(watch.page_errors))
    run = run_notebook(page, lab, path)
    assert run.code_cells > 1 and run.executed == run.code_cells, f"{run.executed} of {run.code_cells} ran"
    assert run.errors == [], run.errors[:3]
    assert run.unrendered_widgets == 0, f"{run.unrendered_widgets} of {run.widgets} widgets not rendered"
    assert run.maps == run.maps_drawn, f"{run.maps_drawn} of {run.maps} maps drawn"
    # each map readable at its initial view, as on the site (see test_maps_layout.py)
    layout = [m for m in page.evaluate(MEASURE) if m["visible"]]
    assert len(layout) == run.maps
    if path.startswith(("chapters/", "back/")):   # the course's own maps: compared with their data
        assert all(m["id"] in figures for m in layout), [m["id"] for m in layout]
    wrong = [f"{m['id']}: {p}" for m in layout for p in problems(m, figures.get(m["id"]))]
    assert wrong == [], wrong[:5]
    assert run.markdown_cells and run.rendered_markdown == run.markdown_cells
    assert run.raw_myst == [], run.raw_myst[:3]
    if path.startswith("chapters/"):
        assert run.maps >= 1 and run.widgets >= 1
        feedback = answer_first_question(page)
        # practice mode: a right answer is explained with its source, a first wrong one nudged
        right = feedback.startswith("Correct.") and "Source:" in feedback
        nudged = feedback.startswith("Not quite.") and "Think again" in feedback and "Source:" not in feedback
        assert right or nudged, feedback
    assert watch.third_party[before[0]:] == [], watch.third_party[before[0]:][:5]
    assert watch.page_errors[before[2]:] == [], watch.page_errors[before[2]:][:3]
    assert watch.console_errors[before[1]:] == [], watch.console_errors[before[1]:][:3]
    print(f"{path}: {run.seconds:.1f} s")


def test_the_checks_see_errors_and_raw_myst(page, lab):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("A role left as source: ``{cite:p}`ostovar2016vanguard` ``"),
        nbformat.v4.new_code_cell("raise ValueError('planted')"),
        nbformat.v4.new_code_cell("1 + 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, lab.root / "planted.ipynb")
    run = run_notebook(page, lab, "planted.ipynb")
    assert any("planted" in e for e in run.errors) and run.executed < run.code_cells
    assert run.raw_myst and "{cite" in run.raw_myst[0]



def _first_radio_focused(page, lab):
    run = run_notebook(page, lab, "chapters/01-about.ipynb")
    assert run.errors == []
    radio = page.locator(".jp-OutputArea-output .widget-radio").first
    radio.scroll_into_view_if_needed()
    radio.locator("input[type=radio]").first.focus()
    return radio


def _focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def test_a_quiz_question_is_answered_with_the_keyboard_alone_in_jupyterlab(page, lab):
    """The kernel quiz in the student's JupyterLab: Tab moves from option to option, Space chooses,
    Tab reaches Check and Enter presses it; after a wrong answer, Tab and Enter on Show answer give the answer
    and the explanation with its source."""
    radio = _first_radio_focused(page, lab)
    question = radio.locator("xpath=..")
    options = radio.locator("input[type=radio]")
    page.keyboard.press("Tab")  # each option is its own tab stop here: Tab to the second one
    page.keyboard.press("Space")
    assert options.nth(1).is_checked() and not options.first.is_checked()
    for _ in range(options.count()):  # on past the remaining options to Check
        page.keyboard.press("Tab")
        if _focused_text(page) == "Check":
            break
    assert _focused_text(page) == "Check"
    page.keyboard.press("Enter")
    feedback = question.locator(".ck-q__feedback")
    feedback.wait_for(timeout=30_000)
    text = feedback.inner_text()
    if text.startswith("Not quite."):
        assert "Think again" in text and "Source:" not in text
        page.keyboard.press("Tab")
        assert _focused_text(page) == "Show answer"
        page.keyboard.press("Enter")
        question.locator(".ck-q__answer").wait_for(timeout=30_000)  # the reply is re-rendered
        text = question.locator(".ck-q__feedback").inner_text()
        assert "The answer:" in text
    assert "Source:" in text, text


def _quiz_on(page, lab, path: str):
    run = run_notebook(page, lab, path)
    assert run.errors == []
    return page.locator(".jp-OutputArea-output .ck-kquiz").first


def _focus_stays(page, control) -> None:
    """The arrow key went to the control: focus is still on it (JupyterLab's command-mode Down
    moves focus to the next cell)."""
    assert control.evaluate("el => el === document.activeElement"), _focused_text(page)


@pytest.fixture(scope="module")
def every_type_quiz(page, lab):
    # chapter 3's quiz has a question of each of the six types
    return _quiz_on(page, lab, "chapters/03-quds-force.ipynb")


@pytest.mark.parametrize("kind", ["single", "true-false"])
def test_the_arrow_keys_choose_among_a_radio_groups_options_in_jupyterlab(page, every_type_quiz, kind):
    question = every_type_quiz.locator(f".ck-kq--{kind}").first
    question.scroll_into_view_if_needed()
    options = question.locator("input[type=radio]")
    options.first.focus()
    page.keyboard.press("Space")
    assert options.first.is_checked()
    page.keyboard.press("ArrowDown")
    assert options.nth(1).is_checked() and not options.first.is_checked()
    _focus_stays(page, options.nth(1))
    page.keyboard.press("ArrowUp")
    assert options.first.is_checked()
    _focus_stays(page, options.first)


@pytest.mark.parametrize("kind", ["matching", "ordering"])
def test_the_arrow_keys_change_a_drop_down_in_jupyterlab(page, every_type_quiz, kind):
    select = every_type_quiz.locator(f".ck-kq--{kind} select").first
    select.scroll_into_view_if_needed()
    select.focus()
    before = select.evaluate("el => el.selectedIndex")
    page.keyboard.press("ArrowDown")
    assert select.evaluate("el => el.selectedIndex") == before + 1
    _focus_stays(page, select)


def test_the_arrow_keys_stay_in_a_check_box_and_a_text_box_in_jupyterlab(page, every_type_quiz):
    box = every_type_quiz.locator(".ck-kq--multiple input[type=checkbox]").first
    box.scroll_into_view_if_needed()
    box.focus()
    page.keyboard.press("ArrowDown")
    _focus_stays(page, box)
    page.keyboard.press("Space")
    assert box.is_checked()
    text = every_type_quiz.locator(".ck-kq--numeric input[type=text], .ck-kq--numeric input").first
    text.scroll_into_view_if_needed()
    text.focus()
    page.keyboard.type("19")
    page.keyboard.press("ArrowLeft")
    page.keyboard.type("8")
    page.keyboard.press("ArrowDown")
    _focus_stays(page, text)
    assert text.input_value() == "189"


def test_other_shortcuts_still_reach_jupyterlab_from_the_quiz(page, every_type_quiz):
    """Only the arrow keys are kept: Escape and Down on a quiz button still work the notebook."""
    button = every_type_quiz.locator("button", has_text="Check").first
    button.scroll_into_view_if_needed()
    button.focus()
    page.keyboard.press("ArrowDown")  # not a form control: JupyterLab moves on to the next cell
    assert not button.evaluate("el => el === document.activeElement")

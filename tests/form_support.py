"""What a notebook of the student form must show after *Run All Cells*, and how a kernel quiz takes
the keyboard: the same checks for every front end a student opens the form in (JupyterLab in
test_lab_browser.py, Jupyter Notebook 7 in test_notebook7_browser.py), so the two cannot drift.

The keyboard checks are those of ``quiz/templates/arrow-keys.js.j2``: unmodified arrow keys pressed
in a quiz's form control stay in the quiz (the notebook's command-mode shortcuts would otherwise
move the cell selection), every other key still reaches the notebook.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from scripts.map_layout import MEASURE, chapter_maps, problems

from .conftest import ROOT
from .env_support import Lab, Run, answer_first_question, run_notebook

FORM = ROOT / "notebooks"
EVERY_TYPE = "chapters/03-quds-force.ipynb"  # its quiz has a question of each of the six types


@contextlib.contextmanager
def form_server(base: Path, app: Literal["lab", "notebook"]) -> Iterator[Lab]:
    """``jupyter lab`` or ``jupyter notebook`` from this environment (the one `make lab` makes) on a
    copy of notebooks/ under ``base``, so that runs save nothing into the repository."""
    shutil.copytree(FORM, base / "notebooks")
    (base / "home").mkdir()
    server = Lab(Path(sys.executable).parent, base / "notebooks", base / "home", app=app).start()
    try:
        yield server
    finally:
        server.stop()


def watched_page(browser, origin: str):
    """A Chromium tab of the size a student's laptop shows, with a :class:`PageWatch` as ``.watch``."""
    from .browser_support import PageWatch

    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.watch = PageWatch(tab, origin)
    return tab


def course_figures() -> dict:
    """The course's maps by element id, built from the chapters' own cells (the student form has
    the same cells)."""
    return {m.id: m.figure for m in chapter_maps(ROOT)}


def check_run(page, run: Run, path: str, figures: dict) -> None:
    """Every cell ran without error output, every widget rendered, every map drawn and readable at
    its initial view, no raw MyST; in a chapter, a quiz question answered with the kernel's feedback."""
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


def first_radio_focused(page, lab: Lab):
    run = run_notebook(page, lab, "chapters/01-about.ipynb")
    assert run.errors == []
    radio = page.locator(".jp-OutputArea-output .widget-radio").first
    radio.scroll_into_view_if_needed()
    radio.locator("input[type=radio]").first.focus()
    return radio


def focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def focus_stays(page, control) -> None:
    """The arrow key went to the control: focus is still on it (the notebook's command-mode Down
    moves focus to the next cell)."""
    assert control.evaluate("el => el === document.activeElement"), focused_text(page)


class QuizKeyboard:
    """The keyboard in a kernel quiz. A front end's test module subclasses it as ``Test…`` and
    provides the ``page`` and ``lab`` fixtures (a :class:`Lab` serving the form)."""

    @pytest.fixture(scope="class")
    @classmethod
    def every_type_quiz(cls, page, lab):
        run = run_notebook(page, lab, EVERY_TYPE)
        assert run.errors == []
        return page.locator(".jp-OutputArea-output .ck-kquiz").first

    def test_a_quiz_question_is_answered_with_the_keyboard_alone(self, page, lab):
        """Tab moves from option to option, Space chooses, Tab reaches Check and Enter presses it;
        after a wrong answer, Tab and Enter on Show answer give the answer and the explanation with
        its source."""
        radio = first_radio_focused(page, lab)
        question = radio.locator("xpath=..")
        options = radio.locator("input[type=radio]")
        page.keyboard.press("Tab")  # each option is its own tab stop here: Tab to the second one
        page.keyboard.press("Space")
        assert options.nth(1).is_checked() and not options.first.is_checked()
        for _ in range(options.count()):  # on past the remaining options to Check
            page.keyboard.press("Tab")
            if focused_text(page) == "Check":
                break
        assert focused_text(page) == "Check"
        page.keyboard.press("Enter")
        feedback = question.locator(".ck-q__feedback")
        feedback.wait_for(timeout=30_000)
        text = feedback.inner_text()
        if text.startswith("Not quite."):
            assert "Think again" in text and "Source:" not in text
            page.keyboard.press("Tab")
            assert focused_text(page) == "Show answer"
            page.keyboard.press("Enter")
            question.locator(".ck-q__answer").wait_for(timeout=30_000)  # the reply is re-rendered
            text = question.locator(".ck-q__feedback").inner_text()
            assert "The answer:" in text
        assert "Source:" in text, text

    @pytest.mark.parametrize("kind", ["single", "true-false"])
    def test_the_arrow_keys_choose_among_a_radio_groups_options(self, page, every_type_quiz, kind):
        question = every_type_quiz.locator(f".ck-kq--{kind}").first
        question.scroll_into_view_if_needed()
        options = question.locator("input[type=radio]")
        options.first.focus()
        page.keyboard.press("Space")
        assert options.first.is_checked()
        page.keyboard.press("ArrowDown")
        assert options.nth(1).is_checked() and not options.first.is_checked()
        focus_stays(page, options.nth(1))
        page.keyboard.press("ArrowUp")
        assert options.first.is_checked()
        focus_stays(page, options.first)

    @pytest.mark.parametrize("kind", ["matching", "ordering"])
    def test_the_arrow_keys_change_a_drop_down(self, page, every_type_quiz, kind):
        select = every_type_quiz.locator(f".ck-kq--{kind} select").first
        select.scroll_into_view_if_needed()
        select.focus()
        before = select.evaluate("el => el.selectedIndex")
        page.keyboard.press("ArrowDown")
        assert select.evaluate("el => el.selectedIndex") == before + 1
        focus_stays(page, select)

    def test_the_arrow_keys_stay_in_a_check_box_and_a_text_box(self, page, every_type_quiz):
        box = every_type_quiz.locator(".ck-kq--multiple input[type=checkbox]").first
        box.scroll_into_view_if_needed()
        box.focus()
        page.keyboard.press("ArrowDown")
        focus_stays(page, box)
        page.keyboard.press("Space")
        assert box.is_checked()
        text = every_type_quiz.locator(".ck-kq--numeric input[type=text], .ck-kq--numeric input").first
        text.scroll_into_view_if_needed()
        text.focus()
        page.keyboard.type("19")
        page.keyboard.press("ArrowLeft")
        page.keyboard.type("8")
        page.keyboard.press("ArrowDown")
        focus_stays(page, text)
        assert text.input_value() == "189"

    def test_other_shortcuts_still_reach_the_notebook_from_the_quiz(self, page, every_type_quiz):
        """Only the arrow keys in form controls are kept: Down on a quiz button still moves the
        notebook on to the next cell."""
        button = every_type_quiz.locator("button", has_text="Check").first
        button.scroll_into_view_if_needed()
        button.focus()
        page.keyboard.press("ArrowDown")  # not a form control: the notebook moves on to the next cell
        assert not button.evaluate("el => el === document.activeElement")

    def test_a_shortcut_with_a_modifier_still_reaches_the_notebook_from_a_quiz_control(
            self, page, lab, every_type_quiz):
        """Ctrl+S pressed on a quiz's radio button saves the notebook: only the bare arrow keys are
        kept. (Not in a text box: ipywidgets' text views keep every key to themselves, and
        JupyterLab, which looks at keys as they bubble up, never sees those.)"""
        radio = every_type_quiz.locator(".ck-kq--single input[type=radio]").first
        radio.scroll_into_view_if_needed()
        radio.focus()
        saved = lab.last_modified(EVERY_TYPE)
        page.keyboard.press("Control+S")
        deadline = 20_000
        while lab.last_modified(EVERY_TYPE) == saved and deadline > 0:
            page.wait_for_timeout(250)
            deadline -= 250
        assert lab.last_modified(EVERY_TYPE) != saved, "Ctrl+S in the quiz did not save the notebook"

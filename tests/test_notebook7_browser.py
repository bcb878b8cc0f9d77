"""The student form in Jupyter Notebook 7 (`jupyter notebook`), in Chromium: a downloaded notebook is
often opened there rather than in JupyterLab.

One Notebook 7 server (the pinned one, from the environment `make lab` makes, on a copy of
notebooks/) serves each notebook in turn, one notebook a page as Notebook 7 opens it. The checks are
JupyterLab's (tests/form_support.py): *Run All Cells*, no error output, every widget rendered, every
map drawn once scrolled into view, no raw MyST, a quiz question answered with the kernel's feedback,
no request to any host but the server; then the keyboard in a quiz of every question type.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from . import form_support as form
from .conftest import ROOT
from .env_support import Lab, run_notebook

pytestmark = pytest.mark.browser
# chapter 1: a map and a single-choice quiz; chapter 3: two maps, a table, a quiz of every type;
# an exercise: its checks and hints
NOTEBOOKS = ["chapters/01-about.ipynb", form.EVERY_TYPE, "exercises/ex1-reach.ipynb"]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):  # the harness (tests/env_support.py) running `jupyter notebook`
    with form.form_server(tmp_path_factory.mktemp("notebook7"), "notebook") as server:
        yield server


@pytest.fixture(scope="module")
def page(browser, lab):
    tab = form.watched_page(browser, lab.origin)
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def figures():
    return form.course_figures()


@pytest.fixture(scope="module")
def own_errors(browser, lab) -> set[str]:
    """What Notebook 7 throws in a page by itself, on its file list with no notebook open (7.6.5's
    keyboard-shortcut settings plugin throws one TypeError at start): a course page may throw no
    other."""
    tab = form.watched_page(browser, lab.origin)
    tab.goto(f"{lab.origin}/tree?token={lab.token}")
    tab.locator(".jp-DirListing-item", has_text="chapters").wait_for(timeout=60_000)
    tab.wait_for_timeout(2000)
    errors = set(tab.watch.page_errors)
    tab.close()
    return errors


def test_the_pinned_notebook_7_serves_the_form(lab, page):
    from importlib.metadata import version

    lines = (ROOT / "constraints.txt").read_text().splitlines()
    pins = dict(line.split("==") for line in lines if "==" in line)
    assert version("notebook") == pins["notebook"]
    page.goto(lab.url("chapters/01-about.ipynb"))
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    # the page is Notebook 7's own one-notebook shell, not JupyterLab's
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    assert (config["appName"], config["appVersion"]) == ("Jupyter Notebook", pins["notebook"])
    assert config["notebookPage"] == "notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_the_notebook_runs_and_reads_well_in_notebook_7(page, lab, path, figures, own_errors):
    watch = page.watch
    before = (len(watch.third_party), len(watch.console_errors), len(watch.page_errors))
    run = run_notebook(page, lab, path)
    form.check_run(page, run, path, figures)
    assert watch.third_party[before[0]:] == [], watch.third_party[before[0]:][:5]
    thrown = [e for e in watch.page_errors[before[2]:] if e not in own_errors]
    assert thrown == [], thrown[:3]
    assert watch.console_errors[before[1]:] == [], watch.console_errors[before[1]:][:3]
    print(f"{path}: {run.seconds:.1f} s")


class TestTheQuizKeyboardInNotebook7(form.QuizKeyboard):
    """Tab, Space, Enter and the arrow keys in a kernel quiz in Notebook 7."""


def test_a_downloaded_notebook_in_a_fresh_notebook_7_says_to_reload_then_works(browser, tmp_path,
                                                                             monkeypatch):
    """A student's own Notebook 7 (pinned, with a kernel and nothing else) opens a downloaded
    chapter: Run All installs the course from the first cell, but the page was loaded before the
    quiz widgets' front end existed, so the quiz shows its static form. That form says to reload;
    after a reload and Run All the kernel quiz works."""
    import nbformat

    from coursekit.student.install import install_source
    from coursekit.student.settings import Settings

    from .env_support import answer_first_question, fresh_venv, pip, runtime_python

    wheels = tmp_path / "wheels"
    built = pip(Path(sys.executable).parent, "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                "-w", str(wheels), str(ROOT))
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(wheels.glob("guards_beyond_borders-*.whl"))
    bin_dir = fresh_venv(runtime_python(), tmp_path / "env")
    constraints = str(ROOT / "constraints.txt")
    got = pip(bin_dir, "install", "--quiet", "-c", constraints, "notebook", "ipykernel")
    assert got.returncode == 0, got.stderr[-3000:]
    assert "ipywidgets" not in pip(bin_dir, "freeze").stdout.lower()
    monkeypatch.setenv("PIP_CONSTRAINT", constraints)  # the first cell installs the pinned versions
    (tmp_path / "downloads").mkdir()
    (tmp_path / "home").mkdir()
    nb = nbformat.read(form.FORM / "chapters" / "01-about.ipynb", as_version=4)
    nb.cells[0].source = install_source(Settings("https://example.invalid"), url=wheel.as_uri())
    nbformat.write(nb, tmp_path / "downloads" / "01-about.ipynb")
    server = Lab(bin_dir, tmp_path / "downloads", tmp_path / "home", app="notebook").start()
    try:
        page = form.watched_page(browser, server.origin)
        first = run_notebook(page, server, "01-about.ipynb", timeout=600_000)
        assert first.executed == first.code_cells and first.errors == [], first.errors[:3]
        assert first.widgets == 0  # the widget front end was installed after the page loaded
        note = page.locator(".jp-OutputArea-output .ck-quiz__needs-js").first.inner_text()
        assert "reload the page" in note, note
        page.reload()
        again = run_notebook(page, server, "01-about.ipynb", timeout=600_000)
        assert again.errors == [] and again.widgets >= 1 and again.unrendered_widgets == 0, again
        assert again.maps == again.maps_drawn == 1
        assert answer_first_question(page).startswith(("Correct.", "Not quite."))
        assert page.watch.third_party == []
        page.close()
    finally:
        server.stop()

"""The student's JupyterLab, in Chromium: every notebook of the student form runs and reads well.

One JupyterLab server (the pinned one, from the environment `make lab` uses, opened on a copy of
notebooks/ as `make lab` opens it) serves every notebook in turn. For each: *Run All Cells*, then
no error or warning output, every widget rendered, every map drawn once scrolled into view, no raw
MyST in the rendered Markdown, and no request to any host but the server. In each chapter one quiz
question is answered and the feedback comes back from the kernel.
"""

from __future__ import annotations

import pytest

from . import form_support as form
from .conftest import ROOT
from .env_support import run_notebook

pytestmark = pytest.mark.browser
NOTEBOOKS = sorted(p.relative_to(form.FORM).as_posix() for p in form.FORM.rglob("*.ipynb"))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with form.form_server(tmp_path_factory.mktemp("lab"), "lab") as server:
        yield server


@pytest.fixture(scope="module")
def figures():
    return form.course_figures()


@pytest.fixture(scope="module")
def page(browser, lab):
    tab = form.watched_page(browser, lab.origin)
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
    form.check_run(page, run, path, figures)
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



class TestTheQuizKeyboardInJupyterLab(form.QuizKeyboard):
    """Tab, Space, Enter and the arrow keys in a kernel quiz in JupyterLab."""

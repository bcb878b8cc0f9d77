"""The notebooks run: instructor versions pass every check, student versions say "not done yet".

nbval (``make nbval``) runs the same notebooks cell by cell; this test also reads the check results.
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from coursekit.exercises import EXERCISES, check_module
from coursekit.exercises.feedback import MIME, tasks_of
from coursekit.student.install import is_install_cell

from .conftest import ROOT

ANATOMY = ["task", "starter", "check", "hint"]


def _results(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb, [out["metadata"][MIME] for cell in nb.cells for out in cell.get("outputs", [])
                if MIME in out.get("metadata", {})]


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_instructor_version_passes_every_check(exercise):
    _, results = _results(ROOT / "instructor" / "exercises" / f"{exercise}.ipynb")
    tasks = len(tasks_of(check_module(exercise)))
    assert [(r["task"], r["status"]) for r in results] == [(n, "correct") for n in range(1, tasks + 1)], \
        [r["message"] for r in results if r["status"] != "correct"]


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_student_version_runs_and_every_check_says_not_done(exercise):
    nb, results = _results(ROOT / "exercises" / f"{exercise}.ipynb")
    tasks = len(tasks_of(check_module(exercise)))
    assert [(r["task"], r["status"], r["score"]) for r in results] == \
        [(n, "not-done", 0) for n in range(1, tasks + 1)]
    assert nb.metadata["coursekit"]["exercise"] == exercise


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_every_task_has_the_same_anatomy(exercise):
    nb = nbformat.read(ROOT / "exercises" / f"{exercise}.ipynb", as_version=4)
    assert is_install_cell(nb.cells[0])  # then the anatomy, as in FORMAT.md
    nb.cells = nb.cells[1:]
    tags = [c.metadata.get("tags", [""])[0] for c in nb.cells]
    assert tags[1] == "setup" and nb.metadata["coursekit"]["chapter"]
    tasks = len(tasks_of(check_module(exercise)))
    assert tags[2:2 + 4 * tasks] == ANATOMY * tasks
    for n in range(tasks):
        task, _, check, hint = nb.cells[2 + 4 * n:6 + 4 * n]
        assert task.source.startswith(f"## Task {n + 1}: ")
        assert "**Objective.**" in task.source and "**Instructions.**" in task.source
        variables = ", ".join(tasks_of(check_module(exercise))[n].variables)
        assert check.source == f"check.task{n + 1}({variables})"
        assert hint.source.startswith("<details>\n<summary>Hint</summary>")

"""Grading: one row per file handed in, right scores and reasons, within the time limit."""

from __future__ import annotations

import csv
import subprocess
import sys
import time

import pytest

from coursekit.exercises.grade import grade, identify

from .conftest import DATA, ROOT, materialize

CASES = DATA / "exercises" / "grading"
TIMEOUT = 10  # seconds per submission: the endless loop in the six-case folder must hit it


def _expected(case):
    with (case / "expected.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _check_rows(gradebook, expected):
    with gradebook.open(encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == sorted(e["student"] for e in expected)
    for want in expected:
        row = rows[want["student"]]
        got = [row[f"task{i}"] for i in range(1, 6)] + [row["total"]]
        assert got == [want[f"task{i}"] for i in range(1, 6)] + [want["total"]], (want["student"], row)
        assert row["exercise"] == "ex3-ledger" and row["max"] == "5"
        if want["notes"]:
            assert want["notes"] in row["notes"], (want["student"], row["notes"])
        else:
            assert row["notes"] == "", (want["student"], row["notes"])


@pytest.fixture(scope="module")
def six_cases(tmp_path_factory):
    """Grade the issue's six cases once (about 30 s): correct, wrong, endless loop, raises, corrupt, empty."""
    folder = materialize(CASES / "six-cases" / "submissions", tmp_path_factory.mktemp("six") / "submissions")
    out = folder.parent / "gradebook.csv"
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "coursekit.exercises.cli", "grade", str(folder),
                             "--out", str(out), "--timeout", str(TIMEOUT)], cwd=ROOT, capture_output=True,
                            text=True, timeout=180)
    return result, out, time.monotonic() - start


def test_grading_six_cases_gives_six_rows_with_scores_and_reasons(six_cases):
    result, out, _ = six_cases
    assert result.returncode == 0, result.stderr
    _check_rows(out, _expected(CASES / "six-cases"))
    assert "graded 6 submission(s)" in result.stdout


def test_grading_stays_within_the_time_limit_and_shows_progress(six_cases):
    result, _, elapsed = six_cases
    # six kernels start (a few seconds each) and one submission uses its whole time limit
    assert elapsed < 6 * 8 + TIMEOUT
    assert "[########################] 6/6 done" in result.stderr


def test_a_notebook_from_another_exercise_and_a_non_notebook_get_rows_with_reasons(tmp_path):
    folder = materialize(CASES / "other-exercise" / "submissions", tmp_path / "submissions")
    out = tmp_path / "gradebook.csv"
    rows = grade(folder, out, timeout=TIMEOUT, progress=False)
    assert len(rows) == 2
    _check_rows(out, _expected(CASES / "other-exercise"))


@pytest.mark.parametrize(("path", "expected"), [
    ("ada/ex3-ledger.ipynb", ("ada", "ex3-ledger")),
    ("ada__ex1-reach.ipynb", ("ada", "ex1-reach")),
    ("ada/ex1-reach (1).ipynb", ("ada", None)),
    ("ada.ipynb", ("ada", None)),
])
def test_student_and_exercise_come_from_the_path(path, expected, tmp_path):
    assert identify(tmp_path, tmp_path / path) == expected


def test_grading_a_missing_folder_is_one_clear_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "coursekit.exercises.cli", "grade",
                             str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert result.returncode == 1 and "no such folder" in result.stderr
    assert "Traceback" not in result.stderr

"""Grading: one row per file handed in, right scores and reasons, within the time limit; a class at a time."""

from __future__ import annotations

import csv
import subprocess
import sys
import time

import pytest

from coursekit.exercises.grade import identify
from coursekit.exercises.gradebook import GradeError, grade

from .conftest import DATA, ROOT, materialize
from .test_exercises_sandbox import survivors

CASES = DATA / "exercises" / "grading"
KEYS = ROOT / "instructor" / "exercises" / "keys"
TIMEOUT = 30  # seconds per submission: the endless loop in the six-case folder must hit it; the others,
# on a busy machine, must not


def _expected(case):
    with (case / "expected.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _rows(gradebook):
    with gradebook.open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def _check_rows(gradebook, expected):
    rows = {row["student"]: row for row in _rows(gradebook).values()}
    assert sorted(rows) == sorted(e["student"] for e in expected)
    for want in expected:
        row = rows[want["student"]]
        got = [row[f"task{i}"] for i in range(1, 6)] + [row["total"]]
        want_scores = [want[f"task{i}"] for i in range(1, 6)] + [want["total"]]
        assert got == want_scores, (want["student"], row["notes"])
        assert row["exercise"] == "ex3-ledger" and row["max"] == "5"
        if want["notes"]:
            assert want["notes"] in row["notes"], (want["student"], row["notes"])
        else:
            assert row["notes"] == "", (want["student"], row["notes"])


def _cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "coursekit.exercises.cli", "grade", *map(str, args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def six_cases(tmp_path_factory):
    """Grade the six cases once, two at a time: correct, wrong, endless loop, raises, corrupt, empty."""
    folder = materialize(CASES / "six-cases" / "submissions", tmp_path_factory.mktemp("six") / "submissions")
    out = folder.parent / "gradebook.csv"
    start = time.monotonic()
    result = _cli(folder, "--out", out, "--timeout", TIMEOUT, "--jobs", 2)
    return result, out, time.monotonic() - start


def test_grading_six_cases_gives_six_rows_with_scores_and_reasons(six_cases):
    result, out, _ = six_cases
    assert result.returncode == 0, result.stderr
    _check_rows(out, _expected(CASES / "six-cases"))
    assert "graded 4, failed 2, skipped 0 submission(s)" in result.stdout


def test_grading_stays_within_the_time_limit_and_shows_progress(six_cases):
    result, _, elapsed = six_cases
    # six sandboxed kernels start (a few seconds each) and one submission uses its whole time limit
    assert elapsed < 6 * 15 + TIMEOUT
    assert "[########################] 6/6 done" in result.stderr
    assert "graded 1, failed 0 ·" in result.stderr or "graded 0, failed 1 ·" in result.stderr


def test_a_wrong_answer_gets_the_checks_specific_message_in_the_notes(six_cases):
    _, out, _ = six_cases
    notes = _rows(out)["ben/ex3-ledger.ipynb"]["notes"]
    assert "task 2: 'quds-force-support-yemen-houthis' is judged 'contested', not 'incorrect'" in notes
    assert "task 3: That looks like a percentage" in notes


def test_a_notebook_from_another_exercise_and_a_non_notebook_get_rows_with_reasons(tmp_path):
    folder = materialize(CASES / "other-exercise" / "submissions", tmp_path / "submissions")
    out = tmp_path / "gradebook.csv"
    summary = grade(folder, out, keys_folder=KEYS, timeout=TIMEOUT, progress=False)
    assert (len(summary.rows), summary.failed) == (2, 2)
    _check_rows(out, _expected(CASES / "other-exercise"))


def test_an_interrupted_run_keeps_its_rows_and_resume_grades_only_the_rest(tmp_path):
    folder = materialize(CASES / "six-cases" / "submissions", tmp_path / "submissions")
    for name in ("cy", "dee"):  # the slow ones: not needed here
        (folder / name / "ex3-ledger.ipynb").unlink()
    out = tmp_path / "gradebook.csv"
    first = grade(folder, out, keys_folder=KEYS, timeout=TIMEOUT, progress=False)
    done = _rows(out)
    assert first.graded + first.failed == 4
    # as if interrupted after three rows: the fourth row is lost, the others are kept
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:4]), encoding="utf-8")
    seen = []
    second = grade(folder, out, keys_folder=KEYS, timeout=TIMEOUT, progress=False, resume=True,
                   on_row=lambda row: seen.append(row.file))
    assert (second.skipped, len(seen)) == (3, 1)
    assert _rows(out) == done
    assert list(_rows(out)) == sorted(done)


def test_ctrl_c_keeps_every_finished_row_and_stops_every_sandbox(tmp_path):
    import signal

    folder = materialize(CASES / "six-cases" / "submissions", tmp_path / "submissions")
    for name in ("cy", "eve"):  # the endless loop is not needed here
        (folder / name / "ex3-ledger.ipynb").unlink()
    out = tmp_path / "gradebook.csv"
    grader = subprocess.Popen([sys.executable, "-m", "coursekit.exercises.cli", "grade", str(folder), "--out",
                               str(out), "--timeout", str(TIMEOUT), "--quiet"], cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # a terminal's
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or len(_rows(out)) < 1):
        time.sleep(0.5)
    grader.send_signal(signal.SIGINT)
    stdout, stderr = grader.communicate(timeout=60)
    kept = _rows(out)
    assert grader.returncode == 130 and "interrupted: graded" in stdout, (stdout, stderr)
    assert "--resume" in stderr and "Traceback" not in stderr
    assert 1 <= len(kept) < 4
    time.sleep(5)
    assert survivors(folder) == []
    resumed = _cli(folder, "--out", out, "--timeout", TIMEOUT, "--resume", "--quiet", "--jobs", 2)
    assert f"skipped {len(kept)} submission(s)" in resumed.stdout, resumed.stderr
    rows = _rows(out)
    assert len(rows) == 4 and all(rows[name] == row for name, row in kept.items())


def test_the_cli_prints_the_summary_and_resume_skips_finished_rows(tmp_path):
    folder = materialize(CASES / "other-exercise" / "submissions", tmp_path / "submissions")
    (folder / "=SUM(1)").mkdir()
    (folder / "=SUM(1)" / "notes.txt").write_text("a folder named like a formula\n")
    out = tmp_path / "book.csv"
    assert "graded 0, failed 3, skipped 0 submission(s)" in _cli(folder, "--out", out, "--quiet").stdout
    assert "'=SUM(1)/notes.txt" in _rows(out)
    again = _cli(folder, "--out", out, "--resume", "--quiet")
    assert "graded 0, failed 0, skipped 3 submission(s)" in again.stdout, again.stderr


@pytest.mark.parametrize(("path", "expected"), [
    ("ada/ex3-ledger.ipynb", ("ada", "ex3-ledger")),
    ("ada__ex1-reach.ipynb", ("ada", "ex1-reach")),
    ("ada/ex1-reach (1).ipynb", ("ada", None)),
    ("ada.ipynb", ("ada", None)),
])
def test_student_and_exercise_come_from_the_path(path, expected, tmp_path):
    assert identify(tmp_path, tmp_path / path) == expected


@pytest.mark.parametrize(("args", "message"), [
    ("{tmp}/nowhere --out {tmp}/book.csv", "no such folder"),
    ("{empty} --out {tmp}", "is a folder"),
    ("{empty} --out {empty}/book.csv", "inside the submissions folder"),
    ("{empty} --out {tmp}/book.csv", "no submissions in"),
    ("{empty} --out {tmp}/book.csv --keys {tmp}/no-keys", "no grading keys in"),
    ("{empty} --jobs 0", "must be more than 0"),
])
def test_a_run_that_cannot_start_is_one_clear_line(args, message, tmp_path):
    (tmp_path / "empty").mkdir()
    result = _cli(*args.format(tmp=tmp_path, empty=tmp_path / "empty").split())
    assert result.returncode in (1, 2) and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "book.csv").exists()


def test_grading_refuses_untrusted_notebooks_without_a_sandbox_and_trusted_runs_without_one(tmp_path,
                                                                                           monkeypatch):
    from coursekit.exercises import gradebook

    monkeypatch.setattr(gradebook, "unavailable", lambda: "bubblewrap (bwrap) is not installed: install it")
    folder = materialize(CASES / "six-cases" / "submissions" / "ada", tmp_path / "submissions" / "ada")
    with pytest.raises(GradeError, match="cannot grade untrusted notebooks: bubblewrap"):
        grade(folder.parent, tmp_path / "book.csv", keys_folder=KEYS, progress=False)
    assert not (tmp_path / "book.csv").exists()
    summary = grade(folder.parent, tmp_path / "book.csv", keys_folder=KEYS, progress=False, trusted=True)
    assert summary.graded == 1 and summary.rows[0].total == 5


def _first_wrong_case(exercise):
    import yaml

    cases = yaml.safe_load((DATA / "exercises" / "checks" / "cases.yaml").read_text(encoding="utf-8"))
    return next(c for c in cases if (c["exercise"], c["task"], c["status"]) == (exercise, 1, "incorrect"))


@pytest.fixture(scope="module")
def every_exercise(tmp_path_factory):
    """Each instructor notebook handed in as is (right) and with task 1's answer replaced by a mistake."""
    import nbformat

    from coursekit.exercises import EXERCISES, check_module
    from coursekit.exercises.feedback import tasks_of

    folder = tmp_path_factory.mktemp("every") / "submissions"
    wrong = {}
    for exercise in sorted(EXERCISES):
        source = ROOT / "instructor" / "exercises" / f"{exercise}.ipynb"
        (folder / "right").mkdir(parents=True, exist_ok=True)
        (folder / "right" / source.name).write_bytes(source.read_bytes())
        case = _first_wrong_case(exercise)
        name = tasks_of(check_module(exercise))[0].variables[0]
        nb = nbformat.read(source, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(
            "from coursekit import data\nfrom coursekit.exercises.figures import figures\n"
            f"{name} = {case['answer']}"))
        (folder / "wrong").mkdir(exist_ok=True)
        nbformat.write(nb, folder / "wrong" / source.name)
        wrong[exercise] = case["says"]
    out = folder.parent / "gradebook.csv"
    summary = grade(folder, out, keys_folder=KEYS, timeout=60, jobs=2, progress=False)
    return summary, _rows(out), wrong


def test_a_right_solution_of_every_exercise_gets_full_marks(every_exercise):
    summary, rows, wrong = every_exercise
    assert summary.graded == 2 * len(wrong)
    for exercise in wrong:
        row = rows[f"right/{exercise}.ipynb"]
        assert (row["total"], row["notes"]) == (row["max"], ""), row


def test_a_wrong_answer_of_every_exercise_gets_the_specific_message(every_exercise):
    _, rows, wrong = every_exercise
    for exercise, says in wrong.items():
        row = rows[f"wrong/{exercise}.ipynb"]
        assert row["task1"] == "0" and float(row["total"]) == float(row["max"]) - 1, row
        assert "task 1: " in row["notes"] and says in row["notes"], row["notes"]

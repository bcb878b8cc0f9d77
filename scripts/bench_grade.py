"""Grading benchmark, called by scripts/bench.py (or run alone: python scripts/bench_grade.py).

A generated class of 60 submissions, ten per exercise: a third right (the instructor version), a
third blank (the student version) and a third with one known mistake. ``coursekit grade`` grades it
with ``--jobs 1`` and ``--jobs 2`` (each notebook in its own sandbox) and the benchmark reports
submissions per minute, and checks that both runs give the same gradebook.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLASS_SIZE = 60


def make_class(folder: Path) -> int:
    import nbformat
    import yaml

    from coursekit.exercises import EXERCISES, check_module
    from coursekit.exercises.feedback import tasks_of

    cases = yaml.safe_load((ROOT / "tests/data/exercises/checks/cases.yaml").read_text(encoding="utf-8"))
    exercises = sorted(EXERCISES)
    for number in range(CLASS_SIZE):
        exercise = exercises[number % len(exercises)]
        kind = ("right", "blank", "wrong")[number // len(exercises) % 3]
        source = ROOT / ("exercises" if kind == "blank" else "instructor/exercises") / f"{exercise}.ipynb"
        nb = nbformat.read(source, as_version=4)
        if kind == "wrong":
            mistake = next(c["answer"] for c in cases
                           if (c["exercise"], c["task"], c["status"]) == (exercise, 1, "incorrect"))
            variable = tasks_of(check_module(exercise))[0].variables[0]
            imports = "from coursekit import data\nfrom coursekit.exercises.figures import figures\n"
            nb.cells.append(nbformat.v4.new_code_cell(f"{imports}{variable} = {mistake}"))
        target = folder / f"student{number:02d}" / f"{exercise}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
    return CLASS_SIZE


def _grade(folder: Path, out: Path, jobs: int) -> float:
    print(f"... grading {CLASS_SIZE} submissions with --jobs {jobs}", flush=True)
    start = time.perf_counter()
    keys = ROOT / "instructor" / "exercises" / "keys"
    result = subprocess.run([sys.executable, "-m", "coursekit.exercises.cli", "grade", str(folder), "--out",
                             str(out), "--jobs", str(jobs), "--quiet", "--keys", str(keys)],
                            cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench_grade: grading failed: {result.stderr.strip()[-500:]}")
    return elapsed


def bench() -> list[tuple[str, str, str, bool | None]]:
    tmp = Path(tempfile.mkdtemp(prefix="coursekit-bench-grade-"))
    try:
        folder = tmp / "submissions"
        size = make_class(folder)
        rows = []
        books = []
        for jobs in (1, 2):
            out = tmp / f"gradebook-{jobs}.csv"
            took = _grade(folder, out, jobs)
            books.append(out.read_text(encoding="utf-8"))
            rows.append((f"grading, class of {size}, --jobs {jobs}",
                         f"{size / took * 60:.1f} submissions/min ({took:.0f} s)", "", None))
        rows.append(("grading, same gradebook with --jobs 1 and 2", "yes" if books[0] == books[1] else "NO",
                     "same", books[0] == books[1]))
        return rows
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    for row in bench():
        print(*row[:3], sep="  ")

"""Grade a folder of submitted exercise notebooks into a CSV gradebook.

>>> grade(Path("submissions"), Path("gradebook.csv"), timeout=60)  # doctest: +SKIP

Layout: ``SUBMISSIONS/<student>/<exercise>.ipynb`` (one folder per student), or flat files
``SUBMISSIONS/<student>__<exercise>.ipynb``. Every other file in the tree (apart from hidden ones and
``.ipynb_checkpoints``) is a submission too, so nothing handed in is skipped silently.

Each notebook runs in a fresh kernel, in a temporary working folder, with a time limit shared by its
cells (``timeout`` seconds). A cell that raises does not stop the run: the remaining cells still run,
and the error is noted. When the time is up the kernel is interrupted. Then the grader appends one
cell that re-runs every check of the exercise on the kernel's variables
(:func:`coursekit.exercises.feedback.collect`) and reads the scores from its output, so a student
cannot pass by editing or deleting a check cell. A submission that is not a notebook, is corrupt or
empty, is for another exercise, or kills its kernel gets a row with the reason; one bad submission
never stops the run or loses another's row. Rows are written to the CSV as they are graded.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import EXERCISES, check_module
from .feedback import GRADE_MIME, tasks_of

COLLECT_TIMEOUT = 30  # seconds to re-run the checks once the student's cells are done
SEPARATOR = "__"


@dataclass
class Row:
    student: str
    exercise: str
    file: str
    scores: list[float | None] = field(default_factory=list)
    max: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(s or 0.0 for s in self.scores)


def max_tasks() -> int:
    return max(len(tasks_of(check_module(e))) for e in EXERCISES)


def submissions(folder: Path) -> list[Path]:
    """Every file handed in, in a stable order."""
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found.append(path)
    return found


def identify(folder: Path, path: Path) -> tuple[str, str | None]:
    """(student, exercise named by the file) from the path; the exercise is None if the name says none."""
    rel = path.relative_to(folder)
    stem = path.name.split(".")[0]
    if len(rel.parts) > 1:
        student, named = rel.parts[0], stem
    elif SEPARATOR in stem:
        student, named = stem.split(SEPARATOR, 1)
    else:
        student, named = stem, None
    return student, (named if named in EXERCISES else None)


def _first_line(text: object) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return lines[0][:160] if lines else ""


def _read(path: Path):
    """The notebook at ``path``, or a reason why it is not one."""
    import nbformat

    if path.suffix != ".ipynb":
        return None, f"not a notebook ({path.suffix or 'no extension'}): submit the .ipynb file"
    raw = path.read_bytes()
    if not raw.strip():
        return None, "empty file (0 bytes of notebook): nothing to grade"
    try:
        text = raw.decode("utf-8")
        json.loads(text)
    except ValueError as exc:
        return None, f"corrupt file, not a readable notebook (invalid JSON: {_first_line(exc)})"
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:
        return None, f"corrupt file, not a readable notebook ({_first_line(exc) or type(exc).__name__})"
    if not isinstance(nb.get("cells"), list):
        return None, "not a readable notebook (no cells)"
    return nb, None


def _run(nb, exercise: str, timeout: float, notes: list[str]) -> list[dict] | None:
    """Execute the notebook's code cells, then collect the check results; None if none could be read."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb.cells = [c for c in nb.cells if c.cell_type in ("code", "markdown", "raw")]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    collect = nbformat.v4.new_code_cell(
        f"from coursekit.exercises.feedback import collect as _coursekit_collect\n"
        f"_coursekit_collect({exercise!r})")
    with tempfile.TemporaryDirectory(prefix="coursekit-grade-") as workdir:
        # On a timeout nbclient interrupts the kernel and records an error for the cell (a
        # KeyboardInterrupt), then the next cell runs normally.
        client = NotebookClient(nb, kernel_name="python3", allow_errors=True, interrupt_on_timeout=True,
                                error_on_timeout={"ename": "TimeLimit", "evalue": "", "traceback": []},
                                record_timing=False, resources={"metadata": {"path": workdir}})
        # the kernel's own log goes nowhere; the student's output arrives as cell outputs
        with client.setup_kernel(stderr=subprocess.DEVNULL):
            deadline = time.monotonic() + timeout
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                left = deadline - time.monotonic()
                if left <= 0:
                    notes.append(f"time limit of {timeout:g} s reached before cell {index + 1}; later cells "
                                 "not run")
                    break
                client.timeout = max(1, int(left + 0.999))
                try:
                    client.execute_cell(cell, index)
                except DeadKernelError:
                    notes.append(f"the kernel died in cell {index + 1}; no result")
                    return None
                if time.monotonic() >= deadline:
                    notes.append(f"time limit of {timeout:g} s reached in cell {index + 1} (an endless "
                                 "loop?); later cells not run")
                    break
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                if errors:
                    notes.append(f"cell {index + 1} raised {errors[0].get('ename')}: "
                                 f"{_first_line(errors[0].get('evalue', ''))}")
            client.timeout = COLLECT_TIMEOUT
            nb.cells.append(collect)
            try:
                client.execute_cell(collect, len(nb.cells) - 1)
            except (CellTimeoutError, DeadKernelError) as exc:
                notes.append(f"could not collect the scores ({type(exc).__name__})")
                return None
    for output in collect.get("outputs", []):
        payload = output.get("data", {}).get(GRADE_MIME)
        if payload is not None:
            return json.loads(payload)["results"] if isinstance(payload, str) else payload["results"]
    errors = [o for o in collect.get("outputs", []) if o.get("output_type") == "error"]
    reason = (f"{errors[0].get('ename')}: {_first_line(errors[0].get('evalue', ''))}" if errors
              else "no output")
    notes.append(f"could not collect the scores ({reason})")
    return None


def grade_one(folder: Path, path: Path, *, exercise: str | None = None, timeout: float = 60) -> Row:
    """The gradebook row for one submitted file; never raises."""
    student, named = identify(folder, path)
    expected = named or exercise
    row = Row(student, expected or "?", str(path.relative_to(folder)))
    if expected:
        row.max = sum(c.points for c in tasks_of(check_module(expected)))
    try:
        nb, reason = _read(path)
        if reason:
            row.notes.append(reason)
            return row
        declared = (nb.metadata.get("coursekit") or {}).get("exercise")
        if expected and declared and declared != expected:
            row.notes.append(f"from another exercise: this notebook is {declared}, not {expected}; "
                             "not graded")
            return row
        ident = expected or declared
        if ident not in EXERCISES:
            row.notes.append("cannot tell which exercise this is (name the file after the exercise, or "
                             "pass --exercise)")
            return row
        row.exercise = ident
        checks = tasks_of(check_module(ident))
        row.max = sum(c.points for c in checks)
        row.scores = [0.0] * len(checks)
        results = _run(nb, ident, timeout, row.notes)
        for result in results or []:
            if 1 <= result["task"] <= len(row.scores):
                row.scores[result["task"] - 1] = float(result["score"])
        if results is not None:
            for status, label in (("incorrect", "not yet right"), ("not-done", "not done")):
                tasks = [str(r["task"]) for r in results if r["status"] == status]
                if tasks:
                    row.notes.append(f"{label}: task {', '.join(tasks)}")
    except Exception as exc:  # anything unexpected: a row with the reason, and carry on
        row.notes.append(f"grader error: {type(exc).__name__}: {_first_line(exc)}")
    return row


def _progress(done: int, total: int, label: str) -> None:
    width = 24
    filled = width * done // total if total else width
    line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"
    sys.stderr.write(line[:100].ljust(100))
    sys.stderr.flush()


def grade(folder: Path, out: Path, *, exercise: str | None = None, timeout: float = 60,
          progress: bool = True, on_row: Callable[[Row], None] | None = None) -> list[Row]:
    """Grade every submission in ``folder`` and write the gradebook CSV ``out``, a row at a time."""
    if not folder.is_dir():
        raise FileNotFoundError(f"no such folder: {folder}")
    if exercise is not None:
        check_module(exercise)  # unknown id: ValueError listing the known ones
    files = submissions(folder)
    width = max_tasks()
    header = ["student", "exercise", *[f"task{i}" for i in range(1, width + 1)], "total", "max", "notes",
              "file"]
    rows: list[Row] = []
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number, path in enumerate(files, 1):
            if progress:
                _progress(number - 1, len(files), f"grading {path.relative_to(folder)}")
            row = grade_one(folder, path, exercise=exercise, timeout=timeout)
            scores = [f"{s:g}" if s is not None else "" for s in row.scores]
            scores += [""] * (width - len(scores))
            writer.writerow([row.student, row.exercise, *scores, f"{row.total:g}", f"{row.max:g}",
                             "; ".join(row.notes), row.file])
            handle.flush()
            rows.append(row)
            if on_row:
                on_row(row)
        if progress:
            _progress(len(files), len(files), "done")
            sys.stderr.write("\n")
    return rows

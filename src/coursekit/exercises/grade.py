"""Grade one submitted notebook: run it in a sandbox, score its answers in the grader's own process.

>>> row = grade_one(Path("subs"), Path("subs/ada/ex1-reach.ipynb"), setup)  # doctest: +SKIP

Layout: ``SUBMISSIONS/<student>/<exercise>.ipynb`` (one folder per student), or flat files
``SUBMISSIONS/<student>__<exercise>.ipynb``. Every other file in the tree (apart from hidden ones and
``.ipynb_checkpoints``) is a submission too, so nothing handed in is skipped silently.

The notebook's code cells run in a fresh kernel inside a bubblewrap sandbox (:mod:`.sandbox`), with a
time limit shared by its cells (:mod:`.runner`). The kernel's only job is to run them and hand back
the values of the answer variables as plain, size-limited JSON (:mod:`.values`); the checks then run
here, in the grader, on those values, judged against prints built from the instructor's grading keys
(:mod:`.keys`). Nothing a notebook defines, patches, hooks or prints reaches this process except as
those values. A submission that is not a notebook, is corrupt or empty, is for another exercise, or
kills its kernel gets a row with the reason.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from . import EXERCISES, check_module
from .feedback import evaluate, tasks_of
from .keys import Keys
from .runner import COLLECT_TIMEOUT
from .sandbox import Limits, run
from .values import decode_answers

SEPARATOR = "__"
STARTUP = 40  # seconds allowed for the sandbox and the kernel to start, on top of the time limit
NOTE_CHARS = 300
Outcome = Literal["graded", "failed", "skipped"]


@dataclass
class Row:
    student: str
    exercise: str
    file: str
    scores: list[float | None] = field(default_factory=list)
    max: float = 0.0
    notes: list[str] = field(default_factory=list)
    outcome: Outcome = "failed"

    @property
    def total(self) -> float:
        return sum(s or 0.0 for s in self.scores)


@dataclass(frozen=True)
class Setup:
    """How every submission of a run is graded."""

    keys: Keys
    timeout: float = 60
    sandboxed: bool = True
    exercise: str | None = None
    memory: int = Limits(wall=0).memory
    forbidden: tuple[Path, ...] = ()
    tag: str = ""  # COURSEKIT_RUN in every sandbox of the run (see run_tag)


def run_tag(folder: Path) -> str:
    """The ``COURSEKIT_RUN`` value of the sandboxes grading ``folder`` (a digest, not the path)."""
    import hashlib

    return hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]


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
    except Exception as exc:  # noqa: BLE001 - nbformat raises several error types for a bad file
        return None, f"corrupt file, not a readable notebook ({_first_line(exc) or type(exc).__name__})"
    if not isinstance(nb.get("cells"), list):
        return None, "not a readable notebook (no cells)"
    return nb, None


def _job(nb: Any, names: list[str], timeout: float, workdir: str) -> bytes:
    """What the runner reads: only the cells' sources (no outputs, no metadata) and the names."""
    cells = [{"cell_type": c.cell_type, "source": c.source, "metadata": {},
              **({"outputs": [], "execution_count": None} if c.cell_type == "code" else {})}
             for c in nb.cells if c.cell_type in ("code", "markdown", "raw")]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "cells": cells,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                            "language": "python"}}}
    return json.dumps({"notebook": notebook, "names": names, "timeout": timeout,
                       "workdir": workdir}).encode("utf-8")


def _answers(nb: Any, exercise: str, setup: Setup, notes: list[str]) -> dict[str, Any] | None:
    """Run the notebook (sandboxed unless trusted); the answers it handed back, or None."""
    names = sorted({v for c in tasks_of(check_module(exercise)) for v in c.variables})
    limits = Limits(wall=setup.timeout + STARTUP + COLLECT_TIMEOUT, memory=setup.memory)
    with tempfile.TemporaryDirectory(prefix="coursekit-trusted-") as scratch:  # --trusted only
        workdir = "/tmp/work" if setup.sandboxed else scratch
        outcome = run([sys.executable, "-m", "coursekit.exercises.runner"],
                      _job(nb, names, setup.timeout, workdir), limits, sandboxed=setup.sandboxed,
                      forbidden=list(setup.forbidden), cwd=None if setup.sandboxed else scratch,
                      tag=setup.tag)
    if outcome.overflow:
        notes.append(f"stopped: the notebook wrote more than {limits.output // 1024 ** 2} MB to the grader")
        return None
    if outcome.timed_out:
        notes.append(f"stopped after {limits.wall:g} s: the kernel did not stop at the time limit of "
                     f"{setup.timeout:g} s; no result")
        return None
    lines = outcome.stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        report = json.loads(lines[-1]) if lines else None
        if not isinstance(report, dict):
            raise ValueError("no report")
    except (ValueError, RecursionError):
        said = _first_line(outcome.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or "")
        notes.append(f"the sandbox gave no result (exit {outcome.returncode}{': ' + said if said else ''})")
        return None
    kernel_notes = report.get("notes")
    notes.extend(str(n)[:NOTE_CHARS] for n in (kernel_notes if isinstance(kernel_notes, list) else [])[:20])
    if report.get("answers") is None:
        return None
    try:
        return decode_answers(report["answers"])
    except ValueError as exc:
        notes.append(f"unreadable answers ({_first_line(exc)})")
        return None


def grade_one(folder: Path, path: Path, setup: Setup) -> Row:
    """The gradebook row for one submitted file; never raises."""
    student, named = identify(folder, path)
    expected = named or setup.exercise
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
        if not setup.keys.covers(ident):
            row.notes.append(f"no grading key for {ident} in {setup.keys.source}; not graded")
            return row
        answers = _answers(nb, ident, setup, row.notes)
        if answers is None:
            return row
        results = evaluate(ident, answers, keys=setup.keys)
        for result in results:
            row.scores[result.task - 1] = result.score
        for result in results:
            if result.status == "incorrect":
                row.notes.append(f"task {result.task}: {result.message[:NOTE_CHARS]}")
        undone = [str(r.task) for r in results if r.status == "not-done"]
        if undone:
            row.notes.append(f"not done: task {', '.join(undone)}")
        row.outcome = "graded"
    except Exception as exc:  # noqa: BLE001 - anything unexpected: a row with the reason, and carry on
        row.notes.append(f"grader error: {type(exc).__name__}: {_first_line(exc)}")
    return row

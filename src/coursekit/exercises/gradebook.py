"""Grade a class into a CSV gradebook: in parallel, a sandbox each, resumable, with progress.

>>> summary = grade(Path("submissions"), Path("gradebook.csv"), jobs=2)  # doctest: +SKIP

Every finished row is written (and flushed) at once, so an interrupted run keeps what it graded;
``resume=True`` keeps the rows already in the gradebook and grades only the rest. At the end the
gradebook is rewritten in file order. Columns: ``student, exercise, task1…taskN, total, max,
notes, file``; ``notes`` holds the reason for a row without a score and the check's message for
every task not yet right.
"""

from __future__ import annotations

import csv
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from . import EXERCISES, check_module
from .grade import Row, Setup, grade_one, identify, max_tasks, run_tag, submissions
from .keys import from_grading_keys
from .sandbox import Limits, kill_all, unavailable

DEFAULT_KEYS = Path("instructor/exercises/keys")


class GradeError(Exception):
    """A run that cannot start (bad folder, no keys, no sandbox): one line saying what to do."""


@dataclass
class Summary:
    rows: list[Row] = field(default_factory=list)
    graded: int = 0
    failed: int = 0
    skipped: int = 0
    interrupted: bool = False

    def line(self, out: Path) -> str:
        head = "interrupted: " if self.interrupted else ""
        return (f"{head}graded {self.graded}, failed {self.failed}, skipped {self.skipped} "
                f"submission(s) into {out}")


def header() -> list[str]:
    return ["student", "exercise", *[f"task{i}" for i in range(1, max_tasks() + 1)], "total", "max", "notes",
            "file"]


FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """A cell a spreadsheet will not run: a name handed in as ``=HYPERLINK(...)`` starts with a quote."""
    return f"'{value}" if value.startswith(FORMULA) else value


def _untext(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA) else value


def _cells(row: Row, width: int) -> list[str]:
    scores = [f"{s:g}" if s is not None else "" for s in row.scores]
    scores += [""] * (width - len(scores))
    return [_text(row.student), row.exercise, *scores, f"{row.total:g}", f"{row.max:g}",
            _text("; ".join(row.notes)), _text(row.file)]


def _previous(out: Path, columns: list[str]) -> dict[str, list[str]]:
    """The rows already in ``out`` (for --resume), by file."""
    if not out.exists():
        return {}
    with out.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        found = next(reader, None)
        if found is None:
            return {}
        if found != columns:
            raise GradeError(f"{out} has other columns than this grader writes; grade into a new --out file")
        return {_untext(row[-1]): row for row in reader if len(row) == len(columns)}


def _progress(done: int, total: int, label: str) -> None:
    label = "".join(c if c.isprintable() else "?" for c in label)  # a file name is no terminal escape
    width = 24
    filled = width * done // total if total else width
    line = f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"
    sys.stderr.write(line[:110].ljust(110))
    sys.stderr.flush()


def _check_paths(folder: Path, out: Path) -> None:
    if not folder.is_dir():
        raise GradeError(f"no such folder: {folder}")
    if out.is_dir():
        raise GradeError(f"--out {out} is a folder: give the gradebook's file name, e.g. "
                         f"{out / 'gradebook.csv'}")
    if out.resolve().is_relative_to(folder.resolve()):
        raise GradeError(f"--out {out} is inside the submissions folder: write the gradebook elsewhere")


def setup_run(folder: Path, out: Path, *, keys_folder: Path | None, exercise: str | None, timeout: float,
              trusted: bool, memory: int) -> Setup:
    """Check the run can start; the grading setup (keys built once, the sandbox probed)."""
    _check_paths(folder, out)
    if exercise is not None:
        try:
            check_module(exercise)
        except ValueError as exc:
            raise GradeError(str(exc)) from None
    keys_folder = keys_folder or DEFAULT_KEYS
    if not keys_folder.is_dir():
        raise GradeError(f"no grading keys in {keys_folder}: pass --keys DIR, the folder of the instructor's "
                         "keys (<exercise>.py each, see src/coursekit/exercises/FORMAT.md)")
    if not trusted and (reason := unavailable()):
        raise GradeError(f"cannot grade untrusted notebooks: {reason}")
    problems: list[str] = []
    keys = from_grading_keys(keys_folder, EXERCISES, on_problem=problems.append)
    hidden = [folder, out.parent, keys_folder, Path.home()]
    return Setup(keys=keys, timeout=timeout, sandboxed=not trusted, exercise=exercise, memory=memory,
                 forbidden=tuple(p.resolve() for p in hidden), tag=run_tag(folder))


def grade(folder: Path, out: Path, *, keys_folder: Path | None = None, exercise: str | None = None,
          timeout: float = 60, jobs: int = 1, resume: bool = False, trusted: bool = False,
          memory: int = Limits(wall=0).memory, progress: bool = True,
          on_row: Callable[[Row], None] | None = None) -> Summary:
    """Grade every submission in ``folder`` into the gradebook ``out``.

    :class:`GradeError` if the run cannot start (bad paths, no keys, no sandbox, no submissions).
    """
    setup = setup_run(folder, out, keys_folder=keys_folder, exercise=exercise, timeout=timeout,
                      trusted=trusted, memory=memory)
    files = submissions(folder)
    if not files:
        raise GradeError(f"no submissions in {folder} (expected <student>/<exercise>.ipynb files)")
    columns = header()
    width = len(columns) - 6  # student, exercise, total, max, notes, file
    kept = _previous(out, columns) if resume else {}
    todo = [p for p in files if str(p.relative_to(folder)) not in kept]
    summary = Summary(skipped=len(files) - len(todo))
    lock = threading.Lock()
    out.parent.mkdir(parents=True, exist_ok=True)
    written = dict(kept)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for cells in kept.values():
            writer.writerow(cells)
        handle.flush()

        def finish(row: Row) -> None:
            with lock:
                cells = _cells(row, width)
                writer.writerow(cells)
                handle.flush()
                written[row.file] = cells
                summary.rows.append(row)
                setattr(summary, row.outcome, getattr(summary, row.outcome) + 1)
                if progress:
                    done = summary.graded + summary.failed
                    _progress(done, len(todo),
                              f"graded {summary.graded}, failed {summary.failed} · {row.file}")
            if on_row:
                on_row(row)

        if progress:
            _progress(0, len(todo), f"grading {len(todo)} submission(s) with {jobs} job(s)")
        pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="grade")
        running: set[Future] = set()
        try:
            for path in todo:
                running.add(pool.submit(grade_one, folder, path, setup))
            while running:
                done, running = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    finish(future.result())
        except KeyboardInterrupt:
            summary.interrupted = True
            for future in running:
                future.cancel()
            kill_all()
        finally:
            pool.shutdown(wait=not summary.interrupted, cancel_futures=True)
        if progress:
            _progress(len(todo), len(todo), "interrupted" if summary.interrupted else "done")
            sys.stderr.write("\n")
    if not summary.interrupted:
        _rewrite_in_order(out, columns, written, [str(p.relative_to(folder)) for p in files])
    return summary


def _rewrite_in_order(out: Path, columns: list[str], rows: dict[str, list[str]], order: list[str]) -> None:
    temp = out.with_name(f".{out.name}.tmp")
    with temp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for name in order:
            if name in rows:
                writer.writerow(rows[name])
    os.replace(temp, out)


__all__ = ["GradeError", "Summary", "grade", "header", "identify"]

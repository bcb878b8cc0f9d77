"""Quiz progress in a kernel: answers and results kept in a local JSON file.

The file is ``~/.coursekit/progress.json`` unless ``COURSEKIT_PROGRESS`` names another. Every save
re-reads the file, changes one entry and replaces the file atomically, so two notebooks open at
once lose nothing but a simultaneous write to the very same question. A file that cannot be read
or parsed is never overwritten: it is moved aside to ``progress.json.corrupt-<n>`` and a fresh one is
started. When the folder cannot be written, progress is kept in memory, in one store per file for
the whole kernel session, so every quiz of the session shares it. A quiz never fails because of its
progress file. Either event is told once, as a short message saying what happened, where the old
file went and how to recover (:attr:`Progress.notify`; the quiz widget shows it in the quiz, and
elsewhere it is printed), never as a Python warning with a source line.

Layout::

    {"format": 1,
     "seed": "3f9c...",                      # this student's seed for question pools
     "drawn": {"04-soleimani": {"seed": "3f9c...", "questions": ["strike-date", ...]}},
     "quizzes": {"01-about": {"fto-year": {"answer": 2019, "correct": true, "attempts": 1,
                                           "wrong": 0, "revealed": false,
                                           "time": "2026-01-31T10:00:00+00:00"}}}}

A bank with pools draws its questions with the student's seed: ``COURSEKIT_STUDENT`` when set
(an instructor can give each student an id), else a random seed made once and kept in the file,
so a student sees the same draw in every session. ``drawn`` records which questions were drawn.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 1
ENV = "COURSEKIT_PROGRESS"
STUDENT_ENV = "COURSEKIT_STUDENT"
# Files that could not be written, and the progress kept for them instead, for this session.
_SESSION: dict[Path, dict[str, Any]] = {}


def default_path() -> Path:
    configured = os.environ.get(ENV)
    return Path(configured).expanduser() if configured else Path.home() / ".coursekit" / "progress.json"


def _count(value: Any) -> bool:
    return type(value) is int and 0 <= value < 2**31  # a bool is not a count


def _entry(entry: Any) -> bool:
    return isinstance(entry, dict) and all(_count(entry[k]) for k in ("attempts", "wrong") if k in entry)


def _drawn(drawn: Any) -> bool:
    return isinstance(drawn, dict) and all(
        isinstance(e, dict) and isinstance(e.get("seed"), str) and isinstance(e.get("questions"), list)
        and all(isinstance(q, str) for q in e["questions"]) for e in drawn.values())


def _valid(doc: Any) -> bool:
    """The layout of a progress file, down to the counts and the drawn questions: a file edited by
    hand into anything else is set aside like a damaged one, never read into a traceback."""
    return (isinstance(doc, dict) and doc.get("format") == FORMAT and isinstance(doc.get("quizzes"), dict)
            and all(isinstance(q, dict) and all(_entry(e) for e in q.values())
                    for q in doc["quizzes"].values())
            and ("seed" not in doc or isinstance(doc["seed"], str))
            and ("drawn" not in doc or _drawn(doc["drawn"])))


def _print(message: str) -> None:
    print(message, file=sys.stderr)


def _kept_note(path: Path, reason: str = "") -> str:
    why = f" ({reason})" if reason else ""
    return (f"Your quiz answers are kept only until the kernel stops, because {path} cannot be "
            f"written{why}. To keep them, set {ENV} to a file in a folder you can write (for "
            f"example, run %env {ENV}=~/progress.json) and run the quiz cell again.")


def _key(path: Path) -> Path:
    return Path(os.path.abspath(path))


class Progress:
    """The progress file. ``record`` saves one checked answer; ``answers`` reads a quiz's.

    ``notify`` receives each message for the student (default: printed to standard error).
    """

    def __init__(self, path: Path | None = None, notify: Callable[[str], None] | None = None):
        self.path = Path(path) if path else default_path()
        self.notify = notify or _print

    @property
    def memory_only(self) -> bool:
        """True when answers are kept only until the kernel stops (the file cannot be written)."""
        return _key(self.path) in _SESSION

    @property
    def status(self) -> str:
        """A standing note while progress is kept in memory only, else an empty string."""
        return _kept_note(self.path) if self.memory_only else ""

    def _keep_in_memory(self, doc: dict[str, Any], message: str) -> dict[str, Any]:
        key = _key(self.path)
        if key not in _SESSION:
            _SESSION[key] = doc
            self.notify(message)
        return _SESSION[key]

    def _read(self) -> dict[str, Any]:
        if self.memory_only:
            return _SESSION[_key(self.path)]
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):  # nothing saved yet (or cannot be)
            return {"format": FORMAT, "quizzes": {}}
        except (OSError, UnicodeDecodeError) as exc:
            return self._set_aside(f"could not be read ({exc.__class__.__name__})")
        try:
            doc = json.loads(text)
        except ValueError as exc:
            return self._set_aside(f"are not valid JSON ({exc})")
        if not _valid(doc):
            return self._set_aside("are not in the layout of a coursekit progress file")
        return doc

    def _set_aside(self, why: str) -> dict[str, Any]:
        n = 1
        while self.path.with_name(f"{self.path.name}.corrupt-{n}").exists():
            n += 1
        aside = self.path.with_name(f"{self.path.name}.corrupt-{n}")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            return self._keep_in_memory(
                {"format": FORMAT, "quizzes": {}},
                f"Your saved quiz answers ({self.path}) {why}, and the file could not be moved aside "
                f"({exc.strerror or exc}). It was left as it is; this session's answers are kept in "
                f"memory until the kernel stops. To start afresh, move or delete that file.")
        self.notify(f"Your saved quiz answers ({self.path}) {why}. The file was moved to {aside} and "
                    f"a fresh one was started. To get the old answers back, repair {aside.name} and "
                    f"rename it to {self.path.name}.")
        return {"format": FORMAT, "quizzes": {}}

    def _write(self, doc: dict[str, Any]) -> None:
        if self.memory_only:
            _SESSION[_key(self.path)].update(doc)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(doc, out, indent=1, sort_keys=True, ensure_ascii=False)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            self._keep_in_memory(doc, _kept_note(self.path, exc.strerror or str(exc)))

    def answers(self, quiz_id: str) -> dict[str, dict[str, Any]]:
        """The saved entries of one quiz, by question id."""
        return dict(self._read()["quizzes"].get(quiz_id, {}))

    def all(self) -> dict[str, dict[str, dict[str, Any]]]:
        return dict(self._read()["quizzes"])

    def seed(self) -> str:
        """This student's seed for question pools (``COURSEKIT_STUDENT``, else kept in the file)."""
        configured = os.environ.get(STUDENT_ENV, "").strip()
        if configured:
            return configured
        doc = self._read()
        if doc.get("seed"):  # _read has checked that a kept seed is text
            return doc["seed"]
        doc["seed"] = secrets.token_hex(8)
        self._write(doc)
        return doc["seed"]

    def record_drawn(self, quiz_id: str, seed: str, questions: list[str]) -> None:
        """Note which questions of a pooled quiz this student was given."""
        doc = self._read()
        drawn = doc.setdefault("drawn", {})
        entry = {"seed": seed, "questions": list(questions)}
        if drawn.get(quiz_id) != entry:
            drawn[quiz_id] = entry
            self._write(doc)

    def drawn(self, quiz_id: str) -> list[str] | None:
        entry = self._read().get("drawn", {}).get(quiz_id)  # its layout checked by _read
        return None if entry is None else list(entry["questions"])

    def record(self, quiz_id: str, question_id: str, answer: Any, correct: bool, *, wrong: int = 0,
               revealed: bool = False) -> dict[str, Any]:
        doc = self._read()
        quiz = doc["quizzes"].setdefault(quiz_id, {})
        before = quiz.get(question_id, {})
        entry = {"answer": answer, "correct": bool(correct),
                 "attempts": int(before.get("attempts", 0)) + 1, "wrong": int(wrong),
                 "revealed": bool(revealed),
                 "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        quiz[question_id] = entry
        self._write(doc)
        return entry

    def forget(self, quiz_id: str) -> None:
        """Remove one quiz's entries (the student pressed *Start again*)."""
        doc = self._read()
        if doc["quizzes"].pop(quiz_id, None) is not None:
            self._write(doc)

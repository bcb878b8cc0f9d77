"""Quiz progress in a kernel: answers and results kept in a local JSON file.

The file is ``~/.coursekit/progress.json`` unless ``COURSEKIT_PROGRESS`` names another. Every save
re-reads the file, changes one entry and replaces the file atomically, so two notebooks open at
once lose nothing but a simultaneous write to the very same question. A file that cannot be read
or parsed is never overwritten: it is moved aside to ``progress.json.corrupt-<n>`` with a warning,
and a fresh one is started. When the folder cannot be written, progress is kept in memory only,
with a warning; a quiz never fails because of its progress file.

Layout::

    {"format": 1,
     "quizzes": {"01-about": {"fto-year": {"answer": 2019, "correct": true, "attempts": 1,
                                           "time": "2026-01-31T10:00:00+00:00"}}}}
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

FORMAT = 1
ENV = "COURSEKIT_PROGRESS"


def default_path() -> Path:
    configured = os.environ.get(ENV)
    return Path(configured).expanduser() if configured else Path.home() / ".coursekit" / "progress.json"


def _valid(doc: Any) -> bool:
    return (isinstance(doc, dict) and doc.get("format") == FORMAT and isinstance(doc.get("quizzes"), dict)
            and all(isinstance(q, dict) and all(isinstance(e, dict) for e in q.values())
                    for q in doc["quizzes"].values()))


class Progress:
    """The progress file. ``record`` saves one checked answer; ``answers`` reads a quiz's."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else default_path()
        self._memory: dict[str, Any] = {"format": FORMAT, "quizzes": {}}
        self._memory_only = False

    def _read(self) -> dict[str, Any]:
        if self._memory_only:
            return self._memory
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"format": FORMAT, "quizzes": {}}
        except (OSError, UnicodeDecodeError) as exc:
            return self._set_aside(f"cannot be read ({exc.__class__.__name__}: {exc})")
        try:
            doc = json.loads(text)
        except ValueError as exc:
            return self._set_aside(f"is not valid JSON ({exc})")
        if not _valid(doc):
            return self._set_aside("does not have the layout of a coursekit progress file")
        return doc

    def _set_aside(self, why: str) -> dict[str, Any]:
        n = 1
        while self.path.with_name(f"{self.path.name}.corrupt-{n}").exists():
            n += 1
        aside = self.path.with_name(f"{self.path.name}.corrupt-{n}")
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            self._memory_only = True
            warnings.warn(f"quiz progress file {self.path} {why} and could not be moved aside ({exc}); "
                          "progress is kept in memory for this session only", stacklevel=3)
            return self._memory
        warnings.warn(f"quiz progress file {self.path} {why}; it was moved to {aside} and a fresh "
                      "file was started", stacklevel=3)
        return {"format": FORMAT, "quizzes": {}}

    def _write(self, doc: dict[str, Any]) -> None:
        if self._memory_only:
            self._memory = doc
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
            self._memory_only = True
            self._memory = doc
            warnings.warn(f"cannot write quiz progress to {self.path} ({exc}); progress is kept in "
                          "memory for this session only", stacklevel=3)

    def answers(self, quiz_id: str) -> dict[str, dict[str, Any]]:
        """The saved entries of one quiz, by question id."""
        return dict(self._read()["quizzes"].get(quiz_id, {}))

    def all(self) -> dict[str, dict[str, dict[str, Any]]]:
        return dict(self._read()["quizzes"])

    def record(self, quiz_id: str, question_id: str, answer: Any, correct: bool) -> dict[str, Any]:
        doc = self._read()
        quiz = doc["quizzes"].setdefault(quiz_id, {})
        before = quiz.get(question_id, {})
        entry = {"answer": answer, "correct": bool(correct),
                 "attempts": int(before.get("attempts", 0)) + 1,
                 "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        quiz[question_id] = entry
        self._write(doc)
        return entry

    def forget(self, quiz_id: str) -> None:
        """Remove one quiz's entries (the student pressed *Start again*)."""
        doc = self._read()
        if doc["quizzes"].pop(quiz_id, None) is not None:
            self._write(doc)

"""Quiz banks on disk: find them, load one with line numbers, check a folder of them.

A bank is a YAML file (format in ``quiz/FORMAT.md``). Problems are reported like every other
course problem, ``file:line: question-id: field: message``, all of them in one run.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from ..knowledge import yamlio
from ..knowledge.loader import error_messages, field_name
from ..knowledge.problems import CourseDataError, Problem, problem
from .model import MODELS, TYPES, Bank, BankHeader, Question

_NO_ANSWER = {"answer", "answers", "items", "pairs"}


def bank_file(name: str | Path) -> Path:
    """The file of a bank: an existing path, else a bank shipped with the package (``01-about``)."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.exists():
        return path
    shipped = _shipped_folder().joinpath(f"{Path(name).stem}.yaml")
    if shipped.is_file():
        return Path(str(shipped))
    known = ", ".join(shipped_banks()) or "none"
    raise CourseDataError([problem(str(name), f"no such quiz bank (shipped banks: {known})")])


def _shipped_folder():
    return resources.files("coursekit").joinpath("data").joinpath("quizzes")


def shipped_banks() -> list[str]:
    folder = _shipped_folder()
    if not folder.is_dir():
        return []
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def _quiz_messages(exc: ValidationError) -> list[tuple[tuple, str]]:
    return [(loc, text.replace("data/FORMAT.md", "quiz/FORMAT.md")) for loc, text in error_messages(exc)]


def _question_problems(exc: ValidationError, doc: Any, index: int, display: str,
                       qid: str) -> list[Problem]:
    found = []
    for loc, text in _quiz_messages(exc):
        if text == "required field is missing" and loc and loc[-1] in _NO_ANSWER and len(loc) == 1:
            text = f"no correct answer: add '{loc[0]}'"
        found.append(problem(display, text, line=yamlio.line_of(doc, [index, *loc]), record=qid,
                             field=field_name(loc)))
    return found


def parse_bank(doc: Any, display: str) -> tuple[Bank | None, list[Problem]]:
    """Validate a parsed bank document; the bank holds every valid question."""
    if not isinstance(doc, dict) or not isinstance(doc.get("questions"), list):
        return None, [problem(display, "expected a mapping with 'id', 'title' and a list of 'questions'",
                              line=yamlio.line_of(doc) or 1)]
    problems: list[Problem] = []
    header_doc = {k: v for k, v in doc.items() if k != "questions"}
    try:
        header = BankHeader.model_validate(yamlio.plain(header_doc))
    except ValidationError as exc:
        header = None
        for loc, text in _quiz_messages(exc):
            problems.append(problem(display, text, line=yamlio.line_of(doc, loc), field=field_name(loc)))
    items = doc["questions"]
    questions: list[Question] = []
    first_line: dict[str, int | None] = {}
    for index, item in enumerate(items):
        line = yamlio.line_of(items, [index])
        if not isinstance(item, dict):
            problems.append(problem(display, "expected a question (key: value lines)", line=line))
            continue
        qid = str(item.get("id") or f"question {index + 1}")
        kind = item.get("type")
        if kind is None:
            problems.append(problem(display, "required field is missing", line=line, record=qid,
                                    field="type"))
            continue
        if kind not in MODELS:
            problems.append(problem(display, f"unknown question type {kind!r} (expected one of: "
                                    f"{', '.join(TYPES)})", line=yamlio.line_of(items, [index, "type"]),
                                    record=qid, field="type"))
            continue
        try:
            question = cast(Question, MODELS[kind].model_validate(yamlio.plain(item)))
        except ValidationError as exc:
            problems += _question_problems(exc, items, index, display, qid)
            question = None
        if "id" in item and qid in first_line:
            problems.append(problem(display, f"duplicate id (first defined at line {first_line[qid]})",
                                    line=yamlio.line_of(items, [index, "id"]), record=qid, field="id"))
            continue
        first_line.setdefault(qid, yamlio.line_of(items, [index, "id"]))
        if question is not None:
            questions.append(question)
    if not items:
        problems.append(problem(display, "the bank has no questions",
                                line=yamlio.line_of(doc, ["questions"])))
    if header is None:
        return None, problems
    bank = Bank(id=header.id, title=header.title, intro=header.intro, shuffle=header.shuffle,
                seed=header.seed, questions=tuple(questions), source=display)
    return bank, problems


def read_bank(path: Path, display: str | None = None) -> tuple[Bank | None, Any, list[Problem]]:
    """Load and validate one bank file: (bank or None, the YAML document, problems)."""
    display = display or str(path)
    try:
        doc = yamlio.load(path, display)
    except yamlio.YamlSyntaxError as exc:
        return None, None, [exc.problem]
    bank, problems = parse_bank(doc, display)
    return bank, doc, problems


def load_bank(name: str | Path) -> Bank:
    """A valid bank by name (shipped with the package) or path; raise CourseDataError otherwise."""
    path = bank_file(name)
    bank, _, problems = read_bank(path, str(name) if not Path(name).exists() else str(path))
    if problems or bank is None:
        raise CourseDataError(problems)
    return bank


def check_refs(bank: Bank, doc: Any, display: str, known_refs: set[str]) -> list[Problem]:
    items = doc["questions"]
    index_of = {str(item.get("id")): i for i, item in enumerate(items) if isinstance(item, dict)}
    return [
        problem(display, f"unknown reference key {q.ref!r} (not in references.bib)",
                line=yamlio.line_of(items, [index_of[q.id], "ref"]), record=q.id, field="ref")
        for q in bank.questions if q.ref not in known_refs
    ]


def check_banks(folder: Path, known_refs: set[str],
                show: Callable[[Path], str] = str) -> list[Problem]:
    """Every problem in every bank (``*.yaml``) of ``folder``. Never raises on bad content.

    ``known_refs`` are the keys of references.bib; ``show`` turns a path into the name printed.
    A bank's ``id`` must match its file name, so ``quiz.show("01-about")`` finds it.
    """
    problems: list[Problem] = []
    if not folder.is_dir():
        return problems
    for path in sorted(folder.glob("*.y*ml")):
        display = show(path)
        bank, doc, found = read_bank(path, display)
        problems += found
        if bank is None:
            continue
        if bank.id != path.stem:
            problems.append(problem(display, f"id {bank.id!r} differs from the file name {path.stem!r}",
                                    line=yamlio.line_of(doc, ["id"]), field="id"))
        problems += check_refs(bank, doc, display, known_refs)
    return problems

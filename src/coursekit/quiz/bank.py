"""Quiz banks on disk: find them, load one with line numbers, check a folder of them.

A bank is a YAML file (format in ``quiz/FORMAT.md``). Problems are reported like every other
course problem, ``file:line: question-id: field: message``, all of them in one run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, cast

from pydantic import ValidationError

from ..knowledge import yamlio
from ..knowledge.loader import error_messages, field_name
from ..knowledge.problems import CourseDataError, Problem, problem
from .model import Bank, BankHeader
from .types import MODELS, TYPES, Question

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
        if text == "required field is missing" and loc == ("image", "alt"):
            text = "required: describe what the image shows, for readers who cannot see it"
        if loc == ("option_feedback",) and isinstance(feedback := doc[index].get(loc[0]), dict):
            # point at the key that names no option, not at the field
            named = [k for k in feedback if repr(str(k).strip()) in text
                     or repr(str(k).strip().lower()) in text]
            if named:
                loc = (*loc, named[0])
        if len(loc) == 2 and loc[0] == "option_feedback" and str(loc[1]).lower() in ("true", "false"):
            loc = (loc[0], str(loc[1]).lower())  # a YAML key true/false, named as written
        yaml_loc = [index, *(_yaml_key(doc[index].get(loc[0]), k) if n == 1 else k
                             for n, k in enumerate(loc))]
        found.append(problem(display, text, line=yamlio.line_of(doc, yaml_loc), record=qid,
                             field=field_name(loc)))
    return found


def _yaml_key(node: Any, key: Any) -> Any:
    """The key of ``node`` that ``key`` (a string, after ``yamlio.plain``) came from."""
    if isinstance(node, dict) and key not in node:
        return next((k for k in node if str(k).lower() == str(key).lower()), key)
    return key


def _pool_members(doc: Any, items: list, display: str) -> list[Problem]:
    """Every id a pool lists must be a question of the bank (checked on the YAML, so that it is
    reported even when another field of the bank is wrong)."""
    pools = doc.get("pools")
    if not isinstance(pools, list):
        return []
    known = {str(i.get("id")) for i in items if isinstance(i, dict)}
    found = []
    for n, pool in enumerate(pools):
        members = pool.get("questions") if isinstance(pool, dict) else None
        for k, qid in enumerate(members if isinstance(members, list) else []):
            if isinstance(qid, str) and qid not in known:
                found.append(problem(display, f"pool {str(pool.get('id'))!r} lists {qid!r}, which is not "
                                     "a question of this bank",
                                     line=yamlio.line_of(doc, ["pools", n, "questions", k]),
                                     field=f"pools[{n}].questions[{k}]"))
    return found


def _image_problems(questions: list[Question], items: list, folder: Path | None,
                    display: str) -> list[Problem]:
    """Each question's image must be a file in the bank's folder, small enough to embed, whose
    bytes are the image its suffix says (:mod:`coursekit.quiz.images`), and the only one with its
    name in an export package (compared without case: a package unpacked on Windows or macOS
    would hold one file for two)."""
    found = []
    index_of = {str(item.get("id")): i for i, item in enumerate(items) if isinstance(item, dict)}
    named: dict[str, tuple[str, str]] = {}  # name in an export package, casefolded -> (file, question)
    for q in questions:
        if q.image is None or folder is None:
            continue
        other = named.setdefault(q.image.name.casefold(), (q.image.file, q.id))
        why: str | None
        if other[0] != q.image.file:
            why = (f"image {q.image.file!r} has the same name in an export package as {other[0]!r} "
                   f"(question {other[1]}): rename one of them")
        else:
            try:
                why = _file_problem(folder, q.image.file, q.image.mime)
            except OSError as exc:
                why = f"image {q.image.file!r} cannot be read ({exc.strerror or exc})"
        if why:
            found.append(problem(display, why, line=yamlio.line_of(items, [index_of[q.id], "image", "file"]),
                                 record=q.id, field="image.file"))
    return found


def _file_problem(folder: Path, file: str, mime: str) -> str | None:
    from .images import IMAGE_BYTES, image_problem

    path = folder / file
    if _linked(folder, file):
        return f"image {file!r} is a link; an image must be a file inside the bank's folder"
    if not path.is_file():
        return f"no image file {file!r} in the bank's folder"
    if path.stat().st_size > IMAGE_BYTES:  # told without reading it
        return (f"image {file!r} is {path.stat().st_size:,} bytes; it is embedded in every page and "
                f"export, so keep it under {IMAGE_BYTES:,}")
    return image_problem(file, mime, path.read_bytes())


BANK_ID = 60  # characters: the bank's folder and file names in a QTI package
IDNUMBER = 100  # characters: Moodle's question idnumber (bank id, "-", question id) holds no more


def _id_lengths(bank_id: str, questions: list[Question], doc: Any, display: str) -> list[Problem]:
    """Ids short enough for the exports: a bank id names files in a QTI package (a zip member
    name has a hard limit, and Windows another), and Moodle refuses a longer idnumber."""
    if len(bank_id) > BANK_ID:
        return [problem(display, f"the bank id is {len(bank_id)} characters long: keep it to {BANK_ID} "
                        "(it names the bank's folder and files in export packages)",
                        line=yamlio.line_of(doc, ["id"]), field="id")]
    items = doc["questions"]
    index_of = {str(item.get("id")): i for i, item in enumerate(items) if isinstance(item, dict)}
    return [problem(display, f"{idnumber!r} (the bank id, '-', the question id) is {len(idnumber)} "
                    f"characters long: Moodle keeps a question's idnumber to {IDNUMBER}, so shorten "
                    "the question id", line=yamlio.line_of(items, [index_of[q.id], "id"]), record=q.id,
                    field="id")
            for q in questions if len(idnumber := f"{bank_id}-{q.id}") > IDNUMBER]


def _linked(folder: Path, file: str) -> bool:
    """Is the image, or a folder on its way, a symbolic link (which could point anywhere)?"""
    path = folder
    for part in file.split("/"):
        path = path / part
        if path.is_symlink():
            return True
    return False


def parse_bank(doc: Any, display: str, folder: Path | None = None) -> tuple[Bank | None, list[Problem]]:
    """Validate a parsed bank document; the bank holds every valid question. Images are looked
    for in ``folder`` (the bank file's folder)."""
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
    problems += _pool_members(doc, items, display)
    problems += _image_problems(questions, items, folder, display)
    if header is None:
        return None, problems
    problems += _id_lengths(header.id, questions, doc, display)
    asked = {q.id for q in questions}
    problems += [problem(display, f"pool {pool.id!r} has the id of a question: give it a name of its "
                         "own (exports name pools and questions alike)",
                         line=yamlio.line_of(doc, ["pools", n, "id"]), field=f"pools[{n}].id")
                 for n, pool in enumerate(header.pools) if pool.id in asked]
    bank = Bank(id=header.id, title=header.title, intro=header.intro, shuffle=header.shuffle,
                seed=header.seed, questions=tuple(questions), source=display,
                assessment=header.assessment, pools=tuple(header.pools), folder=folder)
    return bank, problems


def read_bank(path: Path, display: str | None = None) -> tuple[Bank | None, Any, list[Problem]]:
    """Load and validate one bank file: (bank or None, the YAML document, problems)."""
    display = display or str(path)
    try:
        doc = yamlio.load(path, display)
    except yamlio.YamlSyntaxError as exc:
        return None, None, [exc.problem]
    bank, problems = parse_bank(doc, display, path.parent)
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


def check_ledger_answers(bank: Bank, doc: Any, display: str, ledger: Mapping[str, int]) -> list[Problem]:
    """A problem for each numeric question whose answer is a count of the claims ledger
    (``ledger: incorrect``) and differs from that count in ``ledger``."""
    from ..knowledge.ledger import KEYS

    items = doc["questions"]
    index_of = {str(item.get("id")): i for i, item in enumerate(items) if isinstance(item, dict)}
    found = []
    for q in bank.questions:
        key = getattr(q, "ledger", None)
        if key is None or q.correct_answer() == ledger[key]:
            continue
        found.append(problem(display, f"{q.correct_answer():g}, but the claims ledger has "
                             f"{ledger[key]} {KEYS[key]} (ledger: {key}); change the answer, and the "
                             "feedback if it says which they are",
                             line=yamlio.line_of(items, [index_of[q.id], "answer"]), record=q.id,
                             field="answer"))
    return found


def check_banks(folder: Path, known_refs: set[str], show: Callable[[Path], str] = str,
                ledger: Mapping[str, int] | None = None) -> list[Problem]:
    """Every problem in every bank (``*.yaml``) of ``folder``. Never raises on bad content.

    ``known_refs`` are the keys of references.bib; ``show`` turns a path into the name printed;
    ``ledger`` holds the claims ledger's counts (:mod:`coursekit.knowledge.ledger`), which answers
    declared as ledger counts must equal (not compared when None: the ledger could not be read).
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
        if ledger is not None:
            problems += check_ledger_answers(bank, doc, display, ledger)
    return problems

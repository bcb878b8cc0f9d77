"""Answer keys without the answers: what a check compares a student's answer with.

The right answers and the known mistakes are computed by the **grading keys**, Python files kept
with the instructor sources (``instructor/exercises/keys/<exercise>.py``, never published): each
defines ``taskN()`` returning a :class:`Solution`. The package ships only **prints** of them
(``practice.json``, written by ``coursekit release``): salted SHA-256 digests of each answer's
items, keys and entries, and of each known mistake, with the mistake's message. A practice check
can therefore say "right", "this is the Iraq-only count", "'x' should not be there" or "two ids are
missing", but the package holds no function that returns an answer. The grader builds the same
prints from the grading keys themselves (fresh, with its own salt), so a notebook gets the same
verdict and message in practice and in the gradebook.

Numbers are compared with a tolerance by putting them in buckets of half the tolerance; a print
holds the right bucket and its two neighbours. So an answer within half the tolerance is always
accepted, and none beyond the tolerance ever is.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from numbers import Real
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

PRACTICE = "practice.json"
Kind = Literal["set", "map", "value"]


@dataclass(frozen=True)
class Compare:
    """How a task's answer is compared: a set of items, a mapping, or one value; numbers with a
    relative (``rel``) or absolute (``abs``) tolerance."""

    kind: Kind = "value"
    rel: float | None = None
    abs: float | None = None


@dataclass
class Solution:
    """What a grading key's ``taskN()`` returns: the right answer and known mistakes (message: value)."""

    value: Any
    mistakes: dict[str, Any] = field(default_factory=dict)


def _norm(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Real):
        number = float(value)
        if math.isfinite(number) and number.is_integer() and abs(number) < 2 ** 53:
            return int(number)
        return number if math.isfinite(number) else repr(number)
    if isinstance(value, (list, tuple)):
        return [_norm(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_norm(v) for v in value), key=json.dumps)
    if isinstance(value, Mapping):
        return {"$dict": sorted(([_norm(k), _norm(v)] for k, v in value.items()), key=json.dumps)}
    return {"$other": type(value).__name__, "repr": repr(value)[:200]}


def canon(value: Any) -> str:
    """Canonical JSON text of a plain value (sets sorted, 2.0 == 2, tuples as lists)."""
    return json.dumps(_norm(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _bucket(compare: Compare, value: Any) -> tuple[str, int] | None:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        return None
    number = float(value)
    if compare.rel:
        if number == 0:
            return ("z", 0)
        step = math.log1p(compare.rel) / 2
        return ("+" if number > 0 else "-", math.floor(math.log(abs(number)) / step))
    if compare.abs:
        return ("a", math.floor(number / (compare.abs / 2)))
    return None


def tokens(compare: Compare, value: Any, *, spread: bool) -> list[str]:
    """The text(s) hashed for one value: its canonical form, or its number bucket(s)."""
    found = _bucket(compare, value)
    if found is None:
        return [canon(value)]
    sign, bucket = found
    if sign == "z":
        return ["z"]
    return [f"{sign}{bucket + d}" for d in ((-1, 0, 1) if spread else (0,))]


class Prints:
    """The salted digests of one task's answer (and its mistakes); the judge of given answers."""

    def __init__(self, salt: str, exercise: str, task: int, compare: Compare, answer: dict,
                 mistakes: list[tuple[str, dict]]):
        self.salt, self.exercise, self.task, self.compare = salt, exercise, task, compare
        self.answer, self.mistakes = answer, mistakes

    def digest(self, text: str) -> str:
        raw = f"{self.salt}\x1f{self.exercise}\x1f{self.task}\x1f{text}".encode()
        return hashlib.sha256(raw).hexdigest()[:24]

    def make(self, value: Any) -> dict:
        """The print of ``value`` (the key's side: numbers spread over neighbouring buckets)."""
        kind, digest = self.compare.kind, self.digest
        if kind == "set":
            items = [canon(v) for v in value]
            return {"n": len(set(items)), "items": sorted({digest(i) for i in items})}
        if kind == "map":
            keys = {canon(k): v for k, v in dict(value).items()}
            return {"n": len(keys), "keys": sorted(digest(k) for k in keys),
                    "entries": sorted({digest(f"{k}={t}") for k, v in keys.items()
                                       for t in tokens(self.compare, v, spread=True)})}
        return {"value": sorted({digest(t) for t in tokens(self.compare, value, spread=True)})}

    @staticmethod
    def _one(compare: Compare, value: Any) -> str:
        return tokens(compare, value, spread=False)[0]

    def matches(self, value: Any, print_: dict) -> bool:
        kind = self.compare.kind
        try:
            if kind == "set":
                items = {canon(v) for v in value}
                return len(items) == print_["n"] and all(self.digest(i) in print_["items"] for i in items)
            if kind == "map":
                entries = dict(value)
                return len(entries) == print_["n"] and all(
                    self.digest(f"{canon(k)}={self._one(self.compare, v)}") in print_["entries"]
                    for k, v in entries.items())
        except TypeError:  # not iterable, or not a mapping
            return False
        return self.digest(self._one(self.compare, value)) in print_["value"]

    def right(self, value: Any) -> bool:
        return self.matches(value, self.answer)

    def mistake(self, value: Any) -> str | None:
        return next((message for message, print_ in self.mistakes if self.matches(value, print_)), None)

    def contains(self, item: Any) -> bool:
        """For a set: is ``item`` one of the answer's items; for a mapping, one of its keys."""
        pool = self.answer["items"] if self.compare.kind == "set" else self.answer["keys"]
        return self.digest(canon(item)) in pool

    def has_entry(self, key: Any, value: Any) -> bool:
        return self.digest(f"{canon(key)}={self._one(self.compare, value)}") in self.answer["entries"]

    @property
    def size(self) -> int:
        return self.answer["n"]

    def to_json(self) -> dict:
        return {"answer": self.answer, "mistakes": [[m, p] for m, p in self.mistakes]}


def build(salt: str, exercise: str, task: int, compare: Compare, solution: Solution) -> Prints:
    prints = Prints(salt, exercise, task, compare, {}, [])
    prints.answer = prints.make(solution.value)
    prints.mistakes = [(message, prints.make(value)) for message, value in solution.mistakes.items()]
    return prints


class MissingKey(LookupError):
    """No key for an exercise or task (a missing grading-key file, or a stale practice file)."""


class Keys:
    """The prints of every task of some exercises: the practice file's, or built from grading keys."""

    def __init__(self, prints: dict[tuple[str, int], Prints], source: str):
        self.prints, self.source = prints, source

    def __call__(self, exercise: str, task: int) -> Prints:
        try:
            return self.prints[(exercise, task)]
        except KeyError:
            raise MissingKey(f"no key for {exercise} task {task} in {self.source}") from None

    def covers(self, exercise: str) -> bool:
        return any(e == exercise for e, _ in self.prints)

    def to_json(self, salt: str) -> dict:
        out: dict[str, Any] = {"salt": salt, "exercises": {}}
        for (exercise, task), prints in sorted(self.prints.items()):
            out["exercises"].setdefault(exercise, {})[str(task)] = prints.to_json()
        return out


def _compares(exercise: str) -> dict[int, Compare]:
    from . import check_module
    from .feedback import tasks_of

    return {c.number: c.compare for c in tasks_of(check_module(exercise)) if c.compare is not None}


@lru_cache(maxsize=1)
def practice() -> Keys:
    """The prints shipped with the package (``practice.json``), for the checks in a notebook."""
    raw = json.loads(files(__package__).joinpath(PRACTICE).read_text(encoding="utf-8"))
    salt, found = raw["salt"], {}
    for exercise, tasks in raw["exercises"].items():
        compares = _compares(exercise)
        for task, entry in tasks.items():
            number = int(task)
            if number in compares:
                found[(exercise, number)] = Prints(salt, exercise, number, compares[number], entry["answer"],
                                                   [(m, p) for m, p in entry["mistakes"]])
    return Keys(found, f"the package's {PRACTICE}")


def load_key_module(path: Path) -> ModuleType:
    """Import one grading key file (instructor code: it runs in the grader's own process)."""
    name = f"coursekit_grading_key_{path.stem.replace('-', '_')}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def from_grading_keys(folder: Path, exercises: Iterable[str], salt: str | None = None,
                      on_problem: Callable[[str], None] | None = None) -> Keys:
    """Prints built from the grading keys in ``folder`` (``<exercise>.py`` each)."""
    salt = salt or secrets.token_hex(16)
    found: dict[tuple[str, int], Prints] = {}
    for exercise in exercises:
        path = folder / f"{exercise}.py"
        if not path.is_file():
            if on_problem:
                on_problem(f"{path}: no grading key for {exercise}")
            continue
        module = load_key_module(path)
        for number, compare in _compares(exercise).items():
            make = getattr(module, f"task{number}", None)
            if make is None:
                if on_problem:
                    on_problem(f"{path}: no task{number}() in the grading key")
                continue
            found[(exercise, number)] = build(salt, exercise, number, compare, make())
    return Keys(found, str(folder))


def practice_file(keys_folder: Path, existing: Path | None = None) -> str:
    """The text of ``practice.json`` for the grading keys in ``keys_folder``.

    The salt of ``existing`` is kept, so that releasing twice gives the same bytes.
    """
    from . import EXERCISES

    salt = None
    if existing is not None and existing.is_file():
        try:
            salt = json.loads(existing.read_text(encoding="utf-8")).get("salt")
        except ValueError:
            salt = None
    salt = salt or secrets.token_hex(16)
    problems: list[str] = []
    keys = from_grading_keys(keys_folder, EXERCISES, salt, problems.append)
    if problems:
        raise MissingKey("; ".join(problems))
    return json.dumps(keys.to_json(salt), indent=1, sort_keys=True) + "\n"


class Expect:
    """What a check function gets as its ``expect`` argument: the judge of its task's answer.

    ``expect(value, "`partners`")`` returns if ``value`` is right and raises
    :class:`~coursekit.exercises.feedback.Wrong` otherwise: the message of the known mistake it
    matches, else what is extra, missing or wrong.
    """

    def __init__(self, keys: Keys, exercise: str, task: int):
        self.keys, self.exercise, self.number = keys, exercise, task

    @property
    def prints(self) -> Prints:
        return self.keys(self.exercise, self.number)

    def task(self, number: int) -> Expect:
        """The judge of another task of the same exercise (a check that builds on an earlier answer)."""
        return Expect(self.keys, self.exercise, number)

    def right(self, value: Any) -> bool:
        return self.prints.right(value)

    def mistake(self, value: Any) -> str | None:
        return self.prints.mistake(value)

    def contains(self, item: Any) -> bool:
        return self.prints.contains(item)

    def has_entry(self, key: Any, value: Any) -> bool:
        return self.prints.has_entry(key, value)

    @property
    def size(self) -> int:
        return self.prints.size

    def __call__(self, value: Any, what: str, *, extra: str = "", missing: str = "",
                 wrong: str | Callable[[Any], str] | None = None) -> None:
        from .answers import listing
        from .feedback import Wrong

        prints = self.prints
        if prints.right(value):
            return
        known = prints.mistake(value)
        if known:
            raise Wrong(known)
        kind = prints.compare.kind
        if kind in ("set", "map"):
            given = list(value) if kind == "set" else list(dict(value))
            noun = "id(s)" if kind == "set" else "key(s)"
            stray = [g for g in given if not prints.contains(g)]
            if stray:
                label = [repr(s) for s in stray]
                raise Wrong(f"{what} includes {listing(label)}, which should not be there. {extra}".strip())
            short = prints.size - len(set(map(canon, given)))
            if short > 0:
                raise Wrong(f"{what} is missing {short} {noun}. {missing}".strip())
            if kind == "map":
                bad = [k for k, v in dict(value).items() if not prints.has_entry(k, v)]
                if bad:
                    more = f" ({len(bad) - 1} other value(s) are also off.)" if len(bad) > 1 else ""
                    text = wrong(bad[0]) if callable(wrong) else wrong
                    raise Wrong((text or f"The value for {bad[0]!r} is not right.") + more)
        text = wrong(value) if callable(wrong) else wrong
        raise Wrong(text or f"{what} is not right yet.")

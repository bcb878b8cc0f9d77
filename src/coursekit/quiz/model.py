"""The quiz model: a bank of questions of six types, and how an answer to each is graded.

One model feeds every rendering (the ipywidgets view, the static HTML for the site, the LMS
exports). Answers are plain JSON values, the same in every view and in the progress file:

=============  ==========================================================
type           answer
=============  ==========================================================
single         the text of one option
multiple       a list of option texts
true-false     ``true`` or ``false``
numeric        a number (text such as ``"1,979"`` is parsed)
ordering       the items as a list, in the order the student put them
matching       a mapping from each left-hand item to the chosen right-hand item
=============  ==========================================================
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from ..knowledge.problems import first_repeat
from ..knowledge.schema import ExportText as Text
from ..knowledge.schema import OptionalExportText as OptionalText
from ..knowledge.schema import Record, Slug, export_text

TYPES = ("single", "multiple", "true-false", "numeric", "ordering", "matching")
# GIFT's escapes for the characters it gives a meaning; any other text of this form would be read
# by an importer as one of them
_GIFT_PLACEHOLDER = re.compile(r"&&\d{3};?")


def _answer_text(value: Any) -> Any:
    """A matching question's right-hand answer: plain one-line text in GIFT (Moodle), where it
    cannot be escaped, so what would change its meaning there is refused."""
    value = export_text(value)
    if isinstance(value, str):
        if "\n" in value:
            raise ValueError("a matching answer must be one line (GIFT keeps it as plain text)")
        if "->" in value:
            raise ValueError("contains '->', which GIFT (Moodle) reads as the end of the "
                             "left-hand item: reword it")
        if found := _GIFT_PLACEHOLDER.search(value):
            raise ValueError(f"contains {found.group()!r}, which GIFT importers read as an escaped "
                             "character: reword it")
    return value


AnswerText = Annotated[str, Field(min_length=1), BeforeValidator(_answer_text)]


class AnswerError(ValueError):
    """An answer that cannot be graded yet (nothing chosen, not a number, a position used twice)."""


@dataclass(frozen=True)
class Grade:
    correct: bool
    detail: str = ""  # how close a wrong answer came, e.g. "2 of 4 items in the right place"


def _unique(values: list[str], what: str) -> list[str]:
    if (twice := first_repeat(values)) is not None:
        raise ValueError(f"{what} {twice!r} appears twice")
    return values


class QuestionBase(Record):
    id: Slug
    prompt: Text
    feedback: Text  # explains the answer; shown after every check
    ref: Text  # a key of references.bib
    shuffle: bool | None = None  # shuffle the options; None: as the bank says

    def grade(self, answer: Any) -> Grade:  # pragma: no cover - every type overrides it
        raise NotImplementedError

    def correct_answer(self) -> Any:  # pragma: no cover - every type overrides it
        raise NotImplementedError


class Choice(QuestionBase):
    options: Annotated[list[Text], Field(min_length=2)]

    @field_validator("options")
    @classmethod
    def _distinct_options(cls, options: list[str]) -> list[str]:
        return _unique(options, "option")

    def _check_among(self, chosen: str) -> None:
        if chosen not in self.options:
            raise AnswerError(f"{chosen!r} is not one of the options")


def _among_options(value: str, info: ValidationInfo) -> str:
    options = info.data.get("options")
    if options is not None and value not in options:
        raise ValueError(f"the correct answer {value!r} is not among the options")
    return value


class Single(Choice):
    type: Literal["single"]
    answer: Text

    @field_validator("answer")
    @classmethod
    def _answer_is_an_option(cls, answer: str, info: ValidationInfo) -> str:
        return _among_options(answer, info)

    def grade(self, answer: Any) -> Grade:
        if not isinstance(answer, str) or not answer:
            raise AnswerError("Choose an answer first.")
        self._check_among(answer)
        return Grade(answer == self.answer)

    def correct_answer(self) -> str:
        return self.answer


class Multiple(Choice):
    type: Literal["multiple"]
    answers: list[Text]

    @field_validator("answers")
    @classmethod
    def _answers_are_options(cls, answers: list[str], info: ValidationInfo) -> list[str]:
        if not answers:
            raise ValueError("no correct answer: list at least one option under 'answers'")
        for answer in _unique(answers, "correct answer"):
            _among_options(answer, info)
        return answers

    def grade(self, answer: Any) -> Grade:
        if not isinstance(answer, (list, tuple)) or not answer:
            raise AnswerError("Select at least one option first.")
        for chosen in answer:
            self._check_among(chosen)
        chosen, right = set(answer), set(self.answers)
        if chosen == right:
            return Grade(True)
        return Grade(False, f"{len(chosen & right)} of your {len(chosen)} choices are correct, "
                            f"and the question has {len(right)} correct options.")

    def correct_answer(self) -> list[str]:
        return list(self.answers)


class TrueFalse(QuestionBase):
    type: Literal["true-false"]
    answer: bool

    def grade(self, answer: Any) -> Grade:
        if not isinstance(answer, bool):
            raise AnswerError("Choose True or False first.")
        return Grade(answer is self.answer)

    def correct_answer(self) -> bool:
        return self.answer


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_number(text: Any) -> float:
    """A number from what a student typed: spaces and thousands commas are ignored."""
    if isinstance(text, bool):
        raise AnswerError("Type a number first.")
    if isinstance(text, (int, float)):
        return float(text)
    cleaned = re.sub(r"[\s,]", "", str(text or "")).replace("\u2212", "-")
    if not cleaned:
        raise AnswerError("Type a number first.")
    if not _NUMBER.match(cleaned):
        raise AnswerError(f"{str(text).strip()!r} is not a number.")
    return float(cleaned)


class Numeric(QuestionBase):
    type: Literal["numeric"]
    answer: float
    tolerance: float = 0
    unit: OptionalText = None  # shown after the input, e.g. "year"

    @field_validator("tolerance")
    @classmethod
    def _not_negative(cls, tolerance: float) -> float:
        if tolerance < 0:
            raise ValueError(f"tolerance must not be negative (got {tolerance:g})")
        return tolerance

    def grade(self, answer: Any) -> Grade:
        value = parse_number(answer)
        # a little slack so that 0.1 + 0.2 style rounding never fails a right answer
        return Grade(abs(value - self.answer) <= self.tolerance + 1e-9)

    def correct_answer(self) -> float:
        return self.answer

    def shown_answer(self) -> str:
        text = f"{self.answer:g}" + (f" ± {self.tolerance:g}" if self.tolerance else "")
        return f"{text} {self.unit}" if self.unit else text


class Ordering(QuestionBase):
    type: Literal["ordering"]
    items: list[Text]  # in the correct order

    @field_validator("items")
    @classmethod
    def _at_least_two(cls, items: list[str]) -> list[str]:
        if len(items) < 2:
            raise ValueError(f"an ordering needs at least two items (got {len(items)})")
        return _unique(items, "item")

    def grade(self, answer: Any) -> Grade:
        if not isinstance(answer, (list, tuple)) or sorted(answer) != sorted(self.items):
            raise AnswerError("Give each item its own position first.")
        right = sum(a == b for a, b in zip(answer, self.items, strict=True))
        if right == len(self.items):
            return Grade(True)
        return Grade(False, f"{right} of {len(self.items)} items are in the right place.")

    def correct_answer(self) -> list[str]:
        return list(self.items)


class Pair(Record):
    left: Text
    right: AnswerText


class Matching(QuestionBase):
    type: Literal["matching"]
    pairs: list[Pair]
    distractors: list[AnswerText] = []  # extra right-hand choices that match nothing

    @field_validator("pairs")
    @classmethod
    def _at_least_two(cls, pairs: list[Pair]) -> list[Pair]:
        if len(pairs) < 2:
            raise ValueError(f"a matching question needs at least two pairs (got {len(pairs)})")
        _unique([p.left for p in pairs], "left-hand item")
        return pairs

    @field_validator("distractors")
    @classmethod
    def _not_a_right_answer(cls, distractors: list[str], info: ValidationInfo) -> list[str]:
        rights = {p.right for p in info.data.get("pairs") or []}
        for extra in _unique(distractors, "distractor"):
            if extra in rights:
                raise ValueError(f"distractor {extra!r} is also a right-hand answer")
        return distractors

    @property
    def choices(self) -> list[str]:
        """The right-hand choices: each distinct right item once, then the distractors."""
        return list(dict.fromkeys(p.right for p in self.pairs)) + list(self.distractors)

    def grade(self, answer: Any) -> Grade:
        if not isinstance(answer, dict) or any(not answer.get(p.left) for p in self.pairs):
            raise AnswerError("Choose a match for every item first.")
        right = sum(answer[p.left] == p.right for p in self.pairs)
        if right == len(self.pairs):
            return Grade(True)
        return Grade(False, f"{right} of {len(self.pairs)} matches are right.")

    def correct_answer(self) -> dict[str, str]:
        return {p.left: p.right for p in self.pairs}


Question = Single | Multiple | TrueFalse | Numeric | Ordering | Matching
MODELS: dict[str, type[QuestionBase]] = {
    "single": Single, "multiple": Multiple, "true-false": TrueFalse,
    "numeric": Numeric, "ordering": Ordering, "matching": Matching,
}


class BankHeader(Record):
    """A bank apart from its questions (which are validated one by one)."""

    id: Slug
    title: Text
    intro: OptionalText = None  # a sentence shown above the questions
    shuffle: bool = False  # shuffle the options of every question (a question may override)
    seed: int = 0  # the shuffles are fixed by this seed, the bank id and the question id


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None
    shuffle: bool = False
    seed: int = 0
    source: str = ""  # where it was loaded from, for messages

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"no question {qid!r} in quiz {self.id!r}")

    def element_id(self, qid: str | None = None) -> str:
        """A stable HTML id: a hash of the bank id and the question id, never random."""
        digest = hashlib.sha1(f"{self.id}\0{qid or ''}".encode()).hexdigest()[:10]
        return f"ckq-{digest}"

    def _rng(self, q: QuestionBase) -> random.Random:
        return random.Random(f"{self.seed}\0{self.id}\0{q.id}")

    def option_order(self, q: Question) -> list[str]:
        """The options (or right-hand choices) of a question in the order they are shown."""
        if isinstance(q, Choice):
            values = list(q.options)
        elif isinstance(q, Matching):
            values = q.choices
        else:
            return []
        if q.shuffle if q.shuffle is not None else self.shuffle:
            self._rng(q).shuffle(values)
        return values

    def item_order(self, q: Ordering) -> list[str]:
        """An ordering's items as shown: always shuffled (by the seed), never already in order."""
        items = list(q.items)
        self._rng(q).shuffle(items)
        if items == list(q.items):
            items = items[1:] + items[:1]
        return items

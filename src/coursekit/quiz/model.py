"""The quiz model: a bank, its pools, and what every question type shares.

Each question type is a module of :mod:`coursekit.quiz.types` (its model, how it is graded, its
site controls and its kernel controls); this module holds their base classes and the bank.
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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from ..knowledge.problems import first_repeat
from ..knowledge.schema import ExportText as Text
from ..knowledge.schema import OptionalExportText as OptionalText
from ..knowledge.schema import Record, Slug, export_text
from .images import IMAGE_TYPES
from .rules import message

if TYPE_CHECKING:
    from .types import Question


def _feedback_text(value: Any) -> Any:
    if (isinstance(value, str) and not value.strip()) or value is None:
        raise ValueError("an option's feedback must not be empty (leave the option out to give none)")
    return export_text(value)


FeedbackText = Annotated[str, Field(min_length=1), BeforeValidator(_feedback_text)]


class AnswerError(ValueError):
    """An answer that cannot be graded yet (nothing chosen, not a number, a position used twice)."""


@dataclass(frozen=True)
class Grade:
    correct: bool
    detail: str = ""  # how close a wrong answer came, e.g. "2 of 4 items in the right place"


def unique(values: list[str], what: str) -> list[str]:
    if (twice := first_repeat(values)) is not None:
        raise ValueError(f"{what} {twice!r} appears twice")
    return values


IMAGE_PATH = 100  # characters: the path, flattened, is a file name in every export package


class Image(Record):
    """A picture that is part of the question (a map, a chart, a document), with its text
    alternative, which is required: a reader who cannot see the picture gets the same question."""

    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9_./-]+$")]  # a path under the bank's folder
    alt: Text

    @field_validator("file")
    @classmethod
    def _an_image(cls, file: str) -> str:
        if file.startswith("/") or ".." in file.split("/"):
            raise ValueError(f"{file!r} must be a path inside the bank's folder (no leading / or ..)")
        if any(part in ("", ".") for part in file.split("/")):
            raise ValueError(f"{file!r} must be a plain path: no empty part and no '.' (write it as "
                             "folder/name.svg)")
        if len(file) > IMAGE_PATH:
            raise ValueError(f"{file[:40]!r}... is {len(file)} characters long: keep an image's path "
                             f"to {IMAGE_PATH} (it becomes a file name in export packages)")
        suffix = "." + file.rsplit(".", 1)[-1].lower() if "." in file else ""
        if suffix not in IMAGE_TYPES:
            raise ValueError(f"{file!r} is not an image file (expected one of: {', '.join(IMAGE_TYPES)})")
        return file

    @field_validator("alt")
    @classmethod
    def _says_something(cls, alt: str) -> str:
        if len(alt.split()) < 3:
            raise ValueError(f"alt text {alt!r} is too short to stand in for the image: describe what "
                             "it shows (at least three words)")
        return alt

    @property
    def mime(self) -> str:
        return IMAGE_TYPES["." + self.file.rsplit(".", 1)[-1].lower()]

    @property
    def name(self) -> str:
        """The file's name in an export package (its path, flattened)."""
        return self.file.replace("/", "-")


class QuestionBase(Record):
    id: Slug
    prompt: Text
    image: Image | None = None  # shown with the prompt, in every rendering and export
    feedback: Text  # explains the answer; shown after every check
    ref: Text  # a key of references.bib
    shuffle: bool | None = None  # shuffle the options; None: as the bank says
    assessment: bool = False  # exported to an LMS only: never on the site or in a notebook

    def grade(self, answer: Any) -> Grade:  # pragma: no cover - every type overrides it
        raise NotImplementedError

    def correct_answer(self) -> Any:  # pragma: no cover - every type overrides it
        raise NotImplementedError

    def shown_answer(self) -> str:  # pragma: no cover - every type overrides it
        """The right answer as a student reads it once it is revealed."""
        raise NotImplementedError

    def notes(self, answer: Any) -> list[str]:
        """The own feedback of each wrong option in ``answer`` (none for types without options)."""
        return []

    def choice_texts(self) -> list[str]:
        """The texts a student chooses among, before any shuffle (none for typed answers)."""
        return []


def feedback_keys(feedback: dict[str, str], known: list[str] | None,
                   expected: str = "one of the options") -> dict[str, str]:
    if known is not None:
        for key in feedback:
            if key not in known:
                raise ValueError(f"option_feedback names {key!r}, which is not {expected}")
    return feedback


class Choice(QuestionBase):
    options: Annotated[list[Text], Field(min_length=2)]
    # why an option is tempting and wrong, by option text; shown when a student chooses it
    option_feedback: dict[str, FeedbackText] = {}

    @field_validator("options")
    @classmethod
    def _distinct_options(cls, options: list[str]) -> list[str]:
        return unique(options, "option")

    @field_validator("option_feedback")
    @classmethod
    def _feedback_for_options(cls, feedback: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        return feedback_keys({k.strip(): v for k, v in feedback.items()}, info.data.get("options"))

    def choice_texts(self) -> list[str]:
        return list(self.options)

    def _check_among(self, chosen: str) -> None:
        if chosen not in self.options:
            raise AnswerError(message("not_an_option", text=chosen))

    def right_options(self) -> set[str]:  # pragma: no cover - both choice types override it
        raise NotImplementedError

    def wrong_feedback(self) -> dict[str, str]:
        """The feedback of the wrong options only (the site ships no other)."""
        right = self.right_options()
        return {o: t for o, t in self.option_feedback.items() if o not in right}

    def notes(self, answer: Any) -> list[str]:
        chosen = [answer] if isinstance(answer, str) else list(answer or [])
        wrong = self.wrong_feedback()
        return [wrong[o] for o in self.options if o in chosen and o in wrong]


def among_options(value: str, info: ValidationInfo) -> str:
    options = info.data.get("options")
    if options is not None and value not in options:
        raise ValueError(f"the correct answer {value!r} is not among the options")
    return value



def _count(value: Any) -> Any:
    """A pool's draw as YAML gives it: a whole number, not ``true``, ``2.0`` or ``"2"`` (which
    pydantic would quietly read as 1 or 2)."""
    if type(value) is not int:
        raise ValueError(f"draw must be a whole number of questions, like 2 (got {value!r})")
    if value < 1:
        raise ValueError(f"a pool draws at least one question (got {value})")
    return value


class Pool(Record):
    """Questions that stand in for one another: each reader gets ``draw`` of them."""

    id: Slug
    questions: Annotated[list[Slug], Field(min_length=2)]
    draw: Annotated[int, BeforeValidator(_count)]  # after questions: checked against their number

    @field_validator("questions")
    @classmethod
    def _distinct(cls, questions: list[str]) -> list[str]:
        return unique(questions, "question")

    @field_validator("draw")
    @classmethod
    def _can_draw(cls, draw: int, info: ValidationInfo) -> int:
        listed = info.data.get("questions")
        if listed is not None and draw > len(listed):
            raise ValueError(f"pool {info.data.get('id', '')!r} draws {draw} of {len(listed)} questions: "
                             "draw fewer or list more")
        return draw


def fnv1a(text: str, h: int = 0x811C9DC5) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: the draw's hash, the same in the site's script. ``h`` is
    the state to continue from: ``fnv1a(b, fnv1a(a)) == fnv1a(a + b)``."""
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def draw(seed: str, bank_id: str, pool: Pool) -> list[str]:
    """The ``pool.draw`` questions of a pool a reader with ``seed`` gets (in the pool's order)."""
    listed = list(pool.questions)
    start = fnv1a(f"{seed}\0{bank_id}\0")  # once: a seed may be long, a question id is short
    ranked = sorted(listed, key=lambda qid: (fnv1a(qid, start), qid))
    chosen = set(ranked[:pool.draw])
    return [qid for qid in listed if qid in chosen]


class BankHeader(Record):
    """A bank apart from its questions (which are validated one by one)."""

    id: Slug
    title: Text
    intro: OptionalText = None  # a sentence shown above the questions
    shuffle: bool = False  # shuffle the options of every question (a question may override)
    seed: int = 0  # the shuffles are fixed by this seed, the bank id and the question id
    assessment: bool = False  # the whole bank is exported to an LMS only, never shown
    pools: list[Pool] = []

    @field_validator("pools")
    @classmethod
    def _pools(cls, pools: list[Pool]) -> list[Pool]:
        unique([p.id for p in pools], "pool")
        seen: dict[str, str] = {}
        for pool in pools:
            for qid in pool.questions:
                if qid in seen:
                    raise ValueError(f"question {qid!r} is in pool {seen[qid]!r} and pool {pool.id!r}")
                seen[qid] = pool.id
        return pools


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None
    shuffle: bool = False
    seed: int = 0
    source: str = ""  # where it was loaded from, for messages
    assessment: bool = False
    pools: tuple[Pool, ...] = ()
    folder: Path | None = None  # the bank file's folder, where its images are

    def image_bytes(self, q: QuestionBase) -> bytes:
        """The bytes of a question's image, checked again as they are read (the site, the widget
        and every export embed these bytes): :class:`CourseDataError` if they may not be shown."""
        from ..knowledge.problems import CourseDataError, problem
        from .images import IMAGE_BYTES, image_problem

        if q.image is None or self.folder is None:
            raise ValueError(f"{self.id}/{q.id}: no image to read")
        try:
            with (self.folder / q.image.file).open("rb") as handle:
                content = handle.read(IMAGE_BYTES + 1)
            why = image_problem(q.image.file, q.image.mime, content)
        except OSError as exc:
            why = f"image {q.image.file!r} cannot be read ({exc.strerror or exc})"
        if why:
            raise CourseDataError([problem(self.source or self.id, why, record=q.id, field="image.file")])
        return content

    def image_uri(self, q: QuestionBase) -> str:
        """The image as a ``data:`` URI, so the page and the widget load nothing from elsewhere."""
        import base64

        assert q.image is not None  # image_bytes refused a question without one
        return f"data:{q.image.mime};base64,{base64.b64encode(self.image_bytes(q)).decode('ascii')}"

    def practice(self) -> Bank:
        """The bank as students may see it: without assessment questions (none if the bank is one)."""
        kept = () if self.assessment else tuple(q for q in self.questions if not q.assessment)
        ids = {q.id for q in kept}
        pools = []
        for pool in self.pools:
            inside = [qid for qid in pool.questions if qid in ids]
            if len(inside) >= 2:
                pools.append(pool.model_copy(update={"questions": inside,
                                                     "draw": min(pool.draw, len(inside))}))
        return replace(self, questions=kept, pools=tuple(pools), assessment=False)

    def pool_of(self, qid: str) -> Pool | None:
        return next((p for p in self.pools if qid in p.questions), None)

    def pool_by_question(self) -> dict[str, Pool]:
        """Each pooled question's pool, by question id: one walk of the pools, for the loops over
        every question (:meth:`pool_of` walks them for each)."""
        return {qid: pool for pool in self.pools for qid in pool.questions}

    def drawn(self, seed: str) -> tuple[Question, ...]:
        """The questions a reader with ``seed`` gets: every unpooled one, and each pool's draw."""
        chosen = {qid for pool in self.pools for qid in draw(seed, self.id, pool)}
        pooled = self.pool_by_question()
        return tuple(q for q in self.questions if q.id not in pooled or q.id in chosen)

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

    def option_order(self, q: QuestionBase) -> list[str]:
        """The options (or right-hand choices) of a question in the order they are shown."""
        values = q.choice_texts()
        if not values:
            return []
        if q.shuffle if q.shuffle is not None else self.shuffle:
            self._rng(q).shuffle(values)
        return values

    def item_order(self, q: Any) -> list[str]:
        """An ordering's items as shown: always shuffled (by the seed), never already in order."""
        items = list(q.items)
        self._rng(q).shuffle(items)
        if items == list(q.items):
            items = items[1:] + items[:1]
        return items

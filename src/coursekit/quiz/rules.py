"""The one definition of how a quiz responds: every message a student reads, and practice mode.

The kernel widget (:mod:`coursekit.quiz.widget`) calls :func:`respond`; the site's script
(``assets/static/coursekit-quiz.js``) receives :func:`page_data` as JSON in the page (escaped by
:mod:`coursekit.templating`) and follows the same steps with the same texts, so the two cannot
drift apart: a message is edited here, once.

Practice mode (the default, and the only mode a student sees):

1. a right answer: *Correct.*, the explanation and the source;
2. a first wrong answer: *Not quite.*, how close it came, the feedback of each wrong option the
   student chose (why it is tempting and wrong) and a nudge to think again, never the right
   answer's text;
3. a second wrong answer (``REVEAL_AFTER`` checks), or *Show answer*: the right answer, the
   explanation and the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

REVEAL_AFTER = 2  # wrong checks after which the answer and the explanation are shown

MESSAGES: dict[str, str] = {
    # the controls
    "question_number": "Question {number}.",
    "check": "Check",
    "check_label": "Check question {number}",
    "show_answer": "Show answer",
    "show_answer_label": "Show answer to question {number}",
    "start_again": "Start again",
    # what a check says
    "right": "Correct.",
    "wrong": "Not quite.",
    "nudge": "Think again about what the chapter says, then change your answer and check it once "
             "more, or press Show answer.",
    "answer_is": "The answer: {answer}",
    "source": "Source: {source}",
    # answers that cannot be graded yet
    "choose_one": "Choose an answer first.",
    "choose_true_false": "Choose True or False first.",
    "choose_some": "Select at least one option first.",
    "type_number": "Type a number first.",
    "not_a_number": "\u2018{text}\u2019 is not a number.",
    "not_an_option": "\u2018{text}\u2019 is not one of the options.",
    "give_positions": "Give each item its own position first.",
    "choose_matches": "Choose a match for every item first.",
    # how close a wrong answer came
    "close_multiple": "{right} of your {chosen} choices are correct, and the question has {total} "
                      "correct options.",
    "close_ordering": "{right} of {total} items are in the right place.",
    "close_matching": "{right} of {total} matches are right.",
    # the score and the summary
    "score": "Score: {right} of {total} correct ({answered} answered)",
    "summary": "All {total} questions answered: {right} correct.",
    "review_one": "To review: question {numbers}.",
    "review_many": "To review: questions {numbers}.",
    "well_done": "Well done.",
    # answers as text, shown once the answer is revealed
    "true": "True",
    "false": "False",
    "and": "; ",
    "then": ", then ",
    "matched": "{left} \u2192 {right}",
}

_FIELD = re.compile(r"\{([a-z_]+)\}")


def message(name: str, **values: Any) -> str:
    """A message with its ``{fields}`` filled in (values are inserted as they are, never parsed)."""
    template = MESSAGES[name]
    return _FIELD.sub(lambda m: str(values[m.group(1)]), template)


def score_line(right: int, total: int, answered: int) -> str:
    return message("score", right=right, total=total, answered=answered)


def summary_line(total: int, right: int, missed: list[int], answered: int) -> str:
    """The line shown once every question has been checked (empty before)."""
    if answered < total:
        return ""
    numbers = ", ".join(str(n) for n in missed)
    tail = (message("review_many" if len(missed) > 1 else "review_one", numbers=numbers) if missed
            else message("well_done"))
    return f"{message('summary', total=total, right=right)} {tail}"


@dataclass(frozen=True)
class Reply:
    """What one question shows after a check or *Show answer*, in the order shown."""

    verdict: str = ""  # "Correct." / "Not quite." ("" when the answer was only revealed)
    correct: bool | None = None
    detail: str = ""  # how close a wrong answer came
    notes: list[str] = field(default_factory=list)  # the chosen wrong options' own feedback
    nudge: str = ""  # before the answer is revealed
    answer: str = ""  # "The answer: ..." once revealed after a wrong answer or Show answer
    explanation: str = ""  # the question's feedback, once right or revealed
    source: str = ""  # "Source: ...", with the explanation
    can_reveal: bool = False  # offer Show answer

    def lines(self) -> list[str]:
        first = " ".join(t for t in (self.verdict, self.detail) if t)
        return [t for t in (first, *self.notes, self.nudge, self.answer, self.explanation, self.source) if t]


def respond(*, correct: bool | None, detail: str, notes: list[str], wrong_checks: int,
            revealed: bool, answer_text: str, explanation: str, source: str) -> Reply:
    """The practice-mode reply. ``correct`` is None when nothing was checked (Show answer only);
    ``wrong_checks`` counts this question's wrong checks so far, this one included."""
    shown = revealed or correct is True or wrong_checks >= REVEAL_AFTER
    verdict = "" if correct is None else message("right" if correct else "wrong")
    return Reply(
        verdict=verdict, correct=correct, detail="" if correct else detail,
        notes=[] if correct else list(notes),
        nudge="" if shown else message("nudge"),
        answer=message("answer_is", answer=answer_text) if shown and not correct else "",
        explanation=explanation if shown else "",
        source=message("source", source=source) if shown else "",
        can_reveal=not shown,
    )


def page_data() -> dict[str, Any]:
    """What the site's script needs to follow these rules: the messages and the reveal rule."""
    return {"messages": dict(MESSAGES), "reveal_after": REVEAL_AFTER}

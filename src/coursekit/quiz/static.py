"""The quiz as static HTML for the built site, answered in the page by ``assets/coursekit-quiz.js``.

The markup (a fieldset with a legend and labelled inputs per question, a ``role="status"``
feedback region, the score) comes from the templates in ``assets/quiz.html``; the answer key and
the feedback travel in a ``<script type="application/json">`` inside the quiz. Every value an
author wrote is escaped on the way in: HTML-escaped in the markup, and ``<``, ``>``, ``&`` turned
into JSON ``\\u`` escapes in the script, so no author text can end the script element. Element ids
are hashes of the bank and question ids (see :meth:`Bank.element_id`), so builds are identical.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources
from string import Template
from typing import Any

from .model import Bank, Choice, Matching, Multiple, Numeric, Ordering, Question, Single, TrueFalse

_SECTION = re.compile(r"<!-- section: ([\w-]+) -->\n(.*?)(?=<!-- section: |\Z)", re.DOTALL)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class Markup(str):
    """HTML made by this module from a template: inserted as is, not escaped again."""


@lru_cache(maxsize=1)
def templates() -> dict[str, Template]:
    source = resources.files("coursekit.quiz").joinpath("assets").joinpath("quiz.html")
    text = source.read_text(encoding="utf-8")
    return {name: Template(body.rstrip("\n")) for name, body in _SECTION.findall(text)}


def fill(name: str, **values: Any) -> Markup:
    """Fill one template; every value is HTML-escaped unless it is :class:`Markup`."""
    safe = {k: v if isinstance(v, Markup) else html.escape(str(v), quote=True) for k, v in values.items()}
    return Markup(templates()[name].substitute(safe))


def script_json(data: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` survive as themselves."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def _rows(qid: str, labels: list[str], choices: list[tuple[int, str]], placeholder: str) -> Markup:
    options = Markup("".join(fill("option", value=value, text=text) for value, text in choices))
    return Markup("\n".join(fill("row", id=qid, row=row, text=label, placeholder=placeholder,
                                 options=options) for row, label in labels))


def _controls(bank: Bank, q: Question, qid: str) -> tuple[Markup, dict[str, Any]]:
    """The inputs of one question, and its answer key in terms of the inputs' values."""
    if isinstance(q, Choice):
        kind = "checkbox" if isinstance(q, Multiple) else "radio"
        index = {text: i for i, text in enumerate(q.options)}
        shown = bank.option_order(q)
        markup = Markup("\n".join(fill("choice", kind=kind, id=qid, value=index[t], text=t) for t in shown))
        if isinstance(q, Single):
            return markup, {"answer": index[q.answer]}
        return markup, {"answers": sorted(index[a] for a in q.answers)}
    if isinstance(q, TrueFalse):
        markup = Markup("\n".join(fill("choice", kind="radio", id=qid, value=value, text=text)
                                  for value, text in (("true", "True"), ("false", "False"))))
        return markup, {"answer": q.answer}
    if isinstance(q, Numeric):
        return fill("numeric", id=qid, unit=q.unit or ""), {
            "answer": q.answer, "tolerance": q.tolerance, "shown": q.shown_answer()}
    if isinstance(q, Ordering):
        index = {text: i for i, text in enumerate(q.items)}
        positions = [(n, str(n)) for n in range(1, len(q.items) + 1)]
        labels = [(index[item], item) for item in bank.item_order(q)]
        return _rows(qid, labels, positions, "Position"), {"count": len(q.items)}
    if isinstance(q, Matching):
        choices = q.choices
        index = {text: i for i, text in enumerate(choices)}
        shown = [(index[text], text) for text in bank.option_order(q)]
        labels = [(row, pair.left) for row, pair in enumerate(q.pairs)]
        return _rows(qid, labels, shown, "Choose"), {"answers": [index[p.right] for p in q.pairs]}
    raise TypeError(f"no static rendering for question type {q.type!r}")  # pragma: no cover


def render(bank: Bank, sources: dict[str, str] | None = None, occurrence: int = 1) -> str:
    """The quiz as one HTML fragment (markup, answer key in JSON), ready for a ``text/html`` output.

    ``sources`` maps reference keys to the label shown after the feedback (default: the key).
    ``occurrence`` > 1 suffixes every id, for the same bank shown twice on one page.
    """
    sources = sources or {}
    suffix = "" if occurrence == 1 else f"-{occurrence}"
    items, data = [], []
    for number, q in enumerate(bank.questions, start=1):
        qid = bank.element_id(q.id) + suffix
        controls, key = _controls(bank, q, qid)
        items.append(fill("question", id=qid, question=q.id, type=q.type, number=number,
                          prompt=q.prompt, controls=controls))
        data.append({"id": q.id, "element": qid, "type": q.type, "feedback": q.feedback,
                     "source": sources.get(q.ref, q.ref), **key})
    intro = fill("intro", text=bank.intro) if bank.intro else Markup("")
    payload = {"quiz": bank.id, "title": bank.title, "questions": data}
    return fill("quiz", id=bank.element_id() + suffix, bank=bank.id, title=bank.title, intro=intro,
                questions=Markup("\n".join(items) + "\n"), count=len(bank.questions),
                data=Markup(script_json(payload)))

"""The quiz as static HTML for the built site, answered in the page by ``assets/coursekit-quiz.js``.

The markup (a fieldset with a legend and labelled inputs per question, a ``role="status"``
feedback region, the score) comes from ``templates/quiz.html.j2``; the answer key and the
feedback travel in a ``<script type="application/json">`` inside the quiz. Both go through the
package's one rendering stack (:mod:`coursekit.templating`): author text is a context variable,
escaped by the template, or JSON data, escaped by ``tojson``. Element ids are hashes of the bank
and question ids (see :meth:`Bank.element_id`), so builds are identical.

:func:`fill` renders one fragment of the kernel view (``templates/widget.html.j2``) for
:mod:`coursekit.quiz.widget`, escaped the same way.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..templating import macro
from ..templating import render as render_template
from .model import Bank
from .rules import MESSAGES, message, page_data, score_line
from .types import MODULES


def fill(name: str, **values: Any) -> Markup:
    """One fragment of the kernel view (``widget-prompt``, ``widget-feedback``, ...), escaped."""
    return macro("quiz/widget.html.j2", name.replace("-", "_"))(**values)


def render(bank: Bank, sources: dict[str, str] | None = None, occurrence: int = 1) -> str:
    """The quiz as one HTML fragment (markup, answer key in JSON), ready for a ``text/html`` output.

    ``sources`` maps reference keys to the label shown after the feedback (default: the key).
    ``occurrence`` > 1 suffixes every id, for the same bank shown twice on one page.
    Assessment questions are left out (:meth:`Bank.practice`); every pooled question is in the
    page, and the script shows the draw of the reader's per-browser seed.
    """
    bank = bank.practice()
    sources = sources or {}
    suffix = "" if occurrence == 1 else f"-{occurrence}"
    questions, data = [], []
    pooled = bank.pool_by_question()
    for number, q in enumerate(bank.questions, start=1):
        qid = bank.element_id(q.id) + suffix
        controls, key = MODULES[q.type].site(bank, q)
        questions.append({"id": qid, "question": q.id, "type": q.type,
                          "number": message("question_number", number=number),
                          "check": message("check_label", number=number),
                          "reveal": message("show_answer_label", number=number),
                          "pool": (pool.id if (pool := pooled.get(q.id)) else ""),
                          "prompt": q.prompt, "controls": controls,
                          "image": ({"src": bank.image_uri(q), "alt": q.image.alt} if q.image else None)})
        data.append({"id": q.id, "element": qid, "type": q.type, "feedback": q.feedback,
                     "source": sources.get(q.ref, q.ref), "shown": q.shown_answer(), **key})
    pools = [{"id": p.id, "draw": p.draw, "questions": list(p.questions)} for p in bank.pools]
    return render_template("quiz/quiz.html.j2", id=bank.element_id() + suffix, bank=bank.id,
                           title=bank.title, intro=bank.intro, questions=questions,
                           messages=MESSAGES, score=score_line(0, len(bank.drawn("0")), 0),
                           data={"quiz": bank.id, "title": bank.title, "questions": data,
                                 "pools": pools, "rules": page_data()})

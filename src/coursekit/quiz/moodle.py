"""Export quiz banks as Moodle XML, the richest format Moodle's question bank imports.

Unlike GIFT it carries a category per chapter, each answer's own feedback and the general
feedback, matching questions with distractors and numeric tolerances:

============  ======================================================================
coursekit     Moodle XML
============  ======================================================================
single        ``multichoice``, ``single`` true; each option with its feedback
multiple      ``multichoice``, ``single`` false; right options share 100 %, wrong ones
              take it away (Moodle gives partial credit: noted)
true-false    ``truefalse``, each answer with its feedback
numeric       ``numerical``, the answer with its ``tolerance``
ordering      ``matching``, item -> position (noted: Moodle's ordering type is not in
              every version, matching imports everywhere)
matching      ``matching``; a distractor is a subquestion with no text
============  ======================================================================

Categories: ``$course$/top/coursekit/<bank id>``; a pool's questions go to a subcategory
``.../<bank id>/<pool id>``, from which an instructor adds *random questions* (k of n) to a quiz
(noted for each pool). Assessment questions are exported like any other. Author text is
HTML-escaped inside ``format="html"`` texts, so markup arrives as text.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from .export import categories, general_feedback, moodle_pairs
from .model import Bank
from .types import Multiple, Numeric, Question, Single, TrueFalse
from .types.numeric import number_text


def _weight(share: float) -> str:
    return f"{share:.5f}".rstrip("0").rstrip(".")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _html(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    """``<tag format="html"><text>escaped author text</text></tag>``."""
    el = _sub(parent, tag, format="html", **attrs)
    _sub(el, "text", html.escape(text, quote=False))
    return el


def _plain(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = _sub(parent, tag)
    _sub(el, "text", text)
    return el


def _category(quiz: ET.Element, path: str) -> None:
    question = _sub(quiz, "question", type="category")
    _plain(question, "category", path)


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str | None,
            fmt: str = "html") -> ET.Element:
    answer = _sub(parent, "answer", fraction=fraction, format=fmt)
    _sub(answer, "text", html.escape(text, quote=False) if fmt == "html" else text)
    if feedback:
        _html(answer, "feedback", feedback)
    return answer


def _question(quiz: ET.Element, bank: Bank, q: Question, general: str, notes: list[str]) -> None:
    where = f"{bank.id}/{q.id}"
    kind = {"single": "multichoice", "multiple": "multichoice", "true-false": "truefalse",
            "numeric": "numerical", "ordering": "matching", "matching": "matching"}[q.type]
    question = _sub(quiz, "question", type=kind)
    _plain(question, "name", q.id)
    text = _html(question, "questiontext", q.prompt)
    if q.image is not None:  # embedded in the file, shown under the prompt
        import base64

        text[0].text = (text[0].text or "") + (f'<p><img src="@@PLUGINFILE@@/{html.escape(q.image.name)}" '
                         f'alt="{html.escape(q.image.alt)}"></p>')
        _sub(text, "file", base64.b64encode(bank.image_bytes(q)).decode("ascii"), name=q.image.name,
             path="/", encoding="base64")
    _html(question, "generalfeedback", general)
    _sub(question, "defaultgrade", "1")
    _sub(question, "penalty", "0")
    _sub(question, "hidden", "0")
    _sub(question, "idnumber", f"{bank.id}-{q.id}")
    if isinstance(q, (Single, Multiple)):
        _sub(question, "single", "true" if isinstance(q, Single) else "false")
        _sub(question, "shuffleanswers", "true" if bank.shuffle or q.shuffle else "false")
        _sub(question, "answernumbering", "abc")
        right = q.right_options()
        if isinstance(q, Multiple):
            wrong = len(q.options) - len(right)
            notes.append(f"{where}: Moodle gives partial credit for a multiple-answer question "
                         f"({_weight(100 / len(right))}% per right option); coursekit scores it all "
                         "or nothing")
        for option in q.options:
            if option in right:
                fraction = "100" if isinstance(q, Single) else _weight(100 / len(right))
            else:
                fraction = "0" if isinstance(q, Single) else _weight(-100 / max(1, wrong))
            _answer(question, fraction, option, q.option_feedback.get(option))
    elif isinstance(q, TrueFalse):
        for value in (True, False):
            key = "true" if value else "false"
            _answer(question, "100" if q.answer is value else "0", key, q.option_feedback.get(key),
                    fmt="moodle_auto_format")
    elif isinstance(q, Numeric):
        answer = _answer(question, "100", number_text(q.answer), None, fmt="moodle_auto_format")
        _sub(answer, "tolerance", number_text(q.tolerance))  # the unit, if any, is in the prompt
    else:
        _sub(question, "shuffleanswers", "true")
        pairs, extras = moodle_pairs(q, notes, where, "Moodle's ordering question is not in every "
                                     "Moodle version (matching imports everywhere)")
        for left, match in [*pairs, *(("", extra) for extra in extras)]:
            sub = _html(question, "subquestion", left)
            _plain(sub, "answer", match)  # Moodle shows a matching answer as plain text


def to_moodle_xml(banks: list[Bank], sources: dict[str, str], notes: list[str]) -> tuple[bytes, int]:
    """Every bank as one Moodle XML ``<quiz>``: (the file's bytes, the number of questions)."""
    quiz = ET.Element("quiz")
    count = 0
    for bank in banks:
        for path, questions in categories(bank, notes):
            _category(quiz, path)
            for q in questions:
                _question(quiz, bank, q, general_feedback(q, sources), notes)
                count += 1
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True), count

"""Export quiz banks to a learning-management system: Moodle GIFT, and QTI 1.2 for Canvas.

Each question type goes to the closest LMS type; where one cannot be expressed exactly, the
export says so in a note (``Export.notes``) rather than silently changing the question:

============  ==============================  ===================================
coursekit     GIFT (Moodle)                   QTI 1.2 (Canvas)
============  ==============================  ===================================
single        multiple choice, one right      multiple_choice_question
multiple      multiple choice, weighted (*)   multiple_answers_question
true-false    true/false                      true_false_question
numeric       numerical, answer:tolerance     numerical_question (a range)
ordering      matching, item -> position (*)  matching_question, item -> position (*)
matching      matching                        matching_question
============  ==============================  ===================================

(*) noted in the export: GIFT has no ordering type and no all-or-nothing multiple answer;
Moodle wants at least three answers in a matching question; Canvas QTI has no ordering type.

All author text is HTML-escaped and marked as HTML, so ``<script>`` arrives in the LMS as text. In
GIFT, every text that GIFT lets carry a format is written ``[html]...``: an author's own
``[html]``/``[plain]`` prefix, or a ``%50%`` at the start of an answer (a Moodle weight), is then
plain text. GIFT's reserved characters ``~ = # { } :`` and the backslash are escaped with a
backslash, and line breaks (``\r``, ``\n``, U+2028, U+2029) written as GIFT's ``\n``, so no
author text can end a line, a question or the file. A matching question's right-hand answers are
plain text in GIFT (Moodle shows them as written): they are GIFT-escaped only, and the quiz model
refuses the few texts GIFT cannot carry there (a line break, ``->``, ``&&058;``-style escapes).
Text with a control character cannot be exported to either format (``coursekit check`` reports it
first); the export refuses it rather than write a file an importer cannot read.
"""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from ..knowledge.schema import text_problem
from .model import Bank, Pool
from .types import Matching, Multiple, Numeric, Ordering, Question, Single, TrueFalse
from .types.numeric import number_text

FORMATS = ("gift", "moodle", "qti")
CATEGORY_ROOT = "$course$/top/coursekit"
_GIFT_RESERVED = re.compile(r"([\\~=#{}:])")
_LINE_BREAKS = re.compile("\r\n|[\r\n\u2028\u2029]")
_COMMENT_BREAKS = re.compile("[\r\n\u2028\u2029\x0b\x0c\x85]+")
QTI_TYPES = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
             "true-false": "true_false_question", "numeric": "numerical_question",
             "ordering": "matching_question", "matching": "matching_question"}


@dataclass
class Export:
    format: str
    content: bytes
    questions: int = 0
    notes: list[str] = field(default_factory=list)


class ExportError(ValueError):
    """A text cannot be written to the export format (the message names the question)."""


def _exportable(text: str, where: str) -> str:
    why = text_problem(text)
    if why:
        raise ExportError(f"{where}: {why}; run 'coursekit check'")
    return text


def gift_plain(text: str) -> str:
    """Text for GIFT as it is: GIFT's reserved characters escaped, line breaks as ``\\n``."""
    return _LINE_BREAKS.sub(r"\\n", _GIFT_RESERVED.sub(r"\\\1", text))


def gift_escape(text: str) -> str:
    """Author text for GIFT: HTML-escaped (shown as text), then escaped as :func:`gift_plain`."""
    return gift_plain(html.escape(text, quote=False))


def gift_html(text: str) -> str:
    """A GIFT text that may carry a format: ``[html]`` and the escaped text (so a leading
    ``[plain]`` or ``%50%`` of the author's is text, not a format or a weight)."""
    return "[html]" + gift_escape(text)


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def isolated(text: str) -> str:
    """Author text that an export follows with its own words in the same paragraph: in a bidi
    isolate (U+2068 ... U+2069) when it holds a bidi control, so an unclosed override such as
    U+202E cannot turn what follows; other text as written."""
    return f"\u2068{text}\u2069" if _BIDI.search(text) else text


def general_feedback(q: Question, sources: dict[str, str]) -> str:
    """The feedback every LMS shows after the question: the explanation, then its source."""
    return f"{isolated(q.feedback)} (Source: {isolated(sources.get(q.ref, q.ref))}.)"


def _weight(share: float) -> str:
    return f"{share:.5f}".rstrip("0").rstrip(".")


def _position(n: int) -> str:
    """An English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st, 112th."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def moodle_pairs(q: Ordering | Matching, notes: list[str], where: str,
                 why: str) -> tuple[list[tuple[str, str]], list[str]]:
    """A matching question for Moodle: (left, right) pairs and extra answers; an ordering becomes
    each item matched to its position (noted, with ``why``). Moodle refuses a matching question
    with fewer than three answers: noted too."""
    if isinstance(q, Ordering):
        notes.append(f"{where}: {why}; exported as matching, each item to its position")
        pairs = [(item, _position(n)) for n, item in enumerate(q.items, start=1)]
        extras: list[str] = []
    else:
        pairs, extras = [(p.left, p.right) for p in q.pairs], list(q.distractors)
    if len({r for _, r in pairs}) + len(extras) < 3:
        notes.append(f"{where}: Moodle asks for at least three answers in a matching question; "
                     "add a distractor before importing")
    return pairs, extras


def _gift_feedback(text: str | None) -> str:
    """An answer's own feedback in GIFT: ``#`` and the text (nothing when there is none)."""
    return f"#{gift_html(text)}" if text else ""


def _gift_true_false(q: TrueFalse) -> str:
    """``TRUE#wrong#right``: Moodle reads the first feedback as the one for the wrong answer
    (qformat_gift's ``split_truefalse_comment``), the second as the right one's."""
    right, wrong = ("true", "false") if q.answer else ("false", "true")
    out = ("TRUE" if q.answer else "FALSE") + _gift_feedback(q.option_feedback.get(wrong))
    if right in q.option_feedback:
        out += ("" if wrong in q.option_feedback else "#") + _gift_feedback(q.option_feedback[right])
    return out


def _gift_answers(q: Question, notes: list[str], where: str) -> list[str]:
    e = gift_html
    if isinstance(q, Single):
        return [("=" if o == q.answer else "~") + e(o) + _gift_feedback(q.option_feedback.get(o))
                for o in q.options]
    if isinstance(q, Multiple):
        right, wrong = 100 / len(q.answers), -100 / max(1, len(q.options) - len(q.answers))
        notes.append(f"{where}: multiple select exported with partial credit "
                     f"({_weight(right)}% per right option, {_weight(wrong)}% per wrong one); "
                     "coursekit scores it all or nothing")
        return [f"~%{_weight(right if o in q.answers else wrong)}%{e(o)}"
                + _gift_feedback(q.option_feedback.get(o)) for o in q.options]
    if isinstance(q, (Ordering, Matching)):
        pairs, extras = moodle_pairs(q, notes, where, "GIFT has no ordering question")
        plain = gift_plain  # Moodle keeps a matching answer as plain text
        return [f"={e(left)} -> {plain(r)}" for left, r in pairs] + [f"= -> {plain(x)}" for x in extras]
    raise TypeError(f"no GIFT mapping for {q.type!r}")  # pragma: no cover


def to_gift(banks: list[Bank], sources: dict[str, str] | None = None) -> Export:
    """Every bank as one GIFT file: a ``$CATEGORY`` per bank and per pool (see :func:`categories`)."""
    _one_bank_per_id(banks)
    sources = sources or {}
    out: list[str] = []
    notes: list[str] = []
    count = 0
    for bank in banks:
        _check_bank(bank, sources, notes)
        out += [f"// {_COMMENT_BREAKS.sub(' ', bank.title)}"]
        for category, questions in categories(bank, notes):
            out += [f"$CATEGORY: {category}", ""]
            out += _gift_questions(bank, questions, sources, notes)
            count += len(questions)
    return Export("gift", "\n".join(out).encode("utf-8"), count, notes)


def categories(bank: Bank, notes: list[str]) -> list[tuple[str, list[Question]]]:
    """The Moodle categories of a bank, each with its questions: the bank's own
    (``$course$/top/coursekit/<bank>``) for every unpooled question, then one subcategory per
    pool, from which an instructor adds random questions (k of n; noted for each pool)."""
    pooled = bank.pool_by_question()
    root = f"{CATEGORY_ROOT}/{bank.id}"
    out = [(root, [q for q in bank.questions if q.id not in pooled])]
    for pool in bank.pools:
        notes.append(f"{bank.id}: pool {pool.id!r} is the Moodle category {bank.id}/{pool.id}: "
                     f"add {pool.draw} random question(s) from it to the quiz")
        out.append((f"{root}/{pool.id}", [q for q in bank.questions if q.id in pooled
                                          and pooled[q.id].id == pool.id]))
    return out


def _gift_questions(bank: Bank, questions: list[Question], sources: dict[str, str],
                    notes: list[str]) -> list[str]:
    out: list[str] = []
    for q in questions:
        where = f"{bank.id}/{q.id}"
        prompt = q.prompt
        if q.image is not None:
            notes.append(f"{where}: GIFT cannot carry the image; its text alternative is added "
                         "to the prompt (Moodle XML embeds the image)")
            prompt = f"{isolated(q.prompt)} [Image: {isolated(q.image.alt)}]"
        head = f"::{gift_plain(q.id)}::{gift_html(prompt)} {{"
        general = f"\t####{gift_html(general_feedback(q, sources))}"
        if isinstance(q, TrueFalse):
            body = [f"\t{_gift_true_false(q)}"]
        elif isinstance(q, Numeric):
            body = [f"\t#{number_text(q.answer)}:{number_text(q.tolerance)}"]
        else:
            body = ["\t" + a for a in _gift_answers(q, notes, where)]
        out += [head, *body, general, "}", ""]
    return out


def _texts(q: Question) -> list[tuple[str, str]]:
    """(field, text) of every author text of a question that an export writes."""
    out = [("prompt", q.prompt), ("feedback", q.feedback), ("ref", q.ref)]
    if q.image is not None:
        out.append(("image.alt", q.image.alt))
    for name in ("options", "items", "distractors"):
        out += [(f"{name}[{i}]", t) for i, t in enumerate(getattr(q, name, None) or [])]
    for i, pair in enumerate(getattr(q, "pairs", None) or []):
        out += [(f"pairs[{i}].left", pair.left), (f"pairs[{i}].right", pair.right)]
    for key, text in (getattr(q, "option_feedback", None) or {}).items():
        out.append((f"option_feedback[{key!r}]", text))
    return out


def _check_bank(bank: Bank, sources: dict[str, str], notes: list[str]) -> None:
    """Refuse a bank with text neither format can carry (a bank loaded from YAML never has it),
    and note what every format leaves out."""
    _exportable(bank.title, f"{bank.id}: title")
    if bank.intro:
        _exportable(bank.intro, f"{bank.id}: intro")
    for q in bank.questions:
        for name, text in [*_texts(q), ("source", sources.get(q.ref, q.ref))]:
            _exportable(text, f"{bank.id}/{q.id}: {name}")
        if isinstance(q, Numeric) and q.unit and q.unit.casefold() not in q.prompt.casefold():
            notes.append(f"{bank.id}/{q.id}: the unit {q.unit!r} is not exported (an LMS number "
                         "field takes none) and the prompt does not name it: add it to the prompt")


# --- QTI 1.2, as Canvas imports it -----------------------------------------------------------------

def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _material(parent: ET.Element, text: str, image: tuple[str, str] | None = None) -> None:
    # HTML-escaped author text inside an XML text node: the LMS shows it as text, never as markup;
    # an image (its path in the package, its alt text) follows as an <img> we write ourselves
    markup = html.escape(text, quote=False)
    if image is not None:
        markup += f'<p><img src="{html.escape(image[0])}" alt="{html.escape(image[1])}"></p>'
    _sub(_sub(parent, "material"), "mattext", markup, texttype="text/html")


def _meta(item: ET.Element, qtype: str) -> None:
    fields = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", qtype), ("points_possible", "1")):
        f = _sub(fields, "qtimetadatafield")
        _sub(f, "fieldlabel", label)
        _sub(f, "fieldentry", entry)


def _processing(item: ET.Element) -> ET.Element:
    """``resprocessing`` with the score variable and, first, the general feedback: a condition
    that always holds and lets processing continue (a scoring condition later stops it)."""
    proc = _sub(item, "resprocessing")
    _sub(_sub(proc, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    general = _sub(proc, "respcondition", continue_="Yes")
    _sub(_sub(general, "conditionvar"), "other")
    _sub(general, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
    return proc


def _choice_item(item: ET.Element, pres: ET.Element, options: list[str], right: set[str],
                 multiple: bool, option_feedback: dict[str, str]) -> ET.Element:
    lid = _sub(pres, "response_lid", ident="response1", rcardinality="Multiple" if multiple else "Single")
    render = _sub(lid, "render_choice")
    for n, option in enumerate(options):
        label = _sub(render, "response_label", ident=f"o{n}")
        _material(label, option)
    proc = _processing(item)
    for n, option in enumerate(options):  # each option's own feedback, when it is chosen
        if option_feedback.get(option):
            cond = _sub(proc, "respcondition", continue_="Yes")
            _sub(_sub(cond, "conditionvar"), "varequal", f"o{n}", respident="response1")
            _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=f"o{n}_fb")
    cond = _sub(proc, "respcondition", continue_="No")
    var = _sub(cond, "conditionvar")
    if multiple:
        var = _sub(var, "and")
        for n, option in enumerate(options):
            parent = var if option in right else _sub(var, "not")
            _sub(parent, "varequal", f"o{n}", respident="response1")
    else:
        _sub(var, "varequal", next(f"o{n}" for n, o in enumerate(options) if o in right),
             respident="response1")
    _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    return proc


def _qti_item(section: ET.Element, bank: Bank, q: Question, sources: dict[str, str],
              notes: list[str]) -> None:
    item = _sub(section, "item", ident=f"{bank.id}-{q.id}", title=q.id)
    _meta(item, QTI_TYPES[q.type])  # itemmetadata comes before presentation in QTI 1.2
    pres = _sub(item, "presentation")
    _material(pres, q.prompt, (f"images/{q.image.name}", q.image.alt) if q.image else None)
    answer_feedback: dict[str, str] = {}  # label ident -> text
    if isinstance(q, (Single, Multiple)):
        right = set(q.answers) if isinstance(q, Multiple) else {q.answer}
        _choice_item(item, pres, list(q.options), right, isinstance(q, Multiple), q.option_feedback)
        answer_feedback = {f"o{n}": q.option_feedback[o] for n, o in enumerate(q.options)
                           if o in q.option_feedback}
    elif isinstance(q, TrueFalse):
        by_label = {"True": q.option_feedback.get("true", ""), "False": q.option_feedback.get("false", "")}
        _choice_item(item, pres, ["True", "False"], {"True" if q.answer else "False"}, False, by_label)
        answer_feedback = {f"o{n}": by_label[o] for n, o in enumerate(["True", "False"]) if by_label[o]}
    elif isinstance(q, Numeric):
        _sub(_sub(pres, "response_str", ident="response1", rcardinality="Single"), "render_fib",
             fibtype="Decimal")
        proc = _processing(item)
        cond = _sub(proc, "respcondition", continue_="No")
        var = _sub(cond, "conditionvar")
        _sub(var, "vargte", number_text(q.answer - q.tolerance), respident="response1")
        _sub(var, "varlte", number_text(q.answer + q.tolerance), respident="response1")
        _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    else:
        if isinstance(q, Ordering):
            notes.append(f"{bank.id}/{q.id}: QTI 1.2 (Canvas) has no ordering question; exported as "
                         "matching, each item to its position")
            pairs = [(it, _position(n)) for n, it in enumerate(q.items, start=1)]
            choices = [right for _, right in pairs]
        else:
            pairs, choices = [(p.left, p.right) for p in q.pairs], list(q.choices)
        proc = _processing(item)
        for row, (left, match) in enumerate(pairs):
            lid = _sub(pres, "response_lid", ident=f"response_{row}")
            _material(lid, left)
            render = _sub(lid, "render_choice")
            for n, choice in enumerate(choices):
                _material(_sub(render, "response_label", ident=f"c{n}"), choice)
            cond = _sub(proc, "respcondition")
            _sub(_sub(cond, "conditionvar"), "varequal", f"c{choices.index(match)}",
                 respident=f"response_{row}")
            _sub(cond, "setvar", _weight(100 / len(pairs)), action="Add", varname="SCORE")
    feedback = _sub(item, "itemfeedback", ident="general_fb")
    _material(_sub(feedback, "flow_mat"), general_feedback(q, sources))
    for ident, text in answer_feedback.items():
        _material(_sub(_sub(item, "itemfeedback", ident=f"{ident}_fb"), "flow_mat"), text)


def _group(section: ET.Element, bank: Bank, pool: Pool) -> ET.Element:
    """A Canvas question group: a section that picks ``pool.draw`` of its items for each student."""
    group = _sub(section, "section", ident=f"{bank.id}-{pool.id}", title=pool.id)
    selection = _sub(_sub(group, "selection_ordering"), "selection")
    _sub(selection, "selection_number", str(pool.draw))
    _sub(_sub(selection, "selection_extension"), "points_per_item", "1")
    return group


def _unique_idents(banks: list[Bank]) -> None:
    """Every ident in the package names one thing: Canvas keys the banks, question groups and
    questions it imports by ident, and ``<bank>-<id>`` can be spelled two ways."""
    from ..knowledge.problems import CourseDataError, problem

    owner: dict[str, str] = {}
    for bank in banks:
        named: list[tuple[str, str, str, str | None]] = [("bank", bank.id, bank.id, None)]
        named += [("pool", f"{bank.id}-{p.id}", p.id, None) for p in bank.pools]
        named += [("question", f"{bank.id}-{q.id}", q.id, q.id) for q in bank.questions]
        for kind, ident, name, record in named:
            what = f"{kind} {name!r} of bank {bank.id!r}" if kind != "bank" else f"bank {bank.id!r}"
            if ident in owner:
                raise CourseDataError([problem(bank.source or bank.id, f"its QTI ident {ident!r} is "
                                               f"also that of {owner[ident]}: Canvas would take the "
                                               "two for one (rename one)", record=record, field="id")])
            owner[ident] = what


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def to_qti(banks: list[Bank], sources: dict[str, str] | None = None) -> Export:
    """A Canvas QTI 1.2 package (zip): one assessment per bank and an ``imsmanifest.xml``."""
    _one_bank_per_id(banks)
    _unique_idents(banks)
    sources = sources or {}
    notes: list[str] = []
    files: dict[str, bytes] = {}
    count = 0
    manifest = ET.Element("manifest", identifier="coursekit-quizzes",
                          xmlns="http://www.imsglobal.org/xsd/imscp_v1p1")
    meta = _sub(manifest, "metadata")
    _sub(meta, "schema", "IMS Content")
    _sub(meta, "schemaversion", "1.1.3")
    _sub(manifest, "organizations")
    resources = _sub(manifest, "resources")
    for bank in banks:
        _check_bank(bank, sources, notes)
        root = ET.Element("questestinterop", xmlns="http://www.imsglobal.org/xsd/ims_qtiasiv1p2")
        assessment = _sub(root, "assessment", ident=bank.id, title=bank.title)
        section = _sub(assessment, "section", ident="root_section")
        groups = {pool.id: _group(section, bank, pool) for pool in bank.pools}
        pooled = bank.pool_by_question()
        for q in bank.questions:
            pool = pooled.get(q.id)
            _qti_item(groups[pool.id] if pool else section, bank, q, sources, notes)
            count += 1
        name = f"{bank.id}/{bank.id}.xml"
        files[name] = _xml(root)
        resource = _sub(resources, "resource", identifier=f"res-{bank.id}", type="imsqti_xmlv1p2")
        _sub(resource, "file", href=name)
        for q in bank.questions:  # images travel in the package, next to the questions
            if q.image is not None:
                files[f"{bank.id}/images/{q.image.name}"] = bank.image_bytes(q)
                _sub(resource, "file", href=f"{bank.id}/images/{q.image.name}")
    files["imsmanifest.xml"] = _xml(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # same bytes on every run
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return Export("qti", buffer.getvalue(), count, notes)


def to_moodle(banks: list[Bank], sources: dict[str, str] | None = None) -> Export:
    """Every bank as one Moodle XML file (see :mod:`coursekit.quiz.moodle`)."""
    from .moodle import to_moodle_xml

    _one_bank_per_id(banks)
    sources = sources or {}
    notes: list[str] = []
    for bank in banks:
        _check_bank(bank, sources, notes)
    content, count = to_moodle_xml(banks, sources, notes)
    return Export("moodle", content, count, notes)


def _one_bank_per_id(banks: list[Bank]) -> None:
    """An export holds each bank once, under its id (a QTI folder, a Moodle category): two banks
    with one id would overwrite or merge into one another."""
    from ..knowledge.problems import CourseDataError, problem

    seen: dict[str, Bank] = {}
    for bank in banks:
        if bank.id not in seen:
            seen[bank.id] = bank
            continue
        first = seen[bank.id]
        if first.source == bank.source:
            why = f"bank {bank.id!r} is given twice: export it once"
        else:
            why = (f"bank {bank.id!r} is also the id of {first.source}: an export holds each bank "
                   "once, under its id (rename one)")
        raise CourseDataError([problem(bank.source or bank.id, why, field="id")])


def export(banks: list[Bank], fmt: str, sources: dict[str, str] | None = None) -> Export:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    return {"gift": to_gift, "moodle": to_moodle, "qti": to_qti}[fmt](banks, sources)

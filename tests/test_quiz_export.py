"""LMS export: GIFT parsed back (count, types, correct answers), escaping, QTI 1.2, the command."""

from __future__ import annotations

import argparse
import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from coursekit.quiz import export as export_module
from coursekit.quiz import load_bank
from coursekit.quiz.bank import shipped_banks
from coursekit.quiz.cli import add_commands
from coursekit.quiz.export import export, gift_escape, to_gift, to_moodle, to_qti

from .conftest import DATA

FIXTURE = load_bank(DATA / "quiz" / "valid" / "fixture.yaml")
ABOUT = load_bank("01-about")
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


def _unescape(text: str) -> str:
    """GIFT text back to what the author wrote: the format, backslash escapes, the HTML escaping."""
    text = text.strip()
    html_text = text.startswith("[html]")
    text = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text.removeprefix("[html]"))
    return html.unescape(text) if html_text else text


def _split(text: str, sep: str) -> list[str]:
    """Split at ``sep`` where it is not escaped with a backslash."""
    return re.split(r"(?<!\\)" + re.escape(sep), text)


def parse_gift(text: str) -> list[dict]:
    """A small independent GIFT reader: enough to read back what the exporter writes."""
    questions = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if line.strip() and not line.startswith("//")
                 and not line.startswith("$CATEGORY")]
        if not lines:
            continue
        source = "\n".join(lines)
        match = re.match(r"::(.*?)(?<!\\)::\[html\](.*?)(?<!\\)\{(.*)(?<!\\)\}\s*$", source, re.DOTALL)
        assert match, f"not a GIFT question: {source!r}"
        qid, prompt, body = match.groups()
        body, _, general = body.partition("####")
        answers = [a.strip() for a in body.strip().splitlines()]
        q = {"id": _unescape(qid), "prompt": _unescape("[html]" + prompt.strip()),
             "feedback": _unescape(general.strip())}
        if len(answers) == 1 and _split(answers[0], "#")[0] in ("TRUE", "FALSE"):
            value, *feedback = _split(answers[0], "#")  # the wrong answer's feedback, the right one's
            q.update(type="truefalse", answer=value == "TRUE",
                     feedback_wrong_right=[_unescape(f) if f else None for f in feedback])
        elif answers[0].startswith("#"):
            value, tolerance = _split(answers[0][1:], ":")
            q.update(type="numerical", answer=float(value), tolerance=float(tolerance))
        elif all(a.startswith("=") and len(_split(a, " -> ")) == 2 for a in answers):
            pairs = [tuple(_unescape(part) for part in _split(a[1:], " -> ")) for a in answers]
            q.update(type="matching", pairs={left: right for left, right in pairs if left},
                     extras=[right for left, right in pairs if not left])
        else:
            chosen, weights, own = [], {}, {}
            for n, a in enumerate(answers):
                a, *feedback = _split(a, "#")
                answers[n] = a
                if feedback:
                    own[_unescape(re.sub(r"^[~=](%-?[\d.]+%)?", "", a))] = _unescape(feedback[0])
                weight = re.match(r"~%(-?[\d.]+)%(\[html\].*)", a)
                if weight:
                    weights[_unescape(weight.group(2))] = float(weight.group(1))
                elif a.startswith("="):
                    chosen.append(_unescape(a[1:]))
            if weights:
                q.update(type="multichoice-multiple", answers=sorted(o for o, w in weights.items() if w > 0),
                         total=sum(w for w in weights.values() if w > 0))
            else:
                q.update(type="multichoice", answer=chosen[0] if len(chosen) == 1 else chosen,
                         options=[_unescape(a[1:]) for a in answers])
            q["option_feedback"] = own
        questions.append(q)
    return questions


GIFT_TYPE = {"single": "multichoice", "multiple": "multichoice-multiple", "true-false": "truefalse",
             "numeric": "numerical", "ordering": "matching", "matching": "matching"}


@pytest.mark.parametrize("bank", [FIXTURE, ABOUT], ids=["fixture", "01-about"])
def test_gift_reads_back_with_the_same_questions_types_and_answers(bank):
    result = to_gift([bank], {"ostovar2016vanguard": "Ostovar 2016"})
    parsed = parse_gift(result.content.decode("utf-8"))
    assert result.questions == len(parsed) == len(bank.questions)
    for q, back in zip(bank.questions, parsed, strict=True):
        shown = f"{q.prompt} [Image: {q.image.alt}]" if q.image else q.prompt  # GIFT: no files
        assert back["id"] == q.id and back["prompt"] == shown
        assert back["type"] == GIFT_TYPE[q.type]
        assert back["feedback"].startswith(q.feedback)
        if q.type == "single":
            assert back["answer"] == q.answer and back["options"] == list(q.options)
            assert back["option_feedback"] == dict(q.option_feedback)
        elif q.type == "multiple":
            assert back["answers"] == sorted(q.answers) and back["total"] == pytest.approx(100, abs=1e-3)
            assert back["option_feedback"] == dict(q.option_feedback)
        elif q.type == "true-false":
            assert back["answer"] is q.answer
            wrong, right = str(not q.answer).lower(), str(q.answer).lower()
            given = [q.option_feedback.get(wrong), q.option_feedback.get(right)]
            assert back["feedback_wrong_right"] == given[:2 if given[1] else 1 if given[0] else 0]
        elif q.type == "numeric":
            assert (back["answer"], back["tolerance"]) == (q.answer, q.tolerance)
        elif q.type == "ordering":
            assert list(back["pairs"]) == list(q.items)
            assert list(back["pairs"].values())[:3] == ["1st", "2nd", "3rd"][:len(q.items)]
        else:
            assert back["pairs"] == {p.left: p.right for p in q.pairs}
            assert back["extras"] == list(q.distractors)


def test_gift_escapes_its_special_characters_and_markup():
    assert gift_escape("a ~ b = c # d { e } f : g \\ h") == r"a \~ b \= c \# d \{ e \} f \: g \\ h"
    assert gift_escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert gift_escape("two\nlines") == r"two\nlines"
    text = to_gift([FIXTURE]).content.decode("utf-8")
    assert "<script" not in text and "<img" not in text
    assert r"Is this shown as text? &lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_gift_notes_what_it_cannot_express():
    notes = to_gift([FIXTURE]).notes
    assert any("fixture/order" in n and "no ordering" in n for n in notes)
    assert any("fixture/order" in n and "at least three answers" in n for n in notes)
    assert any("fixture/sources" in n and "partial credit" in n for n in notes)
    assert not any("fixture/match" in n for n in notes)  # two pairs and a distractor: three answers


def test_qti_package_has_a_manifest_and_every_question():
    result = to_qti([FIXTURE, ABOUT])
    archive = zipfile.ZipFile(io.BytesIO(result.content))
    assert sorted(archive.namelist()) == ["01-about/01-about.xml", "fixture/fixture.xml",
                                          "fixture/images/images-square.svg", "imsmanifest.xml"]
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    hrefs = [f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}file")]
    assert hrefs == ["fixture/fixture.xml", "fixture/images/images-square.svg", "01-about/01-about.xml"]
    svg = (DATA / "quiz" / "valid" / "images" / "square.svg").read_bytes()
    assert archive.read("fixture/images/images-square.svg") == svg
    root = ET.fromstring(archive.read("fixture/fixture.xml"))
    items = root.findall(f".//{QTI}item")
    assert [i.get("title") for i in items] == [q.id for q in FIXTURE.questions]
    types = [i.find(f".//{QTI}fieldentry").text for i in items]
    assert types == ["multiple_choice_question", "true_false_question", "numerical_question",
                     "multiple_answers_question", "matching_question", "matching_question"]
    for item in items:  # QTI 1.2 wants the metadata before the presentation
        assert [c.tag for c in item][:2] == [f"{QTI}itemmetadata", f"{QTI}presentation"]
    capital = read_qti_item(items[0])
    assert capital["right"] == ["Tehran"]
    number = items[2].find(f".//{QTI}vargte/..")
    assert (number.find(f"{QTI}vargte").text, number.find(f"{QTI}varlte").text) == ("1979", "1979")
    prompt = items[1].find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text
    assert prompt.endswith("&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;")
    assert result.questions == len(FIXTURE.questions) + len(ABOUT.questions)
    assert to_qti([FIXTURE]).content == to_qti([FIXTURE]).content  # byte for byte the same
    assert any("fixture/order" in n for n in result.notes)


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown export format 'xls'"):
        export([FIXTURE], "xls")


def run(argv, capsys):
    parser = argparse.ArgumentParser(prog="coursekit")
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    code = args.func(args)
    return code, capsys.readouterr()


def test_command_exports_one_quiz_or_all(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = run(["quiz", "export", "01-about", "--format", "gift"], capsys)
    assert code == 0 and "exported 10 question(s) from 1 quiz(zes) to 01-about.gift" in out.err
    assert "note: 01-about/timeline" in out.err
    assert len(parse_gift((tmp_path / "01-about.gift").read_text(encoding="utf-8"))) == 10
    code, out = run(["quiz", "export", "--format", "gift"], capsys)  # every shipped quiz
    total = sum(len(load_bank(name).questions) for name in shipped_banks())
    assert code == 0 and f"exported {total} question(s) from {len(shipped_banks())} quiz(zes)" in out.err
    assert len(parse_gift((tmp_path / "quizzes.gift").read_text(encoding="utf-8"))) == total
    bank = str(DATA / "quiz" / "valid" / "fixture.yaml")
    code, out = run(["quiz", "export", bank, "01-about", "--format", "qti", "-o", "both.zip"], capsys)
    assert code == 0 and zipfile.is_zipfile(tmp_path / "both.zip")
    code, out = run(["quiz", "export", bank, "--format", "gift", "-o", "-"], capsys)
    assert code == 0 and out.out.startswith("// A fixture quiz")


def test_command_reports_a_bad_bank_in_one_line_each(capsys):
    bad = str(DATA / "quiz" / "invalid" / "negative-tolerance.yaml")
    code, out = run(["quiz", "export", bad, "--format", "gift", "-o", "-"], capsys)
    assert code == 1 and out.out == ""
    assert "negative-tolerance.yaml:8: founded: tolerance: tolerance must not be negative (got -1)" in out.err
    assert "Traceback" not in out.err



# --- QTI 1.2: read back, and the structure the ASI specification's DTD gives ---------------------

# Child order of the QTI 1.2 ASI elements the export writes (from the DTD in the IMS QTI ASI XML
# Binding 1.2): each child's tag must come in this order; a tag may repeat where the DTD allows.
QTI_ORDER = {
    "questestinterop": ["qticomment", "objectbank", "assessment", "section", "item"],
    "assessment": ["qticomment", "duration", "qtimetadata", "objectives", "assessmentcontrol", "rubric",
                   "presentation_material", "outcomes_processing", "assessproc_extension",
                   "assessfeedback", "selection_ordering", "reference", "section"],
    "section": ["qticomment", "duration", "qtimetadata", "objectives", "sectioncontrol",
                "sectionprecondition", "sectionpostcondition", "rubric", "presentation_material",
                "outcomes_processing", "sectionproc_extension", "sectionfeedback", "selection_ordering",
                "reference", "item|section"],
    "selection_ordering": ["qticomment", "sequence_parameter", "selection", "order"],
    "selection": ["sourcebank_ref", "selection_number", "selection_metadata", "selection_extension"],
    "item": ["qticomment", "duration", "itemmetadata", "objectives", "itemcontrol", "itemprecondition",
             "itempostcondition", "rubric", "presentation", "resprocessing", "itemproc_extension",
             "itemfeedback", "reference"],
    "resprocessing": ["qticomment", "outcomes", "respcondition", "itemproc_extension"],
    "respcondition": ["qticomment", "conditionvar", "setvar", "displayfeedback", "respcond_extension"],
    "itemfeedback": ["flow_mat", "material", "solution", "hint"],
}
QTI_REQUIRED = {"assessment": {"ident", "title"}, "section": {"ident"}, "item": {"ident"},
                "itemfeedback": {"ident"}, "response_lid": {"ident"}, "response_label": {"ident"},
                "displayfeedback": {"linkrefid"}}


def _tag(el) -> str:
    return el.tag.removeprefix(QTI)


def check_qti_structure(root) -> None:
    """Every element in the order (and with the attributes) the QTI 1.2 DTD requires."""
    idents = {f.get("ident") for f in root.iter(f"{QTI}itemfeedback")}
    for el in root.iter():
        name = _tag(el)
        missing = QTI_REQUIRED.get(name, set()) - set(el.attrib)
        assert not missing, f"<{name}> lacks {missing}"
        if name in QTI_ORDER:
            order = QTI_ORDER[name]
            rank = [next(i for i, o in enumerate(order) if _tag(c) in o.split("|")) for c in el]
            assert rank == sorted(rank), f"<{name}> children out of order: {[_tag(c) for c in el]}"
        if name == "displayfeedback":  # every feedback shown is defined in its item
            assert el.get("linkrefid") in idents
        if name == "selection_number":
            assert int(el.text) >= 1


def read_qti_item(item) -> dict:
    """An item read back: its type, right answers (by label text), feedback by label, general."""
    labels = {lab.get("ident"): lab.find(f".//{QTI}mattext").text
              for lab in item.iter(f"{QTI}response_label")}
    feedback = {f.get("ident"): html.unescape(f.find(f".//{QTI}mattext").text)
                for f in item.iter(f"{QTI}itemfeedback")}
    right, by_answer = [], {}
    for cond in item.iter(f"{QTI}respcondition"):
        shown = cond.find(f"{QTI}displayfeedback")
        setvar = cond.find(f"{QTI}setvar")
        tests = cond.find(f"{QTI}conditionvar")
        if shown is not None and tests.find(f"{QTI}varequal") is not None:
            value = tests.find(f"{QTI}varequal").text
            by_answer[html.unescape(labels[value])] = feedback[shown.get("linkrefid")]
        if setvar is not None and setvar.get("action") == "Set":
            held = tests.find(f"{QTI}and")
            tests = held if held is not None else tests
            right += [html.unescape(labels[v.text]) for v in tests.findall(f"{QTI}varequal")]
    return {"type": item.find(f".//{QTI}fieldentry").text, "right": right, "option_feedback": by_answer,
            "general": feedback["general_fb"]}


POOLED = load_bank(DATA / "quiz" / "valid" / "pooled.yaml")


@pytest.mark.parametrize("name", shipped_banks())
def test_every_shipped_bank_exports_to_valid_qti_that_reads_back(name):
    bank = load_bank(name)
    archive = zipfile.ZipFile(io.BytesIO(to_qti([bank]).content))
    root = ET.fromstring(archive.read(f"{name}/{name}.xml"))
    check_qti_structure(root)
    items = {i.get("title"): read_qti_item(i) for i in root.iter(f"{QTI}item")}
    assert list(items) == [q.id for q in bank.questions]
    for q in bank.questions:
        back = items[q.id]
        assert back["type"] == export_module.QTI_TYPES[q.type]
        assert back["general"].startswith(q.feedback)
        if q.type in ("single", "multiple"):
            assert sorted(back["right"]) == sorted(q.right_options())
            assert back["option_feedback"] == dict(q.option_feedback)
        elif q.type == "true-false":
            assert back["right"] == [str(q.answer)]
            assert back["option_feedback"] == {k.title(): v for k, v in q.option_feedback.items()}


def test_qti_pools_are_canvas_question_groups_that_pick_k_of_n():
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(to_qti([POOLED]).content)).read("pooled/pooled.xml"))
    check_qti_structure(root)
    (group,) = root.find(f".//{QTI}section").findall(f"{QTI}section")
    assert group.find(f".//{QTI}selection_number").text == "2"
    assert group.find(f".//{QTI}points_per_item").text == "1"
    assert [i.get("title") for i in group.findall(f"{QTI}item")] == ["pool-a", "pool-b", "pool-c", "pool-d"]
    outside = root.find(f".//{QTI}section").findall(f"{QTI}item")
    assert [i.get("title") for i in outside] == ["first", "secret"]  # assessment questions exported


def test_the_structure_check_catches_a_misordered_item():
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(to_qti([FIXTURE]).content)).read("fixture/fixture.xml"))
    item = root.find(f".//{QTI}item")
    presentation = item.find(f"{QTI}presentation")
    item.remove(presentation)
    item.append(presentation)
    with pytest.raises(AssertionError, match="out of order"):
        check_qti_structure(root)


# --- Moodle XML ------------------------------------------------------------------------------------

MOODLE_TYPE = {"single": "multichoice", "multiple": "multichoice", "true-false": "truefalse",
               "numeric": "numerical", "ordering": "matching", "matching": "matching"}


def _text(el, path: str) -> str | None:
    found = el.find(path)
    return None if found is None else html.unescape(found.text or "")


def read_moodle(content: bytes) -> list[dict]:
    """Moodle XML read back, checked against the structure Moodle's importer expects
    (docs.moodle.org, "Moodle XML format"): each question under the last category before it."""
    root = ET.fromstring(content)
    assert root.tag == "quiz"
    out, category = [], None
    for question in root:
        assert question.tag == "question" and question.get("type")
        kind = question.get("type")
        if kind == "category":
            category = question.find("category/text").text
            assert category.startswith("$course$/top/")
            continue
        assert category is not None, "a question before any category"
        for needed in ("name/text", "questiontext/text", "generalfeedback/text", "defaultgrade"):
            assert question.find(needed) is not None, f"{kind}: no {needed}"
        assert question.find("questiontext").get("format") == "html"
        raw = question.find("questiontext/text").text
        image = re.search(r'<p><img src="@@PLUGINFILE@@/([^"]+)" alt="([^"]*)"></p>$', raw)
        if image:  # the image we embed follows the (escaped) prompt, with its file in the question
            assert question.find(f"questiontext/file[@name='{image.group(1)}']") is not None
            raw = raw[:image.start()]
        q = {"category": category, "type": kind, "id": question.find("name/text").text,
             "prompt": html.unescape(raw), "alt": html.unescape(image.group(2)) if image else None,
             "general": _text(question, "generalfeedback/text")}
        answers = question.findall("answer")
        if kind == "multichoice":
            assert question.find("single").text in ("true", "false")
            q["single"] = question.find("single").text == "true"
            q["right"] = sorted(_text(a, "text") for a in answers if float(a.get("fraction")) > 0)
            q["total"] = sum(float(a.get("fraction")) for a in answers if float(a.get("fraction")) > 0)
            q["feedback"] = {_text(a, "text"): _text(a, "feedback/text") for a in answers
                             if a.find("feedback") is not None}
        elif kind == "truefalse":
            assert sorted(a.find("text").text for a in answers) == ["false", "true"]
            q["right"] = [a.find("text").text for a in answers if a.get("fraction") == "100"]
            q["feedback"] = {a.find("text").text: _text(a, "feedback/text") for a in answers
                             if a.find("feedback") is not None}
        elif kind == "numerical":
            (answer,) = answers
            q["answer"] = float(answer.find("text").text)
            q["tolerance"] = float(answer.find("tolerance").text)
        else:
            assert kind == "matching"
            subs = question.findall("subquestion")
            q["pairs"] = {_text(s, "text"): s.find("answer/text").text for s in subs if _text(s, "text")}
            q["extras"] = [s.find("answer/text").text for s in subs if not _text(s, "text")]
        out.append(q)
    return out


@pytest.mark.parametrize("name", shipped_banks())
def test_every_shipped_bank_exports_to_moodle_xml_that_reads_back(name):
    bank = load_bank(name)
    result = to_moodle([bank], {})
    back = {q["id"]: q for q in read_moodle(result.content)}
    assert result.questions == len(back) == len(bank.questions)
    for q in bank.questions:
        got = back[q.id]
        assert got["type"] == MOODLE_TYPE[q.type] and got["prompt"] == q.prompt
        assert got["alt"] == (q.image.alt if q.image else None)
        assert got["category"] == f"$course$/top/coursekit/{bank.id}"
        assert got["general"].startswith(q.feedback)
        if q.type in ("single", "multiple"):
            assert got["single"] is (q.type == "single")
            assert got["right"] == sorted(q.right_options())
            assert got["total"] == pytest.approx(100, abs=1e-3)
            assert got["feedback"] == dict(q.option_feedback)
        elif q.type == "true-false":
            assert got["right"] == [str(q.answer).lower()] and got["feedback"] == dict(q.option_feedback)
        elif q.type == "numeric":
            assert (got["answer"], got["tolerance"]) == (q.answer, q.tolerance)
        elif q.type == "ordering":
            assert list(got["pairs"]) == list(q.items)
        else:
            assert got["pairs"] == {p.left: p.right for p in q.pairs} and got["extras"] == list(q.distractors)


def test_moodle_pools_are_subcategories_and_markup_stays_text():
    result = to_moodle([POOLED, FIXTURE], {})
    back = read_moodle(result.content)
    by_id = {q["id"]: q for q in back}
    assert {by_id[f"pool-{x}"]["category"] for x in "abcd"} == {"$course$/top/coursekit/pooled/letters"}
    assert by_id["secret"]["category"] == "$course$/top/coursekit/pooled"  # assessment: exported
    assert any("pool 'letters'" in n and "add 2 random question(s)" in n for n in result.notes)
    text = result.content.decode("utf-8")
    assert "<script" not in text and "<img" not in text and "&amp;lt;script&amp;gt;" in text
    assert by_id["script"]["prompt"].endswith("<script>alert(1)</script> <img src=x onerror=alert(2)>")
    assert any("fixture/order" in n and "matching" in n for n in result.notes)


def test_command_exports_moodle_xml(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = run(["quiz", "export", "01-about", "--format", "moodle"], capsys)
    assert code == 0 and "to 01-about-moodle.xml" in out.err
    assert len(read_moodle((tmp_path / "01-about-moodle.xml").read_bytes())) == 10



def test_an_image_stem_is_embedded_in_every_export():
    import base64

    svg = (DATA / "quiz" / "valid" / "images" / "square.svg").read_bytes()
    alt = FIXTURE.question("founded").image.alt
    # Moodle XML: the file inside the question text, referenced with @@PLUGINFILE@@
    root = ET.fromstring(to_moodle([FIXTURE], {}).content)
    founded = next(q for q in root.iter("question") if q.findtext("name/text") == "founded")
    (file,) = founded.findall("questiontext/file")
    assert file.get("encoding") == "base64" and base64.b64decode(file.text) == svg
    text = founded.findtext("questiontext/text")
    assert f'<img src="@@PLUGINFILE@@/{file.get("name")}" alt="{html.escape(alt)}">' in text
    assert "<b>" not in text  # the alt text's markup is escaped
    # QTI: the file in the package, an <img> with the alt text in the item
    qti = zipfile.ZipFile(io.BytesIO(to_qti([FIXTURE]).content))
    item = next(i for i in ET.fromstring(qti.read("fixture/fixture.xml")).iter(f"{QTI}item")
                if i.get("title") == "founded")
    mattext = item.find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text
    assert f'<img src="images/images-square.svg" alt="{html.escape(alt)}">' in mattext
    assert qti.read("fixture/images/images-square.svg") == svg
    # GIFT cannot carry a file: the alt text stands in, and the export says so
    gift = to_gift([FIXTURE])
    assert any("fixture/founded" in n and "GIFT cannot carry the image" in n for n in gift.notes)


def test_an_independent_moodle_xml_reader_gets_every_choice_question_back():
    """moodle-xml-parser (PyPI) reads Moodle's multichoice questions: names, single or multiple,
    options with their grades and their own feedback, the general feedback."""
    from moodle_xml_parser import parser

    banks = [load_bank(name) for name in shipped_banks()]
    read = parser.parse_bytes(to_moodle(banks, {}).content)["multichoice"]
    ours = [q for bank in banks for q in bank.questions if q.type in ("single", "multiple")]
    assert [q.name for q in read] == [q.id for q in ours]
    for back, q in zip(read, ours, strict=True):
        assert back.single is (q.type == "single")
        options = {o.answer: o for o in back.options}  # the reader undoes the HTML escaping
        assert list(options) == list(q.options)
        assert sorted(t for t, o in options.items() if o.score_fraction > 0) == sorted(q.right_options())
        credit = sum(o.score_fraction for o in back.options if o.score_fraction > 0)
        assert credit == pytest.approx(100, abs=1e-3)
        feedback = {t: o.feedback for t, o in options.items() if o.feedback}
        assert feedback == dict(q.option_feedback)
        assert back.general_feedback.startswith(q.feedback)


def test_a_numeric_answer_is_exported_with_every_digit():
    """``f"{x:g}"`` keeps six digits: 1234567 went to every LMS as 1.23457e+06 (1234570)."""
    q = FIXTURE.question("founded").model_copy(update={"answer": 1234567.0, "tolerance": 0.125,
                                                      "image": None})
    bank = FIXTURE.__class__(id="digits", title="t", questions=(q,))
    (back,) = parse_gift(to_gift([bank]).content.decode("utf-8"))
    assert (back["answer"], back["tolerance"]) == (1234567, 0.125)
    (back,) = read_moodle(to_moodle([bank], {}).content)
    assert (back["answer"], back["tolerance"]) == (1234567, 0.125)
    item = ET.fromstring(zipfile.ZipFile(io.BytesIO(to_qti([bank]).content)).read("digits/digits.xml"))
    assert [float(item.find(f".//{QTI}{v}").text) for v in ("vargte", "varlte")] == [1234566.875, 1234567.125]
    assert q.shown_answer() == "1234567 ± 0.125 year"  # what a student reads when it is revealed


def test_command_refuses_an_image_that_fails_when_exported_and_writes_nothing(tmp_path, capsys,
                                                                               monkeypatch):
    """The image passed when the bank was loaded and fails as the export reads it (replaced in
    between): one line naming the bank, exit 1, and no file, not even a partial one."""
    from coursekit.quiz import images

    checked = []
    real = images.image_problem

    def changed_after_loading(file, mime, content):
        checked.append(file)
        return real(file, mime, content) if len(checked) == 1 else f"image {file!r} is empty"

    monkeypatch.setattr(images, "image_problem", changed_after_loading)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fixture-qti.zip").write_bytes(b"an earlier export")
    bank = str(DATA / "quiz" / "valid" / "fixture.yaml")
    code, out = run(["quiz", "export", bank, "--format", "qti"], capsys)
    assert code == 1 and out.out == ""
    assert out.err.splitlines() == [f"{bank}: founded: image.file: image 'images/square.svg' is empty",
                                    "1 problem(s): nothing exported"]
    assert (tmp_path / "fixture-qti.zip").read_bytes() == b"an earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fixture-qti.zip"]


def test_an_export_that_cannot_be_written_leaves_the_earlier_file(tmp_path, capsys, monkeypatch):
    """A disk that fills mid-write: the earlier export stays whole, no partial file, one line."""
    from pathlib import Path

    real_open = Path.open

    class FillsUp:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[:10])  # some bytes reach the disk, then it is full
            raise OSError(28, "No space left on device")

    def opened(path, mode="r", *args, **kwargs):
        handle = real_open(path, mode, *args, **kwargs)
        return FillsUp(handle) if "b" in mode and "r" not in mode else handle

    monkeypatch.chdir(tmp_path)
    (tmp_path / "01-about.gift").write_text("an earlier export")
    monkeypatch.setattr(Path, "open", opened)
    from coursekit.cli import main

    code = main(["quiz", "export", "01-about", "--format", "gift"])
    err = capsys.readouterr().err
    assert code == 1 and err.splitlines() == ["coursekit quiz export: no space left on device"], err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01-about.gift"]
    assert (tmp_path / "01-about.gift").read_text() == "an earlier export"


# --- QTI package: member names ---------------------------------------------------------------------

ODD_IMAGE_PATHS = ["square.svg", "images/a.b/c-d_e.svg", "-lead.svg", "images/.hidden.svg",
                   "x" * 46 + "/" + "y" * 49 + ".svg", "images/UPPER.svg", "..svg", "a..b/c.svg"]


def _odd_banks(folder):
    """Two banks whose images sit at every odd path the bank format accepts."""
    svg = (DATA / "quiz" / "valid" / "images" / "square.svg").read_bytes()
    paths = []
    for bank_id in ["odd-names", "images"]:  # a bank called "images" too
        questions = ""
        for k, file in enumerate(ODD_IMAGE_PATHS):
            (folder / file).parent.mkdir(parents=True, exist_ok=True)
            (folder / file).write_bytes(svg)
            questions += (f"  - id: q{k}\n    type: true-false\n    prompt: Shown with a picture.\n"
                          f"    image:\n      file: {file}\n      alt: A blue square on white\n"
                          "    answer: true\n    feedback: It is.\n    ref: ostovar2016vanguard\n")
        paths.append(folder / f"{bank_id}.yaml")
        paths[-1].write_text(f"id: {bank_id}\ntitle: Odd names\nquestions:\n{questions}")
    return [load_bank(p) for p in paths]


def test_no_qti_member_can_leave_the_package_and_the_names_are_stable(tmp_path):
    from pathlib import PurePosixPath

    banks = _odd_banks(tmp_path / "banks")
    content = to_qti(banks).content
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    assert len(names) == len({n.casefold() for n in names}) == 2 + 2 * len(ODD_IMAGE_PATHS) + 1
    for name in names:
        parts = PurePosixPath(name).parts
        assert not name.startswith("/") and "\\" not in name and ":" not in name, name
        assert ".." not in parts and "." not in parts and "" not in name.split("/"), name
        assert len(name) <= 200 and all(len(p) <= 120 for p in parts), name
    out = tmp_path / "unpacked"
    archive.extractall(out)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) == len(names)
    assert all(p.resolve().is_relative_to(out.resolve()) for p in files)
    # every file the manifest names is in the package, and the names come from the content alone
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    hrefs = {f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}file")}
    assert hrefs == set(names) - {"imsmanifest.xml"}
    assert to_qti(_odd_banks(tmp_path / "again")).content == content  # another folder, same bytes


@pytest.mark.parametrize("file", ["./square.svg", "images//square.svg", "images/./square.svg",
                                  "images/square.svg/"])
def test_an_image_path_with_an_empty_or_dot_part_is_refused(tmp_path, file):
    """``images/./map.svg`` and ``images//map.svg`` name ``images/map.svg`` under other export
    names: the same picture twice in a package, or two questions that differ only in spelling."""
    from coursekit.quiz.bank import check_banks

    (tmp_path / "pictured.yaml").write_text(
        "id: pictured\ntitle: Pictured\nquestions:\n  - id: one\n    type: true-false\n"
        f"    prompt: Shown with a picture.\n    image:\n      file: {file}\n"
        "      alt: A blue square on white\n    answer: true\n    feedback: It is.\n"
        "    ref: ostovar2016vanguard\n")
    found = [str(p) for p in check_banks(tmp_path, {"ostovar2016vanguard"}, show=lambda p: p.name)]
    assert found == [f"pictured.yaml:8: one: image.file: {file!r} must be a plain path: no empty "
                     "part and no '.' (write it as folder/name.svg)"]


@pytest.mark.parametrize("fmt", ["qti", "moodle", "gift"])
def test_two_banks_with_one_id_are_refused_in_one_export(tmp_path, fmt):
    """Two files whose banks share an id overwrote one another in a QTI package (and merged into
    one Moodle category)."""
    from coursekit.knowledge.problems import CourseDataError

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "quiz.yaml").write_text(
            (DATA / "quiz" / "valid" / "minimal.yaml").read_text().replace("id: minimal", "id: quiz"))
    first, second = (load_bank(tmp_path / f / "quiz.yaml") for f in ("a", "b"))
    with pytest.raises(CourseDataError) as err:
        export([first, second], fmt)
    assert [str(p) for p in err.value.problems] == [
        f"{tmp_path}/b/quiz.yaml: id: bank 'quiz' is also the id of {tmp_path}/a/quiz.yaml: an export "
        "holds each bank once, under its id (rename one)"]
    with pytest.raises(CourseDataError, match="is given twice"):
        export([first, first], fmt)


def test_command_refuses_a_bank_given_twice(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = run(["quiz", "export", "01-about", "01-about", "--format", "qti"], capsys)
    assert code == 1 and list(tmp_path.iterdir()) == []
    assert out.err.splitlines() == ["01-about: id: bank '01-about' is given twice: export it once",
                                    "1 problem(s): nothing exported"]


def test_a_bidi_override_in_author_text_cannot_turn_the_text_an_export_adds_after_it():
    """An unclosed right-to-left override (U+202E) in the feedback reversed the "(Source: ...)"
    every export appends in the same paragraph; the author's text goes in an isolate (U+2068 to
    U+2069), which ends whatever it opened. Text without bidi controls is left as written."""
    q = FIXTURE.question("capital")
    rlo = q.model_copy(update={"id": "reversed", "feedback": "\u202eevil"})
    image = FIXTURE.question("founded")
    image = image.model_copy(update={"image": image.image.model_copy(update={"alt": "A map \u202eof it"})})
    bank = FIXTURE.__class__(id="bidi", title="t", questions=(rlo, q, image), folder=FIXTURE.folder)
    isolated = "\u2068\u202eevil\u2069 (Source: Ostovar 2016.)"
    sources = {"ostovar2016vanguard": "Ostovar 2016"}
    gift = parse_gift(to_gift([bank], sources).content.decode("utf-8"))
    assert [g["feedback"] for g in gift[:2]] == [isolated, f"{q.feedback} (Source: Ostovar 2016.)"]
    assert gift[2]["prompt"] == f"{image.prompt} [Image: \u2068A map \u202eof it\u2069]"
    assert read_moodle(to_moodle([bank], sources).content)[0]["general"] == isolated
    item = ET.fromstring(zipfile.ZipFile(io.BytesIO(to_qti([bank], sources).content)).read("bidi/bidi.xml"))
    assert read_qti_item(item.find(f".//{QTI}item"))["general"] == isolated


@pytest.mark.parametrize("case", ["pool-draws", "yaml-alias-bomb", "yaml-number-too-long",
                                  "numeric-not-finite"])
def test_check_and_export_report_a_hostile_bank_in_lines_naming_file_and_line(case, tmp_path, capsys,
                                                                              monkeypatch):
    """The same lines from ``coursekit check`` and ``coursekit quiz export``, exit 1, no traceback
    and no file written."""
    from coursekit.cli import main

    source = DATA / "quiz" / "invalid" / f"{case}.yaml"
    expected = source.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    monkeypatch.chdir(tmp_path)
    (tmp_path / source.name).write_bytes(source.read_bytes())
    assert main(["check", source.name]) == 1
    out = capsys.readouterr()
    checked = (out.out + out.err).splitlines()
    assert main(["quiz", "export", source.name, "--format", "qti", "-o", "out.zip"]) == 1
    exported = capsys.readouterr().err.splitlines()
    assert checked == [*expected, f"{len(expected)} problem(s) found in {source.name}"]
    assert exported == [*expected, f"{len(expected)} problem(s): nothing exported"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]


def test_qti_idents_that_two_things_would_share_are_refused(tmp_path):
    """Canvas keys what it imports by ident: bank 'a' with question 'b-c' and bank 'a-b' with
    question 'c' are both item 'a-b-c', and a pool named like a question shares its ident."""
    from coursekit.knowledge.problems import CourseDataError
    from coursekit.quiz.model import Pool

    q = FIXTURE.question("capital")
    first = FIXTURE.__class__(id="a", title="A", questions=(q.model_copy(update={"id": "b-c"}),),
                              source="a.yaml")
    second = FIXTURE.__class__(id="a-b", title="A-B", questions=(q.model_copy(update={"id": "c"}),),
                               source="a-b.yaml")
    with pytest.raises(CourseDataError) as err:
        to_qti([first, second])
    assert [str(p) for p in err.value.problems] == [
        "a-b.yaml: c: id: its QTI ident 'a-b-c' is also that of question 'b-c' of bank 'a': Canvas "
        "would take the two for one (rename one)"]
    two = (q.model_copy(update={"id": "dates"}), q.model_copy(update={"id": "other"}))
    pooled = FIXTURE.__class__(id="p", title="P", questions=two, source="p.yaml",
                               pools=(Pool(id="dates", draw=1, questions=["dates", "other"]),))
    with pytest.raises(CourseDataError) as err:
        to_qti([pooled])
    assert [str(p) for p in err.value.problems] == [
        "p.yaml: dates: id: its QTI ident 'p-dates' is also that of pool 'dates' of bank 'p': Canvas "
        "would take the two for one (rename one)"]
    assert to_qti([first]).questions == 1 and to_qti([second]).questions == 1


def test_positions_past_twenty_are_english_ordinals():
    """An ordering of 25 items became matching with "21th", "22th", "23th" in every LMS."""
    from coursekit.quiz.export import _position

    assert [_position(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 24, 101, 111, 112, 113)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "24th", "101st",
        "111th", "112th", "113th"]


def test_command_reports_a_text_the_export_refuses_in_one_line(tmp_path, capsys, monkeypatch):
    """A source label (from references.bib) that no importer can read: one line, nothing written."""
    import coursekit.quiz as quiz

    monkeypatch.setattr(quiz, "sources", lambda: {"ostovar2016vanguard": "Ostovar\x07 2016"})
    monkeypatch.chdir(tmp_path)
    from coursekit.cli import main

    code = main(["quiz", "export", "01-about", "--format", "gift"])
    assert code == 1 and list(tmp_path.iterdir()) == []
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("coursekit quiz export: 01-about/")
    assert "source: contains control character U+0007" in line


def test_command_never_writes_the_export_over_a_bank_it_reads(tmp_path, capsys, monkeypatch):
    """``-o`` naming the bank file itself (or another way to it): refused, the bank unchanged."""
    from coursekit.cli import main

    monkeypatch.chdir(tmp_path)
    bank = tmp_path / "minimal.yaml"
    bank.write_bytes((DATA / "quiz" / "valid" / "minimal.yaml").read_bytes())
    before = bank.read_bytes()
    for target in ("minimal.yaml", "./minimal.yaml", str(bank)):
        assert main(["quiz", "export", "minimal.yaml", "--format", "gift", "-o", target]) == 1
        (line,) = capsys.readouterr().err.splitlines()
        assert line == (f"coursekit quiz export: -o {target} is the quiz bank minimal.yaml: the "
                        "export would replace it; give another file name")
    assert bank.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["minimal.yaml"]


@pytest.mark.parametrize("export_to", [to_gift, to_moodle, to_qti])
def test_a_numeric_unit_the_prompt_does_not_name_is_noted(export_to):
    """An LMS number field takes no unit: the site shows "year" after the box, the LMS does not.
    Every export says so when the prompt does not name the unit itself."""
    q = FIXTURE.question("founded").model_copy(update={"image": None})
    unnamed = q.model_copy(update={"id": "weight", "prompt": "How heavy was it?", "unit": "kg"})
    named = q.model_copy(update={"id": "year", "prompt": "In which YEAR?", "unit": "year"})
    bank = FIXTURE.__class__(id="units", title="t", questions=(unnamed, named))
    notes = export_to([bank]).notes
    assert [n for n in notes if "unit" in n] == [
        "units/weight: the unit 'kg' is not exported (an LMS number field takes none) and the prompt "
        "does not name it: add it to the prompt"]

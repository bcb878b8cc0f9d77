"""LMS export: GIFT parsed back (count, types, correct answers), escaping, QTI 1.2, the command."""

from __future__ import annotations

import argparse
import html
import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

from coursekit.quiz import load_bank
from coursekit.quiz.bank import shipped_banks
from coursekit.quiz.cli import add_commands
from coursekit.quiz.export import export, gift_escape, to_gift, to_qti

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
        if answers in (["TRUE"], ["FALSE"]):
            q.update(type="truefalse", answer=answers == ["TRUE"])
        elif answers[0].startswith("#"):
            value, tolerance = _split(answers[0][1:], ":")
            q.update(type="numerical", answer=float(value), tolerance=float(tolerance))
        elif all(a.startswith("=") and len(_split(a, " -> ")) == 2 for a in answers):
            pairs = [tuple(_unescape(part) for part in _split(a[1:], " -> ")) for a in answers]
            q.update(type="matching", pairs={left: right for left, right in pairs if left},
                     extras=[right for left, right in pairs if not left])
        else:
            chosen, weights = [], {}
            for a in answers:
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
        assert back["id"] == q.id and back["prompt"] == q.prompt
        assert back["type"] == GIFT_TYPE[q.type]
        assert back["feedback"].startswith(q.feedback)
        if q.type == "single":
            assert back["answer"] == q.answer and back["options"] == list(q.options)
        elif q.type == "multiple":
            assert back["answers"] == sorted(q.answers) and back["total"] == pytest.approx(100, abs=1e-3)
        elif q.type == "true-false":
            assert back["answer"] is q.answer
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
    assert sorted(archive.namelist()) == ["01-about/01-about.xml", "fixture/fixture.xml", "imsmanifest.xml"]
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    hrefs = [f.get("href") for f in manifest.iter("{http://www.imsglobal.org/xsd/imscp_v1p1}file")]
    assert hrefs == ["fixture/fixture.xml", "01-about/01-about.xml"]
    root = ET.fromstring(archive.read("fixture/fixture.xml"))
    items = root.findall(f".//{QTI}item")
    assert [i.get("title") for i in items] == [q.id for q in FIXTURE.questions]
    types = [i.find(f".//{QTI}fieldentry").text for i in items]
    assert types == ["multiple_choice_question", "true_false_question", "numerical_question",
                     "multiple_answers_question", "matching_question", "matching_question"]
    for item in items:  # QTI 1.2 wants the metadata before the presentation
        assert [c.tag for c in item][:2] == [f"{QTI}itemmetadata", f"{QTI}presentation"]
    capital = items[0]
    right = capital.find(f".//{QTI}respcondition/{QTI}conditionvar/{QTI}varequal").text
    label = capital.find(f".//{QTI}response_label[@ident='{right}']//{QTI}mattext").text
    assert label == "Tehran"
    number = items[2].find(f".//{QTI}conditionvar")
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

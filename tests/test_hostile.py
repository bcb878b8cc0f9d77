"""The hostile-text corpus: what check accepts loads unchanged into every field, what it refuses is
refused in every field with its exact message, the canaries are live template code, and the LMS
exports of every hostile bank read back, with an independent GIFT parser (gift-pegjs, pinned in
``tests/js``) and an XML parser, to the same questions and texts."""

from __future__ import annotations

import html
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import jinja2
import pytest

from coursekit.knowledge.links import check_links
from coursekit.knowledge.loader import load_course
from coursekit.quiz import load_bank
from coursekit.quiz.bank import check_banks
from coursekit.quiz.export import ExportError, to_gift, to_moodle, to_qti

from . import hostile
from .conftest import ROOT

GIFT_PARSER = ROOT / "tests" / "js" / "gift-parse.js"
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = hostile.write_course(tmp_path_factory.mktemp("hostile") / "data")
    hostile.write_banks(folder / "quizzes")
    return folder


@pytest.fixture(scope="module")
def banks(data):
    return [load_bank(p) for p in sorted((data / "quizzes").glob("*.yaml"),
                                         key=lambda p: int(p.stem.split("-")[1]))]


def test_the_corpus_covers_every_kind_of_attack():
    ids = {e.id for e in hostile.corpus()}
    for needed in ("jinja-expression", "jinja-statement", "jinja-comment", "script-end", "img-onerror",
                   "svg-onload", "javascript-url", "css-hide-page", "line-separators",
                   "control-bell", "gift-specials", "gift-weight", "gift-format-prefix"):
        assert needed in ids
    assert {e.rejected_in for e in hostile.corpus()} == {None, *hostile.LEVELS}


def test_every_accepted_entry_loads_unchanged_into_every_field(data):
    course, problems = load_course(data)
    problems += check_links(course) + check_banks(data / "quizzes", set(course.references)
                                                  | {hostile.QUIZ_REF})
    assert problems == []
    texts = [e.text for e in hostile.accepted("everywhere")]
    for i, text in enumerate(texts):
        place = course.places[f"place-{i}"]
        assert [place.name, *place.names, place.note] == [text] * 3
        person, group = course.actors[f"actor-{i}-a"], course.actors[f"actor-{i}-b"]
        assert [person.name, person.short, *person.names, person.roles[0].title, person.description,
                group.name, group.short, group.description] == [text] * 8
        event = course.events[i]
        assert [event.title, event.summary, event.attribution] == [text] * 3
        claim = course.claims[i]
        assert [claim.claim, claim.claimant, claim.correction, claim.explanation] == [text] * 4
        assert course.stories["hostile-story"].stops[i].text == text
        assert course.boundaries[hostile._code(i)]["properties"]["name"] == text
    relations = {r.id: r for r in course.relations}
    assert all(relations[f"hostile-source--supports--actor-{i}-b"].attribution == t
               for i, t in enumerate(texts))


def test_check_refuses_each_refused_entry_in_every_field_with_the_exact_message(tmp_path):
    data = hostile.write_rejected(tmp_path / "data")

    def show(path: Path) -> str:
        return path.relative_to(data).as_posix()

    course, problems = load_course(data, show=show)
    problems += check_banks(data / "quizzes", set(course.references) | {hostile.QUIZ_REF}, show=show)
    expected = hostile.expected_rejections(data)
    assert sorted(str(p) for p in problems) == expected
    assert len(expected) > 400
    # every message names its character, e.g. the bell's
    assert any(line.startswith("places.yaml:") and ": place-0: name: contains control character U+"
               in line for line in expected)


def test_the_canaries_are_live_template_code(tmp_path):
    """What branca did with map text (jinja2.Template(text).render()) runs each canary: so a
    canary file after a build would mean author text ran as template code."""
    shutil.rmtree(hostile.CANARY_DIR, ignore_errors=True)
    hostile.CANARY_DIR.mkdir(parents=True)
    try:
        for entry in hostile.canaries():
            jinja2.Template(entry.text).render()
        made = sorted(p.name for p in hostile.CANARY_DIR.iterdir())
        assert made == sorted(e.id.removeprefix("canary-") for e in hostile.canaries())
    finally:
        shutil.rmtree(hostile.CANARY_DIR, ignore_errors=True)


# ----------------------------------------------------------------------------- exports

def gift_pegjs(text: str) -> list[dict]:
    if shutil.which("node") is None or not (ROOT / "tests/js/node_modules/gift-pegjs").is_dir():
        pytest.fail("the GIFT test needs gift-pegjs: run 'npm ci --prefix tests/js' (make test does)",
                    pytrace=False)
    result = subprocess.run(["node", str(GIFT_PARSER)], input=text, capture_output=True, text=True,
                            timeout=120)
    parsed = json.loads(result.stdout)
    assert result.returncode == 0, parsed
    return parsed


def _plain(text: str) -> str:
    """gift-pegjs leaves GIFT's escape placeholders in plain (matching answer) text; Moodle
    decodes them, as its other texts."""
    for code, char in (("092", "\\"), ("058", ":"), ("035", "#"), ("061", "="), ("123", "{"),
                       ("125", "}"), ("126", "~")):
        text = text.replace(f"&&{code};", char)
    return text.replace("&&010", "\n")


def _html(part: dict) -> str:
    assert part["format"] == "html"
    return html.unescape(part["text"])


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def general(q) -> str:
    """The general feedback an export writes: the feedback, in a bidi isolate (FSI ... PDI) when
    it holds a bidi control, then the source."""
    text = q.feedback
    if any(c in BIDI_CONTROLS for c in text):
        text = f"\u2068{text}\u2069"
    return f"{text} (Source: {q.ref}.)"


def test_gift_of_every_hostile_bank_parses_with_gift_pegjs_to_the_same_questions(banks):
    result = to_gift(banks)
    parsed = gift_pegjs(result.content.decode("utf-8"))
    questions = [q for q in parsed if q["type"] != "Category"]
    assert len(parsed) - len(questions) == len(banks)
    assert len(questions) == result.questions == sum(len(b.questions) for b in banks)
    expected = [q for b in banks for q in b.questions]
    for q, back in zip(expected, questions, strict=True):
        assert back["title"] == q.id
        assert _html(back["stem"]) == q.prompt
        assert _html(back["globalFeedback"]) == general(q)
        if q.type in ("single", "multiple"):
            assert back["type"] == "MC"
            assert [_html(c["text"]) for c in back["choices"]] == list(q.options)
            right = [_html(c["text"]) for c in back["choices"] if c["isCorrect"] or (c["weight"] or 0) > 0]
            assert right == ([q.answer] if q.type == "single" else list(q.answers))
            assert {_html(c["text"]): _html(c["feedback"]) for c in back["choices"]
                    if c["feedback"]} == dict(q.option_feedback)
        elif q.type == "true-false":
            assert back["type"] == "TF" and back["isTrue"] is q.answer
            # Moodle reads TRUE#a#b as a: the wrong answer's feedback, b: the right one's
            # (qformat_gift::split_truefalse_comment); gift-pegjs gives the two in that order
            wrong, right = ("false", "true") if q.answer else ("true", "false")
            shown = [_html(f) if f else None for f in (back["trueFeedback"], back["falseFeedback"])]
            assert shown == [q.option_feedback.get(wrong), q.option_feedback.get(right)]
        elif q.type == "numeric":
            assert back["type"] == "Numerical"
        elif q.type == "matching":
            pairs = [(_html(p["subquestion"]) if p["subquestion"]["text"] else "", _plain(p["subanswer"]))
                     for p in back["matchPairs"]]
            assert pairs == [(p.left, p.right) for p in q.pairs] + [("", d) for d in q.distractors]
        else:  # ordering, as matching: each item to its position
            assert [_html(p["subquestion"]) for p in back["matchPairs"]] == list(q.items)


def test_gift_carries_the_right_options_feedback_and_each_pool_as_a_category(banks):
    """A right option's own feedback (true-false writes it second), and a pool's questions in a
    subcategory of the bank's, from which Moodle's random questions draw k of n."""
    from coursekit.quiz.model import Pool

    text = next(e.text for e in hostile.corpus() if e.id == "gift-specials")
    single = banks[0].question("single-wrong")
    single = single.model_copy(update={"option_feedback": {"The answer": text, single.options[1]: text}})
    true_false = banks[0].question("true-false").model_copy(update={"option_feedback": {"true": text}})
    pool = Pool(id="letters", draw=1, questions=["single-wrong", "true-false"])
    bank = banks[0].__class__(id="pooled", title="t", questions=(banks[0].question("single"), single,
                                                                 true_false), pools=(pool,))
    result = to_gift([bank])
    parsed = gift_pegjs(result.content.decode("utf-8"))
    root = "$course$/top/coursekit/pooled"
    assert [(q["type"], q["title"]) for q in parsed] == [
        ("Category", root), ("MC", "single"), ("Category", f"{root}/letters"), ("MC", "single-wrong"),
        ("TF", "true-false")]
    assert [_html(c["feedback"]) for c in parsed[3]["choices"]] == [text, text]
    assert (parsed[4]["trueFeedback"], _html(parsed[4]["falseFeedback"])) == (None, text)
    assert any("pool 'letters'" in n and "add 1 random question(s)" in n for n in result.notes)


def test_every_qti_file_of_the_hostile_banks_parses_with_the_texts_as_written(banks):
    archive = zipfile.ZipFile(io.BytesIO(to_qti(banks).content))
    assert len(archive.namelist()) == len(banks) + 1
    for name in archive.namelist():
        root = ET.fromstring(archive.read(name))  # well-formed XML
        if name == "imsmanifest.xml":
            continue
        bank = next(b for b in banks if name == f"{b.id}/{b.id}.xml")
        assert root.find(f"{QTI}assessment").get("title") == bank.title
        texts = [html.unescape(m.text) for m in root.iter(f"{QTI}mattext")]
        for q in bank.questions:
            assert q.prompt in texts and general(q) in texts
            for option in getattr(q, "options", []):
                assert option in texts


def test_moodle_xml_of_every_hostile_bank_reads_back_to_the_texts_as_written(banks):
    """Well-formed XML whatever the text (a ``]]>``, a DOCTYPE, closing tags), read back by
    moodle-xml-parser (its choice questions) and by the structure reader of every type."""
    from moodle_xml_parser import parser

    from .test_quiz_export import read_moodle

    content = to_moodle(banks, {}).content
    back = read_moodle(content)
    expected = [q for b in banks for q in b.questions]
    assert [q["id"] for q in back] == [q.id for q in expected]
    for q, got in zip(expected, back, strict=True):
        assert got["prompt"] == q.prompt and got["general"] == general(q)
        if q.type in ("single", "multiple", "true-false"):
            assert got["feedback"] == dict(q.option_feedback)
        if q.type == "matching":
            assert got["pairs"] == {p.left: p.right for p in q.pairs}
            assert got["extras"] == list(q.distractors)
    choices = [q for q in expected if q.type in ("single", "multiple")]
    read = parser.parse_bytes(content)["multichoice"]
    assert [q.name for q in read] == [q.id for q in choices]
    for q, got in zip(choices, read, strict=True):  # the reader undoes the HTML escaping itself
        assert [o.answer for o in got.options] == list(q.options)
        assert {o.answer: o.feedback for o in got.options if o.feedback} == dict(q.option_feedback)
        assert got.text_pre_parse == q.prompt
        assert got.general_feedback == general(q)


def test_exports_refuse_text_an_importer_cannot_read(banks):
    bad = banks[0].questions[0].model_copy(update={"prompt": "a\x07b"})  # not via YAML: no check
    bank = banks[0].__class__(id="bad", title="t", questions=(bad,))
    for export in (to_gift, to_qti, to_moodle):
        with pytest.raises(ExportError, match="bad/single: prompt: contains control character U"):
            export([bank])

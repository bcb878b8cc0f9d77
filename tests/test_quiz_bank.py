"""Quiz banks: loading, and every validation problem with file, line and question id.

``tests/data/quiz/invalid/<what-is-wrong>.yaml`` each sit next to ``<what-is-wrong>.expected``,
the exact problem lines; adding a case is adding two files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coursekit.knowledge.problems import CourseDataError
from coursekit.knowledge.references import load_references
from coursekit.quiz import load_bank
from coursekit.quiz.bank import check_banks, shipped_banks

from .conftest import DATA, ROOT

VALID = DATA / "quiz" / "valid"
INVALID = sorted((DATA / "quiz" / "invalid").glob("*.yaml"))
KNOWN = {"ostovar2016vanguard", "usdod2020soleimani"}


def test_valid_banks_load_with_every_question():
    assert check_banks(VALID, KNOWN, show=lambda p: p.name) == []
    bank = load_bank(VALID / "fixture.yaml")
    assert bank.id == "fixture"
    assert [q.type for q in bank.questions] == ["single", "true-false", "numeric", "multiple",
                                                "ordering", "matching"]
    assert bank.question("match").choices == ["Quds Force", "Kata'ib Hezbollah", "Badr Organization"]
    assert load_bank(VALID / "minimal.yaml").questions[0].shuffle is None


@pytest.mark.parametrize("case", INVALID, ids=[c.stem for c in INVALID])
def test_each_invalid_bank_is_reported_with_file_line_and_question(case, tmp_path):
    shutil.copy(case, tmp_path)
    found = [str(p) for p in check_banks(tmp_path, KNOWN, show=lambda p: p.name)]
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert found == [line for line in expected if line.strip()]


def test_every_problem_of_a_folder_in_one_run(tmp_path):
    for case in INVALID:
        shutil.copy(case, tmp_path)
    found = check_banks(tmp_path, KNOWN, show=lambda p: p.name)
    assert {p.file for p in found} == {c.name for c in INVALID}


def test_load_bank_raises_with_every_problem():
    with pytest.raises(CourseDataError) as err:
        load_bank(DATA / "quiz" / "invalid" / "answer-not-an-option.yaml")
    assert len(err.value.problems) == 2
    with pytest.raises(CourseDataError, match="no such quiz bank"):
        load_bank("99-nowhere")


def test_shipped_banks_are_valid_and_cite_known_references():
    refs, _ = load_references(ROOT / "src" / "coursekit" / "data" / "references.bib", "references.bib")
    folder = ROOT / "src" / "coursekit" / "data" / "quizzes"
    assert check_banks(folder, set(refs)) == []
    assert "01-about" in shipped_banks()
    bank = load_bank("01-about")
    assert len(bank.questions) >= 8
    assert len({q.type for q in bank.questions}) >= 3


def test_every_shipped_question_shows_its_source_after_the_feedback():
    import json
    import re

    from coursekit.quiz import sources
    from coursekit.quiz.static import render

    labels = sources()
    for name in shipped_banks():
        bank = load_bank(name)
        html = render(bank, labels)
        (payload,) = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.DOTALL)
        shown = {q["id"]: q for q in json.loads(payload)["questions"]}
        for q in bank.questions:
            assert shown[q.id]["feedback"].strip(), f"{name}/{q.id}: no feedback"
            assert shown[q.id]["source"] == labels[q.ref], f"{name}/{q.id}: source not shown"


def test_a_missing_folder_has_no_banks_and_no_problems(tmp_path):
    assert check_banks(tmp_path / "none", KNOWN) == []
    assert check_banks(Path(tmp_path), KNOWN) == []


FIRST_CHAPTERS = ("01-about", "02-revolution-and-the-guards", "03-quds-force")


def _wrong_choices(q) -> list[str]:
    if q.type == "true-false":
        return ["false" if q.answer else "true"]
    return [o for o in q.options if o not in q.right_options()]


def test_every_shipped_bank_explains_its_distractors():
    for name in shipped_banks():
        bank = load_bank(name)
        explained = [q for q in bank.questions if getattr(q, "option_feedback", None)]
        assert explained, f"{name}: no question has option feedback"
        for q in bank.questions:
            if name in FIRST_CHAPTERS and q.type in ("single", "multiple", "true-false"):
                missing = set(_wrong_choices(q)) - set(q.option_feedback)
                assert not missing, f"{name}/{q.id}: no feedback for {sorted(missing)}"


def test_no_distractor_feedback_gives_the_right_answer_away():
    """A first wrong answer shows only the chosen option's feedback: it must not name the answer."""
    for name in shipped_banks():
        for q in load_bank(name).questions:
            if q.type not in ("single", "multiple"):
                continue
            for option, text in q.wrong_feedback().items():
                for right in q.right_options():
                    assert right.casefold() not in text.casefold(), f"{name}/{q.id}: {option!r}"


@pytest.mark.parametrize(("make", "says"), [
    # a symlink inside the bank's folder to a file outside it: /etc/passwd would be embedded
    # in the page and in every export
    (lambda images: (images / "square.svg").symlink_to("/etc/passwd"),
     "is a link; an image must be a file inside the bank's folder"),
    (lambda images: (images / "square.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'),
     "active content (<script>)"),
    (lambda images: (images / "square.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'),
     "active content (onload=)"),
    (lambda images: (images / "square.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<a x:href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>'),
     "active content (javascript: link)"),
    (lambda images: (images / "square.svg").write_text(
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>'),
     "is not an SVG image coursekit can read"),
])
def test_an_image_that_is_a_link_or_active_svg_is_refused(tmp_path, make, says):
    folder = tmp_path / "quizzes"
    shutil.copytree(VALID, folder, symlinks=True)
    (folder / "images" / "square.svg").unlink()
    make(folder / "images")
    found = [str(p) for p in check_banks(folder, KNOWN, show=lambda p: p.name)]
    assert len(found) == 1 and found[0].startswith("fixture.yaml:") and says in found[0], found
    assert "\n" not in found[0] and "images/square.svg" in found[0]


def test_two_images_that_share_a_name_in_the_export_package_are_refused(tmp_path):
    """``images/map.svg`` and ``images-map.svg`` are both ``images-map.svg`` in a QTI package:
    one question would silently show the other's picture."""
    svg = (VALID / "images" / "square.svg").read_text()
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "map.svg").write_text(svg)
    (tmp_path / "images-map.svg").write_text(svg)
    question = ("  - id: {id}\n    type: true-false\n    prompt: The Guards were founded in 1979.\n"
                "    image:\n      file: {file}\n      alt: A blue card with a year\n    answer: true\n"
                "    feedback: They were founded in the year of the revolution.\n"
                "    ref: ostovar2016vanguard\n")
    (tmp_path / "two.yaml").write_text("id: two\ntitle: Two\nquestions:\n"
                                       + question.format(id="one", file="images/map.svg")
                                       + question.format(id="other", file="images-map.svg"))
    found = [str(p) for p in check_banks(tmp_path, KNOWN, show=lambda p: p.name)]
    assert found == ["two.yaml:17: other: image.file: image 'images-map.svg' has the same name in an "
                     "export package as 'images/map.svg' (question one): rename one of them"], found

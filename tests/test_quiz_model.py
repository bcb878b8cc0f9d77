"""Grading each question type, and the seeded, stable shuffles."""

from __future__ import annotations

import pytest

from coursekit.quiz import load_bank
from coursekit.quiz.model import AnswerError, parse_number

from .conftest import DATA

BANK = load_bank(DATA / "quiz" / "valid" / "fixture.yaml")


def grade(qid, answer):
    return BANK.question(qid).grade(answer)


def test_single():
    assert grade("capital", "Tehran").correct
    assert not grade("capital", "Isfahan").correct
    with pytest.raises(AnswerError, match="Choose an answer"):
        grade("capital", None)
    with pytest.raises(AnswerError, match="not one of the options"):
        grade("capital", "Qom")


def test_true_false():
    assert grade("script", True).correct
    assert not grade("script", False).correct
    with pytest.raises(AnswerError):
        grade("script", "true")


@pytest.mark.parametrize(("typed", "right"), [("1979", True), (" 1,979 ", True), (1979, True),
                                              ("1979.0", True), ("1980", False), ("-1979", False)])
def test_numeric(typed, right):
    assert grade("founded", typed).correct is right


def test_numeric_tolerance_and_bad_input():
    q = BANK.question("founded").model_copy(update={"tolerance": 1.0})
    assert q.grade("1980").correct and not q.grade("1981").correct
    for bad in ("", "nineteen", "19 79x", True):
        with pytest.raises(AnswerError):
            parse_number(bad)
    assert parse_number("\u22123.5") == -3.5


def test_multiple_is_all_or_nothing_with_a_hint():
    assert grade("sources", ["A UN report", "A court judgment"]).correct
    wrong = grade("sources", ["A court judgment", "An anonymous blog"])
    assert not wrong.correct
    assert wrong.detail == "1 of your 2 choices are correct, and the question has 2 correct options."
    assert not grade("sources", ["A court judgment"]).correct
    with pytest.raises(AnswerError):
        grade("sources", [])


def test_ordering():
    assert grade("order", ["Revolution", "Soleimani killed"]).correct
    wrong = grade("order", ["Soleimani killed", "Revolution"])
    assert not wrong.correct and wrong.detail == "0 of 2 items are in the right place."
    with pytest.raises(AnswerError):
        grade("order", ["Revolution", "Revolution"])


def test_matching():
    right = {"Soleimani": "Quds Force", "al-Muhandis": "Kata'ib Hezbollah"}
    assert grade("match", right).correct
    wrong = grade("match", {**right, "al-Muhandis": "Badr Organization"})
    assert not wrong.correct and wrong.detail == "1 of 2 matches are right."
    with pytest.raises(AnswerError):
        grade("match", {"Soleimani": "Quds Force"})


def test_shuffles_are_seeded_and_orderings_never_start_solved():
    about = load_bank("01-about")
    q = about.question("killed-with-soleimani")
    assert about.option_order(q) == load_bank("01-about").option_order(q)
    assert sorted(about.option_order(q)) == sorted(q.options)
    assert BANK.option_order(BANK.question("capital")) == ["Tehran", "Isfahan", "Mashhad"]  # shuffle off
    for bank in (about, BANK):
        for question in bank.questions:
            if question.type == "ordering":
                assert bank.item_order(question) != list(question.items)


def test_element_ids_derive_from_content():
    again = load_bank(DATA / "quiz" / "valid" / "fixture.yaml")
    assert BANK.element_id("capital") == again.element_id("capital")
    assert BANK.element_id("capital") != BANK.element_id("script")
    assert BANK.element_id().startswith("ckq-")

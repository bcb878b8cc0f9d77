"""Grading each question type, and the seeded, stable shuffles."""

from __future__ import annotations

import pytest

from coursekit.quiz import load_bank
from coursekit.quiz.model import AnswerError
from coursekit.quiz.types import parse_number

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


POOLED = load_bank(DATA / "quiz" / "valid" / "pooled.yaml")


def test_a_pool_draws_k_of_n_the_same_for_a_seed_and_differently_across_seeds():
    bank = POOLED.practice()
    (pool,) = bank.pools
    assert pool.draw == 2 and len(pool.questions) == 4
    draws = {seed: [q.id for q in bank.drawn(seed)] for seed in map(str, range(20))}
    for seed, ids in draws.items():
        assert ids[0] == "first" and len(ids) == 3  # the unpooled question, and 2 of the 4
        assert ids == [q.id for q in bank.drawn(seed)]  # the same seed, the same questions
        assert ids == [q.id for q in POOLED.practice().drawn(seed)]  # ... whatever the load
    assert len({tuple(ids) for ids in draws.values()}) >= 4  # seeds differ in what they draw


def test_the_draw_hash_is_the_32_bit_fnv1a_the_site_uses():
    from coursekit.quiz.model import fnv1a

    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C  # the published FNV-1a test vector
    assert fnv1a("\u00e9") == 0x1E9DE8C1  # hashed as UTF-8 bytes (c3 a9), as TextEncoder gives them


def test_assessment_questions_are_left_out_of_what_students_see():
    assert "secret" in {q.id for q in POOLED.questions}
    assert "secret" not in {q.id for q in POOLED.practice().questions}
    whole = POOLED.__class__(**{**POOLED.__dict__, "assessment": True})
    assert whole.practice().questions == ()


def test_a_first_wrong_answer_nudges_and_a_second_reveals():
    from coursekit.quiz.rules import respond

    q = BANK.question("capital")
    args = {"detail": "", "answer_text": q.shown_answer(), "explanation": q.feedback, "source": "S"}
    first = respond(correct=False, notes=q.notes("Isfahan"), wrong_checks=1, revealed=False, **args)
    assert first.notes == [q.option_feedback["Isfahan"]] and first.nudge and first.can_reveal
    assert "Tehran" not in " ".join(first.lines())
    second = respond(correct=False, notes=q.notes("Mashhad"), wrong_checks=2, revealed=False, **args)
    assert second.answer == "The answer: Tehran" and second.explanation == q.feedback
    assert not second.nudge and not second.can_reveal
    shown = respond(correct=None, notes=[], wrong_checks=0, revealed=True, **args)
    assert shown.verdict == "" and shown.answer == "The answer: Tehran"
    right = respond(correct=True, notes=[], wrong_checks=1, revealed=False, **args)
    assert right.verdict == "Correct." and right.answer == "" and right.explanation == q.feedback


def test_every_question_type_is_one_module_with_all_its_parts():
    """Adding a type is adding its module: this lists what each must provide, and where the
    other renderings must know it (the site script, FORMAT.md, the LMS mappings)."""
    from coursekit.quiz import export
    from coursekit.quiz.types import MODELS, MODULES
    from coursekit.site.quiz import static_dir

    script = (static_dir() / "coursekit-quiz.js").read_text(encoding="utf-8")
    fmt = (DATA.parent.parent / "src" / "coursekit" / "quiz" / "FORMAT.md").read_text(encoding="utf-8")
    assert set(MODULES) == set(MODELS) == set(export.QTI_TYPES)
    for name, module in MODULES.items():
        assert name == module.NAME and MODELS[name].model_fields["type"].annotation.__args__ == (name,)
        for part in ("site", "widget", "read", "write"):
            assert callable(getattr(module, part)), f"{name}: no {part}"
        assert f'case "{name}"' in script, f"the site script cannot grade {name}"
        assert f"| `{name}` |" in fmt, f"FORMAT.md does not describe {name}"


class _CountedList(list):
    """A pool's question list that counts how often it is searched or walked."""

    scans = 0

    def __contains__(self, item):
        _CountedList.scans += 1
        return super().__contains__(item)

    def __iter__(self):
        _CountedList.scans += 1
        return super().__iter__()


def test_a_big_pool_is_walked_a_few_times_not_once_per_question():
    """Drawing, the site and every export look each question's pool up in one table: a bank of
    n pooled questions must not cost n walks of the pool (the draw of a 20,000-question bank took
    seconds in the kernel, the QTI export half a minute)."""
    from coursekit.quiz.export import to_gift, to_moodle, to_qti
    from coursekit.quiz.model import Pool
    from coursekit.quiz.static import render

    base = POOLED.question("pool-a")
    questions = tuple(base.model_copy(update={"id": f"q-{n}"}) for n in range(300))
    pool = Pool.model_construct(id="many", draw=3, questions=_CountedList(q.id for q in questions))
    bank = POOLED.__class__(id="big", title="Big", questions=questions, pools=(pool,))
    for use in (lambda: bank.drawn("a seed"), lambda: render(bank, {}), lambda: to_qti([bank]),
                lambda: to_moodle([bank]), lambda: to_gift([bank])):
        _CountedList.scans = 0
        use()
        assert _CountedList.scans <= 10, _CountedList.scans


def test_a_long_student_seed_is_hashed_once_per_pool_not_once_per_question():
    """``COURSEKIT_STUDENT`` may hold any text: a 100,000-character seed over a 3,000-question pool
    hashed 300 million bytes (a minute in the kernel) when each question re-hashed the seed. The
    draw must be the one the site makes: the FNV-1a of seed, bank id and question id."""
    import time

    from coursekit.quiz.model import Pool, draw, fnv1a

    ids = [f"q-{n}" for n in range(3000)]
    pool = Pool(id="many", draw=5, questions=ids)
    seed = "s" * 100_000
    start = time.perf_counter()
    drawn = draw(seed, "big", pool)
    assert time.perf_counter() - start < 2
    short = Pool(id="few", draw=2, questions=ids[:20])
    by_hand = sorted(short.questions, key=lambda q: (fnv1a(f"{seed}\0big\0{q}"), q))[:2]
    assert draw(seed, "big", short) == [q for q in short.questions if q in by_hand]
    assert len(drawn) == 5

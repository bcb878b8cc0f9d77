"""The ipywidgets quiz driven from Python: set a value, press Check, read feedback and score."""

from __future__ import annotations

import pytest

from coursekit.quiz import load_bank
from coursekit.quiz.progress import Progress
from coursekit.quiz.widget import QuizWidget, chosen

from .conftest import DATA

BANK = load_bank(DATA / "quiz" / "valid" / "fixture.yaml")
SOURCES = {"ostovar2016vanguard": "Ostovar 2016"}


@pytest.fixture
def progress(tmp_path):
    return Progress(tmp_path / "progress.json")


@pytest.fixture
def quiz(progress):
    return QuizWidget(BANK, SOURCES, progress)


def press(view):
    view.check_button.click()
    return view.feedback.value


def test_check_shows_feedback_and_updates_the_score(quiz):
    capital = quiz.views["capital"]
    assert "Score: 0 of 6 correct (0 answered)" in quiz.score.value
    assert "Choose an answer first." in press(capital)
    capital.choice.value = "Isfahan"
    feedback = press(capital)
    assert "Not quite." in feedback and "Source:" not in feedback  # practice mode: not yet
    assert "Score: 0 of 6 correct (1 answered)" in quiz.score.value
    capital.choice.value = "Tehran"
    right = press(capital)
    assert "Correct." in right and "Source: Ostovar 2016" in right
    assert "Score: 1 of 6 correct (1 answered)" in quiz.score.value


def test_each_type_can_be_answered(quiz):
    v = quiz.views
    v["script"].choice.value = True
    v["founded"].text.value = "1,979"
    for box in v["sources"].boxes:
        box.value = box.description in ("A court judgment", "A UN report")
    order = v["order"]
    for select, item in zip(order.selects, order.shown, strict=True):
        select.value = ["Revolution", "Soleimani killed"].index(item) + 1
    match = v["match"]
    match.selects[0].value = "Quds Force"
    match.selects[1].value = "Badr Organization"
    for qid in ("script", "founded", "sources", "order"):
        assert "Correct." in press(v[qid]), qid
    assert "1 of 2 matches are right." in press(match)
    v["capital"].choice.value = "Mashhad"
    press(v["capital"])
    assert "Score: 4 of 6 correct (6 answered)" in quiz.score.value
    assert "All 6 questions answered: 4 correct. To review: questions 1, 6." in quiz.score.value


def test_drop_downs_show_a_placeholder_until_chosen_and_after_start_again(quiz):
    order, match = quiz.views["order"], quiz.views["match"]
    for select in order.selects + match.selects:
        assert select.index == 0 and chosen(select) is None and select.label.startswith("Choose a ")
    assert order.selects[0].label == "Choose a position" and match.selects[0].label == "Choose a match"
    match.selects[0].value = "Quds Force"
    quiz.restart.click()
    assert match.selects[0].index == 0 and match.selects[0].label == "Choose a match"


def test_an_incomplete_ordering_is_not_graded(quiz):
    order = quiz.views["order"]
    order.selects[0].value = 1
    order.selects[1].value = 1
    assert "Give each item its own position first." in press(order)
    assert quiz.answered == 0


def test_author_markup_is_escaped_in_the_widget(quiz):
    prompt = quiz.views["script"].box.children[0].value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in prompt and "<script" not in prompt
    assert "<img" not in prompt
    quiz.views["script"].choice.value = True
    feedback = press(quiz.views["script"])
    assert "&lt;img src=x onerror=alert(3)&gt;" in feedback and "<img" not in feedback
    assert "&lt;b&gt;markup&lt;/b&gt;" in quiz.box.children[0].value


def test_controls_are_labelled_for_screen_readers(quiz):
    capital = quiz.views["capital"]
    assert "Question 1." in capital.box.children[0].value  # the prompt says it once ...
    assert capital.choice.description == "" and capital.choice.tooltip == "Answers to question 1"  # ... only
    assert quiz.views["founded"].text.description == "Your answer"
    assert [s.description for s in quiz.views["match"].selects] == ["Soleimani", "al-Muhandis"]
    assert quiz.views["capital"].check_button.tooltip == "Check question 1"
    assert 'role="status"' in quiz.score.value


def test_answers_survive_a_restart_and_start_again_clears_them(quiz, progress):
    quiz.views["founded"].text.value = "1979"
    press(quiz.views["founded"])
    quiz.views["capital"].choice.value = "Isfahan"
    press(quiz.views["capital"])
    again = QuizWidget(BANK, SOURCES, Progress(progress.path))  # a new kernel, the same file
    assert again.views["founded"].text.value == "1979"
    assert again.views["capital"].choice.value == "Isfahan"
    assert "Score: 1 of 6 correct (2 answered)" in again.score.value
    assert "Correct." in again.views["founded"].feedback.value
    again.restart.click()
    assert again.views["founded"].text.value == "" and again.views["capital"].choice.value is None
    assert "Score: 0 of 6 correct (0 answered)" in again.score.value
    assert Progress(progress.path).answers("fixture") == {}


def test_progress_messages_show_in_the_quiz_not_as_warnings(tmp_path, recwarn):
    path = tmp_path / "progress.json"
    path.write_text("{broken")
    quiz = QuizWidget(BANK, SOURCES, Progress(path))
    assert "moved to" in quiz.notice.value and "progress.json.corrupt-1" in quiz.notice.value
    assert 'role="status"' in quiz.notice.value
    assert not recwarn.list


def test_a_saved_answer_that_no_longer_fits_is_ignored_not_fatal(progress):
    progress.record("fixture", "capital", "Qom", False)
    progress.record("fixture", "gone", "x", True)
    restored = QuizWidget(BANK, SOURCES, progress)
    assert restored.views["capital"].choice.value is None
    assert restored.answered == 0
    assert set(progress.answers("fixture")) == {"capital", "gone"}  # kept in the file


def test_a_first_wrong_answer_gets_the_options_feedback_and_a_nudge_not_the_answer(quiz):
    capital = quiz.views["capital"]
    capital.choice.value = "Isfahan"
    first = press(capital)
    assert "Not quite." in first and "Isfahan was the Safavid capital" in first
    assert "Think again" in first
    assert "Tehran" not in first  # neither the right option nor the explanation that names it
    assert "Source:" not in first
    assert capital.reveal_button.layout.display is None  # Show answer is offered
    capital.choice.value = "Mashhad"
    second = press(capital)
    assert "Mashhad is the great shrine city" in second and "Isfahan was" not in second
    assert "The answer: Tehran" in second and "Tehran has been the capital" in second
    assert "Source: Ostovar 2016" in second and "Think again" not in second
    assert capital.reveal_button.layout.display == "none"


def test_show_answer_reveals_the_explanation_at_once(quiz, progress):
    founded = quiz.views["founded"]
    founded.reveal_button.click()
    shown = founded.feedback.value
    assert "The answer: 1979 year" in shown and "revolution of 1979" in shown
    assert "Not quite." not in shown and quiz.answered == 0
    founded.text.value = "1980"
    after = press(founded)
    assert "Not quite." in after and "The answer: 1979 year" in after  # stays revealed
    assert progress.answers("fixture")["founded"]["revealed"] is True


def test_a_right_answer_explains_without_the_option_notes(quiz):
    sources = quiz.views["sources"]
    for box in sources.boxes:
        box.value = box.description in ("A court judgment", "An anonymous blog")
    wrong = press(sources)
    assert "Nobody can be held to account" in wrong and "1 of your 2 choices are correct" in wrong
    assert "A UN report" not in wrong
    for box in sources.boxes:
        box.value = box.description in ("A court judgment", "A UN report")
    right = press(sources)
    assert "Correct." in right and "Courts and the UN answer" in right
    assert "Nobody can be held" not in right and "The answer:" not in right


def test_true_false_and_types_without_options_nudge_first(quiz):
    script = quiz.views["script"]
    script.choice.value = False
    reply = press(script)
    assert "&lt;b&gt;tags&lt;/b&gt; stay text" in reply and "onerror" not in reply
    order = quiz.views["order"]
    for select, item in zip(order.selects, order.shown, strict=True):
        select.value = ["Soleimani killed", "Revolution"].index(item) + 1
    reply = press(order)
    assert "0 of 2 items are in the right place." in reply and "Think again" in reply
    assert "1979, then 2020" not in reply


def test_the_wrong_count_and_the_reveal_survive_a_restart(quiz, progress):
    capital = quiz.views["capital"]
    capital.choice.value = "Isfahan"
    press(capital)
    again = QuizWidget(BANK, SOURCES, Progress(progress.path))
    assert again.views["capital"].wrong_checks == 1
    assert "Think again" in again.views["capital"].feedback.value
    again.views["capital"].choice.value = "Mashhad"
    assert "The answer: Tehran" in press(again.views["capital"])


POOLED = load_bank(DATA / "quiz" / "valid" / "pooled.yaml")


def test_a_pooled_bank_draws_per_student_and_records_the_draw(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSEKIT_STUDENT", raising=False)
    draws = {}
    for student in ("amir", "bahar", "cyrus", "dara"):
        monkeypatch.setenv("COURSEKIT_STUDENT", student)
        progress = Progress(tmp_path / f"{student}.json")
        shown = QuizWidget(POOLED.practice(), SOURCES, progress)
        draws[student] = list(shown.views)
        assert draws[student][0] == "first" and len(draws[student]) == 3
        assert progress.drawn("pooled") == draws[student]
        again = QuizWidget(POOLED.practice(), SOURCES, Progress(tmp_path / f"{student}.json"))
        assert list(again.views) == draws[student]  # the same student, the same quiz
        assert "of 3 correct" in again.score.value
    assert len({tuple(d) for d in draws.values()}) > 1  # students do not all get the same


def test_without_a_student_id_the_seed_is_kept_in_the_progress_file(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSEKIT_STUDENT", raising=False)
    progress = Progress(tmp_path / "p.json")
    first = list(QuizWidget(POOLED.practice(), SOURCES, progress).views)
    seed = progress.seed()
    assert len(seed) == 16
    assert list(QuizWidget(POOLED.practice(), SOURCES, Progress(progress.path)).views) == first
    assert Progress(progress.path).seed() == seed


def test_an_image_stem_shows_in_the_widget_with_its_alt_text(quiz):
    prompt = quiz.views["founded"].box.children[0].value
    assert '<img src="data:image/svg+xml;base64,' in prompt
    assert 'alt="A blue card with a question: &lt;b&gt;which year&lt;/b&gt;?"' in prompt
    assert "<script" not in prompt  # the SVG's script is inside the base64 data, never markup


def test_without_saved_progress_the_student_id_still_sets_the_draw(monkeypatch):
    draws = set()
    for student in ("amir", "bahar", "cyrus", "dara"):
        monkeypatch.setenv("COURSEKIT_STUDENT", student)
        shown = list(QuizWidget(POOLED.practice(), SOURCES, None).views)
        assert shown == [q.id for q in POOLED.practice().drawn(student)]
        draws.add(tuple(shown))
    assert len(draws) > 1

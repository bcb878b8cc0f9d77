"""Checks: right answers accepted, each common mistake rejected with a specific message."""

from __future__ import annotations

import json

import pytest
import yaml

from coursekit.exercises import EXERCISES, check_module
from coursekit.exercises.feedback import MIME, Feedback, evaluate, tasks_of
from coursekit.exercises.keys import from_grading_keys

from .conftest import DATA, ROOT

CASES = yaml.safe_load((DATA / "exercises" / "checks" / "cases.yaml").read_text(encoding="utf-8"))
KEYS = ROOT / "instructor" / "exercises" / "keys"


@pytest.fixture(scope="module", params=["practice", "grading"])
def keys(request):
    """Each case is judged twice: with the package's practice prints and with the grading keys."""
    return None if request.param == "practice" else from_grading_keys(KEYS, EXERCISES)


def _scope() -> dict:
    import folium
    import pandas as pd

    from coursekit import data, maps
    from coursekit.exercises.figures import figures
    from coursekit.exercises.keys import load_key_module

    def own_map(dashed: bool):
        """A Folium map of the Quds Force's Iraqi links, dashing the alleged ones if ``dashed``."""
        def point(actor):
            place = data.place(data.actor(actor).home)
            return (place.lat, place.lon)

        fmap = folium.Map(tiles=None)
        for rel in data.relations(source="quds-force"):
            if data.actor(rel.target).country == "IRQ":
                dash = "4 4" if dashed and rel.status != "established" else None
                folium.PolyLine([point(rel.source), point(rel.target)], dash_array=dash).add_to(fmap)
        return fmap

    return {"data": data, "pd": pd, "folium": folium, "maps": maps, "figures": figures,
            "km": load_key_module(KEYS / "ex1-reach.py").distances(), "own_map": own_map}


def _case_id(case: dict) -> str:
    return f"{case['exercise']}-t{case['task']}-{case['status']}-{case['says'][:24]}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_check_gives_the_expected_verdict_and_message(case, keys):
    answer = eval(case["answer"], _scope())  # noqa: S307 - test data written by us
    check = getattr(check_module(case["exercise"]), f"task{case['task']}")
    result = check(answer, keys=keys)
    assert isinstance(result, Feedback)
    assert (result.status, case["says"] in result.message) == (case["status"], True), result.message
    assert result.score == (result.max if case["status"] == "correct" else 0)


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_every_exercise_has_three_to_six_tasks_that_say_not_done_for_a_stub(exercise):
    checks = tasks_of(check_module(exercise))
    assert 3 <= len(checks) <= 6
    assert [c.number for c in checks] == list(range(1, len(checks) + 1))
    for check in checks:
        assert check(*([...] * len(check.variables))).status == "not-done"
        assert check(*([None] * len(check.variables))).status == "not-done"


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_every_task_has_a_case_with_a_right_answer_and_one_with_a_wrong_answer(exercise):
    for status in ("correct", "incorrect"):
        covered = {c["task"] for c in CASES if c["exercise"] == exercise and c["status"] == status}
        missing = {c.number for c in tasks_of(check_module(exercise))} - covered
        assert not missing, f"add {status} cases for task(s) {sorted(missing)} to cases.yaml"


def test_an_answer_of_an_unexpected_shape_is_feedback_not_a_traceback():
    from coursekit.exercises import corrections

    result = corrections.task1(12)
    assert result.status == "incorrect"
    assert "list of ids" in result.message


def test_feedback_displays_as_text_and_html_with_the_result_in_metadata():
    from coursekit.exercises import ledger

    bundle, metadata = ledger.task3(...)._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert json.loads(json.dumps(metadata[MIME])) == {
        "exercise": "ex3-ledger", "task": 3, "status": "not-done", "score": 0.0, "max": 1.0,
        "message": metadata[MIME]["message"]}
    assert "Not done yet" in bundle["text/plain"]


def test_evaluate_reports_undefined_variables_as_not_done():
    results = evaluate("ex3-ledger", {"verdict_counts": ...})
    assert [r.status for r in results] == ["not-done"] * 5
    assert "is not defined" in results[1].message


def test_unknown_exercise_names_the_known_ones():
    with pytest.raises(ValueError, match="ex1-reach"):
        check_module("ex9-nothing")

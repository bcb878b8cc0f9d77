"""The shipped package gives feedback but no answers: no call returns one, the prints hold none."""

from __future__ import annotations

import inspect
import json
import pkgutil
from importlib import import_module
from types import ModuleType

import pytest

import coursekit.exercises
from coursekit.exercises import EXERCISES
from coursekit.exercises.keys import PRACTICE, Compare, Solution, build, canon, load_key_module, practice_file

from .conftest import ROOT

KEYS = ROOT / "instructor" / "exercises" / "keys"
SHIPPED = ROOT / "src" / "coursekit" / "exercises" / PRACTICE


def _answers() -> dict[tuple[str, int], object]:
    found = {}
    for exercise in EXERCISES:
        module = load_key_module(KEYS / f"{exercise}.py")
        for name, make in vars(module).items():
            if name.startswith("task") and name[4:].isdigit():
                found[(exercise, int(name[4:]))] = make().value
    return found


def _forms(value) -> set[str]:
    """The answer, and the shapes a helper might return it in (sorted, as a list of keys...)."""
    forms = {canon(value)}
    if isinstance(value, dict):
        forms |= {canon(sorted(value.items()))}
    if isinstance(value, (list, tuple)):
        forms |= {canon(sorted(value, key=repr)), canon(set(map(repr, value)))}
    return forms


def _one_call_leaks(modules: list[ModuleType], answers) -> list[str]:
    """Every function callable without arguments, and every constant, that gives an answer."""
    wanted: dict[str, list] = {}
    for key, value in answers.items():
        for form in _forms(value):
            wanted.setdefault(form, []).append(key)
    leaks = []
    for module in modules:
        for name, obj in vars(module).items():
            if isinstance(obj, ModuleType) or (inspect.isclass(obj)):
                continue
            if callable(obj):
                try:
                    required = [p for p in inspect.signature(obj).parameters.values() if p.default is p.empty
                                and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
                except (TypeError, ValueError):
                    continue
                if required or getattr(obj, "__module__", None) != module.__name__:
                    continue
                try:
                    got = obj()
                except Exception:  # noqa: BLE001 - a helper that needs arguments is not a key
                    continue
            else:
                got = obj
            try:
                text = canon(got)
            except Exception:  # noqa: BLE001 - a value canon cannot read is not a key
                continue
            if text in wanted:
                leaks.append(f"{module.__name__}.{name} gives the answer of {wanted[text]}")
    return leaks


def _shipped_modules() -> list[ModuleType]:
    names = [m.name for m in pkgutil.iter_modules(coursekit.exercises.__path__)]
    return [import_module(f"coursekit.exercises.{name}") for name in names if name not in ("cli", "runner")]


def test_the_practice_prints_are_what_release_makes_from_the_grading_keys():
    assert SHIPPED.read_text(encoding="utf-8") == practice_file(KEYS, SHIPPED), \
        "run `make release` (coursekit release) and commit src/coursekit/exercises/practice.json"


def test_no_function_or_constant_of_the_package_gives_an_answer_in_one_call():
    assert _one_call_leaks(_shipped_modules(), _answers()) == []


def test_the_one_call_test_finds_a_planted_answer():
    answers = _answers()
    planted = ModuleType("coursekit.exercises.planted")
    key_module = load_key_module(KEYS / "ex1-reach.py")
    planted._partners = lambda: key_module.partners()  # what reach._partners() used to do
    planted._partners.__module__ = planted.__name__
    planted.CLAIM = "khamenei-misnamed-ali-khomeini"  # what corrections.CLAIM used to be
    leaks = _one_call_leaks([planted], answers)
    assert any("_partners" in leak and "('ex1-reach', 1)" in leak for leak in leaks), leaks
    assert any("CLAIM" in leak for leak in leaks), leaks


def test_the_practice_file_holds_no_answer_text():
    text = SHIPPED.read_text(encoding="utf-8")
    data = json.loads(text)
    assert set(data) == {"salt", "exercises"}
    for (exercise, task), value in _answers().items():
        pieces = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, dict)) else []
        for piece in pieces:
            if isinstance(piece, str) and len(piece) >= 8:
                assert f'"{piece}"' not in text, f"{exercise} task {task}: {piece!r} is in {PRACTICE}"
        assert canon(value) not in text


def test_a_number_within_half_the_tolerance_always_passes_and_none_beyond_it():
    prints = build("salt", "ex0", 1, Compare("value", rel=0.01), Solution(1234.5))
    assert all(prints.right(1234.5 * f) for f in (0.996, 0.999, 1.0, 1.001, 1.004))
    assert not any(prints.right(1234.5 * f) for f in (0.985, 1.011, 2, -1))
    assert not prints.right("1234.5") and not prints.right(None)
    absolute = build("salt", "ex0", 2, Compare("value", abs=0.005), Solution(0.5))
    assert absolute.right(0.5024) and absolute.right(0.4976) and not absolute.right(0.506)


def test_prints_depend_on_the_salt_and_reveal_membership_only_for_a_given_item():
    one = build("salt-a", "ex0", 1, Compare("set"), Solution(["hezbollah", "houthis"]))
    two = build("salt-b", "ex0", 1, Compare("set"), Solution(["hezbollah", "houthis"]))
    assert one.answer != two.answer and one.answer["n"] == 2
    assert one.contains("houthis") and not one.contains("hamas")
    assert one.right(["houthis", "hezbollah"]) and not one.right(["houthis"])


@pytest.mark.parametrize("exercise", sorted(EXERCISES))
def test_every_judged_task_has_a_grading_key(exercise):
    from coursekit.exercises import check_module
    from coursekit.exercises.feedback import tasks_of

    module = load_key_module(KEYS / f"{exercise}.py")
    for check in tasks_of(check_module(exercise)):
        if check.compare is not None:
            assert isinstance(getattr(module, f"task{check.number}")(), Solution)

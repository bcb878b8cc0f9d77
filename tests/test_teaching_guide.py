"""The teaching guide (guide/teaching.md) stays true to the chapters, quizzes and exercises it maps.

Its section "How the quizzes and exercises map to the objectives" has one table per chapter. Every
quiz question of every bank must appear in its chapter's table, every question id, objective and
exercise task named there must exist, and the ten-week plan must cover every chapter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coursekit.quiz import load_bank

from .conftest import ROOT
from .test_chapters import cells

GUIDE = ROOT / "guide" / "teaching.md"
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
EXERCISES = {int(m.group(1)): p for p in (ROOT / "exercises").glob("ex*.ipynb")
             if (m := re.match(r"ex(\d+)-", p.name))}
SECTION = re.compile(r"^### Chapter (\d+):[^\n]*\n(.*?)(?=^### |^## |\Z)", re.MULTILINE | re.DOTALL)
ROW = re.compile(r"^\| (\d+)\. [^|]+\|([^|]*)\|([^|]*)\|$", re.MULTILINE)
TASKS = re.compile(r"Exercise (\d+), tasks? (\d+)(?:–(\d+))?")


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def mapping() -> dict[str, list[tuple[int, set[str], str]]]:
    """Chapter stem -> rows of (objective number, quiz ids, exercises cell)."""
    stems = {int(p.stem[:2]): p.stem for p in CHAPTERS}
    out = {}
    for number, body in SECTION.findall(guide()):
        rows = [(int(obj), set(re.findall(r"`([\w-]+)`", quiz)), work)
                for obj, quiz, work in ROW.findall(body)]
        out[stems[int(number)]] = rows
    return out


def objectives(path: Path) -> int:
    first = "".join(cells(path)[0]["source"])  # the first cell after the install cell
    return len(re.findall(r"^\d+\. ", first, re.MULTILINE))


def tasks(exercise: int) -> int:
    cells = json.loads(EXERCISES[exercise].read_text(encoding="utf-8"))["cells"]
    return sum(1 for c in cells if c["cell_type"] == "markdown"
               and "".join(c["source"]).startswith("## Task "))


def test_the_guide_is_in_the_book():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert "file: guide/teaching" in toc
    assert "teaching" in (ROOT / "guide" / "instructors.md").read_text(encoding="utf-8")


def test_every_chapter_has_a_mapping_table():
    assert sorted(mapping()) == [p.stem for p in CHAPTERS]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_the_table_covers_the_objectives_and_the_whole_quiz(path):
    rows = mapping()[path.stem]
    assert [obj for obj, _, _ in rows] == list(range(1, objectives(path) + 1)), \
        "one row per learning objective, in order"
    bank = {q.id for q in load_bank(path.stem).questions}
    named = set().union(*(ids for _, ids, _ in rows))
    assert named - bank == set(), f"not questions of quiz {path.stem}: {sorted(named - bank)}"
    assert bank - named == set(), f"questions of quiz {path.stem} missing from the guide: " \
                                  f"{sorted(bank - named)}"


def test_every_exercise_task_named_exists():
    named = TASKS.findall(guide())
    assert named, "the guide names exercise tasks"
    for exercise, first, last in named:
        assert int(exercise) in EXERCISES, f"no Exercise {exercise}"
        assert 1 <= int(first) <= int(last or first) <= tasks(int(exercise)), \
            f"Exercise {exercise} has no task {last or first}"


def test_every_exercise_is_used_in_the_plan():
    text = guide()
    for exercise in EXERCISES:
        assert re.search(rf"\*\*Exercises? (?:\d+ and )?{exercise}\b|\*\*Exercises? {exercise}\b",
                         text), f"Exercise {exercise} is not set in any week"


def test_the_plan_has_ten_weeks_covering_every_chapter():
    weeks = re.findall(r"^### Week (\d+): ", guide(), re.MULTILINE)
    assert [int(w) for w in weeks] == list(range(1, 11))
    for path in CHAPTERS:
        assert re.search(rf"^\*Chapter {int(path.stem[:2])}; objectives", guide(), re.MULTILINE), \
            f"no session for chapter {path.stem}"

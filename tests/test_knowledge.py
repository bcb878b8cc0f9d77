"""Knowledge-base validation: a valid minimal data set, and one folder per kind of error.

Each ``tests/data/knowledge/invalid/<what-is-wrong>/`` holds the data file(s) that replace the
valid set's, and ``expected.txt`` with the exact problem lines (file:line: record: field: message).
"""

from __future__ import annotations

import shutil

import pytest

from coursekit.knowledge.links import check_links
from coursekit.knowledge.loader import load_course
from coursekit.knowledge.problems import sort_problems

from .conftest import DATA, expected_lines

VALID = DATA / "knowledge" / "valid"
INVALID = sorted(p for p in (DATA / "knowledge" / "invalid").iterdir() if p.is_dir())


def problems_in(folder):
    course, problems = load_course(folder, show=lambda p: p.name)
    return course, [str(p) for p in sort_problems(problems + check_links(course))]


def test_valid_data_set_has_no_problems():
    course, problems = problems_in(VALID)
    assert problems == []
    assert set(course.places) == {"tehran", "baghdad-airport"}
    assert course.relations[0].id == "quds-force--part-of--irgc"
    assert course.claims[0].verdict == "corroborated"


@pytest.mark.parametrize("case", INVALID, ids=[c.name for c in INVALID])
def test_each_error_is_reported_with_file_line_record_and_field(case, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(VALID, data)
    for override in case.iterdir():
        if override.name != "expected.txt":
            shutil.copy(override, data / override.name)
    _, problems = problems_in(data)
    assert problems == expected_lines(case)

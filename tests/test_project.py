"""Book structure checks: one fixture book per case under tests/data/project/."""

from __future__ import annotations

import re

import pytest

from coursekit.knowledge.problems import sort_problems
from coursekit.project import check_project

from .conftest import DATA, expected_lines, materialize

CASES = sorted(p for p in (DATA / "project").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_project_case(case, tmp_path):
    book = materialize(case, tmp_path / "book")
    found = [str(p) for p in sort_problems(check_project(book))]
    expected = expected_lines(case)
    assert len(found) == len(expected), found
    for line, pattern in zip(found, expected, strict=True):
        # expected.txt holds exact lines; "..." stands for text that comes from a library
        assert re.fullmatch(re.escape(pattern).replace(re.escape("..."), ".*"), line), (line, pattern)


def test_every_case_but_valid_reports_something():
    for case in CASES:
        assert bool(expected_lines(case)) == (case.name != "valid"), case.name

"""``coursekit check`` as a whole: one fixture book per case under tests/data/check/.

Each case holds a small book (pages, ``*.ipynb.in`` notebooks) and, in ``data/``, the data files
that replace those of ``tests/data/knowledge/valid``; ``expected.txt`` holds the exact lines the
report prints, in its order (problems that stop a file being read come first).
"""

from __future__ import annotations

import shutil

import pytest

from coursekit.check import check_course, check_file
from coursekit.knowledge.problems import sort_problems

from .conftest import DATA, expected_lines, materialize

CASES = sorted(p for p in (DATA / "check").iterdir() if p.is_dir())
VALID_DATA = DATA / "knowledge" / "valid"


def book_and_data(case, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(VALID_DATA, book / "data")
    materialize(case, book)
    (book / "expected.txt").unlink()
    return book, book / "data"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_case(case, tmp_path):
    book, data = book_and_data(case, tmp_path)
    found = [str(p) for p in sort_problems(check_course(book, data).problems)]
    assert found == expected_lines(case)


def test_every_case_but_valid_reports_something():
    for case in CASES:
        assert bool(expected_lines(case)) == (case.name != "valid"), case.name


def test_a_page_is_checked_on_its_own(tmp_path):
    book, data = book_and_data(DATA / "check" / "cite-key-missing", tmp_path)
    found = [str(p) for p in sort_problems(check_file(book / "index.md", data).problems)]
    assert found == [line for line in expected_lines(DATA / "check" / "cite-key-missing")
                     if line.startswith("index.md:")]


def test_a_data_file_is_checked_on_its_own_with_links_into_its_folder(tmp_path):
    _book, data = book_and_data(DATA / "check" / "bib-parse-error-first", tmp_path)
    assert [str(p) for p in check_file(data / "places.yaml").problems] == [
        "data/places.yaml:5: tehran: lat: Input should be less than or equal to 90 (got 135.6944)"]
    assert check_file(data / "events.yaml").problems == []


def test_a_file_check_does_not_read_says_what_it_reads(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    [found] = check_file(other).problems
    assert str(found).startswith("notes.txt: not a file coursekit check reads: give the book's "
                                 "folder, a notebook (.ipynb), a Markdown page (.md), a data file")

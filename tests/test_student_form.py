"""The student form (notebooks/) and the install cell: generated, up to date, readable everywhere.

Conversion cases are files: ``tests/data/student/convert/valid/<case>.md`` holds MyST, a line
``=== expected ===`` and the Markdown expected; ``invalid/<case>.md`` holds MyST, ``=== error ===``
and the message expected.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from coursekit.check import check_course
from coursekit.student import check_notebooks
from coursekit.student.form import FORM, reference_labels, source_notebooks
from coursekit.student.install import install_source, is_install_cell, with_install_cell
from coursekit.student.markdown import MystError, Resolver, convert, escape, raw_myst
from coursekit.student.settings import DIST, PLACEHOLDER, Settings, placeholder_warnings, read_settings

from .conftest import DATA, ROOT

CASES = DATA / "student" / "convert"
VALID = sorted((CASES / "valid").glob("*.md"))
INVALID = sorted((CASES / "invalid").glob("*.md"))
ALL_NOTEBOOKS = sorted(p for folder in ("chapters", "exercises", "back", "instructor/exercises", FORM)
                       for p in (ROOT / folder).rglob("*.ipynb"))


def resolver() -> Resolver:
    r = Resolver(labels={"ostovar2016vanguard": "Ostovar 2016", "ap2011a": "Associated Press 2011a"},
                 entries={}, glossary={"irgc": ("IRGC", "The Guards.")},
                 documents={"chapters/03-quds-force", "exercises/ex1-reach"},
                 counts={"total": 104, "incorrect": 3, "imprecise": 21, "verdicts": 5})
    r.start("exercises/ex1-reach")
    return r


def split(case: Path, marker: str) -> tuple[str, str]:
    source, expected = case.read_text(encoding="utf-8").split(f"\n=== {marker} ===\n")
    return source, expected.rstrip("\n")


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.stem)
def test_conversion(case):
    source, expected = split(case, "expected")
    assert convert(source, resolver(), case.name) == expected


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_what_has_no_student_form_is_refused_with_its_place(case):
    source, message = split(case, "error")
    with pytest.raises(MystError) as info:
        convert(source, resolver(), "chapters/x.ipynb: cell 3")
    assert str(info.value).startswith("chapters/x.ipynb: cell 3: ") and message in str(info.value)


def test_the_resolver_collects_what_a_notebook_cites_and_uses():
    r = resolver()
    convert(valid := (CASES / "valid" / "admonition.md").read_text().split("\n=== ")[0], r, "x")
    assert valid and r.cited == ["ostovar2016vanguard"] and r.terms == ["IRGC"]


def test_bibliography_text_is_escaped_and_same_labels_get_letters():
    assert escape("<script>*x*</script> [a](b)") == r"\<script\>\*x\*\</script\> \[a\](b)"
    labels, entries = reference_labels(ROOT)
    shared = [k for k, v in labels.items() if v.startswith("Associated Press 2011")]
    assert sorted(labels[k] for k in shared) == [f"Associated Press 2011{c}" for c in "abc"[:len(shared)]]
    assert all(e.startswith(f"- **{escape(labels[k])}**: ") for k, e in entries.items())


def test_the_committed_form_and_install_cells_are_what_coursekit_notebooks_writes():
    result = check_notebooks(ROOT)
    assert result.problems == []
    assert result.stale == [], f"out of date (run 'make notebooks'): {result.stale[:5]}"


def test_the_form_mirrors_every_notebook_of_the_book():
    form = sorted(p.relative_to(ROOT / FORM) for p in (ROOT / FORM).rglob("*.ipynb"))
    assert form == sorted(p.relative_to(ROOT) for p in source_notebooks(ROOT))
    assert any(p.parts[0] == "exercises" for p in form) and any(p.parts[0] == "chapters" for p in form)


@pytest.mark.parametrize("path", sorted((ROOT / FORM).rglob("*.ipynb")), ids=lambda p: p.stem)
def test_the_form_has_no_myst_left_and_the_same_code(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    source = ROOT / nb["metadata"]["coursekit_form"]["generated_from"]
    original = json.loads(source.read_text(encoding="utf-8"))
    markdown = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    for text in markdown:
        assert raw_myst(text) == [], raw_myst(text)[:3]
    code = [c["source"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert code == [c["source"] for c in original["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_notebook_starts_with_the_install_cell(path):
    first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
    assert is_install_cell(first)
    assert "".join(first["source"]) == install_source(read_settings(ROOT))
    assert "remove-cell" in first["metadata"]["tags"]  # the book does not show it


def test_the_install_cell_is_three_lines_of_python_pinned_to_this_version():
    settings = Settings("https://github.com/someone/course", "1.2.3")
    code = install_source(settings)
    assert len([line for line in code.splitlines() if line.strip()]) == 3  # and a blank line (isort)
    ast.parse(code)
    assert f'"{DIST} @ https://github.com/someone/course/releases/download/v1.2.3/' \
           'guards_beyond_borders-1.2.3-py3-none-any.whl"' in code


def test_the_install_cell_does_nothing_where_the_package_is_installed():
    calls = []

    class Shell:
        def run_line_magic(self, *args):
            calls.append(args)

    exec(install_source(read_settings(ROOT)), {"get_ipython": Shell})  # noqa: S102 - our own cell
    assert calls == []
    exec(install_source(read_settings(ROOT)).replace('"coursekit"', '"no_such_package_here"'),  # noqa: S102
         {"get_ipython": Shell})
    assert calls and calls[0][0] == "pip" and "--quiet" in calls[0][1]


def test_adding_the_install_cell_changes_one_hunk_only():
    text = (ROOT / "chapters" / "01-about.ipynb").read_text(encoding="utf-8")
    nb = json.loads(text)
    nb["cells"] = nb["cells"][1:]
    without = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
    assert with_install_cell(without, read_settings(ROOT)) == text
    assert with_install_cell(text, read_settings(ROOT)) == text


def test_check_warns_while_the_repository_is_the_placeholder(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text(f"title: x\nrepository:\n  url: {PLACEHOLDER}\n  branch: main\n", encoding="utf-8")
    (warning,) = placeholder_warnings(tmp_path)
    assert str(warning).startswith("_config.yml:3: repository: url: the placeholder ")
    config.write_text("title: x\nrepository:\n  url: https://github.com/me/my-course\n", encoding="utf-8")
    assert placeholder_warnings(tmp_path) == []
    config.write_text("title: x\nrepository:\n  url: git@github.com:me/c\n", encoding="utf-8")
    (bad,) = placeholder_warnings(tmp_path)
    assert "expected an https:// address" in str(bad) and "'git@github.com:me/c'" in str(bad)


def test_the_repository_check_passes_with_the_placeholder_warning():
    result = check_course(ROOT)
    assert result.ok
    assert [w.field for w in result.warnings] == (["url"] if read_settings(ROOT).repository == PLACEHOLDER
                                                  else [])


def test_the_launch_buttons_open_the_student_form():
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["repository"]["path_to_book"] == FORM
    assert config["launch_buttons"]["notebook_interface"] == "jupyterlab"
    assert config["repository"]["url"] == read_settings(ROOT).repository


def test_the_distribution_name_is_ours_and_the_import_name_coursekit():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DIST and DIST != "coursekit"
    assert (ROOT / "src" / "coursekit" / "__init__.py").exists()

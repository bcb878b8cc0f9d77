"""Release: student notebooks are exactly what release makes, and hold nothing of a solution."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from coursekit.exercises import EXERCISES
from coursekit.exercises.release import (
    CODE_STUB,
    ReleaseError,
    render,
    solution_texts,
    student_version,
)

from .conftest import DATA, ROOT, materialize

SOURCES = sorted((ROOT / "instructor" / "exercises").glob("*.ipynb"))
STUDENT = ROOT / "exercises"
SITE = ROOT / "_build" / "html"
INVALID = DATA / "exercises" / "release" / "invalid"
MIN_CHARS = 20  # shorter fragments (e.g. "bases = {}", a wrapped word) are too common to prove a leak


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fingerprints(source: Path) -> set[str]:
    """Each line of each solution text, minus lines that also occur outside solutions."""
    nb = nbformat.read(source, as_version=4)
    student, _ = student_version(nb)
    public = {_squash(line) for cell in student.cells for line in cell.source.splitlines()}
    found = set()
    for text in solution_texts(nb):
        for line in text.splitlines():
            squashed = _squash(line)
            if len(squashed) >= MIN_CHARS and squashed not in public:
                found.add(squashed)
    return found


def artifact_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        nb = json.loads(raw)
        parts = []
        for cell in nb.get("cells", []):
            parts.append("".join(cell.get("source", "")))
            for out in cell.get("outputs", []):
                parts.append(json.dumps(out, ensure_ascii=False))
        parts.append(json.dumps(nb.get("metadata", {}), ensure_ascii=False))
        return _squash("\n".join(parts))
    if path.suffix in (".html", ".htm"):
        import html

        from bs4 import BeautifulSoup

        text = BeautifulSoup(raw, "html.parser").get_text("")
        return _squash(text) + _squash(html.unescape(raw))
    return _squash(raw.replace('\\"', '"').replace("\\n", "\n"))


def test_every_exercise_has_a_source_and_a_student_version():
    assert [p.stem for p in SOURCES] == sorted(EXERCISES)
    assert sorted(p.stem for p in STUDENT.glob("*.ipynb")) == sorted(EXERCISES)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_committed_student_version_is_what_release_produces(source):
    student, removed = student_version(nbformat.read(source, as_version=4), str(source))
    committed = (STUDENT / source.name).read_text(encoding="utf-8")
    assert removed > 0
    assert committed == render(student), f"run `coursekit release` and commit {STUDENT.name}/{source.name}"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_sources_are_committed_without_outputs(source):
    nb = nbformat.read(source, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_release_leaves_stubs_and_no_markers(source):
    student, _ = student_version(nbformat.read(source, as_version=4))
    text = render(student)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "MARK SCHEME"):
        assert marker not in text
    starters = [c for c in student.cells if "starter" in c.metadata.get("tags", [])]
    assert starters and all(CODE_STUB in c.source and "= ..." in c.source for c in starters)


def _student_artifacts() -> list[Path]:
    return sorted(STUDENT.glob("*.ipynb"))


def _site_artifacts() -> list[Path]:
    return sorted(p for p in SITE.rglob("*") if p.is_file()
                  and p.suffix in (".html", ".ipynb", ".js", ".txt", ".md", ".json", ".py"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_no_solution_in_the_student_notebooks(source):
    prints = fingerprints(source)
    assert prints, "the leak test needs solution text to look for"
    for path in _student_artifacts():
        text = artifact_text(path)
        leaked = [p for p in prints if p in text]
        assert not leaked, f"{path.name} contains solution text of {source.name}: {leaked[:3]}"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_no_solution_in_the_built_site(source):
    if not SITE.is_dir():
        pytest.skip("no built site (_build/html): run `make book` to include the site in the leak test")
    prints = fingerprints(source)
    for path in _site_artifacts():
        text = artifact_text(path)
        leaked = [p for p in prints if p in text]
        assert not leaked, f"{path.relative_to(SITE)} contains solution text of {source.name}: {leaked[:3]}"


def test_the_leak_test_finds_a_leak(tmp_path):
    source = SOURCES[0]
    (tmp_path / "leaky.ipynb").write_bytes(source.read_bytes())
    text = artifact_text(tmp_path / "leaky.ipynb")
    assert any(p in text for p in fingerprints(source))


def _invalid_cases():
    expected = dict(line.split(": ", 1) for line in (INVALID / "expected.txt").read_text().splitlines())
    return sorted(expected.items())


@pytest.mark.parametrize(("case", "message"), _invalid_cases())
def test_release_refuses_a_malformed_source_and_says_where(case, message, tmp_path):
    folder = materialize(INVALID, tmp_path / "src")
    nb = nbformat.read(folder / f"{case}.ipynb", as_version=4)
    with pytest.raises(ReleaseError) as info:
        student_version(nb, f"{case}.ipynb")
    text = str(info.value)
    assert message in text and f"{case}.ipynb: cell 1" in text


def test_release_cli_writes_the_students_folder_and_reports_bad_sources(tmp_path):
    from coursekit.exercises.release import release

    src = tmp_path / "instructor"
    src.mkdir()
    (src / SOURCES[0].name).write_bytes(SOURCES[0].read_bytes())
    materialize(INVALID, src)
    results = release(src, tmp_path / "students")
    good = [r for r in results if not r.problems]
    assert [r.dest.name for r in good] == [SOURCES[0].name]
    assert (tmp_path / "students" / SOURCES[0].name).read_text() == (STUDENT / SOURCES[0].name).read_text()
    assert len(results) - len(good) == len(_invalid_cases())

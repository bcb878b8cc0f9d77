"""Solutions never ship: the site, the Pages artifact, the Binder image context and the package hold
no instructor source (no solution notebook, no line of a grading key)."""

from __future__ import annotations

import ast
import fnmatch
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
import yaml

from .conftest import ROOT
from .test_exercises_release import SITE, SOURCES, artifact_text, fingerprints

KEYS = ROOT / "instructor" / "exercises" / "keys"
MIN_CHARS = 25
ID_LINE = re.compile(r'"[a-z0-9]+(?:-[a-z0-9]+)*",?')
TEXT = (".py", ".ipynb", ".md", ".json", ".yaml", ".yml", ".txt", ".html", ".js", ".cfg", ".toml", ".bib",
        ".j2")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def key_fingerprints(path: Path) -> set[str]:
    """The code lines of a grading key that compute something (not imports, docstrings or comments)."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            skip.update(range(node.lineno, node.end_lineno + 1))
        if isinstance(node, (ast.Module, ast.FunctionDef)) and ast.get_docstring(node):
            doc = node.body[0]
            skip.update(range(doc.lineno, doc.end_lineno + 1))
    public = {_squash(line) for student in sorted((ROOT / "exercises").glob("*.ipynb"))
              for cell in nbformat.read(student, as_version=4).cells for line in cell.source.splitlines()}
    found = set()
    for number, line in enumerate(source.splitlines(), 1):
        text = line.split("#")[0].strip()
        if number in skip or text.startswith(("def ", "return Solution(")) or len(_squash(text)) < MIN_CHARS:
            continue
        if ID_LINE.fullmatch(text):  # a bare record id: public data (the ledger is published), no secret
            continue
        if _squash(text) not in public:  # a line the students' starters hold too is no secret
            found.add(_squash(text))
    return found


def _key_prints() -> set[str]:
    return set().union(*(key_fingerprints(key) for key in sorted(KEYS.glob("*.py"))))


def _all_prints() -> set[str]:
    """Key lines, and solution lines that are not also generic code of the package (a
    ``return (place.lat, place.lon)`` in a solution helper is no secret when the maps hold it too)."""
    package = "\n".join(_squash(line) for path in (ROOT / "src" / "coursekit").rglob("*.py")
                        for line in path.read_text(encoding="utf-8").splitlines())
    solutions = {p for p in set().union(*(fingerprints(source) for source in SOURCES)) if p not in package}
    return _key_prints() | solutions


def _leaks(files: list[Path], prints: set[str]) -> list[str]:
    found = []
    for path in files:
        text = artifact_text(path) if path.suffix in (".ipynb", ".html") else _squash(
            path.read_text(encoding="utf-8", errors="replace"))
        found += [f"{path}: {p[:60]}" for p in prints if p in text]
    return found


def binder_context() -> list[Path]:
    """The files repo2docker copies into the Binder image: the repository minus ``.dockerignore``."""
    tracked = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.splitlines()
    ignore = ROOT / "binder" / ".dockerignore"  # repo2docker reads it from binder/ when that folder exists
    patterns = [line.strip().rstrip("/") for line in ignore.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")] if ignore.exists() else []

    def excluded(name: str) -> bool:
        parts = name.split("/")
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        return any(fnmatch.fnmatchcase(prefix, pattern) for pattern in patterns for prefix in prefixes)

    return [ROOT / name for name in tracked if not excluded(name) and (ROOT / name).is_file()]


def test_the_grading_keys_have_fingerprints_to_look_for():
    for key in sorted(KEYS.glob("*.py")):
        assert len(key_fingerprints(key)) >= 3, key


def test_the_pages_artifact_is_the_built_site_and_nothing_else():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert [s["with"]["path"] for s in uploads] == ["_build/html"]
    assert not any("instructor" in str(s.get("run", "")) for s in steps)


def test_the_built_site_holds_no_instructor_source():
    if not SITE.is_dir():
        pytest.skip("no built site (_build/html): run `make book` to include the site in this test")
    files = [p for p in SITE.rglob("*") if p.is_file()]
    assert not [p for p in files if "instructor" in p.relative_to(SITE).parts or p.name.endswith(".key.py")]
    assert _leaks([p for p in files if p.suffix in TEXT], _all_prints()) == []


def test_the_binder_image_context_holds_no_instructor_source():
    context = binder_context()
    assert context, "the Binder context is empty?"
    assert not [p for p in context if "instructor" in p.relative_to(ROOT).parts], \
        "list instructor/ in binder/.dockerignore (repo2docker honours it)"
    assert _leaks([p for p in context if p.suffix in TEXT and "tests" not in p.relative_to(ROOT).parts],
                  _all_prints()) == []


def test_the_package_holds_no_grading_key_code():
    files = [p for p in (ROOT / "src" / "coursekit").rglob("*") if p.is_file() and p.suffix in TEXT]
    assert _leaks(files, _key_prints()) == []


def test_the_leak_search_finds_a_planted_key_line(tmp_path):
    key = sorted(KEYS.glob("*.py"))[0]
    planted = tmp_path / "planted.py"
    line = next(line for line in key.read_text(encoding="utf-8").splitlines()
                if _squash(line.split("#")[0].strip()) in key_fingerprints(key))
    planted.write_text(f"def helper():\n    {line.strip()}\n", encoding="utf-8")
    assert _leaks([planted], key_fingerprints(key))

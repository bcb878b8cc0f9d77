"""Promises about the repository itself: clean notebooks, a README that matches the tools."""

from __future__ import annotations

import json
import re
import subprocess

from coursekit.check import check_course
from coursekit.cli import build_parser
from coursekit.project import notebooks

from .conftest import ROOT


def committed_notebooks() -> list:
    try:
        out = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
        return [ROOT / p for p in out]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: every notebook
        return notebooks(ROOT)


def test_committed_notebooks_have_no_outputs_and_the_python3_kernel():
    found = committed_notebooks()
    assert found, "the course has notebooks"
    for path in found:
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "python3", path
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, path


def test_the_repository_passes_its_own_check():
    result = check_course(ROOT)
    assert result.problems == [], "\n".join(str(p) for p in result.problems)


def test_readme_quick_start_is_exactly_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(?:\$ )?(make \w+)\s*$", section, re.MULTILINE)
    assert commands == ["make book", "make test"]


def test_readme_documents_every_cli_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # noqa: SLF001
    for name in commands:
        assert f"coursekit {name}" in readme, name


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_package_and_the_scripts_never_import_the_tests():
    """Shared helpers live in the package (``coursekit.browser``) or ``scripts/``; tests may use
    them, never the other way round."""
    import ast

    found = []
    for path in sorted([*(ROOT / "src").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]):
        if "node_modules" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: {name}" for name in names
                      if name == "tests" or name.startswith("tests.")]
    assert found == []

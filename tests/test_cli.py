"""The command line: help, exit codes, one line per problem, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coursekit.cli import build_parser, main

from .conftest import DATA, ROOT, materialize


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coursekit.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_help_lists_every_command_with_an_example():
    out = run("--help").stdout
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse has no API
    for name, sub in commands.items():
        assert f"  {name} " in out
        assert "example:" in sub.format_help()


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "usage: coursekit" in capsys.readouterr().out


def test_check_on_a_broken_book_lists_each_problem_and_exits_1(tmp_path):
    book = materialize(DATA / "project" / "notebook-not-in-toc", tmp_path / "book")
    result = run("check", str(book), "--data", str(DATA / "knowledge" / "valid"))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "chapters/extra.ipynb: not in _toc.yml: add '- file: chapters/extra' to a part"
    assert lines[-1].startswith("1 problem(s) found")


def test_check_on_a_valid_book_exits_0(tmp_path):
    book = materialize(DATA / "project" / "valid", tmp_path / "book")
    result = run("check", str(book), "--data", str(DATA / "knowledge" / "valid"))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().startswith("no problems found")


def test_check_on_a_missing_folder_is_one_clear_line(tmp_path):
    result = run("check", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr == f"coursekit check: no such file or folder: {tmp_path / 'nowhere'}\n"
    assert result.stdout == ""


@pytest.mark.parametrize("case", ["notebook-with-outputs"])
def test_strip_removes_outputs_and_keeps_the_source(case, tmp_path):
    book = materialize(DATA / "project" / case, tmp_path / "book")
    nb = book / "chapters" / "one.ipynb"
    before = nb.read_text()
    result = run("strip", str(book / "chapters"))
    assert result.returncode == 0
    after = nb.read_text()
    assert '"outputs": []' in after and "1 + 1" in after and after != before
    assert run("check", str(book), "--data", str(DATA / "knowledge" / "valid")).returncode == 0


def test_strip_leaves_a_broken_notebook_untouched(tmp_path):
    book = materialize(DATA / "project" / "notebook-invalid-json", tmp_path / "book")
    nb = book / "chapters" / "one.ipynb"
    before = nb.read_bytes()
    result = run("strip", str(nb))
    assert result.returncode == 1
    assert "not stripped" in result.stderr and "Traceback" not in result.stderr
    assert nb.read_bytes() == before


def test_strip_of_a_folder_skips_environments_builds_and_hidden_folders(tmp_path):
    source = DATA / "project" / "notebook-with-outputs" / "chapters" / "one.ipynb.in"
    book = tmp_path / "book"
    places = ["chapters/one.ipynb", ".venv/lib/python3.11/site-packages/pkg/one.ipynb",
              "env/share/one.ipynb", "_build/jupyter_execute/one.ipynb", "build/one.ipynb",
              "node_modules/pkg/one.ipynb", ".ipynb_checkpoints/one-checkpoint.ipynb",
              ".hidden/one.ipynb", "lib/site-packages/one.ipynb"]
    for place in places:
        (book / place).parent.mkdir(parents=True, exist_ok=True)
        (book / place).write_bytes(source.read_bytes())
    (book / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (book / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    result = run("strip", str(book))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"stripped {book / 'chapters' / 'one.ipynb'}",
                                          "1 notebook(s) stripped"]
    for place in places[1:]:
        assert (book / place).read_bytes() == source.read_bytes(), place

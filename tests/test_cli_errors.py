"""Every command given bad paths and arguments: one clear line, exit 1 or 2, never a traceback.

The cases are in ``tests/data/cli/bad-arguments.yaml`` (adding a case is adding an entry); a test
checks that every command and subcommand of the parser has at least one.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coursekit.cli import build_parser, main

from .conftest import DATA, materialize

CASES = yaml.safe_load((DATA / "cli" / "bad-arguments.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    (tmp_path / "file.txt").write_text("not a notebook\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "notebooks").mkdir()
    valid = DATA / "project" / "valid"
    materialize(valid, tmp_path / "book")
    (tmp_path / "book" / "chapters" / "one.ipynb").rename(tmp_path / "notebooks" / "one.ipynb")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_in_process(args: list[str], capsys) -> tuple[int, str, str]:
    try:
        status = main(args)
    except SystemExit as exc:  # argparse's errors
        status = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.mark.parametrize("case", CASES, ids=[" ".join(c["args"]) for c in CASES])
def test_a_bad_argument_is_one_clear_line(case, folder, capsys):
    args = [a.replace("{tmp}", str(folder)) for a in case["args"]]
    status, out, err = run_in_process(args, capsys)
    assert status in (case["status"] if isinstance(case["status"], list) else [case["status"]])
    assert out == "", out
    lines = err.splitlines()
    assert len(lines) == 1, err
    if "message" in case:
        assert lines[0] == case["message"].replace("{tmp}", str(folder))
    for part in case.get("contains", []):
        assert part.replace("{tmp}", str(folder)) in lines[0]
    assert not (folder / "out").exists()  # nothing written by a command that refused to run


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    for action in parser._actions:  # noqa: SLF001 - argparse has no API for its subparsers
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for name, sub in action.choices.items():
                yield (*prefix, name)
                yield from _commands(sub, (*prefix, name))


def test_every_command_has_a_bad_argument_case():
    covered = {tuple(case["args"][:n]) for case in CASES for n in (1, 2)}
    missing = [" ".join(c) for c in _commands(build_parser()) if c not in covered]
    assert not missing, f"add a case for: {missing}"


def test_from_a_shell_the_line_is_the_same_and_there_is_no_traceback(folder):
    for module in ("coursekit.cli", "coursekit.exercises.cli"):
        result = subprocess.run([sys.executable, "-m", module, "release", str(folder / "nowhere")],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 1
        assert result.stderr == f"coursekit release: no such notebook or folder: {folder / 'nowhere'}\n"

"""The ``coursekit`` command line: thin commands, each calling one library function."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

EPILOG = """\
commands:
  check   validate the book, its notebooks and the course data      coursekit check
  strip   remove outputs from notebooks before committing           coursekit strip chapters
  quiz    export quiz banks to Moodle (GIFT) or Canvas (QTI 1.2)     coursekit quiz export --format gift
  release make student notebooks from instructor sources             coursekit release
  grade   run submitted notebooks' checks into a CSV gradebook        coursekit grade submissions
  notebooks  install cells and the student notebooks (notebooks/)      coursekit notebooks
  jb2     the Jupyter Book 2 build: myst.yml, offline site             coursekit jb2 build

Run 'coursekit COMMAND --help' for a command's options and an example.
"""


class Parser(argparse.ArgumentParser):
    """argparse with its errors on one line, naming the command and where its help is."""

    def error(self, message: str) -> NoReturn:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


class CommandError(Exception):
    """A command cannot run with the arguments it was given; printed as one line."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def existing(path: str, what: str = "file or folder") -> Path:
    """``path`` as a Path, or a :class:`CommandError` if nothing is there."""
    found = Path(path)
    if not found.exists():
        raise CommandError(f"no such {what}: {path}")
    return found


def book_folder(path: str) -> Path:
    """``path`` as the folder of a book (one holding ``_config.yml``), or a :class:`CommandError`."""
    found = existing(path, "folder")
    if not found.is_dir():
        raise CommandError(f"{path} is a file: give the book's folder (the one with _config.yml)")
    if not (found / "_config.yml").is_file():
        raise CommandError(f"{path} holds no _config.yml: give the book's folder")
    return found


def output_file(path: str, option: str, example: str) -> Path:
    """A file a command may write: not a folder, in a folder that exists."""
    target = Path(path)
    if target.is_dir():
        raise CommandError(f"{option} {path} is a folder: give a file name, like "
                           f"{(target / example).as_posix()}")
    parent = target.parent
    if not parent.is_dir():
        what = "is a file, not a folder" if parent.exists() else "does not exist (create it first)"
        raise CommandError(f"{option} {path}: the folder {parent.as_posix()} {what}")
    return target


def command(parser: argparse.ArgumentParser, func: Callable[[argparse.Namespace], int | None]) -> None:
    """Make ``func`` the action of ``parser``; errors it raises are printed under its name."""
    parser.set_defaults(func=func, prog=parser.prog)


def _check(args: argparse.Namespace) -> int:
    from .check import WHAT_CHECK_READS, check_course, reads
    from .knowledge.report import print_problems, print_stats

    data = None
    if args.data:
        data = existing(args.data, "data folder")
        if not data.is_dir():
            raise CommandError(f"--data {args.data} is a file: give the folder of the data files")
    path = existing(args.path)
    if path.is_file() and not reads(path):
        raise CommandError(f"{args.path} is not a file coursekit check reads: {WHAT_CHECK_READS}")
    result = check_course(path, data)
    if args.stats:
        print_stats(result.stats)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return print_problems(result.problems, checked=result.checked)


def _strip(args: argparse.Namespace) -> int:
    from .notebook_tools import strip_outputs

    paths = [existing(p) for p in args.paths]
    for path in paths:
        if path.is_file() and path.suffix != ".ipynb":
            raise CommandError(f"not a notebook (.ipynb): {path}")
    changed, problems = strip_outputs(paths)
    for p in problems:
        print(p, file=sys.stderr)
    for path in changed:
        print(f"stripped {path}")
    print(f"{len(changed)} notebook(s) stripped")
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="coursekit",
        description="Tools for the coursekit Jupyter Book course.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"coursekit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser(
        "check",
        help="validate the book, its notebooks and the course data",
        description="Report every problem in the course content, one per line as "
        "file:line: record: field: message. Exit 0 when clean, 1 otherwise.",
        epilog="example:\n  coursekit check            # the course in this folder\n"
        "  coursekit check --stats    # and count the records of each kind\n"
        "  coursekit check src/coursekit/data/events.yaml   # one file",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("path", nargs="?", default=".",
                       help="the book's folder (default: .), or one notebook, page, data file or bank")
    check.add_argument("--stats", action="store_true", help="print counts per kind of record")
    check.add_argument("--data", metavar="DIR",
                       help="data folder to check (default: PATH/src/coursekit/data, else the "
                       "installed package's)")
    command(check, _check)

    strip = sub.add_parser(
        "strip",
        help="remove outputs and execution counts from notebooks",
        description="Remove outputs, execution counts and widget state from notebooks in place. "
        "Folders are searched for notebooks, skipping hidden folders, virtual environments, build "
        "folders and node_modules.",
        epilog="example:\n  coursekit strip chapters exercises",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    strip.add_argument("paths", nargs="+", help="notebooks or folders of notebooks")
    command(strip, _strip)

    from .quiz.cli import add_commands as add_quiz_commands

    add_quiz_commands(sub)
    from .exercises.cli import add_commands as add_exercise_commands

    add_exercise_commands(sub)
    from .student.cli import add_commands as add_student_commands

    add_student_commands(sub)
    from .jb2.cli import add_commands as add_jb2_commands

    add_jb2_commands(sub)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the command ``args`` names; a bad argument or path is one line on standard error."""
    prog = getattr(args, "prog", "coursekit")
    try:
        return args.func(args)
    except CommandError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return exc.status
    except BrokenPipeError:
        raise
    except OSError as exc:  # a path the command was given cannot be read or written
        reason = (exc.strerror or str(exc)).lower()
        where = f": {exc.filename}" if exc.filename else ""
        print(f"{prog}: {reason}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return run(args)
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":  # python -m coursekit.cli: run the package's module (one CommandError class)
    from coursekit.cli import main as package_main

    sys.exit(package_main())

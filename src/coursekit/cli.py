"""The ``coursekit`` command line: thin commands, each calling one library function."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EPILOG = """\
commands:
  check   validate the book, its notebooks and the course data      coursekit check
  strip   remove outputs from notebooks before committing           coursekit strip chapters
  quiz    export quiz banks to Moodle (GIFT) or Canvas (QTI 1.2)     coursekit quiz export --format gift
  release make student notebooks from instructor sources             coursekit release
  grade   run submitted notebooks' checks into a CSV gradebook        coursekit grade submissions
  jb2     the Jupyter Book 2 build: myst.yml, offline site             coursekit jb2 build

Run 'coursekit COMMAND --help' for a command's options and an example.
"""


def _check(args: argparse.Namespace) -> int:
    from .check import check_course
    from .report import print_problems, print_stats

    result = check_course(Path(args.path), Path(args.data) if args.data else None)
    if args.stats:
        print_stats(result.stats)
    return print_problems(result.problems, checked=result.checked)


def _strip(args: argparse.Namespace) -> int:
    from .notebook_tools import strip_outputs

    changed, problems = strip_outputs([Path(p) for p in args.paths])
    for p in problems:
        print(p, file=sys.stderr)
    for path in changed:
        print(f"stripped {path}")
    print(f"{len(changed)} notebook(s) stripped")
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
        "  coursekit check --stats    # and count the records of each kind",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("path", nargs="?", default=".", help="the book's folder (default: .)")
    check.add_argument("--stats", action="store_true", help="print counts per kind of record")
    check.add_argument("--data", metavar="DIR",
                       help="data folder to check (default: PATH/src/coursekit/data, else the "
                       "installed package's)")
    check.set_defaults(func=_check)

    strip = sub.add_parser(
        "strip",
        help="remove outputs and execution counts from notebooks",
        description="Remove outputs, execution counts and widget state from notebooks in place.",
        epilog="example:\n  coursekit strip chapters exercises",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    strip.add_argument("paths", nargs="+", help="notebooks or folders of notebooks")
    strip.set_defaults(func=_strip)

    from .quiz.cli import add_commands as add_quiz_commands

    add_quiz_commands(sub)
    from .exercises.cli import add_commands as add_exercise_commands

    add_exercise_commands(sub)
    from .jb2.cli import add_commands as add_jb2_commands

    add_jb2_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())

"""``coursekit quiz ...`` commands. Register them with ``add_commands(subparsers)``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXPORT_EXAMPLE = """\
examples:
  coursekit quiz export --format gift                 # every shipped quiz -> quizzes.gift
  coursekit quiz export 01-about --format qti         # one chapter -> 01-about-qti.zip (Canvas)
  coursekit quiz export my-bank.yaml --format gift -o - # a bank file, GIFT on standard output
"""


def _export(args: argparse.Namespace) -> int:
    from ..cli import CommandError, output_file
    from ..knowledge.problems import CourseDataError
    from . import sources
    from .bank import bank_file, load_bank, shipped_banks
    from .export import export

    if args.output == "-" and args.format != "gift":
        raise CommandError("a QTI package is a zip file: give a file name with -o", status=2)
    if args.output not in (None, "-"):
        output_file(args.output, "-o", "quizzes.gift" if args.format == "gift" else "quizzes-qti.zip")
    names = args.banks or shipped_banks()
    for name in names:
        try:
            bank_file(name)
        except CourseDataError as exc:
            raise CommandError(exc.problems[0].message.replace("no such quiz bank",
                                                               f"no such quiz bank: {name}")) from None
    if not names:
        print("no quiz banks to export", file=sys.stderr)
        return 1
    banks, problems = [], []
    for name in names:
        try:
            banks.append(load_bank(name))
        except CourseDataError as exc:
            problems += exc.problems
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"{len(problems)} problem(s): nothing exported", file=sys.stderr)
        return 1
    result = export(banks, args.format, sources())
    stem = banks[0].id if len(banks) == 1 else "quizzes"
    output = args.output or (f"{stem}.gift" if args.format == "gift" else f"{stem}-qti.zip")
    if output == "-":
        sys.stdout.write(result.content.decode("utf-8"))
    else:
        Path(output).write_bytes(result.content)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    where = "standard output" if output == "-" else output
    print(f"exported {result.questions} question(s) from {len(banks)} quiz(zes) to {where}", file=sys.stderr)
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``quiz`` (with ``quiz export``) to the ``coursekit`` command line."""
    from ..cli import command

    quiz = subparsers.add_parser(
        "quiz", help="export chapter quizzes to Moodle (GIFT) or Canvas (QTI 1.2)",
        description="Work with the chapter quizzes (banks in src/coursekit/data/quizzes).",
        epilog="example:\n  coursekit quiz export --format gift",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = quiz.add_subparsers(dest="quiz_command", metavar="COMMAND")
    quiz.set_defaults(func=lambda args: (quiz.print_help(), 2)[1], prog=quiz.prog)
    export = commands.add_parser(
        "export", help="write quizzes as GIFT (Moodle) or a QTI 1.2 package (Canvas)",
        description="Export one quiz, several, or all shipped quizzes. Each question type goes to "
        "the closest LMS type; a note on standard error names every question the LMS cannot "
        "express exactly (e.g. ordering, exported as matching).",
        epilog=EXPORT_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("banks", nargs="*", metavar="BANK",
                        help="a shipped quiz name (01-about) or a bank file (default: every shipped quiz)")
    export.add_argument("--format", required=True, choices=["gift", "qti"],
                        help="gift: Moodle GIFT text; qti: QTI 1.2 zip for Canvas")
    export.add_argument("-o", "--output", metavar="PATH",
                        help="file to write ('-' for standard output, GIFT only; default: "
                        "NAME.gift or NAME-qti.zip in this folder)")
    command(export, _export)

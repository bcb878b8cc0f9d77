"""``coursekit quiz ...`` commands. Register them with ``add_commands(subparsers)``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXPORT_EXAMPLE = """\
examples:
  coursekit quiz export --format moodle               # every shipped quiz -> quizzes-moodle.xml
  coursekit quiz export --format gift                 # every shipped quiz -> quizzes.gift
  coursekit quiz export 01-about --format qti         # one chapter -> 01-about-qti.zip (Canvas)
  coursekit quiz export my-bank.yaml --format gift -o - # a bank file, GIFT on standard output
"""


SUFFIX = {"gift": ".gift", "moodle": "-moodle.xml", "qti": "-qti.zip"}


def _banks_to_export(args: argparse.Namespace) -> list[str]:
    """The banks named (or every shipped one), each found, none of them the output file."""
    from ..cli import CommandError, output_file
    from ..knowledge.problems import CourseDataError
    from .bank import bank_file, shipped_banks

    if args.output == "-" and args.format == "qti":
        raise CommandError("a QTI package is a zip file: give a file name with -o", status=2)
    if args.output not in (None, "-"):
        output_file(args.output, "-o", "quizzes" + SUFFIX[args.format])
    names: list[str] = args.banks or shipped_banks()
    for name in names:
        try:
            path = bank_file(name)
        except CourseDataError as exc:
            raise CommandError(exc.problems[0].message.replace("no such quiz bank",
                                                               f"no such quiz bank: {name}")) from None
        if args.output not in (None, "-") and Path(args.output).resolve() == path.resolve():
            raise CommandError(f"-o {args.output} is the quiz bank {name}: the export would replace "
                               "it; give another file name")
    return names


def _export(args: argparse.Namespace) -> int:
    from ..cli import CommandError
    from ..knowledge.problems import CourseDataError
    from . import sources
    from .bank import load_bank
    from .export import ExportError, export

    names = _banks_to_export(args)
    if not names:
        print("no quiz banks to export", file=sys.stderr)
        return 1
    banks, problems = [], []
    for name in names:
        try:
            banks.append(load_bank(name))
        except CourseDataError as exc:
            problems += exc.problems
    if not problems:
        try:  # the export reads each image again, through the same check
            result = export(banks, args.format, sources())
        except CourseDataError as exc:
            problems += exc.problems
        except ExportError as exc:  # text no importer can read (coursekit check names it first)
            raise CommandError(str(exc)) from None
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"{len(problems)} problem(s): nothing exported", file=sys.stderr)
        return 1
    stem = banks[0].id if len(banks) == 1 else "quizzes"
    output = args.output or f"{stem}{SUFFIX[args.format]}"
    if output == "-":
        sys.stdout.write(result.content.decode("utf-8"))
    else:
        _write(Path(output), result.content)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    where = "standard output" if output == "-" else output
    print(f"exported {result.questions} question(s) from {len(banks)} quiz(zes) to {where}", file=sys.stderr)
    return 0


def _write(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` at once: a full disk or an interruption leaves the
    earlier file as it was, never half an export (the file gets the usual permissions)."""
    import os

    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temp.open("xb") as out:
            out.write(content)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``quiz`` (with ``quiz export``) to the ``coursekit`` command line."""
    from ..cli import command

    quiz = subparsers.add_parser(
        "quiz", help="export chapter quizzes to Moodle (Moodle XML, GIFT) or Canvas (QTI 1.2)",
        description="Work with the chapter quizzes (banks in src/coursekit/data/quizzes).",
        epilog="example:\n  coursekit quiz export --format gift",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = quiz.add_subparsers(dest="quiz_command", metavar="COMMAND")
    quiz.set_defaults(func=lambda args: (quiz.print_help(), 2)[1], prog=quiz.prog)
    export = commands.add_parser(
        "export", help="write quizzes as Moodle XML or GIFT (Moodle) or a QTI 1.2 package (Canvas)",
        description="Export one quiz, several, or all shipped quizzes, assessment questions "
        "included. Each question type goes to the closest LMS type; a note on standard error "
        "names every question the LMS cannot express exactly (e.g. ordering, exported as "
        "matching) and every pool (a Moodle category, a Canvas question group).",
        epilog=EXPORT_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("banks", nargs="*", metavar="BANK",
                        help="a shipped quiz name (01-about) or a bank file (default: every shipped quiz)")
    export.add_argument("--format", required=True, choices=["moodle", "gift", "qti"],
                        help="moodle: Moodle XML (categories, per-answer feedback); gift: Moodle "
                        "GIFT text; qti: QTI 1.2 zip for Canvas (question groups)")
    export.add_argument("-o", "--output", metavar="PATH",
                        help="file to write ('-' for standard output, not for qti; default: "
                        "NAME-moodle.xml, NAME.gift or NAME-qti.zip in this folder)")
    command(export, _export)

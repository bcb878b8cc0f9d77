"""``coursekit release`` and ``coursekit grade``: thin commands over :mod:`.release` and :mod:`.grade`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _release(args: argparse.Namespace) -> int:
    from ..cli import CommandError, existing
    from .release import release

    source, dest = existing(args.source, "notebook or folder"), Path(args.dest)
    if source.is_file() and source.suffix != ".ipynb":
        raise CommandError(f"not a notebook (.ipynb) or a folder of notebooks: {args.source}")
    if dest.exists() and not dest.is_dir():
        raise CommandError(f"the destination {args.dest} is a file: give the folder for the student "
                           "notebooks")
    if dest.resolve() == (source if source.is_dir() else source.parent).resolve():
        raise CommandError(f"the destination {args.dest} is the instructor notebooks' own folder: "
                           "their solutions would be overwritten (give the student folder, like "
                           "exercises)")
    results = release(source, dest)
    failed = 0
    for result in results:
        if result.problems:
            failed += 1
            for p in result.problems:
                print(p, file=sys.stderr)
        else:
            print(f"released {result.dest} ({result.solutions} solution block(s) removed)")
    print(f"{len(results) - failed} notebook(s) released, {failed} with problems")
    return 1 if failed else 0


def _grade(args: argparse.Namespace) -> int:
    from .grade import grade

    try:
        rows = grade(Path(args.submissions), Path(args.out), exercise=args.exercise, timeout=args.timeout,
                     progress=not args.quiet)
    except (FileNotFoundError, ValueError) as exc:
        print(f"coursekit grade: {exc}", file=sys.stderr)
        return 1
    flagged = sum(1 for r in rows if r.notes)
    print(f"graded {len(rows)} submission(s) into {args.out}; {flagged} with notes")
    return 0


def _seconds(text: str) -> float:
    """A time limit in seconds: a number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value


def add_commands(sub) -> None:
    """Register ``release`` and ``grade`` on the ``coursekit`` subparsers."""
    from ..cli import command

    release = sub.add_parser(
        "release",
        help="make student notebooks from instructor sources (solutions removed)",
        description="Write the student version of each instructor notebook: solution regions, "
        "mark schemes and instructor-only cells removed, stubs left in place, outputs cleared "
        "(format: src/coursekit/exercises/FORMAT.md). Exit 1 if any notebook has a problem.",
        epilog="example:\n  coursekit release          # instructor/exercises -> exercises\n"
        "  coursekit release instructor/exercises/ex1-reach.ipynb exercises",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    release.add_argument("source", nargs="?", default="instructor/exercises",
                         help="instructor notebook or folder (default: instructor/exercises)")
    release.add_argument("dest", nargs="?", default="exercises",
                         help="folder for the student notebooks (default: exercises)")
    command(release, _release)

    grade = sub.add_parser(
        "grade",
        help="run submitted notebooks' checks and write a CSV gradebook",
        description="Run each submitted notebook in a fresh kernel with a time limit, re-run the "
        "exercise's checks, and write one CSV row per file: student, exercise, task scores, total, "
        "max, notes, file. Layout: SUBMISSIONS/<student>/<exercise>.ipynb or "
        "SUBMISSIONS/<student>__<exercise>.ipynb. A bad submission gets a row with the reason.",
        epilog="example:\n  coursekit grade submissions --out gradebook.csv --timeout 60",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    grade.add_argument("submissions", metavar="SUBMISSIONS_DIR", help="folder of submitted notebooks")
    grade.add_argument("--out", default="gradebook.csv", help="CSV file to write (default: gradebook.csv)")
    grade.add_argument("--timeout", type=_seconds, default=60,
                       help="seconds a submission's cells may run in total (default: 60)")
    grade.add_argument("--exercise", metavar="ID",
                       help="exercise expected when a file name does not say (e.g. ex1-reach)")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    command(grade, _grade)


def main(argv: list[str] | None = None) -> int:
    """``python -m coursekit.exercises.cli release|grade ...``: the two commands on their own."""
    from ..cli import Parser, run

    parser = Parser(prog="coursekit", description="Release and grade exercises.")
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

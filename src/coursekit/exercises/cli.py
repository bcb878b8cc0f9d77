"""``coursekit release`` and ``coursekit grade``: thin commands over :mod:`.release` and :mod:`.grade`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _release(args: argparse.Namespace) -> int:
    from .release import release

    results = release(Path(args.source), Path(args.dest))
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


def add_commands(sub) -> None:
    """Register ``release`` and ``grade`` on the ``coursekit`` subparsers."""
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
    release.set_defaults(func=_release)

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
    grade.add_argument("--timeout", type=float, default=60,
                       help="seconds a submission's cells may run in total (default: 60)")
    grade.add_argument("--exercise", metavar="ID",
                       help="exercise expected when a file name does not say (e.g. ex1-reach)")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    grade.set_defaults(func=_grade)


def main(argv: list[str] | None = None) -> int:
    """``python -m coursekit.exercises.cli release|grade ...``: the two commands on their own."""
    parser = argparse.ArgumentParser(prog="coursekit", description="Release and grade exercises.")
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

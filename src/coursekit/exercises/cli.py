"""``coursekit release`` and ``coursekit grade``: thin commands over :mod:`.release` and :mod:`.grade`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _release(args: argparse.Namespace) -> int:
    from .release import release, release_prints

    source = Path(args.source)
    results = release(source, Path(args.dest))
    failed = 0
    for result in results:
        if result.problems:
            failed += 1
            for p in result.problems:
                print(p, file=sys.stderr)
        else:
            print(f"released {result.dest} ({result.solutions} solution block(s) removed)")
    print(f"{len(results) - failed} notebook(s) released, {failed} with problems")
    if args.practice != "none":
        keys = Path(args.keys) if args.keys else (source if source.is_dir() else source.parent) / "keys"
        prints = release_prints(keys, Path(args.practice))
        for p in prints.problems:
            print(p, file=sys.stderr)
        if prints.problems:
            return 1
        print(f"wrote the practice prints of {prints.solutions} task(s) to {prints.dest}")
    return 1 if failed else 0


def _stop(signum, frame):
    raise KeyboardInterrupt  # a `kill` stops the run as Ctrl-C does: finished rows kept


def _grade(args: argparse.Namespace) -> int:
    import signal

    from .gradebook import GradeError, grade

    signal.signal(signal.SIGTERM, _stop)
    out = Path(args.out)
    try:
        summary = grade(Path(args.submissions), out, keys_folder=Path(args.keys) if args.keys else None,
                        exercise=args.exercise, timeout=args.timeout, jobs=args.jobs, resume=args.resume,
                        trusted=args.trusted, memory=args.memory * 1024 ** 2, progress=not args.quiet)
    except GradeError as exc:
        print(f"coursekit grade: {exc}", file=sys.stderr)
        return 1
    print(summary.line(out))
    if summary.interrupted:
        print(f"every finished row is in {out}; run the same command with --resume to continue",
              file=sys.stderr)
        return 130
    return 0


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0, not {text!r}")
        return value

    return parse


def add_commands(sub) -> None:
    """Register ``release`` and ``grade`` on the ``coursekit`` subparsers."""
    release = sub.add_parser(
        "release",
        help="make student notebooks from instructor sources (solutions removed)",
        description="Write the student version of each instructor notebook: solution regions, "
        "mark schemes and instructor-only cells removed, stubs left in place, outputs cleared "
        "(format: src/coursekit/exercises/FORMAT.md); then write the checks' practice prints (salted "
        "digests, never answers) from the grading keys. Exit 1 if any notebook or key has a problem.",
        epilog="example:\n  coursekit release          # instructor/exercises -> exercises\n"
        "  coursekit release instructor/exercises/ex1-reach.ipynb exercises",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    release.add_argument("source", nargs="?", default="instructor/exercises",
                         help="instructor notebook or folder (default: instructor/exercises)")
    release.add_argument("dest", nargs="?", default="exercises",
                         help="folder for the student notebooks (default: exercises)")
    release.add_argument("--keys", metavar="DIR",
                         help="grading keys, one <exercise>.py each (default: SOURCE/keys)")
    release.add_argument("--practice", metavar="FILE", default="src/coursekit/exercises/practice.json",
                         help="where the checks' practice prints go (default: "
                         "src/coursekit/exercises/practice.json; 'none' to skip)")
    release.set_defaults(func=_release)

    grade = sub.add_parser(
        "grade",
        help="grade submitted notebooks, each in a sandbox, into a CSV gradebook",
        description="Run each submitted notebook in a fresh kernel inside a bubblewrap sandbox (no network, "
        "nothing of the host visible but Python and the course package, read-only; a time and memory "
        "limit), collect its answers as data, and score them here with the grading keys. One CSV row per "
        "file: student, exercise, task scores, total, max, notes (the check's message for each task not "
        "yet right), file. Layout: SUBMISSIONS/<student>/<exercise>.ipynb or "
        "SUBMISSIONS/<student>__<exercise>.ipynb. A bad submission gets a row with the reason.",
        epilog="example:\n  coursekit grade submissions --out gradebook.csv --jobs 2 --timeout 60\n"
        "  coursekit grade submissions --out gradebook.csv --resume   # after an interruption",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    grade.add_argument("submissions", metavar="SUBMISSIONS_DIR", help="folder of submitted notebooks")
    grade.add_argument("--out", default="gradebook.csv", help="CSV file to write (default: gradebook.csv)")
    grade.add_argument("--keys", metavar="DIR",
                       help="the grading keys, <exercise>.py each (default: instructor/exercises/keys)")
    grade.add_argument("--timeout", type=_positive(float), default=60,
                       help="seconds a submission's cells may run in total (default: 60)")
    grade.add_argument("--jobs", type=_positive(int), default=1,
                       help="submissions graded at once, a sandbox each (default: 1)")
    grade.add_argument("--memory", type=_positive(int), default=2048, metavar="MB",
                       help="address space each process in a sandbox may use (default: 2048)")
    grade.add_argument("--resume", action="store_true",
                       help="keep the rows already in --out and grade only the other submissions")
    grade.add_argument("--trusted", action="store_true",
                       help="no sandbox: only for notebooks you wrote yourself")
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

"""``coursekit release`` and ``coursekit grade``: thin commands over :mod:`.release` and :mod:`.grade`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn


def _release(args: argparse.Namespace) -> int:
    from ..cli import CommandError, existing
    from .release import release, release_prints

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
    if args.practice != "none":
        keys = Path(args.keys) if args.keys else (source if source.is_dir() else source.parent) / "keys"
        prints = release_prints(keys, Path(args.practice))
        for p in prints.problems:
            print(p, file=sys.stderr)
        if prints.problems:
            return 1
        print(f"wrote the practice prints of {prints.solutions} task(s) to {prints.dest}")
    return 1 if failed else 0


def _stop(signum: int, frame: object) -> NoReturn:
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


def _positive(kind: type[float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0, not {text!r}")
        return value

    return parse


def _seconds(text: str) -> float:
    """A time limit in seconds: a number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``release`` and ``grade`` on the ``coursekit`` subparsers."""
    from ..cli import command

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
    command(release, _release)

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
    grade.add_argument("--timeout", type=_seconds, default=60,
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
    command(grade, _grade)


def main(argv: list[str] | None = None) -> int:
    """``python -m coursekit.exercises.cli release|grade ...``: the two commands on their own."""
    from ..cli import Parser, run

    parser = Parser(prog="coursekit", description="Release and grade exercises.")
    add_commands(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

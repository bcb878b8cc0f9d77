"""``coursekit notebooks``: a thin command over :func:`coursekit.student.update_notebooks`."""

from __future__ import annotations

import argparse
import sys


def _notebooks(args: argparse.Namespace) -> int:
    from ..cli import book_folder
    from . import check_notebooks, update_notebooks

    root = book_folder(args.path)
    result = check_notebooks(root) if args.check else update_notebooks(root)
    for p in result.problems:
        print(p, file=sys.stderr)
    for path in result.written:
        print(f"wrote {path}")
    for path in result.stale:
        print(f"{path}: out of date (run 'coursekit notebooks')")
    if args.check:
        print(f"{len(result.stale)} notebook(s) out of date, {len(result.problems)} problem(s)")
    else:
        print(f"{len(result.written)} notebook(s) written, {len(result.problems)} problem(s)")
    return 1 if result.problems or result.stale else 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register ``notebooks`` on the ``coursekit`` subparsers."""
    cmd = sub.add_parser(
        "notebooks",
        help="update install cells, released exercises and the student notebooks in notebooks/",
        description="Make every notebook's first cell install the course package from the "
        "repository set in _config.yml, release the exercises, and write the student form "
        "(notebooks/: citations, glossary terms, links and admonitions in plain Markdown). "
        "With --check, write nothing and exit 1 if anything is out of date.",
        epilog="example:\n  coursekit notebooks           # after editing a chapter or _config.yml\n"
        "  coursekit notebooks --check   # in CI: is everything generated up to date?",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument("path", nargs="?", default=".", help="the book's folder (default: .)")
    cmd.add_argument("--check", action="store_true", help="only report what is out of date")
    from ..cli import command

    command(cmd, _notebooks)

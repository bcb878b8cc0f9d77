"""``coursekit jb2 ...`` commands. Register them with ``add_commands(subparsers)``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _config(args: argparse.Namespace) -> int:
    from ..cli import book_folder
    from .config import ConfigError, check_config, write_config

    root = book_folder(args.path)
    if args.check:
        problems = check_config(root)
        for p in problems:
            print(p)
        if not problems:
            print("myst.yml is up to date")
        return 1 if problems else 0
    try:
        print(f"wrote {write_config(root)}")
    except ConfigError as exc:
        for p in exc.problems:
            print(p)
        return 1
    return 0


def _build(args: argparse.Namespace) -> int:
    from ..cli import book_folder
    from .build import BuildError, build

    root = book_folder(args.path)
    try:
        built = build(root, Path(args.out) if args.out else None,
                      Path(args.jupyter_book) if args.jupyter_book else None,
                      require_sandbox=args.offline, progress=lambda m: print(m, flush=True))
    except BuildError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    print(f"built {built.pages} pages into {built.html} in {built.seconds:.0f} s "
          f"({built.executed} notebook(s) executed, {built.reused} reused; network closed by "
          f"{built.sandbox})")
    print(f"serve it: python3 -m http.server -d {built.html} 8001")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    from ..cli import command

    jb2 = sub.add_parser(
        "jb2",
        help="the Jupyter Book 2 build: write myst.yml, build the site offline",
        description="Jupyter Book 2 (MyST) build of the course, beside the default JB1 build.",
        epilog="example:\n  coursekit jb2 config --check   # is myst.yml current?\n"
        "  coursekit jb2 build            # (run by `make book2`) -> _build/book2/html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmds = jb2.add_subparsers(dest="jb2_command", metavar="COMMAND", required=True)
    config = cmds.add_parser(
        "config", help="write myst.yml from _config.yml and _toc.yml (or check it)",
        epilog="example:\n  coursekit jb2 config && git add myst.yml",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    config.add_argument("path", nargs="?", default=".", help="the book's folder (default: .)")
    config.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if myst.yml is missing or out of date")
    command(config, _config)
    build = cmds.add_parser(
        "build", help="execute the notebooks and build the site with Jupyter Book 2",
        epilog="example:\n  coursekit jb2 build --offline",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("path", nargs="?", default=".", help="the book's folder (default: .)")
    build.add_argument("--out", metavar="DIR", help="output folder (default: PATH/_build/book2)")
    build.add_argument("--jupyter-book", metavar="DIR",
                       help="where the jupyter-book 2 package is installed (default: "
                       "PATH/.book2/jupyter-book)")
    build.add_argument("--offline", action="store_true",
                       help="fail unless the build can run with the network closed")
    command(build, _build)

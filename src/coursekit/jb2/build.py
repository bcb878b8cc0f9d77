"""``make book2``: build the course with Jupyter Book 2 into ``_build/book2/html``, offline.

Steps: check that ``myst.yml`` matches the JB1 files; stage the book (:mod:`.stage`, which executes
the notebooks); write the coursekit site template (:mod:`.theme`); run JB2's ``build --html`` in the
staged copy inside a network namespace with no interface but loopback (``bwrap --unshare-net``, or
``unshare -n``), so the build cannot reach another host; fail on any JB2 error or warning (as the
strict JB1 build does) and unless every page of the toc came out.

JB2 is the ``jupyter-book`` package from PyPI, installed by the Makefile with ``pip --target`` (it is
a Node.js bundle with a small Python launcher, and cannot share the JB1 virtual environment, which
holds ``jupyter-book`` 1.x under the same name). This module runs the bundle with ``node``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..knowledge.problems import ProblemsError, problem
from .config import ConfigError, check_config
from .stage import StageError, stage
from .theme import write_template

BUNDLE = Path("jupyter_book") / "dist" / "jupyter-book.cjs"
DEFAULT_INSTALL = Path(".book2") / "jupyter-book"  # where the Makefile installs it
OUT = Path("_build") / "book2"


class BuildError(ProblemsError):
    """The JB2 build failed; ``problems`` says where."""


@dataclass(frozen=True)
class Built:
    html: Path
    pages: int
    executed: int
    reused: int
    sandbox: str
    seconds: float


def sandbox_prefix() -> tuple[list[str], str]:
    """A command prefix that runs a program with no network but loopback, and its name; empty
    when this machine allows neither bwrap nor unshare to make a network namespace."""
    candidates = [
        (["bwrap", "--dev-bind", "/", "/", "--unshare-net", "--die-with-parent"], "bwrap"),
        (["unshare", "--net", "--map-root-user"], "unshare"),
        (["unshare", "--net"], "unshare"),
    ]
    for prefix, name in candidates:
        if shutil.which(prefix[0]) is None:
            continue
        probe = subprocess.run([*prefix, "true"], capture_output=True)
        if probe.returncode == 0:
            return prefix, name
    return [], "none"


def find_bundle(root: Path, install: Path | None) -> Path:
    base = install if install is not None else root / DEFAULT_INSTALL
    bundle = base / BUNDLE
    if not bundle.is_file():
        raise BuildError([problem(str(bundle), "Jupyter Book 2 is not installed: run `make book2`, "
                                  "which installs the pinned jupyter-book from book2/requirements.txt")])
    return bundle


def _slug_folders(html: Path) -> set[str]:
    return {p.parent.relative_to(html).as_posix() for p in html.rglob("index.html")}


def build(root: Path, out: Path | None = None, install: Path | None = None,
          require_sandbox: bool = False, progress: Callable[[str], None] = print) -> Built:
    started = time.monotonic()
    root = root.resolve()
    out = (out or root / OUT).resolve()
    problems = check_config(root)
    if problems:
        raise BuildError(problems)
    bundle = find_bundle(root, install)
    node = shutil.which("node")
    if node is None:
        raise BuildError([problem("node", "Node.js is needed to run Jupyter Book 2: apt-get "
                                  "install nodejs")])
    try:
        staged = stage(root, out, progress=progress)
    except (StageError, ConfigError) as exc:
        raise BuildError(exc.problems) from None
    write_template(out / "template")
    prefix, sandbox = sandbox_prefix()
    if not prefix:
        if require_sandbox:
            raise BuildError([problem("bwrap", "cannot make a network namespace to build in "
                                      "(install bubblewrap, or allow user namespaces)")])
        progress("warning: no network namespace available; building with the network open")
    progress(f"building the site with Jupyter Book 2 (network: {'closed, ' + sandbox if prefix else 'open'})")
    env = {k: v for k, v in os.environ.items() if k != "BASE_URL"}  # pages link relatively
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(MYST_LANG="PYTHON", CI="true")
    log = out / "jupyter-book.log"
    with log.open("w", encoding="utf-8") as handle:
        result = subprocess.run([*prefix, node, str(bundle), "build", "--html", "--ci"],
                                cwd=staged.folder, env=env, stdout=handle, stderr=subprocess.STDOUT)
    text = log.read_text(encoding="utf-8")
    # As strict as the JB1 build (-W): a warning fails the build too.
    errors = [line.strip() for line in text.splitlines()
              if line.lstrip().startswith(("⛔", "⚠")) or "coursekit template:" in line
              or "Error fetching" in line or "Traceback" in line]
    built = staged.folder / "_build" / "html"
    if result.returncode != 0 or errors or not built.is_dir():
        detail = errors[:5] or [f"exit status {result.returncode}"]
        raise BuildError([problem(str(log), f"Jupyter Book 2 failed: {d}") for d in detail])
    html = out / "html"
    if html.exists():
        shutil.rmtree(html)
    shutil.move(str(built), html)
    folders = _slug_folders(html)
    if len(folders) < len(staged.pages):
        raise BuildError([problem(str(html), f"{len(staged.pages)} pages in the toc but only "
                                  f"{len(folders)} built (see {log})")])
    return Built(html, len(folders), staged.executed, staged.reused, sandbox,
                 time.monotonic() - started)

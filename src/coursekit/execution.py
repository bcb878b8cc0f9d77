"""Sphinx extension for honest notebook execution: a stale or failed run never makes a good build.

- **The cache knows what notebooks read.** jupyter-cache keys an executed notebook on its code
  cells only, so an edited data file or new rendering code left the old outputs on the site. The
  cache folder is therefore named after a digest of everything else a notebook's output depends
  on: the installed ``coursekit`` package (its code, templates, assets and shipped data: the data
  files, quiz banks and references), its version, the versions of its dependencies, the Python
  version, and any files the book lists in ``coursekit_execution_inputs`` (paths relative to the
  book, for notebooks that read data of their own). When the digest changes, the build uses a new
  folder, so every notebook runs again; Sphinx sees the changed cache setting and reads every page
  again. When nothing changed, the digest is the same and a rebuild is as fast as before. The
  three most recently used folders are kept (switching branches back and forth stays fast).
- **A notebook that raises fails the build.** When the build finishes, each notebook whose
  execution failed is reported on one line, naming the notebook, the cell and the error, and the
  build's exit status is 1 (Jupyter Book 1 otherwise reports "build succeeded").

Enable it in ``_config.yml``::

    sphinx:
      extra_extensions: [coursekit.execution]
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

from sphinx.util import logging

logger = logging.getLogger(__name__)

CACHE_PREFIX = "ck-"
KEEP_CACHES = 3
# What runs a notebook, besides coursekit and its own dependencies.
EXECUTION_STACK = ("ipykernel", "nbclient", "jinja2", "markupsafe")
_SKIPPED_DIRS = {"__pycache__", ".ipynb_checkpoints"}
_SKIPPED_SUFFIXES = {".pyc", ".pyo"}


# -- the digest of a notebook's inputs ------------------------------------------------------------


def package_dir() -> Path:
    """The folder of the ``coursekit`` package that notebooks import (the one running this)."""
    return Path(__file__).resolve().parent


def _files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
        return
    for folder, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and Path(name).suffix not in _SKIPPED_SUFFIXES:
                yield Path(folder) / name


def _versions() -> list[str]:
    from .student.settings import DIST  # the distribution's name (the import name is coursekit)

    names = [DIST, *EXECUTION_STACK]
    try:
        for requirement in metadata.requires(DIST) or []:
            if "extra ==" not in requirement:
                names.append(re.split(r"[\s<>=!~;\[(]", requirement.strip(), maxsplit=1)[0])
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        pass
    out = [f"python {sys.version_info.major}.{sys.version_info.minor}"]
    for name in sorted(set(names), key=str.lower):
        try:
            out.append(f"{name.lower()} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name.lower()} -")
    return out


def inputs_digest(paths: Iterable[Path], versions: Iterable[str] | None = None) -> str:
    """A hex digest of the files under ``paths`` (names and bytes) and of ``versions``
    (default: Python's, coursekit's and its dependencies'). A missing path counts as missing."""
    digest = hashlib.sha256()
    for line in _versions() if versions is None else versions:
        digest.update(f"version\0{line}\n".encode())
    for root in paths:
        root = Path(root)
        digest.update(f"root\0{root.name}\0{root.exists()}\n".encode())
        for file in _files(root):
            data = file.read_bytes()
            name = file.relative_to(root).as_posix() if file != root else root.name
            digest.update(f"file\0{name}\0{len(data)}\n".encode())
            digest.update(data)
    return digest.hexdigest()


def execution_inputs(srcdir: Path, extra: Iterable[str]) -> list[Path]:
    """What a notebook's outputs depend on besides its code: the package, and the book's extras."""
    return [package_dir(), *(srcdir / p for p in extra)]


# -- the cache folder -----------------------------------------------------------------------------


def cache_folder(base: Path, digest: str) -> Path:
    """The cache folder for ``digest`` under ``base``; older digests' folders beyond the
    :data:`KEEP_CACHES` most recently used are removed."""
    folder = base / f"{CACHE_PREFIX}{digest[:16]}"
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)
    others = sorted((p for p in base.iterdir() if p.is_dir() and p.name.startswith(CACHE_PREFIX)
                     and p != folder), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[KEEP_CACHES - 1:]:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def _on_config_inited(app: Sphinx, config: Config) -> None:
    if getattr(config, "nb_execution_mode", None) != "cache":
        return
    srcdir = Path(app.srcdir)
    configured = config.nb_execution_cache_path
    base = (srcdir / configured) if configured else Path(app.outdir).parent / ".jupyter_cache"
    digest = inputs_digest(execution_inputs(srcdir, config.coursekit_execution_inputs))
    config.nb_execution_cache_path = str(cache_folder(base.resolve(), digest))


# -- failed notebooks -----------------------------------------------------------------------------

_HEADER = re.compile(r"^(\w[\w.]*)\s+Traceback \(most recent call last\)", re.MULTILINE)
_ERROR_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning))(?::|$)",
                         re.MULTILINE)
MAX_MESSAGE = 300


def error_summary(traceback: str) -> str:
    """``Name: message`` on one line, from an IPython traceback (ANSI colours already removed)."""
    header = _HEADER.search(traceback)
    names = [m for m in _ERROR_LINE.finditer(traceback)]
    if header:
        name = header.group(1)
        at = traceback.rfind(f"\n{name}:")
        if at < 0 and traceback.startswith(f"{name}:"):
            at = 0
        text = traceback[at:] if at >= 0 else name
    elif names:
        text = traceback[names[-1].start():]
    else:
        lines = [line for line in traceback.splitlines() if line.strip()]
        text = lines[-1] if lines else "an error"
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 1] + "…"


def failed_cell(doctree: Any) -> tuple[int | None, str]:
    """(1-based cell number, error summary) of the first cell showing a traceback in ``doctree``."""
    from docutils import nodes

    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        for node in cell.findall(nodes.Element):
            if "traceback" in node.get("classes", []):
                index = cell.get("cell_index")
                return (index + 1 if isinstance(index, int) else None), error_summary(node.astext())
    return None, ""


def execution_failures(app: Sphinx) -> list[str]:
    """One line per notebook of the build whose execution failed: file, cell, error."""
    env = app.env
    lines = []
    for docname, data in sorted(getattr(env, "nb_metadata", {}).items()):
        exec_data = data.get("exec_data") or {}
        if docname not in env.all_docs or exec_data.get("succeeded", True):
            continue
        try:
            cell, summary = failed_cell(env.get_doctree(docname))
        except Exception:  # noqa: BLE001 - a missing doctree must not hide the failure itself
            cell, summary = None, ""
        if not summary:
            summary = exec_data.get("error") or "the notebook could not be executed"
            if exec_data.get("traceback"):
                summary = f"{summary}: {error_summary(exec_data['traceback']).split(': ', 1)[-1]}"
        path = Path(os.path.relpath(env.doc2path(docname), app.srcdir)).as_posix()
        where = f"{path}: cell {cell}" if cell else path
        lines.append(f"{where}: {summary}")
    return lines


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    failures = execution_failures(app)
    if not failures:
        return
    logger.error("coursekit: %d notebook(s) raised an error while executing, so the build failed "
                 "(their pages show the error):", len(failures))
    for line in failures:
        logger.error("%s", line)
    if any("CourseDataError" in line for line in failures):
        logger.error("run 'coursekit check' to list every problem in the course data")
    app.statuscode = 1


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("coursekit_execution_inputs", [], "env", [list])
    app.connect("config-inited", _on_config_inited, priority=800)
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

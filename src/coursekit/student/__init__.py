"""Students' environments: the notebooks students open, and how each environment gets the package.

- :mod:`.settings`: the one setting (``repository.url`` in ``_config.yml``) and what follows from it;
- :mod:`.install`: the first cell of every notebook, which installs the package where it is missing;
- :mod:`.markdown`: MyST to Markdown that JupyterLab, Colab and a plain Jupyter render;
- :mod:`.form`: the student form, ``notebooks/``, generated from the book's notebooks;
- :mod:`.binder`: the Binder image's pinned requirements.

``coursekit notebooks`` (``make notebooks``) brings everything up to date in one run: the install cell
of every source notebook (chapters, back matter, instructor exercises), the released exercises, the
student form and ``binder/requirements.txt``. ``check_notebooks`` says what is out of date without
writing anything.
"""

from __future__ import annotations

from pathlib import Path

from ..knowledge.problems import Problem, problem
from .binder import REQUIREMENTS, requirements_text
from .form import FORM, FormResult, extra_files, render_form
from .install import with_install_cell
from .settings import read_settings

SETUP_FOLDERS = ("chapters", "back", "instructor/exercises")

__all__ = ["FORM", "FormResult", "check_notebooks", "update_notebooks"]


def _with_install_cells(root: Path) -> dict[Path, str]:
    """Source notebooks whose first cell is not the current install cell, with their new text."""
    settings = read_settings(root)
    changed = {}
    for folder in SETUP_FOLDERS:
        for path in sorted((root / folder).glob("*.ipynb")):
            text = path.read_text(encoding="utf-8")
            new = with_install_cell(text, settings)
            if new != text:
                changed[path] = new
    return changed


def update_notebooks(root: Path) -> FormResult:
    """Write install cells, release the exercises and write the student form; report what changed."""
    from ..exercises.release import release

    written: list[Path] = []
    problems: list[Problem] = []
    try:
        sources = _with_install_cells(root)
    except ValueError as exc:
        return FormResult([], [], [problem("_config.yml", str(exc).removeprefix("_config.yml: "))])
    for path, text in sources.items():
        path.write_text(text, encoding="utf-8")
        written.append(path)
    instructor = root / "instructor" / "exercises"
    if instructor.is_dir():
        before = {p: p.read_bytes() for p in (root / "exercises").glob("*.ipynb")}
        for result in release(instructor, root / "exercises"):
            problems += result.problems
            if result.dest.exists() and before.get(result.dest) != result.dest.read_bytes():
                written.append(result.dest)
    form, found = render_form(root)
    problems += found
    for path, text in form.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    for path in extra_files(root, form):
        path.unlink()
        written.append(path)
    binder = root / REQUIREMENTS
    text = requirements_text(root)
    if not binder.exists() or binder.read_text(encoding="utf-8") != text:
        binder.write_text(text, encoding="utf-8")
        written.append(binder)
    return FormResult(written, [], problems)


def check_notebooks(root: Path) -> FormResult:
    """What ``update_notebooks`` would change, without writing: out-of-date files and problems."""
    try:
        stale = list(_with_install_cells(root))
    except ValueError as exc:
        return FormResult([], [], [problem("_config.yml", str(exc).removeprefix("_config.yml: "))])
    form, problems = render_form(root)
    stale += [p for p, text in form.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    stale += extra_files(root, form)
    binder = root / REQUIREMENTS
    if not binder.exists() or binder.read_text(encoding="utf-8") != requirements_text(root):
        stale.append(binder)
    return FormResult([], stale, problems)

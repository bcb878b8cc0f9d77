"""Binder, the way repo2docker builds it: the image context holds no solution, and the environment
made from binder/ (a fresh venv from runtime.txt's Python, requirements.txt, then postBuild run in
the image context) runs the student notebooks in JupyterLab with the widgets and maps working.

The context comes from repo2docker's own code (buildpack detection and ``BuildPack.build``, with a
client that keeps the tar instead of calling Docker), so binder/.dockerignore is read exactly as
repo2docker reads it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import PurePosixPath

import pytest

from .conftest import ROOT
from .env_support import Lab, binder_context, fresh_venv, pip, run_notebook, runtime_python, write_context
from .test_exercises_release import SOURCES, artifact_text, fingerprints

TEXT_SUFFIXES = {".ipynb", ".py", ".md", ".txt", ".yaml", ".yml", ".json", ".html", ".js", ".cfg", ".toml",
                 ".bib", ".in", ""}


@pytest.fixture(scope="module")
def context():
    return binder_context(ROOT)


def leaks(files: dict[str, bytes], tmp_path) -> list[str]:
    prints = set().union(*(fingerprints(source) for source in SOURCES))
    assert prints, "the leak test needs solution text to look for"
    found = []
    for name, data in files.items():
        if PurePosixPath(name).suffix not in TEXT_SUFFIXES:
            continue
        path = tmp_path / "leak" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        text = artifact_text(path)
        found += [f"{name}: {p[:60]}" for p in prints if p in text]
    return found


def test_repo2docker_uses_the_python_buildpack_with_our_files(context):
    assert context.buildpack == "PythonBuildPack"
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in context.dockerfile
    assert "binder/postBuild" in context.dockerfile


def test_the_image_context_holds_no_instructor_source_and_no_solution(context, tmp_path):
    assert "notebooks/chapters/01-about.ipynb" in context.files and "pyproject.toml" in context.files
    assert not [n for n in context.files if n.startswith(("instructor/", "tests/", ".git/"))]
    # The package's sources are what the published wheel holds, in every environment (Colab too);
    # its exercise checks compute expected answers, a documented limit (README, "Exercises"), and
    # generic lines of it match solution lines. Everything else in the image is searched.
    package = "src/coursekit/"
    assert leaks({n: d for n, d in context.files.items() if not n.startswith(package)}, tmp_path) == []


def test_without_the_ignore_file_the_leak_would_be_found(tmp_path):
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    copy = tmp_path / "repo"
    for name in filter(None, tracked.decode().split("\0")):
        if (ROOT / name).is_file() and not name.startswith(("tests/", "src/coursekit/data/boundaries")):
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    (copy / "binder" / ".dockerignore").unlink()
    found = binder_context(copy)
    assert any(n.startswith("instructor/") for n in found.files)
    assert leaks(found.files, tmp_path)


@pytest.mark.browser
def test_the_binder_environment_runs_the_notebooks_in_jupyterlab(context, tmp_path, browser):
    from .browser_support import PageWatch

    repo = write_context(context, tmp_path / "repo")   # the image's repository folder
    bin_dir = fresh_venv(runtime_python(), tmp_path / "env")
    requirements = repo / "binder" / "requirements.txt"
    got = pip(bin_dir, "install", "--no-cache-dir", "--quiet", "-r", str(requirements))
    assert got.returncode == 0, got.stderr[-3000:]
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path / "home")}
    post = subprocess.run([str(repo / "binder" / "postBuild")], cwd=repo, env=env, capture_output=True,
                          text=True)
    assert post.returncode == 0, post.stderr[-3000:]
    check = pip(bin_dir, "check")
    assert check.returncode == 0, check.stdout
    def names(text: str) -> set[str]:
        return {ln.split("==")[0].lower().replace("_", "-") for ln in text.splitlines() if "==" in ln}

    pinned = names(requirements.read_text())
    installed = names(pip(bin_dir, "list", "--format=freeze").stdout) - {"pip", "setuptools"}  # venv
    assert installed - pinned == {"guards-beyond-borders"}, "Binder installed something not pinned"
    extensions = subprocess.run([str(bin_dir / "jupyter"), "labextension", "list"], env=env,
                                capture_output=True, text=True)
    listing = extensions.stdout + extensions.stderr
    assert "@jupyter-widgets/jupyterlab-manager" in listing and "jupyterlab-myst" in listing
    where = subprocess.run([str(bin_dir / "python"), "-c", "import coursekit; print(coursekit.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, env=env).stdout
    assert str(tmp_path / "env") in where  # the installed package, not the sources

    (tmp_path / "home").mkdir(exist_ok=True)
    lab = Lab(bin_dir, repo, tmp_path / "home").start()
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        watch = PageWatch(page, lab.origin)
        for path in ("notebooks/chapters/03-quds-force.ipynb", "notebooks/exercises/ex1-reach.ipynb"):
            run = run_notebook(page, lab, path)
            assert run.executed == run.code_cells and run.errors == [], (path, run.errors[:3])
            assert run.unrendered_widgets == 0 and run.maps == run.maps_drawn, path
            assert run.raw_myst == [], run.raw_myst[:3]
        assert watch.third_party == [] and watch.page_errors == []
        page.close()
    finally:
        lab.stop()

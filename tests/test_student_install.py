"""The first cell in a Colab stand-in: a fresh virtual environment with only a kernel, no network.

The course wheel is built from this checkout and served on 127.0.0.1 with the wheels of its
dependencies (downloaded once beforehand, like the packages Colab has mirrored); the whole run
happens inside ``bwrap --unshare-net``, where no other host can be reached. The notebook's install
cell installs the package, the rest of the chapter then runs, and in a fresh kernel the same cell
does nothing (the server is gone by then).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.student.binder import requirements_text

from .conftest import ROOT
from .env_support import fresh_venv, pip, runtime_python

BWRAP = shutil.which("bwrap")
NOTEBOOK = ROOT / "notebooks" / "chapters" / "01-about.ipynb"
RESTART_NOTE = "Note: you may need to restart the kernel to use updated packages."


def runtime_pins() -> list[str]:
    """The package's dependencies and a kernel, pinned (the Binder closure less JupyterLab and Notebook 7)."""
    lab_only = {"jupyterlab", "jupyterlab-myst", "notebook", "hatchling"}
    lines = [ln for ln in requirements_text(ROOT).splitlines() if ln and not ln.startswith("#")]
    return [ln for ln in lines if ln.split("==")[0].lower().replace("_", "-") not in lab_only]


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheels")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--quiet", "-w", str(folder), str(ROOT)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    # the dependencies' wheels, fetched before the offline run (pip's cache makes this quick)
    got = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
                          "--no-deps", "-d", str(folder), *runtime_pins()], capture_output=True, text=True)
    assert got.returncode == 0, got.stderr
    return folder


@pytest.mark.slow
def test_install_cell_installs_offline_from_the_served_wheel_then_does_nothing(wheels, tmp_path):
    if BWRAP is None:
        pytest.fail("this test cuts the network with bubblewrap: apt-get install bubblewrap", pytrace=False)
    bin_dir = fresh_venv(runtime_python(), tmp_path / "colab")
    kernel_pin = next(p for p in runtime_pins() if p.lower().startswith("ipykernel=="))
    got = pip(bin_dir, "install", "--quiet", "--no-index", "--find-links", str(wheels), kernel_pin)
    assert got.returncode == 0, got.stderr
    frozen = pip(bin_dir, "freeze").stdout
    assert "coursekit" not in frozen.lower() and "guards" not in frozen.lower()
    kernels = tmp_path / "share" / "jupyter" / "kernels" / "standin"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(bin_dir / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Colab stand-in", "language": "python"}))
    notebook = tmp_path / "run" / NOTEBOOK.name
    notebook.parent.mkdir()
    shutil.copy(NOTEBOOK, notebook)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
           "JUPYTER_PATH": str(tmp_path / "share" / "jupyter"),
           "COURSEKIT_PROGRESS": str(tmp_path / "progress.json")}
    driver = Path(__file__).with_name("colab_driver.py")
    offline = [BWRAP, "--dev-bind", "/", "/", "--proc", "/proc", "--unshare-net", "--die-with-parent"]
    run = subprocess.run([*offline, sys.executable, str(driver), str(wheels), str(notebook), "standin"],
                         capture_output=True, text=True, env=env, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["errors"] == [], result["errors"]
    shown = "".join(result["first_outputs"]).replace(RESTART_NOTE, "").strip()
    assert shown == "", f"the install cell is not quiet: {shown[:500]!r}"
    assert result["again_outputs"] == [], "the install cell did something where the package is installed"
    where, version = result["installed"][0].split()
    assert str(bin_dir.parent) in where and version == __import__("coursekit").__version__
    print(f"install cell: {result['install_seconds']:.1f} s; again: {result['again_seconds']:.1f} s "
          f"(with a kernel start)")

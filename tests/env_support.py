"""Support for the environment tests: fresh virtual environments, the Binder image context, a local
package index, and a JupyterLab or Notebook 7 server driven by Chromium.

- :func:`binder_context` builds the image context exactly as repo2docker does (its own buildpack
  detection and ``BuildPack.build``, with a client that keeps the tar instead of calling Docker);
- :func:`fresh_venv` makes a virtual environment from a given Python;
- :class:`Lab` starts JupyterLab (``jupyter lab`` from a given environment, as ``make lab`` does),
  or Jupyter Notebook 7 (``jupyter notebook``) from the same environment, on a folder of notebooks,
  and runs a notebook in it through Chromium.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .browser_support import draw_maps

ROOT = Path(__file__).resolve().parent.parent


# --- Binder ------------------------------------------------------------------------------------

@dataclass
class Context:
    """The build context repo2docker sends to Docker: its Dockerfile and the repository files."""

    dockerfile: str
    files: dict[str, bytes]       # repository path -> content (what COPY puts in the image)
    buildpack: str


def binder_context(repo: Path = ROOT) -> Context:
    from repo2docker.app import Repo2Docker
    from repo2docker.utils import chdir

    class Capture:  # stands in for the Docker client: keeps the context, builds nothing
        string_output = True

        def build(self, **kwargs):
            self.tar = kwargs["fileobj"].read()
            return iter(())

    r2d = Repo2Docker()
    with chdir(str(repo)):
        picked = next(bp for bp in (BP(base_image=r2d.base_image) for BP in r2d.buildpacks) if bp.detect())
        picked.platform = "linux/amd64"
        build_args = {"NB_USER": "jovyan", "NB_UID": "1000"}
        client = Capture()
        list(picked.build(client, "coursekit-binder-test", 0, build_args, [], {}, platform="linux/amd64"))
    files, dockerfile = {}, ""
    with tarfile.open(fileobj=io.BytesIO(client.tar)) as tar:
        for member in tar.getmembers():
            if member.name == "Dockerfile":
                dockerfile = tar.extractfile(member).read().decode("utf-8")
            elif member.isfile() and member.name.startswith("src/"):
                files[member.name.removeprefix("src/")] = tar.extractfile(member).read()
    return Context(dockerfile, files, type(picked).__name__)


def write_context(context: Context, dest: Path) -> Path:
    for name, data in context.files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (dest / "binder" / "postBuild").chmod(0o755)
    return dest


def runtime_python(repo: Path = ROOT) -> str:
    """The Python executable for binder/runtime.txt's version (``python-3.11`` -> python3.11)."""
    runtime = (repo / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    version = re.fullmatch(r"python-(\d+\.\d+)", runtime).group(1)
    for candidate in (f"python{version}", sys.executable):
        found = shutil.which(candidate) or candidate
        out = subprocess.run([found, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True)
        if out.returncode == 0 and out.stdout.strip() == version:
            return found
    raise RuntimeError(f"no Python {version} on this machine for binder/runtime.txt")


def fresh_venv(python: str, dest: Path) -> Path:
    subprocess.run([python, "-m", "venv", str(dest)], check=True)
    return dest / "bin"


def pip(bin_dir: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 900):
    return subprocess.run([str(bin_dir / "python"), "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


# --- JupyterLab --------------------------------------------------------------------------------

RAW_MYST = ("{cite", "{term", ":::", "{doc")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A Jupyter server from ``bin_dir`` on the notebooks in ``root`` (a copy: runs write to it):
    JupyterLab (``app="lab"``) or Jupyter Notebook 7 (``app="notebook"``). Both are the same
    JupyterLab front end underneath and read the same user settings."""

    def __init__(self, bin_dir: Path, root: Path, home: Path, app: Literal["lab", "notebook"] = "lab"):
        self.bin_dir, self.root, self.home, self.app = bin_dir, root, home, app
        self.token = secrets.token_hex(16)
        self.port = _free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VIRTUAL_ENV"))}
        env.update(HOME=str(self.home), PATH=f"{self.bin_dir}{os.pathsep}{env.get('PATH', '')}",
                   JUPYTER_CONFIG_DIR=str(self.home / ".jupyter"),
                   COURSEKIT_PROGRESS=str(self.home / "progress.json"))
        return env

    def settings(self) -> None:
        # All cells in the page at once, so every output can be checked (JupyterLab's default
        # renders only the cells near the viewport); no news or update checks.
        user = self.home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
        (user / "notebook-extension").mkdir(parents=True, exist_ok=True)
        (user / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
            json.dumps({"windowingMode": "none"}))
        (user / "apputils-extension").mkdir(parents=True, exist_ok=True)
        (user / "apputils-extension" / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))

    def start(self, timeout: float = 90) -> Lab:
        self.settings()
        log = open(self.home / "lab.log", "w")  # noqa: SIM115 - closed in stop()
        args = [str(self.bin_dir / "jupyter"), self.app, "--no-browser", f"--port={self.port}",
                "--ip=127.0.0.1", f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}"]
        if self.app == "lab":  # Notebook 7 has neither the news feed nor the update check
            args += ["--LabApp.news_url=None",
                     "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if os.geteuid() == 0:
            args.append("--allow-root")
        self.log = log
        self.process = subprocess.Popen(args, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
                                        cwd=self.root)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter {self.app} stopped: " + self.log_tail())
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{self.origin}/api/status?token={self.token}", timeout=2)
                return self
            time.sleep(0.5)
        raise RuntimeError(f"jupyter {self.app} did not start: " + self.log_tail())

    def log_tail(self) -> str:
        return (self.home / "lab.log").read_text()[-2000:]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()

    def wait_for_kernel(self, page, path: str, timeout: float = 180) -> None:
        """Until the notebook's kernel is started, idle and connected to the page. Waits with the
        page (not time.sleep), so that Playwright keeps serving the page's routed requests."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with urllib.request.urlopen(f"{self.origin}/api/sessions?token={self.token}", timeout=5) as r:
                sessions = json.load(r)
            for s in sessions:
                kernel = s.get("kernel") or {}
                if s.get("path") == path and kernel.get("execution_state") == "idle" \
                        and kernel.get("connections", 0) > 0:
                    return
            page.wait_for_timeout(300)
        raise TimeoutError(f"no idle kernel for {path} after {timeout} s")

    def url(self, path: str) -> str:
        if self.app == "notebook":  # one notebook a page, as Notebook 7 opens it from its file list
            return f"{self.origin}/notebooks/{path}?token={self.token}"
        return f"{self.origin}/lab/tree/{path}?token={self.token}&reset"

    def last_modified(self, path: str) -> str:
        """When the server last wrote ``path`` (its contents API's ``last_modified``)."""
        url = f"{self.origin}/api/contents/{path}?content=0&token={self.token}"
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.load(r)["last_modified"]

    def shut_down_kernels(self) -> None:
        with urllib.request.urlopen(f"{self.origin}/api/sessions?token={self.token}", timeout=10) as r:
            sessions = json.load(r)
        for session in sessions:
            request = urllib.request.Request(
                f"{self.origin}/api/sessions/{session['id']}?token={self.token}", method="DELETE")
            urllib.request.urlopen(request, timeout=30).close()


@dataclass
class Run:
    """What a notebook showed after *Run All Cells*."""

    code_cells: int
    executed: int
    errors: list[str]
    widgets: int
    unrendered_widgets: int
    maps: int
    maps_drawn: int
    raw_myst: list[str]
    markdown_cells: int
    rendered_markdown: int
    seconds: float


def run_notebook(page, lab: Lab, path: str, timeout: float = 240_000) -> Run:
    """Open ``path`` in the server's front end, run every cell, wait for the kernel, and report what is on
    screen."""
    start = time.monotonic()
    lab.shut_down_kernels()  # the previous notebook's
    page.goto(lab.url(path))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    lab.wait_for_kernel(page, path)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(
        """() => {
          const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
          const prompts = cells.map(c => c.querySelector('.jp-InputPrompt')?.textContent || '');
          const failed = document.querySelector(
              '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
          // done when every cell ran, or a cell failed (Run All stops there) and nothing is running
          return cells.length > 0 && (prompts.every(p => /\\[\\d+\\]/.test(p))
                                      || (failed && !prompts.some(p => p.includes('*'))));
        }""", timeout=timeout)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=timeout)
    page.wait_for_timeout(500)  # widget views render just after the kernel goes idle
    info = page.evaluate(
        """() => {
          const q = s => [...document.querySelectorAll(s)];
          const cells = q('.jp-Notebook .jp-CodeCell');
          const errors = q('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
                           + '.jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]')
                         .map(e => e.textContent.slice(0, 300));
          const widgets = q('.jp-OutputArea-output').filter(o =>
              o.querySelector('.jupyter-widgets') || o.textContent.includes('Loading widget'));
          const unrendered = widgets.filter(o => !o.querySelector('.jupyter-widgets')
              || o.textContent.includes('Error displaying widget')
              || o.textContent.includes('Loading widget'));
          const md = q('.jp-Notebook .jp-MarkdownCell');
          return {code: cells.length,
                  executed: cells.filter(c =>
                      /\\[\\d+\\]/.test(c.querySelector('.jp-InputPrompt')?.textContent || '')).length,
                  errors, widgets: widgets.length, unrendered: unrendered.length,
                  markdown: md.length,
                  rendered: md.filter(m => m.classList.contains('jp-mod-rendered')).length,
                  text: md.map(m => m.innerText)};
        }""")
    maps = page.locator(".jp-OutputArea-output .ck-map__canvas").count()
    drawn = draw_maps(page) if maps else 0
    raw = [f"{token} in: {text[max(0, text.find(token) - 40):text.find(token) + 40]!r}"
           for text in info["text"] for token in RAW_MYST if token in text]
    return Run(info["code"], info["executed"], info["errors"], info["widgets"], info["unrendered"],
               maps, drawn, raw, info["markdown"], info["rendered"], time.monotonic() - start)


def answer_first_question(page) -> str:
    """Answer the first quiz question on the page with its first option and press Check: the text
    the kernel sends back to the feedback area."""
    radio = page.locator(".jp-OutputArea-output .widget-radio").first
    radio.scroll_into_view_if_needed()
    question = radio.locator("xpath=..")  # the question's box: prompt, controls, Check, feedback
    radio.locator("input[type=radio]").first.check()
    question.locator("button", has_text="Check").click()
    feedback = question.locator(".ck-q__feedback")
    feedback.wait_for(timeout=30_000)
    return feedback.inner_text()

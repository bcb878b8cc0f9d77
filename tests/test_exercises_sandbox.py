"""Hostile submissions: each trick gets its row, changes nothing outside its sandbox, and dies with it.

One submission per trick under ``tests/data/exercises/grading/hostile/`` (see its README). They are
graded in one run together with an honest right and an honest wrong notebook; the honest rows must
equal a run without the hostile files.
"""

from __future__ import annotations

import csv
import hashlib
import secrets
import subprocess
import sys
import time

import pytest

from coursekit.exercises.sandbox import unavailable

from .conftest import DATA, ROOT, materialize

CASES = DATA / "exercises" / "grading"
HOSTILE = CASES / "hostile"
HONEST = ("ada", "ben")  # a right and a wrong notebook from the six cases
TIMEOUT = 20


def _grade(folder, out):
    return subprocess.run([sys.executable, "-m", "coursekit.exercises.cli", "grade", str(folder), "--out",
                           str(out), "--timeout", str(TIMEOUT), "--jobs", "2", "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)


def _rows(out):
    with out.open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def _digests(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _checkout_state():
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                            capture_output=True, text=True).stdout
    package = ROOT / "src" / "coursekit"
    return status, _digests(package)


def survivors(folder, mark=None):
    """Processes of a run on ``folder``: its sandboxes' environment says so; hostile ones carry ``mark``."""
    from pathlib import Path

    from coursekit.exercises.grade import run_tag

    needle = f"COURSEKIT_RUN={run_tag(folder)}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environ = (proc / "environ").read_bytes().split(b"\0")
            args = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:  # gone meanwhile
            continue
        if needle in environ or (mark and mark in args):
            found.append(f"{proc.name}: {args[:120]}")
    return found


def _honest(folder):
    for student in HONEST:
        materialize(CASES / "six-cases" / "submissions" / student, folder / student)
    return folder


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    reason = unavailable()
    assert reason is None, f"the sandbox tests need bubblewrap working here: {reason}"
    base = tmp_path_factory.mktemp("hostile")
    folder, out, mark = base / "submissions", base / "gradebook.csv", f"ckmark{secrets.token_hex(6)}"
    materialize(HOSTILE / "submissions", folder)
    _honest(folder)
    for path in folder.rglob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        places = {"@GRADEBOOK@": out, "@SUBMISSIONS@": folder, "@ROOT@": ROOT, "@MARK@": mark}
        for key, value in places.items():
            text = text.replace(key, str(value))
        path.write_text(text, encoding="utf-8")
    handed_in, before = _digests(folder), _checkout_state()
    start = time.monotonic()
    result = _grade(folder, out)
    elapsed = time.monotonic() - start
    at_end = out.read_bytes()
    time.sleep(5)
    return {"result": result, "out": out, "rows": _rows(out), "elapsed": elapsed, "at_end": at_end,
            "survivors": survivors(folder, mark), "handed_in": handed_in, "folder": folder, "before": before,
            "after": _checkout_state()}


def _expected():
    with (HOSTILE / "expected.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("want", _expected(), ids=lambda w: w["file"].split("/")[0] + "/" + w["file"][-12:])
def test_each_hostile_submission_gets_the_right_row(hostile_run, want):
    assert hostile_run["result"].returncode == 0, hostile_run["result"].stderr
    row = hostile_run["rows"][want["file"]]
    assert (row["task1"], row["total"]) == (want["task1"], want["total"]), row
    assert want["notes"] in row["notes"], row["notes"]


def test_every_file_handed_in_has_a_row(hostile_run):
    files = {f"'{f}" if f.startswith("=") else f for f in hostile_run["handed_in"]}  # see the formula case
    assert set(hostile_run["rows"]) == files
    assert {w["file"] for w in _expected()} | {f"{s}/ex3-ledger.ipynb" for s in HONEST} == files
    assert hostile_run["rows"]["'=HYPERLINK(0)/notes.txt"]["student"] == "'=HYPERLINK(0)"


def test_the_honest_rows_equal_a_run_without_the_hostile_files(hostile_run, tmp_path):
    folder = _honest(tmp_path / "submissions")
    result = _grade(folder, tmp_path / "gradebook.csv")
    assert result.returncode == 0, result.stderr
    alone = _rows(tmp_path / "gradebook.csv")
    assert alone == {k: v for k, v in hostile_run["rows"].items() if k.split("/")[0] in HONEST}
    assert alone["ada/ex3-ledger.ipynb"]["total"] == "5"


def test_nothing_outside_the_sandbox_changed(hostile_run):
    assert hostile_run["after"] == hostile_run["before"], "the checkout or the package changed"
    assert _digests(hostile_run["folder"]) == hostile_run["handed_in"], "a submission changed"
    assert hostile_run["out"].read_bytes() == hostile_run["at_end"], "the gradebook changed after the run"


def test_no_process_of_the_run_is_alive_5_seconds_after_it_ends(hostile_run):
    assert hostile_run["survivors"] == []


def test_the_survivor_search_finds_a_process_of_a_run(tmp_path):
    import os

    from coursekit.exercises.grade import run_tag

    env = {**os.environ, "COURSEKIT_RUN": run_tag(tmp_path)}
    sleeper = subprocess.Popen(["sleep", "30"], env=env)
    try:
        time.sleep(0.2)
        assert any(line.startswith(f"{sleeper.pid}:") for line in survivors(tmp_path))
    finally:
        sleeper.kill()
        sleeper.wait()


PROBE = """
import json, os, pathlib, sys, coursekit
root = pathlib.Path(coursekit.__file__).parents[2]
home = pathlib.Path(sys.argv[1])
print(json.dumps({"beside": sorted(os.listdir(root)), "src": sorted(os.listdir(root / "src")),
                  "pids": [p for p in os.listdir("/proc") if p.isdigit()], "uid": os.getuid(),
                  "home": sorted(os.listdir(home)) if home.is_dir() else [],
                  "tmp": sorted(os.listdir("/tmp")),
                  "own_home": sorted(os.listdir(os.path.expanduser("~")))}))
"""


def test_a_cell_cannot_see_the_host(tmp_path):
    """The sandbox's view, from inside: no checkout around the package, no home, no host processes."""
    import json
    from pathlib import Path

    from coursekit.exercises.sandbox import Limits, run

    outcome = run([sys.executable, "-c", PROBE, str(Path.home())], b"", Limits(wall=60), forbidden=[tmp_path])
    seen = json.loads(outcome.stdout.decode())
    assert set(seen["beside"]) <= {".venv", "src"} and seen["src"] == ["coursekit"], seen
    assert len(seen["pids"]) < 5 and seen["uid"] == 65534, seen
    python = Path(sys.base_prefix).resolve()
    assert all(python.is_relative_to(Path.home() / name) for name in seen["home"]), seen["home"]
    # the private /tmp holds the sandbox's home and work folders (and, when Python or the checkout
    # lives under /tmp, the read-only folder it is bound into)
    from coursekit.exercises.sandbox import _python_paths

    under_tmp = {p.relative_to("/tmp").parts[0] for p in _python_paths() if p.is_relative_to("/tmp")}
    assert set(seen["tmp"]) - under_tmp == {"home", "work"} and seen["own_home"] == [], seen


def test_python_living_under_tmp_is_still_there_inside_the_sandbox(tmp_path, monkeypatch):
    """A checkout (and its .venv) under /tmp: the private /tmp must not hide it (it did: 'bwrap:
    execvp /tmp/x/.venv/bin/python: No such file or directory', reported as disabled namespaces)."""
    from coursekit.exercises import sandbox

    if unavailable():
        pytest.fail(unavailable(), pytrace=False)
    tool = tmp_path / "venv" / "bin"
    tool.mkdir(parents=True)
    (tool / "hello").write_text("#!/bin/sh\necho inside\n", encoding="utf-8")
    (tool / "hello").chmod(0o755)
    assert str(tmp_path).startswith("/tmp/")
    real = sandbox._python_paths()
    monkeypatch.setattr(sandbox, "_python_paths", lambda: sorted({*real, tool}))
    outcome = sandbox.run([str(tool / "hello")], b"", sandbox.Limits(wall=30))
    assert outcome.stdout.decode().strip() == "inside", outcome

"""Run a command on untrusted input inside a bubblewrap sandbox, with limits, and kill all it starts.

>>> result = run([sys.executable, "-c", "print(1)"], b"", Limits(wall=30))  # doctest: +SKIP

What the sandbox sees (everything else of the host is not there at all):

- read-only: the system's ``/usr`` (and the ``/bin``, ``/lib`` links), a few files of ``/etc``,
  the Python installation and virtual environment running the grader, and the ``coursekit``
  package folder itself (not the checkout around it, when the package is installed editable);
- a private, size-limited ``/tmp`` (also the home folder), empty at the start and gone at the end;
- its own ``/proc`` and ``/dev``, its own PID, network (none: loopback only), IPC, UTS and user
  namespaces; no capabilities; no new user namespaces inside.

Limits: a wall-clock time limit after which bubblewrap is killed, which takes the whole PID
namespace with it (a process started with ``setsid`` or ``start_new_session`` included); an
address-space limit per process and a file-size limit (``setrlimit``, inherited by everything in
the sandbox); a cap on the bytes read from standard output and error. The input arrives on
standard input, the result leaves on standard output: nothing is shared through files.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

INSTALL_HINT = ("install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap), or grade only your own "
                "notebooks with --trusted")
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "passwd", "group",
       "hosts", "mime.types")


@dataclass(frozen=True)
class Limits:
    wall: float  # seconds before everything is killed
    memory: int = 2 * 1024 ** 3  # bytes of address space, per process (a kernel needs about 1 GB)
    output: int = 4 * 1024 ** 2  # bytes of standard output kept; more and the run is stopped
    file_size: int = 64 * 1024 ** 2  # bytes in any one file written
    tmp: int = 512 * 1024 ** 2  # bytes of the private /tmp


@dataclass
class Outcome:
    returncode: int | None
    stdout: bytes
    stderr: bytes
    timed_out: bool = False
    overflow: bool = False
    seconds: float = 0.0


def bwrap() -> str | None:
    return shutil.which("bwrap")


def _package_dir() -> Path:
    import coursekit

    return Path(coursekit.__file__).resolve().parent


def _python_paths() -> list[Path]:
    """What Python needs, read-only: installation, environment, site folders; not the checkout."""
    package = _package_dir()
    found = {Path(p).resolve() for p in (sys.base_prefix, sys.prefix, sys.exec_prefix,
                                         Path(sys.executable).resolve().parent.parent)}
    for entry in sys.path:
        path = Path(entry).resolve() if entry else None
        if path is None or not path.is_dir():
            continue
        if package.is_relative_to(path) and path.name not in ("site-packages", "dist-packages"):
            continue  # the folder holding an editable install (the checkout's src/): bind the package only
        found.add(path)
    found.add(package)
    return sorted(found)


def _root_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for name in ETC:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    return args


def command(inner: list[str], limits: Limits, forbidden: Sequence[Path] = (), tag: str = "") -> list[str]:
    """The bubblewrap command line running ``inner``; ValueError if a bind would expose ``forbidden``.

    ``tag`` goes into the environment as ``COURSEKIT_RUN``, so a run's processes can be found.
    """
    tool = bwrap()
    if tool is None:
        raise FileNotFoundError(f"bubblewrap is not installed: {INSTALL_HINT}")
    args = [tool, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
            "--new-session", "--cap-drop", "ALL", "--uid", "65534", "--gid", "65534",
            "--hostname", "sandbox", *_root_binds()]
    home = "/tmp/home"
    # the private /tmp first: Python's folders are bound after it, so a Python (or a checkout)
    # that lives under /tmp is still there inside the sandbox, read-only
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(limits.tmp), "--tmpfs", "/tmp",
             "--dir", home, "--dir", "/tmp/work"]
    for path in _python_paths():
        if path == Path("/"):
            raise ValueError("cannot sandbox: Python is installed at / (the whole filesystem would show)")
        for hidden in forbidden:
            if hidden.resolve().is_relative_to(path):
                raise ValueError(f"cannot sandbox: {path} (needed by Python) contains {hidden}; "
                                 "move the submissions and the gradebook out of it")
        args += ["--ro-bind", str(path), str(path)]
    args += ["--chdir", "/tmp/work", "--clearenv"]
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
           "TMPDIR": "/tmp", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONNOUSERSITE": "1",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg",
           "JUPYTER_PLATFORM_DIRS": "1", "IPYTHONDIR": f"{home}/.ipython", "COURSEKIT_RUN": tag}
    for key, value in env.items():
        args += ["--setenv", key, value]
    return [*args, "--", *inner]


@lru_cache(maxsize=1)
def unavailable() -> str | None:
    """Why the sandbox cannot run here (one line naming the fix), or None when it can."""
    if not sys.platform.startswith("linux"):
        return (f"the sandbox needs Linux (this is {sys.platform}); grade only your own notebooks with "
                "--trusted")
    if bwrap() is None:
        return f"bubblewrap (bwrap) is not installed: {INSTALL_HINT}"
    try:
        probe = subprocess.run(command([sys.executable, "-c", "import coursekit"], Limits(wall=30)),
                               capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        return f"the sandbox cannot start ({exc})"
    if probe.returncode != 0:
        said = (probe.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1][:200]
        if "execvp" in said:  # the sandbox was made, but Python is not where it was bound
            return (f"bubblewrap made its sandbox but could not start Python in it ({said}); "
                    "grade only your own notebooks with --trusted, and report this")
        return (f"bubblewrap cannot create its sandbox here ({said}): user namespaces may be disabled; "
                "run as root, or enable them (sysctl kernel.unprivileged_userns_clone=1 / "
                "kernel.apparmor_restrict_unprivileged_userns=0), or grade only your own notebooks with "
                "--trusted")
    return None


def _limit(limits: Limits):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size, limits.file_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        cpu = int(limits.wall * 2) + 10
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

    return apply


def _reader(stream: IO[bytes], cap: int, sink: list[bytes], over: threading.Event | None,
            proc: subprocess.Popen) -> None:
    kept = 0
    while True:
        chunk = stream.read(65536)
        if not chunk:
            return
        if over is None:  # standard error: keep the last ``cap`` bytes
            sink.append(chunk)
            while len(sink) > 1 and sum(map(len, sink)) > cap:
                sink.pop(0)
            continue
        if kept + len(chunk) > cap:
            sink.append(chunk[:cap - kept])
            over.set()
            _kill(proc)
            return
        kept += len(chunk)
        sink.append(chunk)


_LIVE: set[subprocess.Popen] = set()
_LIVE_LOCK = threading.Lock()


def kill_all() -> None:
    """Kill every run still going (an interrupted grader calls this before it exits)."""
    with _LIVE_LOCK:
        for proc in list(_LIVE):
            _kill(proc)


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def run(inner: list[str], stdin: bytes, limits: Limits, *, sandboxed: bool = True,
        forbidden: Sequence[Path] = (), cwd: str | None = None, tag: str = "") -> Outcome:
    """Run ``inner`` (in the sandbox unless ``sandboxed`` is False) with ``stdin``; never raises on
    what the program does. Everything it started is dead when this returns."""
    argv = command(inner, limits, list(forbidden), tag) if sandboxed else inner
    start = time.monotonic()
    env = None if sandboxed else {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1",
                                  "COURSEKIT_RUN": tag}
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_limit(limits), start_new_session=True, cwd=cwd, env=env)
    with _LIVE_LOCK:
        _LIVE.add(proc)
    out: list[bytes] = []
    err: list[bytes] = []
    over = threading.Event()
    threads = [threading.Thread(target=_reader, args=(proc.stdout, limits.output, out, over, proc),
                                daemon=True),
               threading.Thread(target=_reader, args=(proc.stderr, 64 * 1024, err, None, proc), daemon=True)]
    for thread in threads:
        thread.start()
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None  # PIPEs
    try:
        proc.stdin.write(stdin)
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass
    timed_out = False
    try:
        proc.wait(timeout=limits.wall)
    except subprocess.TimeoutExpired:
        timed_out = True
    _kill(proc)  # the whole session: bubblewrap, and with it the sandbox's PID namespace
    proc.wait()
    with _LIVE_LOCK:
        _LIVE.discard(proc)
    for thread in threads:
        thread.join(timeout=5)
    for stream in (proc.stdout, proc.stderr):
        stream.close()
    return Outcome(None if timed_out else proc.returncode, b"".join(out), b"".join(err)[-64 * 1024:],
                   timed_out, over.is_set(), time.monotonic() - start)

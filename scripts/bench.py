"""`make bench`: time what the issues ask to measure, print a table, flag missed targets.

- cold build: the whole book into an empty output folder (no execution cache);
- no-change rebuild: the same again (target: at most 10% of the cold build);
- nbval: executing every notebook under pytest;
- data load: reading and validating every data file (target: at most 200 ms).

Builds go to a temporary folder, so your `_build` is left alone.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def timed(cmd: list[str], label: str) -> float:
    print(f"... {label}", flush=True)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-15:])
        sys.exit(f"bench: '{label}' failed (exit {result.returncode}):\n{tail}")
    return elapsed


def data_load_ms(repeats: int = 7) -> tuple[float, float]:
    """(first, median of later) milliseconds to load and validate all data, in a fresh process."""
    code = (
        "import time; from coursekit.check import package_data_dir;"
        "from coursekit.loader import load_course; from coursekit.validate import check_links\n"
        f"ts=[]\nfor _ in range({repeats}):\n"
        "    t=time.perf_counter(); c,p=load_course(package_data_dir()); p+=check_links(c);"
        " ts.append((time.perf_counter()-t)*1000)\nprint(ts[0], sorted(ts[1:])[len(ts[1:])//2])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, median = map(float, out.stdout.split())
    return first, median


def main() -> int:
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="coursekit-bench-") as tmp:
        out = Path(tmp)
        build = [str(BIN / "jupyter-book"), "build", ".", "--builder", "html", "--path-output",
                 str(out)]
        cold = timed(build, "cold build (empty cache)")
        warm = timed(build, "no-change rebuild")
        shutil.rmtree(out, ignore_errors=True)
    folders = [d for d in ("chapters", "exercises") if (ROOT / d).is_dir()]
    nbval = timed([str(BIN / "pytest"), "-q", "--nbval-lax", "--sanitize-with", "tests/sanitize.cfg",
                   *folders], "nbval over every notebook")
    first, median = data_load_ms()
    ratio = warm / cold * 100
    rows.append(("cold build", f"{cold:.1f} s", "", ""))
    rows.append(("no-change rebuild", f"{warm:.1f} s", f"{ratio:.0f}% of cold (<= 10%)",
                 "ok" if ratio <= 10 else "MISSED"))
    rows.append(("nbval, all notebooks", f"{nbval:.1f} s", "", ""))
    rows.append(("data load + validate (first)", f"{first:.0f} ms", "<= 200 ms",
                 "ok" if first <= 200 else "MISSED"))
    rows.append(("data load + validate (median)", f"{median:.0f} ms", "<= 200 ms",
                 "ok" if median <= 200 else "MISSED"))
    widths = [max(len(r[i]) for r in rows + [("measure", "value", "target", "")]) for i in range(4)]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(("measure", "value", "target", ""), widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

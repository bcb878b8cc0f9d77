"""`make bench`: measure what the issues ask for, print one table, and flag missed targets.

Book builds run on a temporary copy of the committed files, so your working tree and `_build`
are left alone:

- cold build (empty execution cache), no-change rebuild, and a rebuild after editing one chapter's
  text (targets: cold under 90 s; each rebuild at most 10% of the cold build);
- nbval over the notebooks the book does not build (make nbval);
- data load: reading and validating every data file (at most 200 ms);
- map data per chapter page (at most 250 kB each), from the cold build's HTML;
- the quiz and map benchmarks (`bench_quiz.py`, `bench_maps.py`), the site's page weights
  and load times (`bench_site.py`), and grading a generated class of 60 submissions with
  `--jobs 1` and `--jobs 2` (`bench_grade.py`), where present.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
Row = tuple[str, str, str, bool | None]


def run(cmd: list[str], cwd: Path, label: str) -> float:
    print(f"... {label}", flush=True)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-15:])
        sys.exit(f"bench: '{label}' failed (exit {result.returncode}):\n{tail}")
    return elapsed


def copy_of_repository(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target, follow_symlinks=False)
    return dest


def edit_one_chapter(book: Path) -> str:
    import json

    path = sorted((book / "chapters").glob("*.ipynb"))[len(list((book / "chapters").glob("*.ipynb"))) // 2]
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = "".join(cell["source"]) + "\n\nAn added sentence, as an author's edit would be.\n"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path.stem


def builds() -> tuple[list[Row], Path | None]:
    tmp = Path(tempfile.mkdtemp(prefix="coursekit-bench-"))
    book = copy_of_repository(tmp / "book")
    build = [str(BIN / "jupyter-book"), "build", ".", "--builder", "html"]
    cold = run(build, book, "cold build (empty cache)")
    warm = run(build, book, "no-change rebuild")
    edited = edit_one_chapter(book)
    one = run(build, book, f"rebuild after editing {edited}")
    rows: list[Row] = [
        ("cold build, whole course", f"{cold:.1f} s", "< 90 s", cold < 90),
        ("no-change rebuild", f"{warm:.1f} s ({warm / cold:.0%})", "<= 10% of cold", warm <= cold * 0.1),
        ("rebuild after a one-chapter edit", f"{one:.1f} s ({one / cold:.0%})", "<= 10% of cold",
         one <= cold * 0.1),
    ]
    return rows, book / "_build" / "html"


def map_data(site: Path) -> list[Row]:
    """Bytes of map markup and data on each chapter page (shared Leaflet assets excluded)."""
    from bs4 import BeautifulSoup

    rows: list[Row] = []
    for page in sorted((site / "chapters").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        blocks = soup.select(".ck-map")
        if blocks:
            size = sum(len(str(b).encode("utf-8")) for b in blocks) / 1000
            biggest = max(len(str(b).encode("utf-8")) for b in blocks) / 1000
            rows.append((f"map data, {page.stem} ({len(blocks)} map{'s' * (len(blocks) > 1)})",
                         f"{size:.0f} kB (largest {biggest:.0f})", "<= 250 kB a map", biggest <= 250))
    return rows


def nbval() -> list[Row]:
    # as make test runs it: over the notebooks the book does not build (the build executes the rest)
    took = run(["make", "-s", "nbval"], ROOT, "nbval over the notebooks the book does not build")
    return [("nbval, notebooks outside the book", f"{took:.1f} s", "", None)]


def data_load(repeats: int = 7) -> list[Row]:
    code = (
        "import time; from coursekit.knowledge.paths import package_data_dir;"
        "from coursekit.knowledge import check_links, load_course\n"
        f"ts=[]\nfor _ in range({repeats}):\n"
        "    t=time.perf_counter(); c,p=load_course(package_data_dir()); p+=check_links(c);"
        " ts.append((time.perf_counter()-t)*1000)\nprint(ts[0], sorted(ts[1:])[len(ts[1:])//2])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, median = map(float, out.stdout.split())
    return [("data load + validate, first", f"{first:.0f} ms", "<= 200 ms", first <= 200),
            ("data load + validate, median", f"{median:.0f} ms", "<= 200 ms", median <= 200)]


def area_benchmarks(site: Path | None) -> list[Row]:
    sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
    rows: list[Row] = []
    for name in ("bench_quiz", "bench_maps", "bench_site", "bench_grade"):
        if not (ROOT / "scripts" / f"{name}.py").exists():
            continue
        print(f"... {name}", flush=True)
        module = importlib.import_module(name)
        found = module.bench(site) if name == "bench_site" else module.bench()
        rows += [(m, v, t, ok) for m, v, t, ok in found]
    return rows


def print_table(rows: list[Row]) -> int:
    header = ("measure", "value", "target", "")
    cells = [(m, v, t, "" if ok is None else ("ok" if ok else "MISSED")) for m, v, t, ok in rows]
    widths = [max(len(r[i]) for r in [header, *cells]) for i in range(4)]
    print()
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    missed = [m for m, _, _, ok in rows if ok is False]
    print(f"\n{len(rows)} measures, {len(missed)} missed" + (f": {', '.join(missed)}" if missed else ""))
    return 0


def main() -> int:
    rows, site = builds()
    rows += map_data(site)
    rows += nbval()
    rows += data_load()
    rows += area_benchmarks(site)
    shutil.rmtree(site.parent.parent.parent, ignore_errors=True)
    return print_table(rows)


if __name__ == "__main__":
    sys.exit(main())

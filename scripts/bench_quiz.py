"""Quiz benchmarks, called by scripts/bench.py (or run alone: python scripts/bench_quiz.py).

- render: a 10-question quiz displayed in a kernel, i.e. the widgets and the static HTML of its
  output bundle, in-process (target: under 50 ms, for the first render and the median of repeated
  ones). Importing ipywidgets and reading the bibliography happen once per kernel, before the
  first quiz; they are timed on their own, without a target;
- site assets: the quiz script and stylesheet together (target: under 30 kB).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time


def _render_ms(repeats: int = 15) -> tuple[float, float, float, int]:
    with tempfile.TemporaryDirectory(prefix="coursekit-bench-") as tmp:
        os.environ["COURSEKIT_PROGRESS"] = os.path.join(tmp, "progress.json")
        from coursekit import quiz
        from coursekit.quiz.progress import Progress

        bank = quiz.load_bank("01-about")
        start = time.perf_counter()
        import coursekit.quiz.widget  # noqa: F401 - ipywidgets, once per kernel

        quiz.sources()  # the bibliography, once per kernel
        once = (time.perf_counter() - start) * 1000
        times = []
        for _ in range(repeats + 1):
            start = time.perf_counter()
            quiz.Quiz(bank, progress=Progress())._repr_mimebundle_()
            times.append((time.perf_counter() - start) * 1000)
    return once, times[0], statistics.median(times[1:]), len(bank.questions)


def bench() -> list[tuple[str, str, str, bool]]:
    """(measure, value, target, ok) rows."""
    from coursekit.site.quiz import static_dir

    once, first, median, count = _render_ms()
    size = sum(p.stat().st_size for p in static_dir().iterdir())
    return [
        ("quiz: import ipywidgets + read bibliography", f"{once:.0f} ms", "once per kernel", True),
        (f"quiz render, {count} questions (first)", f"{first:.0f} ms", "< 50 ms", first < 50),
        (f"quiz render, {count} questions (median)", f"{median:.0f} ms", "< 50 ms", median < 50),
        ("quiz site script + stylesheet", f"{size / 1000:.1f} kB", "< 30 kB", size < 30_000),
    ]


if __name__ == "__main__":
    rows = bench()
    for measure, value, target, ok in rows:
        print(f"{measure:<40} {value:>9}  {target:<9} {'ok' if ok else 'MISSED'}")
    sys.exit(0 if all(ok for *_, ok in rows) else 1)

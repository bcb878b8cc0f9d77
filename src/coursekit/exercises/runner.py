"""Run one submitted notebook and hand back its answers as data: the program inside the sandbox.

``python -m coursekit.exercises.runner`` reads a job from standard input (the notebook, the names
of the answer variables, the time limit), runs the code cells in a fresh kernel with one time
limit shared by all of them (a cell that raises does not stop the run; at the limit the kernel is
interrupted), then asks the kernel for the answers (:func:`coursekit.exercises.values.emit`) and
writes one JSON line to standard output: ``{"answers": ..., "notes": [...]}``.

Nothing here scores anything: the grader reads that line as untrusted data and runs the checks in
its own process. Outputs of the student's cells are dropped as they arrive (only errors are kept,
for the notes), so printing does not fill the memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from .values import MIME

COLLECT_TIMEOUT = 30  # seconds for the kernel to hand back the answers once the cells are done


def _first_line(text: object) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return lines[0][:160] if lines else ""


def _client(nb: Any, workdir: str) -> Any:
    from nbclient import NotebookClient

    class Client(NotebookClient):
        """Keeps only error outputs and the answers; everything else a cell prints is dropped."""

        def output(self, outs: list, msg: dict, display_id: str | None, cell_index: int) -> Any:
            kind = msg["msg_type"]
            data = msg["content"].get("data") or {}
            if kind == "error" or (kind in ("display_data", "execute_result") and MIME in data):
                return super().output(outs, msg, display_id, cell_index)
            return None

    # On a timeout nbclient interrupts the kernel and records an error for the cell, then the next
    # cell runs normally.
    return Client(nb, kernel_name="python3", allow_errors=True, interrupt_on_timeout=True,
                  error_on_timeout={"ename": "TimeLimit", "evalue": "", "traceback": []},
                  record_timing=False, store_widget_state=False, resources={"metadata": {"path": workdir}})


def run(nb: Any, names: list[str], timeout: float, notes: list[str],
        workdir: str = ".") -> dict[str, Any] | None:
    """Execute ``nb``'s code cells, then collect the answers ``names``; None if none could be read."""
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb.cells = [c for c in nb.cells if c.cell_type in ("code", "markdown", "raw")]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    collect = nbformat.v4.new_code_cell(
        f"from coursekit.exercises.values import emit as _coursekit_emit\n_coursekit_emit({names!r})")
    client = _client(nb, workdir)
    with client.setup_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL):
        deadline = time.monotonic() + timeout
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                notes.append(f"time limit of {timeout:g} s reached before cell {index + 1}; later cells "
                             "not run")
                break
            client.timeout = max(1, int(left + 0.999))
            try:
                client.execute_cell(cell, index)
            except DeadKernelError:
                notes.append(f"the kernel died in cell {index + 1} (out of memory?); no result")
                return None
            if time.monotonic() >= deadline:
                notes.append(f"time limit of {timeout:g} s reached in cell {index + 1} (an endless "
                             "loop?); later cells not run")
                break
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            if errors:
                notes.append(f"cell {index + 1} raised {errors[0].get('ename')}: "
                             f"{_first_line(errors[0].get('evalue', ''))}")
            cell.outputs = []
        client.timeout = COLLECT_TIMEOUT
        nb.cells.append(collect)
        try:
            client.execute_cell(collect, len(nb.cells) - 1)
        except (CellTimeoutError, DeadKernelError) as exc:
            notes.append(f"could not collect the answers ({type(exc).__name__})")
            return None
    for output in collect.get("outputs", []):
        payload = output.get("data", {}).get(MIME)
        if payload is not None:
            return json.loads(payload) if isinstance(payload, str) else dict(payload)
    errors = [o for o in collect.get("outputs", []) if o.get("output_type") == "error"]
    reason = (f"{errors[0].get('ename')}: {_first_line(errors[0].get('evalue', ''))}" if errors
              else "no output")
    notes.append(f"could not collect the answers ({reason})")
    return None


def main() -> int:
    import nbformat

    job = json.loads(sys.stdin.buffer.read())
    nb = nbformat.from_dict(job["notebook"])
    notes: list[str] = []
    real_stdout, sys.stdout = sys.stdout, sys.stderr  # only the result line goes to standard output
    try:
        answers = run(nb, list(job["names"]), float(job["timeout"]), notes, job.get("workdir", "."))
    except Exception as exc:  # noqa: BLE001 - the kernel would not start, or the notebook is unusable
        answers = None
        notes.append(f"could not run the notebook ({type(exc).__name__}: {_first_line(exc)})")
    real_stdout.write(json.dumps({"answers": answers, "notes": notes}) + "\n")
    real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())

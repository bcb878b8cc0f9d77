"""Run a student notebook in the Colab stand-in, offline (test_student_install.py runs this script
inside ``bwrap --unshare-net``, where only the loopback interface exists).

It serves the wheel folder on 127.0.0.1 (a page linking every wheel, for ``PIP_FIND_LINKS``),
points the notebook's install cell at the course wheel there, executes the notebook with the
stand-in's kernel, then runs the install cell again in a fresh kernel with the server stopped.
Prints one JSON line: the outputs of the install cell on both runs, its duration, and the errors.

usage: colab_driver.py WHEELS NOTEBOOK KERNEL_NAME
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import sys
import threading
import time
from pathlib import Path


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    links = "".join(f'<a href="{p.name}">{p.name}</a>\n' for p in sorted(folder.glob("*.whl")))
    (folder / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{links}</body></html>\n")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def texts(outputs) -> list[str]:
    found = []
    for out in outputs:
        if out.get("output_type") == "stream":
            found.append(out["text"])
        elif out.get("output_type") == "error":
            found.append(f"{out['ename']}: {out['evalue']}")
        else:
            found.append(json.dumps(out.get("data", {}))[:300])
    return found


def main() -> None:
    import nbformat
    from nbclient import NotebookClient

    from coursekit.student.install import install_source
    from coursekit.student.settings import Settings

    wheels, notebook, kernel = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    server, origin = serve(wheels)
    os.environ.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=f"{origin}/", PIP_CONFIG_FILE=os.devnull,
                      PIP_NO_CACHE_DIR="1")
    wheel = next(wheels.glob("guards_beyond_borders-*.whl")).name
    nb = nbformat.read(notebook, as_version=4)
    nb.cells[0].source = install_source(Settings("https://example.invalid"), url=f"{origin}/{wheel}")
    client = NotebookClient(nb, timeout=600, kernel_name=kernel, allow_errors=True,
                            resources={"metadata": {"path": str(notebook.parent)}})
    started = time.monotonic()
    timings = []
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                t = time.monotonic()
                client.execute_cell(cell, index)
                timings.append(time.monotonic() - t)
    errors = [f"cell {i}: {text}" for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for text in texts([o for o in c.outputs if o.output_type == "error"])]
    first = texts(nb.cells[0].outputs)
    server.shutdown()
    server.server_close()
    report = ("import coursekit, importlib.metadata as m\n"
              "print(coursekit.__file__, m.version('guards-beyond-borders'))")
    again = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(nb.cells[0].source),
                                            nbformat.v4.new_code_cell(report)])
    second = NotebookClient(again, timeout=120, kernel_name=kernel, allow_errors=True)
    t = time.monotonic()
    second.execute()
    print(json.dumps({"first_outputs": first, "install_seconds": timings[0], "errors": errors,
                      "total_seconds": time.monotonic() - started,
                      "again_outputs": texts(again.cells[0].outputs),
                      "again_seconds": time.monotonic() - t,
                      "installed": texts(again.cells[1].outputs)}))


if __name__ == "__main__":
    main()

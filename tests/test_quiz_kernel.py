"""A chapter cell in a real kernel: one line gives an output with both renderings."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from .conftest import DATA


def test_quiz_show_in_a_kernel_outputs_the_widget_and_the_static_html(tmp_path):
    bank = DATA / "quiz" / "valid" / "fixture.yaml"
    nb = nbformat.v4.new_notebook()
    progress = tmp_path / "progress.json"  # not the user's own progress file
    nb.cells = [nbformat.v4.new_code_cell(f"import os; os.environ['COURSEKIT_PROGRESS'] = {str(progress)!r}"),
                nbformat.v4.new_code_cell(f"from coursekit import quiz; quiz.show({str(bank)!r})")]
    client = NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": tmp_path}})
    client.execute()
    (output,) = nb.cells[1].outputs
    assert output.output_type == "execute_result"
    assert {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"} <= set(output.data)
    assert 'data-coursekit-quiz="fixture"' in output.data["text/html"]
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert output.data["application/vnd.jupyter.widget-view+json"]["model_id"] in state

"""Staging the book for Jupyter Book 2: JB1 syntax translated, notebooks executed honestly."""

from __future__ import annotations

import json

import nbformat
import pytest

from coursekit.jb2 import stage as staging
from coursekit.jb2.stage import StageError, doc_roles_to_links, nocite_all, sphinx_glossary_to_myst

from .conftest import ROOT

GLOSSARY = """\
# Glossary

```{glossary}
:sorted:

Zeta term
  The last one,
  over two lines.

alpha
  The first one.
```

After.
"""


def test_the_sphinx_glossary_becomes_a_sorted_myst_definition_list():
    assert sphinx_glossary_to_myst(GLOSSARY) == (
        "# Glossary\n\n```{glossary}\n\nalpha\n: The first one.\n\nZeta term\n"
        ": The last one, over two lines.\n\n```\n\nAfter.\n")


def test_text_without_a_glossary_is_unchanged():
    text = "# Title\n\n```{admonition} Note\nBody\n```\n"
    assert sphinx_glossary_to_myst(text) == text


def test_the_course_glossary_keeps_every_term():
    source = (ROOT / "back" / "glossary.md").read_text(encoding="utf-8")
    converted = sphinx_glossary_to_myst(source)
    terms = [line for line in source.split("```{glossary}")[1].splitlines()
             if line.strip() and not line[0].isspace() and not line.startswith((":", "```"))]
    assert len(terms) > 50
    assert sorted(line for line in converted.splitlines()
                  if line and not line.startswith((":", "#", "`")) and line in terms) == sorted(terms)


def test_doc_roles_become_markdown_links():
    text = "See {doc}`Chapter 3 <../chapters/03-quds-force>` and {doc}`back/bibliography`; `{x}`."
    assert doc_roles_to_links(text) == (
        "See [Chapter 3](../chapters/03-quds-force) and [](back/bibliography); `{x}`.")


def test_bibliography_all_cites_every_key_in_a_block_the_template_hides():
    text = "# Bibliography\n\n```{bibliography}\n:all:\n```\n"
    out = nocite_all(text, ["a2019", "b2020"])
    assert out.startswith("# Bibliography\n\n```{bibliography}\n```\n")
    assert out.endswith('\n+++ {"coursekit": "nocite"}\n\n{cite:p}`a2019; b2020`\n')
    assert nocite_all("# Page\n", ["a2019"]) == "# Page\n"


def _notebook(path, *sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)


@pytest.fixture
def book(tmp_path):
    (tmp_path / "_config.yml").write_text("title: T\nexecute:\n  timeout: 30\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nparts:\n  - caption: Part\n    chapters:\n"
        "      - file: chapters/one\n", encoding="utf-8")
    (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    _notebook(tmp_path / "chapters" / "one.ipynb", "print(6 * 7)")
    return tmp_path


def test_notebooks_are_executed_into_the_copy_and_reused_when_nothing_changed(book, tmp_path):
    out = tmp_path / "out"
    first = staging.stage(book, out)
    assert (first.executed, first.reused) == (1, 0)
    nb = json.loads((out / "src" / "chapters" / "one.ipynb").read_text(encoding="utf-8"))
    assert "".join(nb["cells"][0]["outputs"][0]["text"]) == "42\n"
    assert nb["cells"][0]["id"].startswith("one-")
    assert not json.loads((book / "chapters" / "one.ipynb").read_text())["cells"][0]["outputs"]
    again = staging.stage(book, out)
    assert (again.executed, again.reused) == (0, 1)


def test_a_changed_environment_executes_again(book, tmp_path, monkeypatch):
    out = tmp_path / "out"
    staging.stage(book, out)
    monkeypatch.setattr(staging, "environment_digest", lambda root: "another package version")
    assert staging.stage(book, out).executed == 1


def test_a_failing_notebook_fails_the_build_with_one_line_naming_it(book, tmp_path):
    _notebook(book / "chapters" / "one.ipynb", "x = 1", "1 / 0")
    with pytest.raises(StageError) as caught:
        staging.stage(book, tmp_path / "out")
    assert [str(p) for p in caught.value.problems] == [
        "chapters/one.ipynb: cell 2: execution failed: ZeroDivisionError: division by zero"]

"""Stage the book for Jupyter Book 2: a copy of the toc's pages with the notebooks executed.

JB2 would execute notebooks through a Jupyter server; coursekit executes them itself, with the
same settings as the JB1 build (``_config.yml`` ``execute:``: timeout per cell, errors fail the
build, each notebook run in its own folder), and hands JB2 notebooks that already carry outputs.
So the JB2 build needs no Jupyter server and no network, and a notebook that fails fails the
build, naming the notebook and the cell.

An executed notebook is reused from ``<out>/cache`` only when nothing it depends on changed: the
key hashes the notebook, every file of the installed coursekit package (code and data; not this
``jb2`` subpackage, which only presents outputs), the pinned versions (``constraints.txt``) and
the Python version.

The JB1 files are never touched: pages are copied into ``<out>/src`` with ``myst.yml``, and four
JB1 idioms are translated in the copy: the Sphinx glossary syntax (a term line, its definition
indented below) becomes the MyST definition list that JB2's ``{glossary}`` reads; ``{doc}`` roles
become Markdown links (JB2 warns on ``{doc}``); a ``{bibliography}`` with ``:all:`` gets a hidden
block citing every entry (JB2 lists cited entries only); a ``{ledger}`` role (a count of the claims
ledger, :mod:`coursekit.knowledge.ledger`) becomes its count, from the book's data, and one that
names no count stops the staging, naming the page and the line or cell.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..knowledge import yamlio
from ..knowledge.problems import ProblemsError, problem
from .config import CONFIG, MYST_YML, myst_config, render
from .render import NOCITE

DEFAULT_TIMEOUT = 120


class StageError(ProblemsError):
    """Staging failed; ``problems`` says where."""


@dataclass(frozen=True)
class Staged:
    folder: Path
    pages: list[str]
    executed: int
    reused: int


def environment_digest(root: Path) -> str:
    """What every notebook's outputs depend on besides the notebook: the package, the versions
    installed and the book's pins. The same digest as the JB1 build's cache
    (:func:`coursekit.execution.inputs_digest`), so the two builds agree on when to run again."""
    from ..execution import inputs_digest, package_dir

    return inputs_digest([package_dir(), root / "constraints.txt"])


def _timeout(root: Path) -> int:
    config = yamlio.load(root / CONFIG, CONFIG) if (root / CONFIG).is_file() else {}
    execute = config.get("execute") or {} if isinstance(config, dict) else {}
    return int(execute.get("timeout", DEFAULT_TIMEOUT))


def execute_notebook(source: Path, display: str, timeout: int) -> Any:
    """``source`` executed in its own folder; raises :class:`StageError` naming the failing cell."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.read(source, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(source.parent)}})
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as exc:
        cell = next((i for i, c in enumerate(nb.cells, 1) if c.cell_type == "code"
                     and any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        if isinstance(exc, CellExecutionError):
            what = f"{exc.ename}: {exc.evalue}" if exc.evalue else exc.ename
        else:
            what = f"a cell ran longer than {timeout} s"
        where = f"cell {cell}: " if cell else ""
        raise StageError([problem(display, f"{where}execution failed: {what}")]) from None
    return nb


def sphinx_glossary_to_myst(text: str) -> str:
    """Rewrite each ```` ```{glossary} ```` block from Sphinx syntax to a MyST definition list
    (``:sorted:`` sorts the terms as Sphinx does). Other text is unchanged."""
    lines, out, i = text.splitlines(keepends=True), [], 0
    while i < len(lines):
        line = lines[i]
        if line.strip() != "```{glossary}":
            out.append(line)
            i += 1
            continue
        out.append(line)
        i += 1
        options: list[str] = []
        terms: list[tuple[str, list[str]]] = []
        while i < len(lines) and lines[i].strip() != "```":
            body = lines[i].rstrip("\n")
            if body.startswith(":") and not terms:
                options.append(body.strip())
            elif body.strip() and not body[0].isspace():
                terms.append((body.strip(), []))
            elif body.strip() and terms:
                terms[-1][1].append(body.strip())
            i += 1
        if ":sorted:" in options:
            terms.sort(key=lambda t: unicodedata.normalize("NFD", t[0].lower()))
        out.extend(o + "\n" for o in options if o != ":sorted:")
        for term, definition in terms:
            out.append(f"\n{term}\n: {' '.join(definition)}\n")
        out.append("\n")
    return "".join(out)


_DOC_ROLE = re.compile(r"\{doc\}`(?:([^`<]*?)\s*<([^`<>]+)>|([^`<>]+))`")


def doc_roles_to_links(text: str) -> str:
    """``{doc}`Label <target>``` and ``{doc}`target``` as the Markdown links JB2 recommends
    (``[Label](target)``, ``[](target)``: JB2 fills in the page title). Other text is unchanged."""
    return _DOC_ROLE.sub(lambda m: f"[{(m.group(1) or '').strip()}]({m.group(2) or m.group(3)})", text)


class LedgerCounts:
    """The claims ledger's counts of the book at ``root``, read when a page first needs them."""

    def __init__(self, root: Path):
        self.root = root
        self._counts: dict[str, int] | None = None

    def get(self) -> dict[str, int]:
        if self._counts is None:
            from ..knowledge.ledger import course_counts
            from ..knowledge.paths import data_dir_for
            from ..knowledge.problems import CourseDataError

            try:
                self._counts = course_counts(data_dir_for(self.root))
            except CourseDataError as exc:
                raise StageError(exc.problems) from None
        return self._counts


def ledger_roles_to_text(text: str, counts: LedgerCounts, page: str, cell: int | None = None) -> str:
    """Each ``{ledger}`key``` of ``text``, outside code, as the count it names; a key that names no
    count raises :class:`StageError` at ``page`` and its line (or ``cell``, for a notebook's cell)."""
    from ..citations import replace_roles
    from ..knowledge.ledger import LedgerError, text_of

    def count(content: str, line: int) -> str:
        try:
            return text_of(content, counts.get())
        except LedgerError as exc:
            if cell is not None:
                raise StageError([problem(page, f"cell {cell}: {exc}")]) from None
            raise StageError([problem(page, str(exc), line=line)]) from None

    return replace_roles(text, "ledger", count) if "{ledger}" in text else text


def nocite_all(text: str, keys: list[str]) -> str:
    """After a ``{bibliography}`` block with ``:all:``, a block citing every key, marked so that
    the coursekit template shows it nowhere: JB2 lists only cited entries, JB1 ``:all:`` lists
    every entry of the file. Other text is unchanged."""
    if "```{bibliography}" not in text or ":all:" not in text or not keys:
        return text
    cites = "; ".join(keys)
    block = f'\n+++ {{"coursekit": "{NOCITE}"}}\n\n{{cite:p}}`{cites}`\n'
    text = re.sub(r"(```\{bibliography\}[^\n]*\n):all:\n", r"\1", text)  # JB2 has no :all:
    return text.rstrip("\n") + "\n" + block


def bib_keys(path: Path) -> list[str]:
    from ..knowledge.references import load_references

    refs, problems = load_references(path, path.name)
    if problems:
        raise StageError(problems)
    return sorted(refs)


def unique_cell_ids(nb: Any, page: str) -> None:
    """Prefix each cell id with the page (JB2 reports ids repeated across notebooks)."""
    stem = re.sub(r"[^A-Za-z0-9-]", "-", Path(page).stem)
    for cell in nb.cells:
        if cell.get("id"):
            cell["id"] = f"{stem}-{cell['id']}"[:64]


def _pages(config: dict) -> list[str]:
    pages: list[str] = []

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("children", []))

    walk(config["project"]["toc"])
    return pages


def stage(root: Path, out: Path, progress: Callable[[str], None] = lambda _m: None) -> Staged:
    """Copy the book in ``root`` into ``out/src`` for JB2, executing its notebooks (cached in
    ``out/cache``); ``myst.yml`` there points at the template in ``out/template``."""
    import nbformat

    config = myst_config(root, template="../template")
    pages = _pages(config)
    src, cache = out / "src", out / "cache"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    cache.mkdir(parents=True, exist_ok=True)
    (src / MYST_YML).write_text(render(config), encoding="utf-8")
    keys: list[str] = []
    for bib in config["project"].get("bibliography", []):
        shutil.copyfile(root / bib, src / bib)
        keys += bib_keys(root / bib)
    env = environment_digest(root)
    timeout = _timeout(root)
    counts = LedgerCounts(root)
    executed = reused = 0
    for n, page in enumerate(pages, 1):
        source, target = root / page, src / page
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix != ".ipynb":
            text = ledger_roles_to_text(source.read_text(encoding="utf-8"), counts, page)
            text = sphinx_glossary_to_myst(doc_roles_to_links(text))
            target.write_text(nocite_all(text, keys), encoding="utf-8")
            continue
        key = hashlib.sha256(env.encode() + source.read_bytes()).hexdigest()[:32]
        cached = cache / f"{key}.ipynb"
        if cached.is_file():
            cached.touch()  # recently used: kept by _prune
            reused += 1
        else:
            progress(f"[{n}/{len(pages)}] executing {page}")
            nb = execute_notebook(source, page, timeout)
            tmp = cached.with_suffix(".tmp")
            nbformat.write(nb, tmp)
            tmp.replace(cached)
            executed += 1
        nb = nbformat.read(cached, as_version=4)
        for index, cell in enumerate(nb.cells, 1):  # numbered as in the book's notebook
            if cell.cell_type == "markdown":
                cell.source = doc_roles_to_links(ledger_roles_to_text(cell.source, counts, page, index))
        # As on the JB1 site, a cell tagged remove-cell (the install cell) is not part of the page;
        # left in, it would come before the title heading, which JB2 then shows twice.
        nb.cells = [c for c in nb.cells if "remove-cell" not in c.get("metadata", {}).get("tags", [])]
        unique_cell_ids(nb, page)
        nbformat.write(nb, target)
    _prune(cache, keep=len(pages) * 2)
    return Staged(src, pages, executed, reused)


def _prune(cache: Path, keep: int) -> None:
    """Drop the oldest cached notebooks beyond ``keep``."""
    entries = sorted(cache.glob("*.ipynb"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        old.unlink()


def load_staged_config(src: Path) -> dict:
    return yaml.safe_load((src / MYST_YML).read_text(encoding="utf-8"))


def notebook_outputs(path: Path) -> list[dict]:
    """Every output of every code cell of a staged notebook (for the tests)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]

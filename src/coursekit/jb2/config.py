"""``myst.yml`` for Jupyter Book 2, generated from the Jupyter Book 1 ``_config.yml`` and ``_toc.yml``.

The JB1 files stay the source of truth. ``coursekit jb2 config`` writes ``myst.yml`` beside them and
``coursekit jb2 config --check`` (run by the tests) fails when the committed ``myst.yml`` is not what
the JB1 files give, so the two tables of contents cannot drift apart. The output is deterministic:
the same inputs give the same bytes.

What carries over: title, author, copyright, the toc (root page, then each part as a titled group
of its chapters, files with their suffix as JB2 wants), and the bibliography. What does not, and is
handled elsewhere: notebook execution (``coursekit.jb2.stage`` executes the notebooks before JB2
reads them), the coursekit.site Sphinx extension and the MIME priorities (the coursekit site template in
``coursekit.jb2.theme`` serves quiz and map assets and shows the static quiz), and the launch
buttons (not offered by the template: the site makes no third-party links).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .. import project
from ..knowledge import yamlio
from ..knowledge.problems import Problem, problem

MYST_YML = "myst.yml"
CONFIG = "_config.yml"
TEMPLATE_DIR = "_build/book2/template"  # written by `make book2` (coursekit.jb2.theme.write_template)
HEADER = """\
# Jupyter Book 2 (MyST) configuration. Generated from _config.yml and _toc.yml by
# `coursekit jb2 config`: edit those files, not this one (`make test` checks it is current).
# `make book2` builds the site from it offline, with the coursekit site template.
"""


class ConfigError(Exception):
    """The JB1 configuration cannot be translated; ``problems`` says where."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _load(root: Path, name: str) -> dict[str, Any]:
    path = root / name
    if not path.is_file():
        raise ConfigError([problem(name, "missing: myst.yml is generated from it")])
    try:
        data = yamlio.load(path, name)
    except yamlio.YamlSyntaxError as exc:
        raise ConfigError([exc.problem]) from None
    if not isinstance(data, dict):
        raise ConfigError([problem(name, "must be a mapping", line=1)])
    return data


def _file(root: Path, entry: object, line: int | None, problems: list[Problem]) -> dict[str, str]:
    target = project.resolve(root, str(entry))
    if target is None:
        problems.append(problem(project.TOC, f"entry '{entry}' names no file", line=line))
        return {"file": str(entry)}
    return {"file": target.relative_to(root).as_posix()}


def _chapters(root: Path, node: dict, problems: list[Problem]) -> list[dict[str, Any]]:
    out = []
    for child in node.get("chapters") or node.get("sections") or []:
        if not isinstance(child, dict) or "file" not in child:
            problems.append(problem(project.TOC, "each chapter needs a 'file'",
                                    line=getattr(child, "line", None)))
            continue
        entry: dict[str, Any] = _file(root, child["file"], yamlio.line_of(child, ["file"]), problems)
        if child.get("sections"):
            entry["children"] = _chapters(root, {"sections": child["sections"]}, problems)
        out.append(entry)
    return out


def myst_config(root: Path, template: str = TEMPLATE_DIR) -> dict[str, Any]:
    """The ``myst.yml`` content (as data) for the book in ``root``; ``template`` is the site
    template's folder, relative to ``root``."""
    config = _load(root, CONFIG)
    toc = _load(root, project.TOC)
    problems: list[Problem] = []
    if "root" not in toc:
        problems.append(problem(project.TOC, "missing 'root' (the landing page)", line=1))
    entries: list[dict[str, Any]] = []
    if "root" in toc:
        entries.append(_file(root, toc["root"], yamlio.line_of(toc, ["root"]), problems))
    for part in toc.get("parts") or []:
        if not isinstance(part, dict) or not part.get("caption"):
            problems.append(problem(project.TOC, "each part needs a 'caption' (JB2 shows it as a "
                                    "group title)", line=getattr(part, "line", None)))
            continue
        entries.append({"title": str(part["caption"]), "children": _chapters(root, part, problems)})
    if toc.get("chapters"):  # a book without parts: its chapters follow the root, ungrouped
        if toc.get("parts"):
            problems.append(problem(project.TOC, "both 'parts' and 'chapters' at the top: a jb-book "
                                    "table of contents has one or the other",
                                    line=yamlio.line_of(toc, ["chapters"])))
        else:
            entries += _chapters(root, toc, problems)
    if problems:
        raise ConfigError(problems)
    proj: dict[str, Any] = {"title": str(config.get("title", ""))}
    if config.get("author"):
        proj["authors"] = [{"name": str(config["author"])}]
    if config.get("copyright"):
        proj["copyright"] = str(config["copyright"])
    bibs = [str(b) for b in config.get("bibtex_bibfiles") or []]
    if bibs:
        proj["bibliography"] = bibs
    proj["toc"] = entries
    return {"version": 1, "project": proj, "site": {"template": template}}


def render(data: dict[str, Any]) -> str:
    """``data`` as the text of ``myst.yml`` (stable key order, the generated-file header)."""
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=False)
    return HEADER + body


def write_config(root: Path) -> Path:
    """Write ``root/myst.yml``; returns its path."""
    path = root / MYST_YML
    path.write_text(render(myst_config(root)), encoding="utf-8")
    return path


def check_config(root: Path) -> list[Problem]:
    """An empty list when ``root/myst.yml`` is what ``_config.yml`` and ``_toc.yml`` give."""
    try:
        expected = render(myst_config(root))
    except ConfigError as exc:
        return exc.problems
    path = root / MYST_YML
    if not path.is_file():
        return [problem(MYST_YML, "missing: run `coursekit jb2 config` to write it")]
    if path.read_text(encoding="utf-8") != expected:
        return [problem(MYST_YML, "out of date with _config.yml/_toc.yml: run `coursekit jb2 "
                        "config` and commit the result")]
    return []

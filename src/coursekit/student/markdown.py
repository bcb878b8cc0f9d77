"""MyST Markdown to Markdown that every notebook front end renders (JupyterLab, Colab, Jupyter).

The book's notebooks are written in MyST: roles (``{cite:p}``, ``{term}``, ``{doc}``), colon-fence
directives (``:::{admonition}``) and definition lists. Front ends without the book's bibliography
and glossary show them as source or as bare keys, so the student form resolves them here:

- ``{cite:p}`a,b``` becomes "(Ostovar 2016; BBC 1979)" and ``{cite:t}`a``` "Ostovar (2016)"; the
  notebook ends with the full entries;
- ``{term}`label <target>``` becomes the label in bold; the notebook ends with the definitions;
- ``{doc}`Chapter 3 <../chapters/03-quds-force>``` becomes a link to that notebook;
- ``{ledger}`incorrect:words``` becomes the count it names, from the course data ("four"; see
  :mod:`coursekit.knowledge.ledger`);
- an admonition becomes a block quote headed by its title in bold;
- a definition list becomes a list of "**term**: definition" items.

The MyST is parsed with markdown-it-py and the plugins myst-parser uses, so only real roles and
directives are rewritten (never text inside code). Anything else MyST-specific is refused with the
cell it is in, rather than passed through as raw syntax.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..knowledge.ledger import LedgerError, text_of

if TYPE_CHECKING:
    from markdown_it.token import Token

ROLE = re.compile(r"\{([a-z][a-z:-]*)\}`([^`]*)`")
TARGET = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.S)
OPTION = re.compile(r"^:[\w-]+:")
_ESCAPE = re.compile(r"([\\`*_\[\]<>|#])")
ADMONITIONS = {"note", "tip", "hint", "important", "warning", "caution", "attention", "danger",
               "error", "seealso"}


class MystError(ValueError):
    """MyST the student form cannot express; the message says what and where."""


def escape(text: str) -> str:
    """Author or bibliography text, safe as literal Markdown."""
    return _ESCAPE.sub(r"\\\1", text)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.myst_role import myst_role_plugin

    return (MarkdownIt("commonmark").use(myst_role_plugin).use(colon_fence_plugin)
            .use(deflist_plugin).enable("table"))


@dataclass
class Resolver:
    """What roles resolve against: labels and entries of references, glossary definitions, and the
    documents of the student form. Collects what a notebook cited and used, for its back matter."""

    labels: dict[str, str]                 # reference key -> "Ostovar 2016"
    entries: dict[str, str]                # reference key -> the full entry, as Markdown
    glossary: dict[str, tuple[str, str]]   # lower-case term -> (term, definition)
    documents: set[str]                    # "chapters/03-quds-force", ... (posix, no suffix)
    counts: Mapping[str, int] = field(default_factory=dict)  # the claims ledger's counts, by key
    here: str = ""                         # the document being converted
    cited: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    def start(self, document: str) -> None:
        self.here, self.cited, self.terms = document, [], []

    def _keys(self, content: str, where: str) -> list[str]:
        keys = [k.strip() for k in content.split(",") if k.strip()]
        for key in keys:
            if key not in self.labels:
                raise MystError(f"{where}: unknown reference key {key!r}")
            if key not in self.cited:
                self.cited.append(key)
        return keys

    def role(self, name: str, content: str, where: str, in_bold: bool) -> str:
        if name in ("cite", "cite:p", "cite:ps"):
            return "(" + "; ".join(escape(self.labels[k]) for k in self._keys(content, where)) + ")"
        if name in ("cite:t", "cite:ts"):
            parts = []
            for key in self._keys(content, where):
                who, _, year = self.labels[key].rpartition(" ")
                parts.append(f"{escape(who)} ({escape(year)})")
            return "; ".join(parts)
        if name == "term":
            found = TARGET.match(content)
            label, target = (found.group(1), found.group(2)) if found else (content, content)
            entry = self.glossary.get(target.strip().lower())
            if entry is None:
                raise MystError(f"{where}: term {target.strip()!r} is not in the glossary")
            if entry[0] not in self.terms:
                self.terms.append(entry[0])
            return escape(label.strip()) if in_bold else f"**{escape(label.strip())}**"
        if name == "doc":
            found = TARGET.match(content)
            text, target = (found.group(1), found.group(2)) if found else (None, content)
            doc = (target.strip().lstrip("/") if target.strip().startswith("/")
                   else posixpath.normpath(posixpath.join(posixpath.dirname(self.here), target.strip())))
            doc = doc.removesuffix(".ipynb").removesuffix(".md")
            if doc not in self.documents:
                raise MystError(f"{where}: {{doc}} link to {target.strip()!r}, which is not a notebook "
                                "of the student form")
            link = posixpath.relpath(doc, posixpath.dirname(self.here) or ".") + ".ipynb"
            return f"[{escape(text or posixpath.basename(doc))}]({link})"
        if name == "ledger":
            if not self.counts:
                raise MystError(f"{where}: {{ledger}} counts the claims ledger, but the course data "
                                "could not be read (run 'coursekit check')")
            try:
                return escape(text_of(content, self.counts))
            except LedgerError as exc:
                raise MystError(f"{where}: {exc}") from None
        raise MystError(f"{where}: the role {{{name}}} has no student form")


def _roles_in(tokens: list[Token]) -> list[tuple[str, str, bool]]:
    """Every role the parser found, in order, with whether it sits inside bold text."""
    found = []
    for token in tokens:
        if token.type == "inline" and token.children:
            bold = 0
            for child in token.children:
                if child.type == "strong_open":
                    bold += 1
                elif child.type == "strong_close":
                    bold -= 1
                elif child.type == "myst_role":
                    found.append((child.meta["name"], child.content, bold > 0))
    return found


def _directive(info: str, body: str, where: str, convert: Callable[[str], str]) -> list[str]:
    found = re.match(r"^\{([\w-]+)\}\s*(.*)$", info.strip())
    if not found:
        raise MystError(f"{where}: a colon fence without a directive ({info!r})")
    name, argument = found.group(1), found.group(2).strip()
    if name == "admonition":
        title = argument or "Note"
    elif name in ADMONITIONS:
        title = name.capitalize() + (f": {argument}" if argument else "")
    else:
        raise MystError(f"{where}: the directive {{{name}}} has no student form")
    lines = body.splitlines()
    while lines and OPTION.match(lines[0]):
        lines.pop(0)
    inner = convert("\n".join(lines).strip("\n")).splitlines()
    quoted = [f"> **{escape(title)}**", ">"] + [f"> {line}" if line else ">" for line in inner]
    return quoted


def _deflist(tokens: list[Token], start: int, lines: list[str], where: str) -> tuple[list[str], int]:
    """The list items for the ``dl_open`` at ``tokens[start]``; returns them and the ``dl_close`` index."""
    items: list[str] = []
    term = ""
    depth, i = 0, start
    while True:
        token = tokens[i]
        if token.type == "dl_open":
            depth += 1
        elif token.type == "dl_close":
            depth -= 1
            if depth == 0:
                return items, i
        elif token.type == "dt_open":
            term = tokens[i + 1].content.strip()
        elif token.type == "dd_open":
            paragraphs, j = [], i + 1
            while tokens[j].type != "dd_close":
                if tokens[j].type == "paragraph_open" and (span := tokens[j].map):
                    a, b = span
                    text = [ln.strip() for ln in lines[a:b]]
                    text[0] = text[0].removeprefix(":").strip()
                    paragraphs.append(text)
                elif tokens[j].level == token.level + 1 and tokens[j].type != "paragraph_close":
                    raise MystError(f"{where}: a definition holding a {tokens[j].type}, which the "
                                    "student form cannot express")
                j += 1
            body = [f"- **{term}**: {paragraphs[0][0]}", *(f"  {ln}" for ln in paragraphs[0][1:])]
            for extra in paragraphs[1:]:
                body += ["", *(f"  {ln}" for ln in extra)]
            items += body
            i = j
        i += 1


def convert(text: str, resolver: Resolver, where: str) -> str:
    """One Markdown cell's source in its student form."""
    md = _parser()
    lines = text.split("\n")
    tokens = md.parse(text)
    replaced: list[tuple[int, int, list[str]]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.level == 0 and token.type == "colon_fence":
            a, b = token.map
            replaced.append((a, b, _directive(token.info, token.content, where,
                                              lambda body: convert(body, resolver, where))))
        elif token.level == 0 and token.type == "fence" and token.info.strip().startswith("{"):
            raise MystError(f"{where}: the directive {token.info.strip()!r} has no student form")
        elif token.level == 0 and token.type == "dl_open":
            a, b = token.map
            items, i = _deflist(tokens, i, lines, where)
            replaced.append((a, b if lines[b - 1].strip() != "" else b - 1, items))
        i += 1
    for a, b, new in reversed(replaced):
        lines[a:b] = new
    text = "\n".join(lines)
    # Roles: the parser says which backtick spans are roles; the pattern finds them in the text.
    parsed = _roles_in(md.parse(text))
    seen = [(m.group(1), m.group(2)) for m in ROLE.finditer(text)]
    if [(n, c) for n, c, _ in parsed] != seen:
        raise MystError(f"{where}: role syntax inside code or another construct; write it without "
                        "the braces, or outside the code span")
    flags = iter(parsed)
    return ROLE.sub(lambda m: resolver.role(m.group(1), m.group(2), where, next(flags)[2]), text)


def raw_myst(text: str) -> list[str]:
    """MyST syntax left in Markdown (for checks): roles, colon fences, definition-list markers."""
    left = [m.group(0) for m in ROLE.finditer(text)]
    left += [line for line in text.splitlines() if line.startswith(":::") or re.match(r"^: \S", line)]
    return left

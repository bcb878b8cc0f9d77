"""MyST page trees (the JSON Jupyter Book 2 writes for each page) to HTML, for the coursekit template.

Every node type the course uses has a macro in ``templates/nodes.html.j2``; a node of any other type
is an error naming the page, so a new construct cannot vanish from the site unnoticed. Text is
escaped by Jinja; the only markup passed through is what the book's own code produced (notebook
``text/html`` outputs, citation-js' bibliography entries) and Pygments' highlighting.

Outputs follow the JB1 site's priorities: a quiz output carries a widget view and a static
``text/html`` view, and the site shows the static one (widgets need a kernel); maps are
self-contained ``text/html``. Links between pages are relative, so the site can be served from
any folder.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup
from pygments import highlight as pygments_highlight
from pygments.formatters.html import HtmlFormatter
from pygments.lexers.python import PythonLexer
from pygments.lexers.special import TextLexer

ENV = Environment(
    loader=PackageLoader("coursekit.jb2", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
NOCITE = "nocite"  # block metadata {"coursekit": "nocite"}: cites every entry, shown nowhere
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_TAGS = re.compile(r"<[^>]+>")
_ADMONITIONS = {"note", "tip", "important", "warning", "caution", "attention", "danger", "error",
                "hint", "seealso"}


class RenderError(Exception):
    """A page has something the template cannot show."""


@dataclass
class Site:
    """What every page needs to know about the others."""

    title: str
    slugs: dict[str, str]  # source file (as in the toc) -> page slug
    titles: dict[str, str]  # slug -> page title
    bibliography_slug: str | None
    glossary_slug: str | None
    references: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> citation data


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


@cache
def _formatter() -> HtmlFormatter:
    return HtmlFormatter(nowrap=True)


def highlight_css() -> str:
    """The stylesheet for highlighted code (Pygments' default style)."""
    return _formatter().get_style_defs(".ck-source")


def page_url(slug: str, prefix: str, index: str) -> str:
    """The relative URL of page ``slug`` from a page whose root prefix is ``prefix``."""
    return f"{prefix}" if slug == index else f"{prefix}{slug}/"


class Page:
    """Renders one page's tree; ``fetch`` reads an output JB2 stored apart (by its path)."""

    def __init__(self, data: Mapping[str, Any], site: Site, index: str,
                 fetch: Callable[[str], str]):
        self.data, self.site, self.index, self.fetch = data, site, index, fetch
        self.slug = data["slug"]
        self.prefix = "" if self.slug == index else "../"
        self.location = data.get("location", self.slug)

    # -- the parts the templates call -------------------------------------------------------
    def hidden(self, node: Mapping[str, Any]) -> bool:
        if node.get("visibility") in ("remove", "hide"):
            return True
        return node.get("type") == "block" and (node.get("data") or {}).get("coursekit") == NOCITE

    def url(self, slug: str, anchor: str = "") -> str:
        url = page_url(slug, self.prefix, self.index)
        return f"{url}#{anchor}" if anchor else url

    def link(self, node: Mapping[str, Any]) -> str:
        url = str(node.get("url", ""))
        if node.get("internal") and url.startswith("/"):
            slug, _, anchor = url[1:].partition("#")
            return self.url(slug or self.index, anchor)
        if not re.match(r"(https?|mailto):|#", url):
            raise RenderError(f"{self.location}: unresolved link {url!r}")
        return url

    def xref_url(self, node: Mapping[str, Any]) -> str:
        if not node.get("resolved", True):
            raise RenderError(f"{self.location}: cross-reference {node.get('identifier')!r} "
                              "does not resolve")
        target = str(node.get("url") or f"/{self.slug}")[1:] or self.index
        return self.url(target, str(node.get("html_id", "")))

    def cite_url(self, node: Mapping[str, Any]) -> str:
        key = str(node.get("label"))
        if key not in self.site.references:
            raise RenderError(f"{self.location}: citation {key!r} is not in the bibliography")
        if self.site.bibliography_slug is None:
            return f"#ref-{key}"
        return self.url(self.site.bibliography_slug, f"ref-{key}")

    def admonition_kind(self, node: Mapping[str, Any]) -> str:
        classes = str(node.get("class") or node.get("kind") or "note").split()
        return next((c for c in classes if c in _ADMONITIONS), "note")

    def admonition_label(self, node: Mapping[str, Any]) -> str:
        title = next((c for c in node.get("children", []) if c.get("type") == "admonitionTitle"),
                     None)
        return _plain(title) if title else self.admonition_kind(node).capitalize()

    def highlight(self, node: Mapping[str, Any]) -> Markup:
        lang = str(node.get("lang") or "")
        lexer = PythonLexer() if lang in ("python", "python3", "ipython3") else TextLexer()
        return Markup(pygments_highlight(str(node.get("value", "")), lexer, _formatter()))

    def output(self, node: Mapping[str, Any]) -> Markup:
        data = node.get("jupyter_data") or {}
        kind = data.get("output_type")
        template = ENV.get_template("output.html.j2")
        if kind == "stream":
            return Markup(template.render(kind="text", body=data.get("text", "")))
        if kind == "error":
            body = f"{data.get('ename', 'Error')}: {data.get('evalue', '')}"
            return Markup(template.render(kind="error", body=body))
        bundle = data.get("data") or {}
        if "text/html" in bundle:  # also a quiz: the widget view needs a kernel
            return Markup(template.render(kind="html", body=Markup(self._content(bundle["text/html"]))))
        if "text/markdown" in bundle:
            body = Markup(_markdown().render(self._content(bundle["text/markdown"])))
            return Markup(template.render(kind="markdown", body=body))
        for mime in ("image/svg+xml", "image/png", "image/jpeg"):
            if mime in bundle:
                item = bundle[mime]
                src = self.prefix + "build" + item["path"] if item.get("path") else (
                    f"data:{mime};base64,{item.get('content', '')}")
                alt = self._content(bundle["text/plain"]) if "text/plain" in bundle else ""
                return Markup(template.render(kind="image", src=src, alt=alt))
        if "text/plain" in bundle:
            return Markup(template.render(kind="text", body=self._content(bundle["text/plain"])))
        if set(bundle) <= {WIDGET_VIEW}:
            raise RenderError(f"{self.location}: a widget output with no static view cannot be "
                              "shown without a kernel")
        raise RenderError(f"{self.location}: no output type the site can show in {sorted(bundle)}")

    def bibliography(self) -> Markup:
        entries = sorted(
            ({"id": f"ref-{key}", "html": Markup(ref["html"]), "sort": _plain_html(ref["html"])}
             for key, ref in self.site.references.items()),
            key=lambda e: (e["sort"].casefold(), e["id"]))
        return Markup(ENV.get_template("bibliography.html.j2").render(entries=entries))

    def unknown(self, node: Mapping[str, Any]) -> Markup:
        raise RenderError(f"{self.location}: the coursekit template cannot show a "
                          f"{node.get('type')!r} node")

    # -- helpers ------------------------------------------------------------------------------
    def _content(self, item: Mapping[str, Any]) -> str:
        if "content" in item:
            return str(item["content"])
        if item.get("path"):
            return self.fetch(str(item["path"]))
        raise RenderError(f"{self.location}: an output has neither content nor path")

    def body(self) -> Markup:
        macro = ENV.get_template("nodes.html.j2").module.node  # type: ignore[attr-defined]
        return Markup(macro(self.data["mdast"], self))


def _plain(node: Mapping[str, Any]) -> str:
    if node.get("type") == "text":
        return str(node.get("value", ""))
    return "".join(_plain(c) for c in node.get("children", []) or [])


def _plain_html(text: str) -> str:
    return html_lib.unescape(_TAGS.sub("", text))

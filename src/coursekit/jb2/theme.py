"""The coursekit MyST site template: what Jupyter Book 2 runs to turn page trees into HTML.

A MyST site template is a folder with a ``template.yml`` whose ``build: start:`` command starts an
HTTP server; JB2 starts it with ``PORT``, ``HOST`` and ``CONTENT_CDN_PORT`` (its own server of page
JSON) set, waits for a line with ``http://`` on standard output, fetches every page and a few fixed
files from it, and copies the template's ``public/`` folder into the site. The default JB2 template
(the React "book theme") is downloaded from the MyST template service and links third-party
stylesheets; this one is written from package files by :func:`write_template`, renders on the
server with :mod:`coursekit.jb2.render`, and ships every asset a page uses:

- the site stylesheet and Pygments' code colours, on every page;
- the quiz script and stylesheet, on pages with a quiz (as the JB1 site's ``coursekit.site.quiz`` does);
- Leaflet and the map runtime, linked once per page in the head (before the body's map scripts
  run) in place of the copies each map output inlines, which are taken out with
  ``coursekit.site.maps.strip_inlined`` (as on the JB1 site).

Run by JB2 only (``python -m coursekit.jb2.theme``), never by hand.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import sys
import urllib.request
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from ..site import maps as map_assets
from ..site import quiz as quiz_assets
from .render import ENV, Page, RenderError, Site, highlight_css, page_url

ASSETS = "_coursekit"
MAPS = "maps"  # the map assets, under ASSETS
STYLESHEET = "coursekit-jb2.css"
HIGHLIGHT = "highlight.css"
FIXED_FILES = ("robots.txt", "sitemap.xml", "sitemap_style.xsl", "myst-theme.css", "favicon.ico")
TEMPLATE_TITLE = "coursekit site template"


def _asset(name: str) -> Path:
    return Path(str(resources.files("coursekit.jb2").joinpath("assets").joinpath(name)))


def write_template(folder: Path) -> Path:
    """Write the template (``template.yml`` and ``public/``) into ``folder``; returns it."""
    if folder.exists():
        shutil.rmtree(folder)
    public = folder / "public" / ASSETS
    public.mkdir(parents=True)
    shutil.copyfile(_asset(STYLESHEET), public / STYLESHEET)
    (public / HIGHLIGHT).write_text(highlight_css() + "\n", encoding="utf-8")
    for name in (quiz_assets.SCRIPT, quiz_assets.STYLESHEET):
        shutil.copyfile(quiz_assets.static_dir() / name, public / name)
    map_assets.copy_assets(public / MAPS)
    start = f"{shlex.quote(sys.executable)} -m coursekit.jb2.theme"
    spec = {
        "jtex": "v1",
        "title": TEMPLATE_TITLE,
        "description": "Server-rendered pages with every asset served from the site itself.",
        "version": "1.0.0",
        "license": "MIT",
        "build": {"install": "true", "start": start},  # nothing to install: the course's venv
    }
    (folder / "template.yml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    (folder / "node_modules").mkdir()  # tells JB2 the template is installed
    return folder


class Content:
    """The page JSON JB2 serves (``CONTENT_CDN_PORT``), read once per build."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def text(self, path: str) -> str:
        with urllib.request.urlopen(f"{self.base}{path}", timeout=60) as response:  # localhost
            return response.read().decode("utf-8")

    def json(self, path: str) -> Any:
        return json.loads(self.text(path))

    @cached_property
    def project(self) -> dict[str, Any]:
        return self.json("/config.json")["projects"][0]

    @cached_property
    def pages(self) -> dict[str, dict[str, Any]]:
        slugs = [self.project["index"]] + [p["slug"] for p in self.project.get("pages", [])
                                           if p.get("slug")]
        return {slug: self.json(f"/content/{slug}.json") for slug in slugs}

    @cached_property
    def site(self) -> Site:
        slugs = {page["location"].lstrip("/"): slug for slug, page in self.pages.items()}
        titles = {slug: str(page["frontmatter"].get("title") or slug)
                  for slug, page in self.pages.items()}
        references: dict[str, dict[str, Any]] = {}
        for page in self.pages.values():
            references.update((page.get("references") or {}).get("cite", {}).get("data", {}))
        by_kind = {kind: next((slug for slug, page in self.pages.items() if _has(page, kind)), None)
                   for kind in ("bibliography", "glossary")}
        return Site(str(self.project.get("title", "")), slugs, titles, by_kind["bibliography"],
                    by_kind["glossary"], references)

    def order(self) -> list[str]:
        out: list[str] = []

        def walk(entries: list[dict[str, Any]]) -> None:
            for entry in entries:
                if "file" in entry and entry["file"] in self.site.slugs:
                    out.append(self.site.slugs[entry["file"]])
                walk(entry.get("children", []))

        walk(self.project.get("toc", []))
        return out

    def nav(self, current: str, prefix: str) -> list[dict[str, Any]]:
        index = self.project["index"]

        def item(entry: dict[str, Any]) -> dict[str, Any]:
            if "children" in entry:
                return {"title": entry.get("title", ""),
                        "children": [item(c) for c in entry["children"] if _known(c, self.site)]}
            slug = self.site.slugs[entry["file"]]
            return {"title": self.site.titles[slug], "url": page_url(slug, prefix, index),
                    "current": slug == current}

        return [item(e) for e in self.project.get("toc", []) if _known(e, self.site)]

    def render(self, slug: str) -> str:
        index = self.project["index"]
        page = Page(self.pages[slug], self.site, index, self.text)
        body = page.body()
        prefix = page.prefix
        styles = [f"{prefix}{ASSETS}/{STYLESHEET}", f"{prefix}{ASSETS}/{HIGHLIGHT}"]
        scripts: list[str] = []
        head_scripts: list[str] = []
        if quiz_assets.MARKER in body:
            styles.append(f"{prefix}{ASSETS}/{quiz_assets.STYLESHEET}")
            scripts.append(f"{prefix}{ASSETS}/{quiz_assets.SCRIPT}")
        stripped, names = map_assets.strip_inlined(body)
        if names:
            body = Markup(stripped)  # the page's own HTML, less the inlined asset elements
            for name, kind in map_assets.linked(names):
                url = f"{prefix}{ASSETS}/{MAPS}/{name}"
                (styles if kind == "css" else head_scripts).append(url)
        order = self.order()
        at = order.index(slug) if slug in order else -1

        def neighbour(i: int) -> dict[str, str] | None:
            if at < 0 or not 0 <= i < len(order):
                return None
            return {"title": self.site.titles[order[i]], "url": page_url(order[i], prefix, index)}

        authors = ", ".join(a.get("name", "") for a in self.project.get("authors", []))
        return ENV.get_template("page.html.j2").render(
            site=self.site, title=self.site.titles[slug], body=body, styles=styles,
            scripts=scripts, head_scripts=head_scripts, nav=self.nav(slug, prefix),
            home=page_url(index, prefix, index),
            previous=neighbour(at - 1), next=neighbour(at + 1), authors=authors,
            copyright=self.project.get("copyright", ""))


def _known(entry: dict[str, Any], site: Site) -> bool:
    return "children" in entry or entry.get("file") in site.slugs


def _has(page: dict[str, Any], kind: str) -> bool:
    stack = [page["mdast"]]
    while stack:
        node = stack.pop()
        if node.get("type") == kind:
            return True
        stack.extend(node.get("children", []) or [])
    return False


def _handler(content: Content) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            try:
                status, kind, body = self._route(path)
            except Exception as exc:  # noqa: BLE001 - reported to JB2, which fails the build
                message = str(exc) if isinstance(exc, RenderError) else f"{path}: {exc!r}"
                print(f"coursekit template: {message}", file=sys.stderr, flush=True)
                status, kind, body = 500, "text/plain", message.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind if kind.startswith("image/") else
                             f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _route(self, path: str) -> tuple[int, str, bytes]:
            name = path.strip("/")
            if name in FIXED_FILES:
                kind = {"txt": "text/plain", "css": "text/css", "ico": "image/x-icon"}.get(
                    name.rsplit(".", 1)[1], "application/xml")
                return 200, kind, _asset(name).read_bytes()
            if name.endswith(".json") and name[:-5] in content.pages:
                return 200, "application/json", content.text(f"/content/{name}").encode()
            slug = name.rsplit("/", 1)[-1] or content.project["index"]
            if slug in content.pages:
                return 200, "text/html", content.render(slug).encode()
            return 404, "text/plain", b"not found"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # JB2 prints its own progress

    return Handler


def main() -> int:
    host = os.environ.get("HOST", "localhost")
    port = int(os.environ.get("PORT", "3000"))
    content = Content(f"http://{host}:{os.environ['CONTENT_CDN_PORT']}")
    _ = content.site  # read every page before the first request (JB2 fetches five at once)
    server = ThreadingHTTPServer((host, port), _handler(content))
    print(f"{TEMPLATE_TITLE} serving on http://{host}:{port}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())

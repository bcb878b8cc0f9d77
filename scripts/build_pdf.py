"""Print the built site (``_build/html``) to one PDF for offline reading: ``_build/pdf/book.pdf``.

Debian's Chromium, driven by Playwright, opens the site's root page from a local server, gathers
every page into it in table-of-contents order (``coursekit/site/assets/print-book.js``), applies the
print stylesheet (``print.css``: no navigation, maps as their text alternative, quizzes as their
questions) and prints it, with page numbers and a PDF outline from the headings. Requests to any other
host are refused, so the PDF is made offline. Nothing is downloaded.

Usage::

    python scripts/build_pdf.py                 # after `make book`
    python scripts/build_pdf.py _build/html -o book.pdf
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from coursekit.browser import CHROMIUM, ChromiumMissing, launch, serve
from coursekit.site import assets_dir

ROOT = Path(__file__).resolve().parent.parent

SITE = ROOT / "_build" / "html"
OUTPUT = ROOT / "_build" / "pdf" / "book.pdf"

@dataclass(frozen=True)
class Printed:
    path: Path
    pages: list[str]  # site pages included, in order
    sheets: int  # PDF pages
    size: int  # bytes


def _count_sheets(pdf: bytes) -> int:
    """PDF pages, counted from the page objects Chromium writes (no PDF library needed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _print(browser, origin: str, output: Path) -> list[str]:
    assets = assets_dir()
    page = browser.new_page()
    try:
        host = urlparse(origin).netloc
        page.route("**/*", lambda route: route.continue_()
                   if urlparse(route.request.url).netloc in ("", host) else route.abort())
        page.goto(f"{origin}/index.html", wait_until="load")
        pages = page.evaluate((assets / "print-book.js").read_text(encoding="utf-8"))
        page.add_style_tag(path=str(assets / "print.css"))
        page.emulate_media(media="print")
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        page.pdf(path=str(output), format="A4", print_background=True, prefer_css_page_size=True,
                 display_header_footer=True, outline=True, tagged=True,
                 header_template=(assets / "pdf-header.html").read_text(encoding="utf-8"),
                 footer_template=(assets / "pdf-footer.html").read_text(encoding="utf-8"))
    finally:
        page.close()
    return pages


def build_pdf(site: Path = SITE, output: Path = OUTPUT, chromium: str = CHROMIUM, browser=None) -> Printed:
    """Print the site at ``site`` (its ``index.html`` and the pages after it) to ``output``.

    ``browser``: a Playwright Chromium already running (tests); otherwise ``chromium`` is launched.
    """
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"no built site at {site}: run 'make book' first")
    output.parent.mkdir(parents=True, exist_ok=True)
    with serve(site) as origin:
        if browser is not None:
            pages = _print(browser, origin, output)
        else:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                launched = launch(playwright, chromium)
                try:
                    pages = _print(launched, origin, output)
                finally:
                    launched.close()
    data = output.read_bytes()
    return Printed(output, pages, _count_sheets(data), len(data))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="example: python scripts/build_pdf.py -o _build/pdf/book.pdf")
    parser.add_argument("site", nargs="?", type=Path, default=SITE,
                        help="the built site (default: %(default)s)")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help="the PDF (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        printed = build_pdf(args.site, args.output)
    except (FileNotFoundError, ChromiumMissing) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{printed.path}: {len(printed.pages)} site pages on {printed.sheets} PDF pages, "
          f"{printed.size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

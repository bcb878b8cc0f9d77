"""The references as a reader sees them: titles as written, quotation marks and dashes as typeset."""

from __future__ import annotations

import html
import re

from pybtex.database import parse_string
from pybtex.plugin import find_plugin

from coursekit.knowledge.references import load_references
from coursekit.site import bibliography

from .browser_support import require_site
from .conftest import ROOT

BIB = ROOT / "src" / "coursekit" / "data" / "references.bib"


def _formatted(style_name: str, bib: str) -> str:
    style = find_plugin("pybtex.style.formatting", style_name)()
    entries = parse_string(bib, "bibtex").entries
    return "".join(e.text.render_as("text") for e in style.format_entries(entries.values()))


def test_the_course_style_keeps_a_title_as_written_where_plain_lowercases_it(tmp_path):
    bibliography.setup(None)  # type: ignore[arg-type] - registers the style, needs no app
    bib = ("@article{a, author = {Ann Writer}, title = {U.S. and Iran submit Article 51 letters},"
           " journal = {Lawfare}, year = {2020}}")
    assert "U.s. and iran submit article 51 letters" in _formatted("plain", bib)
    assert "U.S. and Iran submit Article 51 letters." in _formatted(bibliography.STYLE, bib)
    fine = "@misc{b, author = {AP}, title = {Judge fines {Iran} \\$2.65B, 5\\% {\\&} more}, year = {2007}}"
    assert "\\$2.65b" in _formatted("plain", fine)  # lowercased, and the escape as typed
    assert "Judge fines Iran $2.65B, 5% & more." in _formatted(bibliography.STYLE, fine)


def test_titles_read_with_dashes_and_braces_as_typeset(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text("@misc{k, author = {A}, year = {2020}, tier = {agency},\n"
                    "  title = {{Iran} Deal --- But -- Not {\\&} All}}\n", encoding="utf-8")
    refs, problems = load_references(path, "refs.bib")
    assert problems == []
    assert refs["k"].title == "Iran Deal — But – Not & All"


def test_a_url_in_howpublished_loses_its_bibtex_escapes(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text("@misc{k, author = {A}, year = {2020}, tier = {agency}, title = {T},\n"
                    "  howpublished = {As published. \\url{https://example.org/a\\%20b_c}}}\n",
                    encoding="utf-8")
    refs, problems = load_references(path, "refs.bib")
    assert problems == []
    assert refs["k"].url == "https://example.org/a%20b_c"


def test_the_site_bibliography_shows_every_title_as_the_references_file_writes_it():
    page = (require_site() / "back" / "bibliography.html").read_text(encoding="utf-8")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    refs, _ = load_references(BIB, "references.bib")
    missing = [f"{key}: {ref.title}" for key, ref in refs.items() if ref.title not in text]
    assert missing == []
    assert "`" not in text

"""MyST page trees to HTML (the coursekit JB2 template): structure, escaping, loud failures."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from coursekit.jb2.render import Page, RenderError, Site


def text(value):
    return {"type": "text", "value": value}


def para(*children):
    return {"type": "paragraph", "children": list(children)}


SITE = Site(title="Course", slugs={"index.md": "index", "chapters/a.ipynb": "a"},
            titles={"index": "Home", "a": "A"}, bibliography_slug="bibliography",
            glossary_slug="glossary",
            references={"ostovar2016": {"html": "Ostovar, A. (2016). <i>Vanguard</i>."}})

QUIZ_HTML = '<section class="ck-quiz" id="ckq-1" data-coursekit-quiz="a"><p>Quiz</p></section>'


def page(*children, slug="a", fetch=lambda path: f"<p>stored {path}</p>"):
    data = {"slug": slug, "location": "/chapters/a.ipynb", "frontmatter": {"title": "A"},
            "mdast": {"type": "root", "children": list(children)}}
    return Page(data, SITE, "index", fetch)


def html(*children, **kwargs) -> BeautifulSoup:
    return BeautifulSoup(str(page(*children, **kwargs).body()), "html.parser")


def test_prose_nodes_become_their_html_elements():
    out = html({"type": "heading", "depth": 2, "html_id": "s", "children": [text("Section")]},
               para(text("a "), {"type": "strong", "children": [text("b")]},
                    {"type": "emphasis", "children": [text("c")]},
                    {"type": "inlineCode", "value": "x = 1"}),
               {"type": "list", "ordered": True, "start": 3,
                "children": [{"type": "listItem", "children": [text("item")]}]})
    assert out.select_one("h2#s").text == "Section"
    assert out.select_one("p strong").text == "b" and out.select_one("p em").text == "c"
    assert out.select_one("p code").text == "x = 1"
    assert out.select_one("ol")["start"] == "3"


def test_author_text_is_escaped():
    out = html(para(text("<script>alert(1)</script>")))
    assert out.select("script") == [] and "<script>alert(1)</script>" in out.text


def test_citations_and_terms_link_relatively_to_their_entries():
    out = html(para({"type": "citeGroup", "kind": "parenthetical", "children": [
        {"type": "cite", "label": "ostovar2016", "children": [text("Ostovar, 2016")]}]},
        {"type": "crossReference", "identifier": "term-x", "html_id": "term-x", "resolved": True,
         "url": "/glossary", "children": [text("x")]}))
    assert out.p.text == "(Ostovar, 2016)x"
    assert out.select_one("a.ck-cite")["href"] == "../bibliography/#ref-ostovar2016"
    assert out.select_one("a.ck-xref")["href"] == "../glossary/#term-x"
    home = html(para({"type": "link", "url": "/a", "internal": True, "children": [text("A")]}),
                slug="index")
    assert home.a["href"] == "a/"


@pytest.mark.parametrize(("node", "message"), [
    ({"type": "mystery"}, "cannot show a 'mystery' node"),
    ({"type": "crossReference", "identifier": "term-y", "resolved": False}, "'term-y' does not resolve"),
    ({"type": "cite", "label": "nobody2020"}, "'nobody2020' is not in the bibliography"),
    ({"type": "link", "url": "chapters/zz"}, "unresolved link 'chapters/zz'"),
])
def test_what_the_template_cannot_show_fails_naming_the_page(node, message):
    with pytest.raises(RenderError, match=message) as caught:
        page(node).body()
    assert str(caught.value).startswith("/chapters/a.ipynb: ")


def _output(data, output_type="execute_result"):
    return {"type": "outputs", "children": [{"type": "output", "jupyter_data": {
        "output_type": output_type, "data": data}}]}


def test_a_quiz_output_shows_its_static_html_not_the_widget():
    out = html(_output({"application/vnd.jupyter.widget-view+json": {"content": "{}"},
                        "text/html": {"content": QUIZ_HTML}, "text/plain": {"content": "Quiz"}}))
    assert out.select_one("section.ck-quiz#ckq-1")


def test_an_output_stored_apart_is_fetched_and_inlined():
    out = html(_output({"text/html": {"path": "/abc.html"}}))
    assert out.select_one(".ck-output--html p").text == "stored /abc.html"


def test_markdown_and_text_outputs_are_rendered_without_raw_html():
    out = html(_output({"text/markdown": {"content": "**Done** <b>x</b>"}}),
               _output({"text/plain": {"content": "<42>"}}))
    assert out.select_one(".ck-output--markdown strong").text == "Done"
    assert out.select_one(".ck-output--markdown b") is None
    assert out.select_one("pre.ck-output--text").text == "<42>"


def test_a_widget_without_a_static_view_fails():
    with pytest.raises(RenderError, match=r"needs a kernel|without a kernel"):
        page(_output({"application/vnd.jupyter.widget-view+json": {"content": "{}"}})).body()


def test_the_nocite_block_is_hidden_and_the_bibliography_lists_every_entry():
    out = html({"type": "block", "data": {"coursekit": "nocite"}, "children": [para(text("hidden"))]},
               {"type": "bibliography"})
    assert "hidden" not in out.text
    assert [li["id"] for li in out.select("ol.ck-bibliography > li")] == ["ref-ostovar2016"]
    assert out.select_one("li i").text == "Vanguard"

"""The site extension: page assets, theme template overrides, citation roles, icon fonts and rules."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from coursekit.site import page as site
from coursekit.site.icons import (
    css_icon_codepoints,
    icon_font_files,
    icon_table,
    prune_icon_rules,
    slim_icons,
    subset_font,
    used_icons,
)
from coursekit.site.page import clean_assets, fix_citation_roles, page_assets, uses_sphinx_design


def js(filename, body=""):
    return SimpleNamespace(filename=filename, attributes={"body": body} if body else {})


# -- assets on each page --------------------------------------------------------------------------


def test_thebe_assets_and_duplicates_are_dropped_in_order():
    assets = [
        js("doctools.js"),
        js(None, 'const THEBE_JS_URL = "https://cdn.example/thebe.js"'),
        js("sphinx-thebe.js"),
        js(None, "var toggle = 1;"),
        js(None, "var toggle = 1;"),
        js("doctools.js"),
        js("copybutton.js"),
    ]
    kept = clean_assets(assets)
    assert [(a.filename, a.attributes.get("body", "")) for a in kept] == [
        ("doctools.js", ""), (None, "var toggle = 1;"), ("copybutton.js", "")]


def test_stylesheets_given_as_plain_names_are_handled():
    assert clean_assets(["theme.css", "sphinx-thebe.css", "theme.css"]) == ["theme.css"]


@pytest.mark.parametrize(("body", "expected"), [
    ('<div class="sd-card sd-shadow-sm">', True),
    ('<div class="docutils sd-tab-set">', True),
    ('<p>The sd-card class is explained here.</p>', False),
    ('<div class="fsd-x">', False),
    ("", False),
])
def test_sphinx_design_use_is_read_from_class_attributes(body, expected):
    assert uses_sphinx_design(body) is expected


def test_sphinx_design_assets_are_kept_only_where_the_body_uses_them():
    assets = [js("sphinx-design.min.css"), js("_static/design-tabs.js"), js("mystnb.css"), js("theme.css")]
    assert [a.filename for a in page_assets(assets, "<p>plain</p>")] == ["mystnb.css", "theme.css"]
    assert len(page_assets(assets, '<div class="sd-card">')) == 4


def test_citations_become_list_items():
    body = ('<div role="list" class="citation-list">\n<div class="citation" id="id2" role="doc-biblioentry">'
            '<span class="label">A</span></div>\n<p role="doc-biblioentry">untouched</p></div>')
    fixed = fix_citation_roles(body)
    assert '<div class="citation" id="id2" role="listitem">' in fixed
    assert '<p role="doc-biblioentry">untouched</p>' in fixed


# -- theme template overrides ---------------------------------------------------------------------

THEME = Path(__import__("pydata_sphinx_theme").__file__).parent / "theme" / "pydata_sphinx_theme"
HEADER = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)


def _ours(name: str) -> list[str]:
    text = (site.templates_dir() / name).read_text(encoding="utf-8")
    assert HEADER.match(text), f"{name} should start with a comment naming the theme version it copies"
    return HEADER.sub("", text).splitlines()


def _theirs(name: str) -> list[str]:
    return (THEME / name).read_text(encoding="utf-8").splitlines()


def test_webpack_macros_is_the_themes_minus_the_fontawesome_script():
    theirs = _theirs("static/webpack-macros.html")
    assert any("fontawesome.js" in line for line in theirs), "the theme no longer loads fontawesome.js"
    expected = [line for line in theirs
                if "fontawesome.js" not in line and "So that users can add custom icons" not in line]
    assert _ours("static/webpack-macros.html") == expected


def test_layout_copies_the_themes_extrahead_block_with_one_condition_changed():
    text = "\n".join(_theirs("layout.html"))
    block = re.search(r"\{%- block extrahead %\}.*?\{%- endblock extrahead %\}", text, re.DOTALL)
    assert block, "the theme's layout has no extrahead block"
    expected = block.group(0).replace(
        "{% if pagename == 'search' %}",
        "{% if pagename == 'search' or not theme_search_as_you_type|tobool %}", 1).splitlines()
    assert _ours("layout.html") == ['{% extends "!layout.html" %}', *expected]


def test_search_button_field_is_the_themes_without_its_aria_label():
    theirs = _theirs("components/search-button-field.html")
    expected = [line.replace(" aria-label=\"{{ _('Search') }}\"", "") for line in theirs]
    assert expected != theirs, "the theme's search button no longer has the aria-label we remove"
    assert _ours("search-button-field.html") == expected


def test_theme_switcher_is_the_themes_with_its_icons_hidden():
    theirs = _theirs("components/theme-switcher.html")
    expected = [line.replace('<i class="theme-switch ', '<i aria-hidden="true" class="theme-switch ')
                for line in theirs]
    assert sum(a != b for a, b in zip(expected, theirs, strict=True)) == 3
    assert _ours("theme-switcher.html") == expected


def test_the_extension_puts_its_templates_first():
    config = SimpleNamespace(templates_path=["_templates", str(site.templates_dir())])
    site._on_config_inited(None, config)
    assert config.templates_path == [str(site.templates_dir()), "_templates"]


# -- icon fonts and icon rules --------------------------------------------------------------------

CSS = ('.fa-sun:before{content:"\\f185"}.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}'
       '.fa-github:before{content:"\\f09b"}:root{--pst-icon-bell:"\uf0f3"}'
       '.onthispage:after{content:"\\f107";font-family:Font Awesome\\ 6 Free}'
       '@font-face{font-family:Font Awesome\\ 6 Free;src:url(../fonts/fa-solid-900.woff2) format("woff2")}')


def test_icon_table_reads_every_alias():
    assert icon_table(CSS) == {"fa-sun": 0xF185, "fa-magnifying-glass": 0xF002, "fa-search": 0xF002,
                               "fa-github": 0xF09B}


def test_stylesheets_own_icons_are_found_outside_the_icon_rules():
    assert css_icon_codepoints(CSS) == {0xF0F3, 0xF107}


def test_used_icons_are_those_named_in_pages_and_scripts_plus_the_stylesheets_own():
    names, points = used_icons([CSS], ['<i class="fa-solid fa-search"></i>', 'el.classList="fa-nope"'])
    assert names == {"fa-search"}
    assert points == {0xF002, 0xF0F3, 0xF107}


def test_unused_icon_rules_are_pruned_and_the_rest_kept():
    pruned = prune_icon_rules(CSS, {"fa-search"})
    assert "fa-sun" not in pruned and "fa-github" not in pruned
    assert '.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}' in pruned
    assert pruned.endswith(CSS[CSS.index(":root"):])


SOLID = THEME / "static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"


def test_a_subset_font_is_small_deterministic_and_has_only_the_icons_asked_for(tmp_path):
    from fontTools.ttLib import TTFont

    first, second = tmp_path / "a.woff2", tmp_path / "b.woff2"
    subset_font(SOLID, first, {0xF002, 0xF185})
    subset_font(SOLID, second, {0xF185, 0xF002})
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size < SOLID.stat().st_size / 10
    assert set(TTFont(first).getBestCmap()) == {0xF002, 0xF185}


def _fake_site(root: Path) -> Path:
    static = root / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "fonts").mkdir()
    (static / "styles" / "theme.css").write_text(CSS, encoding="utf-8")
    shutil.copyfile(SOLID, static / "fonts" / "fa-solid-900.woff2")
    (root / "index.html").write_text('<i class="fa-solid fa-sun"></i>', encoding="utf-8")
    (static / "scripts").mkdir()
    (static / "scripts" / "fontawesome.js").write_text('"fa-github"', encoding="utf-8")  # not scanned
    return root


def test_slim_icons_rewrites_fonts_and_rules_the_same_way_every_time(tmp_path):
    from fontTools.ttLib import TTFont

    root = _fake_site(tmp_path / "html")
    assert icon_font_files(root / "_static") == [(root / "_static/fonts/fa-solid-900.woff2").resolve()]
    theme = tmp_path / "theme"  # the theme's originals, as Sphinx would find them
    shutil.copytree(root / "_static", theme / "static")
    sizes = slim_icons(root, [str(theme)])
    assert set(sizes) == {"_static/styles/theme.css", "_static/fonts/fa-solid-900.woff2"}
    font = root / "_static/fonts/fa-solid-900.woff2"
    css = (root / "_static/styles/theme.css").read_text(encoding="utf-8")
    assert set(TTFont(font).getBestCmap()) == {0xF185, 0xF0F3, 0xF107}
    assert "fa-sun" in css and "fa-github" not in css and "fa-search" not in css
    before = font.read_bytes(), css
    slim_icons(root, [str(theme)])  # a rebuild starts from the theme's originals again
    assert (font.read_bytes(), (root / "_static/styles/theme.css").read_text(encoding="utf-8")) == before


def test_a_site_without_icon_fonts_is_left_alone(tmp_path):
    (tmp_path / "_static").mkdir()
    assert slim_icons(tmp_path) == {}

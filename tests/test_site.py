"""The site extension: thebe's assets and duplicate scripts are dropped from pages."""

from __future__ import annotations

from types import SimpleNamespace

from coursekit.site import clean_assets


def js(filename, body=""):
    return SimpleNamespace(filename=filename, attributes={"body": body} if body else {})


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

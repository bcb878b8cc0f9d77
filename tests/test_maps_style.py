"""The map palette passes WCAG AA, and colour/style inputs are checked."""

from __future__ import annotations

import pytest

from coursekit.maps import MapInputError, style


def test_palette_passes_wcag_aa():
    assert style.palette_problems() == []


@pytest.mark.parametrize(("a", "b", "ratio"), [("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0),
                                               ("#777777", "#ffffff", 4.48)])
def test_contrast_matches_wcag_definition(a, b, ratio):
    assert style.contrast(a, b) == pytest.approx(ratio, abs=0.01)


def test_categories_differ_in_shape_and_dash_not_only_colour():
    markers = style.symbols(["a", "b", "c", "d", "e", "f"])
    assert len({s.shape for s in markers}) == 6
    lines = style.symbols(["a", "b", "c", "d"], kind="line")
    assert len({s.dash for s in lines}) == 4


def test_too_many_groups_to_tell_apart_is_an_error():
    with pytest.raises(MapInputError, match="7 groups"):
        style.symbols([str(i) for i in range(7)])


@pytest.mark.parametrize("bad", ["red", "#12345", "#ggg", 123, None])
def test_invalid_colour_is_quoted(bad):
    with pytest.raises(MapInputError, match=repr(bad).replace("(", r"\(")):
        style.marker_colour(bad)


def test_low_contrast_colour_is_refused_with_its_ratio():
    with pytest.raises(MapInputError, match=r"'#ffd700' has contrast 1\.\d\d:1"):
        style.marker_colour("#ffd700")
    assert style.marker_colour("#0B5D9C") == "#0b5d9c"


@pytest.mark.parametrize(("check", "bad"), [(style.dash, "wavy"), (style.shape, "blob")])
def test_unknown_styles_are_quoted(check, bad):
    with pytest.raises(MapInputError, match=repr(bad)):
        check(bad)

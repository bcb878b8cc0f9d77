"""Colours, shapes and line patterns of coursekit maps, checked against WCAG 2.x AA.

Markers and lines are graphical objects: WCAG 1.4.11 asks for a contrast of at least 3:1 with what
surrounds them (the land and the sea of the basemap, and the highlighted countries). Text (labels,
legend, popups) is dark on white and must reach 4.5:1 (WCAG 1.4.3). Categories are never told apart
by colour alone: each category also has its own shape (markers) or dash pattern (lines), and the
legend and the text alternative name it in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .inputs import MapInputError

Shape = Literal["circle", "square", "triangle", "diamond", "hexagon", "star"]
Dash = Literal["solid", "dashed", "dotted", "dashdot"]

SHAPES: tuple[Shape, ...] = ("circle", "square", "triangle", "diamond", "hexagon", "star")
DASH_ARRAYS: dict[Dash, str | None] = {
    "solid": None,
    "dashed": "10 6",
    "dotted": "2 6",
    "dashdot": "12 5 2 5",
}

SEA = "#d4e6f1"
LAND = "#f4f1ea"
COURSE_LAND = "#e9e2d0"     # course countries, where they are not the map's subject
HIGHLIGHT = "#f3d9a4"       # the countries a map is about
BORDER = "#6b6458"
TEXT = "#1a1a1a"
PANEL = "#ffffff"           # legend, labels, popups and story controls

# Dark, distinct colours (Okabe–Ito hues, darkened until they pass 3:1 on every background).
CATEGORICAL: tuple[str, ...] = ("#0b5d9c", "#b23c07", "#1d6b46", "#7b3f8e", "#7d5f00", "#a3195b")

BACKGROUNDS = {"sea": SEA, "land": LAND, "course land": COURSE_LAND, "highlighted land": HIGHLIGHT}
GRAPHIC_MIN = 3.0
TEXT_MIN = 4.5

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    r, g, b = (_channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def marker_colour(value: object, what: str = "colour") -> str:
    """A valid ``#rgb``/``#rrggbb`` colour with 3:1 contrast on every basemap background.

    Raises :class:`MapInputError` quoting the value otherwise.
    """
    if not isinstance(value, str) or not _HEX.match(value):
        raise MapInputError(f"invalid {what} {value!r}: use a hex colour like '#0b5d9c'")
    for name, background in BACKGROUNDS.items():
        ratio = contrast(value, background)
        if ratio < GRAPHIC_MIN:
            raise MapInputError(
                f"{what} {value!r} has contrast {ratio:.2f}:1 with the {name} colour {background}; "
                f"WCAG AA needs {GRAPHIC_MIN:g}:1 for map symbols")
    return value.lower()


def fill_colour(value: object, what: str = "highlight colour") -> str:
    """A valid hex colour for highlighted countries: labels (dark text) must stay readable on it."""
    if not isinstance(value, str) or not _HEX.match(value):
        raise MapInputError(f"invalid {what} {value!r}: use a hex colour like '#f3d9a4'")
    ratio = contrast(value, TEXT)
    if ratio < TEXT_MIN:
        raise MapInputError(f"{what} {value!r} has contrast {ratio:.2f}:1 with the text colour "
                            f"{TEXT}; WCAG AA needs {TEXT_MIN:g}:1")
    return value.lower()


def dash(value: object) -> Dash:
    if value not in DASH_ARRAYS:
        raise MapInputError(f"invalid line style {value!r}: use one of {', '.join(DASH_ARRAYS)}")
    return value  # type: ignore[return-value]


def shape(value: object) -> Shape:
    if value not in SHAPES:
        raise MapInputError(f"invalid marker shape {value!r}: use one of {', '.join(SHAPES)}")
    return value  # type: ignore[return-value]


@dataclass(frozen=True)
class Symbol:
    """How one category is drawn: colour plus a shape (markers) or a dash pattern (lines)."""

    label: str
    colour: str
    shape: Shape = "circle"
    dash: Dash = "solid"

    def marker(self) -> dict:
        return {"colour": self.colour, "shape": self.shape}

    def line(self) -> dict:
        return {"colour": self.colour, "dash": DASH_ARRAYS[self.dash]}

    def legend(self, kind: Literal["marker", "line"]) -> dict:
        return {"label": self.label, "kind": kind, **(self.marker() if kind == "marker" else self.line())}


def symbols(labels: list[str], colours: dict[str, str] | None = None,
            kind: Literal["marker", "line"] = "marker") -> list[Symbol]:
    """One symbol per label, in order: palette colour i with shape (or dash pattern) i.

    ``colours`` overrides the colour of some labels; each is validated (:func:`marker_colour`).
    """
    colours = dict(colours or {})
    unknown = sorted(set(colours) - set(labels))
    if unknown:
        raise MapInputError(f"colour given for unknown group {unknown[0]!r}: the groups are "
                            f"{', '.join(labels) or 'none'}")
    limit = len(SHAPES) if kind == "marker" else len(DASH_ARRAYS)
    if len(labels) > limit:
        raise MapInputError(f"{len(labels)} groups ({', '.join(labels)}) is too many for one map: "
                            f"at most {limit} can be told apart by shape")
    dashes = list(DASH_ARRAYS)
    out = []
    for index, label in enumerate(labels):
        colour = marker_colour(colours[label], f"colour of {label!r}") if label in colours \
            else CATEGORICAL[index % len(CATEGORICAL)]
        out.append(Symbol(label, colour, SHAPES[index], dashes[index % len(dashes)]))
    return out


def palette_problems() -> list[str]:
    """Every pair of our own colours that misses WCAG AA (empty when the palette is sound)."""
    found = []
    for colour in (*CATEGORICAL, BORDER):
        for name, background in BACKGROUNDS.items():
            if contrast(colour, background) < GRAPHIC_MIN:
                found.append(f"{colour} on {name} {background}: {contrast(colour, background):.2f}:1")
    for background in (PANEL, HIGHLIGHT, LAND, COURSE_LAND):
        if contrast(TEXT, background) < TEXT_MIN:
            found.append(f"text {TEXT} on {background}: {contrast(TEXT, background):.2f}:1")
    for colour in CATEGORICAL:
        if contrast(colour, PANEL) < GRAPHIC_MIN:
            found.append(f"{colour} on panel {PANEL}: {contrast(colour, PANEL):.2f}:1")
    return found

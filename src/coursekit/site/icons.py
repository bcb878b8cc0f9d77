"""The icon fonts of the site, cut down to the icons it uses.

When the build finishes, the Font Awesome fonts are cut down to the icons the site uses (every page
and script is scanned), always from the theme's original files, so the same site gives
byte-identical fonts; the ``.fa-x:before`` rules of unused icons leave the stylesheets too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

_ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:{1,2}before,?)+)\{content:"\\([0-9a-fA-F]+)"\}')
_ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
_CSS_ESCAPE = re.compile(r"\\([ef][0-9a-fA-F]{3})(?![0-9a-fA-F])")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
_URL = re.compile(r"url\(\s*['\"]?([^'\")?#]+)")
ICON_FAMILY = "Font Awesome"
SKIPPED_SCRIPTS = ("fontawesome.js",)  # the theme's icon script: lists every icon, and is not loaded


def icon_table(css: str) -> dict[str, int]:
    """Icon class name (``fa-sun``) to code point, from Font Awesome's ``.fa-x:before`` rules."""
    table: dict[str, int] = {}
    for selectors, code in _ICON_RULE.findall(css):
        for name in _ICON_NAME.findall(selectors):
            table[name] = int(code, 16)
    return table


def css_icon_codepoints(css: str) -> set[int]:
    """Icon code points a stylesheet uses by itself (``content: "\\f107"``, theme variables)."""
    rest = _ICON_RULE.sub("", css)
    points = {int(code, 16) for code in _CSS_ESCAPE.findall(rest)}
    points.update(ord(char) for char in _PRIVATE_USE.findall(rest))
    return points


def used_icons(stylesheets: Iterable[str], texts: Iterable[str]) -> tuple[set[str], set[int]]:
    """Icon classes named in ``texts`` (HTML, scripts), and the code points of every icon the site
    shows: those classes' plus the ones the stylesheets use by themselves."""
    table: dict[str, int] = {}
    points: set[int] = set()
    for css in stylesheets:
        table.update(icon_table(css))
        points |= css_icon_codepoints(css)
    names = {name for text in texts for name in _ICON_NAME.findall(text) if name in table}
    return names, points | {table[name] for name in names}


def prune_icon_rules(css: str, names: set[str]) -> str:
    """``css`` without the ``.fa-x:before`` rules of icons that are not in ``names``."""

    def keep(match: re.Match) -> str:
        return match.group(0) if names.intersection(_ICON_NAME.findall(match.group(1))) else ""

    return _ICON_RULE.sub(keep, css)


def icon_font_files(static: Path) -> list[Path]:
    """The Font Awesome font files that the stylesheets under ``static`` declare, sorted."""
    found: set[Path] = set()
    for css_path in sorted(static.rglob("*.css")):
        for face in _FONT_FACE.findall(css_path.read_text(encoding="utf-8", errors="replace")):
            if ICON_FAMILY not in face.replace("\\", ""):
                continue
            for url in _URL.findall(face):
                font = (css_path.parent / url).resolve()
                if font.is_file():
                    found.add(font)
    return sorted(found)


def subset_font(source: Path, target: Path, codepoints: set[int]) -> None:
    """Write ``source`` cut down to ``codepoints`` at ``target`` (same format; deterministic)."""
    try:
        from fontTools import subset
    except ImportError as error:  # pragma: no cover - a dependency of the book extra
        raise ExtensionError("coursekit.site needs fonttools and brotli: pip install 'coursekit[book]'",
                             error) from error
    options = subset.Options()
    options.flavor = "woff2" if source.suffix == ".woff2" else None
    options.recalc_timestamp = False
    options.ignore_missing_unicodes = True
    font = subset.load_font(str(source), options, dontLoadGlyphNames=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    font.close()


def _original(path: Path, static: Path, theme_dirs: Iterable[str]) -> Path:
    """The theme's own copy of a file Sphinx copied into ``static`` (or the file itself)."""
    relative = path.relative_to(static)
    for folder in theme_dirs:
        candidate = Path(folder) / "static" / relative
        if candidate.is_file():
            return candidate
    return path


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def slim_icons(outdir: Path, theme_dirs: Iterable[str] = ()) -> dict[str, tuple[int, int]]:
    """Cut the icon fonts of the site at ``outdir``, and the icon rules of its stylesheets, down to
    the icons its pages and scripts use. Each file is rewritten from the theme's original (when it
    comes from a theme), so running it again gives the same bytes.

    Returns ``{path relative to outdir: (bytes before, bytes after)}`` for each file rewritten.
    """
    outdir = outdir.resolve()
    static = outdir / "_static"
    fonts = icon_font_files(static)
    if not fonts:
        return {}
    originals = {css: _original(css, static, theme_dirs) for css in sorted(static.rglob("*.css"))}
    stylesheets = {css: _read(source) for css, source in originals.items()}
    texts = [_read(p) for p in sorted(outdir.rglob("*.html"))]
    texts += [_read(p) for p in sorted(outdir.rglob("*.js")) if p.name not in SKIPPED_SCRIPTS]
    names, codepoints = used_icons(stylesheets.values(), texts)
    sizes = {}
    for css, text in stylesheets.items():
        if _ICON_RULE.search(text):
            pruned = prune_icon_rules(text, names)
            css.write_text(pruned, encoding="utf-8")
            sizes[css.relative_to(outdir).as_posix()] = (len(text.encode()), len(pruned.encode()))
    for font in fonts:
        source = _original(font, static, theme_dirs)
        before = source.stat().st_size
        subset_font(source, font, codepoints)
        sizes[font.relative_to(outdir).as_posix()] = (before, font.stat().st_size)
    return sizes


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or getattr(app.builder, "format", None) != "html":
        return
    theme = getattr(app.builder, "theme", None)
    theme_dirs = theme.get_theme_dirs() if theme is not None else []
    sizes = slim_icons(Path(app.outdir), theme_dirs)
    before, after = sum(b for b, _ in sizes.values()), sum(a for _, a in sizes.values())
    logger.info("coursekit.site: icon fonts and icon rules cut to the icons used: %d kB -> %d kB",
                before // 1000, after // 1000)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _on_build_finished)

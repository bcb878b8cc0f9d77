"""The site's bibliography part: titles appear as the references file writes them.

pybtex's ``plain`` style puts every article title in sentence case, lowercasing each word after the
first unless it is braced, so "Deadly crackdown in Iran" came out as "Deadly crackdown in iran"
and "U.S." as "U.s.". The course's titles are written as their publishers headline them, so the
``coursekit`` style (``bibtex_default_style: coursekit`` in ``_config.yml``) is ``plain`` with the
titles left as written, and with BibTeX's ``\\$`` shown as ``$`` (pybtex decodes ``\\%`` and ``\\&``
but leaves ``\\$`` as typed; a bare ``$`` would start LaTeX math for the JB2 site's reader).
Registered with pybtex when the extension is set up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as Plain
from pybtex.style.template import field, sentence

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STYLE = "coursekit"


class Style(Plain):
    """pybtex's ``plain``, with article and chapter titles kept in the case they are written in."""

    def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
        title = field(which_field)
        return sentence[title] if as_sentence else title

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
        formatted = super().format_entry(label, entry, bib_data=bib_data)
        formatted.text = Text("$").join(formatted.text.split("\\$"))
        return formatted


def setup(app: Sphinx) -> None:
    register_plugin("pybtex.style.formatting", STYLE, Style, force=True)

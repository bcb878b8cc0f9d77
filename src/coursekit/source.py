"""Split the course's source article into numbered paragraphs and sentences.

The claims ledger points into the article by location ``P<paragraph>.S<sentence>`` (both counted
from 1). Paragraphs are blocks separated by blank lines; sentences end at ``.``, ``?`` or ``!``
followed by white space and a capital letter or an opening quotation mark. The article itself is not
shipped with the package (it is not ours to redistribute); these functions read it from a path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z\u2018\u201c'\"(])")


@dataclass(frozen=True)
class Sentence:
    paragraph: int
    number: int
    text: str

    @property
    def location(self) -> str:
        return f"P{self.paragraph}.S{self.number}"


def paragraphs(text: str) -> list[str]:
    """Blocks of text separated by blank lines, with inner white space folded."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    return [" ".join(b.split()) for b in blocks if b.strip()]


def sentences(text: str) -> list[Sentence]:
    """Every sentence of the article, numbered within its paragraph."""
    out: list[Sentence] = []
    for p, block in enumerate(paragraphs(text), start=1):
        for s, chunk in enumerate(_SENTENCE_END.split(block), start=1):
            out.append(Sentence(p, s, chunk.strip()))
    return out


def read_sentences(path: str | Path) -> list[Sentence]:
    return sentences(Path(path).read_text(encoding="utf-8"))

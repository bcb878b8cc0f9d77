"""Every chapter notebook has the course's anatomy.

Objectives at the top; a narrative of 1,500-3,000 words; at least one map from coursekit.maps; a
summary and key terms at the end; a quiz of at least 8 questions of at least 3 types; thin code
cells; every citation and glossary term resolving.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coursekit import data

from .conftest import ROOT

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
MAP_CALL = re.compile(r"\bmaps\.(region_map|events_map|network_map|story_map)\(")
QUIZ_CALL = re.compile(r"""\bquiz\.show\(\s*["']([\w-]+)["']""")
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
TERM = re.compile(r"\{term\}`([^`<]+?)(?:\s*<([^>]+)>)?`")
GLOSSARY = ROOT / "back" / "glossary.md"


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def markdown(path: Path) -> str:
    return "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")


def glossary_terms() -> set[str]:
    if not GLOSSARY.exists():
        return set()
    text = GLOSSARY.read_text(encoding="utf-8")
    return {line.strip().lower() for line in text.splitlines()
            if line and not line[0].isspace() and not line.startswith(("#", "`", ":"))}


def test_there_are_chapters():
    assert CHAPTERS


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
class TestChapter:
    def test_starts_with_a_title_and_learning_objectives(self, path):
        first = source(cells(path)[0])
        assert first.startswith("# "), "the first cell is the chapter title"
        assert "Learning objectives" in first

    def test_narrative_length(self, path):
        words = len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", markdown(path)))
        assert 1500 <= words <= 3000, f"{words} words of narrative"

    def test_has_a_map(self, path):
        code = [source(c) for c in cells(path) if c["cell_type"] == "code"]
        assert any(MAP_CALL.search(c) for c in code), "no coursekit.maps call"

    def test_ends_with_summary_key_terms_and_a_quiz(self, path):
        text = markdown(path)
        assert "## Summary" in text and "**Key terms:**" in text
        code = [source(c) for c in cells(path) if c["cell_type"] == "code"]
        found = QUIZ_CALL.search(code[-1])
        assert found and found.group(1) == path.stem, "the last code cell shows this chapter's quiz"

    def test_quiz_has_eight_questions_of_three_types(self, path):
        from coursekit.quiz import load_bank

        bank = load_bank(path.stem)
        assert len(bank.questions) >= 8
        assert len({q.type for q in bank.questions}) >= 3

    def test_code_cells_are_thin(self, path):
        for cell in cells(path):
            if cell["cell_type"] == "code":
                lines = [ln for ln in source(cell).splitlines() if ln.strip()]
                assert len(lines) <= 3, source(cell)

    def test_citations_and_terms_resolve(self, path):
        refs = data.course().references
        text = markdown(path)
        for group in CITE.findall(text):
            for key in (k.strip() for k in group.split(",")):
                assert key in refs, f"unknown reference key {key!r}"
        terms = glossary_terms()
        for label, target in TERM.findall(text):
            term = (target or label).strip()
            assert term.lower() in terms, f"term {term!r} not in the glossary"

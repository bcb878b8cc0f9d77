"""Every chapter notebook has the course's anatomy.

Objectives at the top; a narrative of 1,500-3,000 words; at least one map from coursekit.maps; a
summary and key terms at the end; then the teaching apparatus, 3-5 discussion questions and 3-5
annotated further readings (each its own markdown cell); a quiz of at least 8 questions of at
least 3 types as the last code cell; thin code cells; every citation and glossary term resolving.

The narrative count leaves out the apparatus cells, which have their own limit (APPARATUS_WORDS).
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
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
QUESTIONS = "## Discussion questions"
READINGS = "## Further reading"
APPARATUS_WORDS = 750
# One reading: "- {cite:t}`key`, *Short title*. Annotation of one to three sentences."
READING = re.compile(r"^\{cite:t\}`([^`,]+)`, \*([^*]+)\*\. (.+)$", re.DOTALL)
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def markdown(path: Path) -> str:
    return "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")


def is_apparatus(cell: dict) -> bool:
    return cell["cell_type"] == "markdown" and source(cell).startswith((QUESTIONS, READINGS))


def narrative(path: Path) -> str:
    return "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown"
                     and not is_apparatus(c))


def apparatus_cell(path: Path, heading: str) -> tuple[int, str]:
    found = [(i, source(c)) for i, c in enumerate(cells(path))
             if c["cell_type"] == "markdown" and source(c).startswith(heading)]
    assert len(found) == 1, f"{len(found)} cells starting with {heading!r} (expected one)"
    return found[0]


def list_items(text: str, marker: str) -> list[str]:
    """The items of the top-level list in ``text`` whose lines start with ``marker`` (a regex),
    each with its continuation lines joined."""
    items: list[str] = []
    for line in text.splitlines()[1:]:
        if re.match(marker, line):
            items.append(re.sub(marker, "", line, count=1))
        elif line.strip() and items and line[:1].isspace():
            items[-1] += " " + line.strip()
        elif line.strip():
            raise AssertionError(f"unexpected line outside the list: {line!r}")
    return items


def normalised(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


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
        words = len(WORD.findall(narrative(path)))
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

    def test_discussion_questions_follow_the_summary(self, path):
        at, text = apparatus_cell(path, QUESTIONS)
        summary = max(i for i, c in enumerate(cells(path)) if "## Summary" in source(c))
        assert summary < at, "the discussion questions come after the Summary and Key terms"
        questions = list_items(text, r"\d+\. ")
        assert 3 <= len(questions) <= 5, f"{len(questions)} discussion questions (expected 3-5)"
        for question in questions:
            assert "?" in question, f"not a question: {question[:60]!r}"
            assert len(WORD.findall(question)) >= 20, f"too short to discuss: {question!r}"

    def test_annotated_further_reading_resolves(self, path):
        questions_at, _ = apparatus_cell(path, QUESTIONS)
        at, text = apparatus_cell(path, READINGS)
        all_cells = cells(path)
        last_code = max(i for i, c in enumerate(all_cells) if c["cell_type"] == "code")
        assert questions_at < at < last_code, "further reading follows the questions, before the quiz"
        refs = data.course().references
        readings = list_items(text, r"- ")
        assert 3 <= len(readings) <= 5, f"{len(readings)} further readings (expected 3-5)"
        keys = []
        for reading in readings:
            found = READING.match(reading)
            assert found, f"not '{{cite:t}}`key`, *Title*. Annotation.': {reading[:70]!r}"
            key, title, note = found.groups()
            assert key in refs, f"unknown reference key {key!r}"
            assert key != "trackpersia2019qudsforce", "the source article is the object, not reading"
            assert normalised(title) in normalised(refs[key].title), \
                f"{key}: title {title!r} is not the bibliography's {refs[key].title!r}"
            sentences = len(SENTENCE_END.findall(note))
            assert 1 <= sentences <= 3 and note.rstrip().endswith("."), f"{key}: {sentences} sentences"
            assert len(WORD.findall(note)) >= 15, f"{key}: the annotation says too little"
            keys.append(key)
        assert len(set(keys)) == len(keys), "a work is listed twice"

    def test_apparatus_stays_short(self, path):
        words = sum(len(WORD.findall(source(c))) for c in cells(path) if is_apparatus(c))
        assert words <= APPARATUS_WORDS, f"{words} words of discussion questions and reading"

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

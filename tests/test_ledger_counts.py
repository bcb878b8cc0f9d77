"""Counts of the claims ledger in prose: the ``{ledger}`` role, from the data, in every rendering.

Chapter 9 states how many claims the ledger holds and how many it marks incorrect or imprecise.
Those numbers come from ``claims.yaml`` through ``{ledger}`key``` (``coursekit.knowledge.ledger``):
on the JB1 site (``coursekit.site.ledger``), in the student form and in the JB2 staging. A key
that names no count is one line naming the page (and line) in each, and in ``coursekit check``.
A quiz question whose answer is a ledger count says so (``ledger:``), and ``coursekit check``
compares the two.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from coursekit import data
from coursekit.knowledge.ledger import KEYS, LedgerError, counts_of, course_counts, number_words, text_of

from .conftest import ROOT

DATA_DIR = ROOT / "src" / "coursekit" / "data"
CHAPTER = "chapters/09-reading-the-source"
FIXTURE = Path(__file__).resolve().parent / "books" / "ledger"


def counts() -> dict[str, int]:
    return counts_of(data.course())


def with_one_more_incorrect(folder: Path) -> None:
    """Edit the ledger in ``folder`` as an instructor would: one corroborated claim becomes
    incorrect (with the correction an incorrect claim needs)."""
    path = folder / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("    verdict: corroborated\n")
    edited = (text[:first] + "    verdict: incorrect\n    correction: An edited correction.\n"
              + text[first + len("    verdict: corroborated\n"):])
    path.write_text(edited, encoding="utf-8")


# -- the counts -----------------------------------------------------------------------------------


def test_the_counts_are_the_ledgers():
    claims = data.course().claims
    found = counts()
    verdicts = Counter(c.verdict for c in claims)
    kinds = Counter(c.kind for c in claims)
    assert found["total"] == len(claims) > 0
    assert found["incorrect"] == verdicts["incorrect"] and found["imprecise"] == verdicts["imprecise"]
    assert found["fact"] == kinds["fact"] and found["opinion"] == kinds["opinion"]
    assert found["verdicts"] == 5 and found["kinds"] == 3  # the schema's closed choices
    assert set(found) == set(KEYS)


@pytest.mark.parametrize(("n", "words"), [
    (0, "zero"), (4, "four"), (11, "eleven"), (18, "eighteen"), (20, "twenty"), (21, "twenty-one"),
    (92, "ninety-two"), (100, "one hundred"), (105, "one hundred and five"),
    (340, "three hundred and forty"), (1000, "one thousand"), (1018, "one thousand and eighteen"),
    (21_340, "twenty-one thousand, three hundred and forty"), (1_000_000, "1,000,000"),
])
def test_numbers_in_words(n, words):
    assert number_words(n) == words


@pytest.mark.parametrize(("content", "text"), [
    ("total", "92"), ("incorrect:words", "four"), ("imprecise:Words", "Eighteen"),
    (" verdicts : words ", "five"), ("fact", "7"),
])
def test_a_role_is_its_count_in_digits_or_words(content, text):
    assert text_of(content, {"total": 92, "incorrect": 4, "imprecise": 18, "verdicts": 5,
                             "fact": 7}) == text


@pytest.mark.parametrize(("content", "message"), [
    ("incorect", "unknown ledger count 'incorect' (did you mean 'incorrect'?)"),
    ("claims", "unknown ledger count 'claims' (the counts are: total, corroborated, contested, "),
    ("total:roman", "unknown form 'roman' of ledger count 'total' (write 'total' for digits, "
                    "'total:words' for words, 'total:Words' for words starting with a capital)"),
    ("", "an empty {ledger} role: name one of the counts "),
])
def test_a_role_that_names_no_count_is_one_line(content, message):
    with pytest.raises(LedgerError) as info:
        text_of(content, counts())
    assert str(info.value).startswith(message) and "\n" not in str(info.value)


def test_counts_follow_an_edited_ledger(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    with_one_more_incorrect(tmp_path / "data")
    edited = course_counts(tmp_path / "data")
    assert edited["incorrect"] == counts()["incorrect"] + 1
    assert edited["corroborated"] == counts()["corroborated"] - 1

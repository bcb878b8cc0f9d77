"""Counts of the claims ledger in prose: the ``{ledger}`` role, from the data, in every rendering.

Chapter 9 states how many claims the ledger holds and how many it marks incorrect or imprecise.
Those numbers come from ``claims.yaml`` through ``{ledger}`key``` (``coursekit.knowledge.ledger``):
on the JB1 site (``coursekit.site.ledger``), in the student form and in the JB2 staging. A key
that names no count is one line naming the page (and line) in each, and in ``coursekit check``.
A quiz question whose answer is a ledger count says so (``ledger:``), and ``coursekit check``
compares the two.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from coursekit import data
from coursekit.check import check_course, check_file
from coursekit.knowledge.ledger import KEYS, LedgerError, counts_of, course_counts, number_words, text_of

from .conftest import ROOT, materialize

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


# -- the JB1 site ---------------------------------------------------------------------------------


def jb1_build(book: Path) -> tuple[int, str]:
    jb = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jb), "build", str(book), "--builder", "html", "-n", "-W", "--keep-going"],
                            env={**os.environ, "NO_COLOR": "1"}, capture_output=True, text=True,
                            timeout=600)
    return result.returncode, re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


def article_text(html: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return " ".join(soup.find("article").get_text(" ").split()).replace("\u2019", "'")  # smartquotes


def fixture_says(c: dict[str, int]) -> list[str]:
    """What the fixture book's two pages say, for the counts ``c``."""
    words = {k: number_words(n) for k, n in c.items()}
    return [f"The ledger holds {c['total']} claims. {words['incorrect'].capitalize()} are incorrect and "
            f"{words['imprecise']} imprecise, among {words['verdicts']} verdicts.",
            f"It states {c['total']} claims.",
            f"The summary: {words['incorrect']} errors and {words['imprecise']} imprecisions."]


@pytest.fixture
def ledger_book(tmp_path) -> Path:
    """The fixture book with a copy of the course data as its own (``src/coursekit/data``)."""
    book = materialize(FIXTURE, tmp_path / "book")
    shutil.copytree(DATA_DIR, book / "src" / "coursekit" / "data")
    return book


@pytest.mark.slow
def test_the_site_states_the_counts_of_the_data_and_follows_an_edit(ledger_book):
    code, out = jb1_build(ledger_book)
    assert code == 0, out[-3000:]
    html = ledger_book / "_build" / "html"
    pages = article_text(html / "counts.html") + " " + article_text(html / "notebook.html")
    for sentence in fixture_says(counts()):
        assert sentence in pages
    assert "{ledger}" not in pages

    with_one_more_incorrect(ledger_book / "src" / "coursekit" / "data")
    code, out = jb1_build(ledger_book)  # incremental, as an instructor rebuilds
    assert code == 0, out[-3000:]
    pages = article_text(html / "counts.html") + " " + article_text(html / "notebook.html")
    edited = {**counts(), "incorrect": counts()["incorrect"] + 1}
    for sentence in fixture_says(edited):
        assert sentence in pages


@pytest.mark.slow
def test_the_strict_build_fails_on_a_count_that_does_not_exist_naming_page_and_line(ledger_book):
    page = ledger_book / "counts.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMisspelt: {ledger}`imprecice`.\n",
                    encoding="utf-8")
    notebook = ledger_book / "notebook.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["cells"][1]["source"][-1] = nb["cells"][1]["source"][-1].replace("imprecise:words", "total:roman")
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    code, out = jb1_build(ledger_book)
    assert code != 0
    warnings = [line for line in out.splitlines() if "WARNING" in line]
    assert warnings == [
        f"{page}:6: WARNING: unknown ledger count 'imprecice' (did you mean 'imprecise'?)",
        f"{notebook}:20004: WARNING: cell 2: unknown form 'roman' of ledger count 'total' (write "
        "'total' for digits, 'total:words' for words, 'total:Words' for words starting with a capital)",
    ]


def chapter_says(c: dict[str, int]) -> list[str]:
    """What chapter 9 says of the ledger's counts ``c``."""
    w = {k: number_words(n) for k, n in c.items()}
    return [f"breaks the article into {c['total']} claims",
            f"Its {w['incorrect']} outright errors are all statements of fact",
            f"The ledger marks {w['incorrect']} claims incorrect.",
            f"{w['imprecise'].capitalize()} further claims are imprecise",
            f"Of the ledger's {c['total']} claims",
            f"It makes {w['incorrect']} outright errors",
            f"and {w['imprecise']} imprecisions",
            f"The ledger has {w['verdicts']} verdicts",
            f"the ledger's {w['verdicts']} verdicts."]


def test_the_built_chapter_states_the_counts_of_the_data():
    page = ROOT / "_build" / "html" / f"{CHAPTER}.html"
    if not (ROOT / "_build" / "html" / "index.html").exists():
        pytest.skip("no built site (_build/html): run `make site-strict`")
    text = article_text(page)
    for sentence in chapter_says(counts()):
        assert sentence in text


# -- the student form -----------------------------------------------------------------------------


def notebook_markdown(text: str) -> str:
    cells = json.loads(text)["cells"]
    return " ".join(" ".join("".join(c["source"]).split()) for c in cells if c["cell_type"] == "markdown")


@pytest.fixture
def chapter_book(tmp_path) -> Path:
    """A book of chapter 9 alone, with a copy of the course data and the glossary."""
    root = tmp_path / "book"
    (root / "chapters").mkdir(parents=True)
    (root / "back").mkdir()
    shutil.copy(ROOT / f"{CHAPTER}.ipynb", root / "chapters")
    shutil.copy(ROOT / "back" / "glossary.md", root / "back")
    shutil.copytree(DATA_DIR, root / "src" / "coursekit" / "data")
    return root


def student_chapter(root: Path) -> tuple[str, list[str]]:
    from coursekit.student.form import FORM, render_form

    written, problems = render_form(root)
    return written.get(root / FORM / f"{CHAPTER}.ipynb", ""), [str(p) for p in problems]


def test_the_student_form_states_the_counts_of_the_data():
    text = notebook_markdown((ROOT / "notebooks" / f"{CHAPTER}.ipynb").read_text(encoding="utf-8"))
    for sentence in chapter_says(counts()):
        assert sentence in text
    assert "{ledger}" not in text


def test_the_student_form_follows_an_edited_ledger(chapter_book):
    with_one_more_incorrect(chapter_book / "src" / "coursekit" / "data")
    written, problems = student_chapter(chapter_book)
    assert problems == []
    text = notebook_markdown(written)
    for sentence in chapter_says({**counts(), "incorrect": counts()["incorrect"] + 1}):
        assert sentence in text


def test_the_student_form_refuses_a_count_that_does_not_exist_naming_the_cell(chapter_book):
    path = chapter_book / f"{CHAPTER}.ipynb"
    path.write_text(path.read_text(encoding="utf-8").replace("{ledger}`imprecise:Words`",
                                                             "{ledger}`imprecise:Roman`"),
                    encoding="utf-8")
    written, problems = student_chapter(chapter_book)
    assert written == ""
    assert problems == [f"{CHAPTER}.ipynb: cell 8: unknown form 'Roman' of ledger count 'imprecise' "
                        "(write 'imprecise' for digits, 'imprecise:words' for words, 'imprecise:Words' "
                        "for words starting with a capital)"]


def test_with_broken_data_the_student_form_says_so_in_one_line(chapter_book):
    claims = chapter_book / "src" / "coursekit" / "data" / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("verdict: corroborated",
                                                                 "verdict: corroborate", 1),
                      encoding="utf-8")
    written, problems = student_chapter(chapter_book)
    assert written == ""
    assert problems == [f"{CHAPTER}.ipynb: cell 4: {{ledger}} counts the claims ledger, but the course "
                        "data could not be read (run 'coursekit check')"]


# -- the JB2 staging ------------------------------------------------------------------------------


def staged_text(out: Path) -> str:
    page = " ".join((out / "src" / "counts.md").read_text(encoding="utf-8").split())
    return page + " " + notebook_markdown((out / "src" / "notebook.ipynb").read_text(encoding="utf-8"))


def test_the_jb2_staging_writes_the_counts_of_the_data_and_follows_an_edit(ledger_book, tmp_path):
    from coursekit.jb2.stage import stage

    stage(ledger_book, tmp_path / "out")
    text = staged_text(tmp_path / "out")
    for sentence in fixture_says(counts()):
        assert sentence.replace("**", "") in text.replace("**", "")
    assert "{ledger}" not in text

    with_one_more_incorrect(ledger_book / "src" / "coursekit" / "data")
    stage(ledger_book, tmp_path / "out")
    text = staged_text(tmp_path / "out")
    for sentence in fixture_says({**counts(), "incorrect": counts()["incorrect"] + 1}):
        assert sentence.replace("**", "") in text.replace("**", "")


@pytest.mark.parametrize(("page", "edit", "message"), [
    ("counts.md", ("{ledger}`total`", "{ledger}`totl`"),
     "counts.md:3: unknown ledger count 'totl' (did you mean 'total'?)"),
    ("notebook.ipynb", ("{ledger}`imprecise:words`", "{ledger}`imprecise:WORDS`"),
     "notebook.ipynb: cell 2: unknown form 'WORDS' of ledger count 'imprecise' (write 'imprecise' "
     "for digits, 'imprecise:words' for words, 'imprecise:Words' for words starting with a capital)"),
])
def test_the_jb2_staging_stops_at_a_count_that_does_not_exist(ledger_book, tmp_path, page, edit, message):
    from coursekit.jb2.stage import StageError, stage

    path = ledger_book / page
    path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    with pytest.raises(StageError) as caught:
        stage(ledger_book, tmp_path / "out")
    assert [str(p) for p in caught.value.problems] == [message]


# -- quiz banks -----------------------------------------------------------------------------------


BANK = DATA_DIR / "quizzes" / "09-reading-the-source.yaml"


def bank_answer_line() -> int:
    return BANK.read_text(encoding="utf-8").splitlines().index("    answer: 4") + 1


def test_the_quiz_question_on_the_count_declares_it_and_agrees_with_the_data():
    from coursekit.quiz import load_bank

    question = load_bank(BANK).question("incorrect-count")
    assert question.ledger == "incorrect" and question.answer == counts()["incorrect"]


def test_check_reports_a_bank_answer_that_the_ledger_no_longer_gives(tmp_path):
    from coursekit.quiz.bank import check_banks

    shutil.copy(BANK, tmp_path)
    known = set(data.course().references)
    assert check_banks(tmp_path, known, ledger=counts()) == []
    edited = {**counts(), "incorrect": counts()["incorrect"] + 1}
    found = [str(p) for p in check_banks(tmp_path, known, show=lambda p: p.name, ledger=edited)]
    assert found == [f"09-reading-the-source.yaml:{bank_answer_line()}: incorrect-count: answer: 4, "
                     f"but the claims ledger has {edited['incorrect']} claims judged incorrect (ledger: "
                     "incorrect); change the answer, and the feedback if it says which they are"]


def test_coursekit_check_compares_bank_answers_with_the_ledger_of_the_book(chapter_book):
    with_one_more_incorrect(chapter_book / "src" / "coursekit" / "data")
    n = counts()["incorrect"] + 1
    found = [str(p) for p in check_course(chapter_book).problems]
    assert [p for p in found if "quizzes" in p] == [
        f"src/coursekit/data/quizzes/09-reading-the-source.yaml:{bank_answer_line()}: incorrect-count: "
        f"answer: 4, but the claims ledger has {n} claims judged incorrect (ledger: incorrect); change "
        "the answer, and the feedback if it says which they are"]
    bank = chapter_book / "src" / "coursekit" / "data" / "quizzes" / BANK.name
    on_its_own = check_file(bank, bank.parent.parent).problems  # the bank alone, as in an editor
    assert [str(p).removeprefix("09-reading-the-source.yaml") for p in on_its_own] == [
        p.removeprefix("src/coursekit/data/quizzes/09-reading-the-source.yaml") for p in found
        if "quizzes" in p]



def test_the_jb2_staging_leaves_roles_in_code_as_they_are(tmp_path):
    from coursekit.jb2.stage import LedgerCounts, ledger_roles_to_text

    text = ("Write ``{ledger}`total` `` or `{ledger}` for the role, and {ledger}`total:words` is it.\n"
            "The `{ledger}` role, then `make notebooks`.\n\n"
            "```python\nprint('{ledger}`nosuch`')\n```\n\n"
            ":::{note}\nIn a note: {ledger}`verdicts`.\n:::\n")
    shutil.copytree(DATA_DIR, tmp_path / "src" / "coursekit" / "data")
    out = ledger_roles_to_text(text, LedgerCounts(tmp_path), "page.md")
    total = number_words(counts()["total"])
    assert out == text.replace("{ledger}`total:words`", total).replace("{ledger}`verdicts`", "5")

"""The quiz on a built page, in a real browser: answered by mouse and by keyboard alone.

A fixture book (``tests/books/quiz``) is built once for this module with ``jupyter-book build``;
its notebook shows ``tests/books/quiz/bank.yaml``, whose second question carries a script and an
``onerror`` image that must stay text.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .browser_support import PageWatch, serve

pytestmark = pytest.mark.browser

BOOK = Path(__file__).resolve().parent / "books" / "quiz"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    book = tmp_path_factory.mktemp("quiz-book") / "book"
    shutil.copytree(BOOK, book)
    jb = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jb), "build", str(book), "--builder", "html"], capture_output=True,
                            text=True, timeout=300)
    html = book / "_build" / "html"
    if result.returncode != 0 or not (html / "quiz.html").exists():
        pytest.fail("fixture book did not build:\n" + "\n".join((result.stdout + result.stderr)
                                                                 .splitlines()[-30:]), pytrace=False)
    with serve(html) as origin:
        yield origin


@pytest.fixture
def page(browser, site):
    context = browser.new_context()  # fresh localStorage for every test
    page = context.new_page()
    watch = PageWatch(page, site)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{site}/quiz.html", wait_until="load")
    page.wait_for_selector("section.ck-quiz.ck-quiz--ready")
    yield page
    assert watch.third_party == [], "the page asked another host for something"
    assert dialogs == [], "author text ran as a script"
    ours = [e for e in watch.page_errors + watch.console_errors if "quiz" in e.lower()]
    assert ours == []
    context.close()


def question(page, qid: str):
    return page.locator(f"li.ck-q[data-question='{qid}']")


def score(page) -> str:
    return page.locator(".ck-quiz__score").inner_text()


def test_assets_are_served_by_the_site_and_only_on_the_quiz_page(page, site):
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    assert any("/_static/coursekit-quiz.js" in s for s in scripts)
    assert all(s.startswith(site) for s in scripts)
    # no widget manager is loaded on the site, so the page carries no dead widget state either
    assert page.locator("script[type='application/vnd.jupyter.widget-state+json']").count() == 0
    page.goto(f"{site}/index.html", wait_until="load")
    assert page.locator("script[src*='coursekit-quiz']").count() == 0
    assert page.locator("link[href*='coursekit-quiz']").count() == 0


def test_author_markup_is_shown_as_text(page):
    legend = question(page, "script").locator("legend").inner_text()
    assert "<script>alert(1)</script>" in legend and "<img src=x onerror=alert(2)>" in legend
    assert page.locator("section.ck-quiz img").count() == 0
    assert "<b>markup</b>" in page.locator(".ck-quiz__title").inner_text()
    q = question(page, "script")
    q.get_by_label("True").check()
    q.get_by_role("button", name="Check question 2").click()
    assert "<img src=x onerror=alert(3)> stays text." in q.locator(".ck-q__feedback").inner_text()


def test_answer_by_clicking_sees_feedback_score_and_summary(page, site):
    assert score(page) == "Score: 0 of 6 correct (0 answered)"
    capital = question(page, "capital")
    capital.get_by_role("button", name="Check question 1").click()
    assert capital.locator(".ck-q__feedback").inner_text() == "Choose an answer first."
    capital.get_by_label("Isfahan").check()
    capital.get_by_role("button", name="Check question 1").click()
    feedback = capital.locator(".ck-q__feedback").inner_text()
    assert feedback.startswith("Not quite.") and "Source: Ostovar 2016" in feedback
    assert score(page) == "Score: 0 of 6 correct (1 answered)"
    capital.get_by_label("Tehran").check()
    capital.get_by_role("button", name="Check question 1").click()
    assert capital.locator(".ck-q__feedback").inner_text().startswith("Correct.")
    assert score(page) == "Score: 1 of 6 correct (1 answered)"

    founded = question(page, "founded")
    founded.get_by_label("Your answer").fill("1,979")
    founded.get_by_role("button", name="Check question 3").click()
    assert founded.locator(".ck-q__feedback").inner_text().startswith("Correct.")

    sources = question(page, "sources")
    sources.get_by_label("A court judgment").check()
    sources.get_by_label("An anonymous blog").check()
    sources.get_by_role("button", name="Check question 4").click()
    assert "1 of your 2 choices are correct" in sources.locator(".ck-q__feedback").inner_text()

    order = question(page, "order")
    order.get_by_label("Revolution").select_option("1")
    order.get_by_label("Soleimani killed").select_option("2")
    order.get_by_role("button", name="Check question 5").click()
    assert order.locator(".ck-q__feedback").inner_text().startswith("Correct.")

    match = question(page, "match")
    match.get_by_label("Soleimani").select_option(label="Quds Force")
    match.get_by_label("al-Muhandis").select_option(label="Badr Organization")
    match.get_by_role("button", name="Check question 6").click()
    assert "1 of 2 matches are right" in match.locator(".ck-q__feedback").inner_text()

    script = question(page, "script")
    script.get_by_label("False").check()
    script.get_by_role("button", name="Check question 2").click()
    assert score(page) == "Score: 3 of 6 correct (6 answered)"
    assert page.locator(".ck-quiz__summary").inner_text() == \
        "All 6 questions answered: 3 correct. To review: questions 2, 4, 6."

    page.reload(wait_until="load")  # progress kept in the browser's local storage
    page.wait_for_selector("section.ck-quiz.ck-quiz--ready")
    assert score(page) == "Score: 3 of 6 correct (6 answered)"
    assert question(page, "capital").get_by_label("Tehran").is_checked()
    page.get_by_role("button", name="Start again").click()
    assert score(page) == "Score: 0 of 6 correct (0 answered)"
    assert not question(page, "capital").get_by_label("Tehran").is_checked()


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.getAttribute('aria-label')"
                         " || document.activeElement.textContent")


def test_answer_by_keyboard_only(page):
    capital = question(page, "capital")
    first = capital.locator("input").first.get_attribute("id")
    for _ in range(200):  # Tab from the top of the page until the quiz is reached
        page.keyboard.press("Tab")
        if focused(page) == first:
            break
    else:
        pytest.fail("the first answer of the quiz is not reachable with Tab")
    page.keyboard.press("ArrowDown")  # Isfahan, wrong
    page.keyboard.press("ArrowUp")  # back to Tehran
    page.keyboard.press("Tab")
    assert focused(page) == "Check question 1"
    page.keyboard.press("Enter")
    assert capital.locator(".ck-q__feedback").inner_text().startswith("Correct.")

    page.keyboard.press("Tab")  # question 2: True / False
    page.keyboard.press("Space")  # True
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Space presses a button too
    assert question(page, "script").locator(".ck-q__feedback").inner_text().startswith("Correct.")

    page.keyboard.press("Tab")  # question 3: a number, Enter checks it
    page.keyboard.type("1980")
    page.keyboard.press("Enter")
    founded = question(page, "founded").locator(".ck-q__feedback")
    assert founded.inner_text().startswith("Not quite.")
    assert score(page) == "Score: 2 of 6 correct (3 answered)"

    page.keyboard.press("Tab")  # Check of question 3
    page.keyboard.press("Tab")  # question 4: three check boxes
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page) == "Check question 4"
    page.keyboard.press("Enter")
    assert question(page, "sources").locator(".ck-q__feedback").inner_text().startswith("Correct.")

    # question 5: a drop-down per item, shown out of order; the arrows choose a position
    assert question(page, "order").locator("label").all_inner_texts() == ["Soleimani killed", "Revolution"]
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # position 2
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # position 1
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert question(page, "order").locator(".ck-q__feedback").inner_text().startswith("Correct.")
    assert score(page) == "Score: 4 of 6 correct (5 answered)"
    assert page.locator(".ck-quiz__score").get_attribute("role") == "status"

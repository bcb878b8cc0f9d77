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
def built(tmp_path_factory) -> Path:
    """The fixture book built with ``jupyter-book build``: its ``_build/html`` folder."""
    book = tmp_path_factory.mktemp("quiz-book") / "book"
    shutil.copytree(BOOK, book)
    jb = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jb), "build", str(book), "--builder", "html"], capture_output=True,
                            text=True, timeout=300)
    html = book / "_build" / "html"
    if result.returncode != 0 or not (html / "quiz.html").exists():
        pytest.fail("fixture book did not build:\n" + "\n".join((result.stdout + result.stderr)
                                                                 .splitlines()[-30:]), pytrace=False)
    return html


@pytest.fixture(scope="module")
def site(built):
    with serve(built) as origin:
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
    # the only image is question 3's own picture: the author's <img> markup made none
    assert page.locator("section.ck-quiz img").count() == 1
    assert page.locator("section.ck-quiz img[onerror]").count() == 0
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
    assert feedback.startswith("Not quite.") and "Source:" not in feedback  # practice: not yet
    assert score(page) == "Score: 0 of 6 correct (1 answered)"
    capital.get_by_label("Tehran").check()
    capital.get_by_role("button", name="Check question 1").click()
    right = capital.locator(".ck-q__feedback").inner_text()
    assert right.startswith("Correct.") and "Source: Ostovar 2016" in right
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

    page.keyboard.press("Tab")  # question 2: True / False (Show answer of 1 went with the answer)
    page.keyboard.press("Space")  # True
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Space presses a button too
    assert question(page, "script").locator(".ck-q__feedback").inner_text().startswith("Correct.")

    page.keyboard.press("Tab")  # question 3: a number, Enter checks it
    page.keyboard.type("1980")
    page.keyboard.press("Enter")
    founded = question(page, "founded").locator(".ck-q__feedback")
    assert founded.inner_text().startswith("Not quite.") and "1979" not in founded.inner_text()
    assert score(page) == "Score: 2 of 6 correct (3 answered)"

    page.keyboard.press("Tab")  # Check of question 3
    page.keyboard.press("Tab")  # Show answer of question 3, still offered after one wrong try
    assert focused(page) == "Show answer to question 3"
    page.keyboard.press("Enter")
    assert "The answer: 1979 year" in founded.inner_text()
    assert focused(page) == "Check question 3"  # focus stays in the question
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

    # question 6: a drop-down per left-hand item (Show answer of 5 left with the answer)
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # Soleimani -> Quds Force
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # al-Muhandis -> Kata'ib Hezbollah
    page.keyboard.press("Tab")
    assert focused(page) == "Check question 6"
    page.keyboard.press("Enter")
    assert question(page, "match").locator(".ck-q__feedback").inner_text().startswith("Correct.")
    assert score(page) == "Score: 5 of 6 correct (6 answered)"


def test_a_first_wrong_answer_gets_the_options_feedback_and_not_the_right_answer(page):
    capital = question(page, "capital")
    capital.get_by_label("Isfahan").check()
    capital.get_by_role("button", name="Check question 1").click()
    first = capital.locator(".ck-q__feedback").inner_text()
    assert first.startswith("Not quite.") and "Isfahan was the Safavid capital" in first
    assert "Think again" in first
    assert "Tehran" not in first and "Source:" not in first
    assert capital.get_by_role("button", name="Show answer to question 1").is_visible()
    capital.get_by_label("Mashhad").check()
    capital.get_by_role("button", name="Check question 1").click()
    second = capital.locator(".ck-q__feedback").inner_text()
    assert "Mashhad is the great shrine city" in second and "Isfahan was" not in second
    assert "The answer: Tehran" in second and "Tehran has been the capital" in second
    assert "Source: Ostovar 2016" in second and "Think again" not in second
    assert capital.locator(".ck-q__reveal").is_hidden()
    page.reload(wait_until="load")  # the second try is remembered with the answer
    page.wait_for_selector("section.ck-quiz.ck-quiz--ready")
    assert "The answer: Tehran" in question(page, "capital").locator(".ck-q__feedback").inner_text()


def test_show_answer_gives_the_explanation_for_every_type(page):
    for qid, number, answer in [("capital", 1, "Tehran"), ("script", 2, "True"), ("founded", 3, "1979"),
                                ("sources", 4, "A court judgment; A UN report"),
                                ("order", 5, "Revolution, then Soleimani killed"),
                                ("match", 6, "Soleimani \u2192 Quds Force")]:
        q = question(page, qid)
        assert q.locator(".ck-q__explanation").count() == 0
        q.get_by_role("button", name=f"Show answer to question {number}").click()
        shown = q.locator(".ck-q__feedback").inner_text()
        assert f"The answer: {answer}" in shown and "Source:" in shown, qid
        assert q.locator(".ck-q__explanation").count() == 1
    assert score(page) == "Score: 0 of 6 correct (0 answered)"  # revealing is not answering


def test_the_quiz_page_is_axe_clean_after_feedback(page):
    axe = Path(__file__).resolve().parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        pytest.fail(f"axe-core is not installed at {axe}: run 'npm ci --prefix tests/js'", pytrace=False)
    capital = question(page, "capital")
    capital.get_by_label("Isfahan").check()
    capital.get_by_role("button", name="Check question 1").click()
    question(page, "order").get_by_role("button", name="Show answer to question 5").click()
    page.add_script_tag(content=axe.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run(document.querySelector('section.ck-quiz'),"
        " {resultTypes: ['violations']})).violations.map(v => v.impact + ' ' + v.id + ': ' +"
        " v.nodes.map(n => n.target.join(' ')).join(', '))")
    assert found == []


def _pooled(page, site) -> list[str]:
    page.goto(f"{site}/pooled.html", wait_until="load")
    page.wait_for_selector("section.ck-quiz.ck-quiz--ready")
    return page.eval_on_selector_all("li.ck-q:not([hidden])", "els => els.map(e => e.dataset.question)")


def test_a_pooled_quiz_draws_per_browser_seed(browser, site):
    draws = []
    for seed in ("1", "2", "3", "4", "5", "6"):
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script(f"window.localStorage.setItem('coursekit-quiz:seed', {seed!r})")
        shown = _pooled(page, site)
        assert shown[0] == "first" and len(shown) == 3
        assert page.locator(".ck-quiz__score").inner_text() == "Score: 0 of 3 correct (0 answered)"
        numbers = page.eval_on_selector_all("li.ck-q:not([hidden]) .ck-q__number",
                                            "els => els.map(e => e.textContent)")
        assert numbers == ["Question 1.", "Question 2.", "Question 3."]
        # the site draws what the kernel draws for the same seed
        from coursekit.quiz import load_bank

        bank = load_bank(BOOK / "pooled.yaml").practice()
        assert shown == [q.id for q in bank.drawn(seed)]
        saved = page.evaluate("JSON.parse(localStorage.getItem('coursekit-quiz:pooled'))")
        assert saved["_drawn"] == {"seed": seed, "questions": shown}
        assert _pooled(page, site) == shown  # the same browser, the same draw
        draws.append(tuple(shown))
        context.close()
    assert len(set(draws)) > 1


def test_no_answer_of_an_assessment_question_is_in_the_built_site(built):
    # every page, _sources file and executed notebook (_build/jupyter_execute) of the build
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in built.parent.rglob("*")
             if p.is_file() and p.suffix in (".html", ".txt", ".md", ".ipynb", ".js", ".json", ".py")]
    assert any("Pool question A." in t for t in texts)  # the bank's practice questions are there
    assert any(p.parts[-2] == "_sources" for p in built.rglob("*") if p.is_file())
    for secret in ("ZANJAN-ASSESSMENT-KEY", "QOM-ASSESSMENT-PROMPT", "ARAK-ASSESSMENT-FEEDBACK"):
        assert not any(secret in t for t in texts), secret


def test_an_image_stem_is_drawn_from_the_page_with_its_alt_text(page):
    image = question(page, "founded").locator("figure img")
    assert image.get_attribute("alt") == "A blue card with a question: <b>which year</b>?"
    assert image.evaluate("img => img.complete && img.naturalWidth") == 120  # drawn, from no host
    assert image.get_attribute("src").startswith("data:image/svg+xml;base64,")


@pytest.mark.parametrize("stored", ["5", '"text"', "[1, 2]", "true", '{"first": 7, "_drawn": 3}',
                                    '{"first": {"answer": {"x": 1}, "wrong": "many"}}'])
def test_tampered_saved_progress_is_ignored_and_the_quiz_still_works(browser, site, stored):
    """Saved progress that is JSON but not an object (or holds junk entries) is ignored: the
    pooled quiz is drawn and can be answered, with no script error."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("window.localStorage.setItem('coursekit-quiz:seed', '1');"
                         f"window.localStorage.setItem('coursekit-quiz:pooled', {stored!r})")
    shown = _pooled(page, site)
    assert errors == [] and shown[0] == "first" and len(shown) == 3
    saved = page.evaluate("JSON.parse(localStorage.getItem('coursekit-quiz:pooled'))")
    assert saved["_drawn"]["questions"] == shown
    context.close()

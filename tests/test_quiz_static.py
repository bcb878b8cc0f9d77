"""The static (site) rendering, tested by structure: fieldsets, labels, status regions, the JSON
answer key, escaping of author text, stable ids; and the output that carries both renderings."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from coursekit import quiz
from coursekit.quiz import load_bank
from coursekit.quiz.static import render
from coursekit.site.quiz import static_dir

from .conftest import DATA

BANK = load_bank(DATA / "quiz" / "valid" / "fixture.yaml")


@pytest.fixture
def soup():
    return BeautifulSoup(render(BANK, {"ostovar2016vanguard": "Ostovar 2016"}), "html.parser")


def test_every_question_is_a_fieldset_with_a_legend_and_labelled_controls(soup):
    questions = soup.select("li.ck-q")
    assert [q["data-question"] for q in questions] == [q.id for q in BANK.questions]
    for li in questions:
        assert li.fieldset.legend.get_text(strip=True).startswith("Question")
        controls = li.select("input, select")
        assert controls
        for control in controls:
            assert soup.select_one(f"label[for='{control['id']}']"), control
        assert li.select_one(".ck-q__feedback")["role"] == "status"
        assert li.select_one("button.ck-q__check")["aria-label"].startswith("Check")
    assert soup.select_one(".ck-quiz__score")["aria-live"] == "polite"
    ids = [el["id"] for el in soup.select("[id]")]
    assert len(ids) == len(set(ids))


def test_the_answer_key_is_json_in_the_page(soup):
    data = json.loads(soup.select_one("script.ck-quiz__data").string)
    by_id = {q["id"]: q for q in data["questions"]}
    assert data["quiz"] == "fixture"
    assert by_id["capital"]["answer"] == 0 and by_id["capital"]["source"] == "Ostovar 2016"
    assert by_id["sources"]["answers"] == [0, 1]
    assert by_id["founded"] | {} == by_id["founded"] and by_id["founded"]["tolerance"] == 0
    assert by_id["order"]["count"] == 2
    assert by_id["match"]["answers"] == [0, 1]
    # the value of the right radio button is the key's index, whatever the shuffle
    right = soup.select_one(f"#{by_id['capital']['element']}-o0").find_next("label").get_text()
    assert right == "Tehran"


def test_author_text_is_escaped_everywhere(soup):
    assert soup.find_all("img") == []
    assert [s.get("class") for s in soup.find_all("script")] == [["ck-quiz__data"]]
    legend = soup.select_one("li[data-question='script'] legend").get_text()
    assert "<script>alert(1)</script>" in legend and "<img src=x onerror=alert(2)>" in legend
    assert "<b>markup</b>" in soup.select_one(".ck-quiz__title").get_text()
    payload = soup.select_one("script.ck-quiz__data").string
    assert "<" not in payload and ">" not in payload and "&" not in payload
    raw = render(BANK)
    assert raw.count("<script") == 1 and raw.count("</script>") == 1  # nothing ends the data early
    assert "onerror=alert(3)" in json.loads(payload)["questions"][1]["feedback"]


def test_rendering_is_stable_and_ids_come_from_content():
    assert render(BANK) == render(load_bank(DATA / "quiz" / "valid" / "fixture.yaml"))
    twice = BeautifulSoup(render(BANK, occurrence=2), "html.parser")
    assert twice.section["id"] == BANK.element_id() + "-2"


def test_the_output_carries_the_widget_view_and_the_static_html(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "progress.json"))
    shown = quiz.show(DATA / "quiz" / "valid" / "fixture.yaml")
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"}
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == shown.widget.box.model_id
    assert 'data-coursekit-quiz="fixture"' in bundle["text/html"]
    assert bundle["text/plain"].startswith("Quiz 'fixture'")
    assert not (tmp_path / "progress.json").exists()  # showing a quiz writes nothing


def test_site_assets_are_small_and_self_contained():
    files = {p.name: p.read_text(encoding="utf-8") for p in static_dir().iterdir()}
    assert set(files) == {"coursekit-quiz.js", "coursekit-quiz.css"}
    assert sum(len(t.encode()) for t in files.values()) < 30_000
    for text in files.values():
        assert "http://" not in text and "https://" not in text and "@import" not in text
    assert "innerHTML" not in files["coursekit-quiz.js"]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_site_colours_meet_wcag_aa(theme):
    css = (static_dir() / "coursekit-quiz.css").read_text(encoding="utf-8")
    block = css.split('html[data-theme="dark"] .ck-quiz {')[1 if theme == "dark" else 0]
    colours = dict(re.findall(r"--ck-([\w-]+): (#[0-9a-f]{6});", block.split("}")[0] if theme == "dark"
                              else block.split(".ck-quiz {")[1].split("}")[0]))
    page = "#ffffff" if theme == "light" else "#121212"  # the theme's page background
    text_pairs = [("fg", page), ("muted", page), ("fg", "bg"), ("on-accent", "accent"),
                  ("accent", page), ("right", "right-bg"), ("wrong", "wrong-bg"), ("fg", "right-bg"),
                  ("fg", "wrong-bg")]
    for fg, bg in text_pairs:
        ratio = _contrast(colours.get(fg, fg), colours.get(bg, bg))
        assert ratio >= 4.5, f"{theme}: {fg} on {bg} is {ratio:.2f}:1"
    for edge in ("border", "right", "wrong", "accent"):  # borders and focus rings: 3:1
        assert _contrast(colours[edge], colours["bg"]) >= 3, f"{theme}: {edge} on bg"

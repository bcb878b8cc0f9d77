"""Quiz banks: loading, and every validation problem with file, line and question id.

``tests/data/quiz/invalid/<what-is-wrong>.yaml`` each sit next to ``<what-is-wrong>.expected``,
the exact problem lines; adding a case is adding two files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coursekit.knowledge.problems import CourseDataError
from coursekit.knowledge.references import load_references
from coursekit.quiz import load_bank
from coursekit.quiz.bank import check_banks, shipped_banks

from .conftest import DATA, ROOT

VALID = DATA / "quiz" / "valid"
INVALID = sorted((DATA / "quiz" / "invalid").glob("*.yaml"))
KNOWN = {"ostovar2016vanguard", "usdod2020soleimani"}


def test_valid_banks_load_with_every_question():
    assert check_banks(VALID, KNOWN, show=lambda p: p.name) == []
    bank = load_bank(VALID / "fixture.yaml")
    assert bank.id == "fixture"
    assert [q.type for q in bank.questions] == ["single", "true-false", "numeric", "multiple",
                                                "ordering", "matching"]
    assert bank.question("match").choices == ["Quds Force", "Kata'ib Hezbollah", "Badr Organization"]
    assert load_bank(VALID / "minimal.yaml").questions[0].shuffle is None


@pytest.mark.parametrize("case", INVALID, ids=[c.stem for c in INVALID])
def test_each_invalid_bank_is_reported_with_file_line_and_question(case, tmp_path):
    shutil.copy(case, tmp_path)
    found = [str(p) for p in check_banks(tmp_path, KNOWN, show=lambda p: p.name)]
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert found == [line for line in expected if line.strip()]


def test_every_problem_of_a_folder_in_one_run(tmp_path):
    for case in INVALID:
        shutil.copy(case, tmp_path)
    found = check_banks(tmp_path, KNOWN, show=lambda p: p.name)
    assert {p.file for p in found} == {c.name for c in INVALID}


def test_load_bank_raises_with_every_problem():
    with pytest.raises(CourseDataError) as err:
        load_bank(DATA / "quiz" / "invalid" / "answer-not-an-option.yaml")
    assert len(err.value.problems) == 2
    with pytest.raises(CourseDataError, match="no such quiz bank"):
        load_bank("99-nowhere")


def test_shipped_banks_are_valid_and_cite_known_references():
    refs, _ = load_references(ROOT / "src" / "coursekit" / "data" / "references.bib", "references.bib")
    folder = ROOT / "src" / "coursekit" / "data" / "quizzes"
    assert check_banks(folder, set(refs)) == []
    assert "01-about" in shipped_banks()
    bank = load_bank("01-about")
    assert len(bank.questions) >= 8
    assert len({q.type for q in bank.questions}) >= 3


def test_every_shipped_question_shows_its_source_after_the_feedback():
    import json
    import re

    from coursekit.quiz import sources
    from coursekit.quiz.static import render

    labels = sources()
    for name in shipped_banks():
        bank = load_bank(name)
        html = render(bank, labels)
        (payload,) = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.DOTALL)
        shown = {q["id"]: q for q in json.loads(payload)["questions"]}
        for q in bank.questions:
            assert shown[q.id]["feedback"].strip(), f"{name}/{q.id}: no feedback"
            assert shown[q.id]["source"] == labels[q.ref], f"{name}/{q.id}: source not shown"


def test_a_missing_folder_has_no_banks_and_no_problems(tmp_path):
    assert check_banks(tmp_path / "none", KNOWN) == []
    assert check_banks(Path(tmp_path), KNOWN) == []


FIRST_CHAPTERS = ("01-about", "02-revolution-and-the-guards", "03-quds-force")


def _wrong_choices(q) -> list[str]:
    if q.type == "true-false":
        return ["false" if q.answer else "true"]
    return [o for o in q.options if o not in q.right_options()]


def test_every_shipped_bank_explains_its_distractors():
    for name in shipped_banks():
        bank = load_bank(name)
        explained = [q for q in bank.questions if getattr(q, "option_feedback", None)]
        assert explained, f"{name}: no question has option feedback"
        for q in bank.questions:
            if name in FIRST_CHAPTERS and q.type in ("single", "multiple", "true-false"):
                missing = set(_wrong_choices(q)) - set(q.option_feedback)
                assert not missing, f"{name}/{q.id}: no feedback for {sorted(missing)}"


def test_no_distractor_feedback_gives_the_right_answer_away():
    """A first wrong answer shows only the chosen option's feedback: it must not name the answer."""
    for name in shipped_banks():
        for q in load_bank(name).questions:
            if q.type not in ("single", "multiple"):
                continue
            for option, text in q.wrong_feedback().items():
                for right in q.right_options():
                    assert right.casefold() not in text.casefold(), f"{name}/{q.id}: {option!r}"


@pytest.mark.parametrize(("make", "says"), [
    # a symlink inside the bank's folder to a file outside it: /etc/passwd would be embedded
    # in the page and in every export
    (lambda images: (images / "square.svg").symlink_to("/etc/passwd"),
     "is a link; an image must be a file inside the bank's folder"),
    (lambda images: (images / "square.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'),
     "active content (<script>)"),
    (lambda images: (images / "square.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'),
     "active content (onload=)"),
    (lambda images: (images / "square.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<a x:href="javascript:alert(1)"><rect width="1" height="1"/></a></svg>'),
     "active content (javascript: link)"),
    (lambda images: (images / "square.svg").write_text(
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>'),
     "is not an SVG image coursekit can read"),
])
def test_an_image_that_is_a_link_or_active_svg_is_refused(tmp_path, make, says):
    folder = tmp_path / "quizzes"
    shutil.copytree(VALID, folder, symlinks=True)
    (folder / "images" / "square.svg").unlink()
    make(folder / "images")
    found = [str(p) for p in check_banks(folder, KNOWN, show=lambda p: p.name)]
    assert len(found) == 1 and found[0].startswith("fixture.yaml:") and says in found[0], found
    assert "\n" not in found[0] and "images/square.svg" in found[0]


def test_two_images_that_share_a_name_in_the_export_package_are_refused(tmp_path):
    """``images/map.svg`` and ``images-map.svg`` are both ``images-map.svg`` in a QTI package:
    one question would silently show the other's picture."""
    svg = (VALID / "images" / "square.svg").read_text()
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "map.svg").write_text(svg)
    (tmp_path / "images-map.svg").write_text(svg)
    question = ("  - id: {id}\n    type: true-false\n    prompt: The Guards were founded in 1979.\n"
                "    image:\n      file: {file}\n      alt: A blue card with a year\n    answer: true\n"
                "    feedback: They were founded in the year of the revolution.\n"
                "    ref: ostovar2016vanguard\n")
    (tmp_path / "two.yaml").write_text("id: two\ntitle: Two\nquestions:\n"
                                       + question.format(id="one", file="images/map.svg")
                                       + question.format(id="other", file="images-map.svg"))
    found = [str(p) for p in check_banks(tmp_path, KNOWN, show=lambda p: p.name)]
    assert found == ["two.yaml:17: other: image.file: image 'images-map.svg' has the same name in an "
                     "export package as 'images/map.svg' (question one): rename one of them"], found


def png(width: int, height: int) -> bytes:
    """A PNG of ``width`` x ``height`` pixels: its header, one pixel row of data, the end."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1))) + chunk(b"IEND", b""))


def jpeg(width: int, height: int) -> bytes:
    """The start of a JPEG: a JFIF segment, then the frame header (SOF0) with the size."""
    import struct

    jfif = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + jfif + b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"


def gif(width: int, height: int) -> bytes:
    import struct

    frame = b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"  # one pixel, the end
    return b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0) + frame


def webp(width: int, height: int) -> bytes:
    """An extended WebP (VP8X) header with the canvas size."""
    size = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF\x16\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00" + size


PNG = png(40, 30)
SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
IMAGE_QUESTION = ("id: pictured\ntitle: Pictured\nquestions:\n  - id: one\n    type: true-false\n"
                  "    prompt: The Guards were founded in 1979.\n    image:\n      file: {file}\n"
                  "      alt: A blue card with a year\n    answer: true\n"
                  "    feedback: They were founded in the year of the revolution.\n"
                  "    ref: ostovar2016vanguard\n")


@pytest.mark.parametrize(("file", "content", "says"), [
    # a page renamed: served by an LMS as an image it is not, sniffed as HTML by some browsers
    ("images/map.png", b"<html><script>alert(document.cookie)</script></html>",
     "'images/map.png' is not a PNG image: its bytes are HTML (a file renamed?)"),
    ("images/map.jpg", f"<svg {SVG_NS} onload=\"alert(1)\"/>".encode(),
     "'images/map.jpg' is not a JPEG image: its bytes are SVG (a file renamed?)"),
    ("images/map.gif", b'<?xml version="1.0"?><quiz/>', "'images/map.gif' is not a GIF image: its "
     "bytes are XML (a file renamed?)"),
    ("images/map.svg", PNG, "'images/map.svg' is not an SVG image: its bytes are a PNG image (give it "
     "the suffix .png)"),
    ("images/map.webp", PNG, "'images/map.webp' is not a WebP image: its bytes are a PNG image "
     "(give it the suffix .png)"),
    ("images/map.gif", b"", "'images/map.gif' is empty"),
    ("images/map.gif", b"GIF8", "'images/map.gif' is not a GIF image: its bytes are not one "
     "coursekit recognises"),
    ("images/map.png", PNG + b"\x00" * 300_000, f"'images/map.png' is {len(PNG) + 300_000:,} bytes; "
     "it is embedded in every page and export, so keep it under 300,000"),
    # a few hundred bytes that declare a picture no browser can decode (a pixel bomb)
    ("images/map.png", png(50_000, 50_000), "'images/map.png' is 50,000 x 50,000 pixels: keep it under "
     "25,000,000 pixels"),
    ("images/map.jpg", jpeg(20_000, 10_000), "is 20,000 x 10,000 pixels"),
    ("images/map.gif", gif(65_535, 65_535), "is 65,535 x 65,535 pixels"),
    ("images/map.webp", webp(16_384, 16_384), "is 16,384 x 16,384 pixels"),
    ("images/map.webp", b"RIFF\x16\x00\x00\x00WEBPVP8 \x0a\x00\x00\x00\x00\x00\x00\x9d\x01\x2a"
     + (16_000).to_bytes(2, "little") + (9_000).to_bytes(2, "little"), "is 16,000 x 9,000 pixels"),
    ("images/map.webp", b"RIFF\x16\x00\x00\x00WEBPVP8L\x05\x00\x00\x00\x2f"
     + ((12_000 - 1) | (8_000 - 1) << 14).to_bytes(4, "little"), "is 12,000 x 8,000 pixels"),
    ("images/map.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 40, "'images/map.jpg' is not a JPEG image "
     "coursekit can read: its header gives no size in pixels"),
    ("images/map.svg", b'<html xmlns="http://www.w3.org/1999/xhtml"><body>hi</body></html>',
     "'images/map.svg' is not an SVG image: its root element is <html>, not <svg>"),
    ("images/map.svg", b"<svg><rect width='1' height='1'/></svg>",
     "'images/map.svg' is not an SVG image: its root element is <svg> outside the SVG namespace"),
    # SMIL animation sets the link to javascript: after the first value
    ("images/map.svg", f"<svg {SVG_NS}><a><animate attributeName=\"href\" values=\"#x;"
     "javascript:alert(1)\"/><rect width='1' height='1'/></a></svg>".encode(),
     "has active content (javascript: link)"),
    # an XSLT style sheet turns the opened file into any page, scripts included
    ("images/map.svg", f"<?xml-stylesheet type='text/xsl' href='x.xsl'?><svg {SVG_NS}/>".encode(),
     "has active content (<?xml-stylesheet?>)"),
    ("images/map.svg", f"<svg {SVG_NS} xmlns:l=\"http://www.w3.org/1999/xlink\">"
     "<image l:href=\"https://tracker.example/pixel.png\"/></svg>".encode(),
     "loads 'https://tracker.example/pixel.png' from elsewhere"),
    ("images/map.svg", f"<svg {SVG_NS}><style>rect {{ fill: url( 'http://tracker.example/p' ) }}"
     "</style></svg>".encode(), "loads 'http://tracker.example/p' from elsewhere"),
    ("images/map.svg", f"<svg {SVG_NS}><style>@import 'https://tracker.example/a.css';</style>"
     "</svg>".encode(), "loads 'https://tracker.example/a.css' from elsewhere"),
    # CSS escapes spell @import and url( without the letters; image-set() fetches without url()
    ("images/map.svg", f"<svg {SVG_NS}><style>@\\69mport 'https://tracker.example/a.css';</style>"
     "</svg>".encode(), "has a backslash escape (\\) in a style or attribute"),
    ("images/map.svg", f"<svg {SVG_NS}><rect style=\"fill: ur\\6c(https://tracker.example/p)\"/>"
     "</svg>".encode(), "has a backslash escape (\\) in a style or attribute"),
    ("images/map.svg", f"<svg {SVG_NS}><rect style=\"fill: image-set('https://tracker.example/p' 1x)\"/>"
     "</svg>".encode(), "uses image-set() in its style: give images with url(#id) only"),
    # a path longer than a file name may be: was an OSError traceback in coursekit check
    ("images/" + "m" * 300 + ".png", None, "is 311 characters long: keep an image's path to 100"),
])
def test_an_image_whose_bytes_are_not_its_kind_is_refused(tmp_path, file, content, says):
    if content is not None:
        (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / file).write_bytes(content)
    (tmp_path / "pictured.yaml").write_text(IMAGE_QUESTION.format(file=file))
    found = [str(p) for p in check_banks(tmp_path, KNOWN, show=lambda p: p.name)]
    assert len(found) == 1 and found[0].startswith("pictured.yaml:8: one: image.file: "), found
    assert says in found[0] and "\n" not in found[0], found


@pytest.mark.parametrize(("file", "content"), [
    ("images/map.png", PNG), ("images/map.jpg", jpeg(640, 480)), ("images/map.jpeg", jpeg(5_000, 5_000)),
    ("images/map.gif", gif(1, 1)), ("images/map.webp", webp(800, 600)),
    ("images/map.svg", f"<svg {SVG_NS} xmlns:l=\"http://www.w3.org/1999/xlink\"><defs><rect id=\"r\" "
     "width=\"1\" height=\"1\" style=\"fill: url(#g)\"/></defs><use l:href=\"#r\"/></svg>".encode()),
])
def test_an_image_of_each_kind_is_accepted(tmp_path, file, content):
    (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / file).write_bytes(content)
    (tmp_path / "pictured.yaml").write_text(IMAGE_QUESTION.format(file=file))
    assert check_banks(tmp_path, KNOWN) == []


def test_every_rendering_and_export_refuses_an_image_changed_after_the_bank_was_loaded(tmp_path):
    """The site, the widget and every export read the image through one check, not only
    coursekit check: a file replaced after loading is not embedded."""
    from coursekit.quiz.export import to_gift, to_moodle, to_qti
    from coursekit.quiz.static import render

    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "map.png").write_bytes(PNG)
    (tmp_path / "pictured.yaml").write_text(IMAGE_QUESTION.format(file="images/map.png"))
    bank = load_bank(tmp_path / "pictured.yaml")
    (tmp_path / "images" / "map.png").write_bytes(b"<html><script>alert(1)</script></html>")
    from coursekit.quiz.widget import QuizWidget

    for use in (lambda: render(bank, {}), lambda: QuizWidget(bank), lambda: to_qti([bank]),
                lambda: to_moodle([bank])):
        with pytest.raises(CourseDataError, match=r"pictured.yaml: one: image.file: image 'images/map.png' "
                           r"is not a PNG image: its bytes are HTML"):
            use()
    assert to_gift([bank]).questions == 1  # GIFT carries the alt text only


def test_an_image_that_cannot_be_read_is_one_line(tmp_path, monkeypatch):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "map.png").write_bytes(PNG)
    (tmp_path / "pictured.yaml").write_text(IMAGE_QUESTION.format(file="images/map.png"))

    read = Path.read_bytes

    def refuse(path):  # root reads any file: a permission error is simulated for the image
        if path.suffix == ".png":
            raise PermissionError(13, "Permission denied", str(path))
        return read(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    found = [str(p) for p in check_banks(tmp_path, KNOWN, show=lambda p: p.name)]
    assert found == ["pictured.yaml:8: one: image.file: image 'images/map.png' cannot be read "
                     "(Permission denied)"]


def test_two_images_whose_names_differ_only_in_case_are_refused(tmp_path):
    """``Map.svg`` and ``map.svg`` are one file once the package is unpacked on Windows or macOS."""
    svg = (VALID / "images" / "square.svg").read_text()
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "map.svg").write_text(svg)
    (tmp_path / "images" / "Map.svg").write_text(svg)
    one = IMAGE_QUESTION.format(file="images/map.svg")
    other = one.split("questions:\n")[1].replace("id: one", "id: other").replace("map.svg", "Map.svg")
    (tmp_path / "pictured.yaml").write_text(one + other)
    found = [str(p) for p in check_banks(tmp_path, KNOWN, show=lambda p: p.name)]
    assert found == ["pictured.yaml:17: other: image.file: image 'images/Map.svg' has the same name "
                     "in an export package as 'images/map.svg' (question one): rename one of them"]


@pytest.mark.parametrize("text", ["half a pair \ud800 of surrogates", "a lone low \udfff one",
                                  "not a character \uffff", "a form\x0cfeed"])
def test_text_no_xml_file_can_hold_is_refused_whichever_yaml_reader_read_it(text):
    """libyaml refuses ``"\\ud800"`` in the YAML; PyYAML's Python reader passes it on. Either
    way the bank is refused with one line, before any export could write ill-formed XML."""
    from coursekit.quiz.bank import parse_bank

    doc = {"id": "xml", "title": "T", "questions": [
        {"id": "q", "type": "true-false", "prompt": text, "answer": True, "feedback": "F.",
         "ref": "ostovar2016vanguard"}]}
    _, problems = parse_bank(doc, "xml.yaml")
    assert [p.field for p in problems] == ["prompt"] and "\n" not in str(problems[0])
    assert "character U+" in problems[0].message

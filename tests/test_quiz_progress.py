"""The progress file: saved and read back, summarised, and never lost when it is damaged."""

from __future__ import annotations

import json

import pytest

from coursekit.quiz import progress_summary
from coursekit.quiz.progress import Progress, default_path


def test_default_location_and_override(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSEKIT_PROGRESS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path() == tmp_path / ".coursekit" / "progress.json"
    monkeypatch.setenv("COURSEKIT_PROGRESS", str(tmp_path / "mine.json"))
    assert Progress().path == tmp_path / "mine.json"


def test_record_counts_attempts_and_writes_atomically(tmp_path):
    progress = Progress(tmp_path / "sub" / "progress.json")
    progress.record("01-about", "fto-year", "2018", False)
    entry = progress.record("01-about", "fto-year", "2019", True)
    assert entry["attempts"] == 2 and entry["correct"] is True
    assert json.loads(progress.path.read_text())["quizzes"]["01-about"]["fto-year"]["answer"] == "2019"
    assert [p.name for p in progress.path.parent.iterdir()] == ["progress.json"]  # no temp file left


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b'{"format": 1, "quizzes": []}',
                                     b"[1, 2, 3]",
                                     # tampered by hand: each was a traceback in drawn(), record() or
                                     # the widget's restore
                                     b'{"format": 1, "quizzes": {}, "drawn": "x"}',
                                     b'{"format": 1, "quizzes": {}, "drawn": {"q": {"seed": "1", '
                                     b'"questions": 5}}}',
                                     b'{"format": 1, "quizzes": {}, "drawn": {"q": {"seed": "1", '
                                     b'"questions": [1]}}}',
                                     b'{"format": 1, "quizzes": {}, "seed": 5}',
                                     b'{"format": 1, "quizzes": {"01-about": {"a": {"attempts": "x"}}}}',
                                     b'{"format": 1, "quizzes": {"01-about": {"a": {"attempts": [1]}}}}',
                                     b'{"format": 1, "quizzes": {"01-about": {"a": {"wrong": 1e400}}}}',
                                     b'{"format": 1, "quizzes": {"01-about": {"a": {"wrong": true}}}}'])
def test_a_damaged_file_is_moved_aside_with_a_friendly_message(tmp_path, content, recwarn):
    path = tmp_path / "progress.json"
    path.write_bytes(content)
    (tmp_path / "progress.json.corrupt-1").write_text("an earlier one")
    told = []
    progress = Progress(path, notify=told.append)
    assert progress.answers("01-about") == {}
    (message,) = told
    assert f"moved to {tmp_path / 'progress.json.corrupt-2'}" in message  # where the old file went
    assert "rename it to progress.json" in message  # how to recover
    assert "\n" not in message and "Traceback" not in message and not recwarn.list
    assert (tmp_path / "progress.json.corrupt-2").read_bytes() == content
    assert (tmp_path / "progress.json.corrupt-1").read_text() == "an earlier one"
    progress.record("01-about", "fto-year", 2019, True)
    assert Progress(path).answers("01-about")["fto-year"]["correct"] is True


def test_an_unwritable_location_keeps_one_store_for_the_session(tmp_path, capsys, recwarn):
    blocker = tmp_path / "file"
    blocker.write_text("")
    path = blocker / "progress.json"  # its folder would be a file: cannot be made
    first = Progress(path)
    first.record("01-about", "fto-year", 2019, True)
    assert "kept only until the kernel stops" in capsys.readouterr().err and not recwarn.list
    assert first.answers("01-about")["fto-year"]["answer"] == 2019
    second = Progress(path)  # another quiz of the same session
    assert second.memory_only and "COURSEKIT_PROGRESS" in second.status
    second.record("02-revolution-and-the-guards", "q", "x", False)
    assert set(first.all()) == set(second.all()) == {"01-about", "02-revolution-and-the-guards"}
    assert capsys.readouterr().err == ""  # told once
    assert not Progress(tmp_path / "elsewhere.json").memory_only


def test_summary_across_quizzes(tmp_path):
    progress = Progress(tmp_path / "progress.json")
    progress.record("01-about", "fto-year", "2019", True)
    progress.record("01-about", "fto-first", False, False)
    progress.record("99-retired", "old", "x", True)
    table = progress_summary(progress).set_index("quiz")
    assert table.loc["01-about", "questions"] >= 8
    assert (table.loc["01-about", "answered"], table.loc["01-about", "correct"]) == (2, 1)
    assert table.loc["99-retired", "title"] == "(quiz no longer available)"

"""myst.yml (Jupyter Book 2) is generated from the JB1 _config.yml and _toc.yml and kept current."""

from __future__ import annotations

import shutil

import pytest
import yaml

from coursekit import project
from coursekit.jb2.config import ConfigError, check_config, myst_config, render, write_config

from .conftest import ROOT


def _toc_files(entries):
    for entry in entries:
        if "file" in entry:
            yield entry["file"]
        yield from _toc_files(entry.get("children", []))


def test_the_committed_myst_yml_is_what_the_jb1_files_give():
    assert check_config(ROOT) == []


def test_myst_yml_lists_the_jb1_toc_pages_in_order_with_the_parts_as_groups():
    committed = yaml.safe_load((ROOT / "myst.yml").read_text(encoding="utf-8"))
    entries, problems = project.toc_entries(ROOT)
    assert not problems
    jb1 = [project.resolve(ROOT, e).relative_to(ROOT).as_posix() for e, _ in entries]
    assert list(_toc_files(committed["project"]["toc"])) == jb1
    jb1_toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    groups = [e["title"] for e in committed["project"]["toc"] if "children" in e]
    assert groups == [part["caption"] for part in jb1_toc["parts"]]


def test_title_author_and_bibliography_carry_over():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    proj = myst_config(ROOT)["project"]
    assert proj["title"] == config["title"]
    assert proj["authors"] == [{"name": config["author"]}]
    assert proj["bibliography"] == config["bibtex_bibfiles"]


def test_generation_is_deterministic():
    assert render(myst_config(ROOT)) == render(myst_config(ROOT))


@pytest.fixture
def book(tmp_path):
    for name in ("_config.yml", "_toc.yml", "myst.yml"):
        shutil.copyfile(ROOT / name, tmp_path / name)
    for entry, _ in project.toc_entries(ROOT)[0]:
        source = project.resolve(ROOT, entry)
        target = tmp_path / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("{}", encoding="utf-8")
    return tmp_path


def test_a_toc_edit_without_regenerating_is_reported(book):
    toc = (book / "_toc.yml").read_text(encoding="utf-8")
    (book / "_toc.yml").write_text(toc.replace("      - file: back/people\n", ""), encoding="utf-8")
    assert [str(p) for p in check_config(book)] == [
        "myst.yml: out of date with _config.yml/_toc.yml: run `coursekit jb2 config` and commit "
        "the result"]
    write_config(book)
    assert check_config(book) == []


def test_a_toc_entry_naming_no_file_is_one_line_with_its_line(book):
    (book / "back" / "people.ipynb").unlink()
    with pytest.raises(ConfigError) as caught:
        myst_config(book)
    assert [str(p) for p in caught.value.problems] == [
        "_toc.yml:34: entry 'back/people' names no file"]


def test_a_missing_myst_yml_says_how_to_write_it(book):
    (book / "myst.yml").unlink()
    assert [str(p) for p in check_config(book)] == [
        "myst.yml: missing: run `coursekit jb2 config` to write it"]


def test_a_toc_without_parts_lists_its_chapters_after_the_root(book):
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    chapters = [c for part in toc.pop("parts") for c in part["chapters"]]
    toc["chapters"] = chapters
    (book / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    listed = list(_toc_files(myst_config(book)["project"]["toc"]))
    jb1 = [project.resolve(book, e).relative_to(book).as_posix() for e, _ in project.toc_entries(book)[0]]
    assert listed == jb1 and len(listed) == len(chapters) + 1
    assert all("children" not in e for e in myst_config(book)["project"]["toc"])


def test_a_toc_with_both_parts_and_chapters_is_refused_at_the_chapters_line(book):
    toc = (book / "_toc.yml").read_text(encoding="utf-8")
    (book / "_toc.yml").write_text(toc + "chapters:\n  - file: back/people\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        myst_config(book)
    line = toc.count("\n") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"_toc.yml:{line}: both 'parts' and 'chapters' at the top: a jb-book table of contents "
        "has one or the other"]

"""Fixtures from the hostile-text corpus (``tests/data/hostile/corpus.yaml``).

:func:`write_course` writes a complete knowledge base in which **every** corpus entry that check
accepts is **every** author-text field of a record of every kind (places, their countries,
actors with roles, relations, events, stories, claims with the article header, references), and
:func:`write_banks` one quiz bank per entry with a question of every type, the entry in every
text field. :func:`write_rejected` does the same with the entries check must refuse, and
:func:`expected_rejections` gives the exact problem line for each field they went into.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import yaml

from coursekit.knowledge import yamlio
from coursekit.knowledge.schema import Status

from .conftest import DATA

CORPUS_FILE = DATA / "hostile" / "corpus.yaml"
CANARY_DIR = Path("/tmp/coursekit-canary")
LEVELS = ("everywhere", "quiz", "matching-answer")  # where check refuses an entry, widest first
STATUSES: tuple[str, ...] = get_args(Status)
KINDS = ("capital", "city", "site", "base", "region")
QUIZ_REF = "ostovar2016vanguard"  # a key of the package's references.bib


@dataclass(frozen=True)
class Entry:
    id: str
    text: str
    rejected_in: str | None = None  # one of LEVELS
    message: str | None = None

    def refused(self, level: str) -> bool:
        """Does check refuse this entry in a field of ``level``?"""
        return self.rejected_in is not None and LEVELS.index(self.rejected_in) <= LEVELS.index(level)

    def problem(self) -> str:
        assert self.message is not None
        return self.message.format(at=self.at)

    @property
    def at(self) -> int:
        from coursekit.knowledge.schema import text_problem

        for index in range(len(self.text)):
            if text_problem(self.text[index], separators=False):
                return index + 1
        return 0


def corpus() -> list[Entry]:
    doc = yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8"))
    return [Entry(e["id"], e["text"], (e.get("rejected") or {}).get("in"),
                  (e.get("rejected") or {}).get("message")) for e in doc["entries"]]


def accepted(level: str) -> list[Entry]:
    return [e for e in corpus() if not e.refused(level)]


def canaries() -> list[Entry]:
    return [e for e in corpus() if e.id.startswith("canary-")]


class _Dumper(yaml.SafeDumper):
    """Every string double-quoted, so each character survives as written (PyYAML writes U+0085 in a
    plain or single-quoted string as a raw line break, which reads back as a space)."""


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style='"'))


def _dump(path: Path, doc) -> None:
    path.write_text(yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000),
                    encoding="utf-8")


def _code(index: int) -> str:
    return "X" + chr(65 + index // 26) + chr(65 + index % 26)


def _square(index: int) -> tuple[float, float, dict]:
    lat, lon = 8 + (index // 8) * 1.5, 52 + (index % 8) * 1.5
    ring = [[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]
    return lat + 0.5, lon + 0.5, {"type": "Polygon", "coordinates": [ring]}


def bib_text(text: str) -> str:
    """The entry as a BibTeX field can hold it: braces are BibTeX's own syntax, so they go; a
    backtick (LaTeX's opening quote, refused by check) becomes the mark itself, and a bare $ is
    written \\$ (check refuses a bare one, which the JB2 site's reader takes for math)."""
    text = text.replace("{", "").replace("}", "").replace("`", "\u2018")
    return re.sub(r"(?<!\\)\$", r"\\$", text)


def records(entries: list[Entry]) -> dict[str, object]:
    """Every data file's records, the i-th entry in every author-text field of the i-th records."""
    places, actors, relations, events, stories, claims, uncovered = [], [], [], [], [], [], []
    source = {"id": "hostile-source", "kind": "state", "name": "Hostile Source", "country": "IRN",
              "home": "place-0", "description": "The state the network map starts from.",
              "refs": ["ref-0"]}
    actors.append(source)
    stops = []
    for i, entry in enumerate(entries):
        text, place, person, group = entry.text, f"place-{i}", f"actor-{i}-a", f"actor-{i}-b"
        lat, lon, _ = _square(i)
        places.append({"id": place, "name": text, "names": [text], "kind": KINDS[i % len(KINDS)],
                       "country": _code(i), "lat": lat, "lon": lon, "approximate": True,
                       "note": text, "refs": [f"ref-{i}"]})
        actors.append({"id": person, "kind": "person", "name": text, "short": text, "names": [text],
                       "home": place, "start": "1960",
                       "roles": [{"title": text, "of": group, "start": "2000"}],
                       "description": text, "refs": [f"ref-{i}"]})
        actors.append({"id": group, "kind": "organisation", "name": text, "short": text,
                       "names": [text], "home": place, "start": "1990", "description": text,
                       "refs": [f"ref-{i}"]})
        relations.append({"source": "hostile-source", "type": "supports", "target": group,
                          "start": "2001", "note": text, "status": STATUSES[i % 3],
                          "attribution": text, "refs": [f"ref-{i}"]})
        relations.append({"source": person, "type": "led", "target": group, "note": text,
                          "status": STATUSES[i % 3], "attribution": text, "refs": [f"ref-{i}"]})
        events.append({"id": f"event-{i}", "date": f"{2001 + i // 12}-{i % 12 + 1:02d}",
                       "title": text, "summary": text, "places": [place], "actors": [person],
                       "status": STATUSES[i % 3], "attribution": text, "refs": [f"ref-{i}"]})
        stories.append({"id": f"story-{i}", "title": text, "actor": person, "stops": [
            {"place": place, "date": "2000", "text": text, "refs": [f"ref-{i}"]},
            {"place": "place-0", "date": "2010", "text": text, "refs": [f"ref-{i}"]}]})
        stops.append({"place": place, "date": f"{2001 + i // 12}-{i % 12 + 1:02d}", "text": text,
                      "refs": [f"ref-{i}"]})
        claims.append({"id": f"claim-{i}", "locations": [f"P{i + 1}.S2"], "claim": text,
                       "kind": "allegation", "claimant": text, "verdict": "imprecise",
                       "correction": text, "explanation": text, "refs": [f"ref-{i}"]})
        uncovered.append({"location": f"P{i + 1}.S1", "reason": text})
    stories.insert(0, {"id": "hostile-story", "title": "Every entry, one stop each", "stops": stops})
    first = entries[0].text
    return {
        "places": places, "actors": actors, "relations": relations, "events": events,
        "stories": stories,
        "claims": {"article": {"title": first, "publisher": first, "date": "2019-12-21",
                               "refs": ["ref-0"]}, "uncovered": uncovered, "claims": claims},
    }


def write_course(folder: Path, entries: list[Entry] | None = None) -> Path:
    """A knowledge base (every data file) with every accepted entry in every field."""
    entries = entries if entries is not None else accepted("everywhere")
    folder.mkdir(parents=True, exist_ok=True)
    for kind, doc in records(entries).items():
        _dump(folder / f"{kind}.yaml", doc)
    base = json.loads((DATA / "maps" / "boundaries.geojson").read_text(encoding="utf-8"))
    for i, entry in enumerate(entries):
        base["features"].append({"type": "Feature", "geometry": _square(i)[2],
                                 "properties": {"iso3": _code(i), "name": entry.text, "course": True}})
    (folder / "boundaries.geojson").write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")
    bib = [f"@misc{{ref-{i},\n  author = {{{{{bib_text(e.text)}}}}},\n  title = {{{bib_text(e.text)}}},\n"
           f"  year = {{2020}},\n  tier = {{scholarly}}\n}}\n" for i, e in enumerate(entries)]
    (folder / "references.bib").write_text("\n".join(bib), encoding="utf-8")
    return folder


def bank(index: int, entry: Entry, *, answers: bool | None = None,
         option_feedback: bool = True) -> dict:
    """One bank: the entry as title, intro and every text field of a question of every type.

    A matching question's right-hand answers hold the entry too unless check refuses it there
    (``answers`` forces the choice); ``option_feedback`` adds the entry as a wrong option's own
    feedback (left out of the banks of refused entries, whose expected messages list the other
    fields).
    """
    text = entry.text
    own = (lambda key: {"option_feedback": {key: text}}) if option_feedback else (lambda key: {})
    common = {"feedback": text, "ref": QUIZ_REF}
    matching_ok = not entry.refused("matching-answer") if answers is None else answers
    return {"id": f"bank-{index}", "title": text, "intro": text, "questions": [
        {"id": "single", "type": "single", "prompt": text, "options": [text, "Another option"],
         "answer": text, **common},
        {"id": "single-wrong", "type": "single", "prompt": text, "options": ["The answer", text],
         "answer": "The answer", **own(text), **common},
        {"id": "multiple", "type": "multiple", "prompt": text,
         "options": [text, "Another option", "A third option"], "answers": [text, "Another option"],
         **common},
        {"id": "true-false", "type": "true-false", "prompt": text, "answer": True, **own("false"),
         **common},
        {"id": "numeric", "type": "numeric", "prompt": text, "answer": 1979, "tolerance": 1,
         "unit": text, **common},
        {"id": "ordering", "type": "ordering", "prompt": text, "items": [text, "Second item"],
         **common},
        {"id": "matching", "type": "matching", "prompt": text,
         "pairs": [{"left": text, "right": text if matching_ok else "An answer"},
                   {"left": "Another item", "right": "Another answer"}],
         "distractors": [f"{text} (distractor)" if matching_ok else "A distractor"], **common},
    ]}


def write_banks(folder: Path, entries: list[Entry] | None = None, *,
                answers: bool | None = None, option_feedback: bool = True) -> list[Path]:
    """One bank file per accepted entry (``bank-<n>.yaml``)."""
    entries = entries if entries is not None else accepted("quiz")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, entry in enumerate(entries):
        path = folder / f"bank-{i}.yaml"
        _dump(path, bank(i, entry, answers=answers, option_feedback=option_feedback))
        paths.append(path)
    return paths


# ------------------------------------------------------------------------ what check refuses

def write_rejected(folder: Path) -> Path:
    """The knowledge base and banks with only the entries check refuses, each in every field
    where it is refused (a valid base for everything else)."""
    everywhere = [e for e in corpus() if e.refused("everywhere")]
    write_course(folder, everywhere)
    (folder / "references.bib").write_text("".join(
        f"@misc{{ref-{i},\n  author = {{Author}},\n  title = {{Title}},\n  year = {{2020}},\n"
        "  tier = {scholarly}\n}\n"
        for i in range(len(everywhere))), encoding="utf-8")
    geo = json.loads((folder / "boundaries.geojson").read_text(encoding="utf-8"))
    for feature in geo["features"]:
        feature["properties"]["name"] = feature["properties"]["iso3"]
    (folder / "boundaries.geojson").write_text(json.dumps(geo), encoding="utf-8")
    quiz = [e for e in corpus() if e.refused("matching-answer")]
    write_banks(folder / "quizzes", quiz, answers=True, option_feedback=False)
    return folder


# every author-text field of each record, as (record id, field path); ids from records()
def _knowledge_fields(i: int) -> dict[str, list[tuple[str, tuple]]]:
    return {
        "places.yaml": [(f"place-{i}", ("name",)), (f"place-{i}", ("names", 0)),
                        (f"place-{i}", ("note",))],
        "actors.yaml": [(f"actor-{i}-a", f) for f in (("name",), ("short",), ("names", 0),
                                                       ("roles", 0, "title"), ("description",))]
        + [(f"actor-{i}-b", f) for f in (("name",), ("short",), ("names", 0), ("description",))],
        "relations.yaml": [(f"hostile-source--supports--actor-{i}-b", ("note",)),
                           (f"hostile-source--supports--actor-{i}-b", ("attribution",)),
                           (f"actor-{i}-a--led--actor-{i}-b", ("note",)),
                           (f"actor-{i}-a--led--actor-{i}-b", ("attribution",))],
        "events.yaml": [(f"event-{i}", ("title",)), (f"event-{i}", ("summary",)),
                        (f"event-{i}", ("attribution",))],
        "stories.yaml": [(f"story-{i}", ("title",)), (f"story-{i}", ("stops", 0, "text")),
                         (f"story-{i}", ("stops", 1, "text")),
                         ("hostile-story", ("stops", i, "text"))],
        "claims.yaml": [(f"claim-{i}", (f,)) for f in ("claim", "claimant", "correction",
                                                       "explanation")]
        + [(None, ("uncovered", i, "reason"))],
    }


_QUESTION_FIELDS = {
    "single": [("prompt",), ("options", 0), ("answer",), ("feedback",)],
    "single-wrong": [("prompt",), ("options", 1), ("feedback",)],
    "multiple": [("prompt",), ("options", 0), ("answers", 0), ("feedback",)],
    "true-false": [("prompt",), ("feedback",)],
    "numeric": [("prompt",), ("unit",), ("feedback",)],
    "ordering": [("prompt",), ("items", 0), ("feedback",)],
    "matching": [("prompt",), ("pairs", 0, "left"), ("pairs", 0, "right"), ("distractors", 0),
                 ("feedback",)],
}


def _name(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _locate(doc, record: str | None, path: tuple, kind: str) -> tuple:
    """The path from the document root to a record's field (records found by their id)."""
    if kind == "claims.yaml":
        if record is None:
            return path
        items = doc["claims"]
        return ("claims", next(n for n, r in enumerate(items) if r["id"] == record), *path)
    ids = [r.get("id") or f"{r['source']}--{r['type']}--{r['target']}" for r in doc]
    return (ids.index(record), *path)


def expected_rejections(folder: Path) -> list[str]:
    """The exact problem line for every field a refused entry went into, sorted."""
    lines = []
    everywhere = [e for e in corpus() if e.refused("everywhere")]
    claims = yamlio.load(folder / "claims.yaml")
    for field in ("title", "publisher"):  # the article header holds the first entry
        line = yamlio.line_of(claims, ["article", field])
        lines.append(f"claims.yaml:{line}: article.{field}: {everywhere[0].problem()}")
    for i, entry in enumerate(everywhere):
        for name, fields in _knowledge_fields(i).items():
            doc = yamlio.load(folder / name)
            for record, path in fields:
                line = yamlio.line_of(doc, _locate(doc, record, path, name))
                where = f"{name}:{line}: " + (f"{record}: " if record else "")
                lines.append(f"{where}{_name(path)}: {entry.problem()}")
    answer_fields = {("pairs", 0, "right"), ("distractors", 0)}
    for i, entry in enumerate(e for e in corpus() if e.refused("matching-answer")):
        name = f"quizzes/bank-{i}.yaml"
        doc = yamlio.load(folder / name)
        only_answers = entry.rejected_in == "matching-answer"
        if not only_answers:
            for path in (("title",), ("intro",)):
                lines.append(f"{name}:{yamlio.line_of(doc, path)}: {_name(path)}: {entry.problem()}")
        for qid, paths in _QUESTION_FIELDS.items():
            index = [q["id"] for q in doc["questions"]].index(qid)
            for path in paths:
                if only_answers and path not in answer_fields:
                    continue
                line = yamlio.line_of(doc["questions"], (index, *path))
                lines.append(f"{name}:{line}: {qid}: {_name(path)}: {entry.problem()}")
    return sorted(lines)


def copy_book(book: Path, dest: Path) -> Path:
    shutil.copytree(book, dest)
    return dest

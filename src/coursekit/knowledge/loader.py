"""Load the course data files into typed records, collecting every problem with its line.

This is the one loader of the course's data: every data file (YAML, GeoJSON, BibTeX) and the quiz
banks (``quiz/bank.py`` uses :func:`error_messages` and :func:`field_name`) report problems the same
way, ``file:line: record: field: message``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import yamlio
from .problems import Problem, problem
from .references import Reference, load_references
from .schema import (
    SLUG,
    Actor,
    Article,
    Claim,
    ClaimsHeader,
    Event,
    Figure,
    Place,
    Relation,
    Story,
    Uncovered,
    View,
)

FILES = {
    "places": "places.yaml",
    "actors": "actors.yaml",
    "relations": "relations.yaml",
    "events": "events.yaml",
    "claims": "claims.yaml",
    "stories": "stories.yaml",
    "boundaries": "boundaries.geojson",
    "references": "references.bib",
    "figures": "figures.yaml",
    "views": "views.yaml",
}
#: Files a course may leave out: the casualty figures serve exercise 6 only, the views the
#: chapters' figure cells (``maps.figure``).
OPTIONAL = frozenset({"figures", "views"})


@dataclass
class Course:
    """Every record of the course, as loaded (invalid records are left out)."""

    places: dict[str, Place] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stories: dict[str, Story] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    views: dict[str, View] = field(default_factory=dict)
    article: Article | None = None
    uncovered: list[Uncovered] = field(default_factory=list)
    references: dict[str, Reference] = field(default_factory=dict)
    boundaries: dict[str, Any] = field(default_factory=dict)
    # ids of records that exist but failed validation, so links to them are not reported twice
    broken: dict[str, set[str]] = field(default_factory=dict)
    # kinds whose file could not be read at all: links into them cannot be judged
    unreadable: set[str] = field(default_factory=set)
    # where each record came from: (kind, id) -> (file shown to the user, line)
    origins: dict[tuple[str, str], tuple[str, Any]] = field(default_factory=dict)

    def where(self, kind: str, rid: str, *path: Any) -> tuple[str, int | None]:
        """File and line of a record (or of a field inside it, given its path)."""
        display, node = self.origins[(kind, rid)]
        return display, yamlio.line_of(node, path)


def error_messages(exc: ValidationError) -> list[tuple[tuple, str]]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind, msg = err["type"], err["msg"]
        if kind == "missing":
            text = "required field is missing"
        elif kind == "too_short" and isinstance(err.get("input"), list):
            least = (err.get("ctx") or {}).get("min_length", 1)
            text = "must not be empty" if least == 1 else \
                f"needs at least {least} items (has {len(err['input'])})"
        elif kind == "extra_forbidden":
            text = "unknown field (see data/FORMAT.md for the fields of this record)"
        elif kind == "string_pattern_mismatch" and (err.get("ctx") or {}).get("pattern") == SLUG:
            # ids name files, categories and packages in exports: they hold no markup or GIFT syntax
            text = ("an id is lowercase letters and digits, in words joined by single hyphens, like "
                    f"'irgc-founded' (got {err.get('input')!r})")
        else:
            text = msg.removeprefix("Value error, ")
            bad = err.get("input")
            if kind not in ("value_error",) and not isinstance(bad, (dict, list)):
                text += f" (got {bad!r})"
        out.append((loc, text))
    return out


def field_name(loc: tuple) -> str | None:
    parts = [str(p) if not isinstance(p, int) else f"[{p}]" for p in loc]
    return ".".join(parts).replace(".[", "[") or None


def validate_list(
    doc: Any, model: type[BaseModel], display: str, *,
    id_of: Callable[[dict], Any] = lambda item: item.get("id"),
    broken: set[str] | None = None,
) -> tuple[list[tuple[Any, Any]], list[Problem]]:
    """Validate each item of a YAML list; return (record, YAML node) pairs and problems.

    The ids of items that fail validation are added to ``broken``.
    """
    if not isinstance(doc, list):
        return [], [problem(display, "expected a list of records", line=yamlio.line_of(doc))]
    records, problems = [], []
    for index, item in enumerate(doc):
        line = yamlio.line_of(doc, [index])
        if not isinstance(item, dict):
            problems.append(problem(display, "expected a mapping (key: value lines)", line=line))
            continue
        rid = id_of(item)
        record_name = str(rid) if rid else f"record {index + 1}"
        try:
            records.append((model.model_validate(yamlio.plain(item)), item))
        except ValidationError as exc:
            if broken is not None and rid:
                broken.add(str(rid))
            for loc, text in error_messages(exc):
                problems.append(problem(display, text, line=yamlio.line_of(doc, [index, *loc]),
                                        record=record_name, field=field_name(loc)))
    return records, problems


NO_RECORDS = "no records: the file is empty or holds only comments (see data/FORMAT.md)"


def _load_yaml(path: Path, display: str) -> tuple[Any, list[Problem]]:
    """The YAML document of a data file, or None and the problem that stopped it being read
    (a file with no document at all, such as only comments, is one of them)."""
    if not path.exists():
        return None, [problem(display, "missing data file", blocks=True)]
    try:
        doc = yamlio.load(path, display)
    except yamlio.YamlSyntaxError as exc:
        return None, [exc.problem]
    if doc is None:
        return None, [problem(display, NO_RECORDS, line=1, blocks=True)]
    if isinstance(doc, list) and not doc:
        return None, [problem(display, "no records: the list is empty (see data/FORMAT.md)",
                              line=yamlio.line_of(doc), blocks=True)]
    return doc, []


def _keyed(kind: str, pairs: list[tuple[Any, Any]], display: str, course: Course,
           key: Callable[[Any], str] = lambda r: r.id) -> tuple[dict[str, Any], list[Problem]]:
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for record, node in pairs:
        rid = key(record)
        if rid in out:
            first = course.where(kind, rid)[1]
            problems.append(problem(display, f"duplicate id (first defined at line {first})",
                                    line=yamlio.line_of(node, ["id"]), record=rid, field="id"))
            continue
        out[rid] = record
        course.origins[(kind, rid)] = (display, node)
    return out, problems


def load_course(data_dir: Path, show: Callable[[Path], str] = str) -> tuple[Course, list[Problem]]:
    """Read every data file in ``data_dir``. ``show`` turns a path into the name shown in problems."""
    course, problems = Course(), []
    paths = {kind: data_dir / name for kind, name in FILES.items()}

    course.references, found = load_references(paths["references"], show(paths["references"]))
    problems += found
    if any(p.blocks for p in found):
        course.unreadable.add("references")  # entries after the error are unknown

    for kind, model in (("places", Place), ("actors", Actor), ("events", Event), ("stories", Story),
                        ("figures", Figure), ("views", View)):
        display = show(paths[kind])
        if kind in OPTIONAL and not paths[kind].exists():
            course.unreadable.add(kind)
            continue
        doc, found = _load_yaml(paths[kind], display)
        problems += found
        if doc is None:
            course.unreadable.add(kind)
        else:
            pairs, found = validate_list(doc, model, display,
                                         broken=course.broken.setdefault(kind, set()))
            problems += found
            records, found = _keyed(kind, pairs, display, course)
            problems += found
            if kind in ("events", "figures"):
                setattr(course, kind, list(records.values()))
            else:
                setattr(course, kind, records)

    display = show(paths["relations"])
    doc, found = _load_yaml(paths["relations"], display)
    problems += found
    if doc is not None:
        pairs, found = validate_list(
            doc, Relation, display,
            id_of=lambda item: f"{item.get('source')}--{item.get('type')}--{item.get('target')}")
        problems += found
        records, found = _keyed("relations", pairs, display, course)
        problems += found
        course.relations = list(records.values())

    problems += _load_claims(paths["claims"], show(paths["claims"]), course)
    problems += _load_boundaries(paths["boundaries"], show(paths["boundaries"]), course)
    return course, problems


def _load_claims(path: Path, display: str, course: Course) -> list[Problem]:
    doc, problems = _load_yaml(path, display)
    if doc is None:
        course.unreadable.add("claims")
        return problems
    if not isinstance(doc, dict) or "claims" not in doc:
        course.unreadable.add("claims")
        return [problem(display, "expected a mapping with 'article', 'uncovered' and 'claims'",
                        line=1, blocks=True)]
    if not doc["claims"]:
        course.unreadable.add("claims")
        problems.append(problem(display, "no records: the list of claims is empty (see data/FORMAT.md)",
                                line=yamlio.line_of(doc, ["claims"]), field="claims", blocks=True))
        return problems
    header = {k: v for k, v in doc.items() if k != "claims"}
    try:
        parsed = ClaimsHeader.model_validate(yamlio.plain(header))
        course.article, course.uncovered = parsed.article, parsed.uncovered
    except ValidationError as exc:
        for loc, text in error_messages(exc):
            problems.append(problem(display, text, line=yamlio.line_of(doc, loc),
                                    field=field_name(loc)))
    pairs, found = validate_list(doc["claims"], Claim, display)
    problems += found
    records, found = _keyed("claims", pairs, display, course)
    problems += found
    course.claims = list(records.values())
    return problems


def _load_boundaries(path: Path, display: str, course: Course) -> list[Problem]:
    if not path.exists():
        return [problem(display, "missing data file", blocks=True)]
    text, unreadable = yamlio.read_text(path, display)
    if unreadable is not None:
        return [unreadable]
    if not text.strip():
        return [problem(display, "no records: the file is empty (expected a GeoJSON "
                        "FeatureCollection)", line=1, blocks=True)]
    try:
        geo = json.loads(text)
    except json.JSONDecodeError as exc:
        return [problem(display, f"not valid JSON: {exc.msg}", line=exc.lineno, blocks=True)]
    problems: list[Problem] = []
    if not isinstance(geo, dict) or geo.get("type") != "FeatureCollection":
        return [problem(display, "expected a GeoJSON FeatureCollection", line=1, blocks=True)]
    if not geo.get("features"):
        return [problem(display, "no records: the FeatureCollection has no features", line=1,
                        blocks=True)]
    for index, feature in enumerate(geo.get("features", [])):
        iso3 = (feature.get("properties") or {}).get("iso3")
        geometry = feature.get("geometry") or {}
        if not iso3:
            problems.append(problem(display, "feature without properties.iso3",
                                    record=f"feature {index + 1}", field="properties.iso3"))
        elif geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append(problem(display, "geometry must be a Polygon or MultiPolygon",
                                    record=iso3, field="geometry.type"))
        elif iso3 in course.boundaries:
            problems.append(problem(display, "duplicate country", record=iso3, field="properties.iso3"))
        else:
            course.boundaries[iso3] = feature
    return problems

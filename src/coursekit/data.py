"""The course's knowledge base, for chapters and exercises.

>>> from coursekit import data
>>> data.place("tehran").country
'IRN'
>>> len(data.events(between=("2019", "2020"), country="IRQ")) > 0
True

Functions return frozen records (see ``coursekit.knowledge.schema``); pass ``frame=True`` to the list
functions for a pandas DataFrame. Invalid data raises :class:`coursekit.CourseDataError`
listing every problem; a bad argument (an unknown kind, id or country, a malformed ``between``)
raises :class:`coursekit.InputError` quoting it, with a suggestion when one is close.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

from . import inputs
from .knowledge.links import check_links
from .knowledge.loader import Course, load_course
from .knowledge.paths import package_data_dir
from .knowledge.problems import CourseDataError, InputError, Problem, did_you_mean, problem
from .knowledge.references import Reference
from .knowledge.schema import (
    Actor,
    ActorKind,
    Claim,
    ClaimKind,
    Event,
    EventStatus,
    Place,
    PlaceKind,
    Relation,
    RelationType,
    Verdict,
)


@lru_cache(maxsize=1)
def course() -> Course:
    """Load and validate every data file shipped with the package (once per session)."""
    loaded, problems = load_course(package_data_dir())
    problems += check_links(loaded)
    if problems:
        raise CourseDataError(problems)
    return loaded


def _frame(records: list[Any]):
    import pandas as pd

    return pd.DataFrame([r.model_dump() for r in records])


def _get(kind: str, table: dict, rid: str):
    try:
        return table[rid]
    except KeyError:
        hint = did_you_mean(rid, table)
        raise CourseDataError([problem(f"coursekit.data.{kind}", f"unknown id {rid!r}{hint}")]) \
            from None


def place(pid: str) -> Place:
    return _get("places", course().places, pid)


def actor(aid: str) -> Actor:
    return _get("actors", course().actors, aid)


def reference(key: str) -> Reference:
    return _get("references", course().references, key)


def country_names(course: Course) -> dict[str, str]:
    """Every country code of the course data (boundaries and places), with its name."""
    names = {p.country: p.country for p in course.places.values()}
    names.update({code: str(f["properties"].get("name") or code) for code, f in course.boundaries.items()})
    return names


def places(*, country: str | None = None, kind: PlaceKind | None = None,
           frame: bool = False) -> list[Place] | pd.DataFrame:
    """Places, filtered by country (ISO 3166-1 alpha-3, like ``"IRQ"``) and kind."""
    loaded = course()
    country = inputs.country(country, country_names(loaded))
    kind = inputs.choice(kind, PlaceKind, "place kind")
    found = [p for p in loaded.places.values()
             if (country is None or p.country == country) and (kind is None or p.kind == kind)]
    return _frame(found) if inputs.flag(frame, "frame") else found


def actors(*, kind: ActorKind | None = None, frame: bool = False) -> list[Actor] | pd.DataFrame:
    """Actors (people, organisations, states), filtered by kind."""
    kind = inputs.choice(kind, ActorKind, "actor kind")
    found = [a for a in course().actors.values() if kind is None or a.kind == kind]
    return _frame(found) if inputs.flag(frame, "frame") else found


def relations(*, type: RelationType | None = None, source: str | None = None,
              target: str | None = None, frame: bool = False) -> list[Relation] | pd.DataFrame:
    """Relations between actors, filtered by type and by the actor ids at either end."""
    loaded = course()
    type = inputs.choice(type, RelationType, "relation type")
    source = inputs.known_id(source, loaded.actors, "actor")
    target = inputs.known_id(target, loaded.actors, "actor")
    found = [r for r in loaded.relations
             if (type is None or r.type == type) and (source is None or r.source == source)
             and (target is None or r.target == target)]
    return _frame(found) if inputs.flag(frame, "frame") else found


def select_events(course: Course, *, between: tuple[str, str] | None = None, country: str | None = None,
                  actor: str | None = None, status: EventStatus | None = None) -> list[Event]:
    """Events of ``course`` in date order, filtered; ``between`` is inclusive, by date prefix.

    Every argument is checked (:mod:`coursekit.inputs`): a bad one raises ``InputError``.
    """
    between = inputs.between(between)
    country = inputs.country(country, country_names(course))
    actor = inputs.known_id(actor, course.actors, "actor")
    status = inputs.choice(status, EventStatus, "status")
    found = []
    for e in sorted(course.events, key=lambda e: (e.date, e.id)):
        if between and not (between[0] <= e.date[:len(between[0])]
                            and e.date[:len(between[1])] <= between[1]):
            continue
        if country and not any(course.places[p].country == country for p in e.places
                               if p in course.places):
            continue
        if actor and actor not in e.actors:
            continue
        if status and e.status != status:
            continue
        found.append(e)
    return found


def events(*, between: tuple[str, str] | None = None, country: str | None = None,
           actor: str | None = None, status: EventStatus | None = None,
           frame: bool = False) -> list[Event] | pd.DataFrame:
    """Events in date order; ``between`` is inclusive, by prefix (``("2003", "2011-12")``)."""
    found = select_events(course(), between=between, country=country, actor=actor, status=status)
    return _frame(found) if inputs.flag(frame, "frame") else found


def summary() -> pd.DataFrame:
    """A table of what the knowledge base holds: records of each kind."""
    import pandas as pd

    from .knowledge.stats import stats_of

    stats = stats_of(course())
    return pd.DataFrame({"records": list(stats.values())},
                        index=pd.Index([k.strip() for k in stats], name="kind"))


def _paragraphs(values: object) -> frozenset[int] | None:
    """Paragraph numbers of the source article (``P24`` is 24), checked."""
    if values is None:
        return None
    if isinstance(values, (str, int)) or not isinstance(values, (list, tuple, set, frozenset)):
        raise InputError(f"paragraphs must be a list of paragraph numbers, like [24, 25], got "
                         f"{values!r}")
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(f"invalid paragraph {value!r}: use a paragraph number from 1, like 24")
    if not values:
        raise InputError("paragraphs is empty: give at least one paragraph number")
    return frozenset(values)


def claims(*, verdict: Verdict | None = None, kind: ClaimKind | None = None,
           paragraphs: Sequence[int] | None = None,
           frame: bool = False) -> list[Claim] | pd.DataFrame:
    """The claims ledger, filtered by verdict, by kind of claim and by the article's paragraphs
    (a claim is kept when one of its locations is in one of ``paragraphs``)."""
    verdict = inputs.choice(verdict, Verdict, "verdict")
    kind = inputs.choice(kind, ClaimKind, "claim kind")
    wanted = _paragraphs(paragraphs)
    found = [c for c in course().claims
             if (verdict is None or c.verdict == verdict) and (kind is None or c.kind == kind)
             and (wanted is None
                  or any(int(loc.split(".")[0][1:]) in wanted for loc in c.locations))]
    return _frame(found) if inputs.flag(frame, "frame") else found


__all__ = [
    "CourseDataError",
    "Problem",
    "actor",
    "actors",
    "claims",
    "course",
    "events",
    "place",
    "places",
    "reference",
    "relations",
    "select_events",
    "summary",
]

"""The knowledge base as chapters and exercises use it (the real, shipped data)."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from coursekit import CourseDataError, InputError, data, figures
from coursekit.knowledge.loader import load_course

from .conftest import DATA


def test_the_shipped_data_meets_the_coverage_floor():
    course = data.course()
    assert len(course.places) >= 40
    assert len([f for f in course.boundaries.values() if f["properties"]["course"]]) >= 19
    assert len(course.actors) >= 30
    assert len(course.events) >= 40
    assert len(course.claims) >= 60


def test_places_filter_by_country_and_kind():
    iraq = data.places(country="IRQ")
    assert iraq and all(p.country == "IRQ" for p in iraq)
    assert data.place("baghdad").kind == "capital"
    capitals = data.places(kind="capital")
    assert {"tehran", "baghdad", "beirut", "damascus"} <= {p.id for p in capitals}


def test_events_between_is_inclusive_and_sorted():
    found = data.events(between=("2019", "2020-01"))
    dates = [e.date for e in found]
    assert dates == sorted(dates)
    assert all(d[:4] >= "2019" and d[:7] <= "2020-01" for d in dates)
    assert any(d.startswith("2020-01") for d in dates)


def test_events_by_country_and_actor():
    iraq = data.events(country="IRQ")
    assert iraq
    for event in iraq:
        assert any(data.place(p).country == "IRQ" for p in event.places)
    assert all("qasem-soleimani" in e.actors for e in data.events(actor="qasem-soleimani"))


def test_frames_for_students():
    frame = data.claims(frame=True)
    assert isinstance(frame, pd.DataFrame)
    assert {"id", "claim", "verdict", "refs"} <= set(frame.columns)
    assert len(frame) == len(data.claims())
    assert list(data.summary().index)[:3] == ["places", "countries with boundaries", "actors"]


def test_unknown_id_is_one_clear_error():
    with pytest.raises(CourseDataError) as err:
        data.place("teheran")
    assert "unknown id 'teheran'" in str(err.value)
    assert "tehran" in str(err.value)  # the suggestion


def test_every_reference_formats():
    for ref in data.course().references.values():
        assert ref.title and ref.year, ref.key
        assert ref.short and ref.full


ARGUMENT_CASES = yaml.safe_load((DATA / "api" / "bad-arguments.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def small_course():
    loaded, problems = load_course(DATA / "maps")
    assert problems == []
    return loaded


@pytest.mark.parametrize("case", ARGUMENT_CASES, ids=[c["call"] for c in ARGUMENT_CASES])
def test_a_bad_argument_is_quoted_with_a_suggestion(case, small_course):
    namespace = {"data": data, "timeline": figures.timeline, "course": small_course}
    with pytest.raises(InputError) as err:
        eval(case["call"], namespace)  # noqa: S307 - calls written in our own test data
    assert str(err.value) == case["message"]


def test_closed_choices_come_from_the_schema():
    import inspect
    import typing

    import pandas as pd

    from coursekit.knowledge import schema

    namespace = {**vars(data), "pd": pd}  # pandas is imported for type checkers only

    for function, name, literal in [(data.places, "kind", schema.PlaceKind),
                                    (data.actors, "kind", schema.ActorKind),
                                    (data.relations, "type", schema.RelationType),
                                    (data.events, "status", schema.EventStatus),
                                    (data.claims, "verdict", schema.Verdict),
                                    (data.claims, "kind", schema.ClaimKind)]:
        hint = typing.get_type_hints(function, globalns=namespace)[name]
        assert literal in typing.get_args(hint), (function.__name__, name)
        assert inspect.signature(function).parameters[name].default is None
    assert typing.get_args(schema.Place.model_fields["kind"].annotation) == typing.get_args(schema.PlaceKind)


def test_good_arguments_still_select(small_course):
    assert data.events(between=[2019, 2020]) == data.events(between=("2019", "2020"))
    assert data.events(between=("2019", "9999"))  # an open end, as chapter 10 writes it
    # a country the data knows (it has a boundary) but where no event happened: nothing, no error
    assert data.select_events(small_course, country="TKM") == []

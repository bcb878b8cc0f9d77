"""The casualty figures of exercise 6: valid, and tied to the knowledge base."""

from __future__ import annotations

from coursekit import data
from coursekit.exercises.figures import check_figures, figures


def test_figures_file_has_no_problems():
    assert check_figures() == []


def test_every_figure_is_an_event_of_the_chronology_with_a_reference_of_the_course():
    events = {e.id: e for e in data.events()}
    for fig in figures():
        assert fig.event in events
        assert data.reference(fig.source).key == fig.source
        assert fig.days >= 1


def test_frame_has_one_row_per_figure_with_days():
    table = figures(frame=True)
    assert len(table) == len(figures())
    assert {"from", "to", "days", "value", "group"} <= set(table.columns)

"""Checking what a chapter or an exercise passes to the data API and the charts.

Each check returns the value to use or raises :class:`~coursekit.knowledge.problems.InputError` quoting the
bad value, with a suggestion where one is close, as the map builders do (``maps/inputs.py``).
Closed choices are the ``Literal`` types of ``coursekit.knowledge.schema``; their options are read from the
type (``typing.get_args``), so a choice added to the schema is accepted here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, get_args

from .knowledge.problems import InputError, close_matches, did_you_mean

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
DATE_FORMS = '"YYYY", "YYYY-MM" or "YYYY-MM-DD"'


def _options(options: tuple[str, ...]) -> str:
    quoted = [repr(o) for o in options]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def choice(value: object, literal: Any, what: str, *, optional: bool = True) -> Any:
    """``value`` if it is one of the options of the ``Literal`` type ``literal`` (or None, when
    ``optional``)."""
    options = get_args(literal)
    if (value is None and optional) or value in options:
        return value
    hint = did_you_mean(value.lower() if isinstance(value, str) else value, options)
    raise InputError(f"invalid {what} {value!r}: use one of {_options(options)}{hint}")


def flag(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{what} must be True or False, got {value!r}")
    return value


def date(value: object, what: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise InputError(f"invalid {what} {value!r}: use {DATE_FORMS}")
    return value.strip()


def between(value: object) -> tuple[str, str] | None:
    """A (start, end) pair of partial dates, both ends included; None for no limit."""
    if value is None:
        return None
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        one = str(value)
        like = f'("{one}", "{one}")' if _DATE.match(one) else '("2019", "2020")'
        raise InputError(f"invalid between {value!r}: give a start and an end, like between={like}")
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        size = f" ({len(value)} given)" if isinstance(value, (tuple, list)) else ""
        like = f'("{value[0]}", "{value[0]}")' if isinstance(value, (tuple, list)) and len(value) == 1 \
            and isinstance(value[0], str) and _DATE.match(value[0]) else '("2019", "2020")'
        raise InputError(f"invalid between {value!r}: give two dates, a start and an end{size}, "
                         f"like between={like}")
    start, end = date(value[0], "start date"), date(value[1], "end date")
    if end[:len(start)] < start[:len(end)]:
        raise InputError(f"invalid between {value!r}: the end {end!r} is before the start {start!r}")
    return start, end


def known_id(value: object, table: Mapping[str, Any], what: str) -> str | None:
    """``value`` if it is an id of ``table`` (or None); else an error suggesting close ids."""
    if value is None or (isinstance(value, str) and value in table):
        return value
    raise InputError(f"unknown {what} id {value!r}{did_you_mean(value, table)}")


def country(value: object, names: Mapping[str, str]) -> str | None:
    """An ISO 3166-1 alpha-3 code the course knows; ``names`` maps each code to its name."""
    if value is None or (isinstance(value, str) and value in names):
        return value
    if isinstance(value, str):
        by_name = {name.lower(): code for code, name in names.items()}
        if value.strip().lower() in by_name:
            code = by_name[value.strip().lower()]
            raise InputError(f"invalid country {value!r}: use its ISO 3166-1 alpha-3 code, {code!r}")
        if value.upper() in names:
            raise InputError(f"invalid country {value!r}: codes are in capitals, {value.upper()!r}")
        if _ISO3.match(value):
            close = close_matches(value, names)
            hint = f" (did you mean {', '.join(f'{c!r} ({names[c]})' for c in close)}?)" if close else ""
            raise InputError(f"unknown country {value!r}: no place or boundary in the course data has "
                             f"that code{hint}")
    raise InputError(f"invalid country {value!r}: use an ISO 3166-1 alpha-3 code, like 'IRQ'")

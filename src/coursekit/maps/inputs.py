"""Checking what a chapter cell passes to a map builder; errors quote the bad value."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar

from ..knowledge.problems import InputError, did_you_mean, first_repeat

T = TypeVar("T")

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


class MapInputError(InputError):
    """A map builder was given something it cannot draw; the message quotes the value."""


def lookup(table: Mapping[str, T], key: object, what: str) -> T:
    """``table[key]``, or an error naming the unknown id and suggesting close ones."""
    if isinstance(key, str) and key in table:
        return table[key]
    raise MapInputError(f"unknown {what} id {key!r}{did_you_mean(key, table)}")


def id_list(values: object, what: str, *, allow_empty: bool = False) -> list[str]:
    """A list of ids from a list/tuple (not a bare string), with no duplicates."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise MapInputError(f"expected a list of {what} ids, got {values!r}")
    out = list(values)
    if not out and not allow_empty:
        raise MapInputError(f"empty selection: no {what} ids given ({values!r})")
    if (twice := first_repeat(out)) is not None:
        raise MapInputError(f"{what} id {twice!r} is listed twice")
    return out


def countries(values: object, known: Iterable[str]) -> list[str]:
    codes = id_list(values, "country")
    known = set(known)
    for code in codes:
        if not isinstance(code, str) or not _ISO3.match(code):
            raise MapInputError(f"invalid country code {code!r}: use ISO 3166-1 alpha-3, like 'IRQ'")
        if code not in known:
            raise MapInputError(f"no boundary for country {code!r} in boundaries.geojson")
    return codes


def date(value: object, what: str = "date") -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not _DATE.match(value):
        raise MapInputError(f"invalid {what} {value!r}: use \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"")
    return value


def between(value: object) -> tuple[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise MapInputError(f"invalid between {value!r}: give two dates, like (\"2003\", \"2011\")")
    start, end = date(value[0], "start date"), date(value[1], "end date")
    if end[:len(start)] < start[:len(end)]:
        raise MapInputError(f"invalid between {value!r}: the end is before the start")
    return start, end


def caption(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MapInputError(f"a map needs a caption (a sentence saying what it shows), got {value!r}")
    return " ".join(value.split())


def choice(value: object, options: Iterable[str], what: str) -> str:
    options = list(options)
    if value not in options:
        raise MapInputError(f"invalid {what} {value!r}: use one of {', '.join(map(repr, options))}")
    return value  # type: ignore[return-value]


def text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MapInputError(f"{what} must be non-empty text, got {value!r}")
    return " ".join(value.split())

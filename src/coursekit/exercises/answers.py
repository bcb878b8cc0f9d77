"""Reading a student's answer (a plain value, see :mod:`.values`), with a specific message for a wrong
shape."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from numbers import Real
from typing import Any

from .feedback import Wrong
from .values import Record, Table, type_name


def listing(items: Iterable[Any], limit: int = 4) -> str:
    """``a, b, c and 2 more`` for messages."""
    items = [str(i) for i in items]
    if len(items) <= limit:
        return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + (items[-1] if items else "")
    return ", ".join(items[:limit]) + f" and {len(items) - limit} more"


def _kind(value: Any) -> str:
    return type_name(value)


def ids(value: Any, what: str) -> list[str]:
    """A list of ids from a list, tuple, set, pandas Series or table, or records carrying ``.id``."""
    if isinstance(value, str):
        raise Wrong(f"{what} should be a list of ids, not one string ({value!r}). Put the ids in a list.")
    if isinstance(value, Table):
        if value.type_name == "DataFrame":
            if "id" not in value.columns:
                raise Wrong(f"{what} is a table without an `id` column; give a list of ids instead.")
            value = value.column("id")
        else:
            value = [v for _, v in value.items()]
    if isinstance(value, Mapping) or not isinstance(value, (list, tuple, set)):
        raise Wrong(f"{what} should be a list of ids (strings), but it is a {_kind(value)}.")
    out = []
    for item in value:
        item = item.id if isinstance(item, Record) else item
        if not isinstance(item, str):
            raise Wrong(f"{what} should hold ids (strings) such as 'hezbollah'; it holds {item!r} "
                        f"({_kind(item)}).")
        out.append(item)
    if len(set(out)) != len(out):
        twice = sorted(i for i, n in Counter(out).items() if n > 1)
        raise Wrong(f"{what} lists {listing(twice)} more than once; each id should appear once.")
    return out


def mapping(value: Any, what: str) -> dict[Any, Any]:
    """A dict from a dict or a pandas Series."""
    if isinstance(value, Table) and value.type_name == "Series":
        value = dict(value.items())
    if not isinstance(value, Mapping):
        raise Wrong(f"{what} should be a dict (or a pandas Series), but it is a {_kind(value)}.")
    return dict(value)


def number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise Wrong(f"{what} should be a number, but it is {value!r} ({_kind(value)}).")
    return float(value)


def claim_verdicts(given: Iterable[str]) -> dict[str, str]:
    """The verdict of every claim in the ledger; Wrong names the first of ``given`` that is no claim."""
    from .. import data

    verdict = {c.id: c.verdict for c in data.claims()}
    unknown = [i for i in given if i not in verdict]
    if unknown:
        raise Wrong(f"{unknown[0]!r} is not a claim id; use the `id` field of the claims.")
    return verdict

"""A student's answers as plain, size-limited data: what leaves the kernel, and all a check ever sees.

In the kernel, :func:`encode` turns each answer variable into tagged JSON (lists, dicts with
their keys' types, tuples, sets, pandas tables, the parts of a map a check looks at); the grader
reads that JSON, never a pickle and never an object, and :func:`decode` rebuilds plain values and
small read-only stand-ins (:class:`Table`, :class:`Styled`, :class:`LineMap`, :class:`Figure`,
:class:`Opaque`). The practice checks in a notebook go through the same two steps, so a check
judges exactly the same value in a notebook and in the gradebook.

>>> decode(encode({1990: 3, "x": (1, 2.5)}))
{1990: 3, 'x': (1, 2.5)}
>>> decode(encode(...)) is Ellipsis
True
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

MIME = "application/vnd.coursekit.values+json"
"""MIME type of the answers the grader collects from the kernel (see :func:`emit`)."""

MAX_ITEMS = 20_000  # items in one list, dict, set or table column
MAX_TEXT = 20_000  # characters in one string
MAX_DEPTH = 8
MAX_BYTES = 1_000_000  # JSON bytes for all the answers of one notebook


class TooLarge(ValueError):
    """A value over the limits above."""


def _tag(tag: str, **parts: Any) -> dict[str, Any]:
    return {"$": tag, **parts}


def _type_name(value: Any) -> str:
    return type(value).__name__


def _is_type(value: Any, module: str, name: str) -> bool:
    return any(c.__name__ == name and c.__module__.split(".")[0] == module for c in type(value).__mro__)


def _items(values: Any, depth: int) -> list[Any]:
    values = list(values)
    if len(values) > MAX_ITEMS:
        raise TooLarge(f"more than {MAX_ITEMS} items")
    return [encode(v, depth + 1) for v in values]


def _frame(frame: Any, depth: int) -> dict[str, Any]:
    if frame.shape[0] > MAX_ITEMS or frame.shape[1] > 100:
        raise TooLarge("a table over the size limit")
    columns = [[encode(name, depth + 1), _items(frame[name].tolist(), depth + 1),
                str(frame[name].dtype)] for name in frame.columns]
    return _tag("table", index=_items(frame.index.tolist(), depth), columns=columns)


def _line_map(fmap: Any) -> dict[str, Any]:
    tiles, lines, stack = False, [], list(fmap._children.values())  # noqa: SLF001 - branca's tree
    while stack:
        child = stack.pop()
        name = type(child).__name__
        tiles = tiles or name == "TileLayer"
        if name == "PolyLine":
            points = [[float(p[0]), float(p[1])] for p in child.locations][:MAX_ITEMS]
            dash = child.options.get("dashArray") or child.options.get("dash_array")
            lines.append({"locations": points, "dash": str(dash) if dash else None})
        stack.extend(getattr(child, "_children", {}).values())
        if len(lines) > MAX_ITEMS:
            raise TooLarge("too many lines")
    return _tag("folium.Map", tiles=tiles, lines=lines)


def encode(value: Any, depth: int = 0) -> Any:  # noqa: C901 - one branch per type of value
    """``value`` as tagged JSON data; :class:`TooLarge` past the limits."""
    if depth > MAX_DEPTH:
        raise TooLarge(f"nested more than {MAX_DEPTH} levels")
    if value is None or isinstance(value, (bool, int, str)):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2 ** 53:
            return _tag("bigint", text=str(value)[:100])
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise TooLarge(f"a string longer than {MAX_TEXT} characters")
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _tag("float", text=repr(value))
    if value is Ellipsis:
        return _tag("...")
    if hasattr(value, "dtype") and hasattr(value, "item") and getattr(value, "shape", None) == ():
        return encode(value.item(), depth)  # a numpy scalar
    if isinstance(value, list):
        return _items(value, depth)
    if isinstance(value, tuple):
        return _tag("tuple", items=_items(value, depth))
    if isinstance(value, (set, frozenset)):
        return _tag("set", items=sorted(_items(value, depth), key=json.dumps))
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise TooLarge(f"more than {MAX_ITEMS} items")
        return _tag("dict", items=[[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()])
    if _is_type(value, "pandas", "Series"):
        if len(value) > MAX_ITEMS:
            raise TooLarge(f"more than {MAX_ITEMS} items")
        return _tag("series", name=encode(value.name, depth + 1),
                    items=[[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()])
    if _is_type(value, "pandas", "DataFrame"):
        return _frame(value, depth)
    if _is_type(value, "pandas", "Styler"):
        return _tag("styler", table=_frame(value.data, depth), styled=bool(value._todo))  # noqa: SLF001
    if _is_type(value, "folium", "Map"):
        return _line_map(value)
    if _is_type(value, "coursekit", "MapFigure"):
        return _tag("MapFigure", kind=str(value.kind), caption=str(value.caption)[:MAX_TEXT])
    if isinstance(value, _Plain):  # already decoded (the grader's values): encode it back as it was
        return value.encode()
    if _is_type(value, "numpy", "ndarray"):
        return _items(value.tolist(), depth)
    ident = getattr(value, "id", None)
    if isinstance(ident, str) and len(ident) <= MAX_TEXT:
        return _tag("record", type=_type_name(value), id=ident)
    return _tag("object", type=_type_name(value)[:100])


def encode_answers(namespace: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The answers named ``names`` found in ``namespace``; an answer that cannot be sent says why."""
    out: dict[str, Any] = {}
    for name in names:
        if name not in namespace:
            continue
        try:
            out[name] = encode(namespace[name])
        except TooLarge as exc:
            out[name] = _tag("too-large", type=_type_name(namespace[name])[:100], reason=str(exc))
        except Exception as exc:  # noqa: BLE001 - an object whose attributes raise: say what it was
            out[name] = _tag("object", type=_type_name(namespace[name])[:100], reason=type(exc).__name__)
    if len(json.dumps(out)) > MAX_BYTES:
        out = {n: _tag("too-large", type="answer", reason=f"all answers over {MAX_BYTES} bytes") for n in out}
    return out


class _Answers:
    def __init__(self, payload: dict[str, Any]):
        self.payload = payload

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        return {"text/plain": f"{len(self.payload)} answer(s) collected", MIME: self.payload}


def emit(names: list[str]) -> _Answers:
    """In the kernel: display the answers ``names`` as :data:`MIME` for the grader to read."""
    from IPython import get_ipython

    shell = get_ipython()
    return _Answers(encode_answers(shell.user_ns if shell is not None else {}, names))


# ---- the grader's side: plain values and read-only stand-ins -------------------------------------


class _Plain:
    """A stand-in the grader decodes; ``encode()`` gives back the data it came from."""

    def encode(self) -> dict[str, Any]:  # pragma: no cover - every stand-in defines it
        raise NotImplementedError


@dataclass(frozen=True)
class Opaque(_Plain):
    """An answer that is not data (a function, a module...): only its type name is known."""

    type_name: str
    reason: str = ""

    def encode(self) -> dict[str, Any]:
        return _tag("object", type=self.type_name, reason=self.reason)


@dataclass(frozen=True)
class Record(_Plain):
    """A course record (an actor, an event...) handed in as an answer: its type and id."""

    type_name: str
    id: str

    def encode(self) -> dict[str, Any]:
        return _tag("record", type=self.type_name, id=self.id)


@dataclass(frozen=True)
class Table(_Plain):
    """A pandas Series or DataFrame, as data. A Series has one column, named ``name``."""

    type_name: str
    index: list[Any]
    columns: dict[Any, list[Any]]
    dtypes: dict[Any, str] = field(default_factory=dict)

    def column(self, name: Any) -> list[Any]:
        return self.columns[name]

    def items(self) -> list[tuple[Any, Any]]:
        """A Series' (index, value) pairs."""
        (values,) = self.columns.values()
        return list(zip(self.index, values, strict=True))

    def encode(self) -> dict[str, Any]:
        if self.type_name == "Series":
            (name,) = self.columns
            return _tag("series", name=encode(name), items=[[encode(k), encode(v)] for k, v in self.items()])
        return _tag("table", index=[encode(i) for i in self.index],
                    columns=[[encode(n), [encode(v) for v in vs], self.dtypes.get(n, "object")]
                             for n, vs in self.columns.items()])


@dataclass(frozen=True)
class Styled(_Plain):
    """A pandas Styler: the table it styles, and whether any style (e.g. ``.bar()``) was added."""

    table: Table
    styled: bool
    type_name: str = "Styler"

    def encode(self) -> dict[str, Any]:
        return _tag("styler", table=self.table.encode(), styled=self.styled)


@dataclass(frozen=True)
class Line:
    locations: tuple[tuple[float, float], ...]
    dash: str | None


@dataclass(frozen=True)
class LineMap(_Plain):
    """A folium.Map: whether it loads tiles, and its lines."""

    tiles: bool
    lines: tuple[Line, ...]
    type_name: str = "Map"

    def encode(self) -> dict[str, Any]:
        return _tag("folium.Map", tiles=self.tiles, lines=[
            {"locations": [list(p) for p in line.locations], "dash": line.dash} for line in self.lines])


@dataclass(frozen=True)
class Figure(_Plain):
    """A course map (``coursekit.maps.MapFigure``): its kind and caption."""

    kind: str
    caption: str
    type_name: str = "MapFigure"

    def encode(self) -> dict[str, Any]:
        return _tag("MapFigure", kind=self.kind, caption=self.caption)


def type_name(value: Any) -> str:
    """The name of the type the student's value had, for messages."""
    return getattr(value, "type_name", None) or type(value).__name__


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected a string")
    return value[:MAX_TEXT]


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("expected a number")
    return float(value)


def _hashable(value: Any) -> Any:
    hash(value)
    return value


def decode(data: Any, depth: int = 0) -> Any:  # noqa: C901 - one branch per tag
    """Plain values from :func:`encode`'s output; :class:`ValueError` for anything malformed."""
    if depth > MAX_DEPTH + 2:
        raise ValueError("nested too deeply")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(v, depth + 1) for v in data[:MAX_ITEMS]]
    if not isinstance(data, dict) or not isinstance(data.get("$"), str):
        raise ValueError("not an encoded value")
    kind = data["$"]

    def items() -> list[Any]:
        raw = data.get("items")
        if not isinstance(raw, list):
            raise ValueError(f"{kind} without items")
        return [decode(v, depth + 1) for v in raw[:MAX_ITEMS]]

    def pairs() -> list[tuple[Any, Any]]:
        raw = data.get("items")
        if not isinstance(raw, list) or not all(isinstance(p, list) and len(p) == 2 for p in raw):
            raise ValueError(f"{kind} without pairs")
        return [(_hashable(decode(k, depth + 1)), decode(v, depth + 1)) for k, v in raw[:MAX_ITEMS]]

    if kind == "...":
        return Ellipsis
    if kind == "float":
        return float(_text(data.get("text")))
    if kind == "bigint":
        return int(_text(data.get("text"))[:100])
    if kind == "tuple":
        return tuple(items())
    if kind == "set":
        found = items()
        return set(_hashable(v) for v in found)
    if kind == "dict":
        return dict(pairs())
    if kind == "series":
        found = pairs()
        name = _hashable(decode(data.get("name"), depth + 1))
        return Table("Series", [k for k, _ in found], {name: [v for _, v in found]})
    if kind == "table":
        return _table(data, depth)
    if kind == "styler":
        return Styled(_table(data.get("table"), depth + 1), bool(data.get("styled")))
    if kind == "folium.Map":
        raw = data.get("lines")
        if not isinstance(raw, list):
            raise ValueError("a map without lines")
        lines = tuple(Line(tuple((_float(p[0]), _float(p[1])) for p in line["locations"][:MAX_ITEMS]),
                           None if line.get("dash") is None else _text(line["dash"]))
                      for line in raw[:MAX_ITEMS])
        return LineMap(bool(data.get("tiles")), lines)
    if kind == "MapFigure":
        return Figure(_text(data.get("kind")), _text(data.get("caption")))
    if kind == "record":
        return Record(_text(data.get("type")), _text(data.get("id")))
    if kind in ("object", "too-large"):
        return Opaque(_text(data.get("type", "object")), _text(data.get("reason", kind)))
    raise ValueError(f"unknown kind of value {kind[:40]!r}")


def _table(data: Any, depth: int) -> Table:
    if not isinstance(data, dict) or data.get("$") != "table" or not isinstance(data.get("columns"), list):
        raise ValueError("not an encoded table")
    index = [_hashable(v) for v in decode(data.get("index"), depth + 1)]
    columns, dtypes = {}, {}
    for entry in data["columns"][:100]:
        name, values, dtype = entry
        name = _hashable(decode(name, depth + 1))
        columns[name] = decode(values, depth + 1)
        dtypes[name] = _text(dtype)
    return Table("DataFrame", index, columns, dtypes)


def decode_answers(payload: Any) -> dict[str, Any]:
    """The answers of one notebook; an answer that cannot be read becomes :class:`Opaque`."""
    if not isinstance(payload, dict):
        raise ValueError("the answers are not a mapping of names to values")
    out = {}
    for name, data in list(payload.items())[:100]:
        try:
            out[str(name)[:100]] = decode(data)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            out[str(name)[:100]] = Opaque("unreadable value", str(exc)[:100])
    return out


def roundtrip(value: Any) -> Any:
    """What the grader would see of ``value``: how the practice checks see an answer too."""
    try:
        return decode(json.loads(json.dumps(encode(value))))
    except TooLarge as exc:
        return Opaque(type_name(value), str(exc))

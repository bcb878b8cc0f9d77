"""Schemas of the course data files (see ``data/FORMAT.md``), enforced with pydantic.

Models check each record on its own (types, closed choices, formats, ranges). Checks that need
more than one record -- unknown ids, dangling references, duplicates -- live in ``links``.
The closed choices are ``Literal`` types: code that needs their values reads them with
``typing.get_args`` rather than copying them. The shared field types (``Slug``, ``Text``,
``Record`` and the export-safe ``ExportText``) are defined here once; the quiz model imports them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LOCATION = r"^P[1-9][0-9]*\.S[1-9][0-9]*$"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _partial_date(value: Any) -> str:
    """Accept "YYYY", "YYYY-MM", "YYYY-MM-DD" (or a YAML date or year); reject the rest."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a date like \"2019-12-21\", \"2019-12\" or \"2019\", got {value!r}")
    match = _DATE.match(value.strip())
    if not match:
        raise ValueError(f"badly formed date {value!r}: use \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    try:
        first = dt.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(f"no such date {value!r}") from None
    if first > dt.date.today():
        raise ValueError(f"date {value!r} is in the future")
    return value.strip()


# Characters no author text may hold: C0 controls but tab and line feed (a carriage return too:
# it breaks line-based formats such as GIFT), DEL, C1 controls, lone surrogates and the
# non-characters U+FFFE/U+FFFF (the last two kinds are not allowed in XML at all).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SEPARATORS = re.compile("[\u2028\u2029]")
_NAMES = {"\r": "carriage return", "\x00": "null", "\x07": "bell", "\x08": "backspace",
          "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "escape", "\x7f": "delete",
          "\x85": "next line"}


def text_problem(value: str, *, separators: bool = True) -> str | None:
    """Why ``value`` cannot be author text (a control or illegal character), or None.

    ``separators=False`` also refuses U+2028/U+2029 (line and paragraph separators), for text that
    goes to line-based exports.
    """
    bad = _CONTROL.search(value) or (None if separators else _SEPARATORS.search(value))
    if bad is None:
        return None
    char = bad.group()
    if "\ud800" <= char <= "\udfff" or char in "\ufffe\uffff":
        what = "illegal character"
    elif char in "\u2028\u2029":
        what = "line separator" if char == "\u2028" else "paragraph separator"
    else:
        what = "control character" + (f" ({_NAMES[char]})" if char in _NAMES else "")
    hint = "use a line break" if char in "\r\u2028\u2029" else "remove it"
    allowed = ("quiz text goes to line-based exports" if char in "\u2028\u2029"
               else "only tab and line feed are allowed")
    code = f"U+{ord(char):04X}"
    # "control character (bell)" -> "control character U+0007 (bell)"
    what = what.replace(" (", f" {code} (", 1) if "(" in what else f"{what} {code}"
    return f"contains {what} at character {bad.start() + 1}: {hint} ({allowed})"


def _printable(value: Any) -> Any:
    if isinstance(value, str) and (why := text_problem(value)):
        raise ValueError(why)
    return value


def export_text(value: Any) -> Any:
    """Text that goes to the site, the kernel and line-based LMS files (quiz banks): no control
    characters, no Unicode line or paragraph separators."""
    if isinstance(value, str) and (why := text_problem(value, separators=False)):
        raise ValueError(why)
    return value


Printable = BeforeValidator(_printable)
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
Slug = Annotated[str, Field(pattern=SLUG)]
RefKeys = Annotated[list[Annotated[str, Field(min_length=1), Printable]], Field(min_length=1)]
Text = Annotated[str, Field(min_length=1), Printable]
OptionalText = Annotated[str | None, Printable]
ExportText = Annotated[str, Field(min_length=1), BeforeValidator(export_text)]
OptionalExportText = Annotated[str | None, BeforeValidator(export_text)]
Iso3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Status = Literal["established", "alleged", "contested"]
# An event's status adds "default-judgment": a civil judgment entered against a party that did not
# defend itself, kept apart both from findings after a contested hearing and from mere allegations.
EventStatus = Literal["established", "default-judgment", "alleged", "contested"]
PlaceKind = Literal["capital", "city", "site", "base", "region"]
ActorKind = Literal["person", "organisation", "state"]
ClaimKind = Literal["fact", "allegation", "opinion"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Place(Record):
    id: Slug
    name: Text
    names: list[Text] = []
    kind: PlaceKind
    country: Iso3
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    approximate: bool = False
    note: OptionalText = Field(default=None, validate_default=True)
    refs: RefKeys

    @field_validator("note")
    @classmethod
    def _approximate_needs_note(cls, note: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("approximate") and not note:
            raise ValueError("an approximate place needs a note saying what the point stands for")
        return note


class Role(Record):
    title: Text
    of: Slug | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None


class Actor(Record):
    id: Slug
    kind: ActorKind
    name: Text
    short: OptionalText = None
    names: list[Text] = []
    country: Iso3 | None = None
    home: Slug | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    roles: list[Role] = []
    description: Text
    refs: RefKeys

    @property
    def label(self) -> str:
        return self.short or self.name


RelationType = Literal["commands", "part-of", "supports", "founded", "led", "opposes"]
#: The relation that joins an actor to its side; the others are drawn as links between sides.
PART_OF = "part-of"


class Relation(Record):
    source: Slug
    type: RelationType
    target: Slug
    start: PartialDate | None = None
    end: PartialDate | None = None
    note: OptionalText = None
    status: Status
    attribution: Text
    refs: RefKeys

    @property
    def id(self) -> str:
        return f"{self.source}--{self.type}--{self.target}"


class Event(Record):
    id: Slug
    date: PartialDate
    end: PartialDate | None = None
    title: Text
    summary: Text
    places: Annotated[list[Slug], Field(min_length=1)]
    actors: list[Slug] = []
    status: EventStatus
    attribution: Text
    recheck: bool = False
    refs: RefKeys


class StoryStop(Record):
    place: Slug
    date: PartialDate
    text: Text
    refs: RefKeys


class Story(Record):
    """An ordered sequence of stops (a career, a campaign) that a story map steps through."""

    id: Slug
    title: Text
    actor: Slug | None = None
    stops: Annotated[list[StoryStop], Field(min_length=2)]


Verdict = Literal["corroborated", "contested", "imprecise", "incorrect", "unverifiable"]


class Claim(Record):
    id: Slug
    locations: Annotated[list[Annotated[str, Field(pattern=LOCATION)]], Field(min_length=1)]
    claim: Text
    kind: ClaimKind
    claimant: Text
    verdict: Verdict
    correction: OptionalText = Field(default=None, validate_default=True)
    explanation: Text
    refs: RefKeys

    @field_validator("correction")
    @classmethod
    def _wrong_needs_correction(cls, correction: str | None, info: ValidationInfo) -> str | None:
        verdict = info.data.get("verdict")
        if verdict in ("imprecise", "incorrect") and not correction:
            raise ValueError(f"a claim judged {verdict} needs a correction")
        return correction


class Article(Record):
    title: Text
    publisher: Text
    date: PartialDate
    refs: RefKeys


class Uncovered(Record):
    location: Annotated[str, Field(pattern=LOCATION)]
    reason: Text


class ClaimsHeader(Record):
    """The claims file apart from its claims (validated record by record)."""

    article: Article
    uncovered: list[Uncovered] = []


Measure = Literal["killed", "wounded"]
Qualifier = Literal["exact", "at-least", "about"]


class Figure(Record):
    """A casualty figure (``figures.yaml``, exercise 6): one number one source gives for one event,
    with what it counts."""

    id: Slug
    event: Slug
    measure: Measure
    value: Annotated[int, Field(ge=0)]
    qualifier: Qualifier
    group: Text
    from_: PartialDate = Field(alias="from")
    to: PartialDate
    source: Text
    note: OptionalText = None

    @property
    def days(self) -> int:
        """Length of the period counted, in days, both ends included."""
        return (dt.date.fromisoformat(self.to) - dt.date.fromisoformat(self.from_)).days + 1


ViewBuilder = Literal["region", "events", "network", "timeline"]
GroupBy = Literal["period", "attribution"]
TimelineBy = Literal["status", "country"]
#: The arguments each builder of a view takes (``views.yaml``); the others are refused.
VIEW_ARGUMENTS: dict[str, frozenset[str]] = {
    "region": frozenset({"countries", "places"}),
    "events": frozenset({"between", "country", "events", "group_by", "periods"}),
    "network": frozenset({"source"}),
    "timeline": frozenset({"between", "country", "by"}),
}


class Period(Record):
    """One period of an events map grouped by period: its label and its first and last dates."""

    label: Text
    start: PartialDate
    end: PartialDate


class View(Record):
    """A figure or map view a chapter shows (``views.yaml``): its builder, arguments and caption."""

    id: Slug
    builder: ViewBuilder
    caption: Text
    countries: list[Iso3] = []
    places: list[Slug] = []
    events: list[Slug] = []
    between: Annotated[list[PartialDate], Field(min_length=2, max_length=2)] | None = None
    country: Iso3 | None = None
    source: Slug | None = None
    group_by: GroupBy | None = None
    periods: list[Period] = []
    by: TimelineBy | None = None

    @model_validator(mode="after")
    def _arguments_fit_the_builder(self) -> View:
        given = {name for name in ("countries", "places", "events", "between", "country", "source",
                                   "group_by", "periods", "by") if getattr(self, name)}
        extra = sorted(given - VIEW_ARGUMENTS[self.builder])
        if extra:
            raise ValueError(f"a {self.builder} view takes no {', '.join(extra)} (it takes "
                             f"{', '.join(sorted(VIEW_ARGUMENTS[self.builder]))})")
        if self.builder == "region" and not self.countries:
            raise ValueError("a region view needs countries")
        if self.builder == "network" and not self.source:
            raise ValueError("a network view needs a source (an actor id)")
        return self

    def arguments(self) -> dict[str, Any]:
        """The builder's keyword arguments (the caption included), as a chapter cell would pass them."""
        out: dict[str, Any] = {"caption": self.caption}
        for name in sorted(VIEW_ARGUMENTS[self.builder]):
            value = getattr(self, name)
            if not value:
                continue
            if name == "between":
                value = tuple(value)
            elif name == "periods":
                value = [(p.label, p.start, p.end) for p in value]
            out[name] = value
        return out

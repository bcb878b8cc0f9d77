"""The course bibliography (``references.bib``): read it, check it, and format entries for display.

The reader handles the BibTeX the course uses: ``@type{key, field = {value} | "value" | number, …}``
with nested braces, and ``@comment``. It is a small dedicated reader rather than pybtex, which is
several times slower; the book build still reads the file with pybtex (through
sphinxcontrib-bibtex), so ``make test``'s strict build catches anything pybtex would reject.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, problem
from .yamlio import read_text

_AT = re.compile(r"@[ \t]*(\w+)[ \t]*([{(])")
_FIELD = re.compile(r"\s*([A-Za-z][\w-]*)\s*=\s*")
_BRACES = re.compile(r"[{}]")
_SPACE = re.compile(r"\s*")
_URL = re.compile(r"\\url\{([^}]*)\}")
_ESCAPED = re.compile(r"\\([&%$#_])")
_AND = re.compile(r"\s+and\s+")
_TIER_FIELD = re.compile(r"\b(tier|origin)\s*=", re.IGNORECASE)
_ORIGIN = re.compile(r"^[A-Z]{3}$")

#: How accountable a source is, by kind (the ``tier`` field every entry carries; see data/FORMAT.md).
TIERS = ("court", "official", "inquiry-un", "scholarly", "think-tank", "ngo", "agency", "major-press",
         "regional-press", "state-media", "advocacy", "aggregator", "source-text")
#: Tiers that may point to evidence but never carry a statement alone. ("source-text" is the article
#: the course studies: cited for what it says, never as evidence for anything else.)
WEAK_TIERS = frozenset({"advocacy", "aggregator"})
_FIELD_LINE = re.compile(r"\n[ \t]*[A-Za-z][\w-]*[ \t]*=")
_NEXT_ENTRY = re.compile(r"\n[ \t]*@[ \t]*\w+[ \t]*[{(]")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


@dataclass(frozen=True)
class Reference:
    key: str
    type: str
    line: int
    authors: str
    title: str
    year: str
    where: str
    url: str | None
    tier: str | None = None
    origin: str | None = None  # ISO 3166-1 alpha-3 code of the country the source speaks from; INT

    @property
    def short(self) -> str:
        """Author–year label, e.g. "Filkins 2013"."""
        return f"{self.authors.split(';')[0].split(',')[0].strip() or self.title} {self.year}".strip()

    @property
    def full(self) -> str:
        parts = [p for p in (self.authors, f"({self.year})" if self.year else "", self.title,
                             self.where) if p]
        return ". ".join(parts).replace(". (", " (") + "."


def labels(refs: Mapping[str, Reference], keys: Iterable[str], *, titles: bool = True) -> str:
    """The one way references are named in figures and popups: "Filkins 2013, The Shadow
    Commander; …" (``titles=False``: "Filkins 2013; …"). A key not in ``refs`` is shown as is."""
    out = []
    for key in keys:
        ref = refs.get(key)
        out.append(key if ref is None else f"{ref.short}, {ref.title}" if titles else ref.short)
    return "; ".join(out)


class _BibError(Exception):
    def __init__(self, message: str, at: int):
        self.message, self.at = message, at


def _unescape(value: str) -> str:
    """BibTeX's escaped specials (``\\&``, ``\\%``, ``\\$``, ``\\#``, ``\\_``) as the characters."""
    return _ESCAPED.sub(r"\1", value)


def _clean(value: str) -> str:
    value = _URL.sub(r"\1", value)
    value = _unescape(_BRACES.sub("", value)).replace("---", "—").replace("--", "–")
    return " ".join(value.split())


def _split_top(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split ``text`` on ``pattern`` where it is not inside braces."""
    parts, depth, start, at = [], 0, 0, 0
    while at < len(text):
        char = text[at]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and (match := pattern.match(text, at)):
            parts.append(text[start:at])
            at = start = match.end()
            continue
        at += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _people(field: str) -> str:
    """"Last, First and {Org}" as "Last, First; Org" (first names after a comma, as in BibTeX)."""
    names = []
    for person in _split_top(field, _AND):
        if person.startswith("{") and person.endswith("}"):
            names.append(_clean(person))
        elif "," in person:
            last, first = (p.strip() for p in person.split(",", 1))
            names.append(_clean(f"{last}, {first}"))
        else:
            words = person.split()
            names.append(_clean(f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else person))
    return "; ".join(names)


def _value(text: str, at: int) -> tuple[str, int]:
    """A field value starting at ``at``: {…} (nested), "…", or a bare word; returns (value, end)."""
    if text[at] == "{":
        depth = 0
        for brace in _BRACES.finditer(text, at):
            depth += 1 if brace.group() == "{" else -1
            if depth == 0:
                runaway = _NEXT_ENTRY.search(text, at, brace.start())
                if runaway:  # a '{' too many: the value swallowed the entries after it
                    raise _BibError("unbalanced braces: the value that starts here runs on into "
                                    f"the entry at line {_line(text, runaway.start() + 1)}", at)
                return text[at + 1:brace.start()], brace.end()
        raise _BibError("unbalanced braces: the value that starts here is never closed", at)
    if text[at] == '"':
        end, depth = at + 1, 0
        while end < len(text) and (text[end] != '"' or depth):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        if end >= len(text):
            raise _BibError('unclosed "…" field value', at)
        return text[at + 1:end], end + 1
    match = re.compile(r"[\w.-]+").match(text, at)
    if not match:
        raise _BibError(f"expected a value, found {text[at:at + 10]!r}", at)
    return match.group(), match.end()


def _entries(text: str):
    """Yield (type, key, fields, offset) for each entry; raise _BibError at the first malformed one."""
    at = 0
    while (match := _AT.search(text, at)) is not None:
        kind, opener = match.group(1).lower(), match.group(2)
        closer = "}" if opener == "{" else ")"
        start = match.start()
        at = match.end()
        if kind == "comment":
            continue
        if kind in ("string", "preamble"):
            raise _BibError(f"@{kind} is not supported: write the text out in each entry", start)
        key_match = re.compile(r"\s*([^,\s{}()]+)\s*,").match(text, at)
        if not key_match:
            raise _BibError(f"@{kind} entry without a key", start)
        key, at = key_match.group(1), key_match.end()
        fields: dict[str, str] = {}
        spans: list[tuple[str, int, int]] = []  # (field, value start, value end)
        try:
            at = _fields(text, at, key, closer, start, fields, spans)
        except _BibError as exc:
            raise _swallowed(text, key, spans) or exc from None
        yield kind, key, fields, start


def _swallowed(text: str, key: str, spans: list[tuple[str, int, int]]) -> _BibError | None:
    """When an entry turns out malformed, the field whose braced value ran on over other
    ``name = value`` lines (a ``{`` too many), as the error to report, at that value."""
    for name, start, end in spans:
        if _FIELD_LINE.search(text, start, end):
            return _BibError(f"in entry '{key}', field '{name}': unbalanced braces: the value that "
                             f"starts here runs on to line {_line(text, end)} (a '{{' too many?)", start)
    return None


def _fields(text: str, at: int, key: str, closer: str, start: int, fields: dict[str, str],
            spans: list[tuple[str, int, int]]) -> int:
    """Read the ``name = value`` fields of an entry up to its closer; return the offset after it."""
    while True:
        space = _SPACE.match(text, at)
        at = space.end() if space else at
        if at >= len(text):
            raise _BibError(f"entry '{key}' is not closed with '{closer}' (is a brace unbalanced?)",
                            start)
        if text[at] == closer:
            return at + 1
        field = _FIELD.match(text, at)
        if not field:
            raise _BibError(f"in entry '{key}': expected 'name = value', found {text[at:at + 15]!r}", at)
        try:
            value, at = _value(text, field.end())
        except _BibError as exc:
            raise _BibError(f"in entry '{key}', field '{field.group(1)}': {exc.message}",
                            exc.at) from None
        fields[field.group(1).lower()] = value
        spans.append((field.group(1), field.end(), at))
        comma = re.compile(r"\s*,").match(text, at)
        if comma:
            at = comma.end()


def load_references(path: Path, display: str) -> tuple[dict[str, Reference], list[Problem]]:
    """Entries by key, and problems (malformed entries, duplicate keys, missing fields), with lines."""
    if not path.exists():
        return {}, [problem(display, "missing bibliography file", blocks=True)]
    text, unreadable = read_text(path, display)
    if unreadable is not None:
        return {}, [unreadable]

    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_at(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1

    refs: dict[str, Reference] = {}
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    try:
        for kind, key, fields, offset in _entries(text):
            line = line_at(offset)
            if key.lower() in first_line:
                problems.append(problem(display, f"duplicate BibTeX key (first at line "
                                        f"{first_line[key.lower()]})", line=line, record=key))
                continue
            first_line[key.lower()] = line
            for required in ("title", "year"):
                if not fields.get(required):
                    problems.append(problem(display, f"missing '{required}'", line=line, record=key,
                                            field=required))
            authors = _people(fields.get("author") or fields.get("editor") or "")
            organisation = fields.get("organization") or fields.get("institution") or ""
            if not authors and not organisation:
                problems.append(problem(display, "missing 'author' (or editor, organization, institution)",
                                        line=line, record=key, field="author"))
            problems += _latex_markup(display, key, text, offset, line_at)
            tier, origin = _clean(fields.get("tier", "")), _clean(fields.get("origin", ""))
            problems += _source_problems(display, key, text, offset, line_at, tier, origin)
            where = next((fields[k] for k in ("journal", "booktitle", "publisher", "institution",
                                              "organization", "howpublished") if fields.get(k)), "")
            url = fields.get("url") or (_URL.search(fields.get("howpublished", "")) or [None, None])[1]
            url = _unescape(url) if url else url
            refs[key] = Reference(key=key, type=kind, line=line, authors=authors or _clean(organisation),
                                  title=_clean(fields.get("title", "")), year=_clean(fields.get("year", "")),
                                  where=_clean(where) if not where.startswith("\\url") else "", url=url,
                                  tier=tier or None, origin=origin or None)
    except _BibError as exc:
        problems.append(problem(display, f"invalid BibTeX: {exc.message}", line=line_at(exc.at),
                                blocks=True))
    else:
        if not first_line:
            problems.append(problem(display, "no references: the file holds no BibTeX entry", line=1,
                                    blocks=True))
    return refs, problems


_LATEX_MARKUP = (
    (re.compile(r"`"), "LaTeX quote marks (`...' or ``...''): write the marks themselves, "
                       "‘...’ or “...”"),
    (re.compile(r"\\[`'\"^~=.](?:\{|[A-Za-z])|\\[uvHcdbkr]\{|"
                r"\\(?:i|j|l|L|o|O|ss|ae|AE|oe|OE|aa|AA)\b"),
     "a LaTeX accent (e.g. {\\~a}): write the letter itself (ã)"),
    (re.compile(r"(?<!\\)\$"), "a $ not written \\$: the JB2 site's reader takes a bare $ for the "
                              "start of LaTeX math"),
)


def _latex_markup(display: str, key: str, text: str, offset: int,
                  line_at: Callable[[int], int]) -> list[Problem]:
    """LaTeX quote marks and accents, and a bare ``$``, in an entry: pybtex (the JB1 site), mystmd
    (the JB2 site) and the course's own reader (map popups, exports) each show them differently,
    or as typed, so an entry writes the characters themselves (``\\&``, ``\\%``, ``\\$`` and URLs in
    ``\\url{...}`` are read alike by all three)."""
    end = text.find("\n@", offset + 1)
    entry = _URL.sub(lambda m: " " * len(m.group(0)), text[offset:end if end != -1 else len(text)])
    found = []
    for pattern, message in _LATEX_MARKUP:
        match = pattern.search(entry)
        if match:
            found.append(problem(display, message, line=line_at(offset + match.start()), record=key))
    return found


def _source_problems(display: str, key: str, text: str, offset: int, line_at: Callable[[int], int],
                     tier: str,
                     origin: str) -> list[Problem]:
    """A missing or unknown ``tier`` and a malformed ``origin``, at the field's line when present."""
    end = text.find("\n@", offset + 1)
    lines = {m.group(1).lower(): line_at(m.start())
             for m in _TIER_FIELD.finditer(text, offset, end if end != -1 else len(text))}
    found = []
    if not tier:
        found.append(problem(display, f"missing 'tier' (one of: {', '.join(TIERS)})", line=line_at(offset),
                             record=key, field="tier"))
    elif tier not in TIERS:
        close = difflib.get_close_matches(tier.lower(), TIERS, n=2)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
        found.append(problem(display, f"unknown tier {tier!r}{hint}: use one of "
                             f"{', '.join(TIERS)}", line=lines.get("tier", line_at(offset)), record=key,
                             field="tier"))
    if origin and not (_ORIGIN.match(origin)):
        found.append(problem(display, f"origin {origin!r} is not a country code: use ISO 3166-1 alpha-3 "
                             "(e.g. 'IRN') or 'INT' for an international body",
                             line=lines.get("origin", line_at(offset)), record=key, field="origin"))
    return found

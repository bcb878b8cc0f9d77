"""The course bibliography (``references.bib``): parse it, and format entries for display."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, problem

_ENTRY = re.compile(r"^[ \t]*@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_BRACES = re.compile(r"[{}]")
_URL = re.compile(r"\\url\{([^}]*)\}")


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

    @property
    def short(self) -> str:
        """Author–year label, e.g. "Filkins 2013"."""
        return f"{self.authors.split(';')[0].split(',')[0].strip() or self.title} {self.year}".strip()

    @property
    def full(self) -> str:
        parts = [p for p in (self.authors, f"({self.year})" if self.year else "", self.title,
                             self.where) if p]
        return ". ".join(parts).replace(". (", " (") + "."


def _clean(value: str) -> str:
    value = _URL.sub(r"\1", value)
    return " ".join(_BRACES.sub("", value).replace("\\&", "&").replace("--", "–").split())


def _people(persons) -> str:
    names = []
    for person in persons:
        last = " ".join(person.prelast_names + person.last_names)
        first = " ".join(person.first_names + person.middle_names)
        names.append(_clean(f"{last}, {first}" if first else last))
    return "; ".join(names)


def _parse_lenient(text: str):
    """Parse BibTeX, keeping the first of repeated keys (reported separately, with lines)."""
    import contextlib
    import io

    import pybtex.errors
    from pybtex.database import parse_string

    before = pybtex.errors.strict
    pybtex.errors.set_strict_mode(False)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            return parse_string(text, "bibtex")
    finally:
        pybtex.errors.set_strict_mode(before)


def load_references(path: Path, display: str) -> tuple[dict[str, Reference], list[Problem]]:
    """Entries by key, and problems (unparsable file, duplicate keys, missing fields), with lines."""
    from pybtex.scanner import PybtexError

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [problem(display, f"cannot read bibliography: {exc}")]
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for match in _ENTRY.finditer(text):
        key = match.group(2)
        line = text.count("\n", 0, match.start()) + 1
        if key.lower() in lines:
            problems.append(problem(display, f"duplicate BibTeX key (first at line {lines[key.lower()]})",
                                    line=line, record=key))
        else:
            lines[key.lower()] = line
    try:
        data = _parse_lenient(text)
    except PybtexError as exc:
        found = re.search(r"line (\d+)", str(exc))
        return {}, problems + [problem(display, f"invalid BibTeX: {' '.join(str(exc).split())}",
                                       line=int(found.group(1)) if found else None)]
    refs: dict[str, Reference] = {}
    for key, entry in data.entries.items():
        line = lines.get(key.lower())
        fields = {k.lower(): v for k, v in entry.fields.items()}
        authors = _people(entry.persons.get("author", [])) or _people(entry.persons.get("editor", []))
        for required in ("title", "year"):
            if not fields.get(required):
                problems.append(problem(display, f"missing '{required}'", line=line, record=key,
                                        field=required))
        if not authors and not fields.get("organization") and not fields.get("institution"):
            problems.append(problem(display, "missing 'author' (or editor, organization, institution)",
                                    line=line, record=key, field="author"))
        where = next((fields[k] for k in ("journal", "booktitle", "publisher", "institution",
                                          "organization", "howpublished") if fields.get(k)), "")
        url = fields.get("url") or (_URL.search(fields.get("howpublished", "")) or [None, None])[1]
        refs[key] = Reference(
            key=key,
            type=entry.type.lower(),
            line=line or 0,
            authors=authors or _clean(fields.get("organization") or fields.get("institution") or ""),
            title=_clean(fields.get("title", "")),
            year=_clean(fields.get("year", "")),
            where=_clean(where) if not where.startswith("\\url") else "",
            url=url,
        )
    return refs, problems

"""The claims ledger's counts, for prose that states them: the ``{ledger}`` role.

A page writes ``{ledger}`total``` for the number of claims, ``{ledger}`incorrect``` for those
judged incorrect, ``{ledger}`verdicts``` for the number of verdicts a claim can get, and so on
(:data:`KEYS`). The count is shown in digits (``92``); ``key:words`` writes it in words
(``ninety-two``) and ``key:Words`` with a capital, for the start of a sentence (``Ninety-two``).

The counts come from the course data when the page is built, so a page never states a number that
the ledger no longer holds: the JB1 site (:mod:`coursekit.site.ledger`), the student form
(:mod:`coursekit.student.markdown`) and the JB2 staging (:mod:`coursekit.jb2.stage`) all call
:func:`text_of`, and ``coursekit check`` reports a role that names no count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import get_args

from .loader import Course
from .problems import CourseDataError, did_you_mean
from .schema import ClaimKind, Verdict

VERDICTS: tuple[str, ...] = get_args(Verdict)
KINDS: tuple[str, ...] = get_args(ClaimKind)
# key -> what it counts (for messages and docs)
KEYS: dict[str, str] = {
    "total": "claims in the ledger",
    **{verdict: f"claims judged {verdict}" for verdict in VERDICTS},
    **{kind: f"claims of the kind {kind}" for kind in KINDS},
    "verdicts": "verdicts a claim can get",
    "kinds": "kinds a claim can be",
}
FORMS = {"": "digits", "words": "words", "Words": "words starting with a capital"}

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


class LedgerError(ValueError):
    """A ``{ledger}`` role that names no count (or no form of it); the message is one line."""


def counts_of(course: Course) -> dict[str, int]:
    """Every count of :data:`KEYS` for the ledger of ``course``."""
    verdicts: Counter[str] = Counter(c.verdict for c in course.claims)
    kinds: Counter[str] = Counter(c.kind for c in course.claims)
    return {"total": len(course.claims), **{v: verdicts[v] for v in VERDICTS},
            **{k: kinds[k] for k in KINDS}, "verdicts": len(VERDICTS), "kinds": len(KINDS)}


def course_counts(data_dir: Path) -> dict[str, int]:
    """The counts of the ledger in ``data_dir``; raises :class:`CourseDataError` when the course
    data there has problems (a count of a broken ledger would be a guess)."""
    from .links import check_links
    from .loader import load_course

    course, problems = load_course(data_dir)
    problems += check_links(course)
    if problems:
        raise CourseDataError(problems)
    return counts_of(course)


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if rest < 20:
        tail = _ONES[rest]
    else:
        tens, ones = divmod(rest, 10)
        tail = _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if not hundreds:
        return tail
    return f"{_ONES[hundreds]} hundred" + (f" and {tail}" if rest else "")


def number_words(n: int) -> str:
    """``n`` in British English words ("one hundred and five"); a million or more in digits."""
    if n < 0 or n >= 1_000_000:
        return f"{n:,}"
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return _below_thousand(rest)
    head = f"{_below_thousand(thousands)} thousand"
    if not rest:
        return head
    return head + (f" and {_below_thousand(rest)}" if rest < 100 else f", {_below_thousand(rest)}")


def parse(content: str) -> tuple[str, str]:
    """``(key, form)`` of a role's content (``"incorrect:words"`` -> ``("incorrect", "words")``)."""
    key, _, form = content.partition(":")
    key, form = key.strip(), form.strip()
    if not key:
        raise LedgerError(f"an empty {{ledger}} role: name one of the counts {', '.join(KEYS)}")
    if key not in KEYS:
        hint = did_you_mean(key, KEYS) or f" (the counts are: {', '.join(KEYS)})"
        raise LedgerError(f"unknown ledger count {key!r}{hint}")
    if form not in FORMS:
        raise LedgerError(f"unknown form {form!r} of ledger count {key!r} (write {key!r} for digits, "
                          f"'{key}:words' for words, '{key}:Words' for words starting with a capital)")
    return key, form


def text_of(content: str, counts: Mapping[str, int]) -> str:
    """The text a ``{ledger}`` role with ``content`` stands for, given the ledger's ``counts``."""
    key, form = parse(content)
    n = counts[key]
    if not form:
        return str(n)
    words = number_words(n)
    return words[:1].upper() + words[1:] if form == "Words" else words

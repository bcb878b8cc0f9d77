"""The question types, one module each: the model (fields, checks, grading, the answer as shown),
``site`` (the page's controls and answer key, for ``templates/quiz.html.j2``) and ``widget``,
``read`` and ``write`` (the kernel's controls).

To add a type: write its module here and list it in ``MODULES``; give the LMS exports its mapping
(``quiz/export.py`` for GIFT and QTI, ``quiz/moodle.py``); add its case to the site script's
``grade`` and ``readAnswer`` if it needs new controls; add tests (``tests/test_quiz_*.py``) and a
fixture question. Every message a student reads comes from :mod:`coursekit.quiz.rules`.
"""

from __future__ import annotations

from types import ModuleType

from ..model import QuestionBase
from . import matching, multiple, numeric, ordering, single, true_false
from .matching import Matching, Pair
from .multiple import Multiple
from .numeric import Numeric, parse_number
from .ordering import Ordering
from .single import Single
from .true_false import TrueFalse

MODULES: dict[str, ModuleType] = {m.NAME: m for m in (single, multiple, true_false, numeric, ordering,
                                                      matching)}
TYPES = tuple(MODULES)
Question = Single | Multiple | TrueFalse | Numeric | Ordering | Matching
MODELS: dict[str, type[QuestionBase]] = {
    "single": Single, "multiple": Multiple, "true-false": TrueFalse, "numeric": Numeric,
    "ordering": Ordering, "matching": Matching,
}

__all__ = ["MODELS", "MODULES", "TYPES", "Matching", "Multiple", "Numeric", "Ordering", "Pair",
           "Question", "Single", "TrueFalse", "parse_number"]

"""Finding the keys a page cites: roles of the {cite} family, outside code."""

from __future__ import annotations

import pytest

from coursekit.citations import roles


@pytest.mark.parametrize(("lines", "found"), [
    (["See {cite:p}`a2016,b2019` and {cite:t}`c`."],
     [(0, "cite:p", "a2016"), (0, "cite:p", "b2019"), (0, "cite:t", "c")]),
    (["{cite:ps}`{see}k1{p. 3}, k2`"], [(0, "cite:ps", "k1"), (0, "cite:ps", "k2")]),
    (["Inline code: ``{cite:p}`notme` `` and `{cite}` then {term}`IRGC`, {cite}`yes`"],
     [(0, "cite", "yes")]),
    (["```python", "{cite}`incode`", "```", "{cite}`after`"], [(3, "cite", "after")]),
    (["````{code-cell} python3", "{cite}`cell`", "````"], []),
    (["```{note}", "{cite}`in-a-note`", "```", ":::{admonition} A", "{cite}`in-colon`", ":::"],
     [(1, "cite", "in-a-note"), (4, "cite", "in-colon")]),
    (["~~~", "{cite}`tilde`", "~~~"], []),
    (["An unclosed `tick and {cite}`k`"], []),
])
def test_roles_outside_code(lines, found):
    assert list(roles(lines)) == found

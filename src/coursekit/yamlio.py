"""Read YAML keeping line numbers, so every problem can point at its line.

``load`` returns ruamel's round-trip containers (dict and list subclasses that remember where each
key and item starts). ``line_of`` walks a validation error's location down those containers and
returns the 1-based line of the deepest element it can find.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .problems import Problem, problem


class YamlSyntaxError(Exception):
    def __init__(self, found: Problem):
        self.problem = found
        super().__init__(str(found))


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.allow_duplicate_keys = False
    return y


def load(path: Path, display: str | None = None) -> Any:
    """Parse a YAML file; raise :class:`YamlSyntaxError` (one problem, with line) if it is not YAML."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlSyntaxError(problem(name, f"cannot read file: {exc}")) from None
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        raise YamlSyntaxError(problem(name, f"invalid YAML: {what}", line=line)) from None
    except Exception as exc:  # ruamel raises a few unmarked errors (e.g. duplicate keys)
        what = " ".join(str(exc).split()).split(" in \"<unicode string>\"")[0]
        raise YamlSyntaxError(problem(name, f"invalid YAML: {what}")) from None


def line_of(node: Any, loc: Sequence[Any] = ()) -> int | None:
    """1-based line of ``node`` followed along ``loc`` (keys and indexes), as deep as it goes."""
    line = _own_line(node)
    for key in loc:
        if isinstance(node, CommentedMap) and key in node:
            line = node.lc.key(key)[0] + 1
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
            line = node.lc.item(key)[0] + 1
            node = node[key]
        else:
            break
    return line


def _own_line(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    return lc.line + 1 if lc is not None and lc.line is not None else None


def plain(node: Any) -> Any:
    """Turn round-trip containers into plain dicts and lists."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node

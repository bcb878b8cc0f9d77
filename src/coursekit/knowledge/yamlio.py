"""Read YAML keeping line numbers, so every problem can point at its line.

Parsing uses PyYAML's safe loader on libyaml (C) when available. Its constructor builds
:class:`LineDict` and :class:`LineList` (dict and list subclasses that remember the line of each key
and item) straight from the parsed nodes, and rejects duplicate keys. ``line_of`` follows a
validation error's location down those containers and returns the 1-based line of the deepest
element it can find.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .problems import Problem, problem

if TYPE_CHECKING:
    _Loader = yaml.SafeLoader
else:
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlSyntaxError(Exception):
    def __init__(self, found: Problem):
        self.problem = found
        super().__init__(str(found))


class LineDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int | None = None
    key_lines: dict[Any, int]


class LineList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int | None = None
    item_lines: list[int]


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int, first: int):
        self.key, self.line, self.first = key, line, first


class _Refused(Exception):
    def __init__(self, message: str, line: int):
        self.message, self.line = message, line


# A document expanded, every alias counted as a copy of what it names, may hold at most this many
# values: the largest data file holds about 2,600, while ten lines of aliases of aliases ("a
# billion laughs") name a billion, which would hang every command that reads the file.
MAX_VALUES = 1_000_000


def _expanded_size(root: yaml.Node) -> int:
    """The number of values ``root`` holds with every alias expanded (counted, not expanded)."""
    sizes: dict[int, int] = {}
    started: set[int] = set()  # collections whose children are being counted
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack[-1]
        if id(node) in sizes:
            stack.pop()
            continue
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            sizes[id(node)] = 1
            stack.pop()
            continue
        if id(node) not in started:  # count the children first (a node that holds itself is
            started.add(id(node))    # left to PyYAML, which refuses it)
            stack += [c for c in children if id(c) not in sizes and id(c) not in started]
            continue
        stack.pop()
        total = 1 + sum(sizes.get(id(child), 1) for child in children)
        if total > MAX_VALUES:
            raise _Refused(f"aliases (*name) that expand to more than {MAX_VALUES:,} values: "
                           "write the repeated part out", node.start_mark.line + 1)
        sizes[id(node)] = total
    return sizes[id(root)]


class _LineLoader(_Loader):
    """PyYAML's safe loader, building :class:`LineDict` and :class:`LineList` as it constructs.
    It refuses a document whose aliases expand beyond :data:`MAX_VALUES` and a number too long
    to read."""

    def get_single_node(self) -> Any:
        node = super().get_single_node()
        if node is not None:
            _expanded_size(node)
        return node


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> int:
    try:
        return loader.construct_yaml_int(node)
    except ValueError:  # Python reads at most 4,300 digits
        raise _Refused(f"a number of {len(str(node.value)):,} characters is too long to read",
                       node.start_mark.line + 1) from None


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode):
    out = LineDict()
    out.line, out.key_lines = node.start_mark.line + 1, {}
    yield out
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in out.key_lines:
            raise _DuplicateKey(key, line, out.key_lines[key])
        out.key_lines[key] = line
        out[key] = loader.construct_object(value_node, deep=True)


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode):
    out = LineList()
    out.line = node.start_mark.line + 1
    out.item_lines = [item.start_mark.line + 1 for item in node.value]
    yield out
    out.extend(loader.construct_object(item, deep=True) for item in node.value)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def read_text(path: Path, display: str) -> tuple[str, Problem | None]:
    """The UTF-8 text of a file, or a problem saying why it cannot be read (a binary or
    non-UTF-8 file is named with the line of its first bad byte)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return "", problem(display, "missing file", blocks=True)
    except IsADirectoryError:
        return "", problem(display, "is a folder, not a file", blocks=True)
    except OSError as exc:
        return "", problem(display, f"cannot read file: {exc.strerror or exc}", blocks=True)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return "", problem(display, f"not a text file: byte 0x{raw[exc.start]:02x} is not UTF-8 "
                           "(is it a binary file, or saved in another encoding?)", line=line, blocks=True)


_KEY_LINE = re.compile(r"^\s*(?:- +)?[\w-]+:(?:\s|$)", re.MULTILINE)


def _runaway_quote(text: str, before: int) -> Any:
    """The last quoted scalar before offset ``before`` that spans lines and swallowed ``key:``
    lines (an unclosed quote that found its end further down), or None."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= before:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and \
                    token.end_mark.line > token.start_mark.line and \
                    _KEY_LINE.search(text, token.start_mark.index, token.end_mark.index):
                found = token
    except yaml.YAMLError:
        pass
    return found


def locate(text: str, exc: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """Line and message for a YAML error, at the line where the mistake is.

    PyYAML reports where it noticed the error, which for an unclosed quote or bracket can be many
    lines below the mistake: an unclosed quote runs on to the next quote in the file.
    """
    mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
    what = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
    line = mark.line + 1 if mark is not None else None
    if "escape" in str(exc.problem):  # "\d", or "\ud800" (half a surrogate pair): not an unclosed quote
        return line, f"{what}: in double quotes a backslash starts an escape (\\n, \\t, \\u00e9); " \
            "write \\\\ for a backslash itself, or use single quotes"
    if context is not None and "quoted scalar" in str(exc.context):
        quote = text[context.index] if context.index < len(text) else '"'
        return context.line + 1, f"the quoted text that starts here is never closed: is a closing " \
            f"{quote} missing?"
    if context is not None and "flow" in str(exc.context) and mark is not None and \
            context.line != mark.line and context.index < len(text):
        return context.line + 1, f"the '{text[context.index]}' opened here is not closed ({what} " \
            f"at line {line})"
    if mark is not None and text[mark.index:mark.index + 1] == "\t":
        return line, "a tab character: indent with spaces"
    if mark is not None:
        runaway = _runaway_quote(text, mark.index)
        if runaway is not None:
            return runaway.start_mark.line + 1, "the quoted text that starts here is not closed on " \
                f"its line (it runs on to line {runaway.end_mark.line + 1}): is a closing " \
                f"{runaway.style} missing?"
    return line, what


def load(path: Path, display: str | None = None) -> Any:
    """Parse a YAML file; raise :class:`YamlSyntaxError` (one problem, with line) if it is not YAML."""
    name = display or str(path)
    text, found = read_text(path, name)
    if found is not None:
        raise YamlSyntaxError(found)
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a safe loader
    except _Refused as refused:
        raise YamlSyntaxError(problem(name, f"invalid YAML: {refused.message}", line=refused.line,
                                      blocks=True)) from None
    except _DuplicateKey as dup:
        raise YamlSyntaxError(problem(name, f"invalid YAML: duplicate key {dup.key!r} (first at line "
                                      f"{dup.first})", line=dup.line, blocks=True)) from None
    except yaml.MarkedYAMLError as exc:
        line, what = locate(text, exc)
        raise YamlSyntaxError(problem(name, f"invalid YAML: {what}", line=line, blocks=True)) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(problem(name, f"invalid YAML: {' '.join(str(exc).split())}",
                                      blocks=True)) from None


def line_of(node: Any, loc: Sequence[Any] = ()) -> int | None:
    """1-based line of ``node`` followed along ``loc`` (keys and indexes), as deep as it goes."""
    line = getattr(node, "line", None)
    for key in loc:
        if isinstance(node, LineDict) and key in node:
            line = node.key_lines[key]
            node = node[key]
        elif isinstance(node, LineList) and isinstance(key, int) and 0 <= key < len(node):
            line = node.item_lines[key]
            node = node[key]
        else:
            break
    return line


def plain(node: Any) -> Any:
    """Turn line-keeping containers into plain dicts and lists (keys as strings)."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node

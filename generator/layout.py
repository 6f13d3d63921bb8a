"""Lay out generated Python the way black (line length 100, target py310) would, so the
client templates emit black-stable modules and the format stage can skip black for them.

Only the shapes the client templates produce are covered: string literals, import
statements, lists of string literals, calls whose arguments are atoms, and parameter
annotations built from names, subscripts and `|`. Where black's result is not predicted
here, `fits` says so and the module is formatted by black as before; a test runs black over
every module declared stable (our spec, the golden cases, the test specs, corpus specs).
"""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import Iterator

from .format import LINE_LENGTH, tidy_imports


class Unpredictable(Exception):
    """A shape whose black layout this module does not predict."""


_misses: list[list[str]] = []


@contextlib.contextmanager
def watch() -> Iterator[list[str]]:
    """Collect the shapes laid out plainly (not as black would) while rendering one module:
    a module with any is not declared black-stable."""
    misses: list[str] = []
    _misses.append(misses)
    try:
        yield misses
    finally:
        _misses.pop()


def _missed(text: str) -> str:
    if _misses:
        _misses[-1].append(text)
    return text


def black_str(value: object) -> str:
    """The string literal black writes for `value`: double quotes unless they need more escapes."""
    text = repr(str(value))
    if text[0] == '"':  # repr chose double quotes: the value has ' and no "
        return text
    body = text[1:-1]
    swapped = body.replace("\\'", "'").replace('"', '\\"')
    return text if swapped.count("\\") > body.count("\\") else f'"{swapped}"'


_STRING = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""")


def requote(expr: str) -> str:
    """An expression (an annotation, a default) with its string literals quoted as black quotes them."""
    return _STRING.sub(lambda m: black_str(ast.literal_eval(m.group())), expr)


def import_from(module: str, names: list[str], indent: int = 0) -> str:
    """`from module import a, b` on one line, or exploded one name per line when too long."""
    pad = " " * indent
    line = f"{pad}from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = "".join(f"{pad}    {name},\n" for name in names)
    return f"{pad}from {module} import (\n{inner}{pad})"


def string_list(prefix: str, values: list[str], indent: int = 0) -> str:
    """`prefix["a", "b"]`: a list literal of strings, one line or one item per line (black
    always explodes a collection literal that does not fit)."""
    pad = " " * indent
    items = [black_str(v) for v in values]
    line = f"{pad}{prefix}[{', '.join(items)}]"
    if len(line) <= LINE_LENGTH or not items:
        return line
    inner = "".join(f"{pad}    {item},\n" for item in items)
    return f"{pad}{prefix}[\n{inner}{pad}]"


def call(head: str, args: list[str], indent: int, tail: str = "") -> str:
    """`head(arg, arg)tail` for atom arguments, at column `indent` (the text is returned
    unindented; the template indents it): one line, else the arguments on one indented line,
    else one per line with a trailing comma."""
    return _dedent(_call(head, args, indent, tail), indent)


def _dedent(text: str, indent: int) -> str:
    return "\n".join(line[indent:] for line in text.split("\n"))


def _call(head: str, args: list[str], indent: int, tail: str) -> str:
    pad = " " * indent
    line = f"{pad}{head}({', '.join(args)}){tail}"
    if len(line) <= LINE_LENGTH:
        return line
    body = f"{pad}    {', '.join(args)}"
    if len(body) <= LINE_LENGTH:
        return f"{pad}{head}(\n{body}\n{pad}){tail}"
    inner = "".join(f"{pad}    {arg},\n" for arg in args)
    return f"{pad}{head}(\n{inner}{pad}){tail}"


def parameter(name: str, annotation: str, default: str, indent: int) -> str:
    """One parameter of an exploded `def` (trailing comma included), at column `indent`
    (returned unindented). A parameter with a default whose line is too long gets its
    annotation in parentheses, split as black splits it."""
    annotation = requote(annotation)
    default = requote(default) if default else ""
    suffix = f" = {default}," if default else ","
    line = f"{name}: {annotation}{suffix}"
    if "\n" in line:
        return _missed(line)
    if indent + len(line) <= LINE_LENGTH:
        return line
    try:
        if not default:
            raise Unpredictable(line)
        inner = _dedent("\n".join(_expression(annotation, indent + 4)), indent)
    except Unpredictable:
        return _missed(line)  # laid out plainly: black formats the module
    return f"{name}: (\n{inner}\n){suffix[:-1]},"


def _expression(expr: str, indent: int) -> list[str]:
    """Lines of an annotation at `indent`, split as black's right-hand and delimiter splits do."""
    pad = " " * indent
    if indent + len(expr) <= LINE_LENGTH:
        return [pad + expr]
    operands = _split_top(expr, "|")
    if len(operands) > 1:
        lines = _expression(operands[0], indent)
        for operand in operands[1:]:
            lines += _prefixed("| ", operand, indent)
        return lines
    return _prefixed("", expr, indent)


def _prefixed(prefix: str, expr: str, indent: int) -> list[str]:
    """`prefix + expr` where expr is a name or `Name[args]`."""
    pad = " " * indent
    if indent + len(prefix) + len(expr) <= LINE_LENGTH:
        return [pad + prefix + expr]
    match = re.fullmatch(r"([A-Za-z_][\w.]*)\[(.*)\]", expr, re.S)
    if not match:
        raise Unpredictable(expr)
    head, body = match.groups()
    items = _split_top(body, ",")
    inner = " " * (indent + 4)
    if len(items) == 1:
        lines = _expression(items[0], indent + 4)
    elif indent + 4 + len(body) <= LINE_LENGTH:
        lines = [inner + body]
    else:
        lines = []
        for item in items:
            sub = _expression(item, indent + 4)
            sub[-1] += ","
            lines += sub
    return [f"{pad}{prefix}{head}[", *lines, f"{pad}]"]


def _split_top(expr: str, delimiter: str) -> list[str]:
    """Parts of `expr` between top-level delimiters (outside brackets and string literals)."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(expr):
        char = expr[i]
        if char in "'\"":
            match = _STRING.match(expr, i)
            if not match:
                raise Unpredictable(expr)
            i = match.end()
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == delimiter and depth == 0:
            parts.append(expr[start:i].strip())
            start = i + 1
        i += 1
    parts.append(expr[start:].strip())
    return parts


_DOCSTRING_OR_STRING = re.compile(r'\s*(?:[rbuRBU]?"[^"\\]*(?:\\.[^"\\]*)*",?)\s*')


def fits(text: str) -> bool:
    """Whether every code line of a rendered module is within the line length. Docstring
    lines and lines holding one string literal are exempt: black leaves them as they are."""
    in_docstring = False
    for line in text.split("\n"):
        quotes = line.count('"""')
        if in_docstring or quotes:
            if quotes % 2:
                in_docstring = not in_docstring
            continue
        if len(line) > LINE_LENGTH and not _DOCSTRING_OR_STRING.fullmatch(line):
            return False
    return True




def assign(value: str, target: str, indent: int) -> str:
    """`target = value` at column `indent` (returned unindented), where value is an exploded
    call: when its first line is too long, black wraps the value in parentheses."""
    first = f"{target} = {value.split(chr(10))[0]}"
    if indent + len(first) <= LINE_LENGTH:
        return f"{target} = {value}"
    if indent + len(target) + 4 > LINE_LENGTH or indent + 4 + len(value.split(chr(10))[0]) > LINE_LENGTH:
        return _missed(f"{target} = {value}")
    inner = "\n".join("    " + line if line else line for line in value.split("\n"))
    return f"{target} = (\n{inner}\n)"


_LONG_IMPORT = re.compile(r"^from (\S+) import (.+)$", re.M)


def settle_imports(text: str, first_party: str) -> str:
    """The module with its import block as tidy_imports writes it and black wraps it."""
    return _LONG_IMPORT.sub(lambda m: import_from(m.group(1), m.group(2).split(", ")) if len(m.group()) > LINE_LENGTH else m.group(), tidy_imports(text, first_party))


FILTERS = {"black_str": black_str, "requote": requote, "import_from": import_from, "string_list": string_list, "call": call, "parameter": parameter, "assign": assign}

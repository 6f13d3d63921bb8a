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
import functools
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


def method(name: str, returns: str, indent: int) -> str:
    """`def name(self) -> returns:` at column `indent` (returned unindented); when too long,
    black puts `self` on a line of its own, with a trailing comma."""
    line = f"def {name}(self) -> {returns}:"
    if indent + len(line) <= LINE_LENGTH:
        return line
    if indent + len(f") -> {returns}:") > LINE_LENGTH or indent + len(f"def {name}(") > LINE_LENGTH:
        return _missed(line)
    return f"def {name}(\n    self,\n) -> {returns}:"


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
        if any(c in default for c in "([{"):
            raise Unpredictable(line)
        operands = _split_top(annotation, "|")
        if len(operands) == 1:
            # No delimiter: black omits the optional parentheses and splits the subscript.
            lines = _prefixed(f"{name}: ", annotation, indent)
            lines[-1] += suffix
            if any(len(x) > LINE_LENGTH for x in (lines[0], lines[-1])):
                raise Unpredictable(line)
            return _dedent("\n".join(lines), indent)
        if default and not re.fullmatch(r"[A-Za-z_][\w.]*", operands[-1]):
            raise Unpredictable(line)  # black's choice then depends on the closing bracket's place
        inner = _dedent("\n".join(_expression(annotation, indent + 4)), indent)
    except Unpredictable:
        return _missed(line)  # laid out plainly: black formats the module
    return f"{name}: (\n{inner}\n){suffix[:-1]},"


def _expression(expr: str, indent: int, tail: int = 0) -> list[str]:
    """Lines of an annotation at `indent`, split as black's right-hand and delimiter splits do;
    `tail` characters (a trailing comma) follow it on its last line."""
    pad = " " * indent
    if indent + len(expr) + tail <= LINE_LENGTH:
        return [pad + expr]
    operands = _split_top(expr, "|")
    if len(operands) > 1:
        lines = _expression(operands[0], indent)
        for k, operand in enumerate(operands[1:], start=2):
            lines += _prefixed("| ", operand, indent, tail if k == len(operands) else 0)
        return lines
    return _prefixed("", expr, indent, tail)


def _prefixed(prefix: str, expr: str, indent: int, tail: int = 0) -> list[str]:
    """`prefix + expr` where expr is a name or `Name[args]`."""
    pad = " " * indent
    if indent + len(prefix) + len(expr) + tail <= LINE_LENGTH:
        return [pad + prefix + expr]
    match = re.fullmatch(r"([A-Za-z_][\w.]*)\[(.*)\]", expr, re.DOTALL)
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
            sub = _expression(item, indent + 4, tail=1)
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


_STRING_LINE = re.compile(r'\s*"[^"\\]*(?:\\.[^"\\]*)*",?')


def fits(text: str) -> bool:
    """Whether every code line of a rendered module is within the line length and free of
    trailing whitespace. Docstrings (settled by `settle_docstrings`), comments and lines
    holding one string literal are exempt: black leaves them as they are."""
    in_docstring = False
    for line in text.split("\n"):
        quotes = line.count('"""')
        if in_docstring or quotes:
            if quotes % 2:
                in_docstring = not in_docstring
            continue
        if line != line.rstrip() or "\t" in line:
            return False
        if len(line) > LINE_LENGTH and not _STRING_LINE.fullmatch(line) and not line.lstrip().startswith("# "):
            return False
    return True


def settle_docstrings(text: str) -> str | None:
    """The module with every docstring as black writes it (black's docstring rules: the
    first line stripped, the others re-indented to the statement and stripped on the right,
    the closing quotes on a line of their own when they would not fit), or None when a
    docstring has a shape these rules do not cover. The client templates' only
    triple-quoted strings are docstrings, and their text never holds three quotes in a row."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if '"""' not in line:
            out.append(line)
            i += 1
            continue
        start = line.index('"""')
        indent = line[:start]
        if indent.strip() or line.count('"""') > 2:
            return None
        if line.count('"""') == 2:  # one line (its text may end with an escaped quote: `\\""""`)
            end = len(line) - 3
            if not line.endswith('"""') or end < start + 3:
                return None
            body = line[start + 3 : end]
            body = _pad(body.strip())[0] or (" " if body else "")
            out.append(f'{indent}"""{body}"""')
            i += 1
            continue
        j = i + 1
        while j < len(lines) and '"""' not in lines[j]:
            j += 1
        if j == len(lines) or lines[j].count('"""') != 1 or not lines[j].endswith('"""'):
            return None
        raw = [line[start + 3 :], *lines[i + 1 : j], lines[j][:-3]]
        if any(_BACKSLASH_NEWLINE.search(r) for r in raw[:-1]):
            out.extend(lines[i : j + 1])  # black leaves a docstring with a backslash-newline as it is
            i = j + 1
            continue
        raw = [_expand_leading_tabs(r) for r in raw]
        rest = [r for r in raw[1:] if r.strip()]
        common = min((len(r) - len(r.lstrip()) for r in rest), default=0)
        parts = [raw[0].strip()]
        for k, r in enumerate(raw[1:], start=1):
            if not rest:
                break  # black keeps only the first line when all the others are blank
            stripped = r[common:].rstrip()
            parts.append(indent + stripped if stripped or k == len(raw) - 1 else "")
        backslash = False
        if len(parts) == 1 and not parts[0]:
            parts[0] = " "  # black's text for a docstring of blanks
        elif len(parts) == 1:
            parts[0], backslash = _pad(parts[0])
        else:
            parts[0], _ = _pad(parts[0], last=False)
            parts[-1], backslash = _pad(parts[-1], first=False)
        if len(parts) > 1 and len(parts[-1]) + 3 > LINE_LENGTH and not backslash:
            # black's second pass strips the padding the closing quotes no longer need
            parts[-1] = parts[-1].rstrip()
            parts.append(indent)
        parts[0] = f'{indent}"""{parts[0]}'
        parts[-1] += '"""'
        out.extend(parts)
        i = j + 1
    return "\n".join(out)


_BACKSLASH_NEWLINE = re.compile(r"\\\s*$")


def _pad(text: str, first: bool = True, last: bool = True) -> tuple[str, bool]:
    """A docstring's text padded as black pads it: a space after the opening quotes when it
    starts with a quote, a space before the closing ones when it ends with a quote or an odd
    run of backslashes (the second value says which: black then never moves the closing
    quotes to a line of their own)."""
    if not text:
        return text, False
    if first and text[0] == '"':
        text = " " + text
    if last and text[-1] == '"':
        text += " "
    if last and text[-1] == "\\" and (len(text) - len(text.rstrip("\\"))) % 2:
        return text + " ", True
    return text, False


def _expand_leading_tabs(line: str) -> str:
    """A docstring line with the tabs of its indentation expanded, as black expands them."""
    stripped = line.lstrip()
    if not stripped or stripped == line:
        return line
    return line[: len(line) - len(stripped)].expandtabs(4) + stripped


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


# -- one-line statements of datamodel-code-generator's classes (see models_layout.py) ---------
_NUMBER = re.compile(r"(?<![\w.])(?:\d[\w.]*|\.\d[\w.]*)")
_PLAIN_NUMBER = re.compile(r"\d[\d_]*(?:\.\d[\d_]*)?(?:e[+-]?\d+)?")
_MAGIC_COMMA = re.compile(r",\s*[)\]}]")


@functools.lru_cache(maxsize=65536)  # a large models module repeats its lines (GitHub's: 47,107 checks, 12,942 distinct lines)
def plain_statement(line: str) -> str | None:
    """The line as black writes it when black would change nothing but its string quotes,
    or None when this is not sure: the line must fit, hold no comment, backslash, semicolon,
    triple or prefixed string, trailing comma, power operator or number black would respell,
    and be spaced as black spaces (one space after a comma or colon, none inside brackets,
    spaces around `=` only outside brackets)."""
    if not line.isprintable() or line != line.rstrip() or "\\" in line or '"""' in line or "'''" in line:
        return None
    indent = len(line) - len(line.lstrip(" "))
    code = _STRING.sub(lambda m: '"_"', line[indent:])
    if re.search(r"[A-Za-z0-9_\"]\"_\"", code):
        return None  # a string prefix (r"", b"", f""), or a string glued to a name or a string
    if any(c in code.replace('"_"', "") for c in "#;'\"+*/%<>@&^~\t") or "  " in code or _MAGIC_COMMA.search(code):
        return None
    if re.search(r",(?! )|\( | \)|\[ | \]| ,| :|:(?! )|[^ ]\||\|[^ ]", code) or re.search(r"-(?!\d)|(?<![=(\[] )(?<![(\[])-", code):
        return None  # spacing black would change; a minus other than a negative number's
    if any(not _PLAIN_NUMBER.fullmatch(n) for n in _NUMBER.findall(code)):
        return None
    depth = 0
    for k, char in enumerate(code):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "=" and code[k - 1 : k + 2] not in ("==", "!=", "<=", ">=") and code[k : k + 2] != "==" and code[k - 1] not in "=!<>":
            spaced = code[k - 1] == " " and code[k + 1 : k + 2] == " "
            if spaced != (depth == 0):
                return None
            if depth == 0 and code[k + 2 : k + 3] == "(" and code.endswith(")"):
                return None  # black may drop parentheses around a right-hand side
    out = " " * indent + requote(line[indent:])
    return out if len(out) <= LINE_LENGTH else None


_LONG_IMPORT = re.compile(r"^from (\S+) import (.+)$", re.MULTILINE)


def settle_imports(text: str, first_party: str) -> str:
    """The module with its import block as tidy_imports writes it and black wraps it."""
    return _LONG_IMPORT.sub(lambda m: import_from(m.group(1), m.group(2).split(", ")) if len(m.group()) > LINE_LENGTH else m.group(), tidy_imports(text, first_party))


FILTERS = {"black_str": black_str, "requote": requote, "import_from": import_from, "string_list": string_list, "call": call, "parameter": parameter, "assign": assign, "method": method}

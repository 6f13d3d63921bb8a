"""The models module as black writes it, with black run only on what is not predicted.

black costs about 4 s per MB of datamodel-code-generator's output (most of a cold run; 13 s on
GitHub's description), and its cost goes with the number of lines, not their difficulty. Most
of that module is short one-line statements (`name: Annotated[str, Field(alias="x")]`, enum
members) and attribute docstrings, which black leaves as they are but for the quotes. So:

- a class whose body is nothing but one-line statements, strings and a docstring (no blank
  line, comment, nested block or decorator) is laid out here: black's quotes on each plain
  statement (`layout.plain_statement`), its docstring rules on the class docstring, one blank
  line after that docstring, attribute docstrings verbatim;
- every statement not predicted (too long, a trailing comma, a backslash, a number black would
  respell...) goes to black inside a stand-in class `class _Layout:` after a first statement
  `_ = 0`, so it is neither a docstring nor first in its block, at the depth it has in the
  real class; a class not laid out here goes to black whole. All of them go in one module, and
  the format stage's parallel black takes it (and its cache).

What comes back is black's layout of every class and top-level statement; imports are left as
they are (partition rebuilds them per module and layout.settle_imports wraps them).
tests/generator/test_black_stable.py checks the result against black on our spec, the golden
cases, the test specs and corpus specs.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from . import layout, pyast

STAND_IN = "_Layout"
# `class Name:` or `class Name(Base, Generic[A | B]):`: names, dots, brackets, ", " and " | "
_HEADER = re.compile(r"class [A-Za-z_]\w*(\((?:[\w.\[\]]|, | \| )+\))?:")


def format_models(code: str, black: Callable[[str], str], max_black_chars: int | None = None) -> str | None:
    """`code` with every class and top-level statement as black writes it; `black` formats a
    module (the format stage's, with its workers and cache). With `max_black_chars`, None when
    black would get more than that (the caller then has a better place to run it)."""
    if "\r" in code or "\f" in code:
        if max_black_chars is not None and len(code) > max_black_chars:
            return None
        return black(code)  # line breaks ast and str.split disagree on: black does it all
    tree = pyast.parse(code)
    lines = code.split("\n")
    pieces: list[str | int] = []  # predicted text, or the index of a unit black formats
    units: list[tuple[bool, str]] = []  # (stand-in for one statement, source text)

    def to_black(text: str, stand_in: bool) -> int:
        units.append((stand_in, text))
        return len(units) - 1

    for node in tree.body:
        text = _source(lines, node)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            pieces.append(text)
        elif isinstance(node, ast.ClassDef):
            laid_out = _class(node, lines, to_black)
            pieces.extend(laid_out if laid_out is not None else [to_black(text, False)])
        else:
            plain = layout.plain_statement(text) if node.lineno == node.end_lineno else None
            pieces.append(plain if plain is not None else to_black(text, False))
        pieces.append("\n\n\n")
    if max_black_chars is not None and sum(len(text) for _, text in units) > max_black_chars:
        return None
    formatted = _black_units(units, black) if units else []
    out = "".join(p if isinstance(p, str) else formatted[p] for p in pieces)
    return out.rstrip("\n") + "\n"


def _source(lines: list[str], node: ast.stmt) -> str:
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
    return "\n".join(lines[first - 1 : node.end_lineno])


def _class(node: ast.ClassDef, lines: list[str], to_black: Callable[[str, bool], int]) -> list[str | int] | None:
    """The class's text in pieces (predicted text, or units for black), or None when the class
    has a shape laid out here only by black."""
    header = lines[node.lineno - 1]
    if node.decorator_list or not node.body or node.body[0].lineno != node.lineno + 1:
        return None
    if not _HEADER.fullmatch(header) or len(header) > layout.LINE_LENGTH:
        return None  # a header with keywords, odd spacing or too long: black decides
    out: list[str | int] = [header]
    previous_end = node.lineno
    for index, statement in enumerate(node.body):
        if statement.lineno != previous_end + 1 or isinstance(statement, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.If, ast.For, ast.While, ast.With, ast.Try)):
            return None  # a blank line, a comment or a block in the body
        previous_end = statement.end_lineno or statement.lineno
        text = "\n".join(lines[statement.lineno - 1 : previous_end])
        if _is_string(statement):
            if index == 0:
                settled = layout.settle_docstrings(text)
                if settled is None:
                    return None
                out.append("\n" + settled)
                if len(node.body) > 1:
                    out.append("\n")  # black: one blank line after a class docstring
                continue
            if text.lstrip().startswith('"""') and "\\" not in text and all(line.isprintable() for line in text.split("\n")):
                out.append("\n" + text)  # not a docstring: black leaves a triple-quoted string as it is
                continue
        elif statement.lineno == statement.end_lineno:
            plain = layout.plain_statement(text)
            if plain is not None:
                out.append("\n" + plain)
                continue
        out.append("\n")
        out.append(to_black(f"class {STAND_IN}:\n    _ = 0\n{text}", True))
    return out


def _is_string(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) and isinstance(statement.value.value, str)


def _black_units(units: list[tuple[bool, str]], black: Callable[[str], str]) -> list[str]:
    """black's text of each unit: all in one module of top-level classes."""
    module = "\n\n\n".join(text for _, text in units) + "\n"
    formatted = black(module)
    lines = formatted.split("\n")
    nodes = [n for n in ast.parse(formatted).body]
    if len(nodes) != len(units):  # black keeps every statement: a bug of ours if not
        raise AssertionError(f"black returned {len(nodes)} statements for {len(units)}")
    out = []
    for (stand_in, _), node in zip(units, nodes):
        if stand_in:
            assert isinstance(node, ast.ClassDef) and node.name == STAND_IN and len(node.body) == 2
            out.append("\n".join(lines[node.body[1].lineno - 1 : node.end_lineno]))
        else:
            out.append(_source(lines, node))
    return out

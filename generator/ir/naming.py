"""All naming decisions in one place: case conversion, Python keywords, collisions.

Pure functions over strings; callers decide scope (a resource, a method's arguments,
the set of models) and ask `Namer` for unique names within it, in spec order, so the
result never depends on hashing or dict order.
"""

from __future__ import annotations

import keyword
import re

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

# Names a generated method or attribute must not shadow (builtins used in generated
# code, typing names, and the members our runtime classes already have).
RESERVED = frozenset(
    set(keyword.kwlist)
    | set(keyword.softkwlist)
    | {"self", "cls", "None", "True", "False", "str", "int", "float", "bool", "list", "dict", "bytes", "object", "type", "Any", "Literal"}
)


def words(name: str) -> list[str]:
    return [w for w in _WORD.findall(name.replace("'", ""))]


def snake_case(name: str) -> str:
    parts = [w.lower() for w in words(name)]
    text = "_".join(parts) or "value"
    if text[0].isdigit():
        text = f"n{text}"
    return text


def pascal_case(name: str) -> str:
    parts = words(name)
    text = "".join(w[:1].upper() + w[1:] for w in parts) or "Model"
    if text[0].isdigit():
        text = f"N{text}"
    return text


def class_name(name: str) -> str:
    """The Python class for a schema called `name`: kept when it already is a PascalCase
    identifier without underscores (the model generator drops underscores, so a name with
    them would not survive as written), else converted; never a keyword such as None."""
    text = name if name.isidentifier() and name[:1].isupper() and "_" not in name else pascal_case(name)
    if keyword.iskeyword(text):
        text += "Model"
    return text


MAX_MODULE = 64


def module_name(identifier: str) -> str:
    """A module (and page) file name for an identifier: its trailing '_' dropped unless
    that leaves a keyword (`resources.class` cannot be imported), and cut to MAX_MODULE
    characters, since tag names can be long and file names cannot (callers make it unique)."""
    stem = identifier[:MAX_MODULE].rstrip("_")
    if not stem.isidentifier():
        return "module"
    return stem if not keyword.iskeyword(stem) else f"{stem}_"


def safe_identifier(name: str, reserved: frozenset[str] = RESERVED) -> str:
    """A valid, non-reserved identifier: keywords and reserved names get a trailing '_'."""
    if name in reserved or keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"{name}_"
    return name


class Namer:
    """Hands out unique names within one scope, in the order asked (spec order)."""

    def __init__(self, taken: set[str] | frozenset[str] = frozenset()) -> None:
        self._taken = set(taken)

    def unique(self, wanted: str) -> str:
        name = wanted
        counter = 2
        while name in self._taken:
            name = f"{wanted}{'' if wanted.endswith('_') else '_'}{counter}" if wanted[:1].islower() else f"{wanted}{counter}"
            counter += 1
        self._taken.add(name)
        return name

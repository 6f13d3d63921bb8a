"""JSON pointers (RFC 6901) and the `$ref` fragments that carry them (RFC 3986): the one
place where pointers are built, split, escaped, percent-decoded and followed.

A pointer is `/a/b~1c` (tokens `a` and `b/c`; `~0` is `~`, `~1` is `/`). A local `$ref` is
a URI fragment, `#` followed by a pointer that may also be percent-encoded
(`#/paths/~1keys~1%7Bid%7D`): decode the percent-escapes first, then the `~` escapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote

COMPONENT_SCHEMAS = "/components/schemas/"


def escape(token: object) -> str:
    """One reference token as it is written in a pointer."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """One pointer token as the key it names (`~1` before `~0`, as RFC 6901 requires)."""
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: object) -> str:
    """`pointer` extended by `tokens`, each escaped."""
    return pointer + "".join(f"/{escape(t)}" for t in tokens)


def build(tokens: Iterable[object]) -> str:
    """The pointer naming the node at `tokens` from the root ('' for the root itself)."""
    return join("", *tokens)


def split(pointer: str) -> list[str]:
    """The unescaped tokens of a pointer ('' is the root, no tokens)."""
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"a JSON pointer starts with '/': {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def from_ref(ref: str) -> str:
    """The pointer a local `$ref` ('#...') names, percent-decoded; ValueError if not local."""
    if not ref.startswith("#"):
        raise ValueError(f"not a local reference: {ref!r}")
    return unquote(ref[1:], errors="strict")


def to_ref(pointer: str) -> str:
    """A `$ref` for `pointer`, percent-encoding what a URI fragment may not hold as is."""
    return "#" + quote(pointer, safe="/~:@!$&'()*+,;=-._")


def resolve(data: Any, pointer: str) -> Any:
    """The node at `pointer` (no `$ref` followed on the way); KeyError if there is none."""
    node = data
    for token in split(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and (token == "0" or not token.startswith("0")) and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(pointer)
    return node


def resolve_ref(data: Any, ref: str) -> Any:
    """The node a local `$ref` names; KeyError if it names nothing or is not local."""
    try:
        return resolve(data, from_ref(ref))
    except (ValueError, UnicodeDecodeError):
        raise KeyError(ref) from None


def schema_name(ref: str) -> str | None:
    """The component schema name of a `#/components/schemas/<name>` reference, else None
    (also None for a pointer into a component, e.g. `.../Name/properties/id`)."""
    try:
        pointer = from_ref(ref)
    except (ValueError, UnicodeDecodeError):
        return None
    if not pointer.startswith(COMPONENT_SCHEMAS):
        return None
    rest = pointer[len(COMPONENT_SCHEMAS):]
    return None if "/" in rest else unescape(rest)


def is_reference(node: Any) -> bool:
    """Whether `node` is a Reference Object (a mapping with a string `$ref`)."""
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


def follow(data: Any, tokens: Iterable[object]) -> str:
    """The real pointer of the node reached from the root by `tokens`, where every `$ref`
    met on the way (and at the end) is followed; the path as written if one dangles."""
    pointer, node = "", data
    for token in [*tokens, None]:
        for _ in range(64):
            if not (is_reference(node) and node["$ref"].startswith("#")):
                break
            try:
                target = from_ref(node["$ref"])
                node = resolve(data, target)
            except (KeyError, ValueError, UnicodeDecodeError):
                break
            pointer = target
        if token is None:
            break
        key = str(token)
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
            node = node[token]
        else:
            node = None
        pointer = join(pointer, token)
    return pointer

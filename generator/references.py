"""Validation, concern 2 of 3: every `$ref` in the document is local, resolves, and no
chain of references loops without reaching a definition.

Only Reference Objects count: a key spelled `$ref` that is a *name* (a property, a header,
a component called `$ref`) or sits inside a literal value (an example, a default, an
enum, an `x-` extension) is data, not a reference.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from . import pointer as jp
from .errors import Problem
from .load import Document

# Keys whose value is a map from names (chosen by the spec's author) to objects: a `$ref`
# key directly inside such a map is a name.
_NAME_MAPS = frozenset(
    {"properties", "patternProperties", "paths", "schemas", "responses", "parameters", "examples", "requestBodies", "headers",
     "securitySchemes", "links", "callbacks", "content", "encoding", "variables", "mapping", "definitions"}
)
# Keys whose value is literal data, never walked for references.
_LITERALS = frozenset({"example", "default", "enum", "const", "value"})


def iter_refs(data: Any) -> Iterator[tuple[str, Any]]:
    """(pointer of the object holding `$ref`, its value) for every Reference Object."""
    stack: list[tuple[Any, str, bool]] = [(data, "", False)]  # node, pointer, is it a name map
    while stack:
        node, where, names = stack.pop()
        if isinstance(node, dict):
            if not names and "$ref" in node:
                yield where, node["$ref"]
            for key, value in node.items():
                if not isinstance(value, (dict, list)) or (not names and (key in _LITERALS or str(key).startswith("x-"))):
                    continue
                # `parameters` and `responses`/`callbacks` of an operation are lists or
                # status maps; either way their members are objects, not names.
                stack.append((value, jp.join(where, key), not names and key in _NAME_MAPS and isinstance(value, dict)))
        elif isinstance(node, list):
            stack.extend((value, f"{where}/{index}", False) for index, value in enumerate(node) if isinstance(value, (dict, list)))


def deref(data: Any, node: Any) -> tuple[str | None, Any]:
    """(pointer of the final target or None if inline, the target) following local $refs;
    (pointer, None) when a reference leads nowhere."""
    target: str | None = None
    for _ in range(64):
        if not (jp.is_reference(node) and node["$ref"].startswith("#")):
            break
        try:
            target = jp.from_ref(node["$ref"])
            node = jp.resolve(data, target)
        except (KeyError, ValueError, UnicodeDecodeError):
            return target, None
    return target, node


def check_refs(doc: Document) -> Iterator[Problem]:
    """Every reference problem, located at the `$ref` that has it."""
    cycles: set[frozenset[str]] = set()  # each cycle is reported once, at a $ref inside it
    for where_ref, ref in sorted(iter_refs(doc.data), key=lambda item: item[0]):
        where = doc.locate(f"{where_ref}/$ref")
        if not isinstance(ref, str):
            yield Problem(where, "$ref must be a string", "write it as text, e.g. '#/components/schemas/Name'")
            continue
        if not ref.startswith("#"):
            kind = "a URL" if "://" in ref else "another file"
            yield Problem(where, f"$ref {ref!r} points to {kind}; only references inside this document are supported",
                          "bundle the document first (e.g. `redocly bundle`) so every $ref starts with '#/'")
            continue
        try:
            target_node = jp.resolve(doc.data, jp.from_ref(ref))
        except (ValueError, UnicodeDecodeError):
            yield Problem(where, f"$ref {ref!r} is not a JSON pointer", "write it as '#/' followed by the path, e.g. '#/components/schemas/Name'")
            continue
        except KeyError:
            yield Problem(where, f"$ref {ref!r} points to nothing",
                          "fix the name or add the missing component (in a pointer, write `~1` for '/', `~0` for '~')")
            continue
        if not isinstance(target_node, dict):  # every referenceable OpenAPI object is a mapping
            yield Problem(where, f"$ref {ref!r} points to a {type(target_node).__name__}, not an object", "point it at a schema, parameter, response, ...")
            continue
        here = jp.to_ref(where_ref)
        chain = [jp.to_ref(jp.from_ref(ref))]
        node = target_node
        while jp.is_reference(node) and node["$ref"].startswith("#"):
            try:
                target = jp.to_ref(jp.from_ref(node["$ref"]))
                node = jp.resolve(doc.data, jp.from_ref(target))
            except (KeyError, ValueError, UnicodeDecodeError):
                break  # reported where that $ref itself is written
            if target in chain:
                members = frozenset(chain[chain.index(target):])
                if here in members and members not in cycles:
                    cycles.add(members)
                    yield Problem(where, f"$ref cycle: {' -> '.join(chain + [target])}", "a chain of references must end at a real definition")
                break
            chain.append(target)


def canonical_refs(data: Any) -> Any:
    """`data` with every local reference written as '#' + its decoded pointer (no
    percent-encoding), so later stages follow it with plain pointer resolution; the same
    object when every reference already is."""
    changes = []
    for where, ref in iter_refs(data):
        if isinstance(ref, str) and ref.startswith("#"):
            try:
                canonical = "#" + jp.from_ref(ref)
            except (ValueError, UnicodeDecodeError):
                continue
            if canonical != ref:
                changes.append((where, canonical))
    if not changes:
        return data
    data = copy.deepcopy(data)
    for where, canonical in changes:
        jp.resolve(data, where)["$ref"] = canonical
    return data

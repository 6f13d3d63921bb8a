"""The inputs and the completeness checks: subsets of GitHub's API description, a
one-operation edit of a spec, and counting what each tool actually generated.

A subset keeps N operations spread evenly over the document (every k-th in document
order, so every area of the API is sampled, not just the first paths), the path-level
parameters of their paths, the tags they use, and every component they reference,
followed transitively through `$ref`s. Everything else (x-webhooks, unused components)
is dropped, so the subset is a valid document of its own.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)  # type: ignore[no-any-return]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # type: ignore[no-any-return]


def operations(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(path, method) for path, item in doc.get("paths", {}).items() for method in item if method in METHODS]


def _refs(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _pointer(ref: str) -> tuple[str, str] | None:
    """`#/components/<kind>/<name>` -> (kind, name); other refs are not components."""
    if not ref.startswith("#/components/"):
        return None
    parts = ref[len("#/components/"):].split("/")
    if len(parts) != 2:
        return None
    return parts[0], parts[1].replace("~1", "/").replace("~0", "~")


def subset(doc: dict[str, Any], count: int) -> dict[str, Any]:
    """A valid document with `count` of `doc`'s operations and what they reference."""
    ops = operations(doc)
    if count >= len(ops):
        raise ValueError(f"a subset of {count} operations needs a document with more than {count}")
    chosen = {ops[(i * len(ops)) // count] for i in range(count)}
    paths: dict[str, Any] = {}
    for path, item in doc["paths"].items():
        kept = {k: v for k, v in item.items() if k not in METHODS or (path, k) in chosen}
        if any(k in METHODS for k in kept):
            paths[path] = kept
    components = doc.get("components", {})
    kept_components: dict[str, dict[str, Any]] = {}
    pending = list(_refs(paths))
    seen: set[str] = set()
    while pending:
        ref = pending.pop()
        if ref in seen:
            continue
        seen.add(ref)
        target = _pointer(ref)
        if target is None:
            continue
        kind, name = target
        value = components.get(kind, {}).get(name)
        if value is None:
            raise ValueError(f"{ref} does not resolve in the source document")
        kept_components.setdefault(kind, {})[name] = value
        pending.extend(_refs(value))
    if "securitySchemes" in components:  # referenced by name, not by $ref
        kept_components["securitySchemes"] = components["securitySchemes"]
    used_tags = {t for item in paths.values() for k, op in item.items() if k in METHODS for t in op.get("tags", [])}
    out = {k: v for k, v in doc.items() if k not in ("paths", "components", "tags") and not k.startswith("x-")}
    if "tags" in doc:
        out["tags"] = [t for t in doc["tags"] if t.get("name") in used_tags]
    out["paths"] = paths
    out["components"] = {kind: dict(sorted(values.items())) for kind, values in sorted(kept_components.items())}
    return out


def write_subsets(source: Path, counts: list[int], folder: Path) -> dict[int, Path]:
    doc = load(source)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for count in counts:
        target = folder / f"{source.stem}.{count}-ops.json"
        target.write_text(json.dumps(subset(doc, count), indent=1), encoding="utf-8")
        written[count] = target
    return written


@dataclass
class Shape:
    operations: int
    schemas: int
    operation_ids: list[str]
    schema_names: list[str]
    size_bytes: int
    schema_titles: dict[str, str] = field(default_factory=dict)
    primitive: set[str] = field(default_factory=set)  # plain string/number/array schemas, which a tool may inline


def shape(path: Path) -> Shape:
    doc = load(path)
    ops = operations(doc)
    ids = [doc["paths"][p][m].get("operationId", f"{m} {p}") for p, m in ops]
    schemas = doc.get("components", {}).get("schemas", {})
    names = sorted(schemas)
    titles = {n: s["title"] for n, s in schemas.items() if isinstance(s, dict) and isinstance(s.get("title"), str)}
    primitive = {n for n, s in schemas.items() if isinstance(s, dict) and _is_primitive(s)}
    return Shape(len(ops), len(names), ids, names, path.stat().st_size, titles, primitive)


def _is_primitive(schema: dict[str, Any]) -> bool:
    return (schema.get("type") in ("string", "integer", "number", "boolean", "array")
            and "enum" not in schema and "properties" not in schema)


# -- a one-operation edit -------------------------------------------------------------------
def edit_description(source: Path, target: Path, operation_id: str, marker: str) -> str:
    """Copy `source` to `target` with `marker` appended to the first line of one
    operation's description, editing the text (not re-serialising it) so the rest of the
    file stays byte-identical. Returns the operationId that was edited; verifies that
    exactly that description, and nothing else, changed."""
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"\s*operationId:\s*['\"]?{re.escape(operation_id)}['\"]?\s*$", line)), None)
    if start is None:
        raise ValueError(f"operationId {operation_id} not found in {source}")
    indent = len(lines[start]) - len(lines[start].lstrip())
    # The operation's keys share operationId's indentation; find its `description:` among them.
    first = start
    while first > 0 and _indent(lines[first - 1]) >= indent:
        first -= 1
    last = start
    while last + 1 < len(lines) and (not lines[last + 1].strip() or _indent(lines[last + 1]) >= indent):
        last += 1
    for i in range(first, last + 1):
        line = lines[i]
        if _indent(line) == indent and line.lstrip().startswith("description:"):
            value = line.split(":", 1)[1].strip()
            if value[:1] in ("|", ">"):
                j = i + 1  # block scalar: append to its first content line
                lines[j] = lines[j].rstrip("\n") + f" {marker}\n"
            elif value[:1] in ("'", '"'):
                quote = value[0]
                lines[i] = line.rstrip().removesuffix(quote) + f" {marker}{quote}\n"
            else:
                lines[i] = line.rstrip("\n") + f" {marker}\n"
            break
    else:
        raise ValueError(f"operation {operation_id} has no description to edit")
    edited = "".join(lines)
    target.write_text(edited, encoding="utf-8")
    _verify_edit(load(source), load(target), operation_id, marker)
    return operation_id


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip()) if line.strip() else 1 << 30


def _verify_edit(before: dict[str, Any], after: dict[str, Any], operation_id: str, marker: str) -> None:
    expected = copy.deepcopy(before)
    for path, method in operations(expected):
        op = expected["paths"][path][method]
        if op.get("operationId") == operation_id:
            found = after["paths"][path][method].get("description", "")
            if marker not in found:
                raise AssertionError(f"the edit of {operation_id} did not reach its description")
            op["description"] = found
    if expected != after:
        raise AssertionError(f"editing {operation_id}'s description changed more than that description")


# -- what a tool generated -------------------------------------------------------------------
_CLASS = re.compile(r"^class\s+([A-Za-z_]\w*)", re.M)
_ALIAS = re.compile(r"^([A-Z]\w*)\s*(?::\s*TypeAlias\s*)?=", re.M)
_OPERATION_ID = re.compile(r"\(operationId ``([^`]+)``\)")


def normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass
class Coverage:
    operations: int | None = None  # operations with generated code (None: not applicable)
    schemas: int = 0  # component schemas with a same-named class or type alias
    missing_operations: list[str] = field(default_factory=list)
    missing_schemas: list[str] = field(default_factory=list)
    warnings: int = 0  # what the tool itself reported as skipped or omitted


def defined_names(folder: Path) -> set[str]:
    names: set[str] = set()
    files = [folder] if folder.is_file() else folder.rglob("*.py")
    for file in files:
        text = file.read_text(encoding="utf-8", errors="replace")
        names.update(normal(n) for n in _CLASS.findall(text))
        names.update(normal(n) for n in _ALIAS.findall(text))
    return names


def schema_coverage(spec: Shape, output: Path) -> tuple[int, list[str]]:
    names = defined_names(output)
    # openapi-python-client names a model after the schema's title when it has one
    missing = [n for n in spec.schema_names if normal(n) not in names and normal(spec.schema_titles.get(n, n)) not in names]
    return spec.schemas - len(missing), missing


def ours_coverage(spec: Shape, client_root: Path) -> Coverage:
    found: set[str] = set()
    for file in (client_root).rglob("resources/*.py"):
        found.update(_OPERATION_ID.findall(file.read_text(encoding="utf-8")))
    count, missing = schema_coverage(spec, client_root)
    missing_ops = [i for i in spec.operation_ids if i not in found]
    return Coverage(len(spec.operation_ids) - len(missing_ops), count, missing_ops, missing)


def opc_coverage(spec: Shape, output: Path, log: str) -> Coverage:
    """openapi-python-client writes one module per operation under <package>/api/<tag>/,
    named after the snake_cased operationId; it reports what it skipped as warnings."""
    modules = {normal(p.stem) for p in output.rglob("api/*/*.py") if p.name != "__init__.py"}
    missing_ops = [i for i in spec.operation_ids if normal(i) not in modules]
    count, missing = schema_coverage(spec, output)
    warnings = len(re.findall(r"^(?:Cannot parse|Unable to (?:parse|process))", log, re.M))
    return Coverage(len(spec.operation_ids) - len(missing_ops), count, missing_ops, missing, warnings)


def dmcg_coverage(spec: Shape, output: Path) -> Coverage:
    count, missing = schema_coverage(spec, output)
    return Coverage(None, count, [], missing)

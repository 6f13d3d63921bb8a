"""Example values built from schemas, for the request samples in the reference.

A spec `example` or `default` wins; otherwise the value follows the schema's type,
format, enum and bounds, so that the client (and a validating mock server) would accept
it. Pure: a schema and a dereferencing function (or an IR type and a node lookup) in, a
JSON-ready Python value out. It does not read files, name anything or know how the value
will be printed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
from collections.abc import Callable
from typing import Any

from .naming import snake_case
from .nodes import Field, Schema, Type

Deref = Callable[[Any], Any]

_MAX_DEPTH = 12  # refs, properties and items each count one; cycles end earlier, through `seen`
_STRING_FORMATS = {
    "date-time": "2019-08-24T14:15:22Z",
    "date": "2019-08-24",
    "time": "12:00:00",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "email": "user@example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "ZXhhbXBsZQ==",
    "password": "********",
    # A file field: the generated client and curl both take a path.
    "binary": "file.bin",
    "base64": "file.bin",
}


def to_json_text(value: Any) -> str:
    """Canonical JSON text of an example (spec order kept; never raises on YAML dates)."""
    return json.dumps(_jsonable(value), ensure_ascii=False)


def example(schema: Any, deref: Deref, *, for_request: bool = True, name: str = "") -> Any:
    """A value that satisfies `schema` (as far as types, enums and bounds go). `name`, the
    property or parameter the value is for, picks a likelier value where the schema leaves
    it open: an id for `modelId`, a URL for `location`, a time for `createdAt`."""
    return _example(schema, deref, for_request, 0, frozenset(), name)


def parameter_example(name: str, schema: Any, deref: Deref) -> Any:
    """A parameter value; plain strings become a placeholder named after the parameter
    (projectId -> PROJECT_ID), which reads better in a URL than "string"."""
    resolved = deref(schema) if isinstance(schema, dict) else {}
    if (
        isinstance(resolved, dict)
        and resolved.get("type") == "string"
        and not any(k in resolved for k in ("enum", "default", "example", "format"))
    ):
        placeholder = snake_case(name).upper().strip("_")
        return placeholder or "VALUE"
    return example(schema, deref, for_request=True, name=name)


def _example(schema: Any, deref: Deref, for_request: bool, depth: int, seen: frozenset[str], name: str = "") -> Any:
    if not isinstance(schema, dict):
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref in seen or depth > _MAX_DEPTH:
            return {}
        return _example(deref(schema), deref, for_request, depth + 1, seen | {ref}, name)
    if "example" in schema:
        return schema["example"]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    enum = [v for v in schema.get("enum") or [] if v is not None]
    if enum:
        return enum[0]
    for key in ("oneOf", "anyOf"):
        members = schema.get(key)
        if isinstance(members, list) and members:
            return _example(members[0], deref, for_request, depth + 1, seen, name)
    members = schema.get("allOf")
    if isinstance(members, list) and members:
        parts = [_example(m, deref, for_request, depth + 1, seen) for m in members]
        if all(isinstance(p, dict) for p in parts):
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(part)
            own = _object(schema, deref, for_request, depth, seen) if "properties" in schema else {}
            merged.update(own)
            return merged
        return parts[0]
    kind = schema.get("type")
    if kind == "array":
        if depth > _MAX_DEPTH:
            return []
        count = max(1, int(schema.get("minItems") or 1)) if schema.get("maxItems") != 0 else 0
        item = _example(schema.get("items") or {}, deref, for_request, depth + 1, seen, _singular(name))
        return [item] * min(count, 3)
    if kind == "object" or "properties" in schema:
        return _object(schema, deref, for_request, depth, seen)
    if kind == "string":
        return _string(schema, name)
    if kind == "integer":
        return int(_number(schema, integer=True, name=name))
    if kind == "number":
        return float(_number(schema, integer=False, name=name))
    if kind == "boolean":
        return True
    if schema.get("nullable"):
        return None
    return {} if "additionalProperties" in schema else None


def _object(schema: dict[str, Any], deref: Deref, for_request: bool, depth: int, seen: frozenset[str]) -> dict[str, Any]:
    if depth > _MAX_DEPTH:
        return {}
    out: dict[str, Any] = {}
    for name, prop in (schema.get("properties") or {}).items():
        target = deref(prop) if isinstance(prop, dict) else {}
        if isinstance(target, dict) and target.get("readOnly" if for_request else "writeOnly"):
            continue
        out[str(name)] = _example(prop, deref, for_request, depth + 1, seen, str(name))
    if not out and isinstance(schema.get("additionalProperties"), dict):
        out["key"] = _example(schema["additionalProperties"], deref, for_request, depth + 1, seen)
    return out


def _words(name: str) -> list[str]:
    return [w for w in snake_case(name).split("_") if w] if name.strip("_") else []


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def _string_hint(name: str) -> str | None:
    """A value a reader recognises for a string property the schema says nothing more about."""
    words = _words(name)
    if not words:
        return None
    last = words[-1]
    if last == "id" or name.endswith("Ids"):
        # Ids look like the API's own: 24 hex digits, different per name, stable.
        return hashlib.sha256(name.encode("utf-8")).hexdigest()[:24]
    if last in ("url", "uri", "link", "location", "href") or name in ("next", "previous"):
        return "https://app.datarobot.com/api/v2/"
    if "email" in words:
        return "user@example.com"
    if last in ("at", "date", "time", "timestamp") or words[0] in ("created", "updated", "modified") and len(words) == 1:
        return _STRING_FORMATS["date-time"]
    if last in ("name", "filename"):
        return (" ".join(words[:-1]).capitalize() if len(words) > 1 else "Example") + " name"
    return " ".join(words)


def _string(schema: dict[str, Any], name: str = "") -> str:
    fmt = schema.get("format")
    hint = None if fmt in _STRING_FORMATS else _string_hint(name)
    text = hint or _STRING_FORMATS.get(str(fmt), "string")
    low, high = schema.get("minLength"), schema.get("maxLength")
    if isinstance(low, int) and len(text) < low:
        text = text + "x" * (low - len(text))
    if isinstance(high, int) and len(text) > high:
        text = text[: max(high, 0)]
    return text


_NUMBER_HINTS = {"limit": 100, "offset": 0, "pct": 64, "percent": 64, "percentage": 64, "count": 10, "size": 100, "rows": 1000,
                 "seed": 42, "number": 1, "version": 1, "level": 1, "port": 443}


def _number(schema: dict[str, Any], *, integer: bool, name: str = "") -> float:
    low, high = schema.get("minimum"), schema.get("maximum")
    step = 1 if integer else 0.5
    words = _words(name)
    hint = _NUMBER_HINTS.get(words[-1]) if words else None
    if hint is not None:
        value = float(hint)
        if isinstance(low, (int, float)) and not isinstance(low, bool) and (value < low or (value == low and schema.get("exclusiveMinimum") is True)):
            value = float(low) + (step if schema.get("exclusiveMinimum") is True else 0)
        if isinstance(high, (int, float)) and not isinstance(high, bool) and (value > high or (value == high and schema.get("exclusiveMaximum") is True)):
            value = float(high) - (step if schema.get("exclusiveMaximum") is True else 0)
        return math.ceil(value) if integer else value
    if isinstance(low, (int, float)) and not isinstance(low, bool):
        value = float(low) + (step if schema.get("exclusiveMinimum") is True else 0)
        if integer:
            value = math.ceil(value)
    elif isinstance(high, (int, float)) and not isinstance(high, bool) and high < 0:
        value = float(high) - (step if schema.get("exclusiveMaximum") is True else 0)
        if integer:
            value = math.floor(value)
    else:
        value = 0.0
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# -- the same, from the IR's schema tree (for the reference's response samples) -------------------
def type_example(t: Type, lookup: Callable[[str], Schema | None], *, for_request: bool = False, name: str = "",
                 field: Field | None = None) -> Any:
    """A value of IR type `t`, by the same rules as `example`: a spec example or default wins,
    then enum values, formats, bounds and the property name. `lookup` finds a schema node by
    class name (`Api.type_named`)."""
    return _typed(t, lookup, for_request, name, field, 0, frozenset())


def _typed(t: Type, lookup: Callable[[str], Schema | None], for_request: bool, name: str, field: Field | None, depth: int,
           seen: frozenset[str]) -> Any:
    if field is not None and field.examples:
        return _given(field.examples[0], t)
    if field is not None and field.default not in (None, "null"):
        return _given(str(field.default), t)
    if t.kind == "primitive":
        schema: dict[str, Any] = {"type": t.name, "format": t.format} if t.format else {"type": t.name}
        for restriction in field.constraints if field is not None else ():
            key, _, flag = restriction.name.partition(" ")
            try:
                schema[key] = json.loads(restriction.value)
            except ValueError:
                schema[key] = restriction.value
            if flag:
                schema["exclusiveMinimum" if key == "minimum" else "exclusiveMaximum"] = True
        return _example(schema, lambda s: s, for_request, depth, seen, name)
    if t.kind == "literal":
        return _literal(t) if t.values else None
    if t.kind == "array":
        return [_typed(t.of[0], lookup, for_request, _singular(name), None, depth + 1, seen)] if t.of and depth <= _MAX_DEPTH else []
    if t.kind == "map":
        if not t.of or t.of[0].kind == "any" or depth > _MAX_DEPTH:
            return {}
        return {"key": _typed(t.of[0], lookup, for_request, "", None, depth + 1, seen)}
    if t.kind == "union":
        return _typed(t.of[0], lookup, for_request, name, None, depth + 1, seen) if t.of else None
    if t.kind != "ref":
        return None if t.nullable else {}
    node = lookup(t.name)
    if node is None or t.name in seen or depth > _MAX_DEPTH:
        return {}
    if node.examples:
        return _given(node.examples[0], node.type or t)
    if node.default not in (None, "null"):
        return _given(str(node.default), node.type or t)
    inner = seen | {t.name}
    if node.kind != "object" and node.type is not None:
        return _typed(node.type, lookup, for_request, name, None, depth + 1, inner)
    out: dict[str, Any] = {}
    for base in node.bases:
        part = _typed(Type("ref", name=base), lookup, for_request, name, None, depth + 1, inner)
        if isinstance(part, dict):
            out.update(part)
    for own in node.fields:
        if own.read_only if for_request else own.write_only:
            continue
        out[own.name] = _typed(own.type, lookup, for_request, own.name, own, depth + 1, inner)
    return out


def _given(text: str, t: Type) -> Any:
    """A value the spec gives (example, default) from its IR text: JSON where it parses, except
    that a string type keeps the text as it is (a default `5` of a string field is "5")."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if t.kind in ("primitive", "literal") and t.name == "string" and not isinstance(value, str):
        return text
    return value


def _literal(t: Type) -> Any:
    value = t.values[0]
    try:
        if t.name == "integer":
            return int(value)
        if t.name == "number":
            return float(value)
    except ValueError:  # an enum value its own type rejects (`"0 (User)"` in an integer enum): as written
        return value
    if t.name == "boolean":
        return value == "true"
    return value

"""Turn an OpenAPI 3.0 schema into a value that validates against it.

Two shapes: ``minimal`` (only required properties, empty arrays where allowed) and
``full`` (every property, one item per array), so the contract tests can send both the
smallest and the richest request a spec allows. Values are deterministic: the first enum
member, the lower bound of a range (nudged inside exclusive bounds), a fixed date.
Only the keywords our spec uses are handled; anything else raises, so a new keyword
cannot silently produce an invalid request.
"""

from __future__ import annotations

from typing import Any

from generator.validate import resolve_pointer

HANDLED = frozenset({
    "$ref", "allOf", "oneOf", "anyOf", "type", "enum", "properties", "required", "items", "nullable",
    "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
    "minItems", "maxItems", "uniqueItems", "additionalProperties", "description", "default", "example",
    "title", "deprecated", "readOnly", "writeOnly", "x-inferred", "x-name-inferred", "x-seed-line",
})
FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "uri": "https://example.com/resource",
    "duration": "P1D",
    "email": "someone@example.com",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
}
MAX_DEPTH = 12


class SchemaInstances:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def deref(self, schema: Any) -> Any:
        while isinstance(schema, dict) and "$ref" in schema:
            schema = resolve_pointer(self.document, schema["$ref"][1:])
        return schema

    def merged(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Flatten allOf into one object schema (properties and required unioned)."""
        schema = self.deref(schema)
        if "allOf" not in schema:
            return schema
        out: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        props = dict(out.get("properties") or {})
        required = list(out.get("required") or [])
        for part in schema["allOf"]:
            part = self.merged(part)
            for key, value in part.items():
                if key == "properties":
                    props.update(value)
                elif key == "required":
                    required += [r for r in value if r not in required]
                elif key not in out:
                    out[key] = value
        if props:
            out["properties"] = props
        if required:
            out["required"] = required
        return out

    def instance(self, schema: Any, *, full: bool, binary: Any = b"binary-content", depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise ValueError("schema nests too deeply for an instance")
        schema = self.merged(schema if isinstance(schema, dict) else {})
        unknown = set(schema) - HANDLED
        if unknown:
            raise ValueError(f"schema keyword(s) {sorted(unknown)} are not handled by the instance builder")
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                return self.instance(schema[key][0], full=full, binary=binary, depth=depth + 1)
        if schema.get("enum"):
            return next((v for v in schema["enum"] if v is not None), None)
        kind = schema.get("type") or ("object" if "properties" in schema else None)
        if kind == "object":
            required = set(schema.get("required") or [])
            return {
                name: self.instance(prop, full=full, binary=binary, depth=depth + 1)
                for name, prop in (schema.get("properties") or {}).items()
                if (full or name in required) and not self.deref(prop).get("readOnly")
            }
        if kind == "array":
            count = max(int(schema.get("minItems", 0)), 1 if full else 0)
            count = min(count, int(schema.get("maxItems", count)))
            items = [self.instance(schema.get("items") or {}, full=full, binary=binary, depth=depth + 1) for _ in range(count)]
            if schema.get("uniqueItems") and count > 1:
                raise ValueError("uniqueItems with several required items is not handled")
            return items
        if kind == "string":
            if schema.get("format") == "binary":
                return binary
            text = FORMATS.get(schema.get("format", ""), "value")
            text = text.ljust(int(schema.get("minLength", 0)), "x")
            return text[: int(schema["maxLength"])] if "maxLength" in schema else text
        if kind in ("integer", "number"):
            return self.number(schema, integer=kind == "integer")
        if kind == "boolean":
            return True
        if kind is None:
            return "value"
        raise ValueError(f"schema type {kind!r} is not handled")

    @staticmethod
    def number(schema: dict[str, Any], *, integer: bool) -> int | float:
        low = schema.get("minimum")
        high = schema.get("maximum")
        step = 1 if integer else 0.5
        if low is None and high is None:
            value: float = 1
        elif low is not None:
            value = low + step if schema.get("exclusiveMinimum") else low
            if high is not None and (value > high or value == high and schema.get("exclusiveMaximum")):
                value = (low + high) / 2
        else:
            value = high - step if schema.get("exclusiveMaximum") else high
        return int(value) if integer else float(value)

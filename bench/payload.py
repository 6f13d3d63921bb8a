"""Build a realistic JSON instance of a schema from the spec, with every property filled
in (optional ones too: a real server sends them, and parsing them is part of the cost).

Deterministic: the same schema always gives the same instance. `vary` makes the string
ids differ between list items so no layer can get away with caching one parsed item.
"""

from __future__ import annotations

from typing import Any


class Instances:
    def __init__(self, doc: dict[str, Any]) -> None:
        self._schemas = doc.get("components", {}).get("schemas", {})

    def of(self, name: str, *, vary: int = 0) -> Any:
        return self._value(self._schemas[name], name, vary, depth=0)

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self._schemas[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def _value(self, schema: dict[str, Any], name: str, vary: int, depth: int) -> Any:
        schema = self._resolve(schema)
        if depth > 8:
            return None
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                value = self._value(part, name, vary, depth + 1)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
        for key in ("oneOf", "anyOf"):
            if key in schema:
                options = [self._resolve(o) for o in schema[key]]
                chosen = next((o for o in options if o.get("type") != "null"), options[0])
                return self._value(chosen, name, vary, depth + 1)
        if "enum" in schema:
            return next((v for v in schema["enum"] if v is not None), None)
        kind = schema.get("type") or ("object" if "properties" in schema else "string")
        if kind == "object":
            properties = schema.get("properties")
            if properties:
                return {key: self._value(sub, key, vary, depth + 1) for key, sub in properties.items()}
            extra = schema.get("additionalProperties")
            item = self._value(extra, name, vary, depth + 1) if isinstance(extra, dict) else 0.5
            return {"alpha": item, "beta": item}
        if kind == "array":
            count = max(1, int(schema.get("minItems", 0)), min(2, int(schema.get("maxItems", 2))))
            return [self._value(schema.get("items", {}), name, vary, depth + 1) for _ in range(count)]
        if kind == "boolean":
            return True
        if kind in ("integer", "number"):
            low = schema.get("minimum", 0)
            high = schema.get("maximum", low + 100)
            value = low + 1 if low + 1 <= high else low
            if kind == "number":
                value = float(value) + 0.25 if value + 0.25 <= high else float(value)
            return value
        return self._string(schema, name, vary)

    @staticmethod
    def _string(schema: dict[str, Any], name: str, vary: int) -> str:
        fmt = schema.get("format", "")
        if fmt == "date-time":
            return "2024-05-01T12:30:00.000000Z"
        if fmt == "date":
            return "2024-05-01"
        if name.lower().endswith("id") or fmt == "objectid":
            return f"65f1e2d3c4b5a69788{vary:06d}"
        text = f"{name} {vary}"
        low = int(schema.get("minLength", 0))
        high = int(schema.get("maxLength", 1 << 20))
        return (text * (low // max(1, len(text)) + 1))[: max(low, min(high, len(text)))]

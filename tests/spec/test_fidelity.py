"""Fidelity of spec/openapi.yaml to its only source, the seed (spec/source/models-reference.txt).

Every fact the seed states (operations, parameters, request bodies, responses, response
headers, schema-table rows, enum values) is compared with the spec.  Each test collects ALL
mismatches of its category and fails with one readable list:

    L141  GET /api/v2/customTrainingBlueprints/: parameter query:offset required
          seed: True
          spec: False

``test_coverage_summary`` prints checked/matching facts per category (``pytest -s`` shows it).

Deliberate differences, explained in spec/CURATION.md, are allowed through
tests/spec/fidelity-exceptions.yaml (``- {where: "<seed line>", what: "<fact>", why: "..."}``,
``what`` exactly as printed in a failure); each exception must match exactly one mismatch,
so stale exceptions fail ``test_exceptions_are_current``.

The spec is read with yaml.safe_load; local ``#/components/...`` refs are resolved.  Schema names
lost from the seed come from spec/source/schema-tables.yaml (``{line, schema}`` or
``{line, operation, status}`` for inline "Response Schema" tables).  The environment variables
FIDELITY_SPEC, FIDELITY_SCHEMA_TABLES and FIDELITY_EXCEPTIONS may point the tests at other files
(for trying a draft).
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIDELITY_SUMMARY
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import seed as seedmod
from seed import Operation, SchemaRow, SchemaTable, Seed, TypeRef, normalize_text

ROOT = Path(__file__).resolve().parents[2]
SEED_PATH = ROOT / "spec" / "source" / "models-reference.txt"
SPEC_PATH = Path(os.environ.get("FIDELITY_SPEC") or ROOT / "spec" / "openapi.yaml")
SCHEMA_TABLES_PATH = Path(
    os.environ.get("FIDELITY_SCHEMA_TABLES")
    or ROOT / "spec" / "source" / "schema-tables.yaml"
)
EXCEPTIONS_PATH = Path(
    os.environ.get("FIDELITY_EXCEPTIONS")
    or Path(__file__).resolve().parent / "fidelity-exceptions.yaml"
)

EXPECTED_OPERATIONS = 104
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON = "application/json"
RESTRICTION_KEYS = (
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minProperties",
    "maxProperties",
    "multipleOf",
    "uniqueItems",
    "default",
    "pattern",
)
FILE_WORDS = re.compile(r"\b(file|jar|csv|download|archive|zip)\b", re.IGNORECASE)

# Category names, in report order.
OPERATIONS = "operations"
PARAMETERS = "parameters"
REQUEST_BODIES = "request bodies"
RESPONSES = "responses"
RESPONSE_HEADERS = "response headers"
SCHEMA_TABLES = "schema tables"
SCHEMA_PROPERTIES = "schema properties"
ENUMS = "enums"
EXAMPLES = "examples"
CATEGORIES = (
    OPERATIONS,
    PARAMETERS,
    REQUEST_BODIES,
    RESPONSES,
    RESPONSE_HEADERS,
    SCHEMA_TABLES,
    SCHEMA_PROPERTIES,
    ENUMS,
    EXAMPLES,
)

MISSING = "<missing>"
PRESENT = "<present>"
ABSENT = "<absent>"


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Fact:
    category: str
    line: int  # seed line the fact comes from
    what: str  # stable, human-readable name of the fact (used by exceptions)
    seed: Any
    spec: Any
    ok: bool

    def render(self) -> str:
        seed, spec = self.seed, self.spec
        note = ""
        if (
            isinstance(seed, str)
            and isinstance(spec, str)
            and max(len(seed), len(spec)) > 120
        ):
            k = next(
                (i for i, (a, b) in enumerate(zip(seed, spec)) if a != b),
                min(len(seed), len(spec)),
            )
            lo = max(0, k - 50)
            note = f"  (texts differ from character {k}; shown from {lo})"
            seed = (
                ("…" if lo else "")
                + seed[lo : k + 70]
                + ("…" if len(seed) > k + 70 else "")
            )
            spec = (
                ("…" if lo else "")
                + spec[lo : k + 70]
                + ("…" if len(spec) > k + 70 else "")
            )
        return f"  L{self.line:<5} {self.what}{note}\n          seed: {seed!r}\n          spec: {spec!r}"


class Facts:
    def __init__(self) -> None:
        self.items: list[Fact] = []

    def add(
        self,
        category: str,
        line: int,
        what: str,
        seed: Any,
        spec: Any,
        ok: bool | None = None,
    ) -> bool:
        if ok is None:
            ok = seed == spec
        self.items.append(Fact(category, int(line), what, seed, spec, bool(ok)))
        return bool(ok)


# --------------------------------------------------------------------------- spec access


class Spec:
    def __init__(self, doc: dict) -> None:
        if not isinstance(doc, dict):
            raise TypeError("spec is not a YAML mapping")
        self.doc = doc
        self.schemas: dict = ((doc.get("components") or {}).get("schemas")) or {}

    # refs ------------------------------------------------------------------
    def pointer(self, ref: str) -> Any:
        if not isinstance(ref, str) or not ref.startswith("#/"):
            raise KeyError(f"only local refs are supported: {ref!r}")
        node: Any = self.doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise KeyError(f"unresolvable $ref {ref!r}")
            node = node[part]
        return node

    def deref(self, node: Any) -> Any:
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise ValueError(f"$ref cycle at {ref!r}")
            seen.add(ref)
            try:
                node = self.pointer(ref)
            except KeyError:
                return None
        return node

    @staticmethod
    def ref_name(node: Any) -> str | None:
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            return node["$ref"].rsplit("/", 1)[-1]
        return None

    # operations ------------------------------------------------------------
    def operations(self) -> list[tuple[str, str, dict]]:
        out = []
        for path, item in (self.doc.get("paths") or {}).items():
            item = self.deref(item) or {}
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    out.append((method, path, item[method]))
        return out

    def operation(self, method: str, path: str) -> dict | None:
        item = self.deref((self.doc.get("paths") or {}).get(path))
        if not isinstance(item, dict):
            return None
        op = item.get(method.lower())
        return op if isinstance(op, dict) else None

    def parameters(self, method: str, path: str) -> list[dict]:
        item = self.deref((self.doc.get("paths") or {}).get(path)) or {}
        op = item.get(method.lower()) or {}
        merged: dict[tuple, dict] = {}
        for p in list(item.get("parameters") or []) + list(op.get("parameters") or []):
            p = self.deref(p)
            if isinstance(p, dict):
                merged[(p.get("name"), p.get("in"))] = p
        return list(merged.values())

    def responses(self, op: dict) -> dict[str, dict]:
        return {
            str(k): (self.deref(v) or {})
            for k, v in (op.get("responses") or {}).items()
        }

    # schemas ---------------------------------------------------------------
    def view(self, node: Any) -> View:
        return View.of(self, node)

    def object_view(self, node: Any, depth: int = 0) -> tuple[dict, list] | None:
        """(properties, required) of the object a schema describes; arrays are looked through."""
        if depth > 20:
            return None
        node = self.deref(node)
        if not isinstance(node, dict):
            return None
        props: dict = {}
        required: list = []
        found = False
        if isinstance(node.get("properties"), dict):
            props.update(node["properties"])
            found = True
        if isinstance(node.get("required"), list):
            required.extend(node["required"])
        for key in ("allOf", "anyOf", "oneOf"):
            for part in node.get(key) or []:
                sub = self.object_view(part, depth + 1)
                if sub is not None:
                    found = True
                    props.update({k: v for k, v in sub[0].items() if k not in props})
                    required.extend(r for r in sub[1] if r not in required)
        if not found and node.get("type") == "array" and "items" in node:
            return self.object_view(node["items"], depth + 1)
        if not found and node.get("type") in (None, "object"):
            return props, required
        return (props, required) if found else None


@dataclass
class View:
    """What a spec schema node says, flattened for comparison with a seed type cell."""

    present: bool
    ref: str | None = None
    type: str | None = None
    format: str | None = None
    nullable: bool = False
    items: View | None = None
    enum: list | None = None
    description: str | None = None
    restrictions: dict | None = None
    node: Any = None  # the node (unresolved) for descending

    @classmethod
    def of(cls, spec: Spec, node: Any) -> View:
        if not isinstance(node, dict):
            return cls(present=False)
        outer = node
        ref = Spec.ref_name(node)
        target = node
        if ref is None and isinstance(node.get("allOf"), list):
            refs = [Spec.ref_name(p) for p in node["allOf"] if Spec.ref_name(p)]
            others = [p for p in node["allOf"] if not Spec.ref_name(p)]
            if len(refs) == 1 and all(
                isinstance(o, dict) and not (o.get("properties") or o.get("type"))
                for o in others
            ):
                ref = refs[0]
                target = next(p for p in node["allOf"] if Spec.ref_name(p))
        resolved = spec.deref(target) if ref else node
        resolved = resolved if isinstance(resolved, dict) else {}
        src = node if ref is None else resolved
        typ = src.get("type")
        nullable = bool(outer.get("nullable", False))
        if isinstance(typ, list):  # OpenAPI 3.1 style ["string", "null"]
            nullable = nullable or "null" in typ
            rest = [t for t in typ if t != "null"]
            typ = rest[0] if len(rest) == 1 else (rest or None)
        if typ is None and ref is None and (src.get("properties") or src.get("allOf")):
            typ = "object"
        items = None
        if typ == "array":
            items = (
                View.of(spec, src.get("items"))
                if "items" in src
                else View(present=False)
            )
        restrictions = {}
        for k in RESTRICTION_KEYS:
            if k in outer:
                restrictions[k] = outer[k]
        # OpenAPI 3.1 numeric exclusive bounds -> 3.0 form.
        for bound in ("Minimum", "Maximum"):
            v = restrictions.get("exclusive" + bound)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                restrictions[bound.lower()] = v
                restrictions["exclusive" + bound] = True
        return cls(
            present=True,
            ref=ref,
            type=None
            if ref
            else (typ if isinstance(typ, str) or typ is None else "|".join(typ)),
            format=None if ref else src.get("format"),
            nullable=nullable,
            items=items,
            enum=outer.get("enum") if "enum" in outer else None,
            description=outer.get("description"),
            restrictions=restrictions,
            node=node,
        )

    def describe(self) -> str:
        if not self.present:
            return MISSING
        if self.ref:
            return f"$ref {self.ref}"
        if self.type == "array":
            return f"array of {self.items.describe() if self.items else '?'}"
        if self.type is None:
            return "any"
        return f"{self.type}({self.format})" if self.format else str(self.type)

    def top(self) -> str:
        if not self.present:
            return MISSING
        if self.ref:
            return f"$ref {self.ref}"
        return str(self.type) if self.type else "any"


def _items_desc(t: TypeRef) -> str:
    return t.items.describe() if t.items is not None else "?"


def seed_top(t: TypeRef) -> str:
    if t.kind == "ref":
        return f"$ref {t.ref}"
    if t.kind == "any":
        return "any"
    return str(t.type)


def type_matches(seed_t: TypeRef, view: View, inline_ok: bool) -> bool:
    if not view.present:
        return False
    if seed_t.kind == "ref":
        if view.ref == seed_t.ref:
            return True
        return inline_ok and view.ref is None and view.type == "object"
    return view.ref is None and seed_top(seed_t) == view.top()


def items_match(seed_t: TypeRef, view: View, inline_ok: bool) -> bool:
    if seed_t.items is None or view.items is None or not view.items.present:
        return False
    it = seed_t.items
    if it.kind == "ref":
        return type_matches(it, view.items, inline_ok)
    return view.items.ref is None and it.describe() == view.items.describe()


def spec_enum_repr(values: Any, string_typed: bool) -> Any:
    """Spec enum values as the seed writes them; non-strings in a string enum are marked."""
    if not isinstance(values, list):
        return values
    out = []
    for v in values:
        if isinstance(v, str):
            out.append(v)
            continue
        text = (
            "null"
            if v is None
            else ("true" if v is True else "false" if v is False else str(v))
        )
        out.append(f"<{type(v).__name__} {text}>" if string_typed else text)
    return out


# --------------------------------------------------------------------------- checks


def _desc_ok(seed_desc: str, spec_desc: Any) -> bool:
    if seed_desc.strip() == "none":
        return spec_desc is None or normalize_text(spec_desc) in ("", "none")
    return normalize_text(seed_desc) == normalize_text(
        spec_desc if isinstance(spec_desc, str) else ""
    )


def check_operations(seed: Seed, spec: Spec, facts: Facts) -> None:
    for op in seed.operations:
        spec_op = spec.operation(op.method, op.path)
        key = op.key
        if not facts.add(
            OPERATIONS,
            op.line,
            f"{key}: exists",
            PRESENT,
            PRESENT if spec_op else MISSING,
        ):
            _missing_operation_children(op, facts)
            continue
        assert spec_op is not None
        facts.add(
            OPERATIONS,
            op.line,
            f"{key}: deprecated",
            op.deprecated,
            bool(spec_op.get("deprecated", False)),
        )
        if op.replaced_by:
            got = spec_op.get("x-replaced-by")
            facts.add(
                OPERATIONS,
                op.line,
                f"{key}: x-replaced-by",
                op.replaced_by,
                got,
                ok=isinstance(got, str)
                and normalize_text(got) == normalize_text(op.replaced_by),
            )
        facts.add(
            OPERATIONS,
            op.text_start_line or op.line,
            f"{key}: description",
            normalize_text(op.text),
            normalize_text(spec_op.get("description")),
        )
        check_parameters(op, spec, spec_op, facts)
        check_request_body(op, spec, spec_op, facts)
        check_responses(op, spec, spec_op, facts)


def _missing_operation_children(op: Operation, facts: Facts) -> None:
    why = "<operation missing>"
    for p in op.parameters:
        facts.add(
            PARAMETERS,
            p.line,
            f"{op.key}: parameter {p.location}:{p.name} exists",
            PRESENT,
            why,
            ok=False,
        )
    if op.request_body:
        facts.add(
            REQUEST_BODIES,
            op.request_body.line,
            f"{op.key}: requestBody exists",
            PRESENT,
            why,
            ok=False,
        )
    for r in op.responses:
        facts.add(
            RESPONSES,
            r.line,
            f"{op.key}: response {r.status} exists",
            PRESENT,
            why,
            ok=False,
        )
    for h in op.response_headers:
        facts.add(
            RESPONSE_HEADERS,
            h.line,
            f"{op.key}: response {h.status} header {h.name} exists",
            PRESENT,
            why,
            ok=False,
        )


def check_parameters(op: Operation, spec: Spec, spec_op: dict, facts: Facts) -> None:
    spec_params = spec.parameters(op.method, op.path)
    used: set[int] = set()
    for p in op.parameters:
        prefix = f"{op.key}: parameter {p.location}:{p.name}"
        match = None
        for idx, sp in enumerate(spec_params):
            if (
                sp.get("name") == p.name
                and sp.get("in") == p.location
                and idx not in used
            ):
                match = idx
                break
        if match is None:
            for idx, sp in enumerate(spec_params):
                if sp.get("name") == p.name and idx not in used:
                    match = idx
                    break
        if not facts.add(
            PARAMETERS,
            p.line,
            f"{prefix} exists",
            PRESENT,
            PRESENT if match is not None else MISSING,
        ):
            continue
        assert match is not None
        used.add(match)
        sp = spec_params[match]
        facts.add(PARAMETERS, p.line, f"{prefix} in", p.location, sp.get("in"))
        view = spec.view(sp.get("schema"))
        facts.add(
            PARAMETERS,
            p.line,
            f"{prefix} type",
            seed_top(p.type),
            view.top(),
            ok=type_matches(p.type, view, False),
        )
        if p.type.kind == "primitive" or view.format:
            facts.add(
                PARAMETERS, p.line, f"{prefix} format", p.type.format, view.format
            )
        if p.type.kind == "array":
            got = view.items.describe() if view.items else ABSENT
            facts.add(
                PARAMETERS,
                p.line,
                f"{prefix} items type",
                _items_desc(p.type),
                got,
                ok=items_match(p.type, view, False),
            )
        required = True if p.location == "path" else p.required
        facts.add(
            PARAMETERS,
            p.line,
            f"{prefix} required",
            required,
            bool(sp.get("required", False)),
        )
        if p.enum is not None or _param_enum(view) is not None:
            enum_view = view.items if p.type.kind == "array" and view.items else view
            string_typed = (
                p.type.items.type
                if p.type.kind == "array" and p.type.items
                else p.type.type
            ) == "string"
            facts.add(
                PARAMETERS,
                p.enum_line or p.line,
                f"{prefix} enum",
                p.enum,
                spec_enum_repr(enum_view.enum if enum_view else None, string_typed),
            )
        facts.add(
            PARAMETERS,
            p.line,
            f"{prefix} description",
            p.description,
            sp.get("description"),
            ok=_desc_ok(p.description, sp.get("description")),
        )
    for idx, sp in enumerate(spec_params):
        if idx not in used:
            facts.add(
                PARAMETERS,
                op.param_table_line or op.line,
                f"{op.key}: extra parameter {sp.get('in')}:{sp.get('name')}",
                ABSENT,
                PRESENT,
                ok=False,
            )


def _param_enum(view: View) -> list | None:
    if view.enum is not None:
        return view.enum
    if view.items is not None and view.items.present:
        return view.items.enum
    return None


def check_request_body(op: Operation, spec: Spec, spec_op: dict, facts: Facts) -> None:
    body = op.request_body
    spec_body = spec.deref(spec_op.get("requestBody"))
    if body is None:
        if spec_body is not None:
            facts.add(
                REQUEST_BODIES,
                op.line,
                f"{op.key}: unexpected requestBody",
                ABSENT,
                PRESENT,
                ok=False,
            )
        return
    prefix = f"{op.key}: requestBody"
    line = body.line or op.line
    if not facts.add(
        REQUEST_BODIES,
        line,
        f"{prefix} exists",
        PRESENT,
        PRESENT if isinstance(spec_body, dict) else MISSING,
    ):
        return
    assert isinstance(spec_body, dict)
    content = spec_body.get("content") or {}
    facts.add(
        REQUEST_BODIES, line, f"{prefix} media type", [body.media_type], list(content)
    )
    media = content.get(body.media_type) or (
        next(iter(content.values())) if content else {}
    )
    schema = (media or {}).get("schema")
    facts.add(
        REQUEST_BODIES,
        line,
        f"{prefix} schema",
        body.schema,
        Spec.ref_name(schema) or _shape(spec, schema),
    )
    facts.add(
        REQUEST_BODIES,
        line,
        f"{prefix} required",
        body.required,
        bool(spec_body.get("required", False)),
    )
    if body.description.strip() != "none":
        facts.add(
            REQUEST_BODIES,
            line,
            f"{prefix} description",
            body.description,
            spec_body.get("description"),
            ok=_desc_ok(body.description, spec_body.get("description")),
        )


def _shape(spec: Spec, schema: Any) -> str:
    if schema is None:
        return ABSENT
    v = spec.view(schema)
    if v.ref:
        return v.ref
    if v.type == "string" and v.format == "binary":
        return "binary"
    return f"inline {v.describe()}"


def _response_kind(spec: Spec, resp: dict) -> tuple[str, list[str]]:
    """Classify a spec response: ('None'|'<Name>'|'inline'|'binary'|'string'|..., media types)."""
    content = resp.get("content") or {}
    media = list(content)
    if not content:
        return "None", media
    if JSON in content:
        schema = (content[JSON] or {}).get("schema")
        name = Spec.ref_name(schema)
        if name:
            return name, media
        v = spec.view(schema)
        if v.type == "string":
            return ("binary" if v.format == "binary" else "string"), media
        return ("inline" if schema is not None else ABSENT), media
    kinds = set()
    for m in content.values():
        v = spec.view((m or {}).get("schema"))
        if v.type == "string" and v.format == "binary":
            kinds.add("binary")
        elif v.type == "string":
            kinds.add("string")
        else:
            kinds.add(v.describe())
    return (
        kinds.pop() if len(kinds) == 1 else "mixed " + ",".join(sorted(kinds))
    ), media


def _is_file_response(op: Operation, r) -> bool:
    accept = op.accept or ""
    if "json" in accept:
        return False
    if r.status == "204" or not r.status.startswith("2"):
        return False
    return bool(
        FILE_WORDS.search(r.description)
        or FILE_WORDS.search(op.text)
        or FILE_WORDS.search(op.path)
    )


def check_responses(op: Operation, spec: Spec, spec_op: dict, facts: Facts) -> None:
    spec_resps = spec.responses(spec_op)
    for r in op.responses:
        prefix = f"{op.key}: response {r.status}"
        resp = spec_resps.get(r.status)
        if not facts.add(
            RESPONSES,
            r.line,
            f"{prefix} exists",
            PRESENT,
            PRESENT if resp is not None else MISSING,
        ):
            continue
        assert resp is not None
        want = r.effective_description
        facts.add(
            RESPONSES,
            r.line,
            f"{prefix} description",
            want,
            resp.get("description"),
            ok=normalize_text(want) == normalize_text(resp.get("description")),
        )
        kind, media = _response_kind(spec, resp)
        seed_schema = r.schema
        if seed_schema == "None":
            ok = kind == "None" or (kind == "binary" and _is_file_response(op, r))
        elif seed_schema == "Inline":
            ok = kind == "inline"
        elif seed_schema == "string":
            ok = kind in ("string", "binary")
        else:
            ok = kind == seed_schema
        facts.add(RESPONSES, r.line, f"{prefix} schema", seed_schema, kind, ok=ok)
        if media and seed_schema not in ("None",):
            if seed_schema == "string":
                want_media = op.accept or "text/plain"
            else:
                want_media = JSON
            facts.add(
                RESPONSES,
                r.line,
                f"{prefix} media type",
                [want_media],
                media,
                ok=media == [want_media],
            )
    seed_statuses = {r.status for r in op.responses}
    for status in spec_resps:
        if status not in seed_statuses:
            facts.add(
                RESPONSES,
                op.status_table_line or op.line,
                f"{op.key}: extra response {status}",
                ABSENT,
                PRESENT,
                ok=False,
            )
    check_response_headers(op, spec, spec_resps, facts)


def check_response_headers(
    op: Operation, spec: Spec, spec_resps: dict, facts: Facts
) -> None:
    seen: set[tuple[str, str]] = set()
    for h in op.response_headers:
        prefix = f"{op.key}: response {h.status} header {h.name}"
        resp = spec_resps.get(h.status) or {}
        headers = {
            str(k): spec.deref(v) or {} for k, v in (resp.get("headers") or {}).items()
        }
        name = (
            h.name
            if h.name in headers
            else next((k for k in headers if k.lower() == h.name.lower()), None)
        )
        if not facts.add(
            RESPONSE_HEADERS,
            h.line,
            f"{prefix} exists",
            PRESENT,
            PRESENT if name else MISSING,
        ):
            continue
        assert name is not None
        seen.add((h.status, name))
        hdr = headers[name]
        view = spec.view(hdr.get("schema"))
        facts.add(RESPONSE_HEADERS, h.line, f"{prefix} type", h.type, view.top())
        facts.add(RESPONSE_HEADERS, h.line, f"{prefix} format", h.format, view.format)
        facts.add(
            RESPONSE_HEADERS,
            h.line,
            f"{prefix} description",
            h.description,
            hdr.get("description"),
            ok=normalize_text(h.description) == normalize_text(hdr.get("description")),
        )
    for status, resp in spec_resps.items():
        for name in resp.get("headers") or {}:
            if (status, str(name)) not in seen:
                facts.add(
                    RESPONSE_HEADERS,
                    op.status_table_line or op.line,
                    f"{op.key}: extra response {status} header {name}",
                    ABSENT,
                    PRESENT,
                    ok=False,
                )


# Schema tables ----------------------------------------------------------------


def load_schema_tables(path: Path) -> list[dict]:
    if not path.exists():
        raise FileNotFoundError(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} does not exist"
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise TypeError(
            f"{path}: expected a YAML list of {{line, schema}} / {{line, operation, status}}"
        )
    return data


def check_schema_tables(
    seed: Seed, spec: Spec, mapping: list[dict], facts: Facts
) -> None:
    by_line: dict[int, list[dict]] = defaultdict(list)
    header_lines = {t.line for t in seed.schema_tables}
    for entry in mapping:
        if not isinstance(entry, dict) or "line" not in entry:
            facts.add(
                SCHEMA_TABLES,
                0,
                f"schema-tables.yaml entry well-formed: {entry!r}",
                "well-formed",
                "malformed",
                ok=False,
            )
            continue
        line = int(entry["line"])
        by_line[line].append(entry)
        if line not in header_lines:
            facts.add(
                SCHEMA_TABLES,
                line,
                "schema-tables.yaml entry points at a table header",
                "table header",
                (
                    seed.lines[line - 1]
                    if 0 < line <= len(seed.lines)
                    else "<past end of seed>"
                )[:80],
                ok=False,
            )
    for table in seed.schema_tables:
        entries = by_line.get(table.line, [])
        facts.add(
            SCHEMA_TABLES,
            table.line,
            "table mapped once in schema-tables.yaml",
            1,
            len(entries),
        )
        if not entries:
            for row in table.rows:
                facts.add(
                    SCHEMA_PROPERTIES,
                    row.line,
                    f"<unmapped table L{table.line}>.{row.name} exists",
                    PRESENT,
                    "<table unmapped>",
                    ok=False,
                )
            continue
        entry = entries[0]
        if "schema" in entry:
            check_component_table(table, str(entry["schema"]), spec, facts)
        else:
            check_inline_table(
                table,
                str(entry.get("operation", "")),
                str(entry.get("status", "")),
                spec,
                facts,
            )


def check_component_table(
    table: SchemaTable, name: str, spec: Spec, facts: Facts
) -> None:
    if table.is_inline:
        facts.add(
            SCHEMA_TABLES,
            table.line,
            f"{name}: table is a component table",
            f"inline table of {table.operation} {table.status}",
            f"schema {name}",
            ok=False,
        )
    node = spec.schemas.get(name)
    if not facts.add(
        SCHEMA_TABLES,
        table.line,
        f"{name}: schema exists",
        PRESENT,
        PRESENT if isinstance(node, dict) else MISSING,
    ):
        for row in table.rows:
            facts.add(
                SCHEMA_PROPERTIES,
                row.line,
                f"{name}.{row.name} exists",
                PRESENT,
                "<schema missing>",
                ok=False,
            )
        return
    assert isinstance(node, dict)
    facts.add(
        SCHEMA_TABLES,
        table.line,
        f"{name}: x-seed-line",
        table.line,
        node.get("x-seed-line"),
    )
    walk_rows(table, name, node, spec, facts, inline=False)


def check_inline_table(
    table: SchemaTable, operation: str, status: str, spec: Spec, facts: Facts
) -> None:
    label = f"{operation} {status} response"
    facts.add(
        SCHEMA_TABLES,
        table.line,
        f"{label}: table belongs to that response",
        f"{table.operation} {table.status}",
        f"{operation} {status}",
    )
    method, _, path = operation.partition(" ")
    spec_op = spec.operation(method, path)
    resp = spec.responses(spec_op).get(status) if spec_op else None
    content = (resp or {}).get("content") or {}
    media = content.get(JSON) or (next(iter(content.values())) if content else None)
    schema = (media or {}).get("schema") if isinstance(media, dict) else None
    if not facts.add(
        SCHEMA_TABLES,
        table.line,
        f"{label}: schema exists",
        PRESENT,
        PRESENT if schema is not None else MISSING,
    ):
        for row in table.rows:
            facts.add(
                SCHEMA_PROPERTIES,
                row.line,
                f"{label}.{row.name} exists",
                PRESENT,
                "<response schema missing>",
                ok=False,
            )
        return
    walk_rows(table, label, schema, spec, facts, inline=True)


def walk_rows(
    table: SchemaTable, label: str, root: Any, spec: Spec, facts: Facts, inline: bool
) -> None:
    """Check every row of a seed table against the spec schema ``root``.

    Component tables: depth-0 rows are properties of ``root``.  Inline response tables: the
    depth-0 ``anonymous`` row describes ``root`` itself, and a depth-n row is a property of the
    nearest preceding depth-(n-1) row (``»`` nesting; arrays are looked through)."""
    # depth -> (spec node or None, dotted path, seed line); depth -1 is the table's root.
    nodes: dict[int, tuple[Any, str, int]] = {-1: (root, "", table.line)}
    listed: dict[tuple[str, int], list[str]] = defaultdict(
        list
    )  # parent (path, line) -> listed names
    parent_nodes: dict[tuple[str, int], Any] = {}
    for row in table.rows:
        if inline and row.depth == 0 and row.name == "anonymous":
            view = spec.view(root)
            facts.add(
                SCHEMA_PROPERTIES,
                row.line,
                f"{label} type",
                seed_top(row.type),
                view.top(),
                ok=type_matches(row.type, view, True),
            )
            if row.type.kind == "array":
                got = view.items.describe() if view.items else ABSENT
                facts.add(
                    SCHEMA_PROPERTIES,
                    row.line,
                    f"{label} items",
                    _items_desc(row.type),
                    got,
                    ok=items_match(row.type, view, True),
                )
            facts.add(
                SCHEMA_PROPERTIES,
                row.line,
                f"{label} nullable",
                row.type.nullable,
                view.nullable,
            )
            nodes = {-1: (root, "", table.line), 0: (root, "", row.line)}
            continue
        parent = nodes.get(row.depth - 1)
        for d in [d for d in nodes if d >= row.depth]:
            del nodes[d]
        parent_path = parent[1] if parent else ""
        path = f"{parent_path}.{row.name}" if parent_path else row.name
        prefix = f"{label}.{path}"
        if parent is None or parent[0] is None:
            facts.add(
                SCHEMA_PROPERTIES,
                row.line,
                f"{prefix} exists",
                PRESENT,
                "<parent missing>",
                ok=False,
            )
            nodes[row.depth] = (None, path, row.line)
            continue
        key = (parent[1], parent[2])
        listed[key].append(row.name)
        parent_nodes[key] = parent[0]
        ov = spec.object_view(parent[0])
        props, required = ov if ov else ({}, [])
        prop = props.get(row.name)
        if not facts.add(
            SCHEMA_PROPERTIES,
            row.line,
            f"{prefix} exists",
            PRESENT,
            PRESENT if isinstance(prop, dict) else MISSING,
        ):
            nodes[row.depth] = (None, path, row.line)
            continue
        nodes[row.depth] = (prop, path, row.line)
        check_row(
            row,
            prefix,
            spec.view(prop),
            required,
            facts,
            inline,
            table.enum_table_line if table.enum_table_empty else None,
        )
    # Extra properties: spec properties of a listed object that the seed table does not list.
    for (path, line), names in listed.items():
        ov = spec.object_view(parent_nodes[(path, line)])
        if not ov:
            continue
        where = f"{label}.{path}" if path else label
        for extra in ov[0]:
            if extra not in names:
                facts.add(
                    SCHEMA_PROPERTIES,
                    line,
                    f"{where}: extra property {extra}",
                    ABSENT,
                    PRESENT,
                    ok=False,
                )


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def check_row(
    row: SchemaRow,
    prefix: str,
    view: View,
    required: list,
    facts: Facts,
    inline: bool,
    enum_table_empty_line: int | None = None,
) -> None:
    t = row.type
    facts.add(
        SCHEMA_PROPERTIES,
        row.line,
        f"{prefix} type",
        seed_top(t),
        view.top(),
        ok=type_matches(t, view, inline),
    )
    if t.kind == "primitive" or (view.format and t.kind not in ("ref",)):
        facts.add(
            SCHEMA_PROPERTIES, row.line, f"{prefix} format", t.format, view.format
        )
    facts.add(
        SCHEMA_PROPERTIES, row.line, f"{prefix} nullable", t.nullable, view.nullable
    )
    if t.kind == "array":
        got = view.items.describe() if view.items else ABSENT
        facts.add(
            SCHEMA_PROPERTIES,
            row.line,
            f"{prefix} items",
            _items_desc(t),
            got,
            ok=items_match(t, view, inline),
        )
    facts.add(
        SCHEMA_PROPERTIES,
        row.line,
        f"{prefix} required",
        row.required,
        row.name in required,
    )
    spec_r = view.restrictions or {}
    order = {k: i for i, k in enumerate(RESTRICTION_KEYS)}
    for key in sorted(
        set(row.restriction_values) | set(spec_r), key=lambda k: (order.get(k, 99), k)
    ):
        want = row.restriction_values.get(key, ABSENT)
        got = spec_r.get(key, ABSENT)
        facts.add(
            SCHEMA_PROPERTIES,
            row.line,
            f"{prefix} {key}",
            want,
            got,
            ok=_same_value(want, got),
        )
    facts.add(
        SCHEMA_PROPERTIES,
        row.line,
        f"{prefix} description",
        row.description,
        view.description,
        ok=_desc_ok(row.description, view.description),
    )
    # Enum values (category "enums").
    enum_view = view.items if t.kind == "array" and view.items else view
    spec_enum = enum_view.enum if enum_view else None
    if row.enum is not None or spec_enum is not None:
        base = t.items if t.kind == "array" and t.items else t
        string_typed = base.type == "string"
        got = spec_enum_repr(spec_enum, string_typed)
        ok = row.enum == got
        if row.enum == ["null"]:
            # widdershins lists a nullable property's null as its only "enum value".
            ok = spec_enum in ([None], ["null"]) or (
                spec_enum is None and view.nullable
            )
        seed_enum: Any = row.enum
        if row.enum is None and enum_table_empty_line:
            seed_enum = f"<none: the Enumerated Values table at L{enum_table_empty_line} lost its rows>"
        facts.add(
            ENUMS, row.enum_line or row.line, f"{prefix} enum", seed_enum, got, ok=ok
        )


# Examples ---------------------------------------------------------------------


def example_lines(value: Any, form: bool = False) -> list[str]:
    """An example as the page's scrape shows it: one ``"key": value`` line per key, in order;
    ``{``/``[`` for a nested object/array (``{}``/``[]`` when empty), whose keys follow; the bare
    items of scalar arrays are not shown (the scrape lost them). ``form``: multipart examples,
    whose values the page prints unquoted."""
    out: list[str] = []

    def scalar(v: Any) -> str:
        return str(v) if form and isinstance(v, str) else json.dumps(v, ensure_ascii=False)

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                if isinstance(x, dict):
                    out.append(f'"{k}": ' + ("{" if x else "{}"))
                    walk(x)
                elif isinstance(x, list):
                    out.append(f'"{k}": ' + ("[" if x else "[]"))
                    walk(x)
                else:
                    out.append(f'"{k}": {scalar(x)}')
        elif isinstance(v, list):
            for x in v:
                if isinstance(x, (dict, list)):
                    walk(x)

    walk(value)
    return out


def _example_fact(facts: Facts, line: int, what: str, block: seedmod.ExampleBlock, node: Any) -> None:
    want = "\n".join(block.render())
    if not isinstance(node, dict) or "example" not in node:
        facts.add(EXAMPLES, line, what, want, MISSING, ok=False)
        return
    got = "\n".join(example_lines(node["example"], block.form))
    facts.add(EXAMPLES, line, what, want, got)


def check_examples(seed: Seed, spec: Spec, mapping: list[dict], facts: Facts) -> None:
    """Every example JSON the page shows is the spec's example at the same place: the media
    type of the response or request body, or the component schema of a schemas-section table."""
    for op in seed.operations:
        spec_op = spec.operation(op.method, op.path)
        if spec_op is None:
            continue
        resps = spec.responses(spec_op)
        for status, block in sorted(op.example_blocks.items()):
            content = (resps.get(status) or {}).get("content") or {}
            media = content.get(JSON) or (next(iter(content.values())) if content else None)
            _example_fact(facts, block.line, f"{op.key}: response {status} example", block, media)
        body = op.request_body.example if op.request_body else None
        if body is not None:
            spec_body = spec.deref(spec_op.get("requestBody")) or {}
            content = spec_body.get("content") or {}
            media = content.get(op.request_body.media_type) or (next(iter(content.values())) if content else None)
            _example_fact(facts, body.line, f"{op.key}: requestBody example", body, media)
    names = {int(e["line"]): str(e["schema"]) for e in mapping if isinstance(e, dict) and "schema" in e and "line" in e}
    for table in seed.schema_tables:
        if table.is_inline or table.example is None or table.line not in names:
            continue
        name = names[table.line]
        _example_fact(facts, table.example.line, f"{name}: example", table.example, spec.schemas.get(name))


# --------------------------------------------------------------------------- exceptions


def _where_line(where: Any) -> int | None:
    m = re.fullmatch(r"\s*L?(\d+)\s*", str(where))
    return int(m.group(1)) if m else None


def load_exceptions(path: Path = EXCEPTIONS_PATH) -> list[dict]:
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data or [])


def validate_exceptions(
    exceptions: list[dict], facts: list[Fact]
) -> tuple[set[int], list[str]]:
    """Return (ids of excused mismatch facts, problems).  Each exception must match exactly one mismatch."""
    excused: set[int] = set()
    problems: list[str] = []
    mismatches = [f for f in facts if not f.ok]
    for n, exc in enumerate(exceptions, 1):
        if not isinstance(exc, dict) or not {"where", "what", "why"} <= set(exc):
            problems.append(f"exception #{n} {exc!r}: needs keys where, what, why")
            continue
        why = str(exc.get("why") or "")
        if "CURATION.md" not in why:
            problems.append(
                f"exception #{n} ({exc['where']}, {exc['what']!r}): 'why' must point to spec/CURATION.md"
            )
        line = _where_line(exc["where"])
        if line is None:
            problems.append(
                f"exception #{n}: where={exc['where']!r} is not a seed line number"
            )
            continue
        hits = [f for f in mismatches if f.line == line and f.what == str(exc["what"])]
        if len(hits) != 1:
            state = (
                "matches no mismatch (stale?)"
                if not hits
                else f"matches {len(hits)} mismatches"
            )
            ok_hit = any(
                f.line == line and f.what == str(exc["what"]) for f in facts if f.ok
            )
            if ok_hit:
                state += "; the fact now matches the seed: remove the exception"
            problems.append(f"exception #{n} (L{line}, {exc['what']!r}) {state}")
            continue
        excused.add(id(hits[0]))
    return excused, problems


# --------------------------------------------------------------------------- fixtures


@functools.cache
def _seed() -> Seed:
    return seedmod.load_seed(SEED_PATH)


@functools.cache
def _spec() -> Spec:
    if not SPEC_PATH.exists():
        raise FileNotFoundError(
            f"{SPEC_PATH} does not exist (build it from spec/parts first)"
        )
    return Spec(yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8")))


@functools.cache
def _all_facts() -> tuple[Fact, ...]:
    seed, spec = _seed(), _spec()
    facts = Facts()
    check_operations(seed, spec, facts)
    mapping = load_schema_tables(SCHEMA_TABLES_PATH)
    check_schema_tables(seed, spec, mapping, facts)
    check_examples(seed, spec, mapping, facts)
    return tuple(facts.items)


@functools.cache
def _excused() -> tuple[frozenset, tuple[str, ...]]:
    excused, problems = validate_exceptions(load_exceptions(), list(_all_facts()))
    return frozenset(excused), tuple(problems)


def _facts_or_fail() -> tuple[Fact, ...]:
    try:
        return _all_facts()
    except (
        FileNotFoundError,
        TypeError,
        ValueError,
        KeyError,
    ) as e:  # a missing file is a failure, not a skip
        pytest.fail(f"cannot check fidelity: {e}", pytrace=False)


def _assert_category(category: str) -> None:
    facts = [f for f in _facts_or_fail() if f.category == category]
    excused, _ = _excused()
    bad = sorted(
        (f for f in facts if not f.ok and id(f) not in excused),
        key=lambda f: (f.line, f.what),
    )
    if bad:
        rel = (
            SPEC_PATH.relative_to(ROOT) if SPEC_PATH.is_relative_to(ROOT) else SPEC_PATH
        )
        head = (
            f"{len(bad)} of {len(facts)} {category} facts differ between the seed "
            f"(spec/source/models-reference.txt, L = seed line) and {rel}:"
        )
        hint = (
            "\nA difference that is deliberate (a repair of the page, or a departure that follows the "
            "official SDK, see `make crosscheck`) is recorded with its reason in spec/CURATION.md and "
            f"listed in {EXCEPTIONS_PATH.relative_to(ROOT) if EXCEPTIONS_PATH.is_relative_to(ROOT) else EXCEPTIONS_PATH} "
            "as - {where: \"<L>\", what: \"<fact, as printed>\", why: \"...; see spec/CURATION.md\"}; "
            "anything else is a mistake in the spec."
        )
        pytest.fail(head + "\n" + "\n".join(f.render() for f in bad) + hint, pytrace=False)


# --------------------------------------------------------------------------- tests


def test_operations_match_seed():
    """Every seed operation exists (same method + path), with its deprecation and description."""
    _assert_category(OPERATIONS)


def test_parameters_match_seed():
    _assert_category(PARAMETERS)


def test_request_bodies_match_seed():
    _assert_category(REQUEST_BODIES)


def test_responses_match_seed():
    _assert_category(RESPONSES)


def test_response_headers_match_seed():
    _assert_category(RESPONSE_HEADERS)


def test_schema_tables_are_mapped_and_exist():
    _assert_category(SCHEMA_TABLES)


def test_schema_properties_match_seed_tables():
    _assert_category(SCHEMA_PROPERTIES)


def test_schema_enums_match_seed():
    _assert_category(ENUMS)


def test_examples_match_seed():
    """The spec's examples reproduce the example JSON the page shows, value for value."""
    _assert_category(EXAMPLES)


def test_exceptions_are_current():
    """Every allow-list entry matches exactly one mismatch (stale or ambiguous entries are errors)."""
    _facts_or_fail()
    _, problems = _excused()
    if problems:
        pytest.fail(
            f"{EXCEPTIONS_PATH} has {len(problems)} problem(s):\n  "
            + "\n  ".join(problems),
            pytrace=False,
        )


def coverage_summary(facts: tuple[Fact, ...], excused: frozenset) -> str:
    rows = []
    total: Counter[str] = Counter()
    for cat in CATEGORIES:
        fs = [f for f in facts if f.category == cat]
        checked = len(fs)
        matching = sum(1 for f in fs if f.ok)
        exc = sum(1 for f in fs if not f.ok and id(f) in excused)
        total.update(checked=checked, matching=matching, excepted=exc)
        rows.append((cat, checked, matching, exc))
    rows.append(("overall", total["checked"], total["matching"], total["excepted"]))
    out = [
        (
            f"Fidelity coverage: {SPEC_PATH.name} vs seed ({len(_seed().operations)} operations, "
            f"{len(_seed().schema_tables)} schema tables)"
        ),
        f"{'category':<20}{'checked':>9}{'matching':>10}{'excepted':>10}{'differing':>11}{'match %':>9}",
    ]
    for cat, checked, matching, exc in rows:
        pct = 100.0 * matching / checked if checked else 100.0
        if cat == "overall":
            out.append("-" * 69)
        out.append(
            f"{cat:<20}{checked:>9}{matching:>10}{exc:>10}{checked - matching - exc:>11}{pct:>8.1f}%"
        )
    return "\n".join(out)


def test_coverage_summary(request: pytest.FixtureRequest) -> None:
    """Print checked/matching facts per category (with ``pytest -s``, and in the terminal
    summary of every run, see tests/conftest.py)."""
    facts = _facts_or_fail()
    excused, _ = _excused()
    summary = coverage_summary(facts, excused)
    request.config.stash[FIDELITY_SUMMARY] = summary
    print("\n" + summary)
    assert facts, "no facts were checked"


def _spec_or_fail() -> Spec:
    try:
        return _spec()
    except (FileNotFoundError, TypeError, ValueError) as e:
        pytest.fail(f"cannot load spec: {e}", pytrace=False)


def test_spec_has_exactly_the_seed_operation_count():
    spec = _spec_or_fail()
    ops = spec.operations()
    assert len(_seed().operations) == EXPECTED_OPERATIONS, (
        "the seed parser lost operations"
    )
    seed_keys = {op.key for op in _seed().operations}
    extra = sorted(
        f"{m.upper()} {p}" for m, p, _ in ops if f"{m.upper()} {p}" not in seed_keys
    )
    if len(ops) != EXPECTED_OPERATIONS or extra:
        pytest.fail(
            f"spec has {len(ops)} operations, expected {EXPECTED_OPERATIONS}; not in the seed: {extra or 'none'}",
            pytrace=False,
        )


def test_operation_ids_are_unique():
    spec = _spec_or_fail()
    ids = [
        (f"{m.upper()} {p}", op.get("operationId")) for m, p, op in spec.operations()
    ]
    missing = [k for k, i in ids if not i]
    dupes = {
        i: [k for k, j in ids if j == i]
        for i, n in Counter(i for _, i in ids if i).items()
        if n > 1
    }
    if missing or dupes:
        pytest.fail(
            f"operations without operationId: {missing}; duplicated operationIds: {dupes}",
            pytrace=False,
        )


def test_every_operation_has_a_tag():
    spec = _spec_or_fail()
    untagged = [
        f"{m.upper()} {p}" for m, p, op in spec.operations() if not op.get("tags")
    ]
    if untagged:
        pytest.fail(
            f"{len(untagged)} operation(s) without tags: {untagged}", pytrace=False
        )


def test_exception_matching_rules():
    """Self-test of the allow-list rules on synthetic facts (independent of the spec)."""
    f1 = Fact(PARAMETERS, 10, "GET /x: parameter query:a required", True, False, False)
    f2 = Fact(
        PARAMETERS, 10, "GET /x: parameter query:a type", "string", "string", True
    )
    f3 = Fact(ENUMS, 20, "S.p enum", ["a"], ["b"], False)
    why = "see spec/CURATION.md"
    excused, problems = validate_exceptions(
        [{"where": "10", "what": f1.what, "why": why}], [f1, f2, f3]
    )
    assert excused == {id(f1)} and not problems
    excused, problems = validate_exceptions(
        [{"where": "L20", "what": f3.what, "why": why}], [f1, f2, f3]
    )
    assert excused == {id(f3)} and not problems
    # stale: the fact matches now
    _, problems = validate_exceptions(
        [{"where": 10, "what": f2.what, "why": why}], [f1, f2, f3]
    )
    assert problems and "remove the exception" in problems[0]
    # wrong line / unknown fact / missing reason / not pointing to CURATION.md
    _, problems = validate_exceptions(
        [{"where": 11, "what": f1.what, "why": why}], [f1]
    )
    assert problems and "matches no mismatch" in problems[0]
    _, problems = validate_exceptions([{"where": 10, "what": f1.what}], [f1])
    assert problems and "needs keys" in problems[0]
    _, problems = validate_exceptions(
        [{"where": 10, "what": f1.what, "why": "because"}], [f1]
    )
    assert problems and "CURATION.md" in problems[0]
    # ambiguous: two identical mismatches
    f1b = Fact(PARAMETERS, 10, f1.what, True, False, False)
    _, problems = validate_exceptions(
        [{"where": 10, "what": f1.what, "why": why}], [f1, f1b]
    )
    assert problems and "matches 2 mismatches" in problems[0]


def test_example_lines_render_like_the_scrape():
    """Self-test: a spec example rendered the way the page's scrape shows its example JSON."""
    value = {"count": 0, "data": [{"id": "a", "ids": ["x", "y"], "meta": {}, "next": None}], "tags": [], "ok": True}
    assert example_lines(value) == [
        '"count": 0', '"data": [', '"id": "a"', '"ids": [', '"meta": {}', '"next": null', '"tags": []', '"ok": true']
    assert example_lines([{"a": 1}, {"a": 2}]) == ['"a": 1', '"a": 2']
    assert example_lines({"file": "string"}, form=True) == ['"file": string']
    assert example_lines("text") == []

"""Build the IR from a validated document.

Resolves `$ref`s, merges path-level parameters, names everything (through ir.naming),
decides what each operation returns (model, page, job, file, nothing), hoists inline
request/response schemas into named models, and prepares the schema document that the
model generator turns into pydantic classes. It renders nothing and reads no files.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import replace
from typing import Any

from ..errors import Problem, SpecWarning, UnsupportedError
from ..load import Document, escape_token
from ..media import is_json_media
from ..pointer import unescape
from ..media import pick_media as _pick_media
from ..validate import HTTP_METHODS, approximations, resolve_pointer
from . import nodes as n
from .examples import example, parameter_example, to_json_text
from .naming import (
    RESERVED_CLASSES,
    Namer,
    component_class,
    field_names,
    module_name,
    pascal_case,
    safe_identifier,
    snake_case,
)
from .python_types import annotation as python_annotation
from .schemas import (
    ModelDocument,
    Places,
    Types,
    component_of,
    is_plain_primitive,
    normalise,
)

SCHEMA_PREFIX = "#/components/schemas/"
# Keyword argument names every generated method already has.
RESERVED_ARGS = frozenset({"body", "timeout", "extra_headers", "extra_query", "destination", "self", "result"})
# Attribute names the client classes already use.
RESERVED_ATTRS = frozenset({"close", "aclose", "base_url", "request", "request_page", "request_job", "download", "get_url", "prepare",
                            "capture_responses", "timeout", "max_retries", "user_agent", "settings"})

# The page size a list method asks for when the spec requires `limit` but gives no default
# (iteration follows `next` for the rest); see Parameter.default.
PAGE_SIZE = 100


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.data: dict[str, Any] = normalise(doc.data)
        self.components: dict[str, Any] = dict((self.data.get("components") or {}).get("schemas") or {})
        self.class_names: dict[str, str] = {}
        components = Namer(RESERVED_CLASSES)
        for name in self.components:
            self.class_names[name] = components.unique(component_class(name))
        self.places = Places(self.data)
        for name, schema in self.components.items():
            self.places.component(name, schema)
        self.names: dict[str, str] = {}  # pointer -> class name, once designed
        self.types = Types(self.data, self.names)
        self.used_by: dict[str, list[str]] = {}
        self.operation_of: dict[str, str] = {}  # pointer of an inline body -> operationId
        self.problems: list[Problem] = []

    def locate(self, node: Any, pointer: str) -> tuple[Any, str]:
        """`node` (written at `pointer`) with its references followed, and where it lives."""
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#") and seen < 64:
            pointer = node["$ref"][1:]
            try:
                node = resolve_pointer(self.data, pointer)
            except KeyError:
                return {}, pointer
            seen += 1
        return node, pointer

    # -- references --------------------------------------------------------------
    def deref(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            node = resolve_pointer(self.data, node["$ref"][1:])
            seen += 1
            if seen > 64:
                break
        return node

    def schema_name(self, schema: Any) -> str | None:
        """The component name a schema refers to, directly or via a one-member allOf."""
        if not isinstance(schema, dict):
            return None
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX) and "/" not in ref[len(SCHEMA_PREFIX):]:
            return unescape(ref[len(SCHEMA_PREFIX):])
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1:
            return self.schema_name(all_of[0])
        return None

    # -- Python types -------------------------------------------------------------
    def annotation(self, schema: Any, pointer: str, *, for_param: bool = False) -> tuple[str, str | None]:
        """(Python annotation, component name or None) for a schema used by an operation.

        References map to model classes (to the builtin when the component is a plain
        value); a schema that is a class (see ir.schemas) to its designed name; the rest
        to builtins, lists and unions of those.
        """
        if not isinstance(schema, dict) or not schema:
            return "Any", None
        name = self.schema_name(schema)
        if name is not None:
            target, _ = self.locate(schema.get("$ref") and schema or schema["allOf"][0], pointer)
            if for_param or is_plain_primitive(target):
                return self.annotation(target, "", for_param=for_param)[0], name
            return self.class_names[name], name
        if "$ref" in schema:
            schema, pointer = self.locate(schema, pointer)
            if not isinstance(schema, dict) or not schema:
                return "Any", None
        enum = schema.get("enum")
        kind = schema.get("type")
        if for_param and isinstance(enum, list) and enum and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in enum):
            return "Literal[" + ", ".join(repr(v) for v in dict.fromkeys(enum)) + "]", None
        if not for_param and pointer in self.names:
            return self.names[pointer], None
        if kind == "array":
            inner, ref = self.annotation(schema.get("items") or {}, f"{pointer}/items", for_param=for_param)
            return f"list[{inner}]", ref
        if is_plain_primitive(schema) or for_param:
            return _primitive(schema), None
        return python_annotation(self.types.of(schema, pointer), nullable=False), None

    def type_of(self, schema: Any, pointer: str) -> n.Type:
        return self.types.of(schema, pointer)

    # -- operations ---------------------------------------------------------------
    def operations(self) -> list[n.Operation]:
        found = self.find_operations()
        for path, method, op, shared, pointer, tag, op_id, method_name in found:
            self.operation_places(op, pointer, pascal_case(op_id), op_id)
        self.names.update(self.places.design(self.class_names))
        return [self.operation(*args) for args in found]

    def operation_places(self, op: dict[str, Any], pointer: str, base: str, op_id: str) -> None:
        """Register the inline bodies of an operation that become classes (ir.schemas)."""
        raw_body, body_pointer = op.get("requestBody"), f"{pointer}/requestBody"
        body, body_pointer = self.locate(raw_body, body_pointer)
        body_base = _component_base(body_pointer, "/components/requestBodies/", "Request") or f"{base}Request"
        if isinstance(body, dict):
            content = body.get("content") or {}
            media = _pick_media(content)
            if media is not None and (is_json_media(media) or media.startswith("multipart/") or media == "application/x-www-form-urlencoded"):
                where = f"{body_pointer}/content/{escape_token(media)}/schema"
                self.operation_of.setdefault(where, op_id)
                self.places.root((content[media] or {}).get("schema"), where, body_base, "request")
        raw = op.get("responses") or {}
        successes = sorted(str(s) for s in raw if str(s).startswith("2"))
        if successes:
            response, where = self.locate(raw[successes[0]], f"{pointer}/responses/{escape_token(successes[0])}")
            if isinstance(response, dict):
                content = response.get("content") or {}
                media = _pick_media(content)
                if media is not None and is_json_media(media):
                    response_base = _component_base(where, "/components/responses/", "Response") or f"{base}Response"
                    schema_pointer = f"{where}/content/{escape_token(media)}/schema"
                    self.operation_of.setdefault(schema_pointer, op_id)
                    self.places.root((content[media] or {}).get("schema"), schema_pointer, response_base, "response")
        if isinstance(op.get("x-job-result"), dict):
            self.operation_of.setdefault(f"{pointer}/x-job-result", op_id)
            self.places.root(op["x-job-result"], f"{pointer}/x-job-result", f"{base}JobResult", "job-result")

    def find_operations(self) -> list[tuple[str, str, dict[str, Any], list[Any], str, str, str, str]]:
        result = []
        names_by_tag: dict[str, Namer] = {}
        ids = Namer()
        for path, item in (self.data.get("paths") or {}).items():
            item = self.deref(item)
            if not isinstance(item, dict):
                continue
            shared = [self.deref(p) for p in item.get("parameters") or []]
            for method in HTTP_METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                pointer = f"/paths/{escape_token(path)}/{method}"
                tag = (op.get("tags") or ["Default"])[0]
                op_id = op.get("operationId") or snake_case(f"{method} {path}")
                op_id = ids.unique(str(op_id))
                method_name = names_by_tag.setdefault(str(tag), Namer(RESERVED_ATTRS)).unique(safe_identifier(snake_case(op_id)))
                result.append((path, method, op, shared, pointer, str(tag), op_id, method_name))
        return result

    def operation(self, path: str, method: str, op: dict[str, Any], shared: list[Any], pointer: str,
                  tag: str, op_id: str, method_name: str) -> n.Operation:
        params: dict[tuple[str, str], Any] = {}
        origin: dict[int, str] = {}  # id(parameter) -> the JSON pointer it was written at
        path_pointer = pointer.rsplit("/", 1)[0]
        own = [self.deref(p) for p in op.get("parameters") or []]
        for where, group in ((f"{path_pointer}/parameters", shared), (f"{pointer}/parameters", own)):
            for index, p in enumerate(group):
                if isinstance(p, dict) and "name" in p and "in" in p:
                    params[(p["name"], p["in"])] = p
                    origin[id(p)] = f"{where}/{index}"
        arg_names = Namer(RESERVED_ARGS | {"self"})
        parameters = []
        ordered = [p for p in params.values() if p["in"] == "path"]
        ordered = sorted(ordered, key=lambda p: path.find("{" + p["name"] + "}"))
        ordered += [p for p in params.values() if p["in"] != "path"]
        for p in ordered:
            schema_pointer = f"{origin[id(p)]}/schema"
            schema, schema_pointer = self.locate(p.get("schema") or {}, schema_pointer)
            annotation, _ = self.annotation(schema, schema_pointer, for_param=True)
            parameters.append(
                n.Parameter(
                    name=p["name"],
                    py_name=arg_names.unique(safe_identifier(snake_case(p["name"]))),
                    location=p["in"],
                    required=bool(p.get("required")) or p["in"] == "path",
                    description=str(p.get("description") or ""),
                    annotation=annotation,
                    type_label=self.type_label(schema),
                    enum=tuple(_text(v) for v in (schema.get("enum") or (self.deref(schema.get("items") or {}).get("enum") if schema.get("type") == "array" else None) or [])),
                    explode=p.get("explode", p.get("style", "form") == "form"),
                    deprecated=bool(p.get("deprecated")),
                    pointer=origin[id(p)],
                    example=to_json_text(p["example"] if "example" in p else parameter_example(str(p["name"]), schema, self.deref)),
                    type=self.param_type(p.get("schema") or {}, schema_pointer),
                )
            )
        body = self.request_body(op.get("requestBody"), f"{pointer}/requestBody", op_id)
        responses = self.responses(op.get("responses") or {}, f"{pointer}/responses", op_id)
        description = str(op.get("description") or "")
        result = self.result(op, pointer)
        parameters = [_with_default(p, self.deref(raw.get("schema") or {}), result.kind == "page")
                      for p, raw in zip(parameters, ordered, strict=True)]
        return n.Operation(
            operation_id=op_id,
            method_name=method_name,
            http_method=method.upper(),
            path=path,
            summary=str(op.get("summary") or ""),
            description=description,
            deprecated=bool(op.get("deprecated")),
            replaced_by=str(op.get("x-replaced-by") or ""),
            tag=tag,
            parameters=tuple(parameters),
            body=body,
            responses=responses,
            result=result,
            pointer=pointer,
        )

    def param_type(self, schema: Any, pointer: str) -> n.Type:
        """A parameter's type: its enum as a literal (parameters take plain values), else
        the schema's type with component references followed to what they hold."""
        resolved, where = self.locate(schema, pointer)
        if not isinstance(resolved, dict):
            return n.Type("any")
        values = resolved.get("enum")
        if isinstance(values, list) and values:
            return n.Type("literal", name=str(resolved.get("type") or ""), values=tuple(_text(v) for v in values if v is not None))
        if resolved.get("type") == "array":
            return n.Type("array", of=(self.param_type(resolved.get("items") or {}, f"{where}/items"),))
        return self.types.of(resolved, where, expand=True)

    def request_body(self, raw: Any, pointer: str, op_id: str) -> n.RequestBody | None:
        body, pointer = self.locate(raw, pointer)
        if not isinstance(body, dict):
            return None
        content = body.get("content") or {}
        media = _pick_media(content)
        if media is None:
            return None
        schema = (content[media] or {}).get("schema") or {}
        schema_pointer = f"{pointer}/content/{escape_token(media)}/schema"
        ref = self.schema_name(schema)
        if ref:
            self.used_by.setdefault(ref, []).append(op_id)
        resolved = self.deref(schema)
        fields: tuple[n.BodyField, ...] = ()
        if is_json_media(media):
            encoding = "json"
        elif media.startswith("multipart/"):
            encoding = "multipart"
        elif media == "application/x-www-form-urlencoded":
            encoding = "form"
        else:
            encoding = "binary"
        if encoding in ("multipart", "form") and isinstance(resolved, dict):
            names = Namer()
            fields = tuple(
                n.BodyField(name=k, py_name=names.unique(safe_identifier(snake_case(k))), is_file=_is_file(self.deref(v)))
                for k, v in (resolved.get("properties") or {}).items()
            )
        if encoding == "binary":
            annotation, model = "bytes | IO[bytes]", None
            body_type = n.Type("primitive", name="string", format="binary")
        else:
            model_type, _ = self.annotation(schema, schema_pointer)
            model = model_type if model_type in self.all_names else None
            annotation = f"{model_type} | Mapping[str, Any]" if model else model_type
            body_type = self.types.of(schema, schema_pointer)
        return n.RequestBody(
            media_type=media,
            encoding=encoding,
            required=bool(body.get("required")),
            description=str(body.get("description") or ""),
            annotation=annotation,
            model=model,
            schema_ref=ref,
            fields=fields,
            example="" if encoding == "binary" else to_json_text(example(schema, self.deref, for_request=True)),
            type=body_type,
        )

    def responses(self, raw: dict[str, Any], pointer: str, op_id: str) -> tuple[n.Response, ...]:
        out = []
        for status in sorted(raw, key=str):
            response, where = self.locate(raw[status], f"{pointer}/{escape_token(str(status))}")
            if not isinstance(response, dict):
                continue
            content = response.get("content") or {}
            media = _pick_media(content)
            schema = (content.get(media) or {}).get("schema") if media else None
            ref = self.schema_name(schema) if schema else None
            if ref:
                self.used_by.setdefault(ref, []).append(op_id)
            headers = tuple(
                n.Header(name=h, description=str(self.deref(v).get("description") or ""), type_label=self.type_label(self.deref(self.deref(v).get("schema") or {})))
                for h, v in (response.get("headers") or {}).items()
                if isinstance(self.deref(v), dict)
            )
            out.append(
                n.Response(
                    status=str(status),
                    description=str(response.get("description") or ""),
                    media_type=media,
                    schema_ref=ref,
                    type_label=self.type_label(self.deref(schema)) if schema else "",
                    headers=headers,
                    type=self.types.of(schema, f"{where}/content/{escape_token(media)}/schema") if schema and media else None,
                )
            )
        return tuple(out)

    def result(self, op: dict[str, Any], pointer: str) -> n.Result:
        raw = op.get("responses") or {}
        successes = sorted(s for s in raw if str(s).startswith("2"))
        if not successes:
            return n.Result("none", "None", "None", "", "", "")
        status = str(successes[0])
        response, where = self.locate(raw[successes[0]], f"{pointer}/responses/{escape_token(status)}")
        content = response.get("content") or {}
        media = _pick_media(content)
        schema = (content.get(media) or {}).get("schema") if media else None
        schema_pointer = f"{where}/content/{escape_token(media)}/schema" if media else ""
        headers = {h.lower() for h in response.get("headers") or {}}
        parse = "None"
        if media is not None and (not is_json_media(media) or _is_file(self.deref(schema or {}))):
            return n.Result("binary", "int", "None", "", "", status, type=n.Type("primitive", name="string", format="binary"))
        body_type = self.types.of(schema, schema_pointer) if schema else None
        if schema:
            parse, _ = self.annotation(schema, schema_pointer)
        see_other = ""
        if "303" in raw and isinstance(op.get("x-job-result"), dict) and status != "202":
            # a job's status: 200 while running, 303 to the finished resource once done
            see_other = self.annotation(op["x-job-result"], f"{pointer}/x-job-result")[0]
        if status == "202" and "location" in headers:
            job_ref = op.get("x-job-result")
            job_pointer = f"{pointer}/x-job-result"
            job_result = self.annotation(job_ref, job_pointer)[0] if isinstance(job_ref, dict) else ""
            annotation = f"Job[{job_result or 'Any'}]"
            job_type = self.types.of(job_ref, job_pointer) if isinstance(job_ref, dict) else None
            return n.Result("job", annotation, parse, "", job_result, status, type=body_type, job_type=job_type)
        if schema is None:
            return n.Result("none", "None", "None", "", "", status)
        item, item_type = self.page_item(schema, schema_pointer)
        if item:
            return n.Result("page", f"Page[{item}]", parse, item, "", status, type=body_type, item_type=item_type)
        kind = "model" if parse in self.all_names or parse.startswith("list[") else "primitive"
        if see_other:
            return n.Result(kind, f"{parse} | {see_other}", parse, "", "", status, see_other, type=body_type)
        return n.Result(kind, parse, parse, "", "", status, type=body_type)

    def page_item(self, schema: Any, pointer: str) -> tuple[str, n.Type | None]:
        resolved, pointer = self.locate(schema, pointer)
        if not isinstance(resolved, dict):
            return "", None
        props = resolved.get("properties") or {}
        data, where = self.locate(props.get("data") or {}, f"{pointer}/properties/data")
        if "next" in props and isinstance(data, dict) and data.get("type") == "array":
            item, _ = self.annotation(data.get("items") or {}, f"{where}/items")
            return item, self.types.of(data.get("items") or {}, f"{where}/items")
        return "", None

    # -- docs views of schemas ------------------------------------------------------
    def type_label(self, schema: Any) -> str:
        if not isinstance(schema, dict):
            return "any"
        name = self.schema_name(schema)
        if name:
            return name
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list):
                return f"{key}(" + ", ".join(self.type_label(s) for s in schema[key]) + ")"
        if isinstance(schema.get("allOf"), list):
            return "allOf(" + ", ".join(self.type_label(s) for s in schema["allOf"]) + ")"
        kind = schema.get("type")
        if kind == "array":
            return f"[{self.type_label(schema.get('items') or {})}]"
        if kind is None:
            return "object" if "properties" in schema else "any"
        fmt = schema.get("format")
        return f"{kind}({fmt})" if fmt else str(kind)

    @property
    def all_names(self) -> set[str]:
        return set(self.names.values())

    def schemas(self) -> list[n.Schema]:
        """A node for every place (ir.schemas), components first as the spec lists them."""
        by_pointer = {pointer: self.schema_node(pointer) for pointer in self.places.order}
        return list(by_pointer.values())

    def schema_node(self, pointer: str) -> n.Schema:
        place = self.places.found[pointer]
        raw = resolve_pointer(self.data, pointer)
        schema = raw if isinstance(raw, dict) else {}
        component = component_of(pointer)
        name = component if component is not None else self.names[pointer]
        # allOf: the schema's own properties are those of its inline members too (the
        # referenced members are its bases, listed in `variants`)
        parts = [(pointer, schema)] + [
            (f"{pointer}/allOf/{i}", m) for i, m in enumerate(schema.get("allOf") or []) if isinstance(m, dict) and "$ref" not in m
        ]
        required = {r for _, part in parts for r in part.get("required") or [] if isinstance(r, str)}
        own = {
            k: (v, f"{where}/properties/{escape_token(str(k))}")
            for where, part in parts if isinstance(part.get("properties"), dict) for k, v in part["properties"].items()
        }
        props = []
        fields = []
        py_names = dict(zip(own, field_names([str(k) for k in own])))
        for prop_name, (prop_raw, prop_pointer) in own.items():
            prop = prop_raw if isinstance(prop_raw, dict) else {}
            target = self.deref(prop)
            items = prop.get("items") if prop.get("type") == "array" else None
            ref = self.schema_name(prop) or (self.schema_name(items) if items else None)
            enum_src = prop.get("enum") or (self.deref(items).get("enum") if isinstance(items, dict) else None) or []
            py_name = py_names[prop_name]
            description = str(prop.get("description") or (target.get("description") if ref and isinstance(target, dict) else "") or "")
            props.append(
                n.Property(
                    name=str(prop_name),
                    py_name=py_name,
                    type_label=self.type_label(prop),
                    ref=ref,
                    required=prop_name in required,
                    nullable=bool(prop.get("nullable") or target.get("nullable") if isinstance(target, dict) else False),
                    description=description,
                    enum=tuple(_text(v) for v in enum_src),
                    restrictions=_restrictions(prop),
                    default=_text(prop["default"]) if "default" in prop else None,
                )
            )
            fields.append(
                n.Field(
                    name=str(prop_name),
                    py_name=py_name,
                    type=self.types.of(prop, prop_pointer),
                    required=prop_name in required,
                    description=description,
                    default=_text(prop["default"]) if "default" in prop else None,
                    constraints=_restrictions(prop),
                    examples=_examples(prop),
                    deprecated=bool(prop.get("deprecated")),
                    read_only=bool(prop.get("readOnly")),
                    write_only=bool(prop.get("writeOnly")),
                    pointer=prop_pointer,
                )
            )
        variants = tuple(
            v for key in ("oneOf", "anyOf", "allOf") for s in schema.get(key) or [] if (v := self.schema_name(s))
        )
        bases = tuple(
            t.name for i, m in enumerate(schema.get("allOf") or [])
            if isinstance(m, dict) and "$ref" in m and (t := self.types.of(m, f"{pointer}/allOf/{i}")).kind == "ref"
        )
        if place.kind == "variant":  # a member of a oneOf with shared properties: it extends the member
            bases = (self.class_names[component_of(schema["$ref"][1:]) or ""],)
        if schema.get("enum"):
            kind = "enum"
        elif any(k in schema for k in ("oneOf", "anyOf")):
            kind = "union"
        elif schema.get("type") == "array":
            kind = "array"
        elif schema.get("type") in (None, "object"):
            kind = "object"
        else:
            kind = "primitive"
        parent = self.places.found.get(place.parent)
        return n.Schema(
            name=name,
            class_name=self.names[pointer],
            pointer=pointer,
            kind=kind,
            type_label="object" if kind == "object" and "allOf" in schema else self.type_label({k: v for k, v in schema.items() if k != "allOf"} if kind == "object" else schema),
            description=str(schema.get("description") or ""),
            properties=tuple(props),
            enum=tuple(_text(v) for v in schema.get("enum") or []),
            variants=variants,
            inferred=bool(schema.get("x-inferred")),
            used_by=tuple(dict.fromkeys(self.used_by.get(name, []))) if component is not None else (),
            inline=component is None,
            parent=self.names[parent.pointer] if parent is not None else "",
            origin=place.origin,
            operation=self.operation_of.get(pointer, ""),
            fields=tuple(fields),
            bases=bases,
            type=None if kind == "object" else self.types.of(schema, pointer, expand=True),
            nullable=bool(schema.get("nullable")),
            default=_text(schema["default"]) if "default" in schema else None,
            examples=_examples(schema),
            constraints=_restrictions(schema),
            deprecated=bool(schema.get("deprecated")),
        )

    def resources(self, operations: list[n.Operation]) -> tuple[n.Resource, ...]:
        declared = [t for t in self.data.get("tags") or [] if isinstance(t, dict) and "name" in t]
        descriptions = {str(t["name"]): str(t.get("description") or "") for t in declared}
        order = [str(t["name"]) for t in declared]
        for op in operations:
            if op.tag not in order:
                order.append(op.tag)
        attrs = Namer(RESERVED_ATTRS)
        classes = Namer(RESERVED_CLASSES | self.all_names)
        modules = Namer({"__init__"})
        out = []
        for tag in order:
            ops = tuple(op for op in operations if op.tag == tag)
            if not ops:
                continue
            attr = attrs.unique(safe_identifier(snake_case(tag)))
            out.append(
                n.Resource(
                    tag=tag,
                    attr_name=attr,
                    class_name=classes.unique(pascal_case(tag) + "Resource"),
                    module=modules.unique(module_name(attr)),
                    description=descriptions.get(tag, ""),
                    operations=ops,
                )
            )
        return tuple(out)


def build(doc: Document) -> n.Api:
    builder = _Builder(doc)
    operations = builder.operations()
    resources = builder.resources(operations)
    types = _overrides(builder.schemas())
    models = ModelDocument(builder.data, builder.names, builder.places.found).build(builder.places.order)
    info = doc.data.get("info") or {}
    model_document = json.dumps(
        {"openapi": "3.0.3", "info": {"title": "models", "version": "0"}, "paths": {}, "components": {"schemas": models}},
        sort_keys=False, ensure_ascii=False, separators=(",", ":"),
    )
    if builder.problems:
        raise UnsupportedError(builder.problems)
    security = _security(doc.data)
    for problem in approximations(doc, security.header, security.prefix):
        warnings.warn(SpecWarning(problem), stacklevel=2)
    return n.Api(
        title=str(info.get("title") or "API"),
        version=str(info.get("version") or ""),
        description=str(info.get("description") or ""),
        spec_name=doc.path.name,
        servers=tuple(_server_url(s) for s in doc.data.get("servers") or [] if isinstance(s, dict) and s.get("url")),
        path_prefix=_common_prefix([op.path for op in operations]),
        security=security,
        resources=resources,
        schemas=tuple(t for t in types if not t.inline),
        model_document=model_document,
        model_names=tuple(models),
        types=tuple(types),
    )


def _overrides(types: list[n.Schema]) -> list[n.Schema]:
    """An inline object redeclaring, in a class that extends another, a property the base
    declares as another inline object extends that object (models.py writes it so, to keep
    the override a subtype): `ConflictErrorContext(ErrorBaseContext)`."""
    by_name = {t.class_name: t for t in types}

    def declared(name: str, wire: str, seen: frozenset[str]) -> str | None:
        node = by_name.get(name)
        if node is None or name in seen:
            return None
        for f in node.fields:
            if f.name == wire:
                return f.type.name if f.type.kind == "ref" else None
        for base in node.bases:
            found = declared(base, wire, seen | {name})
            if found is not None:
                return found
        return None

    out = []
    for node in types:
        parent = by_name.get(node.parent)
        if node.inline and node.origin == "property" and node.kind == "object" and parent is not None and parent.bases and not node.bases:
            wire = next((f.name for f in parent.fields if f.type.kind == "ref" and f.type.name == node.class_name), None)
            base = next((b for b in (declared(x, wire, frozenset()) for x in parent.bases) if b is not None), None) if wire else None
            target = by_name.get(base or "")
            if target is not None and target.class_name != node.class_name and target.kind == "object":
                node = replace(node, bases=(target.class_name,))
        out.append(node)
    return out


# -- small pure helpers ------------------------------------------------------------------
def _server_url(server: dict[str, Any]) -> str:
    """A server URL with its `{variables}` replaced by their defaults."""
    url = str(server.get("url"))
    for name, variable in (server.get("variables") or {}).items():
        if isinstance(variable, dict) and "default" in variable:
            url = url.replace("{" + str(name) + "}", str(variable["default"]))
    return url


def _component_base(pointer: str, prefix: str, suffix: str) -> str:
    """`NotFoundResponse` for a body defined once as `#/components/responses/NotFound`."""
    if pointer.startswith(prefix) and "/" not in pointer[len(prefix):]:
        return pascal_case(unescape(pointer[len(prefix):])) + suffix
    return ""


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _primitive(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if kind == "string":
        return "bytes" if schema.get("format") in ("binary",) else "str"
    return {"integer": "int", "number": "float", "boolean": "bool", "object": "dict[str, Any]", "array": "list[Any]"}.get(str(kind), "Any")


def _is_file(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "string" and schema.get("format") in ("binary", "base64"):
        return True
    return schema.get("type") == "array" and _is_file(schema.get("items"))


def _examples(schema: dict[str, Any]) -> tuple[str, ...]:
    found = [schema["example"]] if "example" in schema else []
    if isinstance(schema.get("x-examples"), list):
        found.extend(schema["x-examples"])
    return tuple(to_json_text(v) for v in found)


def _restrictions(schema: dict[str, Any]) -> tuple[n.Restriction, ...]:
    out = []
    for key in ("minLength", "maxLength", "minItems", "maxItems", "pattern", "multipleOf", "uniqueItems", "minProperties", "maxProperties"):
        if key in schema:
            out.append(n.Restriction(key, _text(schema[key])))
    for key, flag in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if key in schema:
            out.append(n.Restriction(key + (" (exclusive)" if schema.get(flag) else ""), _text(schema[key])))
    return tuple(out)


def _common_prefix(paths: list[str]) -> str:
    if not paths:
        return ""
    split = [p.strip("/").split("/") for p in paths]
    prefix = []
    for parts in zip(*split):
        if len(set(parts)) == 1 and "{" not in parts[0]:
            prefix.append(parts[0])
        else:
            break
    if all(len(s) > len(prefix) for s in split):
        return "/" + "/".join(prefix) if prefix else ""
    return "/" + "/".join(prefix[:-1]) if len(prefix) > 1 else ""


def _security(data: dict[str, Any]) -> n.Security:
    schemes = ((data.get("components") or {}).get("securitySchemes") or {}).values()
    for scheme in schemes:
        if isinstance(scheme, dict) and scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            return n.Security("Authorization", "Bearer")
    for scheme in schemes:
        if isinstance(scheme, dict) and scheme.get("type") == "apiKey" and scheme.get("in") == "header" and scheme.get("name"):
            return n.Security(str(scheme["name"]), "")
    return n.Security("Authorization", "Bearer")


def _with_default(param: n.Parameter, schema: dict[str, Any], in_list: bool) -> n.Parameter:
    """Parameter.default: what the client sends when the caller passes nothing."""
    if param.location == "path" or not param.required:
        return param
    if isinstance(schema.get("default"), (int, float, str, bool)):
        return replace(param, default=schema["default"])
    if in_list and param.location == "query" and schema.get("type") == "integer":
        if param.name == "offset":
            return replace(param, default=0)
        if param.name == "limit":
            return replace(param, default=PAGE_SIZE)
    return param

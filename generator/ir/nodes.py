"""IR node types: frozen dataclasses in OpenAPI's own words.

Every node that comes from the document keeps the JSON pointer it came from, so errors
found later can still point at the spec. Nothing here knows about Jinja or files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Restriction:
    name: str  # e.g. "maxLength", "minimum (exclusive)"
    value: str


@dataclass(frozen=True)
class Type:
    """A language-neutral type, a small tree. `kind` is one of:

    - "primitive": `name` is string, integer, number or boolean; `format` as in the spec;
    - "array": a list of `of[0]`;  "map": string keys to `of[0]` values;
    - "ref": the schema node whose class name is `name` (look it up with `Api.type_named`);
    - "union": one of `of`;  "literal": one of `values` (an inline enum that is no class,
      e.g. a parameter's; `name` is its JSON type);  "any": anything.
    `nullable`: null is allowed too.
    """

    kind: str
    name: str = ""
    format: str = ""
    of: tuple[Type, ...] = ()
    values: tuple[str, ...] = ()
    nullable: bool = False

    def refs(self) -> tuple[str, ...]:
        """Names of the schema nodes this type refers to, at any depth, in order."""
        found = [self.name] if self.kind == "ref" else []
        for member in self.of:
            found.extend(member.refs())
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Field:
    """A property of an object schema, as a class field."""

    name: str  # wire name
    py_name: str  # attribute of the generated class
    type: Type
    required: bool
    description: str
    default: str | None  # JSON text
    constraints: tuple[Restriction, ...]
    examples: tuple[str, ...]  # JSON texts
    deprecated: bool
    read_only: bool
    write_only: bool
    pointer: str


@dataclass(frozen=True)
class Property:
    name: str  # wire name
    py_name: str
    type_label: str  # human form for docs: "string(date-time)", "[ModelLifecycle]"
    ref: str | None  # component schema name linked from the label, if any
    required: bool
    nullable: bool
    description: str
    enum: tuple[str, ...]
    restrictions: tuple[Restriction, ...]
    default: str | None


@dataclass(frozen=True)
class Schema:
    """A component schema, as the docs show it."""

    name: str  # component name in the spec
    class_name: str  # the pydantic model class in the generated client
    pointer: str
    kind: str  # "object", "enum", "array", "union", "primitive"
    type_label: str
    description: str
    properties: tuple[Property, ...]
    enum: tuple[str, ...]
    variants: tuple[str, ...]  # component names of oneOf/anyOf/allOf members
    inferred: bool
    used_by: tuple[str, ...]  # operationIds that reference it (directly)
    # The schema tree (every class or enum the client has, components and inline alike):
    inline: bool = False  # False for a component
    parent: str = ""  # class name of the schema node it is nested in ("" for components and operation bodies)
    origin: str = "component"  # component, property, item, value, option, request, response, job-result
    operation: str = ""  # operationId, for an inline request/response/job-result body
    fields: tuple[Field, ...] = ()  # own and inline-allOf properties (kind "object")
    bases: tuple[str, ...] = ()  # class names of the allOf members it extends
    type: Type | None = None  # the structure itself: enum -> literal, union, array, map, primitive
    nullable: bool = False
    default: str | None = None
    examples: tuple[str, ...] = ()
    constraints: tuple[Restriction, ...] = ()
    deprecated: bool = False


@dataclass(frozen=True)
class Parameter:
    name: str  # wire name
    py_name: str
    location: str  # path, query, header, cookie
    required: bool
    description: str
    annotation: str  # Python type
    type_label: str
    enum: tuple[str, ...]
    explode: bool
    deprecated: bool
    pointer: str
    example: str = ""  # JSON text of a value the docs samples send
    type: Type = field(default_factory=lambda: Type("any"))


@dataclass(frozen=True)
class BodyField:
    name: str
    py_name: str
    is_file: bool


@dataclass(frozen=True)
class RequestBody:
    media_type: str
    encoding: str  # "json", "multipart", "form", "binary"
    required: bool
    description: str
    annotation: str  # Python type accepted (model | dict, or file type)
    model: str | None  # class name when the body is a model
    schema_ref: str | None  # component name for docs
    fields: tuple[BodyField, ...]  # multipart/form fields, for docs and file detection
    example: str = ""  # JSON text of an example body for the docs ("" for raw binary bodies)
    type: Type | None = None  # the body's type; a "ref" names its schema node in Api.types


@dataclass(frozen=True)
class Header:
    name: str
    description: str
    type_label: str


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    media_type: str | None
    schema_ref: str | None  # component name, for links in docs
    type_label: str
    headers: tuple[Header, ...]
    type: Type | None = None  # the body's type (None without a body)


@dataclass(frozen=True)
class Result:
    """What the generated method returns."""

    kind: str  # "none", "model", "primitive", "binary", "page", "job"
    annotation: str  # return annotation of the method
    parse: str  # type passed to the parser ("None" for nothing)
    item: str  # page item type (kind == "page")
    job_result: str  # type the finished job resolves to ("" when unknown)
    status: str
    type: Type | None = None  # the parsed body (kind "model"/"primitive"/"page"/"job")
    item_type: Type | None = None  # a page's item
    job_type: Type | None = None  # what the finished job resolves to


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method_name: str
    http_method: str  # upper case
    path: str
    summary: str
    description: str
    deprecated: bool
    replaced_by: str
    tag: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[Response, ...]
    result: Result
    pointer: str

    @property
    def path_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def other_params(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location != "path")

    @property
    def anchor(self) -> str:
        return self.operation_id

    @property
    def models_used(self) -> tuple[str, ...]:
        names = set()
        if self.body and self.body.model:
            names.add(self.body.model)
        if self.body:  # a list body names its item model only in the annotation
            names.update(_names_in(self.body.annotation))
        for text in (self.result.parse, self.result.item, self.result.job_result):
            names.update(_names_in(text))
        return tuple(sorted(names))


def _names_in(annotation: str) -> set[str]:
    builtin = {"list", "dict", "str", "int", "float", "bool", "None", "Any", "object", "bytes", "Mapping", "IO", "Literal"}
    return {n for n in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", annotation) if n not in builtin and n[0].isupper()}


@dataclass(frozen=True)
class Resource:
    tag: str
    attr_name: str  # client.<attr_name>
    class_name: str
    module: str
    description: str
    operations: tuple[Operation, ...]

    @property
    def models_used(self) -> tuple[str, ...]:
        return tuple(sorted({m for op in self.operations for m in op.models_used}))


@dataclass(frozen=True)
class Security:
    header: str  # "Authorization" or an apiKey header name
    prefix: str  # "Bearer" for http bearer, "" for a raw api key


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    description: str
    spec_name: str  # file name of the spec, for headers (never an absolute path)
    servers: tuple[str, ...]
    path_prefix: str  # common prefix of all paths, e.g. "/api/v2"
    security: Security
    resources: tuple[Resource, ...]
    schemas: tuple[Schema, ...]
    model_document: str  # canonical JSON of the schemas handed to the model generator
    model_names: tuple[str, ...]  # class names the model generator must produce (and no others)
    types: tuple[Schema, ...] = ()  # every schema node: components (as in `schemas`) and inline ones

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)

    @cached_property
    def _types_by_name(self) -> dict[str, Schema]:
        return {s.class_name: s for s in self.types}

    def type_named(self, class_name: str) -> Schema:
        """The schema node a `Type("ref", name)` points at."""
        return self._types_by_name[class_name]

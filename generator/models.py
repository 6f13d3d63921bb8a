"""Render the pydantic models module with datamodel-code-generator, used as a library.

Input is the IR's model document (component schemas plus hoisted inline schemas, with
names already decided by ir.naming). We pin its options here, swap its Enum template for
one that subclasses our forward-compatible OpenEnum, and check that every class the
resources import exists. Formatting is left to the format stage.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from .cache import NO_CACHE, Cache
from .errors import Location, Problem, UnsupportedError
from .ir.nodes import Api
from .pointer import unescape
from .approximate import iter_mappings
from .validate import allof_bases, enum_kind, iter_schema_nodes, undeclared_required

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "client" / "models"
# Formats pydantic would validate strictly (and some need extra packages, e.g. email);
# a client must accept what the server sends, so these stay plain strings.
CONSTRAINTS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
                         "pattern", "minItems", "maxItems", "multipleOf", "minProperties", "maxProperties"})
LENIENT_FORMATS = frozenset({"email", "idn-email", "uri", "url", "uri-reference", "iri", "uuid", "hostname",
                             "ipv4", "ipv6", "byte", "password", "time", "duration", "int32", "int64", "float", "double"})


def render_models(api: Api, package: str, cache: Cache = NO_CACHE) -> str:
    key = _key(api, package)
    cached = cache.get("models", key)
    if cached is not None:
        return cached
    result = _render(api, package)
    cache.put("models", key, result)
    return result


def cached_models(api: Api, package: str, cache: Cache) -> str | None:
    """The models module from the cache, or None (then render_models has work to do)."""
    return cache.get("models", _key(api, package)) if cache.root is not None else None


def _key(api: Api, package: str) -> str:
    templates = b"".join(p.read_bytes() for p in sorted(TEMPLATES.glob("*.jinja2")))
    # Everything the rendering depends on: this module and the helpers it takes from validate.py.
    source = Path(__file__).read_bytes() + (Path(__file__).parent / "validate.py").read_bytes()
    designed = json.dumps(sorted((t.class_name, t.origin, t.parent, t.bases, tuple(f.py_name for f in t.fields)) for t in api.types))
    return Cache.key(api.model_document, designed, package, _dmcg_version(), templates, source, ",".join(api.file_models))


def _dmcg_version() -> str:
    from importlib.metadata import version

    return version("datamodel-code-generator")


def _render(api: Api, package: str) -> str:
    if not api.model_names:
        # nothing becomes a class (datamodel-code-generator would fail: "Models not found")
        return "from __future__ import annotations\n\n__all__: list[str] = []\n"
    from datamodel_code_generator import (
        DataModelType,
        InputFileType,
        PythonVersion,
        generate,
    )

    document = json.loads(api.model_document)
    _relax_formats(document)
    _file_fields(document, api.file_models, package)
    schemas = document["components"]["schemas"]
    _pin_discriminator_tags(schemas)
    _narrow_overrides(schemas, frozenset(t.class_name for t in api.types if t.inline))
    _forgive(document)
    try:
        options: dict[str, Any] = dict(
            input_file_type=InputFileType.OpenAPI,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_310,
            base_class=f"{package}._models.BaseModel",
            additional_imports=[f"{package}._models.OpenEnum", f"{package}._models.OpenIntEnum"],
            custom_template_dir=TEMPLATES,
            snake_case_field=True,
            strict_nullable=True,
            use_annotated=True,
            field_constraints=True,
            use_standard_collections=True,
            use_union_operator=True,
            use_schema_description=True,
            use_field_description=True,
            use_double_quotes=True,
            disable_timestamp=True,
            keep_model_order=True,
            capitalise_enum_members=True,
            set_default_enum_member=True,  # `= Kind.A`, not `= "a"`: the annotation is the enum
            output_datetime_class="datetime",
            openapi_scopes=["schemas"],
            formatters=[],
        )
        # the field names are the IR's (ir.naming.field_name); the model generator takes them as given
        designed = {f"{t.class_name}.{f.name}": f.py_name for t in api.types for f in t.fields if f.py_name != f.name}
        code = generate(document, aliases=designed, **options)
        aliases = _unambiguous_names(str(code))
        if aliases:  # rare: run again with the field names decided here
            code = generate(document, aliases={**designed, **aliases}, **options)
    except Exception as exc:  # the library reports schema shapes it cannot map
        raise UnsupportedError(
            Problem(Location(api.spec_name, "/components/schemas"), f"datamodel-code-generator failed: {type(exc).__name__}: {str(exc)[:400]}",
                    "simplify the schema named in the message, or report it")
        ) from None
    assert isinstance(code, str)
    code = _enums_before_use(_rename_variants(code, api))
    _check_names(code, api)
    body = code.split("\n", 3)[3] if code.startswith("# generated by datamodel-codegen") else code
    # A relative import keeps the package vendorable under any name.
    body = body.replace(f"from {package}._models import", "from ._models import")
    return body.lstrip("\n")


def _relax_formats(node: Any) -> None:
    for item in iter_mappings(node):
        # a property may itself be called "format" (then the value is a schema, not a string)
        if isinstance(item.get("format"), str) and item["format"] in LENIENT_FORMATS:
            del item["format"]
        # Value constraints describe what the server accepts; a client that enforced them
        # on answers would refuse a whole response over one out-of-range number. They stay
        # in the spec and the docs, not in the models.
        for key in CONSTRAINTS.intersection(item):
            if not isinstance(item[key], (dict, list)):
                del item[key]


def _file_fields(document: dict[str, Any], models: tuple[str, ...], package: str) -> None:
    """A `format: binary` property of a multipart request model (a file part) becomes the
    runtime's FileInput: bytes, a path, a binary file object or a (filename, content[, type])
    tuple, as the dict form of the body takes. datamodel-codegen would say `bytes`, and
    pydantic would then send a str path as the file's content."""
    schemas = document["components"]["schemas"]
    for name in models:
        for prop in (schemas.get(name) or {}).get("properties", {}).values():
            if isinstance(prop, dict) and prop.get("type") == "string" and prop.get("format") == "binary":
                del prop["format"]
                prop["customTypePath"] = f"{package}._models.FileInput"


# -- subclass fields must stay subtypes --------------------------------------------------------
# datamodel-codegen turns `allOf: [$ref Base, {...}]` into `class Child(Base)` and a
# discriminated union member's tag into `tag: Literal["x"]`. When the child (or the tag)
# redeclares a field the base declares with an unrelated type, mypy rejects the override.
# allOf means "both", so we rewrite the document to say so in a way that yields subtypes.

_PREFIX = "#/components/schemas/"


def _component(ref: Any) -> str | None:
    if isinstance(ref, str) and ref.startswith(_PREFIX) and "/" not in ref[len(_PREFIX):]:
        return unescape(ref[len(_PREFIX):])
    return None


def _declaration(schemas: dict[str, Any], name: str, prop: str, seen: frozenset[str] = frozenset()) -> tuple[dict[str, Any], str] | None:
    """Where component `name` (or one of its allOf bases) declares `prop`: (properties dict, owner)."""
    schema = schemas.get(name)
    if name in seen or not isinstance(schema, dict):
        return None
    props = schema.get("properties")
    if isinstance(props, dict) and isinstance(props.get(prop), dict):
        return props, name
    for part in schema.get("allOf") or []:
        if not isinstance(part, dict):
            continue
        base = _component(part.get("$ref"))
        if base is not None:
            found = _declaration(schemas, base, prop, seen | {name})
        elif isinstance(part.get("properties"), dict) and isinstance(part["properties"].get(prop), dict):
            found = part["properties"], name
        else:
            found = None
        if found is not None:
            return found
    return None


def _pin_discriminator_tags(schemas: dict[str, Any]) -> None:
    """A union member that inherits its tag field from a base gets `Literal["x"]`; make the
    base's one-value enum a `const` (also `Literal["x"]`) so the override is the same type,
    and a many-value enum there a plain string (every member narrows it to its own tag)."""
    for node in iter_mappings(list(schemas.values())):
        tag = node.get("discriminator", {}).get("propertyName") if isinstance(node.get("discriminator"), dict) else None
        if not isinstance(tag, str):
            continue
        members = [m for key in ("oneOf", "anyOf") for m in node.get(key) or [] if isinstance(m, dict)]
        members += [{"$ref": r} for r in (node["discriminator"].get("mapping") or {}).values() if isinstance(r, str)]
        for member in members:
            name = _component(member.get("$ref"))
            found = _declaration(schemas, name, tag) if name else None
            if found is None or found[1] == name:
                continue  # declared by the member itself: datamodel-codegen narrows it in place
            props = found[0]
            declared = props[tag]
            values = declared.get("enum")
            if isinstance(values, list) and all(isinstance(v, str) for v in values) and values:
                narrowed = {k: v for k, v in declared.items() if k != "enum"}
                if len(set(values)) == 1:
                    narrowed["const"] = values[0]
                props[tag] = narrowed


def _is_object(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and "$ref" not in schema
        and not any(k in schema for k in ("allOf", "oneOf", "anyOf", "enum"))
        and (schema.get("type") == "object" or isinstance(schema.get("properties"), dict))
    )


def _narrow_overrides(schemas: dict[str, Any], inline: frozenset[str] = frozenset()) -> None:
    """`Child: allOf [$ref Base, {properties: {p: {object}}}]` where Base declares `p` as
    another object: the child's `p` becomes `allOf [Base's p, child's p]` (a subclass),
    hoisting Base's inline `p` into a component first so both can name it."""
    from .ir.naming import RESERVED_CLASSES, Namer, pascal_case

    namer = Namer(set(schemas) | RESERVED_CLASSES)
    for name in list(schemas):
        schema = schemas[name]
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        if not isinstance(parts, list):
            continue
        bases = [b for part in parts if isinstance(part, dict) and (b := _component(part.get("$ref")))]
        for part in parts:
            props = part.get("properties") if isinstance(part, dict) and "$ref" not in part else None
            if not isinstance(props, dict):
                continue
            for prop, child in list(props.items()):
                if not _is_object(child) and not _component(child.get("$ref") if isinstance(child, dict) else None):
                    continue
                for base in bases:
                    found = _declaration(schemas, base, prop)
                    if found is None:
                        continue
                    holder, owner = found
                    parent = holder[prop]
                    if parent == child:
                        break
                    ref = parent.get("$ref") if _component(parent.get("$ref")) else None
                    own = _component(child.get("$ref")) if set(child) <= {"$ref", "description", "nullable", "deprecated", "readOnly", "writeOnly"} else None
                    if own is not None:
                        if ref is not None and own in inline and own != _component(ref) and _is_object(schemas.get(own)) and _is_object(schemas.get(_component(ref))):
                            # both are inline objects the IR named: the child's class extends the base's
                            schemas[own] = {"allOf": [{"$ref": ref}, schemas[own]]}
                        break
                    if ref is None and _is_object(parent):
                        hoisted = namer.unique(pascal_case(f"{owner} {prop}"))
                        schemas[hoisted] = parent
                        ref = _PREFIX + hoisted
                        holder[prop] = {"$ref": ref}
                    if ref is not None:
                        notes = {k: child[k] for k in ("description", "title", "nullable") if k in child}
                        body = {k: v for k, v in child.items() if k not in notes}
                        props[prop] = {"allOf": [{"$ref": ref}, body], **notes}
                    break


def _forgive(node: Any) -> None:
    """Shapes the models relax rather than reproduce (validate.approximations reports each):

    - enums of strings become OpenEnum, of integers OpenIntEnum (null may join either); an
      enum of floats, booleans or mixed types has no faithful open enum, so the model keeps
      the plain type;
    - a name in `required` that `properties` does not declare is not required;
    - `nullable: false` is dropped: it is the default, and datamodel-codegen's strict_nullable
      turns it into `x: str = None` on optional fields;
    - line endings in descriptions become `\\n` (as the docstring filter does for templates).
    """
    schemas = node["components"]["schemas"]
    bases = allof_bases(node)
    for name, schema in schemas.items():
        for _, item, exempt in iter_schema_nodes("", schema, name in bases):
            values = item.get("enum")
            if isinstance(values, list) and enum_kind(values) is None:
                del item["enum"]
            missing = [] if exempt else undeclared_required(item)
            if missing:
                item["required"] = [name for name in item["required"] if name not in missing]
            if item.get("nullable") is False:
                del item["nullable"]
            if isinstance(item.get("description"), str) and "\r" in item["description"]:
                # datamodel-codegen copies descriptions into docstrings as they are; a bare CR
                # is a line break to Python's tokenizer and would break the docstring's indent
                item["description"] = item["description"].replace("\r\n", "\n").replace("\r", "\n")


# -- field names that are another field's wire name ------------------------------------------
# The models accept wire names and Python names (populate_by_name). If field `foo_bar`
# (wire "fooBar") sits next to a field whose wire name is "foo_bar", the input key
# "foo_bar" would fill both. datamodel-codegen numbers colliding names in property order,
# so we rename: a wire name that is already a plain snake_case identifier keeps it, and
# no field's Python name equals another field's wire name.
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def _fields(code: str) -> dict[str, tuple[list[str], list[tuple[str, str]]]]:
    """class name -> (base class names, [(python name, wire name)]) for the module's classes."""
    out: dict[str, tuple[list[str], list[tuple[str, str]]]] = {}
    for node in ast.parse(code).body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields = []
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                alias = next(
                    (k.value.value for call in ast.walk(stmt) if isinstance(call, ast.Call)
                     for k in call.keywords if k.arg == "alias" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)),
                    None,
                )
                fields.append((stmt.target.id, alias if alias is not None else stmt.target.id))
        out[node.name] = ([b.id for b in node.bases if isinstance(b, ast.Name)], fields)
    return out


def _unambiguous_names(code: str) -> dict[str, str]:
    """Scoped aliases ("Class.wire" -> python name) for the classes that need them."""
    import keyword

    import pydantic

    classes = _fields(code)
    reserved = set(dir(pydantic.BaseModel)) | set(keyword.kwlist) | set(keyword.softkwlist)

    def visible(name: str, seen: frozenset[str] = frozenset()) -> dict[str, tuple[str, str]]:
        """wire name -> (python name, declaring class), bases first so subclasses override."""
        bases, own = classes.get(name, ([], []))
        result: dict[str, tuple[str, str]] = {}
        for base in bases:
            if base in classes and base not in seen:
                result.update(visible(base, seen | {name}))
        result.update({wire: (py, name) for py, wire in own})
        return result

    aliases: dict[str, str] = {}
    for name in classes:
        fields = visible(name)
        wires = set(fields)
        if not any(py in wires and py != wire for wire, (py, _) in fields.items()):
            continue
        taken: set[str] = set()
        for wire in fields:  # plain snake_case wire names keep themselves
            if _SNAKE.match(wire) and wire not in reserved:
                taken.add(wire)
        for wire, (py, owner) in fields.items():
            if wire in taken:
                new = wire
            else:
                new, counter = py, 1
                while new in taken or new in wires:
                    new, counter = f"{py}_{counter}", counter + 1
                taken.add(new)
            if new != py:
                aliases[f"{owner}.{wire}"] = new
    return aliases


def _enums_before_use(code: str) -> str:
    """Move an enum class above the first class whose field default names it (`= Kind.A`):
    defaults run when the class body does, while keep_model_order sorts by name. Enums
    depend on nothing, so moving one up is always safe; nothing moves when nothing must."""
    tree = ast.parse(code)
    body = tree.body
    enums = {
        node.name: index for index, node in enumerate(body)
        if isinstance(node, ast.ClassDef) and any(isinstance(b, ast.Name) and b.id in ("OpenEnum", "OpenIntEnum") for b in node.bases)
    }
    moves: dict[int, list[int]] = {}  # index of the first user -> enum indexes to put before it
    moved: set[int] = set()
    for index, node in enumerate(body):
        if not isinstance(node, ast.ClassDef):
            continue
        defaults = [stmt.value for stmt in node.body if isinstance(stmt, ast.AnnAssign) and stmt.value is not None]
        for name in sorted({n.id for d in defaults for n in ast.walk(d) if isinstance(n, ast.Name)}):
            where = enums.get(name)
            if where is not None and where > index and where not in moved:
                moves.setdefault(index, []).append(where)
                moved.add(where)
    if not moves:
        return code
    # split on \n only: ast counts lines that way, str.splitlines also splits on \u2028, \x85, ...
    lines = [line + "\n" for line in code.split("\n")]
    lines[-1] = lines[-1][:-1]

    def text(node: ast.stmt) -> str:
        return "".join(lines[node.lineno - 1 : node.end_lineno]).rstrip("\n") + "\n\n\n"

    out: list[str] = []
    cursor = 0
    for index, node in enumerate(body):
        if index in moved:
            out.append("".join(lines[cursor : node.lineno - 1]))
            cursor = node.end_lineno or node.lineno
            continue
        if index in moves:
            out.append("".join(lines[cursor : node.lineno - 1]))
            out.extend(text(body[e]) for e in moves[index])
            cursor = node.lineno - 1
    out.append("".join(lines[cursor:]))
    return "".join(out)


def _rename_variants(code: str, api: Api) -> str:
    """Give the subclasses the model generator makes for the members of an object that is
    also a oneOf (`class Animal1(Cat)`) the names the IR designed for them (`AnimalCat`):
    the one class named `<parent><n>` that extends the member. Anything else stays, and
    _check_names reports it."""
    tree = ast.parse(code)
    classes = {node.name: {b.id for b in node.bases if isinstance(b, ast.Name)} for node in tree.body if isinstance(node, ast.ClassDef)}
    designed = set(api.model_names)
    renames: dict[str, str] = {}
    for node in api.types:
        if node.origin != "variant" or not node.bases:
            continue
        numbered = re.compile(rf"{re.escape(node.parent)}[0-9]+")
        found = [c for c, bases in classes.items() if numbered.fullmatch(c) and node.bases[0] in bases and c not in designed and c not in renames]
        if len(found) == 1:
            renames[found[0]] = node.class_name
    if not renames:
        return code
    pattern = re.compile(r"\b(" + "|".join(re.escape(name) for name in sorted(renames, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: renames[m.group(1)], code)


def _check_names(code: str, api: Api) -> None:
    """The models module defines exactly the classes the IR designed: none missing, and
    none the model generator named by itself (that would be a name no rule stands behind)."""
    body = ast.parse(code).body
    classes = {n.name for n in body if isinstance(n, ast.ClassDef)}
    defined = classes | {t.id for n in body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    missing = [name for name in api.model_names if name not in defined]
    if missing:
        raise UnsupportedError(
            Problem(Location(api.spec_name, "/components/schemas"), f"the model generator did not produce class(es) {', '.join(missing[:10])}",
                    "rename the schema(s) so they do not collide with other generated names")
        )
    invented = sorted(classes - set(api.model_names) - {t.class_name for t in api.types})
    if invented:
        raise UnsupportedError(
            Problem(Location(api.spec_name, "/components/schemas"),
                    f"the model generator named class(es) the generator did not design: {', '.join(invented[:10])}",
                    "this is a generator bug (a schema shape ir/schemas.py does not recognise as a class); please report it")
        )

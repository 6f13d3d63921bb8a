"""All naming decisions in one place: case conversion, Python keywords, collisions.

Pure functions over strings; callers decide scope (a resource, a method's arguments,
the set of models) and ask `Namer` for unique names within it, in spec order, so the
result never depends on hashing or dict order.
"""

from __future__ import annotations

import keyword
import re

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")

# Names a generated method or attribute must not shadow (builtins used in generated
# code, typing names, and the members our runtime classes already have).
RESERVED = frozenset(
    set(keyword.kwlist)
    | set(keyword.softkwlist)
    | {"self", "cls", "None", "True", "False", "str", "int", "float", "bool", "list", "dict", "bytes", "object", "type", "Any", "Literal"}
)


def words(name: str) -> list[str]:
    return [w for w in _WORD.findall(name.replace("'", ""))]


def snake_case(name: str) -> str:
    parts = [w.lower() for w in words(name)]
    text = "_".join(parts) or "value"
    if text[0].isdigit():
        text = f"n{text}"
    return text


def pascal_case(name: str) -> str:
    parts = words(name)
    text = "".join(w[:1].upper() + w[1:] for w in parts) or "Model"
    if text[0].isdigit():
        text = f"N{text}"
    return text


def class_name(name: str) -> str:
    """The Python class for a schema called `name`: kept when it already is a PascalCase
    identifier without underscores (the model generator drops underscores, so a name with
    them would not survive as written), else converted; never a keyword such as None."""
    text = name if name.isidentifier() and name[:1].isupper() and "_" not in name else pascal_case(name)
    if keyword.iskeyword(text):
        text += "Model"
    return text


MAX_MODULE = 64


def module_name(identifier: str) -> str:
    """A module (and page) file name for an identifier: its trailing '_' dropped unless
    that leaves a keyword (`resources.class` cannot be imported), and cut to MAX_MODULE
    characters, since tag names can be long and file names cannot (callers make it unique)."""
    stem = identifier[:MAX_MODULE].rstrip("_")
    if not stem.isidentifier():
        return "module"
    return stem if not keyword.iskeyword(stem) else f"{stem}_"


def type_modules(class_names: list[str]) -> dict[str, str]:
    """The private module of the `types` package that holds each class: `_` + the class
    name in snake case (`ModelDetailsResponse` -> `_model_details_response`). Two names
    that snake-case alike (`ABTest`, `AbTest`) are told apart by a number, in sorted
    order of the class names. These modules are not public names: callers import from
    `types`, so a module may be renamed without breaking anyone."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(class_names):
        stem = f"_{snake_case(name)}"[:200]
        module, n = stem, 2
        while module in taken:
            module, n = f"{stem}_{n}", n + 1
        taken.add(module)
        out[name] = module
    return out


def safe_identifier(name: str, reserved: frozenset[str] = RESERVED) -> str:
    """A valid, non-reserved identifier: keywords and reserved names get a trailing '_'."""
    if name in reserved or keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"{name}_"
    return name


class Namer:
    """Hands out unique names within one scope, in the order asked (spec order)."""

    def __init__(self, taken: set[str] | frozenset[str] = frozenset()) -> None:
        self._taken = set(taken)

    def unique(self, wanted: str) -> str:
        name = wanted
        counter = 2
        while name in self._taken:
            name = f"{wanted}{'' if wanted.endswith('_') else '_'}{counter}" if wanted[:1].islower() else f"{wanted}{counter}"
            counter += 1
        self._taken.add(name)
        return name


# -- class names of schemas ------------------------------------------------------------------
# The rule (README, "How classes are named"): a component keeps its name; any other schema
# that becomes a class is named from its place: the name of the schema it sits in, then
# PascalCase(property) for a property, `Item` for an array's items, `Value` for a map's
# values, `Option<n>` for the n-th inline member of a oneOf/anyOf; an operation's inline
# request body is `<OperationId>Request`, its response `<OperationId>Response`, its job's
# result `<OperationId>JobResult`. A name that is already taken (by a component, a reserved
# name, or an inline schema whose place comes first: fewer levels deep, then JSON pointer
# order) gets its kind appended (`Enum`, `Model`), then, only if that is taken too, a number
# in the same place order. No name depends on the order in which the generator met a schema.

ITEM = "Item"
VALUE = "Value"

# Names a class in the types module must not take: what the module imports or defines,
# the client's public runtime names, Python keywords and builtins (`Warning`, `Exception`).
RUNTIME_NAMES = frozenset(
    {"BaseModel", "RootModel", "Field", "ConfigDict", "Enum", "Literal", "Annotated", "Any",
     "OpenEnum", "OpenIntEnum", "Optional", "Union", "List", "Dict", "AnyUrl", "AwareDatetime", "UUID",
     "Decimal", "Path", "TypeAlias", "ClassVar", "Mapping", "IO", "TYPE_CHECKING", "Job", "AsyncJob",
     "SyncPage", "AsyncPage", "Destination", "JobError", "ResponseLog", "SyncAPIClient", "AsyncAPIClient", "Client", "AsyncClient", "Settings",
     "APIError", "APIStatusError", "APIConnectionError", "APITimeoutError", "JobFailedError", "JobTimeoutError",
     "ResponseParseError", "BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError",
     "ConflictError", "UnprocessableEntityError", "RateLimitError", "InternalServerError"}
)


def _builtin_names() -> frozenset[str]:
    import builtins

    return frozenset(name for name in dir(builtins) if name[:1].isupper())


RESERVED_CLASSES = RUNTIME_NAMES | _builtin_names()


def role_of_property(name: str) -> str:
    return pascal_case(name)


def role_of_option(index: int) -> str:
    return f"Option{index + 1}"


def component_class(name: str) -> str:
    """The class of a component schema: its name, made a PascalCase identifier, with
    `Model` appended when that is reserved."""
    wanted = class_name(name)
    return f"{wanted}Model" if wanted in RESERVED_CLASSES else wanted


KIND_SUFFIX = {"enum": "Enum"}


class Wanted:
    """A place asking for a class name: where it is, its enclosing place and its role there."""

    __slots__ = ("fixed", "kind", "parent", "pointer", "role", "root")

    def __init__(self, pointer: str, parent: str, role: str, root: str, kind: str, fixed: str | None) -> None:
        self.pointer, self.parent, self.role, self.root, self.kind, self.fixed = pointer, parent, role, root, kind, fixed


def design_names(places: list[Wanted]) -> dict[str, str]:
    """pointer -> class name for every place (the rule is above). Component names (`fixed`)
    are settled first; the others in place order, parents before children."""
    by_pointer = {p.pointer: p for p in places}
    names: dict[str, str] = {}
    taken: set[str] = set(RESERVED_CLASSES)
    for place in places:
        if place.fixed is not None:
            names[place.pointer] = place.fixed
            taken.add(place.fixed)

    def level(place: Wanted) -> int:
        depth = 0
        while place.parent and place.parent in by_pointer and place.parent != place.pointer:
            place = by_pointer[place.parent]
            depth += 1
        return depth

    pending = sorted((p for p in places if p.fixed is None), key=lambda p: (level(p), p.pointer))
    for place in pending:
        base = (names[place.parent] if place.parent else place.root) + place.role
        name = base
        if name in taken:
            name = base + KIND_SUFFIX.get(place.kind, "Model")
            counter = 2
            while name in taken:
                name = f"{base}{KIND_SUFFIX.get(place.kind, 'Model')}{counter}"
                counter += 1
        taken.add(name)
        names[place.pointer] = name
    return names


# -- field names -------------------------------------------------------------------------------
# A model field is the wire name in snake_case (`modelCategory` -> `model_category`, digits
# stay with their word: `sampleMd5` -> `sample_md5`); characters that cannot be in a name
# become `_`; a name that would start with a digit or `_` gets `field_` in front (`$id` ->
# `field_id`), and a keyword or an attribute every model has (`model_config`, `to_dict`)
# gets `_` after. Two wire names giving one name in a class: the later one gets `_2`, ...
_NON_WORD = re.compile(r"\W")
_SNAKE_1 = re.compile(r"([^_])([A-Z][a-z]+)")
_SNAKE_2 = re.compile(r"([a-z0-9])([A-Z])")


# The public attributes of pydantic.BaseModel (2.14; tests/generator/test_naming.py checks the
# installed version against it: loading pydantic's BaseModel here would cost every run 35 ms)
# and our runtime's to_dict. Names with a leading `_` never reach the check (see field_name).
MODEL_ATTRIBUTES = frozenset({
    "construct", "copy", "dict", "from_orm", "json", "model_computed_fields", "model_config", "model_construct",
    "model_copy", "model_dump", "model_dump_json", "model_extra", "model_fields", "model_fields_set",
    "model_json_schema", "model_parametrized_name", "model_post_init", "model_rebuild", "model_validate",
    "model_validate_json", "model_validate_strings", "parse_file", "parse_obj", "parse_raw", "schema", "schema_json",
    "update_forward_refs", "validate", "to_dict",
})


def field_name(wire: str) -> str:
    name = wire.removeprefix("#")
    name = _NON_WORD.sub("_", name) or "_"
    if not name.isascii():
        name = "".join(c if c.isascii() else "_" for c in name)
    if name[0].isdigit():
        name = f"field_{name}"
    if name.startswith("_"):
        name = f"field{name}"
    name = _SNAKE_2.sub(r"\1_\2", _SNAKE_1.sub(r"\1_\2", name)).lower()
    if keyword.iskeyword(name) or name in MODEL_ATTRIBUTES:
        name += "_"
    return name


_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def field_names(wires: list[str]) -> list[str]:
    """The Python names of one class's fields, in order (the rule is above `field_name`).
    The models accept wire names and Python names, so no field's Python name may be another
    field's wire name: when that would happen, every wire name that is already a plain
    snake_case name keeps it, and the others take `_1`, `_2`, ... until they are free."""
    wanted = [field_name(w) for w in wires]
    wire_set = set(wires)
    if not any(py in wire_set and py != w for w, py in zip(wires, wanted)):
        names = Namer()
        return [names.unique(py) for py in wanted]
    taken = {w for w in wires if _SNAKE.match(w) and w not in MODEL_ATTRIBUTES and not keyword.iskeyword(w)}
    out = []
    for wire, py in zip(wires, wanted):
        if wire in taken:
            out.append(wire)
            continue
        name, counter = py, 1
        while name in taken or name in wire_set:
            name, counter = f"{py}_{counter}", counter + 1
        taken.add(name)
        out.append(name)
    return out

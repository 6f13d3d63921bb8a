"""Static reading of the DataRobot SDK: the HTTP calls it makes and the trafaret converters it
checks answers with.  Source text in, plain records out; nothing is imported or executed.

What is recognised (the SDK's own idioms):

* calls: ``<...client>.get|post|patch|put|delete(url, ...)``, ``<...client>.request("get", url)``,
  ``<...client>.build_request_with_file("POST", url, ...)``, and the helpers that GET and parse
  JSON: ``cls._server_data(url)``, ``X.from_location(url)``, ``unpaginate(url, params, client)``;
* URL templates: string constants, f-strings, ``+``, ``"...{}...".format(...)`` and ``%``, through
  local variables, class attributes (``_path = "projects/{}/models/"``), instance attributes set in
  any method (``self._base_path = self._template.format(...)``), methods and functions that return
  a path, and imported module constants; every unknown part becomes ``{}``;
* how the answer is read: ``.json()``, ``.text``, ``.content``/``.iter_content``/``stream=True``,
  ``.headers["Location"]``, also inside SDK functions the response is handed to
  (``get_id_from_response(response)``);
* which classes are built from the answer (``X.from_server_data``, ``from_data``, ``from_location``,
  a converter class called with the data) and from what shape: the JSON itself (object), each
  element of it (list), or the elements of its ``data`` (envelope, ``unpaginate``);
* request keys: dict literals, ``dict(...)``, ``payload["k"] = ...``, ``payload.update(...)`` passed as
  ``data=``/``json=`` (or the second positional argument), and the keys of ``params=``;
* converters: ``_converter = t.Dict({t.Key("name", optional=True): t.String, ...})``, merged with
  ``+``/``.merge``, ``.allow_extra``, inherited ``Base._converter``, ``_converter_extra``; types from
  trafaret (``t.Int``, ``t.Float``, ``String``, ``t.List``, ``t.Dict``, ``t.Or(..., t.Null)``, ``t.Enum``).
"""

from __future__ import annotations

import ast
import itertools
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

HTTP_VERBS = ("get", "post", "patch", "put", "delete")
CONSTRUCTORS = ("from_server_data", "from_data", "from_location", "_from_server_data")
MAX_DEPTH = 8
MAX_CANDIDATES = 6
_ALL_CAPITAL = re.compile(r"(.)([A-Z][a-z]+)")
_CASE_SWITCH = re.compile(r"([a-z0-9])([A-Z])")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%[sd]")

STRING_TRAFARETS = {"String", "AnyString", "Email", "URL", "Regexp", "RegexpRaw", "NonEmptyString", "Bytes",
                    "Date", "DateTime", "ToDateTime", "ToDate"}
INT_TRAFARETS = {"Int", "ToInt"}
FLOAT_TRAFARETS = {"Float", "ToFloat", "ToDecimal", "Decimal"}
BOOL_TRAFARETS = {"Bool", "StrBool", "ToBool"}
OBJECT_TRAFARETS = {"Mapping", "Dict", "DictKeys"}


def underscorize(name: str) -> str:
    """The SDK's own camelCase -> snake_case conversion (datarobot.utils.underscorize)."""
    return _CASE_SWITCH.sub(r"\1_\2", _ALL_CAPITAL.sub(r"\1_\2", name)).lower()


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class TType:
    """A trafaret, as a JSON type: kind is string|integer|number|boolean|array|object|any|null."""

    kind: str
    nullable: bool = False
    items: TType | None = None
    fields: tuple[Field, ...] = ()
    enum: tuple[str, ...] | None = None

    def describe(self) -> str:
        text = f"array of {self.items.describe() if self.items else 'any'}" if self.kind == "array" else self.kind
        if self.enum is not None:
            text += " enum " + "|".join(self.enum)
        return text + (" or null" if self.nullable else "")


@dataclass(frozen=True)
class Field:
    name: str  # the SDK's key: the API's camelCase key, underscorized
    type: TType
    optional: bool
    file: str
    line: int


@dataclass(frozen=True)
class Converter:
    cls: str
    file: str
    line: int
    type: TType  # an object type


@dataclass(frozen=True)
class Built:
    cls: str
    shape: str  # object | list | envelope
    line: int


@dataclass(frozen=True)
class Call:
    file: str
    line: int
    function: str  # Class.method or function
    method: str  # GET, POST, ...
    template: str  # "projects/{}/models/" (query string removed)
    reads: tuple[str, ...]  # sorted subset of json, text, bytes, location
    built: tuple[Built, ...]
    body: tuple[str, ...] | None  # request keys sent (None: no body)
    body_resolved: bool
    query: tuple[str, ...]


@dataclass(frozen=True)
class EnumDef:
    name: str
    file: str
    line: int
    values: tuple[str, ...]


@dataclass
class SdkIndex:
    calls: list[Call] = field(default_factory=list)
    converters: dict[str, Converter] = field(default_factory=dict)
    enums: dict[str, EnumDef] = field(default_factory=dict)


# --------------------------------------------------------------------------- modules and scopes


@dataclass
class ClassInfo:
    name: str
    module: Module
    node: ast.ClassDef
    attrs: dict[str, ast.expr]
    methods: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
    instance_attrs: dict[str, list[tuple[ast.expr, ast.FunctionDef | ast.AsyncFunctionDef]]]
    bases: list[str]


@dataclass
class Module:
    name: str  # dotted
    file: str  # path inside the wheel
    tree: ast.Module
    imports: dict[str, tuple[str, str | None]]  # local name -> (module, attribute or None)
    assigns: dict[str, ast.expr]
    classes: dict[str, ClassInfo]
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]


def _module_name(path: str) -> str:
    return path[:-3].replace("/", ".").removesuffix(".__init__")


def _resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    return ".".join(parts + ([target] if target else []))


def _load_module(path: str, source: str) -> Module:
    with warnings.catch_warnings():  # the SDK's own "invalid escape sequence" warnings are not ours
        warnings.simplefilter("ignore")
        tree = ast.parse(source, filename=path)
    name = _module_name(path)
    is_package = path.endswith("__init__.py")
    mod = Module(name=name, file=path, tree=tree, imports={}, assigns={}, classes={}, functions={})
    for node in ast.walk(tree):  # imports anywhere (the SDK imports inside functions too)
        if isinstance(node, ast.ImportFrom):
            base = _resolve_relative(name, is_package, node.level, node.module) if node.level else (node.module or "")
            for alias in node.names:
                mod.imports.setdefault(alias.asname or alias.name, (base, alias.name))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                mod.imports.setdefault(alias.asname or alias.name.split(".")[0],
                                       (alias.name if alias.asname else alias.name.split(".")[0], None))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    mod.assigns[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            mod.assigns[node.target.id] = node.value
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            mod.functions[node.name] = node
        elif isinstance(node, ast.ClassDef):
            mod.classes[node.name] = _class_info(mod, node)
    return mod


def _class_info(mod: Module, node: ast.ClassDef) -> ClassInfo:
    info = ClassInfo(name=node.name, module=mod, node=node, attrs={}, methods={}, instance_attrs={},
                     bases=[b.id if isinstance(b, ast.Name) else b.attr for b in node.bases
                            if isinstance(b, (ast.Name, ast.Attribute))])
    for item in node.body:
        if isinstance(item, ast.Assign):
            for target in item.targets:
                if isinstance(target, ast.Name):
                    info.attrs[target.id] = item.value
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name) and item.value is not None:
            info.attrs[item.target.id] = item.value
        elif isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            info.methods[item.name] = item
            for sub in ast.walk(item):
                if isinstance(sub, ast.Assign):
                    for target in sub.targets:
                        if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                                and target.value.id in ("self", "cls")):
                            info.instance_attrs.setdefault(target.attr, []).append((sub.value, item))
    return info


@dataclass(frozen=True)
class Scope:
    module: Module
    cls: ClassInfo | None
    func: ast.FunctionDef | ast.AsyncFunctionDef | None


class Sdk:
    """All modules of the SDK package, with name resolution across them."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.modules: dict[str, Module] = {}
        for path, text in sorted(sources.items()):
            mod = _load_module(path, text)
            self.modules[mod.name] = mod
        self._locals_cache: dict[int, dict[str, list[ast.expr]]] = {}

    # name resolution ------------------------------------------------------------
    def lookup(self, module: Module, name: str, depth: int = 0) -> tuple[str, Module, object] | None:
        """('class', mod, ClassInfo) | ('func', mod, FunctionDef) | ('expr', mod, expr) for a module-level name."""
        if depth > MAX_DEPTH:
            return None
        if name in module.classes:
            return ("class", module, module.classes[name])
        if name in module.functions:
            return ("func", module, module.functions[name])
        if name in module.assigns:
            return ("expr", module, module.assigns[name])
        if name in module.imports:
            target_mod, attr = module.imports[name]
            if attr is None:
                return None
            other = self.modules.get(target_mod)
            if other is not None:
                return self.lookup(other, attr, depth + 1)
            sub = self.modules.get(f"{target_mod}.{attr}")
            if sub is not None:
                return ("module", sub, sub)
        return None

    def find_class(self, module: Module, name: str) -> ClassInfo | None:
        found = self.lookup(module, name)
        if found and found[0] == "class":
            return found[2]  # type: ignore[return-value]
        return None

    def mro(self, info: ClassInfo) -> Iterator[ClassInfo]:
        seen: set[int] = set()
        queue = [info]
        while queue:
            cur = queue.pop(0)
            if id(cur) in seen:
                continue
            seen.add(id(cur))
            yield cur
            for base in cur.bases:
                found = self.find_class(cur.module, base)
                if found is not None:
                    queue.append(found)

    def class_attr(self, info: ClassInfo, attr: str) -> tuple[ast.expr, Scope] | None:
        for cur in self.mro(info):
            if attr in cur.attrs:
                return cur.attrs[attr], Scope(cur.module, cur, None)
        return None

    def instance_attr(self, info: ClassInfo, attr: str) -> list[tuple[ast.expr, Scope]]:
        for cur in self.mro(info):
            if attr in cur.instance_attrs:
                return [(expr, Scope(cur.module, cur, fn)) for expr, fn in cur.instance_attrs[attr]]
        return []

    def method(self, info: ClassInfo, name: str) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, Scope] | None:
        for cur in self.mro(info):
            if name in cur.methods:
                fn = cur.methods[name]
                return fn, Scope(cur.module, cur, fn)
        return None

    def local_assigns(self, func: ast.AST | None) -> dict[str, list[ast.expr]]:
        if func is None:
            return {}
        key = id(func)
        if key not in self._locals_cache:
            out: dict[str, list[ast.expr]] = {}
            for node in ast.walk(func):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            out.setdefault(target.id, []).append(node.value)
                elif (isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name)
                      and node.value is not None):
                    out.setdefault(node.target.id, []).append(node.value)
            self._locals_cache[key] = out
        return self._locals_cache[key]

    # string templates -----------------------------------------------------------
    def strings(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> list[str] | None:
        """Candidate templates of a string expression (unknown parts as {}), None when unknown."""
        if expr is None or depth > MAX_DEPTH:
            return None
        if isinstance(expr, ast.Constant):
            return [expr.value] if isinstance(expr.value, str) else None
        if isinstance(expr, ast.JoinedStr):
            parts: list[list[str]] = []
            for value in expr.values:
                if isinstance(value, ast.Constant):
                    parts.append([str(value.value)])
                elif isinstance(value, ast.FormattedValue):
                    parts.append(self.strings(value.value, scope, depth + 1) or ["{}"])
            return _product(parts)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left = self.strings(expr.left, scope, depth + 1)
            right = self.strings(expr.right, scope, depth + 1)
            if left is None and right is None:
                return None
            return _product([left or ["{}"], right or ["{}"]])
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
            left = self.strings(expr.left, scope, depth + 1)
            return [_PLACEHOLDER.sub("{}", s) for s in left] if left else None
        if isinstance(expr, ast.IfExp):
            a = self.strings(expr.body, scope, depth + 1) or []
            b = self.strings(expr.orelse, scope, depth + 1) or []
            return _dedupe(a + b) or None
        if isinstance(expr, ast.Call):
            return self._call_strings(expr, scope, depth)
        if isinstance(expr, ast.Name):
            locals_ = self.local_assigns(scope.func)
            if expr.id in locals_:
                out: list[str] = []
                for value in locals_[expr.id]:
                    if any(isinstance(n, ast.Name) and n.id == expr.id for n in ast.walk(value)):
                        continue  # url = url + "?..." : the first assignment says it
                    out.extend(self.strings(value, scope, depth + 1) or [])
                return _dedupe(out) or None
            if scope.func is not None and expr.id in _params(scope.func):
                return None
            found = self.lookup(scope.module, expr.id)
            if found and found[0] == "expr":
                return self.strings(found[2], Scope(found[1], None, None), depth + 1)  # type: ignore[arg-type]
            return None
        if isinstance(expr, ast.Attribute):
            return self._attr_strings(expr, scope, depth)
        return None

    def _owner(self, expr: ast.expr, scope: Scope) -> ClassInfo | None:
        """The class an attribute's owner expression stands for: self/cls/type(self)/a class name."""
        if isinstance(expr, ast.Name):
            if expr.id in ("self", "cls"):
                return scope.cls
            return self.find_class(scope.module, expr.id)
        if isinstance(expr, ast.Attribute) and expr.attr == "__class__":
            return self._owner(expr.value, scope)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "type":
            return scope.cls
        return None

    def _attr_strings(self, expr: ast.Attribute, scope: Scope, depth: int) -> list[str] | None:
        owner = self._owner(expr.value, scope)
        if owner is None:
            return None
        found = self.class_attr(owner, expr.attr)
        if found is not None:
            return self.strings(found[0], Scope(found[1].module, owner, None), depth + 1)
        out: list[str] = []
        for value, sc in self.instance_attr(owner, expr.attr):
            out.extend(self.strings(value, Scope(sc.module, owner, sc.func), depth + 1) or [])
        return _dedupe(out) or None

    def _call_strings(self, call: ast.Call, scope: Scope, depth: int) -> list[str] | None:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            templates = self.strings(func.value, scope, depth + 1)
            if not templates:
                return None
            args = [self.strings(a, scope, depth + 1) or ["{}"] for a in call.args]
            out = []
            for template in templates:
                for combo in itertools.product(*args) if args else [()]:
                    out.append(_fill(template, combo))
            return _dedupe(out)
        if isinstance(func, ast.Attribute) and func.attr in ("strip", "rstrip", "lstrip", "lower") and not call.args:
            return self.strings(func.value, scope, depth + 1)
        target = None
        if isinstance(func, ast.Attribute):
            owner = self._owner(func.value, scope)
            if owner is not None:
                found = self.method(owner, func.attr)
                if found is not None:
                    target = (found[0], Scope(found[1].module, owner, found[0]))
        elif isinstance(func, ast.Name):
            found_name = self.lookup(scope.module, func.id)
            if found_name and found_name[0] == "func":
                fn = found_name[2]
                target = (fn, Scope(found_name[1], None, fn))  # type: ignore[arg-type]
        if target is None:
            return None
        fn, sc = target
        out = []
        for node in ast.walk(fn):
            if isinstance(node, ast.Return) and node.value is not None:
                out.extend(self.strings(node.value, sc, depth + 1) or [])
        return _dedupe(out) or None

    # trafarets ------------------------------------------------------------------
    def trafaret(self, expr: ast.AST | None, scope: Scope, depth: int = 0) -> TType:
        any_ = TType("any")
        if expr is None or depth > MAX_DEPTH:
            return any_
        if isinstance(expr, ast.BinOp):
            if isinstance(expr.op, ast.Add):
                return _merge(self.trafaret(expr.left, scope, depth + 1), self.trafaret(expr.right, scope, depth + 1))
            if isinstance(expr.op, ast.RShift):
                return self.trafaret(expr.left, scope, depth + 1)
            if isinstance(expr.op, ast.BitOr):
                return _union([self.trafaret(expr.left, scope, depth + 1), self.trafaret(expr.right, scope, depth + 1)])
            return any_
        if isinstance(expr, ast.Subscript):  # t.List[String]
            base = _tname(expr.value)
            if base == "List":
                return TType("array", items=self.trafaret(expr.slice, scope, depth + 1))
            return any_
        if isinstance(expr, ast.Call):
            func = expr.func
            if isinstance(func, ast.Attribute) and func.attr in ("allow_extra", "ignore_extra", "make_optional"):
                return self.trafaret(func.value, scope, depth + 1)
            if isinstance(func, ast.Attribute) and func.attr == "merge" and expr.args:
                return _merge(self.trafaret(func.value, scope, depth + 1), self.trafaret(expr.args[0], scope, depth + 1))
            name = _tname(func)
            if name == "Dict":
                return self._dict(expr, scope, depth)
            if name == "List" and expr.args:
                return TType("array", items=self.trafaret(expr.args[0], scope, depth + 1))
            if name == "Tuple":
                return TType("array")
            if name == "Or":
                return _union([self.trafaret(a, scope, depth + 1) for a in expr.args])
            if name == "Enum":
                values = self._enum_values(expr.args, scope, depth)
                return TType("string", enum=values) if values is not None else TType("string")
            if name == "Atom" and expr.args and isinstance(expr.args[0], ast.Constant):
                return TType("string", enum=(str(expr.args[0].value),))
            if name == "Type" and expr.args and isinstance(expr.args[0], ast.Name):
                return {"dict": TType("object"), "list": TType("array"), "str": TType("string"),
                        "int": TType("integer"), "float": TType("number"), "bool": TType("boolean")}.get(
                    expr.args[0].id, any_)
            simple = _simple(name)
            if simple is not None:
                return simple
            # a function that returns a trafaret
            if isinstance(func, ast.Name):
                found = self.lookup(scope.module, func.id)
                if found and found[0] == "func":
                    for node in ast.walk(found[2]):  # type: ignore[arg-type]
                        if isinstance(node, ast.Return) and node.value is not None:
                            return self.trafaret(node.value, Scope(found[1], None, found[2]), depth + 1)  # type: ignore[arg-type]
            return any_
        if isinstance(expr, (ast.Name, ast.Attribute)):
            name = _tname(expr)
            if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("t", "trafaret"):
                return _simple(name) or (TType("null") if name == "Null" else any_)
            if isinstance(expr, ast.Attribute):
                owner = self._owner(expr.value, scope)
                if owner is not None:
                    found_attr = self.class_attr(owner, expr.attr)
                    if found_attr is not None:
                        return self.trafaret(found_attr[0], Scope(found_attr[1].module, found_attr[1].cls, None), depth + 1)
                return any_
            assert isinstance(expr, ast.Name)
            if scope.cls is not None:
                found_attr = self.class_attr(scope.cls, expr.id)
                if found_attr is not None and scope.func is None:
                    return self.trafaret(found_attr[0], found_attr[1], depth + 1)
            found = self.lookup(scope.module, expr.id)
            if found and found[0] == "expr":
                got = self.trafaret(found[2], Scope(found[1], None, None), depth + 1)  # type: ignore[arg-type]
                if got.kind != "any":
                    return got
            imported = scope.module.imports.get(expr.id)
            if imported and imported[1] and imported[0].split(".")[0] == "trafaret":  # `ToInt as Int`
                return _simple(imported[1]) or _simple(expr.id) or any_
            return _simple(expr.id) or any_
        return any_

    def _dict(self, call: ast.Call, scope: Scope, depth: int) -> TType:
        fields: list[Field] = []
        mappings = [a for a in call.args if isinstance(a, ast.Dict)]
        for mapping in mappings:
            for key, value in zip(mapping.keys, mapping.values):
                name, optional = None, False
                if isinstance(key, ast.BinOp) and isinstance(key.op, ast.RShift):  # t.Key("a") >> "b"
                    key = key.left
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    name = key.value
                elif isinstance(key, ast.Call) and _tname(key.func) == "Key" and key.args:
                    if isinstance(key.args[0], ast.Constant) and isinstance(key.args[0].value, str):
                        name = key.args[0].value
                    for kw in key.keywords:
                        if kw.arg == "optional" and isinstance(kw.value, ast.Constant) and kw.value.value:
                            optional = True
                        if kw.arg == "default":
                            optional = True
                if name is None or key is None:
                    continue
                fields.append(Field(name=name, type=self.trafaret(value, scope, depth + 1), optional=optional,
                                    file=scope.module.file, line=key.lineno))
        for kw in call.keywords:  # t.Dict(name=t.String)
            if kw.arg:
                fields.append(Field(name=kw.arg, type=self.trafaret(kw.value, scope, depth + 1), optional=False,
                                    file=scope.module.file, line=kw.value.lineno))
        return TType("object", fields=tuple(fields))

    def _enum_values(self, args: list[ast.expr], scope: Scope, depth: int) -> tuple[str, ...] | None:
        values: list[str] = []
        for arg in args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                values.append(arg.value)
            elif isinstance(arg, ast.Starred):
                inner = self.enum_members(arg.value, scope)
                if inner is None:
                    return None
                values.extend(inner)
            else:
                return None
        return tuple(values)

    def enum_members(self, expr: ast.expr, scope: Scope) -> list[str] | None:
        """Values of ``enum_to_list(E)``, ``E.ALL``, ``list(E)``, ``[e.value for e in E]`` or ``E`` itself."""
        if isinstance(expr, ast.Call) and expr.args and _tname(expr.func) in ("enum_to_list", "list", "sorted"):
            return self.enum_members(expr.args[0], scope)
        if isinstance(expr, ast.Attribute) and expr.attr == "ALL":
            return self.enum_members(expr.value, scope)
        if isinstance(expr, (ast.List, ast.Tuple)):
            out = []
            for elt in expr.elts:
                got = self.strings(elt, scope) if not isinstance(elt, ast.Attribute) else self._enum_member(elt, scope)
                if not got:
                    return None
                out.extend(got)
            return out
        if isinstance(expr, ast.Name):
            found = self.lookup(scope.module, expr.id)
            if found is None:
                return None
            kind, mod, obj = found
            if kind == "class":
                return list(_class_enum(obj).values())  # type: ignore[arg-type]
            if kind == "expr":
                return self.enum_members(obj, Scope(mod, None, None)) or (  # type: ignore[arg-type]
                    list(_call_enum(obj).values()) if _call_enum(obj) else None)  # type: ignore[arg-type]
        return None

    def _enum_member(self, expr: ast.Attribute, scope: Scope) -> list[str] | None:
        if isinstance(expr.value, ast.Name):
            found = self.lookup(scope.module, expr.value.id)
            if found and found[0] == "class":
                value = _class_enum(found[2]).get(expr.attr)  # type: ignore[arg-type]
                return [value] if value is not None else None
            if found and found[0] == "expr":
                value = _call_enum(found[2]).get(expr.attr)  # type: ignore[arg-type]
                return [value] if value is not None else None
        return None


def _class_enum(info: ClassInfo) -> dict[str, str]:
    return {k: v.value for k, v in info.attrs.items()
            if isinstance(v, ast.Constant) and isinstance(v.value, str) and not k.startswith("_")}


def _call_enum(expr: ast.expr) -> dict[str, str]:
    """``enum(A="a", B="b")`` / ``enum("a", "b")`` (datarobot.enums.enum)."""
    if not (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "enum"):
        return {}
    out = {a.value: a.value for a in expr.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    out.update({kw.arg: kw.value.value for kw in expr.keywords
                if kw.arg and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str)})
    return out


def _tname(expr: ast.AST) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Call):
        return _tname(expr.func)
    return None


def _simple(name: str | None) -> TType | None:
    if name in STRING_TRAFARETS:
        return TType("string")
    if name in INT_TRAFARETS:
        return TType("integer")
    if name in FLOAT_TRAFARETS:
        return TType("number")
    if name in BOOL_TRAFARETS:
        return TType("boolean")
    if name in OBJECT_TRAFARETS:
        return TType("object")
    if name == "Null":
        return TType("null")
    return None


def _merge(a: TType, b: TType) -> TType:
    if a.kind == "object" and b.kind == "object":
        names = {f.name for f in a.fields}
        return TType("object", fields=a.fields + tuple(f for f in b.fields if f.name not in names))
    return a if a.kind == "object" else b


def _union(types: list[TType]) -> TType:
    nullable = any(t.kind == "null" or t.nullable for t in types)
    rest = [t for t in types if t.kind != "null"]
    kinds = {t.kind for t in rest}
    if not rest:
        return TType("null")
    if len(rest) == 1 or (len(kinds) == 1 and kinds != {"object", "array"}):
        one = rest[0]
        return TType(one.kind, nullable=nullable, items=one.items, fields=one.fields, enum=one.enum)
    if kinds == {"integer", "number"}:
        return TType("number", nullable=nullable)
    return TType("any", nullable=nullable)


def _fill(template: str, values: tuple[str, ...]) -> str:
    """``"a/{}/b/{name}/"`` with positional values in the ``{}`` holes; named holes stay unknown."""
    it = iter(values)
    return _PLACEHOLDER.sub(lambda m: next(it, "{}") if m.group(0) == "{}" else "{}", template)


def _product(parts: list[list[str]]) -> list[str]:
    out = ["".join(p) for p in itertools.product(*parts)]
    return _dedupe(out)[:MAX_CANDIDATES]


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _params(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = func.args
    return [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs] + \
        [x.arg for x in (a.vararg, a.kwarg) if x is not None]


# --------------------------------------------------------------------------- calls


def _client_receiver(expr: ast.expr) -> bool:
    name = _tname(expr)
    return bool(name) and "client" in name.lower()  # type: ignore[union-attr]


def _route_call(node: ast.Call) -> tuple[str, ast.expr | None, str] | None:
    """(METHOD, url expression, helper kind) if ``node`` calls the API."""
    found = _route_call_args(node, list(node.args) or [kw.value for kw in node.keywords if kw.arg in ("url", "path", "initial_url")])
    return found


def _route_call_args(node: ast.Call, args: list[ast.expr]) -> tuple[str, ast.expr | None, str] | None:
    func = node.func
    if not isinstance(func, ast.Attribute):
        if isinstance(func, ast.Name) and func.id == "unpaginate" and args:
            return "GET", args[0], "unpaginate"
        return None
    if func.attr in HTTP_VERBS and _client_receiver(func.value) and args:
        return func.attr.upper(), args[0], "client"
    if (func.attr == "request" and _client_receiver(func.value) and len(args) >= 2
            and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)):
        return args[0].value.upper(), args[1], "client"
    if func.attr == "build_request_with_file" and _client_receiver(func.value):
        kws = {kw.arg: kw.value for kw in node.keywords if kw.arg}
        method = kws.get("method", node.args[0] if node.args else None)
        url = kws.get("url", node.args[1] if len(node.args) >= 2 else None)
        if isinstance(method, ast.Constant) and isinstance(method.value, str):
            return method.value.upper(), url, "file"
    if func.attr in ("_server_data", "from_location") and args:
        return "GET", args[0], func.attr
    return None


def _names_in(expr: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(expr) if isinstance(n, ast.Name)}


def _parents(root: ast.AST) -> dict[int, ast.AST]:
    out: dict[int, ast.AST] = {}
    for node in ast.walk(root):
        for child in ast.iter_child_nodes(node):
            out[id(child)] = node
    return out


class CallReader:
    """Reads one function: its API calls, how each answer is used, what each sends."""

    def __init__(self, sdk: Sdk, scope: Scope, qualname: str) -> None:
        self.sdk = sdk
        self.scope = scope
        self.func = scope.func
        self.qualname = qualname
        self.parents = _parents(self.func) if self.func is not None else {}

    def calls(self) -> list[Call]:
        out = []
        if self.func is None:
            return out
        for node in ast.walk(self.func):
            if not isinstance(node, ast.Call):
                continue
            found = _route_call(node)
            if found is None:
                continue
            method, url, helper = found
            templates = self.sdk.strings(url, self.scope) if url is not None else None
            if not templates:
                continue
            reads = self._reads(node, helper)
            built = self._built(node, helper)
            body, resolved = (None, True)
            if method in ("POST", "PATCH", "PUT") and helper in ("client", "file"):
                body, resolved = self._body(node, helper)
            query = self._query(node)
            for template in templates:
                out.append(Call(file=self.scope.module.file, line=node.lineno, function=self.qualname,
                                method=method, template=template.split("?", 1)[0], reads=reads, built=built,
                                body=body, body_resolved=resolved, query=query))
        return out

    # how the answer is read -----------------------------------------------------
    def _reads(self, call: ast.Call, helper: str) -> tuple[str, ...]:
        if helper in ("_server_data", "from_location", "unpaginate"):
            return ("json",)
        reads: set[str] = set()
        if any(kw.arg == "stream" and isinstance(kw.value, ast.Constant) and kw.value.value for kw in call.keywords):
            reads.add("bytes")
        parent = self.parents.get(id(call))
        reads |= _attr_reads(parent, call)
        var = self._assigned_name(call)
        if var is not None:
            reads |= self._var_reads(var, self.func, call.lineno, 0)
        return tuple(sorted(reads))

    def _assigned_name(self, call: ast.Call) -> str | None:
        parent = self.parents.get(id(call))
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
            return parent.targets[0].id
        if isinstance(parent, ast.withitem) and isinstance(parent.optional_vars, ast.Name):
            return parent.optional_vars.id
        return None

    def _var_reads(self, var: str, func: ast.AST | None, after: int, depth: int) -> set[str]:
        reads: set[str] = set()
        if func is None or depth > 2:
            return reads
        parents = _parents(func)
        for node in ast.walk(func):
            if not (isinstance(node, ast.Name) and node.id == var and isinstance(node.ctx, ast.Load)):
                continue
            if getattr(node, "lineno", 0) < after:
                continue
            parent = parents.get(id(node))
            reads |= _attr_reads(parent, node, parents)
            if isinstance(parent, ast.Call) and node in parent.args:
                target = self._callee(parent.func)
                if target is not None:
                    fn, index_offset = target
                    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
                    pos = parent.args.index(node) + index_offset
                    if pos < len(params):
                        reads |= self._var_reads(params[pos], fn, 0, depth + 1)
        return reads

    def _callee(self, func: ast.expr) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, int] | None:
        if isinstance(func, ast.Name):
            found = self.sdk.lookup(self.scope.module, func.id)
            if found and found[0] == "func":
                return found[2], 0  # type: ignore[return-value]
        if isinstance(func, ast.Attribute):
            owner = self.sdk._owner(func.value, self.scope)
            if owner is not None:
                found_m = self.sdk.method(owner, func.attr)
                if found_m is not None:
                    return found_m[0], 1  # self/cls first
        return None

    # classes built from the answer ----------------------------------------------
    def _built(self, call: ast.Call, helper: str) -> tuple[Built, ...]:
        if self.func is None:
            return ()
        out: list[Built] = []
        if helper == "from_location":
            owner = self.sdk._owner(call.func.value, self.scope)  # type: ignore[attr-defined]
            if owner is not None:
                out.append(Built(owner.name, "object", call.lineno))
            return tuple(out)
        # taint: names holding the answer (or a part of it), with the shape they hold
        tainted: dict[str, str] = {}  # name -> "answer" | "data" | "item:list" | "item:envelope"
        var = self._assigned_name(call)
        if var is not None:
            tainted[var] = "data" if helper == "unpaginate" else "answer"
        self._propagate(call, helper, tainted)
        start = self._statement_line(call)  # `[X(i) for i in unpaginate(...)]` builds above the call's line
        for node in ast.walk(self.func):
            if not isinstance(node, ast.Call) or node is call or getattr(node, "lineno", 0) < start:
                continue
            cls = self._constructed(node)
            if cls is None:
                continue
            shape = None
            for arg in list(node.args) + [kw.value for kw in node.keywords]:
                if _contains(arg, call):
                    shape = "object" if helper != "unpaginate" else "envelope"
                for name in sorted(_names_in(arg)):
                    if name in tainted:
                        kind = tainted[name]
                        shape = {"answer": "object", "data": "object", "item:list": "list",
                                 "item:envelope": "envelope"}[kind]
            if shape is not None:
                out.append(Built(cls, shape, node.lineno))
        return tuple(sorted(set(out), key=lambda b: (b.line, b.cls, b.shape)))

    def _statement_line(self, node: ast.AST) -> int:
        cur: ast.AST | None = node
        while cur is not None and not isinstance(cur, ast.stmt):
            cur = self.parents.get(id(cur))
        return getattr(cur if cur is not None else node, "lineno", 0)

    def _propagate(self, call: ast.Call, helper: str, tainted: dict[str, str]) -> None:
        assert self.func is not None
        for _ in range(3):
            for node in ast.walk(self.func):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    name = node.targets[0].id
                    if name in tainted:
                        continue
                    if _contains(node.value, call) and helper != "unpaginate":
                        tainted[name] = "data" if _is_data_subscript(node.value, {}, call) else "answer"
                    elif _is_data_subscript(node.value, tainted):
                        tainted[name] = "data"
                    elif _names_in(node.value) & set(tainted) and not isinstance(node.value, ast.Subscript):
                        src = next(iter(sorted(_names_in(node.value) & set(tainted))))
                        tainted[name] = tainted[src]
                elif isinstance(node, (ast.For, ast.comprehension)):
                    it = node.iter
                    target = node.target
                    if not isinstance(target, ast.Name) or target.id in tainted:
                        continue
                    if _contains(it, call) and helper == "unpaginate":
                        tainted[target.id] = "item:envelope"
                    elif _contains(it, call):
                        tainted[target.id] = "item:list"
                    elif _is_data_subscript(it, tainted):
                        tainted[target.id] = "item:envelope"
                    elif isinstance(it, ast.Name) and it.id in tainted:
                        tainted[target.id] = "item:envelope" if tainted[it.id] == "data" else "item:list"
                    elif isinstance(it, ast.Call) and _names_in(it) & set(tainted):  # from_api(answer)
                        src = min(_names_in(it) & set(tainted))
                        tainted[target.id] = "item:envelope" if tainted[src] == "data" else "item:list"

    def _constructed(self, node: ast.Call) -> str | None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in CONSTRUCTORS:
            owner = self.sdk._owner(func.value, self.scope)
            return owner.name if owner is not None else None
        if isinstance(func, ast.Name):
            if func.id == "cls" and self.scope.cls is not None:
                return self.scope.cls.name
            info = self.sdk.find_class(self.scope.module, func.id)
            if info is not None and (self.sdk.class_attr(info, "_converter") or self.sdk.class_attr(info, "_converter_common")):
                return info.name
        return None

    # what is sent ---------------------------------------------------------------
    def _body(self, call: ast.Call, helper: str) -> tuple[tuple[str, ...] | None, bool]:
        expr = None
        for kw in call.keywords:
            if kw.arg in ("data", "json", "form_data"):
                expr = kw.value
        if expr is None and helper == "client" and len(call.args) >= 2:
            expr = call.args[1]
        if expr is None or (isinstance(expr, ast.Constant) and expr.value is None):
            return None, True
        keys, resolved = self._keys(expr, 0)
        return tuple(sorted(set(keys))), resolved

    def _query(self, call: ast.Call) -> tuple[str, ...]:
        for kw in call.keywords:
            if kw.arg == "params":
                keys, _ = self._keys(kw.value, 0)
                return tuple(sorted(set(keys)))
        return ()

    def _keys(self, expr: ast.expr, depth: int) -> tuple[list[str], bool]:
        if depth > 4:
            return [], False
        if isinstance(expr, ast.Dict):
            keys, ok = [], True
            for k, v in zip(expr.keys, expr.values):
                if k is None:
                    sub, sub_ok = self._keys(v, depth + 1)
                    keys += sub
                    ok = ok and sub_ok
                elif isinstance(k, ast.Constant) and isinstance(k.value, str):
                    keys.append(k.value)
                else:
                    ok = False
            return keys, ok
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "dict":
            keys = [kw.arg for kw in expr.keywords if kw.arg]
            ok = all(kw.arg for kw in expr.keywords)
            for a in expr.args:
                sub, sub_ok = self._keys(a, depth + 1)
                keys += sub
                ok = ok and sub_ok
            return keys, ok
        if isinstance(expr, ast.Call) and _tname(expr.func) in ("to_api", "rawdict", "camelize_obj") and expr.args:
            return self._keys(expr.args[0], depth + 1)
        if isinstance(expr, ast.Name) and self.func is not None:
            keys, ok, seen = [], True, False
            for value in self.sdk.local_assigns(self.func).get(expr.id, []):
                seen = True
                sub, sub_ok = self._keys(value, depth + 1)
                keys += sub
                ok = ok and sub_ok
            for node in ast.walk(self.func):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
                                and target.value.id == expr.id):
                            if isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str):
                                keys.append(target.slice.value)
                            else:
                                ok = False
                elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                      and isinstance(node.func.value, ast.Name) and node.func.value.id == expr.id
                      and node.func.attr in ("update", "setdefault")):
                    if node.func.attr == "setdefault" and node.args and isinstance(node.args[0], ast.Constant):
                        keys.append(str(node.args[0].value))
                    else:
                        keys += [kw.arg for kw in node.keywords if kw.arg]
                        for a in node.args:
                            sub, sub_ok = self._keys(a, depth + 1)
                            keys += sub
                            ok = ok and sub_ok
            return keys, ok and seen
        return [], False


def _contains(tree: ast.AST, node: ast.AST) -> bool:
    return any(n is node for n in ast.walk(tree))


def _is_data_subscript(expr: ast.AST, tainted: dict[str, str], call: ast.AST | None = None) -> bool:
    if isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant) and expr.slice.value == "data":
        return bool(_names_in(expr.value) & set(tainted)) or (call is not None and _contains(expr.value, call))
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "get":
        return (bool(expr.args) and isinstance(expr.args[0], ast.Constant) and expr.args[0].value == "data"
                and bool(_names_in(expr.func.value) & set(tainted)))
    return False


def _attr_reads(parent: ast.AST | None, child: ast.AST, parents: dict[int, ast.AST] | None = None) -> set[str]:
    reads: set[str] = set()
    if not isinstance(parent, ast.Attribute) or parent.value is not child:
        return reads
    if parent.attr == "json":
        reads.add("json")
    elif parent.attr == "text":
        reads.add("text")
    elif parent.attr in ("content", "iter_content", "raw", "iter_bytes"):
        reads.add("bytes")
    elif parent.attr == "headers":
        grand = parents.get(id(parent)) if parents is not None else None
        key = None
        if isinstance(grand, ast.Subscript) and isinstance(grand.slice, ast.Constant):
            key = grand.slice.value
        elif isinstance(grand, ast.Attribute) and grand.attr == "get" and parents is not None:
            call = parents.get(id(grand))
            if isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Constant):
                key = call.args[0].value
        if isinstance(key, str) and key.lower() == "location":
            reads.add("location")
    return reads


# --------------------------------------------------------------------------- entry point


def read_sdk(sources: dict[str, str]) -> SdkIndex:
    sdk = Sdk(sources)
    index = SdkIndex()
    inherited: list[Call] = []  # read in a subclass; kept only where the defining class found no such call
    for mod in sdk.modules.values():
        for name, fn in sorted(mod.functions.items()):
            index.calls.extend(CallReader(sdk, Scope(mod, None, fn), name).calls())
        for cname, info in sorted(mod.classes.items()):
            for mname, fn in sorted(info.methods.items()):
                index.calls.extend(CallReader(sdk, Scope(mod, info, fn), f"{cname}.{mname}").calls())
            # inherited methods that call the API, read with this class as self/cls: a base's
            # `self._client.delete(self._this_job_path())` only has a path in its subclasses
            for base in list(sdk.mro(info))[1:]:
                for mname, fn in sorted(base.methods.items()):
                    if mname in info.methods or not _calls_api(fn):
                        continue
                    inherited.extend(CallReader(sdk, Scope(base.module, info, fn), f"{cname}.{mname}").calls())
            conv = _converter(sdk, info)
            if conv is not None:
                index.converters.setdefault(cname, conv)
            values = _class_enum(info)
            if values and any(_tname(b) in ("StrEnum", "Enum", "str") for b in info.node.bases):
                index.enums.setdefault(cname, EnumDef(cname, mod.file, info.node.lineno, tuple(values.values())))
        for name, value in sorted(mod.assigns.items()):
            members = _call_enum(value)
            if members:
                index.enums.setdefault(name, EnumDef(name, mod.file, value.lineno, tuple(members.values())))
    unique: dict[tuple, Call] = {}
    for c in sorted(index.calls, key=lambda c: c.function) + sorted(inherited, key=lambda c: c.function):
        unique.setdefault((c.file, c.line, c.method, c.template), c)
    index.calls = sorted(unique.values(), key=lambda c: (c.file, c.line, c.method, c.template))
    return index


_API_CALLS: dict[int, bool] = {}


def _calls_api(fn: ast.AST) -> bool:
    if id(fn) not in _API_CALLS:
        _API_CALLS[id(fn)] = any(isinstance(n, ast.Call) and _route_call(n) is not None for n in ast.walk(fn))
    return _API_CALLS[id(fn)]


def _converter(sdk: Sdk, info: ClassInfo) -> Converter | None:
    """``_converter``, or the jobs' ``_converter_common + _converter_extra`` (datarobot.models.job)."""
    found = sdk.class_attr(info, "_converter") or sdk.class_attr(info, "_converter_common")
    if found is None:
        return None
    expr, scope = found
    ttype = sdk.trafaret(expr, Scope(scope.module, scope.cls, None))
    extra = sdk.class_attr(info, "_converter_extra")
    if extra is not None:
        ttype = _merge(ttype, sdk.trafaret(extra[0], Scope(extra[1].module, extra[1].cls, None)))
    if ttype.kind != "object" or not ttype.fields:
        return None
    return Converter(cls=info.name, file=scope.module.file, line=expr.lineno, type=ttype)
